"""Benchmark: `deckpress batch` on 20 clients × 50 cards, with worksheets.

Measures, as whole `deckpress batch` processes (start-up included), in a generated workspace:

  - every kit built from scratch (`--force`) in one process (`-j 1`) and in two (`-j 2`);
  - the decks alone (`--no-worksheets -j 1`), against a plain-ReportLab script drawing the same
    twenty 50-card decks in one process (the baseline of bench_build.py);
  - a second run with nothing changed (every kit found up to date);
  - a run after one client's file changed (that kit alone must be built).

Runs of the different commands are interleaved; the table shows medians. Run from the
repository root:

    .venv/bin/python benchmarks/bench_batch.py
    .venv/bin/python benchmarks/bench_batch.py --clients 20 --runs 3 --keep /tmp/bench-batch
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import write_deck  # noqa: E402 - the same generated cards as bench_build

CARDS = 50
NAMES = ["Ana Lima", "Ben Okafor", "Chen Yu", "Dara Byrne", "Emeka Obi", "Fatima Zahra",
         "Gustav Lind", "Hana Sato", "Ivan Petrov", "Jade Moreau", "Kofi Mensah", "Lena Weiss",
         "Mateo Cruz", "Nadia Haddad", "Omar Farouk", "Priya Das", "Quinn Walsh", "Rosa Vidal",
         "Sven Berg", "Tara Singh"]
BASELINE = """
import sys, time
sys.path.insert(0, {here!r})
import svglib.svglib  # as bench_build: imports before the clock
import baseline_reportlab
from pathlib import Path
started = time.perf_counter()
for number in range({clients}):
    baseline_reportlab.build(Path({deck!r}), Path({output!r}) / f"client-{{number:02d}}.pdf")
print(time.perf_counter() - started)
"""


def make_workspace(folder: Path, clients: int) -> Path:
    """A workspace with the sample brands and `clients` client files, each getting the same
    generated 50-card deck (every card distinct), half on A4 and half on Letter, half for
    each sample coach, each with their own name and note."""
    for part in ("brands", "fonts", "templates"):
        shutil.copytree(ROOT / part, folder / part)
    for part in ("cards", "clients", "output", "baseline"):
        (folder / part).mkdir()
    deck = write_deck(folder / "cards", CARDS)
    deck.rename(folder / "cards/bench.yaml")
    for number in range(clients):
        name = NAMES[number % len(NAMES)] + ("" if number < len(NAMES) else f" {number}")
        (folder / "clients" / f"client-{number:02d}.yaml").write_text(
            f"brand: {'example' if number % 2 == 0 else 'northstar'}\n"
            f"name: {name}\nprogramme: Spring Asks\n"
            f"goal: Fifty asks by June\nnote: {name.split()[0]}, one brave ask a day.\n"
            f"decks: [bench]\npaper: {'a4' if number % 2 else 'letter'}\n", encoding="utf-8")
    return folder


def deckpress(workspace: Path, *args: str) -> tuple[float, str]:
    """Wall time of one `deckpress batch` process, and what it printed."""
    command = [str(Path(sys.executable).parent / "deckpress"), "batch", *args]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=workspace, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"deckpress batch {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed, done.stdout


def baseline(workspace: Path, clients: int) -> float:
    """Wall time of one process drawing every client's deck with plain ReportLab."""
    script = BASELINE.format(here=str(HERE), clients=clients,
                             deck=str(workspace / "cards/bench.yaml"),
                             output=str(workspace / "baseline"))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    return time.perf_counter() - started


def built_count(output: str) -> tuple[int, int]:
    """(built, up to date) from the batch's last line."""
    words = output.strip().splitlines()[-1].split()
    return int(words[0]), int(words[3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.clients < 2:
        parser.error("at least one run and two clients")
    folder = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    if args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        workspace = make_workspace(folder, args.clients)
        print(f"python {platform.python_version()} on {platform.system()} "
              f"{platform.machine()}; CPUs usable: {len(os.sched_getaffinity(0))}")
        print(f"{args.clients} clients × {CARDS} cards (every card distinct), two coaches, "
              f"Letter and A4; {args.runs} runs each, interleaved; whole processes\n")
        deckpress(workspace, "--force")  # warm-up: file cache, .pyc files; not reported
        times: dict[str, list[float]] = {}
        edit = workspace / f"clients/client-{args.clients // 2:02d}.yaml"
        for run in range(args.runs):
            for key, measure in [
                ("baseline", lambda: baseline(workspace, args.clients)),
                ("decks -j1", lambda: deckpress(workspace, "--force", "--no-worksheets",
                                                "-j", "1")[0]),
                ("kits -j1", lambda: deckpress(workspace, "--force", "-j", "1")[0]),
                ("kits -j2", lambda: deckpress(workspace, "--force", "-j", "2")[0]),
            ][:: 1 if run % 2 == 0 else -1]:
                times.setdefault(key, []).append(measure())
            deckpress(workspace, "-j", "2")  # the kits with worksheets, whichever ran last
            seconds, said = deckpress(workspace, "-j", "2")
            assert built_count(said) == (0, args.clients), said
            times.setdefault("nothing changed", []).append(seconds)
            lines = edit.read_text(encoding="utf-8").splitlines()
            lines = [f"note: One brave ask a day, week {run + 1}." if line.startswith("note:")
                     else line for line in lines]
            edit.write_text("\n".join(lines) + "\n", encoding="utf-8")
            seconds, said = deckpress(workspace, "-j", "2")
            assert built_count(said) == (1, args.clients - 1), said
            times.setdefault("one client changed", []).append(seconds)
            print(f"  run {run + 1}: " + ", ".join(f"{key} {values[-1]:.2f} s"
                                                   for key, values in times.items()),
                  file=sys.stderr, flush=True)
        median = {key: statistics.median(values) for key, values in times.items()}
        rows = [
            (f"plain ReportLab, {args.clients} decks, one process", "baseline", ""),
            ("batch --no-worksheets -j 1 (decks)", "decks -j1",
             f"{median['decks -j1'] / median['baseline']:.2f}× the baseline"),
            ("batch --force -j 1 (decks + worksheets)", "kits -j1", ""),
            ("batch --force -j 2", "kits -j2",
             f"{median['kits -j2'] / median['kits -j1']:.2f}× -j 1"),
            ("batch, nothing changed", "nothing changed", "every kit up to date"),
            ("batch, one client changed", "one client changed", "1 built, the rest up to date"),
        ]
        print(f"{'command':<42} {'median':>8} {'min':>8} {'max':>8}  note")
        for label, key, note in rows:
            values = times[key]
            print(f"{label:<42} {median[key]:>7.2f}s {min(values):>7.2f}s "
                  f"{max(values):>7.2f}s  {note}")
        if args.keep:
            print(f"\nworkspace kept in {workspace}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
