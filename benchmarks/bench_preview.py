"""Benchmark: `deckpress preview` of one card, cold and under `--watch`.

Measured, each in a fresh copy of the sample workspace:

* cold: the wall time of `deckpress preview cards/networking.yaml --brand example --card WU-01`
  from starting the process to its exit (the PNG is written just before), against the
  baseline `deckpress --version` (the same start-up: Python, the command's imports, Click)
  measured in the same run, interleaved;
* watch: `deckpress preview … --watch` running; the deck file is saved with a changed card text
  and the time until the command prints that it wrote the new PNG is taken, many times; the
  line's own "in X s" (the run inside the process) is shown beside it, the rest being the
  watcher's delay; and the process's resident memory after the first and the last rebuild.

Run from the repository root:

    .venv/bin/python benchmarks/bench_preview.py
    .venv/bin/python benchmarks/bench_preview.py --runs 11 --rebuilds 40

See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("cards", "brands", "clients", "templates")
CARD = "WU-01"
TEXT = "Ask a stranger for directions to somewhere nearby, even if you already know the way."
WROTE = re.compile(r"^wrote .* in (\d+\.\d+) s$")


def deckpress() -> list[str]:
    script = Path(sys.executable).parent / "deckpress"
    return [str(script)] if script.exists() else [sys.executable, "-m", "deckpress"]


def workspace(folder: Path) -> Path:
    for part in PARTS:
        shutil.copytree(ROOT / part, folder / part)
    (folder / "output").mkdir()
    return folder


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bytecode_env(scratch: Path) -> dict[str, str]:
    """The environment of the measured commands: Python's compiled modules kept (in a folder of
    the run's own), as an installed deckpress has them, even where the shell asks Python not
    to write them."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(scratch / "pycache"), "PYTHONUNBUFFERED": "1"}


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of the command's process: CPU time is what work elsewhere on a busy
    machine does not inflate."""
    cpu, started = children_cpu(), time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   env=bytecode_env(cwd.parent))
    return time.perf_counter() - started, children_cpu() - cpu


def cold(ws: Path, runs: int) -> dict[str, list[tuple[float, float]]]:
    """Interleaved: the start-up baseline, then the preview, `runs` times (after one warm-up
    of each, not counted: .pyc files, file cache)."""
    commands = {
        "deckpress --version": [*deckpress(), "--version"],
        "preview one card": [*deckpress(), "preview", "cards/networking.yaml", "--brand",
                             "example", "--card", CARD, "-o", "one.png"],
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for command in commands.values():
        timed(command, ws)
    for run in range(runs):
        order = list(commands.items())
        for name, command in order if run % 2 == 0 else reversed(order):
            times[name].append(timed(command, ws))
    return times


class Lines:
    """The watching process's output lines, read in a thread, with the time each arrived."""

    def __init__(self, process: subprocess.Popen[str]):
        self.lines: list[tuple[float, str]] = []
        self.ready = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            with self.ready:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
                self.ready.notify_all()

    def wait(self, count: int, timeout: float = 30.0) -> tuple[float, str]:
        """The `count`-th line that says a PNG was written."""
        deadline = time.monotonic() + timeout
        with self.ready:
            while True:
                wrote = [item for item in self.lines if WROTE.match(item[1])]
                if len(wrote) >= count:
                    return wrote[count - 1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no rebuild {count}: {self.lines[-5:]}")
                self.ready.wait(left)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def watch(ws: Path, rebuilds: int) -> tuple[list[float], list[float], float, float]:
    """(save-to-written latencies, the runs inside the process, RSS after the first rebuild,
    RSS after the last), all seconds or MiB."""
    deck = ws / "cards" / "networking.yaml"
    original = deck.read_text(encoding="utf-8")
    process = subprocess.Popen(
        [*deckpress(), "preview", "cards/networking.yaml", "--brand", "example", "--card", CARD,
         "-o", "watched.png", "--watch"], cwd=ws, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, env=bytecode_env(ws.parent))
    lines = Lines(process)
    latencies, inside = [], []
    first_rss = 0.0
    try:
        lines.wait(1)
        time.sleep(0.5)  # the watcher is set up once the first line is out
        for number in range(1, rebuilds + 1):
            changed = original.replace(TEXT, f"{TEXT[:-1]} ({number}).")
            saved = time.perf_counter()
            deck.write_text(changed, encoding="utf-8")
            arrived, line = lines.wait(number + 1)
            latencies.append(arrived - saved)
            match = WROTE.match(line)
            assert match is not None
            inside.append(float(match.group(1)))
            if number == 1:
                first_rss = rss_mib(process.pid)
            time.sleep(0.3)  # a coach saves now and then, not in a stream
        last_rss = rss_mib(process.pid)
    finally:
        process.terminate()
        process.wait(10)
        deck.write_text(original, encoding="utf-8")
    return latencies, inside, first_rss, last_rss


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="cold runs of each command")
    parser.add_argument("--rebuilds", type=int, default=30, help="saves while watching")
    options = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as scratch:
        ws = workspace(Path(scratch) / "ws")
        times = cold(ws, options.runs)
        latencies, inside, first_rss, last_rss = watch(ws, options.rebuilds)
    baseline = statistics.median(wall for wall, _ in times["deckpress --version"])
    baseline_cpu = statistics.median(cpu for _, cpu in times["deckpress --version"])
    print(f"\ncold, {options.runs} runs each, medians (process start to exit):")
    for name, pairs in times.items():
        walls, cpus = [wall for wall, _ in pairs], [cpu for _, cpu in pairs]
        print(f"  {name:22} {median_ms(walls)} wall ({statistics.median(walls) / baseline:.2f}×"
              f" deckpress --version; min {min(walls) * 1000:.0f}, max "
              f"{max(walls) * 1000:.0f} ms), {median_ms(cpus).strip()} CPU "
              f"({statistics.median(cpus) / baseline_cpu:.2f}×)")
    print(f"\nwatch, {options.rebuilds} saves of the deck, medians:")
    print(f"  save to PNG written    {median_ms(latencies)}  "
          f"({statistics.median(latencies) / baseline:.2f}× deckpress --version)  "
          f"min {min(latencies) * 1000:.0f}, max {max(latencies) * 1000:.0f} ms")
    print(f"  of which the run       {median_ms(inside)}  (as the command says: 'in X s')")
    print(f"  resident memory        {first_rss:.0f} MiB after the first rebuild, "
          f"{last_rss:.0f} MiB after rebuild {options.rebuilds}")


if __name__ == "__main__":
    main()
