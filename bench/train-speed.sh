#!/usr/bin/env bash
# Step and epoch time of backbone training (issue: step <= 40 ms, epoch <= 8 s for LightGCN on ml-1m).
# Prints the run's JSON line (step_ms_median, epoch_seconds_median, peak_rss_mb, ...). Measure on an idle machine.
# usage: bench/train-speed.sh [DATA_DIR] [MODEL] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/ml-1m}
MODEL=${2:-lightgcn}
EPOCHS=${3:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
dotnet build src/Client -c Release -v q -nologo >/dev/null
dotnet src/Client/bin/Release/net10.0/unlearnrec.dll train --data "$DATA" --model "$MODEL" \
  --dim 64 --layers 3 --batch 4096 --epochs "$EPOCHS" --eval-every 0 --patience 0 --out "$OUT/bundle" --json | tail -n 1
