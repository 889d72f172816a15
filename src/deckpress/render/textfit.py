"""Fit paragraph text into a box: wrap, shrink step by step down to a minimum size, or refuse."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from ..layout.typography import hyphenator, language_of
from ..reportlab_internals import (
    InlinePicture,
    PictureParagraph,
    TextRun,
    fragments,
    laid_out_lines,
    overflows_width,
    place_pictures,
    rescaled_fragments,
    text_runs,
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
    hyphenate: str = "none"  # a language whose hyphenation may break long words, or none
    balance: bool = False  # no single word alone on the last line where the box allows

    def at(self, size: float, hyphenated: bool = False) -> ParagraphStyle:
        """The paragraph style at `size` points; `hyphenated`: long words may break at a
        line's end, as the style's language breaks them."""
        style = make_style(self.font, size, self.leading, self.colour, self.align)
        if hyphenated and self.hyphenate != "none":
            style.hyphenationLang = hyphenator(self.hyphenate)
            style.hyphenationMinWordLength = language_of(self.hyphenate).shortest
        return style


@dataclass(frozen=True)
class Fitted:
    paragraph: Paragraph
    size: float
    height: float
    frags: list[Any]  # the text as parsed, before layout: layout regroups it into line objects
    largest: bool = True  # no larger size fits (False: only that this one does, see settle)


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


@dataclass
class WordWidths:
    """Widths of words already measured, per font and size: a deck's texts share most of their
    words. Kept by whoever draws (one per canvas), not globally; it grows with the distinct
    words of one build."""

    known: dict[tuple[str, float, str], float] = field(default_factory=dict)

    def width(self, text: str, font: str, size: float) -> float:
        key = (font, size, text)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = stringWidth(text, font, size)
        return found


class Word(NamedTuple):
    """A word as line breaking sees it, at the text's parsed size: its width, the width of the
    space after it, and whether a line break follows it."""

    width: float
    space_after: float = 0.0
    break_after: bool = False


_SPACES = re.compile(r"[^\S\xa0]+")  # where ReportLab splits words: not at a no-break space


def measured_words(runs: Sequence[TextRun], widths: WordWidths) -> list[Word]:
    """The words of parsed text with their widths: text between spaces, across runs of other
    fonts, and pictures glued to the text they touch (as `PictureParagraph` keeps them)."""
    words: list[Word] = []
    current = -1.0  # the width of the word being measured; below 0 when none is open
    for run in runs:
        if run.line_break:
            if current >= 0:
                words.append(Word(current, 0.0, True))
            elif words:
                words[-1] = words[-1]._replace(break_after=True)
            current = -1.0
        elif run.picture_width is not None:
            current = max(current, 0.0) + run.picture_width
        else:
            current = _measure_run(run, widths, words, current)
    if current >= 0:
        words.append(Word(current))
    return words


def _measure_run(run: TextRun, widths: WordWidths, words: list[Word], current: float) -> float:
    """Adds the words a run of text ends to `words`; the width of the word left open."""
    pieces = _SPACES.split(run.text)
    space = widths.width(" ", run.font, run.size) if len(pieces) > 1 else 0.0
    for index, piece in enumerate(pieces):
        if index and current >= 0:  # a space ends the open word
            words.append(Word(current, space))
            current = -1.0
        if piece:
            current = max(current, 0.0) + widths.width(piece, run.font, run.size)
    return current


def estimated_fit(words: Sequence[Word], ratio: float, width: float, height: float,
                  leading: float) -> bool:
    """Whether `words` set at `ratio` times their measured size would fit `width` × `height`
    with lines `leading` points apart, broken as ReportLab breaks them: an estimate, to choose
    which size to lay out first."""
    if any(word.width * ratio > width + TOLERANCE for word in words):
        return False
    return line_count(words, width, ratio) * leading <= height + TOLERANCE


def line_count(words: Sequence[Word], width: float, ratio: float = 1.0) -> int:
    """The lines `words` at `ratio` times their measured size take in a box `width` points
    wide, broken as ReportLab breaks plain text: greedily, a word wider than the box alone on
    its line (the same count as a layout for every text of the sample and benchmark decks)."""
    lines, current, space = 1, -1.0, 0.0  # current < 0: the line is empty
    for word in words:
        word_width = word.width * ratio
        if current < 0:
            current = word_width
        elif current + space + word_width <= width:
            current += space + word_width
        else:
            lines, current = lines + 1, word_width
        space = word.space_after * ratio
        if word.break_after:
            lines, current = lines + 1, -1.0
    return lines


def size_grid(size: float, min_size: float) -> list[float]:
    """The sizes a text may be set at, largest first: its size, then down in SHRINK_STEPs, and
    its minimum size last even when off the grid."""
    steps = int((size - min_size) / SHRINK_STEP + 1e-9)
    sizes = [size - step * SHRINK_STEP for step in range(steps + 1)]
    if sizes[-1] > min_size + 1e-9:
        sizes.append(min_size)
    return sizes


def first_estimated_fit(words: Sequence[Word], sizes: Sequence[float], width: float,
                        height: float, leading: float) -> int:
    """The index in `sizes` (largest first) of the largest size the estimate says fits; the
    last index if none does. Fitting only gets easier as text shrinks: a binary search."""
    low, high = 0, len(sizes) - 1
    while low < high:
        middle = (low + high) // 2
        if estimated_fit(words, sizes[middle] / sizes[0], width, height,
                         sizes[middle] * leading):
            high = middle
        else:
            low = middle + 1
    return low


Attempt = tuple[Paragraph, float, bool, bool]  # paragraph, height used, fits, too wide


def fit_paragraph(  # noqa: PLR0913 - `settle` trades the largest size for speed, if asked
        markup: str, style: TextStyle, width: float, height: float,
        pictures: Sequence[InlinePicture] = (), widths: WordWidths | None = None, *,
        settle: bool = True) -> Fitted:
    """The largest size on a 0.25 pt grid from the style's size down to its minimum size at
    which the text fits `width` × `height` points; TextOverflow if none does. `pictures` are
    the boxes of the icons the markup marks, at the style's size; they shrink with the text.
    `widths` keeps word widths for the next text. Without `settle`, a size the text fits at
    is not tried a step larger: the result may be below the largest (`Fitted.largest` says),
    which is all a deck's measuring needs of most texts (see render/decksize).

    The words are measured once and line breaking is estimated for each size, so the first
    layout is usually at the size that fits; real layouts then confirm it fits and, if the
    text shrank, that the next size up does not: one layout, or two, not one per step. With
    the style's `hyphenate`, a size the text does not fit is tried again with long words
    hyphenated before a smaller size is: no hyphen where the text fits without one.
    """
    kind = PictureParagraph if pictures else Paragraph
    first = kind(markup, style.at(style.size))  # parsed once, rescaled for the other sizes
    parsed = fragments(first)
    place_pictures(parsed, pictures)
    sizes = size_grid(style.size, style.min_size)
    words = measured_words(text_runs(parsed), widths if widths is not None else WordWidths())

    def laid_out(index: int, hyphenated: bool) -> Attempt:
        paragraph = first if index == 0 and not hyphenated else kind(
            markup, style.at(sizes[index], hyphenated),
            frags=rescaled_fragments(parsed, sizes[index] / sizes[0]))
        _, used = paragraph.wrap(width, height)
        overflowing = overflows_width(paragraph)
        return paragraph, used, used <= height + TOLERANCE and not overflowing, overflowing

    hyphens = style.hyphenate != "none"

    def attempt(index: int) -> Attempt:
        result = laid_out(index, False)
        if not result[2] and hyphens and _hyphens_may_help(result, height):
            hyphenated = laid_out(index, True)
            # where hyphens make every word fit the width, what is left is the height: say so
            return hyphenated if hyphenated[2] or (result[3] and not hyphenated[3]) else result
        return result

    def attempt_bigger(index: int) -> Attempt:
        """A size up: hyphenated first, as text that does not fit with hyphens does not fit
        without them; then, where it fits, without hyphens if it fits so too."""
        if not hyphens:
            return attempt(index)
        hyphenated = laid_out(index, True)
        if not hyphenated[2]:
            return hyphenated
        plain = laid_out(index, False)
        return plain if plain[2] else hyphenated

    index = first_estimated_fit(words, sizes, width, height, style.leading)
    estimated = index
    index, (paragraph, used, _, _) = _confirmed(
        index, attempt, attempt_bigger if settle else None, sizes, height)
    if style.balance:
        paragraph = balanced(paragraph, lambda indents: kind(
            markup, _indented(copy.copy(paragraph.style), indents),
            frags=rescaled_fragments(parsed, sizes[index] / sizes[0])), width, height)
    return Fitted(paragraph, sizes[index], used, parsed,
                  largest=settle or index == 0 or index != estimated)


def _hyphens_may_help(result: Attempt, height: float) -> bool:
    """Whether hyphenating could make a layout that does not fit fit: a word too wide for the
    box, or a text at most two lines too tall (hyphens move parts of words up a line; they
    do not save three lines of a card's text), so a clear misfit costs no second layout."""
    paragraph, used, _, too_wide = result
    return too_wide or used <= height + 2 * paragraph.style.leading + TOLERANCE


def balanced(paragraph: Paragraph, indented: Callable[[float], Paragraph], width: float,
             height: float) -> Paragraph:
    """`paragraph`, or the same text set narrower (`indented(points)` makes it `points`
    narrower) when its last line is one word alone and the narrower setting moves one more
    word down without taking another line or overflowing: a title that ends on one word reads
    as broken."""
    lines = laid_out_lines(paragraph)
    if len(lines) < 2 or lines[-1].words != 1 or lines[-2].words < 2:
        return paragraph
    narrower = width - lines[-2].width + 0.01  # the line before the last loses its last word
    candidate = indented(narrower)
    _, used = candidate.wrap(width, height)
    moved = laid_out_lines(candidate)
    if len(moved) != len(lines) or moved[-1].words < 2 or overflows_width(candidate) or \
            used > height + TOLERANCE:
        return paragraph
    return candidate


def _indented(style: ParagraphStyle, narrower: float) -> ParagraphStyle:
    """`style` with lines `narrower` points shorter, still aligned in the whole box."""
    if style.alignment == TA_CENTER:
        style.leftIndent = style.rightIndent = narrower / 2
    elif style.alignment == TA_RIGHT:
        style.leftIndent = narrower
    else:
        style.rightIndent = narrower
    return style


def _confirmed(index: int, attempt: Callable[[int], Attempt],
               attempt_bigger: Callable[[int], Attempt] | None, sizes: Sequence[float],
               height: float) -> tuple[int, Attempt]:
    """From the estimated size `index`, the size that real layouts show fits while the next
    size up (if any) does not: up while larger sizes fit (not tried without
    `attempt_bigger`), or down until one does; TextOverflow if even the last, smallest size
    does not."""
    result = attempt(index)
    if result[2]:
        while index > 0 and attempt_bigger is not None:
            bigger = attempt_bigger(index - 1)
            if not bigger[2]:
                break
            index, result = index - 1, bigger
        return index, result
    for smaller in range(index + 1, len(sizes)):
        result = attempt(smaller)
        if result[2]:
            return smaller, result
    _, used, _, overflowing = result
    raise TextOverflow(used, height, sizes[-1], overflowing)


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
    with `break_at`, over-long words break as a text element with `break-at` breaks them).
    Text with no tags but bold and italic (titles, tips) is counted from its words' widths,
    without a layout."""
    runs = None if break_at else styled_runs(markup, font, size)
    if runs is not None:
        return line_count(measured_words(runs, WordWidths()), width)
    if break_at:
        markup = break_long_words(markup, font, size, width, break_at)
    pictures = square_pictures(markup, size)
    kind = PictureParagraph if pictures else Paragraph
    paragraph = kind(marked(markup), make_style(font, size, 1.0, Color(0, 0, 0), "left"))
    place_pictures(fragments(paragraph), pictures)
    paragraph.wrap(width, 1e6)
    return len(paragraph.blPara.lines)


_STYLE_TAGS = re.compile(r"(</?[bi]>)")


def styled_runs(markup: str, font: str, size: float) -> list[TextRun] | None:
    """The runs of text `markup` sets in `font` (a registered face) at `size`, where its only
    tags are <b> and <i> (what a paragraph sets in the family's bold and italic faces); None
    for other markup, or for none at all."""
    pieces = _STYLE_TAGS.split(markup)
    if "<" in "".join(pieces[::2]) or not markup.strip():
        return None
    try:
        family, bold, italic = ps2tt(font)
    except ValueError:  # a face in no family: a layout finds out what its tags do
        return None
    runs, outer = [], []  # the styles before each tag open now
    for index, piece in enumerate(pieces):
        if index % 2 and not piece.startswith("</"):
            outer.append((bold, italic))
            bold, italic = (True, italic) if "b" in piece else (bold, True)
        elif index % 2:  # a closing tag: the style before its opening tag
            if not outer:
                return None
            bold, italic = outer.pop()
        elif piece:
            runs.append(TextRun(html.unescape(piece), tt2ps(family, bold, italic), size, None,
                                False))
    return runs


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
