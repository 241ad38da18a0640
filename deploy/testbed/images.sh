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
