#!/usr/bin/env bash
# Runs npm under Node 22 whatever the host's Node is: Hardhat 3 (and its native EDR package) needs
# Node >= 22 at install time, and a lockfile written under Node 22 must be installed under Node 22.
# Usage: bash scripts/npm22.sh ci   (any npm arguments)
set -euo pipefail
npm_cli="$(command -v npm)"
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$major" -ge 22 ]; then
  exec "$npm_cli" "$@"
fi
exec npx -y node@22 "$npm_cli" "$@"
