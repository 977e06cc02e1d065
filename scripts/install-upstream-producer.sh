#!/usr/bin/env bash
# Installs the example upstream producer's npm dependencies (examples/upstream-producer: the Azure Storage SDK for
# JavaScript and @msgpack/msgpack, versions pinned in its package.json) into its node_modules (git-ignored), if
# missing. Prints the path of producer.mjs. Safe to run repeatedly.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR="$ROOT/examples/upstream-producer"
if [ ! -d "$DIR/node_modules/@azure/storage-queue" ] || [ ! -d "$DIR/node_modules/@msgpack/msgpack" ]; then
  command -v npm >/dev/null || { echo "install-upstream-producer: npm is not installed (Node.js 18+ is needed)" >&2; exit 1; }
  echo "install-upstream-producer: installing the producer's dependencies into $DIR/node_modules (once)" >&2
  (cd "$DIR" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >&2)
fi

echo "$DIR/producer.mjs"
