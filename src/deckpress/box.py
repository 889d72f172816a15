"""`deckpress box`: a branded tuck box that holds the deck, as a one-page PDF.

For a home printer the box is drawn on letter or A4, centred, cut lines solid and fold lines
dashed, with a small legend in the bottom margin; too wide for the paper, it is drawn in two
pieces (see output/tuckbox.py), and too big even so, the deck's `size` line is named with what
would fit. For a print service (`--profile dtc` or `pod-pdf`) the page is the box's flat shape
plus the profile's bleed on every side, colours running into the bleed, nothing else on it,
its TrimBox the flat box and its BleedBox the page; it is written as the profile writes the
cards: CMYK colours for `colour: cmyk`, and PDF/X-1a or PDF/X-4 for `pdfx:` (the logo
converted as card pictures are, no transparency left in X-1a, finished by output/pdfx.py).

The front (the brand's primary colour) carries the logo and the deck's title, fitted; the back
(the brand's paper colour) the coach's name, business and ways to reach them; the sides carry
the title along their length. Geometry is in mm (output/tuckbox.py), drawn here in points.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from babel.numbers import format_decimal
from reportlab.graphics import renderPDF
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .colours import legible, parse_colour, readable_on, tint
from .conditions import printing_condition
from .errors import DeckError
from .findings import Findings
from .inputs import Inputs
from .layout.typography import hyphenator, typeset
from .output.document import Metadata, pdf_canvas
from .output.impose import Rect
from .output.profiles import Profile
from .output.tuckbox import (
    DEFAULT_STOCK_MM,
    MAX_DEPTH_MM,
    NOTCH_MAX_MM,
    ONE_PIECE,
    Arc,
    Inner,
    Piece,
    Placed,
    arrange,
    check_stock,
    inner_size,
    layout,
    piece,
)
from .output.write import atomic_output, check_writable
from .render.assets import Assets, svg_translucent
from .render.cmyk_images import ImageConversion, RasterVariant, converted
from .render.fonts import embedding
from .reportlab_internals import binary_streams
from .sizes import Paper, paper
from .source.images import is_svg, load_vector, svg_pictures
from .source.labels import LabelTable, text_language_for
from .units import MM, to_mm

MARGIN_MM = 6.0  # what a home printer leaves blank at each edge
LEGEND_MM = 9.0  # the band below the box for the legend
CUT_WIDTH, FOLD_WIDTH = 0.6, 0.6
FOLD_DASH = (3 * MM, 2 * MM)
LINE_INK = "#222222"
LEGEND_SIZE = 7.0
PANEL_PAD_MM = 5.0  # text keeps this far inside a panel's folds and cuts
TITLE_SIZES = (26.0, 7.0)  # the front's title: from the largest size down to the smallest
HYPHENATE_BELOW = 16.0  # a title is set smaller without breaking a word down to this size;
#                         below it, a word broken at a larger size reads better than tiny type
SHORT_END = 6  # letters: a broken word's last piece shorter than this is not left alone on
SHORT_END_SHRINK = 0.8  # the title's last line, if a size this much smaller avoids it
LONGEST_HEAD = 160  # characters: more than a line of the front holds at the smallest size
DETAIL_SIZE = 8.5
SPINE_SIZES = (12.0, 6.0)  # the title along a side: smaller than 6 pt is not printed
HOME_PAPERS = ("letter", "a4")  # the papers `--paper` offers


@dataclass(frozen=True)
class BoxLook:
    """The brand's colours and fonts as the box uses them."""

    front: str  # the primary colour: front, sides, lid, bottom
    back: str  # the paper colour
    flap: str  # tuck and dust flaps: a tint of the primary
    heading: str
    body: str
    bold: str


def box_look(inputs: Inputs) -> BoxLook:
    brand = inputs.brand.brand
    heading = inputs.fonts.family(brand.fonts.heading)
    body = inputs.fonts.family(brand.fonts.body)
    return BoxLook(brand.colours.primary, brand.colours.secondary,
                   tint(brand.colours.primary, 0.55), heading.face(bold=True), body.face(),
                   body.face(bold=True))


@dataclass(frozen=True)
class BoxFile:
    """What kind of PDF the box is, as a print service's profile says its cards are: RGB or
    CMYK colours, and PDF/X ("x-1a", "x-4") for a printing condition (its identifier)."""

    cmyk: bool = False
    pdfx: str | None = None
    condition: str | None = None

    @property
    def standard(self) -> str | None:
        """The PDF/X standard as people name it ("PDF/X-1a", "PDF/X-4"), or None."""
        return f"PDF/X-{self.pdfx[2:]}" if self.pdfx is not None else None


PLAIN_FILE = BoxFile()  # a home printer's sheet: RGB, no PDF/X


def box_file(profile: Profile) -> BoxFile:
    """The box's file as `profile` (with any --pdfx applied) writes the cards."""
    condition = printing_condition(profile.condition).identifier if profile.pdfx else None
    return BoxFile(profile.colour == "cmyk", profile.pdfx, condition)


@dataclass(frozen=True)
class BoxPlan:
    inner: Inner
    cards: int
    stock_mm: float
    pages: list[list[Placed]]
    page: tuple[float, float]  # points
    origin: tuple[float, float]  # mm: where the room for the pieces starts on the page
    bleed_mm: float | None  # None: a sheet for a home printer, with a legend
    file: BoxFile = PLAIN_FILE

    @property
    def pieces(self) -> int:
        return sum(len(page) for page in self.pages)

    def trim(self) -> tuple[float, float, float, float] | None:
        """A print service's page: the flat box's rectangle (points), where it is cut out; a
        home sheet has none (the box is cut from it by its lines)."""
        if self.bleed_mm is None:
            return None
        placed = self.pages[0][0]
        x, y = self.origin[0] + placed.x, self.origin[1] + placed.y
        width, height = placed.size
        return (x * MM, y * MM, (x + width) * MM, (y + height) * MM)


def plan_box(inputs: Inputs, paper: Paper | None, stock_mm: float = DEFAULT_STOCK_MM,
             bleed_mm: float | None = None) -> BoxPlan:
    """Where everything goes: on `paper` for a home printer, or (paper None) on a page the size
    of the flat box plus `bleed_mm` for a print service. A box too big is a DeckError."""
    deck = inputs.deck
    try:
        check_stock(stock_mm)
    except ValueError as error:
        raise DeckError(f"--stock-mm {stock_mm:g}: {error}", None,
                        "leave it out for 0.30 mm, or measure 10 cards and divide by 10") from None
    inner = inner_size((to_mm(deck.width), to_mm(deck.height)), deck.card_count, stock_mm)
    if inner.depth > MAX_DEPTH_MM:
        raise too_deep(inputs, inner, stock_mm, paper is None)
    if paper is None:
        one = piece(ONE_PIECE, inner)
        bleed = bleed_mm or 0.0
        placed = arrange((one,), (one.width, one.height))
        assert placed is not None
        return BoxPlan(inner, deck.card_count, stock_mm, [placed],
                       ((one.width + 2 * bleed) * MM, (one.height + 2 * bleed) * MM),
                       (bleed, bleed), bleed)
    fitted = layout(inner, room_on(paper))
    if fitted is None:
        raise too_big(inputs, inner, stock_mm, paper)
    return BoxPlan(inner, deck.card_count, stock_mm, fitted, paper.size,
                   (MARGIN_MM, MARGIN_MM + LEGEND_MM), None)


def plan_service_box(inputs: Inputs, profile: Profile,
                     stock_mm: float = DEFAULT_STOCK_MM) -> BoxPlan:
    """The box for a print service: one page of the flat box plus the profile's bleed, its
    colours and PDF/X as the profile (with any --pdfx applied) writes the cards."""
    plan = plan_box(inputs, None, stock_mm, to_mm(profile.bleed))
    return replace(plan, file=box_file(profile))


def room_on(sheet: Paper) -> tuple[float, float]:
    """The part of the paper the box may take, in mm: inside the margins, above the legend."""
    return (to_mm(sheet.width) - 2 * MARGIN_MM, to_mm(sheet.height) - 2 * MARGIN_MM - LEGEND_MM)


def too_big(inputs: Inputs, inner: Inner, stock_mm: float, sheet: Paper) -> DeckError:
    """The box does not fit the paper: the hint names another paper only if the box fits it."""
    deck = inputs.deck
    others = [name for name in HOME_PAPERS if name != sheet.label
              and layout(inner, room_on(paper(name))) is not None]
    first = f"try --paper {others[0]}, or " if others else \
        "it is too big for letter and A4 paper alike: try "
    return DeckError(
        f"a tuck box for {deck.card_count} cards of {deck.settings.size} is "
        f"{_size_words(inner)} inside and does not fit on {sheet.display_name} paper "
        f"({to_mm(sheet.width):.0f}×{to_mm(sheet.height):.0f} mm), even in two pieces",
        deck.source.where(("size",), None, "size"),
        f"{first}thinner stock (--stock-mm, now {stock_mm:g}), fewer cards or copies, or a "
        "print service: --profile pod-pdf")


def too_deep(inputs: Inputs, inner: Inner, stock_mm: float, for_service: bool) -> DeckError:
    """A box deeper than a tuck box can be: refused on any paper and for any service."""
    deck = inputs.deck
    service = "a print service sells boxes of its own for thick decks (a two-piece set-up " \
        "box): order the box with the deck there; " if for_service else ""
    return DeckError(
        f"a tuck box for {deck.card_count} cards would be {inner.depth:.0f} mm deep; a tuck "
        f"box holds a deck up to {MAX_DEPTH_MM:.0f} mm thick (its tuck flap and glued sides "
        "do not hold more)", deck.source.where(("cards",), None, "cards"),
        f"{service}split the deck into boxes of fewer cards or copies, or give the real card "
        f"thickness (--stock-mm, now {stock_mm:g})")


def _size_words(inner: Inner) -> str:
    return f"{inner.width:.1f} × {inner.height:.1f} × {inner.depth:.1f} mm"


def write_box(inputs: Inputs, output: Path, plan: BoxPlan, findings: Findings | None = None,
              conversions: list[ImageConversion] | None = None) -> Path:
    """The PDF, written atomically; the title must fit the front (else a DeckError). What
    prints smaller or shorter than asked is a warning in `findings`; the logo converted for
    PDF/X-1a is said in `conversions` (a line each, as `build` says a card's picture)."""
    check_writable(output)
    inputs.protected().check(output, "the box")
    if plan.file.pdfx == "x-1a":
        check_logo_for_x1a(inputs)
    look = box_look(inputs)
    settings = inputs.deck.settings
    words = box_words(inputs, look, plan.inner, findings if findings is not None else Findings())
    about = Metadata(f"Tuck box: {settings.title}", inputs.brand.brand.coach.name or "deckpress")
    with atomic_output(output) as temp:
        with binary_streams(), embedding(inputs.fonts):
            canvas = pdf_canvas(temp, plan.page, look.body, about, cmyk=plan.file.cmyk)
            painter = BoxPainter(canvas, inputs, look, words, plan.file)
            trim = plan.trim()
            for number, page in enumerate(plan.pages, start=1):
                if trim is not None:
                    canvas.setTrimBox(trim)
                    canvas.setBleedBox((0, 0, *plan.page))
                for placed in page:
                    with piece_frame(canvas, placed, plan.origin):
                        painter.piece(placed.piece, plan.bleed_mm or 0.0, plan.bleed_mm is None)
                if plan.bleed_mm is None:
                    draw_legend(canvas, plan, Legend(look, inputs.labels, inputs.language),
                                number)
                canvas.showPage()
            canvas.save()
        if conversions is not None:
            conversions += sorted(painter.conversions)
        if plan.file.pdfx is not None:
            from .output.pdfx import finish_pdfx  # pikepdf loads only for PDF/X

            assert plan.file.condition is not None  # box_file names it with pdfx
            finish_pdfx(temp, plan.file.pdfx, printing_condition(plan.file.condition), False)
    return output


def check_logo_for_x1a(inputs: Inputs) -> None:
    """An SVG logo PDF/X-1a cannot hold (drawn with opacity, or with a bitmap inside, which is
    not converted to CMYK) is a DeckError naming the brand's `logo` line, before any drawing;
    a bitmap logo is converted as card pictures are."""
    logo = inputs.brand.logo
    if logo is None or not is_svg(logo):
        return
    vector = load_vector(logo)
    if svg_translucent(vector):
        problem = "is drawn with transparency (opacity)"
        hint = "remove the opacity from the SVG"
    elif any(True for _ in svg_pictures(vector.drawing)):
        problem = "has a picture (a bitmap) inside it, which is not converted to CMYK"
        hint = "export the logo as a PNG (converted for you), take the picture out of the SVG"
    else:
        return
    raise DeckError(f"the brand's logo {logo.name} {problem}: PDF/X-1a, the format the box is "
                    "written in, cannot hold it", inputs.brand.where("logo"),
                    f"{hint}, or make the box with --pdfx x-4", kind="transparency")


@contextmanager
def piece_frame(canvas: Canvas, placed: Placed, origin: tuple[float, float]) -> Iterator[None]:
    """Draw in the piece's own mm-free frame (points, origin at its bottom-left)."""
    canvas.saveState()
    x, y = (origin[0] + placed.x) * MM, (origin[1] + placed.y) * MM
    if placed.turned:
        canvas.translate(x + placed.piece.height * MM, y)
        canvas.rotate(90)
    else:
        canvas.translate(x, y)
    yield
    canvas.restoreState()


@dataclass(frozen=True)
class FittedTitle:
    lines: list[str]
    size: float


@dataclass(frozen=True)
class SpineText:
    """What the sides print along their length, and at what size."""

    text: str
    size: float


@dataclass(frozen=True)
class BoxWords:
    """The deck's title as the front and the sides print it (None: the sides are plain)."""

    title: FittedTitle
    spine: SpineText | None


def box_title(inputs: Inputs) -> str:
    """The deck's title as the cards print it: set in the language the deck is written in."""
    return typeset(inputs.deck.settings.title, text_language_for(inputs.deck, inputs.brand))


def box_words(inputs: Inputs, look: BoxLook, inner: Inner, findings: Findings) -> BoxWords:
    """The front's title (or a DeckError) and the sides' (or a warning that they are plain)."""
    return BoxWords(fit_title(inputs, look, inner), spine_text(inputs, look, inner, findings))


TITLE_LEADING = 1.15
Splits = Callable[[str], list[tuple[str, str]]]


def fit_title(inputs: Inputs, look: BoxLook, inner: Inner) -> FittedTitle:
    """The deck's title wrapped, balanced and sized to the front's text box: smaller without
    breaking a word down to HYPHENATE_BELOW; below that, from the largest size again with a
    word too long for a line hyphenated (by the deck's language), as few breaks as a size a
    little smaller allows; too long even at the smallest size is a DeckError."""
    title = box_title(inputs)
    plan = front_plan(inner, inputs.brand.logo is not None)
    room = (plan.title_width * MM, plan.title_height * MM)
    for size in title_sizes():
        if size < HYPHENATE_BELOW:
            break
        lines = wrapped(title, look.heading, size, room, None)
        if lines is not None:
            return FittedTitle(balanced(title, look.heading, size, (room[0], len(lines))), size)
    fitted = hyphenated_title(title, look.heading, room,
                              hyphenator(text_language_for(inputs.deck, inputs.brand)))
    if fitted is None:
        raise DeckError(f"the title does not fit the box's front ({inner.width:.0f} mm wide) "
                        f"even at {TITLE_SIZES[1]:g} pt",
                        inputs.deck.source.where(("title",), None, "title"),
                        "shorten the title, or break a very long word")
    return fitted


def hyphenated_title(title: str, font: str, room: tuple[float, float],
                     splits: Splits) -> FittedTitle | None:
    """The title with its words too long for a line broken: the largest size that fits, or
    one a little smaller (down to SHORT_END_SHRINK of it) if that leaves no short piece of a
    word alone on the last line (Netzwerk-kompetenz-entwicklungs-programm, not Netzwerk-
    kompetenz-entwick-lungspro-gramm a size larger); balanced when no word had to break."""
    found: list[FittedTitle] = []
    for size in title_sizes():
        if found and size < found[0].size * SHORT_END_SHRINK:
            break
        lines = wrapped(title, font, size, room, splits)
        if lines is not None:
            found.append(FittedTitle(lines, size))
    if not found:
        return None
    best = min(found, key=lambda fitted: (_short_end(fitted.lines), -fitted.size))
    if any(line.endswith("-") for line in best.lines):
        return best
    return FittedTitle(balanced(title, font, best.size, (room[0], len(best.lines))), best.size)


def _short_end(lines: list[str]) -> bool:
    """Whether the last line is a short piece of a word broken on the line before."""
    return len(lines) > 1 and lines[-2].endswith("-") and len(lines[-1]) < SHORT_END


def title_sizes() -> list[float]:
    """The front title's sizes, largest first, in half points."""
    largest, smallest = TITLE_SIZES
    return [largest - step / 2 for step in range(int((largest - smallest) * 2) + 1)]


def wrapped(text: str, font: str, size: float, room: tuple[float, float],
            splits: Splits | None) -> list[str] | None:
    """`text` in lines filled greedily, as many as fit `room` (width, height); with `splits`,
    a word that does not fit on a line of its own is broken at a hyphenation point. None if a
    word fits no line, or the lines are more than the room holds."""
    width = room[0]
    most = int(room[1] / (size * TITLE_LEADING) + 1e-9)
    lines: list[str] = []
    line = ""
    words = text.split()[::-1]
    while words:
        if len(lines) >= most:  # a title too long for the room at this size: said at once
            return None
        word = words.pop()
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        head = _fitting_head(word, line, font, size, width, splits)
        if head is not None:
            lines.append(f"{line} {head[0]}-" if line else f"{head[0]}-")
            words.append(head[1])
            line = ""
        elif line:
            lines.append(line)
            words.append(word)
            line = ""
        else:
            return None
    found = [*lines, line] if line else lines
    return found if len(found) <= most else None


def _fitting_head(word: str, line: str, font: str, size: float, width: float,
                  splits: Splits | None) -> tuple[str, str] | None:
    """The longest (head, tail) of `word` whose head and a hyphen still fit after `line`: only
    for a word wider than a whole line (a title's words are otherwise kept whole)."""
    if splits is None or stringWidth(word, font, size) <= width:
        return None
    core = word.rstrip(".,;:!?)’”»“\"'")  # the title's punctuation stays with the tail
    # no head longer than a line can be: the word's start is enough to find the breaks in it
    for head, _ in splits(core[:LONGEST_HEAD]):
        shown = f"{line} {head}-" if line else f"{head}-"
        if stringWidth(shown, font, size) <= width:
            return head, word[len(head):]
    return None


def balanced(text: str, font: str, size: float, room: tuple[float, int]) -> list[str]:
    """The title's words in `room`'s number of lines, each as near the width as the others
    (the least sum of squared room left on each line), so a title never ends on one short
    word alone when the lines before it could give it company."""
    width, count = room
    words = text.split()
    space = stringWidth(" ", font, size)
    ends = [0.0]
    for word in words:
        ends.append(ends[-1] + stringWidth(word, font, size) + space)
    cost: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, 0)}  # (words, lines)
    for lines in range(1, count + 1):
        for last in range(1, len(words) + 1):
            options = [(cost[(first, lines - 1)][0] + (width - used) ** 2, first)
                       for first in range(last - 1, -1, -1)
                       if (used := ends[last] - ends[first] - space) <= width
                       and (first, lines - 1) in cost]
            if options:
                cost[(last, lines)] = min(options)
    if (len(words), count) not in cost:  # cannot happen: the greedy lines are one way
        return wrapped(text, font, size, (width, count * size * TITLE_LEADING), None) or [text]
    breaks, at = [], len(words)
    for lines in range(count, 0, -1):
        first = cost[(at, lines)][1]
        breaks.append(" ".join(words[first:at]))
        at = first
    return breaks[::-1]


def spine_text(inputs: Inputs, look: BoxLook, inner: Inner,
               findings: Findings) -> SpineText | None:
    """The title along the sides, from 12 pt down to 6 pt and never smaller: the whole title,
    else its part before a colon or dash (with a warning), else nothing (with a warning). A
    side too narrow for 6 pt stays plain, as docs/box.md says."""
    largest = min((inner.depth - 3) * 0.5 * MM, SPINE_SIZES[0])
    if largest < SPINE_SIZES[1]:
        return None
    title = " ".join(box_title(inputs).split())
    length = (inner.height - 2 * PANEL_PAD_MM) * MM
    where = inputs.deck.source.where(("title",), None, "title")
    for text in dict.fromkeys((title, short_title(title))):
        size = fitted_size(text, look.heading, largest, length)
        if size >= SPINE_SIZES[1]:
            if text != title:
                findings.warn(where, f"the title is too long for the box's sides at "
                              f"{SPINE_SIZES[1]:g} pt or more: they print '{text}'",
                              "a shorter title prints whole", kind="overflow")
            return SpineText(text, size)
    findings.warn(where, f"the title is too long for the box's sides at {SPINE_SIZES[1]:g} pt "
                  "or more: they are left plain",
                  "a shorter title, or a short name before a colon ('Brave Asks: ...'), prints "
                  "there", kind="overflow")
    return None


def short_title(title: str) -> str:
    """The title's part before a colon or a spaced dash: its short name ("Brave Asks" of
    "Brave Asks: 30 days of courage"), or the whole title."""
    head = re.split(r":|\s[-–—]\s|\u00a0[-–—]\s", title, maxsplit=1)[0].strip()
    return head or title


@dataclass(frozen=True)
class FrontPlan:
    """Where the logo and title go on the front, in mm from the panel's bottom-left: below the
    thumb notch, inside the panel's padding."""

    logo_bottom: float
    logo_box: float  # 0 without a logo
    title_top: float
    title_height: float
    title_width: float


def front_plan(inner: Inner, with_logo: bool) -> FrontPlan:
    top = inner.height - min(NOTCH_MAX_MM, inner.width / 5) - 4
    width = inner.width - 2 * PANEL_PAD_MM
    if not with_logo:
        title_top = inner.height * 0.68
        return FrontPlan(top, 0.0, title_top, title_top - PANEL_PAD_MM, width)
    box = min(inner.width * 0.5, inner.height * 0.3)
    title_top = top - box - 6
    return FrontPlan(top - box, box, title_top, title_top - PANEL_PAD_MM, width)


class BoxPainter:
    """Colours, lines, words and logo of one piece, in the piece's frame."""

    def __init__(self, canvas: Canvas, inputs: Inputs, look: BoxLook, words: BoxWords,
                 file: BoxFile = PLAIN_FILE):
        self.canvas = canvas
        self.inputs = inputs
        self.look = look
        self.title = words.title
        self.spine_text = words.spine
        self.file = file
        self.assets = Assets(text_font=look.body, fonts=inputs.fonts)
        self.conversions: set[ImageConversion] = set()  # the logo, converted for PDF/X-1a

    def piece(self, shape: Piece, bleed: float, clip: bool) -> None:
        canvas = self.canvas
        canvas.saveState()
        if clip:
            path = outline_path(canvas, shape)
            canvas.clipPath(path, stroke=0, fill=0)
        else:  # a print service: colours run past every cut by the bleed
            for panel in shape.panels:
                self.fill(panel.name, panel.rect, bleed)
        for panel in shape.panels:
            self.fill(panel.name, panel.rect, 0.0)
        for panel in shape.panels:
            self.words(panel.name, panel.rect)
        canvas.restoreState()
        self.lines(shape)

    def colour_of(self, name: str) -> str:
        """The glue flap is white: glue holds better on bare card, and no bleed of the front
        may reach it."""
        look = self.look
        return {"front": look.front, "side": look.front, "lid": look.front,
                "bottom": look.front, "back": look.back, "tuck": look.flap,
                "dust": look.flap, "glue": "#FFFFFF"}[name]

    def fill(self, name: str, rect: Rect, grow: float) -> None:
        colour = self.colour_of(name)
        self.canvas.setFillColor(parse_colour(colour))
        self.canvas.rect((rect.x - grow) * MM, (rect.y - grow) * MM,
                         (rect.width + 2 * grow) * MM, (rect.height + 2 * grow) * MM,
                         stroke=0, fill=1)

    def words(self, name: str, rect: Rect) -> None:
        if name == "front":
            self.front(rect)
        elif name == "back":
            self.back(rect)
        elif name == "side":
            self.spine(rect)

    def front(self, rect: Rect) -> None:
        canvas, look = self.canvas, self.look
        logo = self.inputs.brand.logo
        plan = front_plan(Inner(rect.width, rect.height, 0.0), logo is not None)
        centre = (rect.x + rect.width / 2) * MM
        if logo is not None:
            self.logo(logo, centre, (rect.y + plan.logo_bottom) * MM, plan.logo_box * MM,
                      look.front)
        block = len(self.title.lines) * self.title.size * TITLE_LEADING
        first = (rect.y + plan.title_top) * MM - (plan.title_height * MM - block) / 2
        canvas.setFillColor(parse_colour(readable_on(look.front)))
        canvas.setFont(look.heading, self.title.size)
        leading = self.title.size * TITLE_LEADING
        for number, line in enumerate(self.title.lines):
            canvas.drawCentredString(centre, first - self.title.size * 0.8 - number * leading,
                                     line)

    def back(self, rect: Rect) -> None:
        canvas, look = self.canvas, self.look
        lines = coach_lines(self.inputs)
        centre = (rect.x + rect.width / 2) * MM
        width = (rect.width - 2 * PANEL_PAD_MM) * MM
        logo = self.inputs.brand.logo
        y = (rect.y + rect.height * 0.62) * MM
        if logo is not None:
            box = min(rect.width * 0.3, rect.height * 0.2) * MM
            self.logo(logo, centre, (rect.y + rect.height * 0.66) * MM, box, look.back)
        ink = parse_colour(legible(look.front, look.back))
        canvas.setFillColor(ink)
        for number, line in enumerate(lines):
            font = look.bold if number == 0 else look.body
            size = fitted_size(line, font, DETAIL_SIZE + (2 if number == 0 else 0), width)
            canvas.setFont(font, size)
            canvas.drawCentredString(centre, y - size, line)
            y -= size * 1.45 + (2 if number == 0 else 0)

    def spine(self, rect: Rect) -> None:
        """The title along a side, reading bottom to top (spine_text: if it can be read)."""
        if self.spine_text is None:
            return
        canvas, look = self.canvas, self.look
        title, size = self.spine_text.text, self.spine_text.size
        canvas.saveState()
        canvas.translate((rect.x + rect.width / 2) * MM + size * 0.35, (rect.y + rect.height / 2)
                         * MM)
        canvas.rotate(90)
        canvas.setFillColor(parse_colour(readable_on(look.front)))
        canvas.setFont(look.heading, size)
        canvas.drawCentredString(0, 0, title)
        canvas.restoreState()

    def logo(self, path: Path, centre_x: float, bottom: float, box: float,
             background: str) -> None:
        """The logo within a square of `box` points, centred on `centre_x`, over the panel's
        flat `background` colour (what its see-through pixels show in PDF/X-1a)."""
        natural = self.assets.size(path)
        scale = min(box / natural[0], box / natural[1])
        width, height = natural[0] * scale, natural[1] * scale
        x, y = centre_x - width / 2, bottom + (box - height) / 2
        if is_svg(path):
            self.canvas.saveState()
            self.canvas.translate(x, y)
            self.canvas.scale(scale, scale)
            renderPDF.draw(self.assets.vector(path).drawing, self.canvas, 0, 0)
            self.canvas.restoreState()
            return
        variant = self.x1a_variant(path, (width, height), background)
        if variant is not None:
            self.canvas.drawImage(ImageReader(converted(path, variant)), x, y, width, height)
            return
        reader = self.assets.raster(path).reader
        assert reader is not None
        self.canvas.drawImage(reader, x, y, width, height, mask="auto")

    def x1a_variant(self, path: Path, drawn: tuple[float, float],
                    background: str) -> RasterVariant | None:
        """The logo as PDF/X-1a prints it, as a card's picture over a flat colour is: CMYK
        through the printing condition's profile, composited onto `background`, at most
        400 dpi; None when it prints as it is (or the file is not PDF/X-1a)."""
        if self.file.pdfx != "x-1a" or self.file.condition is None:
            return None
        raster = self.assets.raster(path)
        variant = RasterVariant.fitting(raster.mode, (raster.width, raster.height), drawn,
                                        self.file.condition,
                                        background if raster.transparent else None, 1.0)
        if variant is not None:
            self.conversions.add(ImageConversion(str(path), raster.mode,
                                                 (raster.width, raster.height), variant.key()))
        return variant

    def lines(self, shape: Piece) -> None:
        canvas = self.canvas
        canvas.setStrokeColor(parse_colour(LINE_INK))
        canvas.setLineWidth(FOLD_WIDTH)
        canvas.setDash(*FOLD_DASH)
        for fold in shape.folds:
            canvas.line(fold.start[0] * MM, fold.start[1] * MM, fold.end[0] * MM,
                        fold.end[1] * MM)
        canvas.setDash()
        canvas.setLineWidth(CUT_WIDTH)
        canvas.setLineJoin(1)
        canvas.drawPath(outline_path(canvas, shape), stroke=1, fill=0)


def outline_path(canvas: Canvas, shape: Piece) -> object:
    """The cut outline as one closed path, in points."""
    path = canvas.beginPath()
    first = shape.outline[0].start
    path.moveTo(first[0] * MM, first[1] * MM)
    for edge in shape.outline:
        if isinstance(edge, Arc):
            cx, cy, r = edge.centre[0] * MM, edge.centre[1] * MM, edge.radius * MM
            path.arcTo(cx - r, cy - r, cx + r, cy + r, edge.start_angle, edge.extent)
        else:
            path.lineTo(edge.end[0] * MM, edge.end[1] * MM)
    path.close()
    return path


def coach_lines(inputs: Inputs) -> list[str]:
    """The coach's name, business, e-mail, phone and website: those the brand has."""
    coach = inputs.brand.brand.coach
    found = [coach.name, coach.business, coach.email, coach.phone,
             coach.website or inputs.brand.brand.booking_url]
    return [" ".join(line.split()) for line in found if line.strip()]


def fitted_size(text: str, font: str, size: float, width: float) -> float:
    """`size`, or smaller so that `text` fits `width` on one line."""
    natural = stringWidth(text, font, size)
    return size if natural <= width else size * width / natural


@dataclass(frozen=True)
class Legend:
    """What the legend is written with: the brand's font, and the words (data/labels.yaml,
    box_*) and numbers in the language the box is for."""

    look: BoxLook
    labels: LabelTable
    language: str

    def size(self, inner: Inner) -> str:
        """The inside size as the language writes numbers: 65.5 in English, 65,5 in German."""
        return " × ".join(format_decimal(value, format="0.0", locale=self.language)
                          for value in (inner.width, inner.height, inner.depth)) + " mm"


def legend_lines(plan: BoxPlan, legend: Legend, page: int) -> tuple[str, str]:
    """The legend's two lines after the line samples: the box's size and pieces, and how to
    make it."""
    labels = legend.labels
    stock = format_decimal(plan.stock_mm, format="0.0##", locale=legend.language)
    size = labels.fill("box_size", size=legend.size(plan.inner), cards=plan.cards, stock=stock)
    if plan.pieces == 2:
        size += " · " + (labels.fill("box_piece", page=page, count=2) if len(plan.pages) == 2
                         else labels.fill("box_two_pieces"))
    how = labels.fill("box_how_two" if plan.pieces == 2 else "box_how")
    return size, how


def draw_legend(canvas: Canvas, plan: BoxPlan, legend: Legend, page: int) -> None:
    """Below the box: what the lines mean, the box's size and how to fold it, each line set
    smaller if need be to fit the page's width (a long label of the coach's own)."""
    font = legend.look.body
    left, base = MARGIN_MM * MM, (MARGIN_MM + 4.5) * MM
    width = plan.page[0] - 2 * left
    canvas.setFillColor(parse_colour(LINE_INK))
    canvas.setStrokeColor(parse_colour(LINE_INK))
    canvas.setLineWidth(CUT_WIDTH)
    size_line, how = legend_lines(plan, legend, page)
    x = left
    for key, dash in (("box_cut", None), ("box_fold", FOLD_DASH)):
        word = legend.labels.fill(key)
        canvas.setFont(font, LEGEND_SIZE)
        canvas.drawString(x, base, word)
        x += stringWidth(word, font, LEGEND_SIZE) + 3
        if dash is not None:
            canvas.setDash(*dash)
        canvas.line(x, base + 2.4, x + 10 * MM, base + 2.4)
        canvas.setDash()
        x += 10 * MM + 8
    canvas.setFont(font, fitted_size(size_line, font, LEGEND_SIZE, width - (x - left)))
    canvas.drawString(x, base, size_line)
    canvas.setFont(font, fitted_size(how, font, LEGEND_SIZE, width))
    canvas.drawString(left, base - LEGEND_SIZE * 1.35, how)
