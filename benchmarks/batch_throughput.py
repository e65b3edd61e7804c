"""Batch throughput, memory and where the time goes, on generated apps of realistic size.

    python benchmarks/batch_throughput.py                     # the figures the issue asks for
    python benchmarks/batch_throughput.py --sizes 1000 --jobs 1 --profile 0
    python benchmarks/batch_throughput.py --venv .venv        # time an existing environment's tool

Each generated app is a real manifest (the samples', and ../shared/data/android's lending and
contacts apps) and a privacy policy of about 20 KB: half are Chinese (CAPP-130 policies cut at
a line end), half English (a window of a Nigerian cash-loan platform's HTML terms), so the
figures cover both readers. Files differ per app (an XML comment, the window's offset), as they
would in a market. Apps are generated once under benchmarks/.work/ and reused.

The batch runs the tool as installed (by default this checkout installed into a venv of its own,
as ``benchmarks/startup.py`` does: see ``installed.py``), so its start-up is what a user's is.
Prints, for each N and job count: apps per second of the whole ``privacy-audit batch`` process
tree (wall time from start to exit), apps per CPU-second of the tree (user + system time: the
per-core rate, steady when other work shares the machine), the peak of the tree's summed PSS
(proportional set size, sampled every 20 ms from /proc: shared pages counted once) and the largest
single process's peak RSS (wait4's ru_maxrss).
Then a cProfile of the per-app work in one process, split into reading, statement extraction,
rules and the JSON line.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from installed import install

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
WORK = ROOT / "benchmarks" / ".work"
POLICY_BYTES = 20 * 1024
MiB = 1024 * 1024


def manifests() -> list[bytes]:
    paths = sorted(ROOT.glob("samples/*/AndroidManifest.xml"))
    paths += sorted((SHARED / "android" / "nigeria-loan-app").glob("*/AndroidManifest.xml"))
    paths += sorted((SHARED / "android" / "fossify-contacts").rglob("AndroidManifest.xml"))
    return [p.read_bytes() for p in paths]


def cut(lines: list[str], start: int, limit: int) -> str:
    """Whole lines from ``start`` (wrapping around) up to ``limit`` bytes of UTF-8."""
    out: list[str] = []
    size = 0
    for step in range(len(lines)):
        line = lines[(start + step) % len(lines)]
        size += len(line.encode("utf-8")) + 1
        if size > limit and out:
            break
        out.append(line)
    return "\n".join(out) + "\n"


def chinese_policies() -> list[list[str]]:
    folder = SHARED / "policies" / "capp-130" / "Original_policies"
    texts = []
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        if len(data) < POLICY_BYTES:
            continue
        try:
            texts.append(data.decode("utf-8").splitlines())
        except UnicodeDecodeError:
            continue
    return texts


def english_policy() -> list[str]:
    return (SHARED / "policies" / "meta-pc-loan-terms" / "NG.js.html").read_text(encoding="utf-8").splitlines()


def generate(count: int) -> Path:
    folder = WORK / f"apps-{count}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    if not (SHARED / "policies").is_dir():
        sys.exit(f"{SHARED} is not available: the benchmark needs the shared real-data corpus")
    pool, zh, en = manifests(), chinese_policies(), english_policy()
    for index in range(count):
        app = folder / f"app-{index:05d}"
        app.mkdir(parents=True, exist_ok=True)
        manifest = pool[index % len(pool)] + f"\n<!-- generated app {index} -->\n".encode()
        (app / "AndroidManifest.xml").write_bytes(manifest)
        if index % 2:
            (app / "privacy-policy.html").write_text(cut(en, index * 7 % len(en), POLICY_BYTES), encoding="utf-8")
        else:
            lines = zh[index // 2 % len(zh)]
            (app / "隐私政策.txt").write_text(cut(lines, index % 5, POLICY_BYTES), encoding="utf-8")
    marker.write_text(f"{count} apps\n")
    return folder


def tree_pss(pid: int) -> int:
    """Summed proportional set size in bytes of ``pid`` and its descendants: pages a forked
    worker shares with the parent are counted once, as RSS would not."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        total += int(match.group(1)) * 1024 if match else 0
        stack.extend(int(c) for c in children)
    return total


@dataclass
class Run:
    apps: int
    jobs: int
    seconds: float
    cpu_seconds: float  # user + system time of the whole tree
    tree_peak: int
    process_peak: int
    exit_code: int
    load: float  # the machine's load average over the last minute, before the run

    @property
    def rate(self) -> float:
        return self.apps / self.seconds

    @property
    def cpu_rate(self) -> float:
        """Apps per CPU-second: apps per second per core, whatever else the machine runs."""
        return self.apps / self.cpu_seconds


def run_batch(tool: Path, folder: Path, count: int, jobs: int) -> Run:
    output = WORK / f"results-{count}-{jobs}.jsonl"
    output.unlink(missing_ok=True)
    command = [str(tool), "batch", str(folder), "-o", str(output), "-j", str(jobs), "-q"]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)
    peak = 0
    finished = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not finished.is_set():
            peak = max(peak, tree_pss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    finished.set()
    sampler.join()
    with output.open("rb") as handle:
        written = sum(1 for _ in handle)
    if written != count:
        sys.exit(f"the batch wrote {written} lines for {count} apps")
    output.unlink()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(count, jobs, seconds, cpu, peak, usage.ru_maxrss * 1024, process.returncode, load)


# Where per-app time goes: (label, module path suffix, function); cumulative time of each.
PARTS = (
    ("hash inputs (for resume)", "batch/inputs.py", "input_hashes"),
    ("find and read files", "readers/discover.py", "discover"),
    ("find and read files", "readers/source.py", "read_source"),
    ("manifest", "readers/android.py", "read_manifest"),
    ("policy: decode, blocks, sentences, language", "readers/policy.py", "read_policy"),
    ("statement extraction", "text/statements.py", "extract_statements"),
    ("rules", "engine/evaluate.py", "evaluate"),
    ("JSON line", "batch/line.py", "ok_line"),
    ("JSON line", "batch/line.py", "encode"),
)


def cumulative(stats: pstats.Stats, suffix: str, function: str) -> float:
    return sum(
        row[3] for (path, _, name), row in stats.stats.items()  # type: ignore[attr-defined]
        if name == function and path.replace(os.sep, "/").endswith(suffix)
    )


def profile(folder: Path, count: int) -> None:
    from privacy_audit.api import AuditOptions
    from privacy_audit.batch.apps import apps_in_folder
    from privacy_audit.batch.worker import BatchJob, Task, audit_app, prepare

    apps = apps_in_folder(str(folder)).apps[:count]
    prepare(BatchJob(AuditOptions(), str(folder)))
    for app in apps[:2]:
        audit_app(Task(app))  # compile both lexicons before timing
    print(f"\nper-app CPU time in one process ({len(apps)} apps, no profiler):")
    for label, chosen in (("Chinese", apps[0::2]), ("English", apps[1::2]), ("all", apps)):
        started = time.process_time()
        for app in chosen:
            audit_app(Task(app))
        per_app = (time.process_time() - started) / len(chosen)
        print(f"  {label:8s} {per_app * 1000:6.2f} ms/app = {1 / per_app:6.1f} apps/s per core")
    profiler = cProfile.Profile()
    profiler.enable()
    for app in apps:
        audit_app(Task(app))
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = cumulative(stats, "batch/worker.py", "audit_app")
    shares: dict[str, float] = {}
    for label, suffix, function in PARTS:
        shares[label] = shares.get(label, 0.0) + cumulative(stats, suffix, function)
    # read_policy contains the extraction; show the policy reading without it.
    shares["policy: decode, blocks, sentences, language"] -= shares["statement extraction"]
    shares["other (options, facts, report objects)"] = total - sum(shares.values())
    print(f"\ncProfile split of per-app time ({len(apps)} apps, {total / len(apps) * 1000:.2f} ms/app under the profiler):")
    for label, seconds in shares.items():
        print(f"  {label:44s} {100 * seconds / total:5.1f}%")
    print("\nfunctions with the most own time:")
    stats.sort_stats("tottime").print_stats(12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cores = len(os.sched_getaffinity(0))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of apps (default 1000 10000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=sorted({1, cores}), help=f"job counts at the first size (default 1 and {cores})")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each size and job count (a shared machine's speed drifts)")
    parser.add_argument("--profile", type=int, default=1000, metavar="APPS", help="apps to profile in one process (0: none)")
    parser.add_argument("--venv", type=Path, help="an environment where privacy-audit is installed (default: a fresh install)")
    args = parser.parse_args()
    tool = (args.venv or install()) / "bin" / "privacy-audit"
    print(f"{tool}, python {sys.version.split()[0]}, {cores} cores; each app: a manifest and a ~{POLICY_BYTES // 1024} KB policy (half Chinese, half English)")
    print(f"{'apps':>6} {'jobs':>4} {'seconds':>8} {'apps/s':>8} {'apps/CPU-s':>10} {'tree peak PSS':>14} {'largest process':>16} {'load before':>11}")
    for position, count in enumerate(args.sizes):
        folder = generate(count)
        for jobs in args.jobs if position == 0 else [max(args.jobs)]:
            for _ in range(args.repeat):
                run = run_batch(tool, folder, count, jobs)
                print(
                    f"{run.apps:6d} {run.jobs:4d} {run.seconds:8.1f} {run.rate:8.1f} {run.cpu_rate:10.1f} "
                    f"{run.tree_peak / MiB:10.1f} MiB {run.process_peak / MiB:12.1f} MiB {run.load:11.2f}",
                    flush=True,
                )
    if args.profile:
        profile(generate(min(args.sizes)), args.profile)


if __name__ == "__main__":
    main()
