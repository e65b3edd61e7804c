"""How long hostile input takes to read, reader by reader: the worst cases, measured.

    python benchmarks/hostile.py                    # inputs built at 4 MiB, 200 random ones per reader
    python benchmarks/hostile.py --size-mib 20      # at the default file size limit (some minutes)
    python benchmarks/hostile.py --random 1000 --json

Three sets of inputs, each read the way the tool reads it (errors of the tool's own are a result,
anything else is reported as a crash):

1. the hostile corpus in tests/hostile/, through ``audit()``;
2. inputs built to be as slow as we know how, per reader, at ``--size-mib`` and at a quarter of it:
   the ratio of the two times tells whether the time grows in proportion to the size (4.0) or
   faster (16 for quadratic);
3. ``--random`` random and mutated real files per reader (tests/hostile_inputs.py, the same
   readers and mutations as the property tests).

Each figure is one run in this process after a warm-up (imports, compiled lexicons and rules).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_inputs import mutate, readers  # noqa: E402

from privacy_audit.errors import PrivacyAuditError  # noqa: E402

MiB = 1024 * 1024


def _repeat(unit: str | bytes, size: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    raw = unit.encode() if isinstance(unit, str) else unit
    return head + raw * max((size - len(head) - len(tail)) // len(raw), 1) + tail


def _apk_with_directory(size: int) -> bytes:
    from axml_build import build_apk, compile_xml, manifest

    names = {f"res/{'n' * 200}{i}.bin": b"" for i in range(size // 250)}
    return build_apk(compile_xml(manifest("com.example", ["android.permission.READ_CONTACTS"], (21, 34))), names)


def _zip_bomb(size: int) -> bytes:
    from axml_build import build_apk, compile_xml, manifest

    return build_apk(compile_xml(manifest("com.example", [], (21, 34))) + b"\x00" * size)


# reader -> [(name, build(size) -> bytes)]; each built to be slow for that reader.
EXTREMES: dict[str, list[tuple[str, Callable[[int], bytes]]]] = {
    "policy-txt": [
        ("no sentence end", lambda n: _repeat("a", n)),
        ("zh object and verb terms stuffed", lambda n: _repeat("通讯录收集", n)),
        ("en object and verb terms stuffed", lambda n: _repeat("your contacts we collect ", n)),
        ("zh object terms, one a clause", lambda n: _repeat("联系人，", n)),
        ("every sentence a statement", lambda n: _repeat("We never read your contacts. ", n)),
        ("zh: every sentence a statement", lambda n: _repeat("我们不会收集您的通讯录，除非您授权。", n)),
        ("dots without spaces", lambda n: _repeat("x.", n, tail=b" Y")),
        ("one list item a line", lambda n: _repeat("1. a\n", n)),
        ("latin-1 text (charset-normalizer guesses)", lambda n: _repeat("Nous ne lisons jamais vos contacts, café élève. ".encode("latin-1"), n)),
        ("high bytes, no NUL (no encoding fits)", lambda n: _repeat(bytes(range(1, 256)), n)),
    ],
    "policy-md": [
        ("heading with a run of spaces", lambda n: _repeat(" ", n, b"# a", b"x\n")),
        ("links never closed", lambda n: _repeat("[](", n)),
    ],
    "policy-html": [
        ("unclosed tags", lambda n: _repeat("<a ", n)),
        ("skipped element, stray end tags", lambda n: _repeat("<b>", n // 2, b"<nav>") + _repeat("</i>", n // 2)),
        ("marked sections", lambda n: _repeat("<![", n)),
        ("unclosed comment", lambda n: _repeat("<!--", n)),
        ("a paragraph a statement", lambda n: _repeat("<p>We collect your contacts.</p>\n", n, b"<html><body>")),
    ],
    "android-manifest": [
        ("many permissions", lambda n: _repeat('<uses-permission a:name="android.permission.READ_CONTACTS"/>', n,
                                                 b'<manifest xmlns:a="http://schemas.android.com/apk/res/android">', b"</manifest>")),
        ("one huge start tag", lambda n: _repeat("y", n, b'<manifest x="', b'"/>')),
        ("deep then wide", lambda n: _repeat("<a/>", n, b"<manifest>" + b"<a>" * 250, b"</a>" * 250 + b"</manifest>")),
    ],
    "module-json5": [
        ("long array (at the JSON5 cap)", lambda n: _repeat("1,", n // 80, b"{module: {name: 'e', requestPermissions: []}, x: [", b"]}")),
    ],
    "audit-manifest": [
        ("many keys", lambda n: _repeat("k: v\n", n // 4, b"version: 1\n")),
    ],
    "apk": [
        ("manifest entry inflating to 60 MiB", lambda n: _zip_bomb(60 * MiB)),
        ("central directory at the size", _apk_with_directory),
    ],
}


def timed(read: Callable[[bytes], object], data: bytes) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        read(data)
        outcome = "read"
    except PrivacyAuditError as exc:
        outcome = f"error: {exc.problem[:60]}"
    except Exception as exc:  # noqa: BLE001 - a crash is a result here, reported as such
        outcome = f"CRASH {type(exc).__name__}: {exc}"[:80]
    return time.perf_counter() - start, outcome


def corpus() -> list[dict[str, object]]:
    from privacy_audit.api import audit

    rows = []
    table = (ROOT / "tests" / "hostile" / "README.md").read_text(encoding="utf-8")
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = cells[0].split(" ")[0] if cells else ""
        if len(cells) != 3 or not (ROOT / "tests" / "hostile" / name).is_file() or cells[1] == "rule":
            continue
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / cells[1]
            shutil.copyfile(ROOT / "tests" / "hostile" / name, target)
            seconds, outcome = timed(lambda _: audit([str(target)]), b"")
        rows.append({"input": name, "seconds": seconds, "outcome": outcome})
    return rows


def extremes(size: int) -> list[dict[str, object]]:
    rows = []
    for reader, builders in EXTREMES.items():
        read = readers()[reader][0]
        for name, build in builders:
            small_data, data = build(size // 4), build(size)
            small, _ = timed(read, small_data)
            seconds, outcome = timed(read, data)
            rows.append({"reader": reader, "input": name, "bytes": len(data), "seconds": seconds,
                         "growth_x4": seconds / small if small > 0.001 else None, "outcome": outcome})
    return rows


def randomised(count: int) -> list[dict[str, object]]:
    rng = random.Random(7)
    rows = []
    for reader, (read, seeds) in sorted(readers().items()):
        worst, worst_outcome, total, crashes = 0.0, "", 0.0, 0
        for index in range(count):
            data = rng.randbytes(rng.randint(0, 4096)) if index % 4 == 0 else mutate(rng.choice(seeds), rng)
            seconds, outcome = timed(read, data)
            total += seconds
            crashes += outcome.startswith("CRASH")
            if seconds > worst:
                worst, worst_outcome = seconds, outcome
        rows.append({"reader": reader, "inputs": count, "total_seconds": total, "worst_seconds": worst,
                     "worst_outcome": worst_outcome, "crashes": crashes})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=float, default=4, help="size of the built inputs (the default limit is 20)")
    parser.add_argument("--random", type=int, default=200, help="random and mutated inputs per reader")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    for read, seeds in readers().values():  # warm-up: imports, lexicons, rules, schemas
        timed(read, seeds[0])
    results = {"corpus": corpus(), "extremes": extremes(int(args.size_mib * MiB)), "random": randomised(args.random)}
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    print("hostile corpus (tests/hostile), through audit():")
    for row in results["corpus"]:
        print(f"  {row['seconds']:7.3f} s  {row['input']:32} {row['outcome']}")
    print(f"\nbuilt inputs at {args.size_mib:g} MiB (growth_x4: time at that size / time at a quarter of it; 4 = linear):")
    for row in results["extremes"]:
        growth = f"{row['growth_x4']:5.1f}" if row["growth_x4"] else "    -"
        rate = row["bytes"] / MiB / row["seconds"] if row["seconds"] else float("inf")
        print(f"  {row['reader']:16} {row['input']:38} {row['seconds']:7.2f} s {rate:7.2f} MiB/s  x4:{growth}  {row['outcome']}")
    print(f"\n{args.random} random and mutated inputs per reader:")
    for row in results["random"]:
        print(f"  {row['reader']:20} worst {row['worst_seconds']:7.3f} s  total {row['total_seconds']:7.2f} s  "
              f"crashes {row['crashes']}  (worst: {row['worst_outcome']})")


if __name__ == "__main__":
    main()
