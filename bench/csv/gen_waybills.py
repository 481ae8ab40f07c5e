#!/usr/bin/env python3
"""Write a waybill-like CSV for parser benchmarks (the stack trial's file, reproducible).

Columns: waybill_no,sender_phone,receiver_phone,receiver_address,accepted_at,weight_kg
- waybill_no: "YT" + 13 digits; phones: 11 digits starting 13/15/17/18/19
- receiver_address: Chinese province + city + district + road + number (UTF-8);
  10 % are quoted and contain ", N栋M室"; 2 % (of all rows) also contain doubled quotes ""仓库""
- accepted_at: a time in 2024 as YYYY-MM-DD HH:MM:SS; weight_kg: two decimals
Usage: gen_waybills.py OUT.csv [ROWS=4310000] [SEED=42]
"""
import random
import sys

PROVINCES = [
    ("陕西省", ["西安市", "宝鸡市", "咸阳市", "渭南市", "延安市", "汉中市", "榆林市"]),
    ("广东省", ["广州市", "深圳市", "东莞市", "佛山市", "汕头市"]),
    ("浙江省", ["杭州市", "宁波市", "温州市", "义乌市"]),
    ("云南省", ["昆明市", "玉溪市", "曲靖市"]),
    ("河南省", ["郑州市", "洛阳市", "开封市", "南阳市"]),
    ("四川省", ["成都市", "绵阳市", "宜宾市"]),
]
DISTRICTS = ["雁塔区", "碑林区", "新城区", "莲湖区", "未央区", "长安区", "天河区", "南山区", "西湖区", "高新区"]
ROADS = ["科技路", "长安南路", "解放路", "人民路", "建设大道", "中山路", "朱雀大街", "太白北路", "幸福林带"]


def main() -> None:
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 4_310_000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    rng = random.Random(seed)
    prefixes = ("13", "15", "17", "18", "19")
    year_start = 1704038400  # 2024-01-01 00:00:00 (clock time; no time zone is implied)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("waybill_no,sender_phone,receiver_phone,receiver_address,accepted_at,weight_kg\n")
        buf = []
        for i in range(rows):
            province, cities = PROVINCES[rng.randrange(len(PROVINCES))]
            address = (province + cities[rng.randrange(len(cities))] + DISTRICTS[rng.randrange(len(DISTRICTS))]
                       + ROADS[rng.randrange(len(ROADS))] + str(rng.randint(1, 999)) + "号")
            r = rng.random()
            if r < 0.10:
                if r < 0.02:
                    address += '""仓库""'
                address = '"' + address + ", " + str(rng.randint(1, 30)) + "栋" + str(rng.randint(101, 2805)) + '室"'
            t = year_start + rng.randrange(366 * 86400)
            days, rem = divmod(t - year_start, 86400)
            month, day = day_of_2024(days)
            accepted = "2024-%02d-%02d %02d:%02d:%02d" % (month, day, rem // 3600, rem // 60 % 60, rem % 60)
            buf.append("YT%013d,%s%09d,%s%09d,%s,%s,%.2f\n" % (
                rng.randrange(10 ** 13), prefixes[rng.randrange(5)], rng.randrange(10 ** 9),
                prefixes[rng.randrange(5)], rng.randrange(10 ** 9), address, accepted, rng.uniform(0.1, 30.0)))
            if len(buf) >= 10000:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))


MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def day_of_2024(days: int):
    for month, length in enumerate(MONTH_DAYS, start=1):
        if days < length:
            return month, days + 1
        days -= length
    return 12, 31


if __name__ == "__main__":
    main()
