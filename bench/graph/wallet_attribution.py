#!/usr/bin/env python3
"""Scores the accounts that only pay merchant hubs: can a gang be told its members' wallets by name?

    python3 bench/graph/wallet_attribution.py WORLD FINDINGS [--hub-payers 50] [--list]

An evaluation script (it reads the world's truth.json, as `yanjian eval` does); no analysis code reads
truth. It answers why "every tier-1 member found" stays short at scale 10: the tier-1 members missed
are personal e-wallets whose every transfer goes to a merchant hub (a payee with at least
--hub-payers distinct payers: 滴滴出行, 京东商城 …). Such a wallet is tied to nothing but its holder
name. The script counts, over all such "hub-only" accounts:

- whether truth puts the account in a gang (`gang`) or not (`stranger`);
- whether its holder name's only other bearer among the accounts that are not hub-only is a gang
  member's account (`unique`: the best case for attributing by name) or not (`other`);
- whether the findings put it in a gang (`flagged`) or not (`left out`).

Among `unique` accounts left out, gang wallets and strangers' wallets come in about equal numbers:
attributing them by name would be a coin flip. --list prints the tier-1 wallets left out.
"""
import argparse
import collections
import csv
import json
import os


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("world")
    parser.add_argument("findings")
    parser.add_argument("--hub-payers", type=int, default=50)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()

    truth = json.load(open(os.path.join(args.world, "truth.json"), encoding="utf-8"))
    members = {}
    for gang in truth["gangs"]:
        for member in gang["members"]:
            if member["kind"] == "account":
                members[member["value"]] = (gang["gang_id"], member["tier"])
    flagged = set()
    for gang in json.load(open(args.findings, encoding="utf-8"))["gangs"]:
        flagged.update(m["value"] for m in gang["members"] if m["kind"] == "account")

    payers = collections.defaultdict(set)
    counterparts = collections.defaultdict(set)
    holder = {}
    with open(os.path.join(args.world, "payments.csv"), encoding="utf-8-sig", newline="") as file:
        for row in csv.DictReader(file):
            payer, payee = row["payer_account"].strip(), row["payee_account"].strip()
            if not payer or not payee:
                continue
            payers[payee].add(payer)
            counterparts[payer].add(payee)
            counterparts[payee].add(payer)
            holder.setdefault(payer, (row.get("payer_name") or "").strip())
            holder.setdefault(payee, (row.get("payee_name") or "").strip())
    hubs = {account for account, who in payers.items() if len(who) >= args.hub_payers}
    hub_only = {a for a in counterparts if a not in hubs and counterparts[a] <= hubs}
    bearers = collections.defaultdict(list)
    for account in counterparts:
        if account not in hubs and account not in hub_only and holder[account]:
            bearers[holder[account]].append(account)

    table = collections.Counter()
    missed_tier1 = []
    for account in sorted(hub_only):
        others = bearers.get(holder[account], [])
        unique = len(others) == 1 and others[0] in members
        owner = "gang" if account in members else "stranger"
        table[(owner, "unique" if unique else "other", "flagged" if account in flagged else "left out")] += 1
        if account in members and members[account][1] == 1 and account not in flagged:
            missed_tier1.append((account, holder[account], len(others), unique))

    print(f"accounts {len(counterparts)}, hubs (>= {args.hub_payers} payers) {len(hubs)}, hub-only {len(hub_only)}")
    print(f"{'owner':<9} {'name':<7} {'findings':<9} accounts")
    for key in sorted(table):
        print(f"{key[0]:<9} {key[1]:<7} {key[2]:<9} {table[key]}")
    gang_left = table[("gang", "unique", "left out")]
    stranger_left = table[("stranger", "unique", "left out")]
    if gang_left + stranger_left:
        print(f"unique name, left out: {gang_left} gang wallets, {stranger_left} strangers' "
              f"(attributing them by name: precision {gang_left / (gang_left + stranger_left):.2f})")
    print(f"tier-1 hub-only wallets left out: {len(missed_tier1)}")
    if args.list:
        for account, name, others, unique in missed_tier1:
            print(f"  {account} {name} other bearers {others}{' (unique)' if unique else ''}")


if __name__ == "__main__":
    main()
