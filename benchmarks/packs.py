"""What rule packs cost: loading and evaluating core alone, the packs of some markets, and every
pack, on the bundled samples; and what the extra packs add to the findings.

    python benchmarks/packs.py [--repeat N]

Prints, per pack selection, the rules and overlays loaded, the time to load them (YAML read and
compiled, best of N) and to evaluate them on each sample's facts (best of N), and the findings and
the overlays that held. A pack chosen for a market whose rules the app's facts do not touch adds
overlays that do not hold: no findings, and only its load time.
"""

from __future__ import annotations

import argparse
import timeit
from pathlib import Path

from privacy_audit.api import AuditOptions, audit
from privacy_audit.engine.evaluate import evaluate
from privacy_audit.engine.rules import builtin_packs, load_rules
from privacy_audit.resources import builtin_yaml

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
APPS = ("lending-en-risky", "lending-en-compliant", "lending-zh-risky", "lending-zh-compliant")
SELECTIONS: dict[str, list[str]] = {
    "core": [],
    "core+in+google-play": ["in", "google-play"],
    "all packs": builtin_packs(),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    builtin_yaml.cache_clear()
    facts = {app: audit([SAMPLES / app]).facts for app in APPS}
    print(f"{'selection':22} {'rules':>5} {'overlays':>8} {'load ms':>8}  " + "  ".join(f"{app:>22}" for app in APPS))
    for label, packs in SELECTIONS.items():
        rules = load_rules(packs)
        load = min(timeit.repeat(lambda: load_rules(packs), number=1, repeat=args.repeat))
        overlays = sum(len(r.overlays) for r in rules)
        cells = []
        for app in APPS:
            spent = min(timeit.repeat(lambda: evaluate(rules, facts[app]), number=1, repeat=args.repeat))
            findings = evaluate(rules, facts[app])
            held = sum(len(f.overlays) for f in findings)
            cells.append(f"{len(findings):>2} f {held:>3} o {spent * 1000:5.2f} ms")
        print(f"{label:22} {len(rules):>5} {overlays:>8} {load * 1000:8.1f}  " + "  ".join(f"{c:>22}" for c in cells))
    print("f: findings, o: overlays that held, ms: evaluation time (facts already read)")
    whole = {label: min(timeit.repeat(lambda: audit([SAMPLES / APPS[0]], options=AuditOptions(all_packs=label == "all packs")), number=1, repeat=args.repeat)) for label in ("core", "all packs")}
    print(f"whole audit of {APPS[0]}: core {whole['core'] * 1000:.1f} ms, all packs {whole['all packs'] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
