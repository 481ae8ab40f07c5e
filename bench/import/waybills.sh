#!/usr/bin/env bash
# Waybills into SQLite (issue 5): `yanjian import` of waybills.csv alone against the C floor of the
# same file (waybills_floor.c) in Yanjian's table shape, with each batch sorted as the importer does,
# and as a plain C-API load (no key, no index), one after the other. Needs a world, e.g.
#   yanjian synth --out /tmp/w431 --seed 1 --scale 1 --waybills 4310000
#   bash bench/import/waybills.sh /tmp/w431 [ROUNDS]
set -euo pipefail
world=${1:?usage: waybills.sh WORLD_FOLDER [ROUNDS]}
rounds=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
yanjian=${YANJIAN:-$root/.build-release/release/yanjian}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/only"
cc -O2 -o "$out/waybills_floor" "$here/waybills_floor.c" -lsqlite3
ln -sf "$world/waybills.csv" "$out/only/"
for _ in $(seq "$rounds"); do
    rm -f "$out"/yanjian.db*
    /usr/bin/time -f "yanjian import: %e s wall, %U s user, %S s system, %M KB peak RSS" \
        "$yanjian" import "$out/only" --db "$out/yanjian.db" > "$out/import.txt"
    for shape in keyed sorted plain; do
        rm -f "$out"/floor.db*
        "$out/waybills_floor" "$world/waybills.csv" "$out/floor.db" "$shape"
    done
done
