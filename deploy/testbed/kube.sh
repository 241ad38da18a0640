# The Kubernetes part of the test bed: control plane, one real node, kwok nodes. Sourced by testbed.sh.

# ---------------------------------------------------------------- control plane

prepare_kube_config() {
  mkdir -p "$KUBE_DIR/certs"
  [ -f "$KUBE_DIR/sa.key" ] || (umask 077; openssl genrsa -out "$KUBE_DIR/sa.key" 2048 2>/dev/null &&
    openssl rsa -in "$KUBE_DIR/sa.key" -pubout -out "$KUBE_DIR/sa.pub" 2>/dev/null)
  local token; token=$(secret kube-admin-token)
  [ -f "$KUBE_DIR/tokens.csv" ] || (umask 077; echo "$token,admin,admin,system:masters" >"$KUBE_DIR/tokens.csv")
}

write_kubeconfig() {
  local token; token=$(secret kube-admin-token)
  (umask 077; cat >"$KUBECONFIG_FILE.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: katana-testbed
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority: $KUBE_DIR/certs/apiserver.crt
users:
- name: admin
  user:
    token: $token
contexts:
- name: katana-testbed
  context:
    cluster: katana-testbed
    user: admin
current-context: katana-testbed
EOF
  )
  mv "$KUBECONFIG_FILE.tmp" "$KUBECONFIG_FILE"
}

apiserver_ready() {
  curl -fsS --max-time 2 --cacert "$KUBE_DIR/certs/apiserver.crt" \
    -H "Authorization: Bearer $(secret kube-admin-token)" https://127.0.0.1:6443/readyz
}

start_etcd() {
  start_daemon etcd "$ETCD_BIN" --data-dir "$STATE_DIR/etcd" --log-level warn \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster default=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381
  wait_until 30 "etcd" http_ok http://127.0.0.1:2379/health
}

start_control_plane() {
  prepare_kube_config
  # The service range is stored in etcd at the first start (ServiceCIDR `kubernetes`): the
  # flag below only counts on an empty etcd folder.
  start_daemon kube-apiserver "$K8S_BIN/kube-apiserver" --etcd-servers=http://127.0.0.1:2379 \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --secure-port=6443 --cert-dir="$KUBE_DIR/certs" \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$KUBE_DIR/sa.pub" --service-account-signing-key-file="$KUBE_DIR/sa.key" \
    --token-auth-file="$KUBE_DIR/tokens.csv" --authorization-mode=Node,RBAC \
    --service-cluster-ip-range="$SERVICE_CIDR" --kubelet-preferred-address-types=InternalIP \
    --v=0
  wait_until 60 "kube-apiserver certificate" test -s "$KUBE_DIR/certs/apiserver.crt"
  write_kubeconfig
  wait_until 60 "kube-apiserver" apiserver_ready
  start_daemon kube-controller-manager "$K8S_BIN/kube-controller-manager" --kubeconfig="$KUBECONFIG_FILE" \
    --bind-address=127.0.0.1 --secure-port=10257 --service-account-private-key-file="$KUBE_DIR/sa.key" \
    --root-ca-file="$KUBE_DIR/certs/apiserver.crt" --leader-elect=false --use-service-account-credentials=false
  start_daemon kube-scheduler "$K8S_BIN/kube-scheduler" --kubeconfig="$KUBECONFIG_FILE" \
    --bind-address=127.0.0.1 --secure-port=10259 --leader-elect=false
  wait_until 60 "kube-controller-manager" curl -fsSk --max-time 2 https://127.0.0.1:10257/healthz
  wait_until 60 "kube-scheduler" curl -fsSk --max-time 2 https://127.0.0.1:10259/healthz
}

# ---------------------------------------------------------------- the real node

start_node_containerd() {
  local dir=$STATE_DIR/containerd
  mkdir -p "$dir" "$RUN_DIR/containerd" "$STATE_DIR/cni/net.d" "$STATE_DIR/cni/ipam"
  cat >"$dir/config.toml" <<EOF
version = 2
root = "$dir/root"
state = "$RUN_DIR/containerd/state"
[grpc]
  address = "$NODE_CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$REGISTRY/pause:$PAUSE_VERSION"
  # This machine refuses oom_score_adj -998: without it every pod fails in runc.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE_DIR/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."$REGISTRY"]
    endpoint = ["http://$REGISTRY"]
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
EOF
  cat >"$STATE_DIR/cni/net.d/10-katana.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "katana-testbed",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$POD_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$STATE_DIR/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR"}]],
        "routes": [{"dst": "$TEST_RANGE"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "loopback"}
  ]
}
EOF
  running containerd && return 0
  # The socket answers before the CRI service is initialised, and a kubelet started in between
  # exits ("server is not initialized yet"): wait for the CRI's last start-up line of this start.
  local from=$(( $(wc -l <"$LOG_DIR/containerd.log" 2>/dev/null || echo 0) + 1 ))
  start_daemon containerd containerd --config "$dir/config.toml"
  wait_until 30 "node containerd" ctr --address "$NODE_CONTAINERD_SOCK" version
  wait_until 30 "node containerd's CRI service" cri_started "$from"
}

cri_started() { tail -n "+$1" "$LOG_DIR/containerd.log" | grep -q 'Start streaming server'; }

start_kubelet() {
  local root=$STATE_DIR/kubelet
  mkdir -p "$root"
  cat >"$KUBE_DIR/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
address: $NODE_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
# Test bed only: the kubelet listens on the node address alone.
authentication:
  anonymous:
    enabled: true
  webhook:
    enabled: false
authorization:
  mode: AlwaysAllow
failSwapOn: false
containerRuntimeEndpoint: unix://$NODE_CONTAINERD_SOCK
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  imagefs.available: 1%
# No DNS for pods: the machine's resolvers are outside the test ranges.
resolvConf: ""
serializeImagePulls: false
EOF
  start_daemon kubelet "$K8S_BIN/kubelet" --config="$KUBE_DIR/kubelet.yaml" --kubeconfig="$KUBECONFIG_FILE" \
    --hostname-override=node-0 --node-ip="$NODE_IP" --root-dir="$root" --v=0
  wait_until 60 "kubelet" http_ok http://127.0.0.1:10248/healthz
  start_daemon kube-proxy "$K8S_BIN/kube-proxy" --kubeconfig="$KUBECONFIG_FILE" --hostname-override=node-0 \
    --bind-address=127.0.0.1 --healthz-bind-address=127.0.0.1:10256 --metrics-bind-address=127.0.0.1:10249 \
    --cluster-cidr="$POD_CIDR" --nodeport-addresses="$NODE_IP/32" --conntrack-max-per-core=0 --proxy-mode=iptables
  # NetworkPolicies: the bridge plugin ignores them, kube-router's firewall alone enforces them.
  start_daemon kube-router "$KUBE_ROUTER_BIN" --kubeconfig="$KUBECONFIG_FILE" --hostname-override=node-0 \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --service-cluster-ip-range="$SERVICE_CIDR" --health-port=0 --metrics-port=0
  wait_until 60 "kube-proxy" http_ok http://127.0.0.1:10256/healthz
  wait_until 90 "node node-0 Ready" node_ready node-0
}

node_ready() {
  [ "$(kubectl_tb get node "$1" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}

# ---------------------------------------------------------------- simulated nodes

start_kwok() {
  start_daemon kwok "$KWOK_DIR/kwok" --kubeconfig="$KUBECONFIG_FILE" --config="$KWOK_DIR/stages.yaml" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake --cidr="$KWOK_POD_CIDR" \
    --node-ip=198.19.1.1 --server-address=127.0.0.1:10247
  local i manifest=
  for i in $(seq 0 $((KWOK_NODES - 1))); do
    manifest+="apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-$i
spec:
  taints:
  - key: kwok.x-k8s.io/node
    value: fake
    effect: NoSchedule
status:
  allocatable: {cpu: '32', memory: 256Gi, pods: '110'}
  capacity: {cpu: '32', memory: 256Gi, pods: '110'}
---
"
  done
  [ "$KWOK_NODES" -gt 0 ] && printf '%s' "$manifest" | kubectl_tb apply -f - >/dev/null
  [ "$KWOK_NODES" -gt 0 ] && wait_until 60 "kwok nodes" node_ready "kwok-node-$((KWOK_NODES - 1))"
  return 0
}

# ---------------------------------------------------------------- teardown of what the node changed

# Pods' containers outlive the kubelet and containerd (their shims keep them): stop them first.
stop_node_containers() {
  [ -S "$NODE_CONTAINERD_SOCK" ] || return 0
  local c
  for c in $(ctr --address "$NODE_CONTAINERD_SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
    ctr --address "$NODE_CONTAINERD_SOCK" -n k8s.io tasks kill -s KILL "$c" >/dev/null 2>&1
  done
  sleep 0.5
  for c in $(ctr --address "$NODE_CONTAINERD_SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
    ctr --address "$NODE_CONTAINERD_SOCK" -n k8s.io tasks delete -f "$c" >/dev/null 2>&1
  done
}

clean_node_network() {
  "$K8S_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  remove_kube_chains
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '/^cni-/ {print $1}'); do ip netns delete "$ns" 2>/dev/null; done
  ip link show "$POD_BRIDGE" >/dev/null 2>&1 && ip link delete "$POD_BRIDGE"
  ip addr del "$NODE_IP/32" dev lo 2>/dev/null
  rm -rf "$STATE_DIR/cni/ipam"
  return 0
}

# Every KUBE-* chain (kubelet, kube-proxy, kube-router: all of them the test bed's, since it runs
# the only Kubernetes here): first the jumps into them, then the chains; then kube-router's ipsets.
remove_kube_chains() {
  local cmd table chain rule
  for cmd in iptables ip6tables; do
    for table in filter nat mangle raw; do
      $cmd -w -t $table -S 2>/dev/null | grep -E -- '^-A [^ ]+ .*-j KUBE-' | grep -v -E '^-A KUBE-' | sed 's/^-A /-D /' |
        while read -r rule; do eval "$cmd -w -t $table $rule" 2>/dev/null; done
      for chain in $($cmd -w -t $table -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^KUBE-/ {print $2}'); do
        $cmd -w -t $table -F "$chain" 2>/dev/null
      done
      for chain in $($cmd -w -t $table -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^KUBE-/ {print $2}'); do
        $cmd -w -t $table -X "$chain" 2>/dev/null
      done
    done
  done
  local set
  for set in $(ipset list -n 2>/dev/null | grep -E '^(inet6:)?KUBE-'); do ipset destroy "$set" 2>/dev/null; done
  return 0
}

# kubelet and containerd leave mounts (secrets, overlays) under the state folder.
unmount_state() {
  local m
  for m in $(awk -v d="$STATE_DIR/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null
  done
}
