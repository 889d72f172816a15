"""Run every deckpress benchmark in turn, one command, and print their outputs under headings.

The default is the short form of each (about a quarter of an hour on a 2-core machine);
`--full` runs the long ones (5,400 cards, more runs). The machine (CPUs, Python, ReportLab)
and the total time come first and last. Exits non-zero if any benchmark failed.

Run from the repository root:

    .venv/bin/python benchmarks/run_all.py
    .venv/bin/python benchmarks/run_all.py --full
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def plan(full: bool) -> list[tuple[str, list[str]]]:
    """(script, arguments) of each benchmark to run, in order; bench_png.py only if present."""
    steps = [
        ("bench_speed.py", [] if full else ["--quick"]),
        ("bench_build.py", [] if full else ["--sizes", "540"]),
        ("bench_layouts.py", ["--cards", "5400", "--runs", "1"] if full else []),
        ("bench_worksheets.py", ["--cards", "540"] + ([] if full else ["--processes", "1"])),
        ("bench_png.py", []),
        ("bench_preview.py", [] if full else ["--runs", "5", "--rebuilds", "10"]),
    ]
    return [(script, arguments) for script, arguments in steps if (HERE / script).is_file()]


def machine() -> str:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "?"

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    return (f"{platform.system()} {platform.machine()}, CPUs: {os.cpu_count()} (usable "
            f"{usable}), load average {os.getloadavg()[0]:.2f}\n"
            f"python {platform.python_version()}, reportlab {version('reportlab')}, "
            f"deckpress {version('deckpress')}")


def run(script: str, arguments: list[str]) -> tuple[int, float]:
    """Run one benchmark, its output passed through; its exit code and wall time."""
    command = [sys.executable, str(HERE / script), *arguments]
    print(f"\n{'=' * 78}\n# {script} {' '.join(arguments)}\n{'=' * 78}\n", flush=True)
    started = time.perf_counter()
    code = subprocess.run(command, cwd=ROOT, check=False).returncode
    return code, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true",
                        help="the long versions (5,400 cards, more runs)")
    args = parser.parse_args(argv)
    print(machine(), flush=True)
    started = time.perf_counter()
    results = [(script, *run(script, arguments)) for script, arguments in plan(args.full)]
    print(f"\n{'=' * 78}\n# summary\n{'=' * 78}")
    for script, code, seconds in results:
        print(f"{script:<22} {'ok' if code == 0 else f'FAILED (exit {code})':<18} {seconds:7.0f} s")
    print(f"total {time.perf_counter() - started:.0f} s; load average now "
          f"{os.getloadavg()[0]:.2f}")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
