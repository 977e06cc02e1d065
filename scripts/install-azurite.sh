#!/usr/bin/env bash
# Installs Azurite 3.37.0 (the Azure Storage emulator) with npm into <repo>/.azurite (git-ignored), if missing.
# Prints the path of azurite.js. Safe to run repeatedly.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR="$ROOT/.azurite"
ENTRY="$DIR/node_modules/azurite/dist/src/azurite.js"
VERSION=3.37.0

if [ ! -f "$ENTRY" ]; then
  command -v npm >/dev/null || { echo "install-azurite: npm is not installed (Node.js 18+ is needed for Azurite)" >&2; exit 1; }
  mkdir -p "$DIR"
  echo "install-azurite: installing azurite@$VERSION into $DIR (once, ~30 s)" >&2
  (cd "$DIR" && npm install --no-audit --no-fund --loglevel=error "azurite@$VERSION" >&2)
fi

[ -f "$ENTRY" ] || { echo "install-azurite: $ENTRY missing after install" >&2; exit 1; }
echo "$ENTRY"
