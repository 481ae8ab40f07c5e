#!/usr/bin/env bash
# The whole test suite, with its own set-up, on a fresh Debian machine:
#   1. installs what is missing (libsqlite3-dev, zlib1g-dev for .xlsx, PostgreSQL; the browser test installs Chromium),
#   2. starts a throwaway PostgreSQL cluster on 127.0.0.1 in a temporary folder,
#   3. runs `swift test` (the storage contract suite runs on SQLite and on that PostgreSQL),
#   4. runs the headless-Chromium tests of the web app against a real `yanjian serve`,
#   5. stops everything it started, also on failure.
# Usage: scripts/test.sh            (set SKIP_BROWSER=1 to leave out the browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

log() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  if [ $APT_UPDATED = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
export -f apt_install as_root log 2>/dev/null || true

apt_install libsqlite3-dev zlib1g-dev postgresql postgresql-contrib

# --- a throwaway PostgreSQL cluster on 127.0.0.1 -------------------------------------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=$(mktemp -d /tmp/yanjian-pg.XXXXXX)
PG_PORT=${YANJIAN_TEST_PG_PORT:-$(( 54000 + RANDOM % 900 ))}
SERVER_PID=""
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  local status=$?
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$PG_DIR"
  exit $status
}
trap cleanup EXIT INT TERM
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
log "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT in $PG_DIR"
run_pg "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust -U yanjian -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
run_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U yanjian yanjian_test
export YANJIAN_TEST_POSTGRES_URL="postgres://yanjian@127.0.0.1:$PG_PORT/yanjian_test?sslmode=disable"

# --- Swift tests ---------------------------------------------------------------------------------
log "building"
swift build --build-tests
log "swift test (storage contract suite on SQLite and PostgreSQL)"
swift test --skip-build 2>&1 | tee "$PG_DIR/swift-test.log"
pg_tests=$(grep -c 'postgres' "$PG_DIR/swift-test.log" || true)
echo "PostgreSQL-parameterised test cases reported: $pg_tests"

# --- the binary end to end: audit tampering, TLS, schema refusal, argument errors -------------------
BIN=$(swift build --show-bin-path)/yanjian
apt_install sqlite3 openssl curl python3
log "CLI end-to-end checks"
bash scripts/cli-test.sh "$BIN"

# --- browser tests against a real server ---------------------------------------------------------
if [ "${SKIP_BROWSER:-0}" != 1 ]; then
  WEB_DIR="$PG_DIR/web"; mkdir -p "$WEB_DIR"
  WEB_PORT=$(( 18000 + RANDOM % 900 ))
  PASSWORD="browser-test-$(date +%s)-pass"
  export YANJIAN_AUDIT_KEY_FILE="$WEB_DIR/audit.key"
  "$BIN" migrate --db "$WEB_DIR/web.db" >/dev/null
  # A tiny generated world, imported and analysed, so the screens show real records and findings.
  "$BIN" synth --out "$WEB_DIR/world" --seed 5 --scale 0.02 >/dev/null
  "$BIN" import "$WEB_DIR/world" --db "$WEB_DIR/web.db" >/dev/null 2>&1
  "$BIN" analyze --db "$WEB_DIR/web.db" >/dev/null 2>&1
  echo "$PASSWORD" | "$BIN" user add browser.admin --role admin --department tobacco --jurisdiction '*' \
      --name 浏览器测试 --password-stdin --db "$WEB_DIR/web.db" >/dev/null
  "$BIN" serve --db "$WEB_DIR/web.db" --port "$WEB_PORT" >"$WEB_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$WEB_PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
  log "browser tests (headless Chromium) against http://127.0.0.1:$WEB_PORT"
  YANJIAN_URL="http://127.0.0.1:$WEB_PORT" YANJIAN_USER=browser.admin YANJIAN_PASSWORD="$PASSWORD" \
    bash scripts/browser-test.sh
  kill "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
fi
log "all tests passed"
