# Base images in the local registry: nothing can be pulled here. Sourced by testbed.sh.

DEBIAN_SUITE=bookworm

# The engine (20.10) has only the legacy builder; saying so keeps the client from warning.
docker_tb() { DOCKER_BUILDKIT=0 docker -H "unix://$DOCKER_SOCK" "$@"; }

in_registry() { # REPO TAG
  curl -fs -o /dev/null --max-time 5 -I \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' "http://$REGISTRY/v2/$1/manifests/$2"
}

# build_and_push REPO:TAG DIR: a build without network, then a push.
build_and_push() {
  docker_tb build -q --network none -t "$REGISTRY/$1" "$2" >>"$LOG_DIR/images.log" 2>&1 &&
    docker_tb push -q "$REGISTRY/$1" >/dev/null
}

image_pause() {
  in_registry pause "$PAUSE_VERSION" && return 0
  local dir=$STATE_DIR/images/pause
  mkdir -p "$dir"; cp "$K8S_BIN/pause" "$dir/pause"
  printf 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n' >"$dir/Dockerfile"
  build_and_push "pause:$PAUSE_VERSION" "$dir"
}

# A shell on scratch: busybox's httpd and nc serve HTTP and TCP for samples and tests.
image_busybox() {
  in_registry katana/busybox 1 && return 0
  local dir=$STATE_DIR/images/busybox
  mkdir -p "$dir"; cp /bin/busybox "$dir/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n' >"$dir/Dockerfile"
  build_and_push katana/busybox:1 "$dir"
}

debian_mirror() {
  local m
  m=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1)
  [ -n "$m" ] || m=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -1)
  echo "$m"
}

# A Debian rootfs for images that need git, ssh or an interpreter. The tarball is cached with
# the binaries, so a purge does not bootstrap again.
image_debian() {
  in_registry katana/debian "$DEBIAN_SUITE" && return 0
  local tar=$CACHE_DIR/debian-$DEBIAN_SUITE-minbase.tar
  if [ ! -s "$tar" ]; then
    mkdir -p "$CACHE_DIR"
    local root=$STATE_DIR/images/debian-rootfs mirror; mirror=$(debian_mirror)
    [ -n "$mirror" ] || die "no Debian mirror found in the machine's apt sources"
    rm -rf "$root"
    debootstrap --variant=minbase "$DEBIAN_SUITE" "$root" "$mirror" >"$LOG_DIR/debootstrap.log" 2>&1 ||
      die "debootstrap failed (see $LOG_DIR/debootstrap.log)"
    tar -C "$root" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf "$root"
  fi
  docker_tb import "$tar" "$REGISTRY/katana/debian:$DEBIAN_SUITE" >/dev/null &&
    docker_tb push -q "$REGISTRY/katana/debian:$DEBIAN_SUITE" >/dev/null
}

# The team workstation (deploy/master/): Debian + git + sshd, built with apt, so this build alone
# has the host's network (apt reaches the mirror the machine's apt sources name). It is rebuilt
# when the image in the registry does not carry the hash of deploy/master/ (and of the Debian
# image under it) in its label io.katana.source-hash.
master_source_hash() { # DIR
  local base
  base=$(curl -fsI --max-time 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY/v2/katana/debian/manifests/$DEBIAN_SUITE" | tr -d '\r' |
    awk 'tolower($1) == "docker-content-digest:" {print $2}')
  { (cd "$1" && find . -type f ! -name README.md -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    echo "base $base"; } | sha256sum | cut -c1-16
}

# registry_label REPO TAG LABEL: the value of a label of an image in the registry (empty if none).
registry_label() {
  local config
  config=$(curl -fs --max-time 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY/v2/$1/manifests/$2" | tr -d ' \n' |
    sed -n 's/.*"config":{[^}]*"digest":"\(sha256:[0-9a-f]*\)".*/\1/p')
  [ -n "$config" ] || return 0
  curl -fs --max-time 5 "http://$REGISTRY/v2/$1/blobs/$config" | tr -d '\n' |
    sed -n "s/.*\"$3\": *\"\([^\"]*\)\".*/\1/p"
}

image_master() {
  local repo dir hash
  repo=$(cd "$HERE/../.." && pwd)
  dir=$repo/deploy/master
  [ -f "$dir/Dockerfile" ] || die "no $dir/Dockerfile"
  hash=$(master_source_hash "$dir")
  [ "$(registry_label katana/master 1 io.katana.source-hash)" = "$hash" ] && return 0
  log "building katana/master:1 (source hash $hash; log in $LOG_DIR/images.log)"
  echo "=== katana/master:1 source hash $hash $(date -u +%FT%TZ)" >>"$LOG_DIR/images.log"
  docker_tb build --network host \
    --build-arg "BASE_IMAGE=$REGISTRY/katana/debian:$DEBIAN_SUITE" --build-arg "SOURCE_HASH=$hash" \
    -t "$REGISTRY/katana/master:1" "$dir" >>"$LOG_DIR/images.log" 2>&1 ||
    { log "the master image build failed (see $LOG_DIR/images.log)"; return 1; }
  docker_tb push -q "$REGISTRY/katana/master:1" >/dev/null
}

# The Java base of Katana's own images (jre/Dockerfile; Jib builds worker and API on it), rebuilt
# like the master image when its folder or the Debian image changed. apt needs the host's network.
image_jre() {
  local dir=$HERE/jre hash
  hash=$(master_source_hash "$dir")
  [ "$(registry_label katana/jre 17 io.katana.source-hash)" = "$hash" ] && return 0
  log "building katana/jre:17 (Debian's openjdk-17-jre-headless; log in $LOG_DIR/images.log)"
  docker_tb build --network host --build-arg "BASE_IMAGE=$REGISTRY/katana/debian:$DEBIAN_SUITE" \
    --build-arg "SOURCE_HASH=$hash" -t "$REGISTRY/katana/jre:17" "$dir" >>"$LOG_DIR/images.log" 2>&1 ||
    { log "the JRE image build failed (see $LOG_DIR/images.log)"; return 1; }
  docker_tb push -q "$REGISTRY/katana/jre:17" >/dev/null
}

# Stand-ins for the infraset's official images (standins/README.md), for InfrasetIT only. Each is
# rebuilt when its folder (or the Debian image) changed, like the master image.
image_standins() {
  standin mysql 10.11 &&
    standin mongodb "$FERRETDB_VERSION" "$FERRETDB_BIN" &&
    standin gogs "$GITEA_VERSION" "$GITEA_DIR/gitea" "$GITEA_DIR/src/templates" "$GITEA_DIR/src/options" &&
    standin registry 2.8 /usr/bin/docker-registry
}

standin() { # NAME TAG [FILE...]: files copied into the build context next to the folder's own
  local name=$1 tag=$2 src=$HERE/standins/$1 ctx=$STATE_DIR/images/standin-$1 hash repo=katana/infraset-$1
  shift 2
  hash=$(master_source_hash "$src")
  [ "$(registry_label "$repo" "$tag" io.katana.source-hash)" = "$hash" ] && return 0
  log "building $repo:$tag (stand-in; log in $LOG_DIR/images.log)"
  rm -rf "$ctx"; mkdir -p "$ctx"; cp -r "$src/." "$ctx/"
  local f; for f in "$@"; do cp -r "$f" "$ctx/"; done
  printf 'ARG SOURCE_HASH=unknown\nLABEL io.katana.source-hash=${SOURCE_HASH}\n' >>"$ctx/Dockerfile"
  docker_tb build --network host --build-arg "BASE_IMAGE=$REGISTRY/katana/debian:$DEBIAN_SUITE" \
    --build-arg "SOURCE_HASH=$hash" -t "$REGISTRY/$repo:$tag" "$ctx" >>"$LOG_DIR/images.log" 2>&1 ||
    { log "the $repo build failed (see $LOG_DIR/images.log)"; return 1; }
  docker_tb push -q "$REGISTRY/$repo:$tag" >/dev/null && rm -rf "$ctx"
}
