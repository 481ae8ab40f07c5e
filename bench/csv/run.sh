#!/usr/bin/env bash
# CSV reader benchmark: our CSVReader (release build, fields as byte views) against a plain C
# RFC 4180 parse-only reference, on the stack trial's 4.31M-row waybill file.
#
#   bench/csv/run.sh [ROWS=4310000] [RUNS=3]
#
# Everything is built under $WORK (default /tmp/yanjian-csvbench), never in the repository:
# the generated CSV (kept between runs), the C reference, and a scratch SwiftPM package whose
# library target is a copy of Sources/YanjianCore/IO/*.swift (so the harness calls the reader
# across a module boundary, as an importer does).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
rows="${1:-4310000}"
runs="${2:-3}"
work="${WORK:-/tmp/yanjian-csvbench}"
mkdir -p "$work"
csv="$work/waybills-$rows.csv"

if [ ! -s "$csv" ]; then
    echo "generating $csv ($rows rows, seed 42)…"
    python3 "$here/gen_waybills.py" "$csv.tmp" "$rows" 42 && mv "$csv.tmp" "$csv"
fi
gb="$work/waybills-$rows-gb18030.csv"
if [ ! -s "$gb" ]; then iconv -f UTF-8 -t GB18030 "$csv" > "$gb"; fi

gcc -O2 -o "$work/parse_reference" "$here/parse_reference.c"

pkg="$work/pkg"
mkdir -p "$pkg/Sources/CSVIO" "$pkg/Sources/csvbench"
rm -f "$pkg/Sources/CSVIO/"*.swift
cp "$repo/Sources/YanjianCore/IO/"*.swift "$pkg/Sources/CSVIO/"
cat > "$pkg/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
]
let package = Package(
    name: "csvbench",
    targets: [
        .target(name: "CSVIO", swiftSettings: settings),
        .executableTarget(name: "csvbench", dependencies: ["CSVIO"], swiftSettings: settings),
    ]
)
SWIFT
cat > "$pkg/Sources/csvbench/main.swift" <<'SWIFT'
import CSVIO
import Foundation

// csvbench FILE.csv [views|strings]
func run(path: String, mode: String) throws {
    let clock = ContinuousClock()
    let start = clock.now
    var rows = 0, fields = 0, bytes = 0, checksum = 0
    var reader = try CSVReader(path: path)
    while let record = try reader.next() {
        rows += 1
        fields += record.count
        for i in 0..<record.count {
            if mode == "strings" {
                bytes += record.string(i).utf8.count
            } else {
                bytes += record.withField(i) { field in
                    checksum &+= Int(field.last ?? 0)
                    return field.count
                }
            }
        }
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("swift-\(mode) encoding=\(reader.encoding) rows=\(rows) fields=\(fields) field_bytes=\(bytes)"
        + " seconds=\(String(format: "%.3f", seconds)) rows_per_s=\(Int(Double(rows) / seconds))")
}
let arguments = CommandLine.arguments
try run(path: arguments[1], mode: arguments.count > 2 ? arguments[2] : "views")
SWIFT
(cd "$pkg" && swift build -c release 2>&1 | tail -1)
bench="$pkg/.build/release/csvbench"

cat "$csv" > /dev/null   # warm the page cache
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$runs"); do
    /usr/bin/time -f "  user=%U sys=%S peak_rss_kb=%M" "$work/parse_reference" "$csv"
    /usr/bin/time -f "  user=%U sys=%S peak_rss_kb=%M" "$bench" "$csv" views
done
/usr/bin/time -f "  user=%U sys=%S peak_rss_kb=%M" "$bench" "$csv" strings
/usr/bin/time -f "  user=%U sys=%S peak_rss_kb=%M" "$bench" "$gb" views
