#!/usr/bin/env python3
"""scikit-learn timings on the bench data (see gen_data.py), the reference for the Swift models.

Prints one line per measurement: task, median wall seconds of N runs, CPU seconds, and a quality number
(AUC on the held-out rows, or k-means inertia and iterations).
Usage: ml_sklearn.py DATA_DIR [--runs 3] [--only rf,if,km] [--rf-jobs 2]
"""
import argparse
import os
import resource
import statistics
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.ensemble import IsolationForest, RandomForestClassifier
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits


def load(directory):
    rows, test, cols = (int(v) for v in open(os.path.join(directory, "shape.txt")).read().split())
    x = np.fromfile(os.path.join(directory, "train_x.f32"), dtype=np.float32).reshape(rows, cols)
    y = np.fromfile(os.path.join(directory, "train_y.u8"), dtype=np.uint8)
    tx = np.fromfile(os.path.join(directory, "test_x.f32"), dtype=np.float32).reshape(test, cols)
    ty = np.fromfile(os.path.join(directory, "test_y.u8"), dtype=np.uint8)
    return x, y, tx, ty


def timed(fn, runs):
    walls, cpus, result = [], [], None
    for _ in range(runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="if,km,rf")
    parser.add_argument("--rf-jobs", type=int, default=2)
    parser.add_argument("--rf-runs", type=int, default=None)
    args = parser.parse_args()
    x, y, tx, ty = load(args.data)
    only = set(args.only.split(","))
    print(f"data {x.shape[0]} x {x.shape[1]} ({y.mean():.2%} positive), held out {tx.shape[0]}; load {os.getloadavg()[0]:.2f}")

    if "if" in only:
        def iforest():
            model = IsolationForest(n_estimators=100, random_state=0, n_jobs=1).fit(x)
            return model.score_samples(tx)
        wall, cpu, scores = timed(iforest, args.runs)
        print(f"sklearn IsolationForest(100) fit+score_samples(test) n_jobs=1: {wall:.3f} s wall, {cpu:.3f} s CPU, "
              f"AUC {roc_auc_score(ty, -scores):.4f}")

        def iforest_train():
            model = IsolationForest(n_estimators=100, random_state=0, n_jobs=1).fit(x)
            return model.score_samples(x)
        wall, cpu, scores = timed(iforest_train, args.runs)
        print(f"sklearn IsolationForest(100) fit+score_samples(all 100k) n_jobs=1: {wall:.3f} s wall, {cpu:.3f} s CPU, "
              f"AUC {roc_auc_score(y, -scores):.4f}")

    if "if" in only:
        aucs = []
        for seed in range(5):
            model = IsolationForest(n_estimators=100, random_state=seed, n_jobs=1).fit(x)
            aucs.append(roc_auc_score(ty, -model.score_samples(tx)))
        print("sklearn IsolationForest held-out AUC over seeds 0-4: " + " ".join(f"{a:.4f}" for a in aucs)
              + f" (mean {np.mean(aucs):.4f})")

    if "km" in only:
        for threads in (2, 1):
            def kmeans():
                with threadpool_limits(limits=threads):
                    return KMeans(n_clusters=8, n_init=1, random_state=0).fit(x)
            wall, cpu, model = timed(kmeans, args.runs)
            print(f"sklearn KMeans(k=8, n_init=1) fit, {threads} thread(s): {wall:.3f} s wall, {cpu:.3f} s CPU, "
                  f"inertia {model.inertia_:.4e}, iterations {model.n_iter_}")
        # One seed's iteration count is luck of the initial centres: over twenty seeds the totals compare the
        # algorithms rather than two draws.
        cpu = iterations = inertia = 0.0
        counts = []
        with threadpool_limits(limits=1):
            for seed in range(20):
                c0 = time.process_time()
                model = KMeans(n_clusters=8, n_init=1, random_state=seed).fit(x)
                cpu += time.process_time() - c0
                iterations += model.n_iter_
                counts.append(model.n_iter_)
                inertia += model.inertia_
        print(f"sklearn KMeans(k=8, n_init=1) seeds 0-19, 1 thread: {cpu:.3f} s CPU in all, {iterations:.0f} iterations "
              f"({1000 * cpu / iterations:.2f} ms each), mean inertia {inertia / 20:.4e}; iterations per seed {counts}")

    if "rf" in only:
        def forest():
            return RandomForestClassifier(n_estimators=100, n_jobs=args.rf_jobs, random_state=0).fit(x, y)
        wall, cpu, model = timed(forest, args.rf_runs or args.runs)
        t0 = time.perf_counter()
        p = model.predict_proba(tx)[:, 1]
        predict = time.perf_counter() - t0
        t0 = time.perf_counter()
        model.predict_proba(x)
        predict_all = time.perf_counter() - t0
        depth = max(e.tree_.max_depth for e in model.estimators_)
        nodes = sum(e.tree_.node_count for e in model.estimators_) / len(model.estimators_)
        print(f"sklearn RandomForestClassifier(100) fit n_jobs={args.rf_jobs}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
              f"held-out AUC {roc_auc_score(ty, p):.4f}; predict_proba 20k {predict:.3f} s, 100k {predict_all:.3f} s; "
              f"max depth {depth}, mean nodes {nodes:.0f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
