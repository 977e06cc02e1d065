#!/usr/bin/env bash
# Stops the local cluster started by scripts/cluster-up.sh: silos first (SIGTERM: graceful Orleans shutdown), then
# Azurite with SIGINT (its table store flushes to disk only on SIGINT). Anything still alive after its grace period
# is killed. --wipe also deletes the Azurite data (ledgers, served embeddings, membership).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${UNLEARNREC_CLUSTER_DIR:-$ROOT/.cluster}
WIPE=0
[ "${1:-}" = "--wipe" ] && WIPE=1

stop() { # name signal grace-seconds
  local pidfile="$STATE/pids/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$2" "$pid" 2>/dev/null
    for _ in $(seq $(( $3 * 5 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "cluster-down: $1 (pid $pid) did not stop within $3 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    echo "cluster-down: stopped $1 (pid $pid)"
  fi
  rm -f "$pidfile"
}

# the silos stop in parallel (each drains its grains), then Azurite, which they need while stopping
for name in gpu cpu-1 cpu-2; do stop "$name" TERM 40 & done
wait
for name in azurite azurite-blob azurite-queue azurite-table; do stop "$name" INT 15 & done
wait

if [ "$WIPE" = 1 ]; then
  rm -rf "$STATE/azurite"
  echo "cluster-down: wiped $STATE/azurite"
fi
