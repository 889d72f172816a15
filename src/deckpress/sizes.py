"""Named sizes: card sizes and papers (data/card_sizes.yaml, data/papers.yaml), and the one
parser for a paper, whether a profile's page, `--paper` for the worksheets or the calibration
sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from .errors import did_you_mean
from .units import MM, parse_size, shown, to_mm

# Full-page documents (worksheets, the calibration sheet) are laid out for letter and A4; a
# paper smaller than this cannot hold their tables and gauges (the calibration sheet's text
# reaches its centre cross below 275 mm), a larger one only adds margin.
MIN_SHEET_PAPER = (200 * MM, 275 * MM)
MAX_SHEET_PAPER = 500 * MM


class PaperError(ValueError):
    """A paper that is not a name or a size, or does not suit the document; `hint` says what
    would."""

    def __init__(self, problem: str, hint: str):
        super().__init__(problem)
        self.problem = problem
        self.hint = hint


def _named(file: str) -> dict[str, tuple[float, float]]:
    text = resources.files("deckpress").joinpath(f"data/{file}").read_text("utf-8")
    return {name: parse_size(value) for name, value in yaml.safe_load(text).items()}


@cache
def card_sizes() -> dict[str, tuple[float, float]]:
    """Card sizes by name (poker, bridge, ...), width × height in points, portrait."""
    return _named("card_sizes.yaml")


@cache
def papers() -> dict[str, tuple[float, float]]:
    """Papers by name (letter, a4, ...), width × height in points, portrait."""
    return _named("papers.yaml")


@dataclass(frozen=True)
class CardBox:
    """A card as it is drawn: its trim size, the bleed beyond the trim and the safe inset that
    layouts keep text inside, all in points."""

    width: float
    height: float
    bleed: float
    safe: float


@dataclass(frozen=True)
class Paper:
    """A paper as the user named it (`a4`, `Letter`, `210x297mm`) and its size in points."""

    text: str
    width: float
    height: float

    @property
    def size(self) -> tuple[float, float]:
        return self.width, self.height

    @property
    def label(self) -> str:
        """How the paper appears in file names: letter, a4, or the size as given."""
        name = self.text.strip().lower()
        return name if name in papers() else "".join(name.split()).replace("×", "x")

    @property
    def display_name(self) -> str:
        """`A4`, `Letter`, or the size as given: how a print dialog calls the paper."""
        name = self.text.strip().lower()
        if name not in papers():
            return self.text.strip()
        return name.upper() if re.fullmatch(r"a\d", name) else name.title()


def paper(text: str) -> Paper:
    """A paper name (any case) or WxH with a unit; anything else is a PaperError with a hint."""
    name = str(text).strip()
    size = papers().get(name.lower())
    if size is None:
        try:
            size = parse_size(name)
        except ValueError:
            raise PaperError(f"unknown paper '{shown(text)}'", _paper_hint(name)) from None
    if min(size) <= 0:
        raise PaperError("the page size must be more than 0",
                         "give a paper name (letter, a4) or WxH with a unit, e.g. 210x297mm")
    return Paper(name, *size)


def _paper_hint(text: str) -> str:
    if re.fullmatch(r"\s*[\d.]+\s*[x×]\s*[\d.]+\s*", text):
        return f"add a unit, e.g. {shown(text.strip())}mm"
    close = did_you_mean(text.lower(), papers(), list_choices=False)
    known = ", ".join(papers())
    return (f"{close} " if close else "") + \
        f"use a paper name ({known}) or WxH with a unit, e.g. 210x297mm"


def sheet_paper(text: str, document: str) -> Paper:
    """A paper for a full-page document (`document`: "the worksheets", "the calibration sheet"):
    portrait, from MIN_SHEET_PAPER up to MAX_SHEET_PAPER a side."""
    chosen = paper(text)
    width, height = chosen.size
    low_w, low_h = MIN_SHEET_PAPER
    words = f"the paper {to_mm(width):.0f}×{to_mm(height):.0f} mm"
    upright_suits = low_w - 0.01 <= height and low_h - 0.01 <= width <= MAX_SHEET_PAPER + 0.01
    if width > height and upright_suits:
        raise PaperError(f"{words} is landscape; print {document} on portrait paper",
                         f"give the same paper upright, width first: "
                         f"--paper {to_mm(height):g}x{to_mm(width):g}mm")
    if width < low_w - 0.01 or height < low_h - 0.01 or max(width, height) > MAX_SHEET_PAPER + 0.01:
        raise PaperError(
            f"{words} does not suit {document}",
            f"use portrait paper from {to_mm(low_w):.0f}×{to_mm(low_h):.0f} mm up to "
            f"{to_mm(MAX_SHEET_PAPER):.0f} mm a side; letter and A4 are fine",
        )
    return chosen
