#!/usr/bin/env python3
"""Writes a world again with the same facts in other spellings the interchange format allows.

    python3 scripts/respell-world.py IN_WORLD OUT_WORLD [--seed N] [--shuffle-rows]

Another bureau's export, or another generator, states the same facts in other ways. Each of these is
allowed by ../shared/spec/data-formats.md and domain-facts.md, so a world and its respelled copy must
give the same findings (a metamorphic test: scripts/cli-test.sh runs it on a small world; run it on
a large one the same way):

- CSV: columns in another order, an unknown column added, a BOM, CRLF line ends, every field quoted
  (each file gets some of these, by a seeded draw);
- mobile phones in the accepted input forms (`+86 138 1234 5678`, `008613812345678`, full-width
  digits …), landlines as `(0536)1234567`, also inside `|`-joined lists and case links;
- plates with a separator dot, a space, lower case or full-width letters; ID numbers ending in `x`;
- times as UTC (`…Z`), as `YYYY-MM-DD HH:MM:SS` or `YYYY年M月D日 HH:MM:SS` (Asia/Shanghai) instead of
  `…+08:00`; dates as `YYYY/M/D`, `YYYY.MM.DD` or `YYYY年M月D日`;
- money without trailing zeros (`218.00` → `218`), with `¥`, `元` or `RMB`, or thousands separators;
- spaces (ASCII or ideographic) around one value in twenty;
- JSON Lines with the keys in another order and an unknown key;
- with --shuffle-rows, the rows of every file in another order. The importer stores each batch of up
  to 200,000 rows in key order, so findings stay the same for files of up to that many rows; only the
  lineage (`source_line`) changes.

Addresses and names are left as written: they are stored as written, so a respelling of them is a
different record (the address keys agree, the display text does not). truth.json and defects.json
are copied unchanged. A --messy world can be read too (its GB18030 file is written back as UTF-8, its rows
with a wrong field count are left as they are), but without --shuffle-rows: its repeated records are
updates, and the last one wins.
"""
import csv
import datetime
import io
import json
import os
import random
import re
import shutil
import sys

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0\d{2,3})-([2-9]\d{6,7})$")
PLATE = re.compile(r"^([\u4e00-\u9fff])([A-Z])([0-9A-Z]{5,6})$")
ID_X = re.compile(r"^\d{17}X$")
OFFSET_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
MONEY = re.compile(r"^-?\d+\.\d*0$")

PHONE_FIELDS = {"sender_phone", "receiver_phone", "phone", "phones"}
PLATE_FIELDS = {"plate", "plates"}
ID_FIELDS = {"id_no", "owner_id_no", "legal_person_id_no"}
TIME_FIELDS = {"ts", "accepted_at", "delivered_at", "received_at"}
MONEY_FIELDS = {"unit_price", "amount", "value_yuan"}
DATE_FIELDS = {"order_date", "opened_on", "issued_on", "expires_on", "updated_on"}
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FULL_WIDTH = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")


class Respeller:
    def __init__(self, seed, shuffle_rows=False):
        self.random = random.Random(seed)
        self.shuffle_rows = shuffle_rows

    def phone(self, value):
        if MOBILE.match(value):
            d = value
            forms = [
                f"+86 {d[:3]} {d[3:7]} {d[7:]}", f"+86{d}", f"0086{d}", f"86-{d[:3]}-{d[3:7]}-{d[7:]}",
                f"{d[:3]}-{d[3:7]}-{d[7:]}", f"{d[:3]} {d[3:7]} {d[7:]}", d.translate(FULL_WIDTH), d,
            ]
            return self.random.choice(forms)
        m = LANDLINE.match(value)
        if m:
            return self.random.choice([f"({m.group(1)}){m.group(2)}", f"{m.group(1)} {m.group(2)}", value])
        return value

    def plate(self, value):
        m = PLATE.match(value)
        if not m:
            return value
        province, letter, serial = m.groups()
        forms = [
            f"{province}{letter}·{serial}", f"{province}{letter} {serial}", f"{province}{letter}{serial}".lower(),
            province + (letter + serial).translate(FULL_WIDTH), value,
        ]
        return self.random.choice(forms)

    def id_no(self, value):
        return value[:-1] + "x" if ID_X.match(value) and self.random.random() < 0.7 else value

    def time(self, value):
        if not OFFSET_TIME.match(value):
            return value
        try:
            instant = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value  # not a real time (a --messy world's): left as it is, to be refused the same way
        draw = self.random.random()
        if draw < 0.4:
            return instant.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        local = instant.astimezone(SHANGHAI)
        if draw < 0.8:
            return local.strftime("%Y-%m-%d %H:%M:%S")
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M:%S}"

    def date(self, value):
        m = DATE.match(value)
        if not m:
            return value
        year, month, day = m.group(1), int(m.group(2)), int(m.group(3))
        return self.random.choice([f"{year}/{month}/{day}", f"{year}.{month:02d}.{day:02d}", f"{year}年{month}月{day}日", value])

    def money(self, value):
        if not re.match(r"^\d+(\.\d+)?$", value):
            return value
        whole, _, fraction = value.partition(".")
        grouped = f"{int(whole):,}" + ("." + fraction if fraction else "")
        trimmed = value.rstrip("0").rstrip(".") if MONEY.match(value) else value
        return self.random.choice([trimmed or "0", "¥" + value, value + "元", grouped, "RMB " + grouped, value])

    def field(self, name, value, row):
        if value == "":
            return value
        value = self.respelled(name, value, row)
        if self.random.random() < 0.05:
            pad = self.random.choice([" ", "\u3000", "  "])
            value = self.random.choice([pad + value, value + pad, pad + value + pad])
        return value

    def respelled(self, name, value, row):
        if name in PHONE_FIELDS:
            return "|".join(self.phone(v) for v in value.split("|"))
        if name in PLATE_FIELDS:
            return "|".join(self.plate(v) for v in value.split("|"))
        if name in ID_FIELDS:
            return self.id_no(value)
        if name in TIME_FIELDS:
            return self.time(value)
        if name in MONEY_FIELDS:
            return self.money(value)
        if name in DATE_FIELDS:
            return self.date(value)
        if name == "entity_value":
            kind = row.get("entity_kind", "")
            if kind == "phone":
                return self.phone(value)
            if kind == "plate":
                return self.plate(value)
            if kind == "id_no":
                return self.id_no(value)
        return value

    def csv_file(self, source, target):
        with open(source, "rb") as f:
            raw = f.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")  # a --messy world writes one file so; written back as UTF-8
        records = list(csv.reader(io.StringIO(text, newline="")))
        if not records:
            shutil.copyfile(source, target)
            return 0
        header, rows = records[0], records[1:]
        if self.shuffle_rows:
            self.random.shuffle(rows)
        order = header[:]
        self.random.shuffle(order)
        order.insert(self.random.randrange(len(order) + 1), "来源系统")
        crlf = self.random.random() < 0.5
        quote_all = self.random.random() < 0.5
        bom = self.random.random() < 0.5
        with open(target, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\r\n" if crlf else "\n",
                                quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
            writer.writerow(order)
            for fields in rows:
                if len(fields) != len(header):
                    writer.writerow(fields)  # malformed (a --messy world's): left malformed, as it was
                    continue
                row = dict(zip(header, fields))
                out = {name: self.field(name, row[name], row) for name in header}
                out["来源系统"] = "省级平台"
                writer.writerow([out[name] for name in order])
        return len(rows)

    def jsonl_file(self, source, target):
        count = 0
        with open(source, encoding="utf-8") as f:
            lines = [line for line in f if line.strip()]
        if self.shuffle_rows:
            self.random.shuffle(lines)
        with open(target, "w", encoding="utf-8") as out:
            for line in lines:
                record = json.loads(line)
                fields = {k: (self.field(k, v, record) if isinstance(v, str) else v) for k, v in record.items()}
                keys = list(fields)
                self.random.shuffle(keys)
                respelled = {k: fields[k] for k in keys}
                respelled["source_system"] = "省级平台"
                out.write(json.dumps(respelled, ensure_ascii=False) + "\n")
                count += 1
        return count


def main(argv):
    args, seed, shuffle_rows = [], 1, False
    rest = iter(argv[1:])
    for a in rest:
        if a == "--seed":
            seed = int(next(rest, "1"))
        elif a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])
        elif a == "--shuffle-rows":
            shuffle_rows = True
        else:
            args.append(a)
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    source, target = args
    if not os.path.isdir(source):
        print(f"{source}: not a world folder", file=sys.stderr)
        return 1
    os.makedirs(target, exist_ok=True)
    respeller = Respeller(seed, shuffle_rows)
    for name in sorted(os.listdir(source)):
        path = os.path.join(source, name)
        if not os.path.isfile(path):
            continue
        if name.endswith(".csv"):
            rows = respeller.csv_file(path, os.path.join(target, name))
            print(f"{name}: {rows} rows respelled")
        elif name.endswith(".jsonl"):
            rows = respeller.jsonl_file(path, os.path.join(target, name))
            print(f"{name}: {rows} records respelled")
        else:
            shutil.copyfile(path, os.path.join(target, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
