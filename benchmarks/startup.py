"""Start-up: the whole-process time of ``privacy-audit scan`` on each sample, beside bare Python.

    python benchmarks/startup.py               # install this checkout into a fresh venv, as CI does
    python benchmarks/startup.py --venv .venv  # use an existing environment instead
    python benchmarks/startup.py --imports     # also the slowest imports of one scan

CI runs the tool once per commit, so the cost that counts is a cold process: interpreter,
imports, rules and lexicons, the audit and the report. By default the checkout is installed
(not editable) into benchmarks/.work/startup-venv, so modules load from compiled bytecode as
they do after ``pip install privacy-audit``. Prints the median and the fastest wall time of N
runs, and the median CPU time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from installed import install

ROOT = Path(__file__).resolve().parents[1]


def timings(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run; CPU time is the steadier figure on a
    machine that other work shares."""
    subprocess.run(command, capture_output=True, cwd=ROOT)  # warm the file cache
    wall, cpu = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, _, usage = os.wait4(process.pid, 0)
        wall.append(time.perf_counter() - started)
        cpu.append(usage.ru_utime + usage.ru_stime)
        process.returncode = 0  # reaped by wait4
    return wall, cpu


def show(label: str, measured: tuple[list[float], list[float]]) -> None:
    wall, cpu = measured
    print(
        f"  {label:58s} wall median {statistics.median(wall) * 1000:6.1f} ms, fastest {min(wall) * 1000:6.1f} ms;"
        f" CPU median {statistics.median(cpu) * 1000:6.1f} ms"
    )


def slowest_imports(python: Path, tool: Path, sample: str, count: int = 15) -> None:
    # The console script, not ``-m``: from the checkout, ``-m`` would import the source tree.
    result = subprocess.run([str(python), "-X", "importtime", str(tool), "scan", sample], capture_output=True, text=True, cwd=ROOT)
    rows = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:"):
            own, total, name = (part.strip() for part in line[len("import time:") :].split("|"))
            if own.isdigit():
                rows.append((int(total), int(own), name))
    print(f"\nslowest imports of `scan {sample}` (cumulative / own, microseconds; -X importtime adds overhead):")
    for total, own, name in sorted(rows, reverse=True)[:count]:
        print(f"  {total:8d} {own:8d}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venv", type=Path, help="an environment where privacy-audit is installed (default: a fresh install)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--imports", action="store_true", help="print the slowest imports of one scan")
    args = parser.parse_args()
    env_dir = args.venv or install()
    python, tool = env_dir / "bin" / "python", env_dir / "bin" / "privacy-audit"
    print(f"{args.runs} runs each, whole process, from {env_dir}")
    show("python -c pass", timings([str(python), "-c", "pass"], args.runs))
    show("privacy-audit --version", timings([str(tool), "--version"], args.runs))
    for sample in sorted(p.name for p in (ROOT / "samples").iterdir() if p.is_dir()):
        show(f"privacy-audit scan samples/{sample}", timings([str(tool), "scan", f"samples/{sample}"], args.runs))
    show("privacy-audit scan samples/lending-zh-risky --format json", timings([str(tool), "scan", "samples/lending-zh-risky", "--format", "json"], args.runs))
    if args.imports:
        slowest_imports(python, tool, "samples/lending-en-risky")


if __name__ == "__main__":
    sys.exit(main())
