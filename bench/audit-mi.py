#!/usr/bin/env python3
"""Membership-inference audit of exported embeddings, independent of the C# code.

Reads the `export` format that `unlearnrec export` (offline bundle) and `unlearnrec export-served` (the cluster's
served embeddings) write -- users.tsv / items.tsv (original id, then the floats) and forgotten.tsv (user<TAB>item) --
and computes the score-ratio metrics of method.md §6.4:

  MI-NG = mean sigma(score of random non-edges) / mean sigma(score of the forgotten edges)     (after unlearning)
  MI-BF = mean sigma(score before) / mean sigma(score after), over the forgotten edges          (needs --before)

Non-edges are drawn uniformly (user, item) pairs that are not in the training file, |forgotten| per draw, averaged
over --draws draws. Pass the same --seed to compare two exports on identical negatives.

With --test, it also computes Recall@K (method.md §6.3: |top-K ∩ T_u| / |T_u|, items of --mask excluded from the
ranking) over a seeded sample of --recall-users test users (pure Python scores every item for each of them, so the
sample keeps it to about a minute; the same sample for every export given the same --seed).

usage: bench/audit-mi.py --export DIR --train TRAIN.tsv[.gz] [--before DIR] [--draws 5] [--seed 42]
                         [--test TEST.tsv[.gz] [--mask MASK.tsv[.gz]] [--recall-users 600] [--k 20]]
Prints one JSON object.
"""
import argparse
import gzip
import json
import math
import random
import sys


def read_embeddings(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if n == 1 and not _is_int(parts[0]):
                continue  # header
            table[int(parts[0])] = [float(x) for x in parts[1:]]
    if not table:
        sys.exit(f"audit-mi: {path} has no rows")
    return table


def read_pairs(path):
    opener = gzip.open if path.endswith(".gz") else open
    pairs = []
    with opener(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.strip().split("\t")
            if len(parts) < 2 or not (_is_int(parts[0]) and _is_int(parts[1])):
                if n == 1:
                    continue  # header
                sys.exit(f"audit-mi: {path}:{n}: expected user<TAB>item")
            pairs.append((int(parts[0]), int(parts[1])))
    return pairs


def _is_int(text):
    try:
        int(text)
        return True
    except ValueError:
        return False


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def mean_sigma(users, items, pairs):
    total = 0.0
    for u, i in pairs:
        eu, ei = users[u], items[i]
        total += sigmoid(sum(a * b for a, b in zip(eu, ei)))
    return total / len(pairs)


def recall_at_k(users, items, test_pairs, mask_pairs, sample, k, rng):
    """Mean Recall@K over a sample of the test users; masked items never enter a ranking."""
    test, mask = {}, {}
    for u, i in test_pairs:
        test.setdefault(u, set()).add(i)
    for u, i in mask_pairs:
        mask.setdefault(u, set()).add(i)
    candidates = sorted(u for u in test if u in users)
    chosen = candidates if sample >= len(candidates) else rng.sample(candidates, sample)
    item_ids = sorted(items)
    vectors = [items[i] for i in item_ids]
    total = 0.0
    for u in chosen:
        eu = users[u]
        seen = mask.get(u, ())
        scored = [(sum(a * b for a, b in zip(eu, v)), i) for i, v in zip(item_ids, vectors) if i not in seen]
        top = {i for _, i in sorted(scored, reverse=True)[:k]}
        total += len(top & test[u]) / len(test[u])
    return total / len(chosen), len(chosen)


def load_export(directory):
    return read_embeddings(f"{directory}/users.tsv"), read_embeddings(f"{directory}/items.tsv")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--export", required=True, help="export directory after unlearning")
    p.add_argument("--train", required=True, help="training interactions (original ids) that negatives must avoid")
    p.add_argument("--before", help="export directory of the model before unlearning (for MI-BF)")
    p.add_argument("--forgotten", help="forgotten edges (default: EXPORT/forgotten.tsv)")
    p.add_argument("--draws", type=int, default=5)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--test", help="test interactions (original ids): also compute Recall@K")
    p.add_argument("--mask", help="interactions excluded from the rankings (default: --train minus the forgotten edges)")
    p.add_argument("--recall-users", type=int, default=600)
    p.add_argument("--k", type=int, default=20)
    a = p.parse_args()

    users, items = load_export(a.export)
    forgotten = read_pairs(a.forgotten or f"{a.export}/forgotten.tsv")
    if not forgotten:
        sys.exit("audit-mi: no forgotten edges")
    train = set(read_pairs(a.train))
    user_ids, item_ids = sorted(users), sorted(items)
    rng = random.Random(a.seed)
    after = mean_sigma(users, items, forgotten)
    ratios = []
    for _ in range(a.draws):
        negatives = []
        while len(negatives) < len(forgotten):
            pair = (rng.choice(user_ids), rng.choice(item_ids))
            if pair not in train:
                negatives.append(pair)
        ratios.append(mean_sigma(users, items, negatives) / after)
    result = {
        "export": a.export,
        "forgotten": len(forgotten),
        "mean_sigma_forgotten": round(after, 6),
        "mi_ng": round(sum(ratios) / len(ratios), 6),
        "mi_ng_draws": [round(r, 6) for r in ratios],
    }
    if a.before:
        bu, bi = load_export(a.before)
        before = mean_sigma(bu, bi, forgotten)
        result["mean_sigma_forgotten_before"] = round(before, 6)
        result["mi_bf"] = round(before / after, 6)
    if a.test:
        mask = read_pairs(a.mask) if a.mask else sorted(train - set(forgotten))
        recall, counted = recall_at_k(users, items, read_pairs(a.test), mask, a.recall_users, a.k, random.Random(a.seed))
        result[f"recall@{a.k}"] = round(recall, 6)
        result["recall_users"] = counted
    print(json.dumps(result))


if __name__ == "__main__":
    main()
