#!/usr/bin/env bash
# HTTP figures of issue 3, on loopback with wrk (2 threads, 64 connections, 10 s after a 3 s warm-up):
#   GET /api/v1/health                                  target >= 20,000 req/s
#   GET /api/v1/records/retailers?per_page=50 (analyst: jurisdiction-scoped, masked)  target >= 5,000 req/s
# Usage: [AUTH_CACHE=seconds] [SCALE=0.2] bench/http/run.sh [path/to/release/yanjian]   (default: .build-release/release/yanjian)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build-release/release/yanjian}
[ -x "$BIN" ] || { echo "build it first: swift build -c release --scratch-path .build-release --product yanjian"; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
WORK=$(mktemp -d /tmp/yanjian-http.XXXXXX)
PORT=$(( 19000 + RANDOM % 900 ))
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$BIN" demo --dir "$WORK/demo" --port "$PORT" --scale "${SCALE:-0.2}" ${AUTH_CACHE:+--auth-cache "$AUTH_CACHE"} >"$WORK/out.log" 2>"$WORK/err.log" &
PID=$!
for _ in $(seq 1 600); do grep -q "analyst" "$WORK/out.log" 2>/dev/null && break; sleep 0.5; done
PASS=$(awk '$1=="analyst"{print $2}' "$WORK/out.log")
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' -d "{\"username\":\"analyst\",\"password\":\"$PASS\"}" \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
ROWS=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/records/retailers?per_page=50" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["items"]), "rows, masked =", d["masked"])')
echo "list returns: $ROWS"
run() {
  wrk -t2 -c64 -d3s "$@" >/dev/null
  wrk -t2 -c64 -d10s --latency "$@"
}
echo "== GET /api/v1/health"
run "http://127.0.0.1:$PORT/api/v1/health" | grep -E "Requests/sec|Latency|99%"
echo "== GET /api/v1/me (the token check and a small answer)"
run -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/me" | grep -E "Requests/sec|Latency|99%|Non-2xx"
echo "== GET /api/v1/records/retailers?per_page=50 (analyst, scoped + masked)"
run -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/records/retailers?per_page=50" | grep -E "Requests/sec|Latency|99%|Non-2xx"
