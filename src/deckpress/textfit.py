"""Fit paragraph text into a box: wrap, shrink step by step down to a minimum size, or refuse."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
SHRINK_STEP = 0.25  # pt
TOLERANCE = 0.01  # pt, for floating-point wrap heights


@dataclass(frozen=True)
class Fitted:
    paragraph: Paragraph
    size: float
    height: float
    frags: list  # the text as parsed, before layout: layout regroups it into line objects


@dataclass(frozen=True)
class FittedLine:
    """Plain text that fits on one line at its full size: drawn without paragraph layout."""

    text: str
    size: float
    height: float
    width: float


def fit_line(markup: str, font: str, size: float, leading: float, width: float,
             height: float) -> FittedLine | None:
    """The common case of short labels, measured directly; None when a paragraph is needed."""
    if "<" in markup or "&" in markup:
        return None
    text = " ".join(markup.split())
    line_width = stringWidth(text, font, size)
    line_height = size * leading
    if line_width > width + TOLERANCE or line_height > height + TOLERANCE:
        return None
    return FittedLine(text, size, line_height, line_width)


def too_wide(paragraph: Paragraph) -> bool:
    """Whether a line overflows the width, i.e. holds a word longer than the box is wide."""
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return any(line[0] < -TOLERANCE for line in lines)
    return any(line.extraSpace < -TOLERANCE for line in lines)


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
        spaceShrinkage=0,  # never squeeze spaces: an overlong line is then truly too wide
        allowWidows=1,
        allowOrphans=1,
    )


def _rescaled(frags: list, ratio: float) -> list:
    """Copies of parsed paragraph fragments at another type size."""
    result = []
    for frag in frags:
        clone = copy.copy(frag)
        clone.fontSize = frag.fontSize * ratio
        if getattr(frag, "rise", 0):
            clone.rise = frag.rise * ratio
        result.append(clone)
    return result


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
    """The largest size on a 0.25 pt grid from `size` down to `min_size` at which text fits.

    Text area grows with the square of the size, so the first shrink jumps straight to an
    estimate and then steps to the neighbour that fits: two or three layouts, not one per step.
    """

    parsed: list = []  # the markup's fragments at `size`, parsed once and rescaled after

    def attempt(candidate: float) -> tuple[Paragraph, float, bool, bool]:
        style = make_style(font, candidate, leading, colour, align)
        if not parsed:
            paragraph = Paragraph(markup, style)
            parsed.extend(paragraph.frags)
        else:
            paragraph = Paragraph(markup, style, frags=_rescaled(parsed, candidate / size))
        _, used = paragraph.wrap(width, height)
        overflowing = too_wide(paragraph)
        return paragraph, used, used <= height + TOLERANCE and not overflowing, overflowing

    paragraph, used, fits, overflowing = attempt(size)
    if fits:
        return Fitted(paragraph, size, used, parsed)
    sizes = [size - step * SHRINK_STEP for step in range(1, int((size - min_size) / SHRINK_STEP
                                                                + 1e-9) + 1)]
    if not sizes or sizes[-1] > min_size + 1e-9:
        sizes.append(min_size)
    estimate = size * (height / used) ** 0.5 if used > 0 else size
    index = min(range(len(sizes)), key=lambda i: abs(sizes[i] - estimate))
    results: dict[int, tuple[Paragraph, float, bool, bool]] = {index: attempt(sizes[index])}
    if results[index][2]:  # fits: try larger sizes until one does not
        while index > 0:
            bigger = attempt(sizes[index - 1])
            if not bigger[2]:
                break
            index -= 1
            results[index] = bigger
    else:  # does not fit: try smaller sizes until one does
        while not results[index][2]:
            if index == len(sizes) - 1:
                _, used, _, overflowing = results[index]
                raise TextOverflow(used, height, sizes[index], overflowing)
            index += 1
            results[index] = attempt(sizes[index])
    paragraph, used, _, _ = results[index]
    return Fitted(paragraph, sizes[index], used, parsed)
