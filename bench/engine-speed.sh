#!/usr/bin/env bash
# The influence engine alone (no cluster, no storage): milliseconds per request computation and per flush on a
# bundle, with the engine's default settings and one kernel thread, as the gpu silo runs it. Prints the JSON line of
# `unlearnrec bench-engine` (see `unlearnrec bench-engine --help`). Measures; asserts nothing.
#
# usage: bench/engine-speed.sh BUNDLE [bench-engine options...]
#   e.g. bench/engine-speed.sh runs/ml1m-enc --requests-per-computation 50 --computations 150
# To compare two builds, run this script from two `git worktree`s alternately, a few runs each: this machine's speed
# drifts from one hour to the next, so only runs close together compare.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=$(realpath "${1:?bundle}"); shift
dotnet build src/Client -c Release -v q -nologo >/dev/null
# progress and any error go to stderr; stdout ends with the JSON line
dotnet src/Client/bin/Release/net10.0/unlearnrec.dll bench-engine --bundle "$BUNDLE" "$@" | tail -n 1
