"""A coverage-guided fuzz campaign (atheris) over the readers of hostile input.

    pip install atheris                      # the campaign only; never a dependency of privacy-audit
    python benchmarks/fuzz.py                # every target, 60 s each
    python benchmarks/fuzz.py --seconds 120 --targets xml,axml,policy --crashes fuzz-crashes

Each target runs in its own process for a fixed time, starting from real files (``samples/`` and
``../shared/data``, copied into a temporary corpus folder so that nothing is written beside them).
An input may make a reader return, or raise the tool's own PrivacyAuditError; anything else is a
crash. A crash does not stop the campaign: it is counted once per (exception type, place in the
code), and its input and traceback are saved in the crashes folder, to become a regression test
under ``tests/hostile/``. An input that runs longer than ``--timeout`` or a process over
``--rss-mib`` is what libFuzzer itself reports; the target is then started again for the time left.
The table printed at the end gives, per target, the inputs tried, the unique crashes and the
hangs or memory blow-ups.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEED_MAX_BYTES = 64 * 1024
POLICY_SUFFIXES = (".txt", ".md", ".html")

# target -> seed files (globs under the repository and ../shared/data)
SEEDS: dict[str, tuple[str, ...]] = {
    "xml": ("samples/**/AndroidManifest.xml", "tests/hostile/*.xml", "android/fossify-contacts/**/AndroidManifest.xml",
            "android/nigeria-loan-app/**/AndroidManifest.xml"),
    "axml": ("android/androguard-testdata/tests/data/AXML/*.xml",),
    "apk": ("android/androguard-testdata/tests/data/APK/*.apk", "tests/hostile/*.apk"),
    "policy": ("samples/**/*.md", "samples/**/*.html", "tests/hostile/*policy*", "policies/lending-zh/*.txt",
               "policies/meta-pc-loan-terms/*.html"),
    "plist": ("samples/**/Info.plist", "samples/**/*.xcprivacy", "ios/**/Info.plist"),
    "json5": ("samples/**/module.json5", "harmonyos/**/module.json5"),
    "yaml": ("samples/**/privacy-audit.yaml", "rules/core/*.yaml", "tests/hostile/*.yaml"),
}


def _readers(scratch: Path) -> dict[str, Callable[[bytes], object]]:
    """target -> a function reading one input the way the tool does. A module.json5 is named
    inside ``scratch`` in a folder that does not exist: no string.json or app.json5 beside it."""
    from privacy_audit.readers.android import read_manifest
    from privacy_audit.readers.apk import read_apk
    from privacy_audit.readers.audit_manifest import read_audit_manifest
    from privacy_audit.readers.axml import parse_binary_xml
    from privacy_audit.readers.harmony import read_module
    from privacy_audit.readers.ios import read_info_plist, read_privacy_manifest
    from privacy_audit.readers.policy import read_policy
    from privacy_audit.readers.source import Source

    def policy(data: bytes) -> object:
        suffix = POLICY_SUFFIXES[data[0] % len(POLICY_SUFFIXES)] if data else ".txt"
        return read_policy(Source(f"privacy{suffix}", data[1:]))

    def plist(data: bytes) -> object:
        return read_info_plist(Source("Info.plist", data)), read_privacy_manifest(Source("PrivacyInfo.xcprivacy", data))

    return {
        "xml": lambda data: read_manifest(data, "AndroidManifest.xml"),
        "axml": lambda data: parse_binary_xml(data, "AndroidManifest.xml"),
        "apk": lambda data: read_apk(io.BytesIO(data), "app.apk"),
        "policy": policy,
        "plist": plist,
        "json5": lambda data: read_module(Source(str(scratch / "absent" / "module.json5"), data)),
        "yaml": lambda data: read_audit_manifest(Source("privacy-audit.yaml", data)),
    }


def _place(exc: BaseException) -> str:
    """Where a crash happened: the innermost frame in privacy_audit, else the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "privacy_audit" in f.filename]
    frame = (ours or frames)[-1]
    return f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno} ({frame.name})"


def worker(target: str, crashes: Path, argv: list[str]) -> None:
    import atheris

    from privacy_audit.errors import PrivacyAuditError

    read = _readers(Path(argv[-1]))[target]  # the last argument: the corpus folder, which the campaign removes
    seen: set[str] = set()

    def test_one_input(data: bytes) -> None:
        try:
            read(data)
        except PrivacyAuditError:
            pass
        except Exception as exc:  # noqa: BLE001 - this is what the campaign looks for
            place = _place(exc)
            if place in seen:
                return
            seen.add(place)
            digest = hashlib.sha1(data).hexdigest()[:12]
            (crashes / f"{target}-{digest}.bin").write_bytes(data)
            (crashes / f"{target}-{digest}.txt").write_text(place + "\n\n" + traceback.format_exc(), encoding="utf-8")
            print(f"CRASH {target} {place}", file=sys.stderr, flush=True)

    atheris.instrument_all()
    atheris.Setup([sys.argv[0], *argv], test_one_input)
    atheris.Fuzz()


def _seed_corpus(target: str, folder: Path) -> int:
    count = 0
    for pattern in SEEDS[target]:
        base = ROOT if pattern.startswith(("samples", "tests", "rules")) else SHARED
        for path in sorted(base.glob(pattern)):
            if path.is_file() and path.stat().st_size <= SEED_MAX_BYTES:
                data = path.read_bytes()
                if target == "policy":
                    data = bytes([POLICY_SUFFIXES.index(path.suffix) if path.suffix in POLICY_SUFFIXES else 0]) + data
                (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
                count += 1
    return count


def campaign(target: str, seconds: float, timeout: int, rss_mib: int, crashes: Path) -> dict[str, object]:
    corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    seeds = _seed_corpus(target, corpus)
    runs = 0
    hangs: list[str] = []
    found: set[str] = set()
    deadline = time.monotonic() + seconds
    try:
        while (left := deadline - time.monotonic()) > 1:
            command = [
                sys.executable, __file__, "--worker", target, "--crashes", str(crashes), "--",
                f"-max_total_time={int(left)}", f"-timeout={timeout}", f"-rss_limit_mb={rss_mib}",
                f"-max_len={SEED_MAX_BYTES}", f"-artifact_prefix={crashes}/{target}-", "-print_final_stats=1", str(corpus),
            ]
            done = subprocess.run(command, capture_output=True, text=True, errors="replace")
            runs += sum(int(n) for n in re.findall(r"stat::number_of_executed_units:\s*(\d+)", done.stderr))
            found.update(re.findall(r"^CRASH \S+ (.+)$", done.stderr, re.MULTILINE))
            for problem in ("timeout", "out-of-memory", "deadly signal"):
                if f"ERROR: libFuzzer: {problem}" in done.stderr:
                    hangs.append(problem)
            if done.returncode != 0 and not any(p in done.stderr for p in ("timeout", "out-of-memory", "deadly signal")):
                sys.stderr.write(done.stderr[-3000:])
                break
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
    return {"target": target, "seeds": seeds, "seconds": seconds, "inputs": runs, "crashes": sorted(found), "hangs": hangs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default=",".join(SEEDS), help=f"comma-separated, of: {', '.join(SEEDS)}")
    parser.add_argument("--seconds", type=float, default=60, help="time per target")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take before it counts as a hang")
    parser.add_argument("--rss-mib", type=int, default=3072, help="memory a target may use before it counts as a blow-up")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), help="where crashing inputs are saved")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    args.crashes.mkdir(parents=True, exist_ok=True)
    if args.worker:
        worker(args.worker, args.crashes.resolve(), [a for a in rest if a != "--"])
        return
    results = [campaign(t, args.seconds, args.timeout, args.rss_mib, args.crashes.resolve()) for t in args.targets.split(",")]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'target':8} {'seeds':>5} {'seconds':>7} {'inputs':>9} {'crashes':>7} {'hangs':>5}")
    for r in results:
        print(f"{r['target']:8} {r['seeds']:>5} {r['seconds']:>7.0f} {r['inputs']:>9} {len(r['crashes']):>7} {len(r['hangs']):>5}")
        for crash in r["crashes"]:
            print(f"    crash: {crash}")
        for hang in r["hangs"]:
            print(f"    {hang}")
    print(f"total inputs tried: {sum(int(r['inputs']) for r in results)}; crashing inputs and tracebacks in {args.crashes}/")


if __name__ == "__main__":
    main()
