"""Write the generated parts of the documentation from the tool's own tables:

- ``docs/writing-rules.md``: the vocabulary rules may use (``privacy-audit rules vocabulary``);
- ``README.md``: the table of rule packs (from each pack's ``pack.yaml``, its rules and overlays,
  and the reference registry), and the table of limits (``privacy_audit.limits.LIMITS``).

    python tools/gen_docs.py          # rewrite the generated blocks
    python tools/gen_docs.py --check  # exit 1 if a committed block differs (the tests do this)

A block sits between ``<!-- BEGIN GENERATED: name -->`` and ``<!-- END GENERATED: name -->``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

from privacy_audit.engine.conditions import market_vocabulary
from privacy_audit.engine.packs import ALWAYS_ON
from privacy_audit.engine.rules import PACK_FILE, builtin_packs, load_rules
from privacy_audit.limits import LIMITS
from privacy_audit.resources import builtin_dir, load_yaml
from privacy_audit.vocabulary import render_markdown, vocabulary

ROOT = Path(__file__).resolve().parents[1]


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def pack_table() -> str:
    """Pack, how it is chosen, what it covers (its rules and overlays), the instruments it cites,
    and what it does not cover."""
    rules = load_rules(builtin_packs())
    flags = {"jurisdictions": "--jurisdiction", "stores": "--store"}
    chosen_by = {
        entry["pack"]: f"`{flags[section]} {word}`"
        for section, words in market_vocabulary().items()
        if section in flags
        for word, entry in words.items()
        if entry.get("pack")
    }
    lines = [
        "| pack | chosen by | covers | instruments | not covered |",
        "| --- | --- | --- | --- | --- |",
    ]
    order = [*ALWAYS_ON, *sorted(p for p in builtin_packs() if p not in ALWAYS_ON)]
    for pack in order:
        meta = load_yaml(builtin_dir() / pack / PACK_FILE)
        own = [r.id for r in rules if r.pack == pack]
        extended = sorted({r.id for r in rules for o in r.overlays if o.pack == pack})
        # A market's instruments: those its overlays cite, and those of its market that core rules cite.
        cited = [ref for r in rules for ref in r.references if ref.market == pack]
        cited += [ref for r in rules for o in r.overlays if o.pack == pack for ref in o.references]
        instruments = list(dict.fromkeys(ref.instrument_en or ref.instrument for ref in cited))
        if pack in ALWAYS_ON:
            instruments = ["those of each market below, for the markets chosen (all when none is)"]
        # A pack no market turns on runs only under --all-packs.
        how = "always" if pack == "core" else chosen_by.get(pack, "`--all-packs`")
        rules_text = ", ".join(own) + ("; " if own and extended else "") + ("adds to " + ", ".join(extended) if extended else "")
        covers = f"{_cell(meta['covers'])} ({rules_text})"
        lines.append(
            f"| `{pack}` | {how} | {covers} | {_cell('; '.join(instruments))} | {_cell(meta['not_covered'])} |"
        )
    return "\n".join(lines) + "\n"


def limits_table() -> str:
    lines = ["| limit | default | raise with |", "| --- | --- | --- |"]
    lines += [f"| {_cell(limit.what)} | {_cell(limit.default)} | {f'`{limit.flag}`' if limit.flag else 'fixed'} |" for limit in LIMITS]
    return "\n".join(lines) + "\n"


def vocabulary_block() -> str:
    return render_markdown(vocabulary())


BLOCKS: dict[str, tuple[Path, Callable[[], str]]] = {
    "vocabulary": (ROOT / "docs" / "writing-rules.md", vocabulary_block),
    "packs": (ROOT / "README.md", pack_table),
    "limits": (ROOT / "README.md", limits_table),
}


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- BEGIN GENERATED: {name} -->\n)(.*?)(<!-- END GENERATED: {name} -->)", re.DOTALL)


def committed(name: str) -> str:
    path, _ = BLOCKS[name]
    found = _pattern(name).search(path.read_text(encoding="utf-8"))
    if found is None:
        raise SystemExit(f"{path}: no generated block {name!r}")
    return found.group(2)


def write(name: str) -> None:
    path, make = BLOCKS[name]
    text = path.read_text(encoding="utf-8")
    fresh = make()
    path.write_text(_pattern(name).sub(lambda m: m.group(1) + fresh + m.group(3), text), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed block differs")
    args = parser.parse_args()
    stale = [name for name, (_, make) in BLOCKS.items() if committed(name) != make()]
    if args.check:
        for name in stale:
            print(f"{BLOCKS[name][0].relative_to(ROOT)}: the generated block {name!r} is stale; run python tools/gen_docs.py")
        return 1 if stale else 0
    for name in stale:
        write(name)
        print(f"wrote {BLOCKS[name][0].relative_to(ROOT)} ({name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
