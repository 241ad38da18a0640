#!/usr/bin/env bash
# Writes the kubeconfig of build hosts: ServiceAccount katana-build (deploy/k8s/base), whose only
# right is get on the Secret team-credentials of each team namespace. Run it where kubectl talks to
# the cluster as an admin; copy the file (mode 0600) to each build host as /etc/katana/build-kubeconfig.
#
#   deploy/build-host/kubeconfig.sh [namespace] [api-server-url] > build-kubeconfig
#
# The token is the long-lived one of Secret katana-build-token; delete and re-apply that Secret to
# revoke every build host at once. The token never appears on the terminal.
set -euo pipefail
NS=${1:-katana}
SERVER=${2:-$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')}
token=$(kubectl -n "$NS" get secret katana-build-token -o jsonpath='{.data.token}' | base64 -d)
ca=$(kubectl -n "$NS" get secret katana-build-token -o jsonpath='{.data.ca\.crt}')
[ -n "$token" ] && [ -n "$ca" ] || { echo "Secret $NS/katana-build-token has no token yet" >&2; exit 1; }
cat <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: katana
    cluster: {server: "$SERVER", certificate-authority-data: "$ca"}
users:
  - name: katana-build
    user: {token: "$token"}
contexts:
  - name: katana-build
    context: {cluster: katana, user: katana-build, namespace: "$NS"}
current-context: katana-build
KUBECONFIG
