#!/usr/bin/env python3
"""python-igraph's Leiden and Louvain (and, on edges.bin, connected components) on the graph our community detection runs on.

Reads projection.bin (LinkAnalysis's weighted projection, written by `YanjianBench graph`:
Int64 node count, Int64 edge count, Int32 sources, Int32 targets, Float64 weights; one row per
undirected edge) or, given edges.bin, the unweighted entity graph. Times the igraph build apart
from the algorithms; prints each algorithm's time, community count and weighted modularity
(resolution 1, self-loops counted twice in degrees, as CommunityDetection.modularity does).

    pip install python-igraph numpy
    python3 igraph_leiden.py /tmp/graphbench/projection.bin [--until-stable]
"""
import sys
import time

import igraph
import numpy as np


def read(path):
    with open(path, "rb") as f:
        n, m = np.fromfile(f, dtype="<i8", count=2)
        sources = np.fromfile(f, dtype="<i4", count=m)
        targets = np.fromfile(f, dtype="<i4", count=m)
        weights = np.fromfile(f, dtype="<f8", count=m)
    if len(sources) != m or len(targets) != m:
        sys.exit(f"{path}: short edge arrays")
    return int(n), sources, targets, (weights if len(weights) == m else None)


def line(name, seconds, detail):
    print(f"igraph {name:<64} {seconds:8.3f} s   {detail}", flush=True)


def main():
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = paths[0] if paths else "/tmp/graphbench/projection.bin"
    n, sources, targets, weights = read(path)
    started = time.perf_counter()
    graph = igraph.Graph(n=n, edges=np.column_stack((sources, targets)), directed=False)
    if weights is not None:
        graph.es["weight"] = weights
    line("build Graph from numpy arrays", time.perf_counter() - started,
         f"{graph.vcount()} nodes, {graph.ecount()} edges, python-igraph {igraph.__version__}")
    w = "weight" if weights is not None else None

    if weights is None:
        started = time.perf_counter()
        components = graph.connected_components()
        line("connected_components", time.perf_counter() - started, f"{len(components)} components")

    started = time.perf_counter()
    leiden = graph.community_leiden(objective_function="modularity", weights=w)
    seconds = time.perf_counter() - started
    q = graph.modularity(leiden.membership, weights=w)
    line("community_leiden(objective_function=modularity), 2 iterations", seconds,
         f"{len(leiden)} communities, modularity {q:.4f}")

    if "--until-stable" in sys.argv:  # 694 s on the 4.31M-waybill projection (README): not run by default
        started = time.perf_counter()
        converged = graph.community_leiden(objective_function="modularity", weights=w, n_iterations=-1)
        seconds = time.perf_counter() - started
        q = graph.modularity(converged.membership, weights=w)
        line("community_leiden(objective_function=modularity), until stable", seconds,
             f"{len(converged)} communities, modularity {q:.4f}")

    started = time.perf_counter()
    louvain = graph.community_multilevel(weights=w)
    seconds = time.perf_counter() - started
    q = graph.modularity(louvain.membership, weights=w)
    line("community_multilevel (Louvain)", seconds, f"{len(louvain)} communities, modularity {q:.4f}")


if __name__ == "__main__":
    main()
