#!/usr/bin/env bash
# Plate reads into SQLite (issue 8): `yanjian import` against the C floor of the same table, one after
# the other on the same file. Needs a world with plate reads, e.g.
#   yanjian synth --out /tmp/pr10/w --seed 1 --scale 0.05 --plate-reads 10000000
#   bash bench/import/run.sh /tmp/pr10/w [OUT]
set -euo pipefail
world=${1:?usage: run.sh WORLD_FOLDER [OUT]}
out=${2:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
yanjian=${YANJIAN:-$root/.build-release/release/yanjian}
mkdir -p "$out/only"
cc -O2 -o "$out/plate_reads_floor" "$here/plate_reads_floor.c" -lsqlite3
ln -sf "$world/cameras.csv" "$world/plate_reads.csv" "$out/only/"
rm -f "$out"/yanjian.db*
/usr/bin/time -f "yanjian import: %e s wall, %U s user, %S s system, %M KB peak RSS" \
    "$yanjian" import "$out/only" --db "$out/yanjian.db" > "$out/import.txt"
for shape in keyed worid rowid; do
    rm -f "$out"/floor.db*
    "$out/plate_reads_floor" "$world/plate_reads.csv" "$out/floor.db" "$shape"
done
rm -f "$out"/floor.db* "$out"/yanjian.db*
