# Installs Debian packages and builds every server binary of the test bed into the cache.
# Sourced by testbed.sh. Each build is skipped when its binary is already there.

APT_PACKAGES=(docker.io docker-registry mariadb-server busybox-static iptables ipset containerd
  containernetworking-plugins debootstrap openssl gcc libc6-dev iproute2 conntrack curl ca-certificates
  chromium chromium-driver)

install_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  # Keep the packages' init scripts from starting daemons with their defaults (dockerd would
  # create a bridge on a private range); the test bed starts each server itself.
  local policy=/usr/sbin/policy-rc.d own_policy=
  if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; own_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  local rc=$?
  [ -n "$own_policy" ] && rm -f $policy
  return $rc
}

# Source folder of a Go module, downloaded through the module proxy.
module_dir() {
  (cd /tmp && go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
}

build_kubernetes() {
  local out; out=$(bin_dir kubernetes-v$K8S_VERSION)
  local want=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
  local b all=1
  for b in "${want[@]}" pause; do [ -x "$out/$b" ] || all=; done
  [ -n "$all" ] && return 0
  local src; src=$(module_dir k8s.io/kubernetes@v$K8S_VERSION)
  [ -n "$src" ] || die "cannot download k8s.io/kubernetes@v$K8S_VERSION"
  local mod=$CACHE_DIR/src/k8s-build
  mkdir -p "$mod" "$out"
  if [ ! -f "$mod/go.mod" ]; then
    (cd "$mod" && go mod init katana.local/testbed/k8s >/dev/null 2>&1)
    # Every staging module is replaced by its published version, as k8s.io/kubernetes itself
    # only resolves them through ./staging.
    local m
    for m in $(sed -n 's#^[[:space:]]*\(k8s.io/[^ ]*\) => ./staging/.*#\1#p' "$src/go.mod"); do
      (cd "$mod" && go mod edit -replace "$m=$m@v$K8S_STAGING_VERSION")
    done
    (cd "$mod" && go get k8s.io/kubernetes@v$K8S_VERSION) || return 1
  fi
  for b in "${want[@]}"; do
    [ -x "$out/$b" ] && continue
    log "  building $b"
    (cd "$mod" && go build -ldflags "-X k8s.io/component-base/version.gitVersion=v$K8S_VERSION" \
      -o "$out/$b.tmp" "k8s.io/kubernetes/cmd/$b") && mv "$out/$b.tmp" "$out/$b" || return 1
  done
  if [ ! -x "$out/pause" ]; then
    gcc -Os -static -DVERSION=$PAUSE_VERSION -o "$out/pause" "$src/build/pause/linux/pause.c" || return 1
  fi
}

build_gitea() {
  local out; out=$(bin_dir gitea-v$GITEA_VERSION)
  [ -x "$out/gitea" ] && return 0
  local src; src=$(module_dir code.gitea.io/gitea@v$GITEA_VERSION)
  [ -n "$src" ] || die "cannot download code.gitea.io/gitea@v$GITEA_VERSION"
  mkdir -p "$out"
  # Gitea reads its templates from the source folder (no frontend build here): keep a writable copy.
  rm -rf "$out/src"; cp -r "$src" "$out/src"; chmod -R u+w "$out/src"
  (cd "$out/src" && go build -tags 'sqlite sqlite_unlock_notify' \
    -ldflags "-X main.Version=$GITEA_VERSION -X 'main.Tags=sqlite sqlite_unlock_notify'" \
    -o "$out/gitea.tmp" .) && mv "$out/gitea.tmp" "$out/gitea"
}

build_temporal() {
  local out; out=$(bin_dir temporal-cli-v$TEMPORAL_CLI_VERSION)
  [ -x "$out/temporal" ] && return 0
  mkdir -p "$out"
  GOBIN=$out go install github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION
}

build_ferretdb() {
  local out; out=$(bin_dir ferretdb-v$FERRETDB_VERSION)
  [ -x "$out/ferretdb" ] && return 0
  local src; src=$(module_dir github.com/FerretDB/FerretDB@v$FERRETDB_VERSION)
  [ -n "$src" ] || die "cannot download FerretDB"
  mkdir -p "$out"; rm -rf "$out/src"; cp -r "$src" "$out/src"; chmod -R u+w "$out/src"
  # `go install` gives a binary that panics at start: it needs its version file.
  echo "v$FERRETDB_VERSION" > "$out/src/build/version/version.txt"
  (cd "$out/src" && go build -o "$out/ferretdb" ./cmd/ferretdb) && rm -rf "$out/src"
}

build_etcd() {
  local out; out=$(bin_dir etcd-v$ETCD_VERSION)
  [ -x "$out/etcd" ] && return 0
  local mod=$CACHE_DIR/src/etcd-build
  mkdir -p "$mod" "$out"
  [ -f "$mod/go.mod" ] || (cd "$mod" && go mod init katana.local/testbed/etcd >/dev/null 2>&1)
  (cd "$mod" && go get go.etcd.io/etcd/server/v3@v$ETCD_VERSION &&
    go build -o "$out/etcd" go.etcd.io/etcd/server/v3)
}

build_kwok() {
  local out; out=$(bin_dir kwok-v$KWOK_VERSION)
  [ -x "$out/kwok" ] && [ -f "$out/stages.yaml" ] && return 0
  mkdir -p "$out"
  GOBIN=$out go install sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION || return 1
  local src; src=$(module_dir sigs.k8s.io/kwok@v$KWOK_VERSION)
  local f first=1
  : > "$out/stages.yaml"
  for f in "$src"/kustomize/stage/node/fast/node-initialize.yaml "$src"/kustomize/stage/pod/fast/*.yaml; do
    [ -n "$first" ] || echo '---' >> "$out/stages.yaml"
    first=; cat "$f" >> "$out/stages.yaml"
  done
}

build_kube_router() {
  local out; out=$(bin_dir kube-router-v$KUBE_ROUTER_VERSION)
  [ -x "$out/kube-router" ] && return 0
  mkdir -p "$out"
  GOBIN=$out go install github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@v$KUBE_ROUTER_VERSION
}

build_all() {
  timed "Debian packages" install_packages
  # Longest first, so the progress lines say early how far the cold build is.
  timed "etcd $ETCD_VERSION (~1.5 min cold)" build_etcd
  timed "FerretDB $FERRETDB_VERSION (~2 min cold)" build_ferretdb
  timed "Temporal CLI $TEMPORAL_CLI_VERSION (~6 min cold)" build_temporal
  timed "Kubernetes $K8S_VERSION (~15 min cold)" build_kubernetes
  timed "Gitea $GITEA_VERSION (~11 min cold)" build_gitea
  timed "kwok $KWOK_VERSION (~4 min cold)" build_kwok
  timed "kube-router $KUBE_ROUTER_VERSION (~2 min cold)" build_kube_router
}
