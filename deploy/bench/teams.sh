#!/usr/bin/env bash
# Benchmark (not a test): how long POST /api/v1/teams takes to completion against a running Katana
# (deploy/dev.sh). Sends {"count": N} (teams team-0..N-1), or with a PREFIX the names PREFIX-0..N-1,
# prints the time until the job completed, then the same request again (every team already there).
#
#   deploy/bench/teams.sh [N=20] [PREFIX]
#
# Reads KATANA_ADMIN_TOKEN and KATANA_API_PORT from the environment (the test bed's katana.env).
set -euo pipefail
N=${1:-20}
PREFIX=${2:-}
API=http://127.0.0.1:${KATANA_API_PORT:-8080}/api/v1
: "${KATANA_ADMIN_TOKEN:?source the test bed env file first: . \$(deploy/testbed/testbed.sh env)}"
auth=(-H "Authorization: Bearer $KATANA_ADMIN_TOKEN")

if [ -n "$PREFIX" ]; then
  names=$(python3 -c "import json; print(json.dumps({'names': ['$PREFIX-%d' % i for i in range($N)]}))")
else
  names="{\"count\": $N}"
fi

run() {
  local t0 id status body
  t0=$(date +%s.%N)
  id=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d "$names" "$API/teams" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["workflowId"])')
  while :; do
    body=$(curl -fsS "${auth[@]}" "$API/jobs/$id")
    status=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' <<<"$body")
    [ "$status" = running ] || break
    sleep 0.5
  done
  JOB=$body python3 - "$1" "$t0" "$(date +%s.%N)" "$status" <<'PY'
import json, os, sys
what, t0, t1, status = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
job = json.loads(os.environ["JOB"])
result = job.get("result") or {}
print(f"{what}: {t1 - t0:.1f} s, status {status}, {len(result.get('ready', []))} ready,"
      f" {len(result.get('failed', []))} failed")
PY
}

run "POST /teams, $N new teams"
run "POST /teams again, $N existing teams"
