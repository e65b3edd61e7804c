"""Measure the statement extractor on a labelled JSONL file of policy sentences.

    python benchmarks/statements.py ../shared/data/policy-sentences/dev.jsonl [--errors]

Each line: {"id", "lang", "source", "text", "labels": [{"practice", "polarity"}]}.
A practice is "stated" when affirmed or conditional; negated and absent are "not stated".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from privacy_audit.text.statements import builtin_extractor

STATED = ("affirmed", "conditional")
ORDER = ("affirmed", "conditional", "negated")


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predict(rows: list[dict]) -> list[dict[str, str]]:
    out = []
    for row in rows:
        drafts = builtin_extractor(row["lang"]).extract(row["text"])
        out.append({d.practice: d.polarity for d in drafts})
    return out


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(rows: list[dict], predictions: list[dict[str, str]], show_errors: bool) -> float:
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    confusion: Counter = Counter()
    errors: list[str] = []
    for row, predicted in zip(rows, predictions):
        gold = {l["practice"]: l["polarity"] for l in row["labels"]}
        for practice in set(gold) | set(predicted):
            g, p = gold.get(practice), predicted.get(practice)
            if g and p:
                confusion[(row["lang"], g, p)] += 1
            g_stated, p_stated = g in STATED, p in STATED
            key = (row["lang"], practice)
            if g_stated and p_stated:
                counts[key]["tp"] += 1
                counts[key]["polarity_ok" if g == p else "polarity_bad"] += 1
            elif p_stated:
                counts[key]["fp"] += 1
                errors.append(f"FP {row['id']} {practice}={p} (gold {g}): {row['text']}")
            elif g_stated:
                counts[key]["fn"] += 1
                errors.append(f"FN {row['id']} {practice} gold={g} (got {p}): {row['text']}")
            if g_stated:
                counts[key]["support"] += 1
    print(f"{'lang':4} {'practice':42} {'sup':>4} {'P':>6} {'R':>6} {'F1':>6} {'pol.acc':>7}")
    totals: dict[str, Counter] = defaultdict(Counter)
    macro: dict[str, list[float]] = defaultdict(list)
    for (lang, practice), c in sorted(counts.items()):
        p, r, f = f1(c["tp"], c["fp"], c["fn"])
        acc = c["polarity_ok"] / c["tp"] if c["tp"] else float("nan")
        print(f"{lang:4} {practice:42} {c['support']:4d} {p:6.3f} {r:6.3f} {f:6.3f} {acc:7.3f}")
        for scope in (lang, "all"):
            totals[scope].update(c)
            if c["support"]:
                macro[scope].append(f)
    print()
    for scope in sorted(totals):
        c = totals[scope]
        p, r, f = f1(c["tp"], c["fp"], c["fn"])
        mf = sum(macro[scope]) / len(macro[scope]) if macro[scope] else 0.0
        print(f"{scope:4} micro P {p:.3f} R {r:.3f} F1 {f:.3f}   macro F1 {mf:.3f}   "
              f"polarity accuracy {c['polarity_ok'] / max(c['tp'], 1):.3f}")
    print("\npolarity confusion (gold -> predicted), where both name the practice:")
    for lang in sorted({k[0] for k in confusion}):
        print(f"  {lang}: " + "  ".join(
            f"{g[:3]}->{p[:3]} {confusion[(lang, g, p)]}" for g in ORDER for p in ORDER if confusion[(lang, g, p)]
        ))
    if show_errors:
        print("\n" + "\n".join(sorted(errors)))
    c = totals["all"]
    return f1(c["tp"], c["fp"], c["fn"])[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", type=Path)
    parser.add_argument("--errors", action="store_true", help="print every false positive and negative")
    parser.add_argument("--min-f1", type=float, default=None, help="exit 1 when micro F1 is below this")
    args = parser.parse_args(argv)
    rows = load(args.jsonl)
    start = time.perf_counter()
    predictions = predict(rows)
    elapsed = time.perf_counter() - start
    micro = evaluate(rows, predictions, args.errors)
    print(f"\n{len(rows)} sentences in {elapsed * 1000:.1f} ms ({len(rows) / elapsed:,.0f} sentences/s)")
    if args.min_f1 is not None and micro < args.min_f1:
        print(f"micro F1 {micro:.3f} is below the floor {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
