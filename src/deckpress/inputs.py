"""The user's files for one deck, loaded and validated once: the deck, the brand (or the neutral
default) and the fonts; shared by the deck build, its worksheets and `check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .render.fonts import FontBook, load_fonts
from .source.brand import LoadedBrand, load_brand
from .source.deck import LoadedDeck, load_deck


@dataclass(frozen=True)
class Inputs:
    deck: LoadedDeck
    brand: LoadedBrand
    fonts: FontBook

    @property
    def workspace(self) -> Path:
        return self.deck.workspace


def load_inputs(deck_path: Path, brand_path: Path | None = None) -> Inputs:
    """The deck, the brand and the fonts, every brand font checked to exist."""
    deck = load_deck(deck_path)
    brand = load_brand(brand_path)
    fonts = load_fonts(deck.workspace)
    fonts.family(brand.brand.fonts.body, brand.where("fonts", "body"))
    fonts.family(brand.brand.fonts.heading, brand.where("fonts", "heading"))
    return Inputs(deck, brand, fonts)
