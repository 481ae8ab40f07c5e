#!/usr/bin/env python3
"""Seeded retailer-like benchmark data for the ML comparison (perf-anchors task 3).

100,000 x 24 float32 training rows with 4 % positives (mean-shifted on 6 features, wider on 3), plus a
held-out set of 20,000 rows from the same distribution for AUC. Written as raw little-endian files:
  train_x.f32 (rows*24 float32, row-major), train_y.u8, test_x.f32, test_y.u8, shape.txt ("rows cols").
Usage: gen_data.py OUT_DIR [--rows 100000] [--test 20000] [--seed 42]
"""
import argparse
import os

import numpy as np


def make(rng, rows, cols):
    x = rng.standard_normal((rows, cols)).astype(np.float32)
    y = (rng.random(rows) < 0.04)
    k = int(y.sum())
    x[y, 0:6] += rng.normal(1.0, 0.3, (k, 6)).astype(np.float32)   # mean-shifted on 6 features
    x[y, 6:9] *= np.float32(2.5)                                    # wider on 3
    # A few correlated and skewed columns, as real features are (log volumes, ratios).
    x[:, 9] = x[:, 0] * 0.6 + x[:, 9] * 0.8
    x[:, 10] = np.exp(x[:, 10] * 0.5).astype(np.float32)
    x[:, 11] = np.round(np.abs(x[:, 11]) * 3).astype(np.float32)   # a count-like column with ties
    return np.ascontiguousarray(x, dtype=np.float32), y.astype(np.uint8)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--test", type=int, default=20_000)
    parser.add_argument("--cols", type=int, default=24)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    x, y = make(rng, args.rows, args.cols)
    tx, ty = make(rng, args.test, args.cols)
    x.tofile(os.path.join(args.out, "train_x.f32"))
    y.tofile(os.path.join(args.out, "train_y.u8"))
    tx.tofile(os.path.join(args.out, "test_x.f32"))
    ty.tofile(os.path.join(args.out, "test_y.u8"))
    with open(os.path.join(args.out, "shape.txt"), "w") as f:
        f.write(f"{args.rows} {args.test} {args.cols}\n")
    print(f"wrote {args.rows}+{args.test} x {args.cols} to {args.out}: {y.mean():.3%} positive")


if __name__ == "__main__":
    main()
