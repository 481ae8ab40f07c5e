#!/usr/bin/env bash
# Bulk insert of 1M waybill rows into SQLite (issue 3): `YanjianBench bulk` against the C floor of the
# same rows, table and settings (waybills_floor.c), alternating, each on a fresh database file.
#   bash bench/bulk/run.sh [ROUNDS] [ROWS]
set -euo pipefail
rounds=${1:-3}
rows=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${YANJIAN_BENCH:-$root/.build-release/release/YanjianBench}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -o "$out/waybills_floor" "$here/waybills_floor.c" -lsqlite3
for _ in $(seq "$rounds"); do
    rm -f "$out"/bench.db* "$out"/floor.db*
    "$bench" bulk --db "$out/bench.db" --rows "$rows" --defer-indexes
    "$out/waybills_floor" "$out/floor.db" "$rows"
done
