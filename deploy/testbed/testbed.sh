#!/usr/bin/env bash
# Katana's test bed: every outside system Katana talks to, as the real program, on this
# machine's own addresses only (loopback, the node address 198.18.255.1, the pod and service
# ranges 198.18.0.0/24 and 198.19.128.0/17).
#
#   testbed.sh up             install and build what is missing, start everything, wait until healthy
#   testbed.sh status         what runs, where, healthy or not, and the safety-net rules
#   testbed.sh down [--purge] stop everything and undo the machine changes; --purge removes the state
#   testbed.sh env            path of the environment file for Katana (source it)
#   testbed.sh kubectl ARGS   kubectl against the test bed's cluster
#   testbed.sh build          install and build only
#
# Needs root (it runs servers, adds an address to lo and iptables rules). Binaries are cached in
# $KATANA_TESTBED_CACHE, state lives in $KATANA_TESTBED_STATE (see common.sh for the defaults).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/common.sh"
. "$HERE/build.sh"
. "$HERE/services.sh"
. "$HERE/kube.sh"
. "$HERE/images.sh"

need_root() { [ "$(id -u)" = 0 ] || die "the test bed needs root (servers, an address on lo, iptables rules)"; }

lock() {
  exec 9>/run/katana-testbed.lock
  flock -w 600 9 || die "another testbed.sh holds the lock"
}

cmd_up() {
  need_root; lock
  local t0=$SECONDS
  build_all
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$SECRETS_DIR" "$KUBE_DIR"
  chmod 700 "$SECRETS_DIR"
  timed "safety-net rules" install_safety_net
  add_node_address
  timed "Docker engine and registry" eval 'start_docker && start_registry'
  timed "images (pause, busybox, Debian, master pod, JRE, infraset stand-ins; ~3.5 min the first time)" \
    eval 'image_pause && image_busybox && image_debian && image_master && image_jre && image_standins'
  timed "MariaDB" start_mariadb
  timed "Temporal server and UI" start_temporal
  timed "FerretDB" start_ferretdb
  timed "Gitea (prepared, not installed)" start_gitea
  timed "etcd" start_etcd
  timed "Kubernetes control plane" start_control_plane
  timed "node-0 (containerd, kubelet, kube-proxy, kube-router)" eval 'start_node_containerd && start_kubelet'
  timed "kwok nodes ($KWOK_NODES)" start_kwok
  write_env_file
  log "test bed up in $((SECONDS - t0)) s"
  print_where
}

print_where() {
  cat <<EOF

  Temporal         127.0.0.1:7233     UI http://127.0.0.1:8233
  Gitea            $GITEA_URL   (installed by Katana's InitWorkflow)
  MariaDB          127.0.0.1:3306     user katana_admin
  FerretDB         127.0.0.1:27017    (MongoDB wire protocol)
  Registry         http://$REGISTRY
  Docker           unix://$DOCKER_SOCK
  Kubernetes       https://127.0.0.1:6443  node-0 ($NODE_IP) + $KWOK_NODES kwok nodes
  kubeconfig       $KUBECONFIG_FILE
  Katana settings  . $ENV_FILE
EOF
}

# One line per server: name, pid, address, health.
cmd_status() {
  local rc=0
  check() { # NAME ADDRESS COMMAND...
    local name=$1 addr=$2; shift 2
    local pid=- health=down
    running "$name" && pid=$(pid_of "$name")
    if [ "$pid" != - ] && "$@" >/dev/null 2>&1; then health=healthy; else rc=1; fi
    printf '  %-24s %-8s %-34s %s\n' "$name" "$pid" "$addr" "$health"
  }
  printf '  %-24s %-8s %-34s %s\n' SERVER PID ADDRESS HEALTH
  check dockerd "unix://$DOCKER_SOCK" docker -H "unix://$DOCKER_SOCK" version
  check registry "http://$REGISTRY" http_ok "http://$REGISTRY/v2/"
  check mariadb 127.0.0.1:3306 tcp_open 127.0.0.1 3306
  check temporal "127.0.0.1:7233 ui :8233" "$TEMPORAL_BIN" operator cluster health --address 127.0.0.1:7233
  check ferretdb 127.0.0.1:27017 tcp_open 127.0.0.1 27017
  check gitea "$GITEA_URL" http_ok "$GITEA_URL/"
  check etcd 127.0.0.1:2379 http_ok http://127.0.0.1:2379/health
  check kube-apiserver https://127.0.0.1:6443 apiserver_ready
  check kube-controller-manager 127.0.0.1:10257 curl -fsSk --max-time 2 https://127.0.0.1:10257/healthz
  check kube-scheduler 127.0.0.1:10259 curl -fsSk --max-time 2 https://127.0.0.1:10259/healthz
  check containerd "$NODE_CONTAINERD_SOCK" ctr --address "$NODE_CONTAINERD_SOCK" version
  check kubelet "$NODE_IP:10250 (node-0)" node_ready node-0
  check kube-proxy 127.0.0.1:10256 http_ok http://127.0.0.1:10256/healthz
  check kube-router "firewall on node-0" true
  check kwok "127.0.0.1:10247" http_ok http://127.0.0.1:10247/healthz
  echo
  if safety_net_in_place; then
    echo "  safety net: in place"
  else
    echo "  safety net: MISSING"; rc=1
  fi
  iptables -w -t mangle -L POSTROUTING -v -n 2>/dev/null | awk -v r="$TEST_RANGE" '$3 == "DROP" && $9 == r {print "    mangle POSTROUTING: " $0}'
  iptables -w -L FORWARD -v -n 2>/dev/null | awk -v b="$POD_BRIDGE" '$3 == "REJECT" && $6 == b {print "    filter FORWARD:     " $0}'
  return $rc
}

cmd_down() {
  need_root; lock
  local purge=
  [ "${1:-}" = --purge ] && purge=1
  # The node first (its pods die with the containers, not with the kubelet), then the control
  # plane, then the servers it used.
  stop_daemons kwok kube-router kube-proxy kubelet
  stop_node_containers
  stop_daemons containerd kube-scheduler kube-controller-manager kube-apiserver
  stop_daemons etcd gitea ferretdb temporal mariadb registry dockerd
  clean_node_network
  unmount_state
  remove_safety_net
  log "test bed stopped"
  if [ -n "$purge" ]; then
    rm -rf "$STATE_DIR"
    id -u "$GITEA_USER" >/dev/null 2>&1 && userdel "$GITEA_USER" 2>/dev/null
    log "state removed ($STATE_DIR); the binary cache stays in $CACHE_DIR"
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  down) shift; cmd_down "$@" ;;
  env) [ -f "$ENV_FILE" ] || die "no environment file: run '$0 up' first"; echo "$ENV_FILE" ;;
  kubectl) shift; kubectl_tb "$@" ;;
  build) need_root; build_all ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
