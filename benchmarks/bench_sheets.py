"""Benchmark: loading a deck kept in a spreadsheet against the same deck in YAML.

The generated deck of bench_build.py (every card distinct) is written as YAML, then exported
with `deckpress export` to an .xlsx workbook and to a .csv with its settings beside it. Each
run loads all three with `deckpress.source.deck.load_deck` (read, validate, check every card),
in turn, the order rotated every run; the medians and the ratios against YAML are printed.

Run from the repository root:

    .venv/bin/python benchmarks/bench_sheets.py
    .venv/bin/python benchmarks/bench_sheets.py --cards 540 --runs 15

See benchmarks/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import write_deck  # the deck generator, shared

FORMATS = ("yaml", "xlsx", "csv")


def prepare(folder: Path, cards: int) -> dict[str, Path]:
    """The same deck as YAML, XLSX and CSV (+ YAML settings), in a workspace's cards/."""
    from deckpress.export import export_deck

    decks = folder / "cards"
    decks.mkdir(parents=True)
    source = write_deck(decks, cards)
    paths = {"yaml": source, "xlsx": decks / "sheet.xlsx", "csv": decks / "sheet.csv"}
    export_deck(source, paths["xlsx"])
    export_deck(source, paths["csv"])
    return paths


def measure(paths: dict[str, Path], runs: int) -> dict[str, dict[str, list[float]]]:
    """{"wall": {format: seconds per run}, "cpu": {...}}: the time on the clock, and the
    process's own CPU time (what other work on a busy machine does not inflate)."""
    from deckpress.source.deck import load_deck

    times: dict[str, dict[str, list[float]]] = {clock: {kind: [] for kind in FORMATS}
                                                for clock in ("wall", "cpu")}
    loaded = {kind: load_deck(paths[kind]) for kind in FORMATS}  # warm-up: imports, cache
    dumps = {kind: [card.model_dump() for card in deck.cards] for kind, deck in loaded.items()}
    assert dumps["xlsx"] == dumps["csv"] == dumps["yaml"], "the three files differ"
    for run in range(runs):
        order = FORMATS[run % 3:] + FORMATS[:run % 3]
        for kind in order:
            gc.collect()
            started, cpu = time.perf_counter(), time.process_time()
            load_deck(paths[kind])
            times["wall"][kind].append(time.perf_counter() - started)
            times["cpu"][kind].append(time.process_time() - cpu)
    return times


def report(cards: int, paths: dict[str, Path], times: dict[str, dict[str, list[float]]]
           ) -> None:
    wall, cpu = times["wall"], times["cpu"]
    print(f"python {platform.python_version()}, openpyxl {metadata.version('openpyxl')}, "
          f"pyyaml {metadata.version('pyyaml')}, {cards} cards, {len(wall['yaml'])} runs")
    print("| deck | file size | median wall s | ratio to YAML | median CPU s | ratio to YAML |")
    print("|---|---|---|---|---|---|")
    for kind in FORMATS:
        size = paths[kind].stat().st_size
        cells = [f"{statistics.median(clock[kind]):.3f} | "
                 f"{statistics.median(clock[kind]) / statistics.median(clock['yaml']):.2f}×"
                 for clock in (wall, cpu)]
        print(f"| {kind} | {size / 1024:.0f} KiB | {cells[0]} | {cells[1]} |")
    print("all runs, wall (s):")
    for kind in FORMATS:
        print(f"  {kind}: " + " ".join(f"{value:.3f}" for value in wall[kind]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cards", type=int, default=540)
    parser.add_argument("--runs", type=int, default=11)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        paths = prepare(Path(folder), options.cards)
        report(options.cards, paths, measure(paths, options.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
