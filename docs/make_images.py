"""Render the pictures in the README from the sample deck (needs the test extra: pypdfium2).

    python docs/make_images.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2

from deckpress.build import build_deck
from deckpress.worksheets import KINDS, build_worksheets

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"


def render(pdf: Path, page: int, dpi: int):
    document = pypdfium2.PdfDocument(str(pdf))
    image = document[page].render(scale=dpi / 72).to_pil().convert("RGB")
    document.close()
    return image


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "deck.pdf"
        build_deck(ROOT / "cards" / "networking.yaml", pdf, ROOT / "brands" / "example.yaml",
                   "home-letter")
        render(pdf, 0, 80).save(IMAGES / "sheet-fronts.png", optimize=True)
        render(pdf, 1, 80).save(IMAGES / "sheet-backs.png", optimize=True)
        closeup = render(pdf, 0, 200)
        inch = 200
        closeup.crop((int(0.5 * inch), int(0.25 * inch), int(8.0 * inch), int(3.75 * inch))).save(
            IMAGES / "cards-closeup.png", optimize=True)
        prompts = Path(folder) / "prompts.pdf"
        build_deck(ROOT / "cards" / "table-talk.yaml", prompts, None, "home-a4")
        render(prompts, 0, 80).save(IMAGES / "table-talk-fronts.png", optimize=True)
        for kind in KINDS:  # the first page of each worksheet
            sheet = Path(folder) / f"{kind}.pdf"
            build_worksheets(ROOT / "cards" / "networking.yaml", sheet,
                             ROOT / "brands" / "example.yaml", "letter", [kind])
            render(sheet, 0, 60).save(IMAGES / f"worksheet-{kind}.png", optimize=True)


if __name__ == "__main__":
    main()
