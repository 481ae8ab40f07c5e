#!/usr/bin/env bash
# Builds the Swift ML benchmark outside SwiftPM: release, whole-module, from the model sources themselves
# (YanjianModels' Learning/, Statistics/ and Risk/ scoring, which need SplitMix64 and RiskPattern from YanjianCore).
# Usage: bench/ml/swift/build.sh [OUT_DIR]   (default /tmp/yanjian-mlbench) → OUT_DIR/mlbench
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
out="${1:-/tmp/yanjian-mlbench}"
mkdir -p "$out"
flags=(-O -wmo -swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility)
# The two YanjianCore files they use, as a module.
swiftc "${flags[@]}" -parse-as-library -emit-module -emit-library -static -module-name YanjianCore \
    -emit-module-path "$out/YanjianCore.swiftmodule" -o "$out/libYanjianCore.a" \
    "$root/Sources/YanjianCore/Random/SplitMix64.swift" "$root/Sources/YanjianCore/Enums/RiskPattern.swift"
sources=("$root"/Sources/YanjianModels/Learning/*.swift "$root"/Sources/YanjianModels/Statistics/*.swift)
if [ -d "$root/Sources/YanjianModels/Scoring" ]; then sources+=("$root"/Sources/YanjianModels/Scoring/*.swift); fi
swiftc "${flags[@]}" -parse-as-library -module-name MLBench -I "$out" -L "$out" -lYanjianCore \
    "${sources[@]}" "$root"/bench/ml/swift/*.swift -o "$out/mlbench"
echo "built $out/mlbench"
