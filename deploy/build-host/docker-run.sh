#!/usr/bin/env bash
# The build worker as a container on a build host (outside the cluster), equivalent to
# katana-build-worker.service: the worker image (built by Jib, README "Images") with the host's
# Docker socket, which is why this runs on a build host and never in the cluster. Start as many
# build hosts as the event needs; all poll <KATANA_TASK_QUEUE>-build.
#
#   deploy/build-host/docker-run.sh registry.example.org/katana/worker:0.1.0-SNAPSHOT
#
# Reads /etc/katana/build-worker.env (katana-build-worker.env.example) and the kubeconfig it names.
# KATANA_BUILD_NETWORK picks the container's network (default bridge; the test bed has only host).
set -euo pipefail
IMAGE=${1:?usage: docker-run.sh <worker image>}
ENV_FILE=${KATANA_BUILD_ENV:-/etc/katana/build-worker.env}
KUBECONFIG_FILE=${KATANA_BUILD_KUBECONFIG:-/etc/katana/build-kubeconfig}
DOCKER_GID=$(stat -c %g /var/run/docker.sock)
# The image runs as uid 65532, which must be able to read the kubeconfig (it holds a token: 0400).
if [ "$(stat -c %u "$KUBECONFIG_FILE")" != 65532 ]; then
  echo "docker-run.sh: $KUBECONFIG_FILE must belong to uid 65532, the image's user:" \
    "install -m 0400 -o 65532 build-kubeconfig $KUBECONFIG_FILE" >&2
  exit 2
fi
# The clone cache, owned by the image's non-root user (65532).
CACHE_DIR=${KATANA_BUILD_CACHE:-/var/cache/katana-build}
install -d -m 0700 -o 65532 -g 65532 "$CACHE_DIR"
exec docker run -d --name katana-build-worker --restart on-failure:10 \
  --network "${KATANA_BUILD_NETWORK:-bridge}" \
  --env-file "$ENV_FILE" \
  -e KATANA_WORKER_QUEUES=build \
  -e KATANA_KUBECONFIG=/etc/katana/kubeconfig \
  -e KATANA_CLONE_CACHE=/var/cache/katana/clones \
  -e KATANA_DOCKER_HOST=unix:///var/run/docker.sock \
  -v "$KUBECONFIG_FILE:/etc/katana/kubeconfig:ro" \
  -v /var/run/docker.sock:/var/run/docker.sock \
  -v "$CACHE_DIR:/var/cache/katana" \
  --group-add "$DOCKER_GID" \
  --read-only --tmpfs /tmp \
  "$IMAGE"
