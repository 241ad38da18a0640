#!/usr/bin/env bash
# Runs every test: unit tests (*Test) and integration tests (*IT) against the real test bed,
# which it brings up first (built on first use).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/deploy/testbed/testbed.sh" up
# shellcheck disable=SC1090
. "$("$ROOT/deploy/testbed/testbed.sh" env)"
cd "$ROOT"
exec mvn -B verify "$@"
