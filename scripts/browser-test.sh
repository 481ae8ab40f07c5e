#!/usr/bin/env bash
# Browser tests of the web app (Tests/Browser) in headless Chromium, against a server that is
# already running. Only the browser side is handled here: starting the server is the caller's job.
#
#   YANJIAN_URL=http://127.0.0.1:8080 YANJIAN_USER=admin YANJIAN_PASSWORD=… scripts/browser-test.sh [pytest args…]
#   scripts/browser-test.sh --install-only     # just make sure the browser tooling is installed
#
# Installs when missing: Debian's chromium, chromium-driver and fonts-noto-cjk (apt-get, as root),
# and python selenium (pip). Selenium Manager never downloads anything: the driver is
# /usr/bin/chromedriver and SE_OFFLINE=true. Optional: PYTHON, CHROMIUM_BIN, CHROMEDRIVER,
# YANJIAN_WAIT_SECONDS (how long to wait for the server's /api/v1/health, default 30).
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
export SE_OFFLINE=true
export CHROMIUM_BIN=${CHROMIUM_BIN:-/usr/bin/chromium}
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
SELENIUM_SPEC='selenium>=4.20,<5'   # 4.51 checked with Debian 12's chromium 156

log() { printf 'browser-test: %s\n' "$*" >&2; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_debian_packages() {
  local missing=() package
  for package in chromium chromium-driver fonts-noto-cjk; do
    installed "$package" || missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    log "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
    exit 2
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

pip_install() {
  # Debian's own python refuses pip installs (PEP 668) unless told otherwise.
  "$PYTHON" -m pip install --quiet --disable-pip-version-check "$@" 2>/dev/null \
    || "$PYTHON" -m pip install --quiet --disable-pip-version-check --break-system-packages "$@"
}

install_python_packages() {
  if ! "$PYTHON" -c 'import selenium' 2>/dev/null; then
    log "installing $SELENIUM_SPEC"
    pip_install "$SELENIUM_SPEC"
  fi
  if ! "$PYTHON" -m pytest --version >/dev/null 2>&1; then
    log "installing pytest"
    pip_install pytest
  fi
}

wait_for_server() {
  local seconds=${YANJIAN_WAIT_SECONDS:-30}
  YANJIAN_WAIT_SECONDS=$seconds "$PYTHON" - <<'PY' || { log "no answer from $YANJIAN_URL/api/v1/health"; exit 3; }
import os, time, urllib.request
url = os.environ["YANJIAN_URL"].rstrip("/") + "/api/v1/health"
deadline = time.monotonic() + float(os.environ["YANJIAN_WAIT_SECONDS"])
while True:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            if answer.status == 200:
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        raise SystemExit(1)
    time.sleep(0.5)
PY
}

install_debian_packages
install_python_packages
[[ -x $CHROMIUM_BIN && -x $CHROMEDRIVER ]] || { log "no $CHROMIUM_BIN or $CHROMEDRIVER"; exit 2; }
if [[ ${1:-} == --install-only ]]; then
  exit 0
fi

for name in YANJIAN_URL YANJIAN_USER YANJIAN_PASSWORD; do
  [[ -n ${!name:-} ]] || { log "$name is not set (the server must already run; see the header of this script)"; exit 2; }
done
wait_for_server
log "$("$CHROMIUM_BIN" --version 2>/dev/null | head -n1), selenium $("$PYTHON" -c 'import selenium; print(selenium.__version__)')"
exec "$PYTHON" -m pytest -q -p no:cacheprovider Tests/Browser "$@"
