#!/usr/bin/env bash
# Browser end-to-end tests (issue 5), as CI runs them: starts a Hardhat node, deploys and seeds it
# with the project's scripts, starts the prover service and the built web app on free loopback
# ports, runs test/e2e/*.test.ts in headless Chromium, and stops everything it started, whatever
# happens. Screenshots land in test/e2e/screenshots/; when every test passed, the measured
# webFirstLoadKb and browserVerifyMs go to bench/results/web.json (read by npm run bench).
#
# Needs Debian's chromium (apt-get install -y chromium) or CHROMIUM_PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "run.sh: no Chromium at $CHROMIUM_PATH: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi

logs="$(mktemp -d /tmp/zkcredit-e2e-logs.XXXXXX)"
export E2E_METRICS="$logs/metrics.json"
pids=()
cleanup() {
  status=$?
  for pid in "${pids[@]}"; do
    # Each service runs in its own process group (setsid): stop the group, not just npx.
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for f in "$logs"/*.log; do
      printf '\n----- %s (last 40 lines) -----\n' "$f" >&2
      tail -n 40 "$f" >&2 || true
    done
  fi
  rm -rf "$logs"
  exit "$status"
}
trap cleanup EXIT INT TERM

free_port() { npx node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# start NAME COMMAND...: runs a service in its own process group, output to $logs/NAME.log.
start() {
  local name=$1
  shift
  setsid "$@" >"$logs/$name.log" 2>&1 &
  pids+=("$!")
}

# wait_for NAME URL [DATA]: polls until the URL answers (POSTing DATA when given), 120 s at most.
wait_for() {
  local name=$1 url=$2 data=${3:-}
  for _ in $(seq 1 240); do
    if [ -n "$data" ]; then
      curl -sf -H 'content-type: application/json' --data "$data" "$url" >/dev/null 2>&1 && return 0
    else
      curl -sf "$url" >/dev/null 2>&1 && return 0
    fi
    sleep 0.5
  done
  echo "run.sh: $name did not come up at $url" >&2
  return 1
}

rpc_port=$(free_port)
prover_port=$(free_port)
web_port=$(free_port)
export RPC_URL="http://127.0.0.1:$rpc_port"
prover_url="http://127.0.0.1:$prover_port"
web_url="http://127.0.0.1:$web_port"

# Screenshots describe this run only.
rm -rf test/e2e/screenshots
echo "run.sh: chain $RPC_URL, prover $prover_url, app $web_url"
start node npx hardhat node --hostname 127.0.0.1 --port "$rpc_port"
wait_for "hardhat node" "$RPC_URL" '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}'

# One attestor key for the deploy script (which trusts it on chain) and the prover (which signs).
export ZKCREDIT_ATTESTOR_KEY="${ZKCREDIT_ATTESTOR_KEY:-$(npx node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')}"

echo "run.sh: deploy and seed"
npx hardhat run --network localhost scripts/deploy.ts
npx hardhat run --network localhost scripts/seed.ts

start prover env PORT="$prover_port" ZKCREDIT_RPC_URL="$RPC_URL" ZKCREDIT_CORS_ORIGINS="$web_url" npm run serve
wait_for "prover service" "$prover_url/healthz"

# The RPC and prover URLs are inlined at build time, so the app is built for this run's ports.
echo "run.sh: next build"
NEXT_TELEMETRY_DISABLED=1 NEXT_PUBLIC_RPC_URL="$RPC_URL" NEXT_PUBLIC_PROVER_URL="$prover_url" npx next build web
npx tsx test/e2e/first-load.ts web
start web env NEXT_TELEMETRY_DISABLED=1 npx next start web --hostname 127.0.0.1 --port "$web_port"
wait_for "web app" "$web_url/"

echo "run.sh: browser tests"
# The seed's "pays-in-full" borrower (wallet 2, scripts/lib/seed.ts): a history good enough for a
# better tier than the unscored one, and no score yet.
E2E_BORROWER="${E2E_BORROWER:-$(curl -s -H 'content-type: application/json' \
  --data '{"jsonrpc":"2.0","id":1,"method":"eth_accounts","params":[]}' "$RPC_URL" |
  npx node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).result[2]))')}"
export E2E_BORROWER
E2E_BASE_URL="$web_url" E2E_RPC_URL="$RPC_URL" E2E_PROVER_URL="$prover_url" CHROMIUM_PATH="$CHROMIUM_PATH" \
  npx tsx --test --test-concurrency=1 test/e2e/journey.test.ts test/e2e/bad-input.test.ts
mkdir -p bench/results
npx node -e '
const fs = require("fs");
const m = JSON.parse(fs.readFileSync(process.env.E2E_METRICS, "utf8"));
const out = { generatedBy: "bash test/e2e/run.sh", date: new Date().toISOString(), ...m };
fs.writeFileSync("bench/results/web.json", JSON.stringify(out, null, 2) + "\n");
console.log(out);'
echo "run.sh: screenshots in test/e2e/screenshots/, figures in bench/results/web.json"
