#!/usr/bin/env bash
# Issue 6's graph figures beside their references, one after the other (never two heavy things at
# once): the Swift bench (load, components, communities, 2-hop), then the C union-find and the C CSR
# on the edges it wrote, then python-igraph on the projection it wrote. Prints a table at the end.
#
#   bench/graph/run.sh /tmp/w431.db [OUT]      (OUT defaults to /tmp/graphbench; generated files go there)
#
# Needs: the release bench (swift build -c release --scratch-path .build-release --product YanjianBench),
# cc, python3 with python-igraph and numpy (pip install python-igraph numpy).
set -euo pipefail
db=${1:?usage: run.sh DB [OUT]}
out=${2:-/tmp/graphbench}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${YANJIAN_BENCH:-$root/.build-release/release/YanjianBench}
mkdir -p "$out"
[ -x "$bench" ] || { echo "no release bench at $bench; build it first" >&2; exit 1; }
python3 -c 'import igraph, numpy' || { echo "pip install python-igraph numpy" >&2; exit 1; }

cc -O2 -o "$out/union_find" "$here/union_find.c"
cc -O2 -o "$out/csr_2hop" "$here/csr_2hop.c"
cc -O2 -o "$out/scan_floor" "$here/scan_floor.c" -lsqlite3

log="$out/results.txt"
: > "$log"
echo "== $(date -u '+%F %T') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), db $db" | tee -a "$log"
case "$db" in
    postgres://*|postgresql://*) ;;
    *) "$out/scan_floor" "$db" | sed 's/^scan floor: /C        scan of the waybill columns  /' | tee -a "$log" ;;
esac
"$bench" graph --db "$db" --out "$out" | tee -a "$log"
"$out/union_find" "$out/edges.bin" | tee -a "$log"
"$out/csr_2hop" "$out/edges.bin" "$out/queries.bin" | tee -a "$log"
python3 "$here/igraph_leiden.py" "$out/projection.bin" | tee -a "$log"

# The table: each figure and the reference the issue measures it against.
python3 - "$log" <<'PY'
import re, sys
rows = {}
for text in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"(\w+)\s+(.*?)\s{2,}(.*)$", text.rstrip("\n"))
    if m:
        rows[(m.group(1), m.group(2))] = m.group(3)
def get(side, prefix):
    for (s, name), value in rows.items():
        if s == side and name.startswith(prefix):
            return value
    return "-"
def secs(value):
    m = re.match(r"\s*([\d.]+) s", value)
    return float(m.group(1)) if m else None
def pct(value, which):
    m = re.search(which + r"\s+([\d.]+) µs", value)
    return float(m.group(1)) if m else None
def modularity(value):
    m = re.search(r"modularity ([\d.-]+)", value)
    return float(m.group(1)) if m else None

ours_cc, c_cc = secs(get("swift", "components")), secs(get("C", "components"))
ours_cd, leiden, louvain = secs(get("swift", "communities")), secs(get("igraph", "community_leiden(objective_function=modularity), 2 it")), secs(get("igraph", "community_multilevel"))
q_ours, q_leiden, q_louvain = modularity(get("swift", "communities")), modularity(get("igraph", "community_leiden(objective_function=modularity), 2 it")), modularity(get("igraph", "community_multilevel"))
q_stable = modularity(get("igraph", "community_leiden(objective_function=modularity), until"))
ours_hop, c_hop = get("swift", "2-hop, every"), get("C", "2-hop")
def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "-"
print()
print("| figure | ours | reference | ratio (target) |")
print("|---|---|---|---|")
scan = re.search(r"([\d.]+) s \(", get("C", "scan of the waybill columns"))
print(f"| graph load | {secs(get('swift', 'load'))} s | C scan of the waybill columns it reads {scan.group(1) + ' s' if scan else '-'} | {ratio(secs(get('swift', 'load')), float(scan.group(1))) if scan else '-'} |")
print(f"| connected components | {ours_cc} s | C union-find {c_cc} s | {ratio(ours_cc, c_cc)} (≤ 1.5×) |")
stable = f" (until stable: Q {q_stable})" if q_stable is not None else ""
print(f"| communities | {ours_cd} s, Q {q_ours} | igraph Leiden {leiden} s, Q {q_leiden}{stable}; Louvain {louvain} s, Q {q_louvain}; build {secs(get('igraph', 'build'))} s | {ratio(ours_cd, leiden)} of Leiden (≤ 1.5×), ΔQ {q_ours - q_leiden if q_ours is not None and q_leiden is not None else float('nan'):+.4f} (within 0.005) |")
print(f"| 2-hop p50 | {pct(ours_hop, 'p50')} µs | C CSR {pct(c_hop, 'p50')} µs | {ratio(pct(ours_hop, 'p50'), pct(c_hop, 'p50'))} |")
print(f"| 2-hop p99 | {pct(ours_hop, 'p99')} µs | C CSR {pct(c_hop, 'p99')} µs | {ratio(pct(ours_hop, 'p99'), pct(c_hop, 'p99'))} (≤ 2×) |")
hop_default = get("swift", "2-hop, default")
print(f"| 2-hop p50 / p99, default filter | {pct(hop_default, 'p50')} / {pct(hop_default, 'p99')} µs | – | – |")
PY
