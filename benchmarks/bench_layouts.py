"""Benchmark: how many times ReportLab lays out each fitted paragraph (Paragraph.wrap calls
per text box that is fitted as a paragraph), on the sample decks and on the generated deck of
bench_build.py, and how long those builds take.

Run from the repository root:

    .venv/bin/python benchmarks/bench_layouts.py
    .venv/bin/python benchmarks/bench_layouts.py --cards 540 --runs 5

See benchmarks/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from reportlab.platypus import Paragraph

from deckpress.build import build_deck
from deckpress.render import face

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import write_deck  # noqa: E402 - the same generated deck as bench_build


def counting(counts: Counter[str]) -> None:
    """Count layouts, fitted paragraphs and those that shrank, while the process builds."""
    wrap, fit = Paragraph.wrap, face.fit_paragraph

    def counted_wrap(self: Paragraph, *args: Any, **kwargs: Any) -> Any:
        counts["layouts"] += 1
        return wrap(self, *args, **kwargs)

    def counted_fit(markup: str, style: Any, *args: Any, **kwargs: Any) -> Any:
        before = counts["layouts"]
        fitted = fit(markup, style, *args, **kwargs)
        counts["paragraphs"] += 1
        counts["fitting layouts"] += counts["layouts"] - before
        if fitted.size != style.size:
            counts["shrunk"] += 1
            counts["shrunk layouts"] += counts["layouts"] - before
        return fitted

    Paragraph.wrap = counted_wrap  # type: ignore[method-assign]
    face.fit_paragraph = counted_fit


def decks(folder: Path, cards: int) -> list[tuple[str, Path, Path | None, str]]:
    """(label, deck, brand, profile): each sample deck with and without the example brand,
    and the generated deck."""
    found = []
    for deck in sorted((ROOT / "cards").glob("*.yaml")):
        profile = "avery-5371" if deck.stem == "pocket-scripts" else "home-letter"
        for brand in (None, ROOT / "brands" / "example.yaml"):
            found.append((f"{deck.stem}{' +example' if brand else ''}", deck, brand, profile))
    found.append((f"generated {cards}", write_deck(folder, cards), None, "home-letter"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=540, help="generated deck size")
    parser.add_argument("--runs", type=int, default=3, help="timed builds per deck")
    options = parser.parse_args()
    counts: Counter[str] = Counter()
    counting(counts)
    print("| deck | fitted paragraphs | layouts per paragraph | shrunk | layouts per shrunk "
          "| median build s |")
    print("|---|---|---|---|---|---|")
    total: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for label, deck, brand, profile in decks(Path(tmp), options.cards):
            times = []
            for _run in range(options.runs):
                counts.clear()
                start = time.perf_counter()
                build_deck(deck, Path(tmp) / "out.pdf", brand, profile)
                times.append(time.perf_counter() - start)
            if not label.startswith("generated"):
                total.update(counts)
            print(f"| {label} | {counts['paragraphs']} | "
                  f"{counts['fitting layouts'] / max(counts['paragraphs'], 1):.2f} | "
                  f"{counts['shrunk']} | {counts['shrunk layouts'] / max(counts['shrunk'], 1):.2f}"
                  f" | {statistics.median(times):.3f} |")
    print(f"\nsample decks together: {total['fitting layouts'] / max(total['paragraphs'], 1):.3f} "
          f"layouts per fitted paragraph ({total['paragraphs']} paragraphs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
