"""Fit paragraph text into a box: wrap, shrink step by step down to a minimum size, or refuse."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from ..reportlab_internals import (
    InlinePicture,
    PictureParagraph,
    fragments,
    overflows_width,
    place_pictures,
    rescaled_fragments,
)
from ..units import TOLERANCE
from .icons import marked, square_pictures

ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
SHRINK_STEP = 0.25  # pt


@dataclass(frozen=True)
class TextStyle:
    """How a text box sets its text: font (a registered face), size and the smallest size it
    may shrink to (points), leading (a multiple of the size), colour and alignment."""

    font: str
    size: float
    min_size: float
    leading: float
    colour: Color
    align: str = "left"

    def at(self, size: float) -> ParagraphStyle:
        """The paragraph style at `size` points."""
        return make_style(self.font, size, self.leading, self.colour, self.align)


@dataclass(frozen=True)
class Fitted:
    paragraph: Paragraph
    size: float
    height: float
    frags: list[Any]  # the text as parsed, before layout: layout regroups it into line objects


@dataclass(frozen=True)
class FittedLine:
    """Plain text that fits on one line at its full size: drawn without paragraph layout."""

    text: str
    size: float
    height: float
    width: float


def fit_line(markup: str, style: TextStyle, width: float, height: float) -> FittedLine | None:
    """The common case of short labels, measured directly at full size; None when a paragraph
    is needed."""
    if "<" in markup or "&" in markup:
        return None
    text = " ".join(markup.split())
    size = style.size
    line_width = stringWidth(text, style.font, size)
    line_height = size * style.leading
    if line_width > width + TOLERANCE or line_height > height + TOLERANCE:
        return None
    return FittedLine(text, size, line_height, line_width)


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


def fit_paragraph(markup: str, style: TextStyle, width: float, height: float,
                  pictures: Sequence[InlinePicture] = ()) -> Fitted:
    """The largest size on a 0.25 pt grid from the style's size down to its minimum size at
    which the text fits `width` × `height` points; TextOverflow if none does. `pictures` are
    the boxes of the icons the markup marks, at the style's size; they shrink with the text.

    Text area grows with the square of the size, so the first shrink jumps straight to an
    estimate and then steps to the neighbour that fits: two or three layouts, not one per step.
    """

    size, min_size = style.size, style.min_size
    parsed: list[Any] = []  # the markup's fragments at `size`, parsed once and rescaled after
    kind = PictureParagraph if pictures else Paragraph

    def attempt(candidate: float) -> tuple[Paragraph, float, bool, bool]:
        if not parsed:
            paragraph = kind(markup, style.at(candidate))
            parsed.extend(fragments(paragraph))
            place_pictures(parsed, pictures)
        else:
            paragraph = kind(markup, style.at(candidate),
                             frags=rescaled_fragments(parsed, candidate / size))
        _, used = paragraph.wrap(width, height)
        overflowing = overflows_width(paragraph)
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


_TOKENS = re.compile(r"(\s+|<[^>]+>)")


def break_long_words(markup: str, font: str, size: float, width: float, before: str) -> str:
    """`markup` with each word wider than `width` at `size` broken into lines just before the
    characters `before`, the first of them preferred: with "@." an e-mail address breaks before
    its @ if both parts then fit, else also before dots, each line as long as still fits.
    Other words, spaces and tags are kept as they are."""

    def fits(text: str) -> bool:
        needed: float = stringWidth(html.unescape(text), font, size)
        return needed <= width + TOLERANCE

    result = []
    for token in _TOKENS.split(markup):
        if not token or token.isspace() or token.startswith("<") or fits(token):
            result.append(token)
            continue
        for chars in (before[:1], before):
            lines = _broken(token, chars, fits)
            if all(fits(line) for line in lines):
                break
        result.append("<br/>".join(lines))
    return "".join(result)


def _broken(word: str, before: str, fits: Callable[[str], bool]) -> list[str]:
    """`word` cut before each of the characters `before`, the pieces joined again into lines
    as long as fit."""
    cuts = [index for index, char in enumerate(word) if index and char in before]
    pieces = [word[start:end] for start, end in zip([0, *cuts], [*cuts, len(word)], strict=True)]
    lines = [pieces[0]]
    for piece in pieces[1:]:
        if fits(lines[-1] + piece):
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def count_lines(markup: str, font: str, size: float, width: float, break_at: str = "") -> int:
    """How many lines `markup` takes at `size` in a box `width` points wide (words never split;
    with `break_at`, over-long words break as a text element with `break-at` breaks them)."""
    if break_at:
        markup = break_long_words(markup, font, size, width, break_at)
    pictures = square_pictures(markup, size)
    kind = PictureParagraph if pictures else Paragraph
    paragraph = kind(marked(markup), make_style(font, size, 1.0, Color(0, 0, 0), "left"))
    place_pictures(fragments(paragraph), pictures)
    paragraph.wrap(width, 1e6)
    return len(paragraph.blPara.lines)


def words_that_fit(words: list[str], style: TextStyle, width: float, height: float) -> int:
    """How many of `words`, from the first, fit the box at the style's smallest size."""
    smallest = TextStyle(style.font, style.min_size, style.min_size, style.leading,
                         style.colour, style.align)
    low, high = 0, len(words)
    while low < high:  # the largest count that fits
        middle = (low + high + 1) // 2
        try:
            fit_paragraph(" ".join(words[:middle]), smallest, width, height)
        except TextOverflow:
            high = middle - 1
        else:
            low = middle
    return low
