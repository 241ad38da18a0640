# Shared settings of the test bed scripts. Sourced, not run.
# Versions are the ones TESTBED.md found to build and run on this kind of machine.

K8S_VERSION=1.37.2
K8S_STAGING_VERSION=0.37.2
GITEA_VERSION=1.27.3
TEMPORAL_CLI_VERSION=1.5.1
FERRETDB_VERSION=1.24.2
ETCD_VERSION=3.7.3
KWOK_VERSION=0.8.0
KUBE_ROUTER_VERSION=2.1.0
PAUSE_VERSION=3.10

# Binaries are cached (world-readable: Gitea reads its templates from there) by version outside the repository, so a warm machine skips every build.
CACHE_DIR=${KATANA_TESTBED_CACHE:-/var/cache/katana-testbed}
# Everything a running test bed writes lives here; `down --purge` removes it.
# Outside any home folder: MariaDB and Gitea run as their own users and must reach it.
STATE_DIR=${KATANA_TESTBED_STATE:-/var/lib/katana-testbed}

# Addresses (TESTBED.md): never a private range.
NODE_IP=198.18.255.1
POD_CIDR=198.18.0.0/24
TEST_RANGE=198.18.0.0/15
SERVICE_CIDR=198.19.128.0/17
KWOK_POD_CIDR=198.19.0.1/24
POD_BRIDGE=kpod0
REGISTRY=127.0.0.1:5000

export GOFLAGS=-mod=mod
export PATH=/usr/local/go/bin:$PATH

log() { printf '%s [testbed] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Runs a step, printing how long it took.
timed() {
  local what=$1; shift
  local t0=$SECONDS
  log "$what ..."
  "$@" || die "$what failed"
  log "$what done in $((SECONDS - t0)) s"
}

bin_dir() { echo "$CACHE_DIR/$1"; }
