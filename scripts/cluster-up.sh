#!/usr/bin/env bash
# Starts a local UnlearnRec cluster on loopback, as plain processes (no Docker):
#   Azurite (blob 10000, queue 10001, table 10002), one gpu-role silo and two cpu-role silos, all on the
#   local-cluster profile (Azure Table clustering and reminders, Table/Blob grain storage, Azure Queue stream).
#
#   silo      silo port  gateway  HTTP ingress
#   gpu       11111      30000    http://127.0.0.1:8080
#   cpu-1     11112      30001    http://127.0.0.1:8081
#   cpu-2     11113      30002    http://127.0.0.1:8082
#
# Usage: scripts/cluster-up.sh [--bundle DIR] [--no-build] [--debug]
#   --bundle DIR   model bundle for the gpu silo (default: .cluster/bundle, created with `unlearnrec demo-bundle`)
#   --no-build     use the existing Release build
#   --debug        build and run the Debug configuration
# State (logs, pids, token, Azurite data) lives in .cluster/ (override with UNLEARNREC_CLUSTER_DIR);
# AZURITE_EXTRA passes extra Azurite options (e.g. "--debug /tmp/azurite.log" to log every storage call);
# AZURITE_IN_MEMORY=1 keeps Azurite's data in memory (faster; lost when Azurite stops).
# Stop everything with scripts/cluster-down.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${UNLEARNREC_CLUSTER_DIR:-$ROOT/.cluster}
CONFIG=Release
BUILD=1
BUNDLE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) BUNDLE=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --debug) CONFIG=Debug; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "cluster-up: unknown option $1" >&2; exit 2 ;;
  esac
done

mkdir -p "$STATE/logs" "$STATE/pids" "$STATE/azurite"
for pidfile in "$STATE"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "cluster-up: $(basename "$pidfile" .pid) is already running (pid $(cat "$pidfile")); run scripts/cluster-down.sh first" >&2
    exit 1
  fi
  rm -f "$pidfile"
done

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port seconds name
  for _ in $(seq $(( $2 * 5 ))); do port_open "$1" && return 0; sleep 0.2; done
  echo "cluster-up: $3 did not open port $1 within $2 s" >&2; return 1
}
for port in 10000 10001 10002 11111 11112 11113 30000 30001 30002 8080 8081 8082; do
  if port_open "$port"; then echo "cluster-up: port $port is in use; stop whatever holds it first" >&2; exit 1; fi
done

# 1. Azurite: one process for blob, queue and table (AZURITE_SPLIT=1: one process per service, each on its own Node
# event loop). --location persists across restarts (the table store flushes on SIGINT).
AZURITE=$("$ROOT/scripts/install-azurite.sh")
AZURITE_DIR=$(dirname "$AZURITE")
if [ "${AZURITE_IN_MEMORY:-0}" = 1 ]; then
  PERSISTENCE=(--inMemoryPersistence)   # faster; the cluster's data dies with Azurite (silo restarts keep it)
else
  PERSISTENCE=(--location "$STATE/azurite")
fi
start_azurite() { # name entry [args]
  local name=$1 entry=$2; shift 2
  nohup node ${AZURITE_NODE_ARGS:-} "$entry" ${AZURITE_EXTRA:-} --silent --disableTelemetry "${PERSISTENCE[@]}" "$@" > "$STATE/logs/$name.log" 2>&1 &
  echo $! > "$STATE/pids/$name.pid"
}
if [ "${AZURITE_SPLIT:-0}" != 1 ]; then
  start_azurite azurite "$AZURITE" --blobHost 127.0.0.1 --blobPort 10000 --queueHost 127.0.0.1 --queuePort 10001 --tableHost 127.0.0.1 --tablePort 10002
else
  start_azurite azurite-blob "$AZURITE_DIR/blob/main.js" --blobHost 127.0.0.1 --blobPort 10000
  start_azurite azurite-queue "$AZURITE_DIR/queue/main.js" --queueHost 127.0.0.1 --queuePort 10001
  start_azurite azurite-table "$AZURITE_DIR/table/main.js" --tableHost 127.0.0.1 --tablePort 10002
fi
wait_port 10000 30 "Azurite blob"; wait_port 10001 30 "Azurite queue"; wait_port 10002 30 "Azurite table"
echo "cluster-up: Azurite up (pids $(cat "$STATE"/pids/azurite*.pid | tr '\n' ' '))"

# 2. build
if [ "$BUILD" = 1 ]; then
  echo "cluster-up: building ($CONFIG)"
  dotnet build "$ROOT/src/Client/Client.csproj" -c "$CONFIG" -nologo -v quiet > "$STATE/logs/build.log" 2>&1 \
    || { echo "cluster-up: build failed, see $STATE/logs/build.log" >&2; "$ROOT/scripts/cluster-down.sh"; exit 1; }
fi
SILO="$ROOT/src/Silo/bin/$CONFIG/net10.0/UnlearnRec.Silo.dll"
CLI="$ROOT/src/Client/bin/$CONFIG/net10.0/unlearnrec.dll"
[ -f "$SILO" ] || { echo "cluster-up: $SILO not found (build first or drop --no-build)" >&2; "$ROOT/scripts/cluster-down.sh"; exit 1; }

# 3. token and model
if [ ! -s "$STATE/token" ]; then
  (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$STATE/token")
fi
if [ -z "$BUNDLE" ]; then
  BUNDLE="$STATE/bundle"
  [ -f "$BUNDLE/manifest.json" ] || dotnet "$CLI" demo-bundle --out "$BUNDLE" --users 2000 --items 1000 --per-user 40 --dim 64
fi

# 4. silos
export UnlearnRec__Storage__ConnectionString="UseDevelopmentStorage=true"
# the users table as four tables of one partition bucket each: Azurite updates an entity by removing and re-inserting
# it in an array-backed collection, in time proportional to the entities of its table (ml-1m's 6,040 users in one
# table: that removal alone was ~17-22 % of Azurite's busy time under load). 1,000 deletions/s on ml-1m: to-applied p99
# median 224 ms against 276 ms with one table of one bucket (8 tables of 8 buckets: 373 ms, the transactions get too
# small). Real Azure Table storage does not care; its code defaults are 4 buckets in 1 table.
export UnlearnRec__Storage__UsersTableBuckets=${UnlearnRec__Storage__UsersTableBuckets:-4}
export UnlearnRec__Storage__UsersTables=${UnlearnRec__Storage__UsersTables:-4}
# Azurite shares the two cores with the silos, so every storage call costs the engine CPU: a partition's ledger group
# commit starts at most every 100 ms instead of back to back (1,000 deletions/s: Azurite ~0.64 -> ~0.52 core, to-applied
# p99 median ~400 -> ~320 ms, acknowledgement p50 ~60 -> ~95 ms). The code's default (0) writes back to back.
export UnlearnRec__Ledger__WriteSpacing=${UnlearnRec__Ledger__WriteSpacing:-00:00:00.100}
# Neighbour rows are re-sent when they moved by 3 % of the embedding scale instead of 1 %: fewer rows fanned out and
# written behind per flush. On ml-1m at 1,000 deletions/s, to-applied p99 median ~290 ms against ~330-390 ms with 1 %;
# served vs offline for the adversarial request: MI-NG 0.33 % apart, Recall@20 1.0 % (1 %: 0.25 % / 0.32 %). The
# requests' own rows are always exact. The code's default (1 %) stays the more exact one.
export UnlearnRec__Engine__ChangeTolerance=${UnlearnRec__Engine__ChangeTolerance:-0.03}
# A user whose interaction list changed writes it within 30 s (written early by up to half of that, at random) instead
# of 2 s: the stored copy is a cache (the removal is durable in the influence grain's journal, which re-sends every row
# and list when a silo was lost), and the users' Table writes during a load were what remained of its tail. Each user
# is rewritten ~15x less often, and the users a burst dirtied write over 15 s instead of together. 1,000 deletions/s on
# ml-1m, alternated with 2 s: to-applied p99 median 237 against 302 ms over twelve 6 s loads a side, 208-244 against
# 256-261 ms over 30 s loads (docs/online.md section 9).
export UnlearnRec__ServingPersistence__WriteBehind=${UnlearnRec__ServingPersistence__WriteBehind:-00:00:30}
export UnlearnRec__ServingPersistence__WriteBehindSpread=${UnlearnRec__ServingPersistence__WriteBehindSpread:-0.5}
UnlearnRec__Ingress__Token=$(cat "$STATE/token")
export UnlearnRec__Ingress__Token
export DOTNET_gcServer=0   # three silos share two cores: workstation GC is as fast and far smaller
# A 16 MB gen-0 budget: more, shorter collections. With the default (sized from the cache) the gpu silo paused up to
# ~40 ms in a gen-1 collection at 1,000 deletions/s, stalling every request in flight; with 16 MB the longest pause was
# ~17 ms (dotnet-trace GC events). Only an environment variable sets it (no runtimeconfig knob).
export DOTNET_GCgen0size=${DOTNET_GCgen0size:-0x1000000}
start_silo() { # name role silo-port gateway-port http-port [extra args]
  local name=$1 role=$2 sp=$3 gp=$4 hp=$5; shift 5
  nohup dotnet "$SILO" --profile local-cluster --role "$role" --cluster-id unlearnrec-local \
    --silo-port "$sp" --gateway-port "$gp" --http-port "$hp" "$@" > "$STATE/logs/$name.log" 2>&1 &
  echo $! > "$STATE/pids/$name.pid"
}
start_silo gpu gpu 11111 30000 8080 --bundle "$BUNDLE"
start_silo cpu-1 cpu 11112 30001 8081
start_silo cpu-2 cpu 11113 30002 8082

for entry in gpu:8080 cpu-1:8081 cpu-2:8082; do
  name=${entry%%:*}; port=${entry##*:}; ok=0
  for _ in $(seq 240); do
    if ! kill -0 "$(cat "$STATE/pids/$name.pid")" 2>/dev/null; then
      echo "cluster-up: silo $name exited; last log lines:" >&2; tail -20 "$STATE/logs/$name.log" >&2; "$ROOT/scripts/cluster-down.sh"; exit 1
    fi
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.5
  done
  [ "$ok" = 1 ] || { echo "cluster-up: silo $name not ready after 120 s, see $STATE/logs/$name.log" >&2; "$ROOT/scripts/cluster-down.sh"; exit 1; }
  echo "cluster-up: silo $name ready on http://127.0.0.1:$port (pid $(cat "$STATE/pids/$name.pid"))"
done

cat <<INFO
cluster-up: local cluster running.
  token       $STATE/token   (the CLI reads .cluster/token from the repository root)
  logs        $STATE/logs/
  try         dotnet $CLI status
              dotnet $CLI delete --user 1000 --items 50001 --wait
              dotnet $CLI loadtest --bundle $BUNDLE --rate 1000 --duration 10
  stop        scripts/cluster-down.sh
INFO
