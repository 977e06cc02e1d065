#!/usr/bin/env bash
# Quality within a time budget (issue: LightGCN Recall@20 >= 0.175 on gowalla, >= 0.062 on yelp2018, each within
# 60 minutes; SGL and SimGCL above LightGCN on yelp2018). Progress (recall against elapsed time) goes to stderr and
# is kept in runs/<dataset>-<model>.log; the JSON summary is the last stdout line.
# usage: bench/train-quality.sh DATASET MODEL [MINUTES] [extra train options...]
set -euo pipefail
cd "$(dirname "$0")/.."
DATASET=${1:?dataset folder name under ../shared/data, e.g. gowalla}
MODEL=${2:-lightgcn}
MINUTES=${3:-60}
shift $(( $# < 3 ? $# : 3 ))
mkdir -p runs
dotnet build src/Client -c Release -v q -nologo >/dev/null
dotnet src/Client/bin/Release/net10.0/unlearnrec.dll train --data "../shared/data/$DATASET" --model "$MODEL" \
  --epochs 1000 --eval-every 5 --patience 0 --time-budget "$MINUTES" --out "runs/$DATASET-$MODEL" --json "$@" \
  2> >(tee "runs/$DATASET-$MODEL.log" >&2) | tail -n 1
