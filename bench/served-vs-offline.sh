#!/usr/bin/env bash
# Streams one unlearning request through the local cluster and compares the served model with the offline zero-shot
# result for the same request (issue target: served MI-NG within 2 % of offline). Both are audited by the same
# independent script (bench/audit-mi.py) on the same random non-edges. Also prints the load figures of the replay.
#
# usage: bench/served-vs-offline.sh BUNDLE REQUEST.tsv TRAIN.tsv[.gz] [RATE] [TEST.tsv[.gz] [MASK.tsv[.gz]]]
#   BUNDLE   a bundle with a pre-trained encoder (unlearnrec train + pretrain)
#   REQUEST  interactions to forget, user<TAB>item in original ids
#   TRAIN    the training interactions in original ids (non-edges for MI-NG are drawn outside them)
#   RATE     requests per second offered to the cluster (default 1000)
#   TEST     test interactions: also compare Recall@20 (sampled users, bench/audit-mi.py --test)
#   MASK     items excluded from the rankings (default: TRAIN minus REQUEST)
# Starts and stops its own cluster (scripts/cluster-up.sh / cluster-down.sh, fresh Azurite data). Output in
# runs/served-vs-offline/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=$(realpath "${1:?bundle}"); REQUEST=$(realpath "${2:?request file}"); TRAIN=$(realpath "${3:?training file}")
RATE=${4:-1000}
RECALL=()
if [ -n "${5:-}" ]; then
  RECALL=(--test "$(realpath "$5")")
  if [ -n "${6:-}" ]; then RECALL+=(--mask "$(realpath "$6")"); fi
fi
OUT=runs/served-vs-offline
CLI=src/Client/bin/Release/net10.0/unlearnrec.dll
rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build src/Client -c Release -v q -nologo >/dev/null

echo "== offline: zero-shot unlearning of the request" >&2
dotnet "$CLI" export --bundle "$BUNDLE" --out "$OUT/before" >&2
dotnet "$CLI" unlearn --bundle "$BUNDLE" --request "$REQUEST" --finetune-epochs 0 --out "$OUT/offline-bundle" --json \
  2>"$OUT/offline.log" | tail -n 1 > "$OUT/offline.json"
dotnet "$CLI" export --bundle "$OUT/offline-bundle" --out "$OUT/offline" >&2

echo "== online: the same request through the local cluster at $RATE/s" >&2
scripts/cluster-down.sh --wipe >/dev/null 2>&1 || true
trap 'scripts/cluster-down.sh --wipe >/dev/null 2>&1 || true' EXIT
scripts/cluster-up.sh --bundle "$BUNDLE" --no-build >&2
dotnet "$CLI" loadtest --bundle "$BUNDLE" --request "$REQUEST" --rate "$RATE" --json | tail -n 1 > "$OUT/load.json"
dotnet "$CLI" export-served --out "$OUT/served" >&2

echo "== audit (bench/audit-mi.py, same negatives for both)" >&2
python3 bench/audit-mi.py --export "$OUT/offline" --before "$OUT/before" --train "$TRAIN" "${RECALL[@]}" > "$OUT/audit-offline.json"
python3 bench/audit-mi.py --export "$OUT/served" --before "$OUT/before" --train "$TRAIN" "${RECALL[@]}" > "$OUT/audit-served.json"
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
off = json.load(open(f"{out}/audit-offline.json")); srv = json.load(open(f"{out}/audit-served.json"))
load = json.load(open(f"{out}/load.json")); reported = json.load(open(f"{out}/offline.json"))
print(json.dumps({
    "request_edges": off["forgotten"], "served_forgotten": srv["forgotten"],
    "mi_ng_offline": off["mi_ng"], "mi_ng_served": srv["mi_ng"],
    "mi_ng_relative_diff": round(abs(srv["mi_ng"] - off["mi_ng"]) / off["mi_ng"], 6),
    "mi_bf_offline": off["mi_bf"], "mi_bf_served": srv["mi_bf"],
    "mi_ng_reported_by_unlearn": reported.get("mi_ng_zero_shot"),
    "recall@20_offline": off.get("recall@20"), "recall@20_served": srv.get("recall@20"),
    "recall_relative_diff": round(abs(srv["recall@20"] - off["recall@20"]) / off["recall@20"], 6) if "recall@20" in off else None,
    "load": load,
}))
PY
