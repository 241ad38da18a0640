#!/usr/bin/env bash
# Starts Katana on its local defaults: the test bed (built on first use), then the worker and the
# API in one process. Ctrl-C stops Katana; the test bed keeps running (deploy/testbed/testbed.sh down).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/deploy/testbed/testbed.sh" up
# shellcheck disable=SC1090
. "$("$ROOT/deploy/testbed/testbed.sh" env)"
(cd "$ROOT" && mvn -B -q -DskipTests package)
exec java -jar "$ROOT/worker/target/katana.jar" dev
