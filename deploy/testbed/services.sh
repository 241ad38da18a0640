# Starts, checks and stops the test bed's servers. Sourced by testbed.sh.
# Every server runs as a process of ours, its PID in $RUN_DIR, its log in $LOG_DIR.

RUN_DIR=$STATE_DIR/run
LOG_DIR=$STATE_DIR/log
SECRETS_DIR=$STATE_DIR/secrets
KUBE_DIR=$STATE_DIR/kube
KUBECONFIG_FILE=$KUBE_DIR/kubeconfig
ENV_FILE=$STATE_DIR/katana.env
DOCKER_SOCK=/var/run/docker.sock
NODE_CONTAINERD_SOCK=$RUN_DIR/containerd/containerd.sock
MYSQL_SOCK=$RUN_DIR/mysqld/mysqld.sock
GITEA_USER=katana-git
GITEA_URL=http://$NODE_IP:3000

K8S_BIN=$(bin_dir kubernetes-v$K8S_VERSION)
TEMPORAL_BIN=$(bin_dir temporal-cli-v$TEMPORAL_CLI_VERSION)/temporal
FERRETDB_BIN=$(bin_dir ferretdb-v$FERRETDB_VERSION)/ferretdb
ETCD_BIN=$(bin_dir etcd-v$ETCD_VERSION)/etcd
KWOK_DIR=$(bin_dir kwok-v$KWOK_VERSION)
KUBE_ROUTER_BIN=$(bin_dir kube-router-v$KUBE_ROUTER_VERSION)/kube-router
GITEA_DIR=$(bin_dir gitea-v$GITEA_VERSION)

# Katana's search attributes (workflows module, SearchAttributes).
SEARCH_ATTRIBUTES=(KatanaTeam KatanaChallenge KatanaCommit KatanaKind)
# Simulated nodes for scale tests; pods land there only when they tolerate the taint.
KWOK_NODES=${KATANA_TESTBED_KWOK_NODES:-4}

# ---------------------------------------------------------------- processes

pid_of() { cat "$RUN_DIR/$1.pid" 2>/dev/null; }
running() { local p; p=$(pid_of "$1") && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# start_daemon NAME COMMAND...: starts COMMAND in its own session unless NAME already runs.
start_daemon() {
  local name=$1; shift
  running "$name" && return 0
  # From the state folder, so nothing a server writes to its working folder lands elsewhere.
  # fd 9 is testbed.sh's lock: a server must not hold it for its whole life.
  (cd "$STATE_DIR" && exec setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null 9>&-) &
  echo $! >"$RUN_DIR/$name.pid"
}

# stop_daemons NAME...: SIGTERM to each at once, then waits up to 10 s for all, then SIGKILL.
stop_daemons() {
  local name p i pids=()
  for name in "$@"; do
    p=$(pid_of "$name") || continue
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null
      pids+=("$name:$p")
    fi
  done
  for i in $(seq 1 100); do
    local alive=
    for p in "${pids[@]}"; do kill -0 "${p#*:}" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do
    if kill -0 "${p#*:}" 2>/dev/null; then
      log "  ${p%%:*} did not stop in 10 s: killing it"
      kill -KILL -- "-${p#*:}" 2>/dev/null || kill -KILL "${p#*:}" 2>/dev/null
    fi
  done
  for name in "$@"; do rm -f "$RUN_DIR/$name.pid"; done
}

# wait_until SECONDS WHAT COMMAND...: polls COMMAND until it succeeds, or fails naming WHAT.
wait_until() {
  local limit=$1 what=$2; shift 2
  local end=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $end ]; then
      die "$what is not healthy after ${limit} s (see $LOG_DIR)"
    fi
    sleep 0.2
  done
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$@"; }
tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

secret() {
  local f=$SECRETS_DIR/$1
  if [ ! -s "$f" ]; then (umask 077; openssl rand -hex 24 >"$f"); fi
  cat "$f"
}

kubectl_tb() { "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# ---------------------------------------------------------------- network safety net

default_if() { ip route show default | awk '{for (i = 1; i < NF; i++) if ($i == "dev") { print $(i+1); exit }}'; }

SAFETY_MANGLE=(POSTROUTING -o "$(default_if)" -d "$TEST_RANGE" -j DROP)
SAFETY_FORWARD=(FORWARD -i "$POD_BRIDGE" ! -d "$TEST_RANGE" -j REJECT)

safety_net_in_place() {
  iptables -w -t mangle -C "${SAFETY_MANGLE[@]}" 2>/dev/null && iptables -w -C "${SAFETY_FORWARD[@]}" 2>/dev/null
}

# Before anything else starts: test-range traffic never leaves through the default route, and
# pods reach nothing outside the test ranges (TESTBED.md, "Addresses").
install_safety_net() {
  [ -n "$(default_if)" ] || die "no default route found: cannot place the safety-net rules"
  iptables -w -t mangle -C "${SAFETY_MANGLE[@]}" 2>/dev/null || iptables -w -t mangle -I "${SAFETY_MANGLE[0]}" 1 "${SAFETY_MANGLE[@]:1}"
  iptables -w -C "${SAFETY_FORWARD[@]}" 2>/dev/null || iptables -w -I "${SAFETY_FORWARD[0]}" 1 "${SAFETY_FORWARD[@]:1}"
  safety_net_in_place || die "the safety-net rules are not in place: refusing to start anything"
}

remove_safety_net() {
  while iptables -w -t mangle -D "${SAFETY_MANGLE[@]}" 2>/dev/null; do :; done
  while iptables -w -D "${SAFETY_FORWARD[@]}" 2>/dev/null; do :; done
}

add_node_address() {
  ip -br addr show dev lo | grep -qw "$NODE_IP/32" || ip addr add "$NODE_IP/32" dev lo
}

# ---------------------------------------------------------------- Docker and the registry

start_docker() {
  start_daemon dockerd dockerd --host "unix://$DOCKER_SOCK" --data-root "$STATE_DIR/docker" \
    --exec-root "$RUN_DIR/docker" --pidfile "$RUN_DIR/docker/dockerd.pid" \
    --bridge=none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false
  wait_until 60 "Docker engine" docker -H "unix://$DOCKER_SOCK" version
}

start_registry() {
  local conf=$STATE_DIR/registry.yml
  [ -f "$conf" ] || cat >"$conf" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE_DIR/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY
EOF
  start_daemon registry docker-registry serve "$conf"
  wait_until 30 "image registry" http_ok "http://$REGISTRY/v2/"
}

# ---------------------------------------------------------------- MariaDB

mysql_root() { mariadb --no-defaults --socket="$MYSQL_SOCK" -uroot "$@"; }

start_mariadb() {
  local data=$STATE_DIR/mariadb
  mkdir -p "$RUN_DIR/mysqld"; chown mysql:mysql "$RUN_DIR/mysqld"
  touch "$LOG_DIR/mariadb.err"; chown mysql:mysql "$LOG_DIR/mariadb.err"
  if [ ! -d "$data/mysql" ]; then
    mkdir -p "$data"; chown mysql:mysql "$data"
    mariadb-install-db --no-defaults --user=mysql --datadir="$data" \
      --auth-root-authentication-method=socket --skip-test-db >"$LOG_DIR/mariadb-install.log" 2>&1 ||
      die "mariadb-install-db failed (see $LOG_DIR/mariadb-install.log)"
  fi
  start_daemon mariadb mariadbd --no-defaults --user=mysql --datadir="$data" --socket="$MYSQL_SOCK" \
    --pid-file="$RUN_DIR/mysqld/mariadb.pid" --bind-address=127.0.0.1 --port=3306 \
    --skip-name-resolve --log-error="$LOG_DIR/mariadb.err"
  wait_until 60 "MariaDB" mysql_root -e 'SELECT 1'
  # root logs in through the socket only: Katana's JDBC account is created here. It may create
  # databases and users (InitWorkflow makes the git server's own, least-privileged).
  local pw; pw=$(secret mysql-admin)
  # Through stdin, so the password is never on a command line.
  mysql_root <<EOF
CREATE USER IF NOT EXISTS 'katana_admin'@'%' IDENTIFIED BY '$pw';
ALTER USER 'katana_admin'@'%' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'katana_admin'@'%' WITH GRANT OPTION;
EOF
}

# ---------------------------------------------------------------- Temporal and FerretDB

start_temporal() {
  mkdir -p "$STATE_DIR/temporal"
  local sa=() a
  for a in "${SEARCH_ATTRIBUTES[@]}"; do sa+=(--search-attribute "$a=Keyword"); done
  start_daemon temporal "$TEMPORAL_BIN" server start-dev --db-filename "$STATE_DIR/temporal/dev.db" \
    --ip 127.0.0.1 --port 7233 --ui-port 8233 --log-level warn "${sa[@]}"
  wait_until 60 "Temporal server" "$TEMPORAL_BIN" operator cluster health --address 127.0.0.1:7233
  wait_until 30 "Temporal UI" http_ok http://127.0.0.1:8233/
}

start_ferretdb() {
  mkdir -p "$STATE_DIR/ferretdb"
  start_daemon ferretdb "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$STATE_DIR/ferretdb/" \
    --listen-addr=127.0.0.1:27017 --debug-addr=127.0.0.1:8088 --telemetry=disable --log-level=warn \
    --state-dir="$STATE_DIR/ferretdb"
  wait_until 30 "FerretDB" tcp_open 127.0.0.1 27017
}

# ---------------------------------------------------------------- Gitea (prepared, not installed)

prepare_gitea() {
  id -u "$GITEA_USER" >/dev/null 2>&1 ||
    useradd --system --user-group --home-dir "$STATE_DIR/gitea" --shell /bin/sh "$GITEA_USER"
  local home=$STATE_DIR/gitea
  mkdir -p "$home/custom/conf" "$home/data" "$home/log" "$home/repos"
  local ini=$home/custom/conf/app.ini
  # Only the settings the installer does not write. The installer (InitWorkflow, or the
  # GiteaIT) fills the database and admin, and sets INSTALL_LOCK.
  [ -f "$ini" ] || cat >"$ini" <<EOF
APP_NAME = Katana git
RUN_USER = $GITEA_USER
RUN_MODE = prod
WORK_PATH = $home

[server]
PROTOCOL = http
HTTP_ADDR = $NODE_IP
HTTP_PORT = 3000
DOMAIN = $NODE_IP
ROOT_URL = $GITEA_URL/
DISABLE_SSH = true
OFFLINE_MODE = true
STATIC_ROOT_PATH = $GITEA_DIR/src
APP_DATA_PATH = $home/data

[repository]
ROOT = $home/repos

[log]
MODE = file
LEVEL = warn
ROOT_PATH = $home/log

[security]
INSTALL_LOCK = false

[webhook]
; Katana's webhook receiver listens on this machine.
ALLOWED_HOST_LIST = loopback

[queue.webhook_sender]
; Deliver webhooks at once (TESTBED.md: 0.25 s after the push instead of ~1.1 s).
TYPE = channel

[queue.push_update]
TYPE = channel

[cron.update_checker]
ENABLED = false

[picture]
DISABLE_GRAVATAR = true
EOF
  chown -R "$GITEA_USER:$GITEA_USER" "$home"
}

start_gitea() {
  prepare_gitea
  local home=$STATE_DIR/gitea
  start_daemon gitea setpriv --reuid="$GITEA_USER" --regid="$GITEA_USER" --init-groups \
    env HOME="$home" USER="$GITEA_USER" GITEA_WORK_DIR="$home" GITEA_CUSTOM="$home/custom" \
    "$GITEA_DIR/gitea" web --config "$home/custom/conf/app.ini"
  wait_until 60 "Gitea" http_ok "$GITEA_URL/"
}

# ---------------------------------------------------------------- environment file for Katana

write_env_file() {
  local tmp=$ENV_FILE.tmp
  (umask 077; cat >"$tmp" <<EOF
# Katana's configuration for the local test bed (written by deploy/testbed/testbed.sh up).
export KATANA_TEMPORAL_ADDRESS=127.0.0.1:7233
export KATANA_TEMPORAL_NAMESPACE=default
export KATANA_TEMPORAL_UI_URL=http://127.0.0.1:8233
export KATANA_MONGODB_URI=mongodb://127.0.0.1:27017
export KATANA_MONGODB_DATABASE=katana
export KATANA_MYSQL_URL=jdbc:mysql://127.0.0.1:3306/
export KATANA_MYSQL_USER=katana_admin
export KATANA_MYSQL_PASSWORD=$(secret mysql-admin)
export KATANA_KUBECONFIG=$KUBECONFIG_FILE
export KATANA_REGISTRY=$REGISTRY
export KATANA_DOCKER_HOST=unix://$DOCKER_SOCK
export KATANA_GIT_URL=$GITEA_URL
export KATANA_GIT_FLAVOR=gitea
export KATANA_GIT_ADMIN_USER=katana
export KATANA_GIT_ADMIN_PASSWORD=$(secret git-admin)
export KATANA_ADMIN_TOKEN=$(secret katana-admin-token)
export KATANA_API_HOST=127.0.0.1
export KATANA_API_PORT=8080
# The test bed's own servers stand in for the infraset: InitWorkflow leaves them alone.
export KATANA_INFRASET=external
export KATANA_ADMIN_NAMESPACE=katana
export KATANA_GIT_DB_HOST=127.0.0.1:3306
# For tests and people: the node, its images, and the kubectl of the test bed.
export KATANA_TESTBED_NODE_IP=$NODE_IP
export KATANA_TESTBED_BUSYBOX_IMAGE=$REGISTRY/katana/busybox:1
export KATANA_TESTBED_DEBIAN_IMAGE=$REGISTRY/katana/debian:bookworm
export KATANA_TESTBED_JRE_IMAGE=$REGISTRY/katana/jre:17
export KATANA_MASTER_IMAGE=$REGISTRY/katana/master:1
export KATANA_TESTBED_INFRASET_IMAGES=mysql=$REGISTRY/katana/infraset-mysql:10.11,mongodb=$REGISTRY/katana/infraset-mongodb:$FERRETDB_VERSION,gogs=$REGISTRY/katana/infraset-gogs:$GITEA_VERSION,registry=$REGISTRY/katana/infraset-registry:2.8
export KATANA_TESTBED_PV_DIR=$STATE_DIR/pv
export KATANA_TESTBED_KUBECTL=$K8S_BIN/kubectl
EOF
  )
  mv "$tmp" "$ENV_FILE"
}
