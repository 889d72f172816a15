"""The minimal floor for the deckpress benchmarks: the least a script can do with the same deck.

Reads the same generated deck YAML as baseline_reportlab.py (PyYAML's libyaml `CSafeLoader`),
registers one bundled Noto Sans TTF and draws, per card, one Paragraph of the card's text at a
fixed 10 pt (no fitting, no title, band, icon, tip or footer) on a 3×3 grid of poker cards
centred on US Letter, fronts only (no backs, no crop marks), with `invariant=1`, and saves.
Nothing a real card needs is drawn, so no tool that draws the real cards can be faster: the
distance from this floor is what fonts, YAML and PDF writing alone do not explain.

Run it:  python benchmarks/floor_reportlab.py DECK.yaml OUT.pdf
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FONT_FILE = Path(__file__).resolve().parents[1] / "src/deckpress/fonts/NotoSans-Regular.ttf"
FONT = "FloorSans"
CARD_W, CARD_H = 63.5 * mm, 88.9 * mm
COLUMNS, ROWS = 3, 3
SAFE = 0.125 * inch
SIZE = 10.0


def slots() -> list[tuple[float, float]]:
    """Bottom-left corners of the card trims, row by row from the top-left."""
    page_w, page_h = letter
    left = (page_w - COLUMNS * CARD_W) / 2
    top = (page_h + ROWS * CARD_H) / 2
    return [(left + column * CARD_W, top - (row + 1) * CARD_H)
            for row in range(ROWS) for column in range(COLUMNS)]


def build(deck_path: Path, output: Path) -> dict[str, int]:
    """Draw every card's text into `output`; returns {'pages': n, 'cards': n}."""
    with open(deck_path, encoding="utf-8") as stream:
        deck = yaml.load(stream, Loader=SAFE_LOADER)
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    style = ParagraphStyle("floor", fontName=FONT, fontSize=SIZE, leading=SIZE * 1.3)
    canvas = Canvas(str(output), pagesize=letter, invariant=1, pageCompression=1,
                    initialFontName=FONT)
    cards = [card for card in deck["cards"] for _ in range(card.get("copies", 1))]
    positions = slots()
    width, height = CARD_W - 2 * SAFE, CARD_H - 2 * SAFE
    pages = 0
    for start in range(0, len(cards), len(positions)):
        for card, (x, y) in zip(cards[start : start + len(positions)], positions, strict=False):
            paragraph = Paragraph(escape(" ".join(str(card.get("text", "")).split())), style)
            _, used = paragraph.wrap(width, height)
            paragraph.drawOn(canvas, x + SAFE, y + CARD_H - SAFE - used)
        canvas.showPage()
        pages += 1
    canvas.save()
    return {"pages": pages, "cards": len(cards)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The minimal floor: one paragraph per card.")
    parser.add_argument("deck", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = build(args.deck, args.output)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.output} ({result['cards']} cards, {result['pages']} pages) "
          f"in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
