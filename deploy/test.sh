#!/usr/bin/env bash
# Runs every test: unit tests (*Test) and integration tests (*IT) against the real test bed,
# which it brings up first (built on first use).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/deploy/testbed/testbed.sh" up
# shellcheck disable=SC1090
. "$("$ROOT/deploy/testbed/testbed.sh" env)"
cd "$ROOT"
# Jib (the worker and API images, pushed before the ITs) would otherwise look for its own
# updates on the internet once a day.
exec mvn -B -Djib.disableUpdateChecks=true verify "$@"
