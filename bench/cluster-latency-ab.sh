#!/usr/bin/env bash
# Compares the deletion-to-applied latency of two builds on the local cluster by alternating them on fresh cluster
# starts (A, B, A, B, ...). On this kind of machine the same build differs by up to ~2x in p99 from one start to the
# next and drifts over a session, so a change is only visible against the other build measured in between.
# Each start runs bench/cluster-latency.sh (warm-up load, then LOADS measured loads) from that build's own checkout
# (a git worktree under /tmp, removed at the end), so both revisions need that script.
# Prints one JSON line per measured load, tagged with the build and pair, and a summary per build (median over the
# loads after the first of each start). Measures; asserts nothing.
#
# usage: bench/cluster-latency-ab.sh REV_A REV_B BUNDLE [RATE] [SECONDS] [LOADS] [PAIRS]
#   REV_A, REV_B   git revisions (e.g. HEAD~1 HEAD); "WORKTREE" means this checkout as it is
#   BUNDLE         model bundle to serve
#   RATE / SECONDS / LOADS   as bench/cluster-latency.sh (defaults 1000 / 6 / 3); PAIRS alternations (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
A=${1:?REV_A}; B=${2:?REV_B}; BUNDLE=$(realpath "${3:?bundle}")
RATE=${4:-1000}; SECONDS_PER_LOAD=${5:-6}; LOADS=${6:-3}; PAIRS=${7:-2}
WORK=$(mktemp -d /tmp/unlearnrec-ab.XXXXXX)
OUT="$WORK/results.jsonl"
cleanup() {
  for side in a b; do
    [ -d "$WORK/$side" ] && git -C "$ROOT" worktree remove --force "$WORK/$side" >/dev/null 2>&1 || true
  done
  git -C "$ROOT" worktree prune >/dev/null 2>&1 || true
}
trap cleanup EXIT

checkout() { # side revision -> prints the directory to run from
  local side=$1 rev=$2
  if [ "$rev" = WORKTREE ]; then
    echo "$ROOT"
  else
    git -C "$ROOT" worktree add --detach -q "$WORK/$side" "$rev" >&2
    echo "$WORK/$side"
  fi
}
DIR_A=$(checkout a "$A"); DIR_B=$(checkout b "$B")
for dir in "$DIR_A" "$DIR_B"; do
  echo "cluster-latency-ab: building $dir" >&2
  dotnet build "$dir/src/Client" -c Release -v q -nologo >/dev/null
done

for pair in $(seq "$PAIRS"); do
  for side in A B; do
    dir=$DIR_A; [ "$side" = B ] && dir=$DIR_B
    echo "cluster-latency-ab: pair $pair, build $side" >&2
    [ -x "$dir/bench/cluster-latency.sh" ] || { echo "cluster-latency-ab: $dir has no bench/cluster-latency.sh" >&2; exit 2; }
    "$dir/bench/cluster-latency.sh" "$BUNDLE" "$RATE" "$SECONDS_PER_LOAD" "$LOADS" 2>/dev/null \
      | sed "s/^{/{\"build\": \"$side\", \"pair\": $pair, /" | tee -a "$OUT"
  done
done

python3 - "$OUT" "$A" "$B" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
for side, rev in (("A", sys.argv[2]), ("B", sys.argv[3])):
    steady = [r["report"] for r in rows if r["build"] == side and r["load"] > 1]
    if not steady:
        continue
    med = lambda key, q: statistics.median(s[key][q] for s in steady)
    print(json.dumps({"build": side, "revision": rev, "loads": len(steady),
                      "ackP50": round(med("ack", "P50"), 1), "toAppliedP50": round(med("toApplied", "P50"), 1),
                      "toAppliedP99": round(med("toApplied", "P99"), 1),
                      "toAppliedP99Range": [round(min(s["toApplied"]["P99"] for s in steady), 1),
                                            round(max(s["toApplied"]["P99"] for s in steady), 1)]}))
PY
