#!/usr/bin/env bash
# Saves one PNG per screen of the web app (login.png, overview.png) at 1366×768 into
# docs/screenshots/ (or the folder given), from a server that is already running.
#
#   YANJIAN_URL=http://127.0.0.1:8080 YANJIAN_USER=admin YANJIAN_PASSWORD=… scripts/screenshots.sh [OUT_DIR]
#
# Same browser set-up as scripts/browser-test.sh (installs chromium, chromium-driver,
# fonts-noto-cjk and selenium when missing). YANJIAN_SCREENSHOT_LANG=en takes English ones.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/browser-test.sh --install-only
for name in YANJIAN_URL YANJIAN_USER YANJIAN_PASSWORD; do
  [[ -n ${!name:-} ]] || { printf 'screenshots: %s is not set\n' "$name" >&2; exit 2; }
done
export SE_OFFLINE=true
exec "${PYTHON:-python3}" Tests/Browser/take_screenshots.py "${1:-docs/screenshots}"
