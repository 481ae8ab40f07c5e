#!/usr/bin/env bash
# Vehicle-perception benchmark and quality harness.
#
#   bench/convoy/run.sh timing [READS=10000000] [RUNS=3]
#       Generates (once, seeded) READS plate reads in random order with gen_reads.c, then runs, in one
#       go and alternating, the C reference of the candidate-pair sweep (convoy_reference.c) and the
#       Swift sweep (the same steps, release build), RUNS times each; then the whole Swift analysis
#       (index, convoys with baseline, cloned plates, night vehicles) with its peak RSS.
#   bench/convoy/run.sh world DIR…
#       Quality on generated worlds (SynthBench output), loaded straight from their CSV files.
#
# Everything is built under $WORK (default /tmp/yanjian-convoybench), never in the repository: the
# data, the C binaries, and a scratch SwiftPM package whose YanjianPerception target is a copy of
# the store-independent sources (Reads, Convoys, Clones, Night, Statistics, Analysis) and whose
# YanjianCore target holds only GeoPoint.swift.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${WORK:-/tmp/yanjian-convoybench}"
mode="${1:-timing}"
shift || true
mkdir -p "$work"

pkg="$work/pkg"
mkdir -p "$pkg/Sources/YanjianCore" "$pkg/Sources/YanjianPerception" "$pkg/Sources/convoybench"
rm -f "$pkg/Sources/YanjianPerception/"*.swift "$pkg/Sources/convoybench/"*.swift
cp "$repo/Sources/YanjianCore/Geo/GeoPoint.swift" "$pkg/Sources/YanjianCore/"
for folder in Reads Convoys Clones Night Statistics Analysis; do
    cp "$repo/Sources/YanjianPerception/$folder/"*.swift "$pkg/Sources/YanjianPerception/"
done
cp "$here/Harness/"*.swift "$pkg/Sources/convoybench/"
cat > "$pkg/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
]
let package = Package(
    name: "convoybench",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "YanjianCore", swiftSettings: settings),
        .target(name: "YanjianPerception", dependencies: ["YanjianCore"], swiftSettings: settings),
        .executableTarget(name: "convoybench", dependencies: ["YanjianPerception", "YanjianCore"], swiftSettings: settings),
    ]
)
SWIFT
(cd "$pkg" && swift build -c release 2>&1 | grep -E "error|warning: unre|Compiling|Build complete" | tail -5)
bench="$pkg/.build/release/convoybench"

case "$mode" in
world)
    "$bench" world "$@"
    ;;
timing)
    reads="${1:-10000000}"
    runs="${2:-3}"
    data="$work/reads-$reads.bin"
    gcc -O2 -march=native -o "$work/gen_reads" "$here/gen_reads.c" -lm
    gcc -O2 -march=native -o "$work/convoy_reference" "$here/convoy_reference.c"
    if [ ! -s "$data" ] || [ ! -s "$data.truth" ]; then
        "$work/gen_reads" "$data.tmp" "$reads" && mv "$data.tmp" "$data" && mv "$data.tmp.truth" "$data.truth"
    fi
    echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(gcc --version | head -1); $(swift --version 2>&1 | head -1)"
    for run in $(seq 1 "$runs"); do
        echo "-- run $run"
        "$work/convoy_reference" "$data" 120 64 4 1800
        "$bench" reads "$data" --sweep-only
    done
    echo "-- whole analysis"
    "$bench" reads "$data"
    ;;
*)
    echo "usage: $0 timing [READS] [RUNS] | world DIR…" >&2
    exit 2
    ;;
esac
