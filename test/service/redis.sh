#!/usr/bin/env bash
# Redis-mode tests of the prover service (test/service/redis.test.ts) against a real redis-server:
# installed from Debian if missing, started on a free loopback port with no persistence, stopped
# on exit whatever happens. CI runs this file when it exists.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server not found: installing the Debian package"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y redis-server
fi

# A free port: bind port 0 on loopback and read the one the kernel picked.
PORT="$(npx --no-install node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')"
DATA_DIR="$(mktemp -d)"
redis-server --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no --dir "$DATA_DIR" \
  --daemonize no --loglevel warning &
REDIS_PID=$!
cleanup() {
  kill "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT INT TERM

for _ in $(seq 1 50); do
  if redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then break; fi
  sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$PORT" ping | grep -q PONG || { echo "redis-server did not start" >&2; exit 1; }
echo "redis-server $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/') on 127.0.0.1:$PORT"

REDIS_URL="redis://127.0.0.1:$PORT" npx hardhat test nodejs test/service/redis.test.ts
