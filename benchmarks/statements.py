"""Measure the statement extractor on labelled policy sentences, and time it on whole policies.

    python benchmarks/statements.py FILE.jsonl [FILE.jsonl ...] [--errors] [--min-f1 0.90]

Each line of a file: {"id", "lang", "source", "text", "labels": [{"practice", "polarity"}]}.
A practice is "stated" when affirmed or conditional; negated and absent are "not stated".

For each file the script prints, per language and per practice, precision, recall and F1 of
"stated", the polarity accuracy on true positives and the affirmed / conditional / negated
confusion, then micro and macro F1; then the same at document level, where a document (the
sentences sharing a ``source``) states a practice if any sentence does, with the strongest polarity
(affirmed > conditional > negated). Last come the speed figures (after warm-up).

Only the practices a file labels are scored: the eleven of the shared sentence set's README
(``SENTENCE_SET_PRACTICES``) plus any other practice that occurs in the file's labels. A file that
labels, say, ``contacts.upload`` anywhere is taken to label it everywhere.

``--fold K/N`` keeps the documents of fold K out of N (split by a hash of ``source``), for a check
of how the extractor does on documents it was not tuned on. The split is balanced by sentence count
and stable.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import timeit
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from privacy_audit.model import confidence_rank
from privacy_audit.readers.policy import read_policy
from privacy_audit.readers.source import read_source
from privacy_audit.text.statements import builtin_extractor, strongest

STATED = ("affirmed", "conditional")
ORDER = ("affirmed", "conditional", "negated")
# The practices the shared sentence set labels (its README's table); the others it leaves unlabelled.
SENTENCE_SET_PRACTICES = frozenset(
    {
        "contacts.collect",
        "contacts.share",
        "contacts.use_for_collection",
        "emergency_contact.collect",
        "emergency_contact.contact",
        "emergency_contact.contact_for_collection",
        "collection.outsourced",
        "call_log.collect",
        "sms.collect",
        "consent.withdraw",
        "data.deletion",
    }
)
REPO = Path(__file__).resolve().parents[1]
POLICIES = REPO.parent / "shared" / "data" / "policies"
# Real policies of about 20 KB: a general Chinese app (CAPP-130) and a Chinese lending app (GBK).
SPEED_POLICIES = (
    POLICIES / "capp-130" / "Original_policies" / "腾讯视频.txt",
    POLICIES / "lending-zh" / "appch-mi_co.welab.wolaidai.txt",
    POLICIES / "meta-pc-loan-terms" / "NG.js.html",
)

Labels = dict[str, str]


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def select_fold(rows: list[dict], fold: tuple[int, int] | None) -> list[dict]:
    """The rows of fold K of N: whole documents, in hash order, each to the smallest fold so far."""
    if fold is None:
        return rows
    sizes = Counter(row["source"] for row in rows)
    folds = [0] * fold[1]
    chosen = set()
    for source in sorted(sizes, key=lambda s: zlib.crc32(s.encode("utf-8"))):
        smallest = folds.index(min(folds))
        folds[smallest] += sizes[source]
        if smallest == fold[0] - 1:
            chosen.add(source)
    return [row for row in rows if row["source"] in chosen]


def predict(rows: list[dict], min_confidence: str = "low") -> list[Labels]:
    """Each sentence's statements at or above a confidence (as a rule with ``min_confidence`` sees them)."""
    floor = confidence_rank(min_confidence)
    return [
        {p: polarity for p, (polarity, confidence) in found.items() if confidence_rank(confidence) >= floor}
        for found in predict_with_confidence(rows)
    ]


def predict_with_confidence(rows: list[dict]) -> list[dict[str, tuple[str, str]]]:
    out = []
    for row in rows:
        drafts = builtin_extractor(row["lang"]).extract(row["text"])
        out.append({d.practice: (d.polarity, d.confidence) for d in drafts})
    return out


def confidence_report(rows: list[dict], scope: frozenset[str]) -> None:
    """How often a stated practice is right, by the confidence it was reported with."""
    counts: Counter = Counter()
    for row, found in zip(rows, predict_with_confidence(rows)):
        expected = gold(row)
        for practice, (polarity, confidence) in found.items():
            if practice in scope and polarity in STATED:
                counts[(confidence, "all")] += 1
                counts[(confidence, "right")] += expected.get(practice) in STATED
    cells = [
        f"{c} {counts[(c, 'right')]}/{counts[(c, 'all')]} = {counts[(c, 'right')] / counts[(c, 'all')]:.3f}"
        for c in ("high", "medium", "low")
        if counts[(c, "all")]
    ]
    print("precision of stated practices by confidence: " + "   ".join(cells) + "\n")


def gold(row: dict) -> Labels:
    return {label["practice"]: label["polarity"] for label in row["labels"]}


def scored_practices(rows: Iterable[dict]) -> frozenset[str]:
    return SENTENCE_SET_PRACTICES | {p for row in rows for p in gold(row)}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Score:
    """Counts per (language, practice), the polarity confusion and the errors of one evaluation."""

    counts: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))
    confusion: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, lang: str, unit: str, text: str, expected: Labels, predicted: Labels, scope: frozenset[str]) -> None:
        for practice in sorted((set(expected) | set(predicted)) & scope):
            g, p = expected.get(practice), predicted.get(practice)
            if g and p:
                self.confusion[(lang, g, p)] += 1
            key = (lang, practice)
            g_stated, p_stated = g in STATED, p in STATED
            if g_stated:
                self.counts[key]["support"] += 1
            if g_stated and p_stated:
                self.counts[key]["tp"] += 1
                self.counts[key]["polarity_ok" if g == p else "polarity_bad"] += 1
                if g != p:
                    self.errors.append(f"POL {unit} {practice} gold={g} got={p}: {text}")
            elif p_stated:
                self.counts[key]["fp"] += 1
                self.errors.append(f"FP  {unit} {practice}={p} (gold {g}): {text}")
            elif g_stated:
                self.counts[key]["fn"] += 1
                self.errors.append(f"FN  {unit} {practice} gold={g} (got {p}): {text}")

    def totals(self) -> dict[str, tuple[Counter, list[float]]]:
        """Per language and "all": summed counts and the F1 of each practice with support."""
        out: dict[str, tuple[Counter, list[float]]] = defaultdict(lambda: (Counter(), []))
        for (lang, _practice), c in self.counts.items():
            f = f1(c["tp"], c["fp"], c["fn"])[2]
            for scope in (lang, "all"):
                out[scope][0].update(c)
                if c["support"]:
                    out[scope][1].append(f)
        return out

    def micro_f1(self, scope: str = "all") -> float:
        c = self.totals().get(scope, (Counter(), []))[0]
        return f1(c["tp"], c["fp"], c["fn"])[2]

    def report(self, title: str, show_errors: bool) -> None:
        print(f"== {title}")
        print(f"{'lang':4} {'practice':42} {'sup':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6} {'pol.acc':>7}")
        for (lang, practice), c in sorted(self.counts.items()):
            p, r, f = f1(c["tp"], c["fp"], c["fn"])
            acc = f"{c['polarity_ok'] / c['tp']:7.3f}" if c["tp"] else f"{'-':>7}"
            print(
                f"{lang:4} {practice:42} {c['support']:4d} {c['tp']:4d} {c['fp']:4d} {c['fn']:4d} "
                f"{p:6.3f} {r:6.3f} {f:6.3f} {acc}"
            )
        print()
        for scope, (c, per_practice) in sorted(self.totals().items()):
            p, r, f = f1(c["tp"], c["fp"], c["fn"])
            macro = statistics.fmean(per_practice) if per_practice else 0.0
            print(
                f"{scope:4} micro P {p:.3f} R {r:.3f} F1 {f:.3f}   macro F1 {macro:.3f}   "
                f"polarity accuracy {c['polarity_ok'] / max(c['tp'], 1):.3f}"
            )
        print("polarity confusion (gold -> predicted, where both name the practice):")
        for lang in sorted({k[0] for k in self.confusion}):
            cells = [
                f"{g[:3]}->{p[:3]} {self.confusion[(lang, g, p)]}"
                for g in ORDER
                for p in ORDER
                if self.confusion[(lang, g, p)]
            ]
            print(f"  {lang}: " + "  ".join(cells))
        if show_errors and self.errors:
            print("\n" + "\n".join(sorted(self.errors)))
        print()


def empty_score(rows: list[dict], scope: frozenset[str]) -> Score:
    """A score that lists every scored practice of every language, found or not."""
    score = Score()
    for lang in {row["lang"] for row in rows}:
        for practice in scope:
            score.counts[(lang, practice)]  # noqa: B018 - create the row
    return score


def sentence_score(rows: list[dict], predictions: list[Labels], scope: frozenset[str]) -> Score:
    score = empty_score(rows, scope)
    for row, predicted in zip(rows, predictions):
        score.add(row["lang"], row["id"], row["text"], gold(row), predicted, scope)
    return score


def document_labels(labels: Iterable[Labels]) -> Labels:
    """A document states a practice if any sentence does, with the strongest polarity."""
    polarities: dict[str, list[str]] = defaultdict(list)
    for one in labels:
        for practice, polarity in one.items():
            polarities[practice].append(polarity)
    return {practice: strongest(values) or "negated" for practice, values in polarities.items()}


def document_score(rows: list[dict], predictions: list[Labels], scope: frozenset[str]) -> Score:
    documents: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        documents[(row["lang"], row["source"])].append(index)
    score = empty_score(rows, scope)
    for (lang, source), indexes in sorted(documents.items()):
        expected = document_labels(gold(rows[i]) for i in indexes)
        predicted = document_labels(predictions[i] for i in indexes)
        score.add(lang, source, f"({len(indexes)} sentences)", expected, predicted, scope)
    return score


def sentence_speed(rows: list[dict]) -> float:
    predict(rows)  # warm-up: lexicons compiled, caches filled
    return len(rows) / min(timeit.repeat(lambda: predict(rows), number=1, repeat=5))


def policy_speed(path: Path) -> str:
    """Whole-policy figures: read_policy end to end, and the statement extraction alone."""
    source = read_source(path)
    reading = read_policy(source)  # warm-up
    if not reading.document.analysed:
        return f"{path.name}: not analysed ({reading.document.note})"
    extractor = builtin_extractor(reading.document.language or "en")
    sentences = reading.sentences

    def extract_only() -> None:
        for sentence in sentences:
            if not sentence.is_heading:
                extractor.extract(sentence.text, sentence.heading)

    whole = min(timeit.repeat(lambda: read_policy(source), number=1, repeat=20))
    alone = min(timeit.repeat(extract_only, number=1, repeat=20))
    return (
        f"{path.name}: {len(source.data) / 1024:.1f} KB, {len(sentences)} sentences, "
        f"{len(reading.statements)} statements; read_policy {whole * 1000:.2f} ms, "
        f"extraction alone {alone * 1000:.2f} ms"
    )


def speed(rows: list[dict], policies: Iterable[Path]) -> None:
    print("== speed (best of several runs, after warm-up)")
    print(f"sentences: {sentence_speed(rows):,.0f} sentences/s ({len(rows)} labelled sentences)")
    for path in policies:
        if path.is_file():
            print(policy_speed(path))
        else:
            print(f"{path}: not found, skipped")


def evaluate_file(
    path: Path, fold: tuple[int, int] | None, show_errors: bool, min_confidence: str = "low"
) -> tuple[Score, list[dict]]:
    rows = select_fold(load(path), fold)
    scope = scored_practices(rows)
    predictions = predict(rows, min_confidence)
    title = f"{path.name}{f' fold {fold[0]}/{fold[1]}' if fold else ''}: {len(rows)} sentences"
    sentences = sentence_score(rows, predictions, scope)
    sentences.report(f"{title}, sentence level", show_errors)
    confidence_report(rows, scope)
    documents = document_score(rows, predictions, scope)
    documents.report(f"{title}, document level ({len({r['source'] for r in rows})} documents)", show_errors)
    return sentences, rows


def parse_fold(text: str) -> tuple[int, int]:
    k, _, n = text.partition("/")
    fold = (int(k), int(n))
    if not 1 <= fold[0] <= fold[1]:
        raise argparse.ArgumentTypeError("a fold is K/N with 1 <= K <= N")
    return fold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("jsonl", type=Path, nargs="+", help="labelled sentence files")
    parser.add_argument("--errors", action="store_true", help="print every false positive, false negative and polarity error")
    parser.add_argument("--min-f1", type=float, default=None, help="exit 1 when a file's sentence-level micro F1 is below this")
    parser.add_argument("--fold", type=parse_fold, default=None, help="score only fold K of N documents (K/N)")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed figures")
    parser.add_argument(
        "--min-confidence", choices=("low", "medium", "high"), default="low",
        help="score only statements at or above this confidence (default: all)",
    )
    parser.add_argument("--policy", type=Path, action="append", help="time this policy (default: three real ones)")
    args = parser.parse_args(argv)
    failed = []
    all_rows: list[dict] = []
    for path in args.jsonl:
        score, rows = evaluate_file(path, args.fold, args.errors, args.min_confidence)
        all_rows += rows
        micro = score.micro_f1()
        if args.min_f1 is not None and micro < args.min_f1:
            failed.append(f"{path.name}: micro F1 {micro:.3f} is below the floor {args.min_f1}")
    if not args.no_speed:
        speed(all_rows, args.policy or SPEED_POLICIES)
    for message in failed:
        print(message, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
