"""Benchmark: milliseconds per face of the mpc PNG export, by jobs and with repeated faces.

A generated deck (bench_build.py's, every card distinct, one back shared by all) is built once
for the `mpc` profile (822 × 1122 px at 300 dpi) and the PDF the build hands to the PNG export
is kept. Then `deckpress.output.png.export_pngs` exports it, in this process, in turn:

* baseline: one thread, every face rendered, zlib level 6 (the export before it was made fast)
* jobs 1 / jobs 2: one or two encoding threads, every face rendered
* jobs 1 / jobs 2 + same_as: each face that repeats an earlier one rendered once, then copied

`same_as` is what the build knows (the same face form); here it is found from the first
export: a face whose file has the bytes of an earlier one. Every export but the baseline must
give exactly the bytes of the first, which the script checks.

Run from the repository root:

    .venv/bin/python benchmarks/bench_png.py                 # 60 cards (120 faces), 5 runs
    .venv/bin/python benchmarks/bench_png.py --cards 270 --runs 7
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_build  # noqa: E402 - the deck generator, beside this file

from deckpress.build import build_pngs  # noqa: E402
from deckpress.output import png as export  # noqa: E402


@dataclass(frozen=True)
class Captured:
    """What the build hands to the PNG export: the one-face-per-page PDF and its arguments."""

    pdf: Path
    names: list[str]
    labels: list[str] | None
    size: export.PngSize


@dataclass(frozen=True)
class Variant:
    label: str
    jobs: int
    repeats: bool  # pass same_as
    level: int = export.FACE_COMPRESS_LEVEL


VARIANTS = (
    Variant("baseline: 1 thread, level 6, every face", 1, False, 6),
    Variant("jobs 1", 1, False),
    Variant("jobs 2", 2, False),
    Variant("jobs 1 + same_as", 1, True),
    Variant("jobs 2 + same_as", 2, True),
)


def capture(deck: Path, scratch: Path) -> Captured:
    """Build the deck's mpc PNGs with the export replaced by one that keeps its PDF."""
    kept: dict[str, Any] = {}
    real_export = export.export_pngs

    def keep(pdf: Path, folder: Path, names: Sequence[str], size: export.PngSize,
             **options: Any) -> list[Path]:
        shutil.copy(pdf, scratch / "faces.pdf")
        kept.update(names=list(names), labels=options.get("labels"), size=size)
        return []

    export.export_pngs = keep
    try:
        build_pngs(deck, scratch / "unused", profile="mpc")
    finally:
        export.export_pngs = real_export
    return Captured(scratch / "faces.pdf", kept["names"], kept["labels"], kept["size"])


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def repeats_of(folder: Path, names: Sequence[str]) -> list[int | None]:
    """For each face, the first earlier face whose file has the same bytes, or None."""
    first: dict[bytes, int] = {}
    found: list[int | None] = []
    for index, name in enumerate(names):
        earlier = first.setdefault((folder / (name + ".png")).read_bytes(), index)
        found.append(None if earlier == index else earlier)
    return found


def run(captured: Captured, variant: Variant, same_as: list[int | None],
        out: Path) -> tuple[float, float]:
    """One export into `out` (made anew); its wall and CPU time (all threads) in seconds."""
    shutil.rmtree(out, ignore_errors=True)
    level, export.FACE_COMPRESS_LEVEL = export.FACE_COMPRESS_LEVEL, variant.level
    try:
        started, cpu = time.perf_counter(), time.process_time()
        export.export_pngs(captured.pdf, out, captured.names, captured.size,
                           labels=captured.labels, jobs=variant.jobs,
                           same_as=same_as if variant.repeats else None)
        return time.perf_counter() - started, time.process_time() - cpu
    finally:
        export.FACE_COMPRESS_LEVEL = level


Times = dict[str, list[tuple[float, float]]]


def measure(captured: Captured, scratch: Path, runs: int) -> tuple[Times, dict[str, int]]:
    """Every variant `runs` times, interleaved, the order reversed every other round; the
    bytes of each export checked against the first. Also the size of each variant's files."""
    reference = scratch / "reference"
    run(captured, VARIANTS[1], [], reference)  # also the warm-up
    expected = files(reference)
    same_as = repeats_of(reference, captured.names)
    times: Times = {variant.label: [] for variant in VARIANTS}
    sizes: dict[str, int] = {}
    for round_number in range(runs):
        order = VARIANTS if round_number % 2 == 0 else VARIANTS[::-1]
        for variant in order:
            out = scratch / "out"
            times[variant.label].append(run(captured, variant, same_as, out))
            made = files(out)
            sizes[variant.label] = sum(len(data) for name, data in made.items()
                                       if name.endswith("-front.png") or
                                       name.endswith("-back.png"))
            if variant.level == export.FACE_COMPRESS_LEVEL and made != expected:
                raise SystemExit(f"{variant.label}: the files differ from the first export")
    repeated = sum(earlier is not None for earlier in same_as)
    print(f"faces: {len(captured.names)}, of which {repeated} repeat an earlier one "
          f"(same_as), {len(set(expected) - {'contact-sheet.png', '.deckpress-export'})} files")
    return times, sizes


def report(times: Times, sizes: dict[str, int], faces: int) -> None:
    def ms(seconds: float) -> float:
        return seconds * 1000 / faces

    baseline = statistics.median(wall for wall, _ in times[VARIANTS[0].label])
    print(f"\n{'export':<42} {'ms/face':>8} {'ratio':>7} {'CPU ms':>7} {'KiB/face':>9}  "
          "wall ms/face of each run")
    for variant in VARIANTS:
        walls = [wall for wall, _ in times[variant.label]]
        cpu = statistics.median(cpu for _, cpu in times[variant.label])
        median = statistics.median(walls)
        each = ", ".join(f"{ms(wall):.1f}" for wall in walls)
        print(f"{variant.label:<42} {ms(median):>8.1f} {median / baseline:>6.2f}× "
              f"{ms(cpu):>7.1f} {sizes[variant.label] / faces / 1024:>9.1f}  {each}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=60, help="cards in the generated deck")
    parser.add_argument("--runs", type=int, default=5, help="runs of each export (median)")
    parser.add_argument("--keep", type=Path, help="keep the deck, PDF and exports here")
    args = parser.parse_args(argv)
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="bench-png-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        deck = bench_build.write_deck(scratch, args.cards)
        captured = capture(deck, scratch)
        print(f"deck: {args.cards} generated cards, mpc profile, {captured.size.pixels[0]} × "
              f"{captured.size.pixels[1]} px at {captured.size.dpi} dpi; {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f}")
        times, sizes = measure(captured, scratch, args.runs)
        report(times, sizes, len(captured.names))
        print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
