"""Reading the permissions of a 50 MB APK: privacy-audit's reader beside androguard's, in one run.

    pip install androguard          # the comparison only; never a dependency of privacy-audit
    python benchmarks/apk_speed.py [--apk ../shared/data/android/androguard-testdata/tests/data/APK/a2dp.Vol_137.apk]
                                   [--size-mib 50] [--runs 30]

The APK is built in a temporary folder (removed afterwards) from a small real APK: its entries,
then stored (uncompressed) assets up to the size asked for, as games and apps with bundled media
ship them. Both readers run in this one process, after a warm-up call each (imports, caches), and
the median time per APK is printed, with the memory each call allocates at its peak (tracemalloc,
measured in separate calls so that it does not slow the timed ones). Without androguard the script
says so and prints our figures alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

from privacy_audit.readers.apk import read_apk

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_APK = ROOT.parent / "shared/data/android/androguard-testdata/tests/data/APK/a2dp.Vol_137.apk"
MiB = 1024 * 1024


def build(small: Path, size_mib: int, folder: Path) -> Path:
    """``small``'s entries plus stored assets, until the APK is ``size_mib`` MiB."""
    target = folder / f"{small.stem}-{size_mib}MiB.apk"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            out.writestr(info, source.read(info.filename), compress_type=info.compress_type)
        index = 0
        while out.fp is not None and out.fp.tell() < size_mib * MiB:
            out.writestr(f"assets/media/clip{index:03d}.bin", os.urandom(MiB), compress_type=zipfile.ZIP_STORED)
            index += 1
    return target


def ours(path: Path) -> list[str]:
    with path.open("rb") as handle:
        return [p.name for p in read_apk(handle, str(path)).manifest.permissions if p.effective]


def whole_audit(path: Path) -> list[str]:
    """The library entry point: the reader, the rules, and the SHA-256 of the whole file for the report."""
    from privacy_audit.api import audit

    return [p.name for p in audit([path]).facts.permissions if p.effective]


def androguard_reader() -> Callable[[Path], list[str]] | None:
    try:
        from loguru import logger

        logger.remove()  # androguard logs every chunk at DEBUG level to stderr
        from androguard.core.apk import APK
    except ImportError:
        return None

    def read(path: Path) -> list[str]:
        return list(APK(str(path)).get_permissions())

    return read


def timed(read: Callable[[Path], list[str]], path: Path, runs: int) -> tuple[float, int, list[str]]:
    """Median seconds per call after a warm-up call, peak bytes allocated by one call, result."""
    result = read(path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        read(path)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    read(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apk", type=Path, default=DEFAULT_APK, help="the small real APK to start from")
    parser.add_argument("--size-mib", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if not args.apk.is_file():
        raise SystemExit(f"{args.apk}: not found (the shared real-data corpus is expected beside the repository)")
    androguard = androguard_reader()
    with tempfile.TemporaryDirectory(prefix="apk-speed-") as folder:
        apk = build(args.apk, args.size_mib, Path(folder))
        print(f"APK: {apk.name}, {apk.stat().st_size / MiB:.1f} MiB, built from {args.apk.name}; median of {args.runs} runs after a warm-up")
        mine, mine_peak, mine_permissions = timed(ours, apk, args.runs)
        rows = [("privacy-audit read_apk", mine, mine_peak, len(mine_permissions))]
        whole, whole_peak, _ = timed(whole_audit, apk, max(5, args.runs // 3))
        if androguard is None:
            print("androguard is not installed (pip install androguard): printing privacy-audit's figures alone")
        else:
            theirs, theirs_peak, their_permissions = timed(androguard, apk, max(5, args.runs // 3))
            rows.append(("androguard APK().get_permissions()", theirs, theirs_peak, len(their_permissions)))
        print(f"{'reader':38} {'ms per APK':>11} {'peak MiB':>9} {'permissions':>12}")
        for name, seconds, peak, count in rows:
            print(f"{name:38} {seconds * 1000:11.2f} {peak / MiB:9.2f} {count:12d}")
        print(f"{'privacy-audit audit() (+ SHA-256 of file)':38} {whole * 1000:11.2f} {whole_peak / MiB:9.2f}")
        if androguard is not None:
            print(f"speed-up: {rows[1][1] / rows[0][1]:.1f}x; memory: {rows[1][2] / max(rows[0][2], 1):.0f}x less")
            # androguard drops <uses-permission-sdk-23> and adds no implied permissions; list the difference.
            print(f"differences: {sorted(set(mine_permissions) ^ set(their_permissions)) or 'none'}")


if __name__ == "__main__":
    main()
