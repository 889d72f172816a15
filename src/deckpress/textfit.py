"""Fit paragraph text into a box: wrap, shrink step by step down to a minimum size, or refuse."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
SHRINK_STEP = 0.25  # pt
TOLERANCE = 0.01  # pt, for floating-point wrap heights


@dataclass(frozen=True)
class Fitted:
    paragraph: Paragraph
    size: float
    height: float


class TextOverflow(ValueError):
    def __init__(self, needed: float, available: float, size: float, too_wide: bool):
        self.needed = needed
        self.available = available
        self.size = size
        self.too_wide = too_wide
        super().__init__(f"needs {needed:.1f} pt, box has {available:.1f} pt at {size:g} pt")


def make_style(font: str, size: float, leading: float, colour: Color, align: str) -> ParagraphStyle:
    return ParagraphStyle(
        "deckpress",
        fontName=font,
        fontSize=size,
        leading=size * leading,
        textColor=colour,
        alignment=ALIGNMENTS[align],
        splitLongWords=0,
        allowWidows=1,
        allowOrphans=1,
    )


def fit_paragraph(
    markup: str,
    font: str,
    size: float,
    min_size: float,
    leading: float,
    colour: Color,
    align: str,
    width: float,
    height: float,
) -> Fitted:
    """The largest size (from `size` down to `min_size`) at which the text fits the box."""
    current = size
    while True:
        paragraph = Paragraph(markup, make_style(font, current, leading, colour, align))
        _, used = paragraph.wrap(width, height)
        too_wide = paragraph.minWidth() > width + TOLERANCE
        if used <= height + TOLERANCE and not too_wide:
            return Fitted(paragraph, current, used)
        if current <= min_size + 1e-9:
            raise TextOverflow(used, height, current, too_wide)
        current = max(min_size, current - SHRINK_STEP)
