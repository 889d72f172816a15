"""`deckpress box`: a branded tuck box that holds the deck, as a one-page PDF.

For a home printer the box is drawn on letter or A4, centred, cut lines solid and fold lines
dashed, with a small legend in the bottom margin; too wide for the paper, it is drawn in two
pieces (see output/tuckbox.py), and too big even so, the deck's `size` line is named with what
would fit. For a print service (`--profile dtc` or `pod-pdf`) the page is the box's flat shape
plus the profile's bleed on every side, colours running into the bleed, nothing else on it.

The front (the brand's primary colour) carries the logo and the deck's title, fitted; the back
(the brand's paper colour) the coach's name, business and ways to reach them; the sides carry
the title along their length. Geometry is in mm (output/tuckbox.py), drawn here in points.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .colours import legible, parse_colour, readable_on, tint
from .errors import DeckError
from .inputs import Inputs
from .layout.typography import typeset
from .output.document import Metadata, pdf_canvas
from .output.impose import Rect
from .output.tuckbox import (
    DEFAULT_STOCK_MM,
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
from .render.assets import Assets
from .reportlab_internals import binary_streams
from .sizes import Paper
from .source.images import is_svg
from .source.labels import text_language_for
from .units import MM, to_mm

MARGIN_MM = 6.0  # what a home printer leaves blank at each edge
LEGEND_MM = 9.0  # the band below the box for the legend
CUT_WIDTH, FOLD_WIDTH = 0.6, 0.6
FOLD_DASH = (3 * MM, 2 * MM)
LINE_INK = "#222222"
LEGEND_SIZE = 7.0
PANEL_PAD_MM = 5.0  # text keeps this far inside a panel's folds and cuts
TITLE_SIZES = (26.0, 7.0)  # the front's title: from the largest size down to the smallest
DETAIL_SIZE = 8.5


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
class BoxPlan:
    inner: Inner
    cards: int
    stock_mm: float
    pages: list[list[Placed]]
    page: tuple[float, float]  # points
    origin: tuple[float, float]  # mm: where the room for the pieces starts on the page
    bleed_mm: float | None  # None: a sheet for a home printer, with a legend

    @property
    def pieces(self) -> int:
        return sum(len(page) for page in self.pages)


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
    if paper is None:
        one = piece(ONE_PIECE, inner)
        bleed = bleed_mm or 0.0
        placed = arrange((one,), (one.width, one.height))
        assert placed is not None
        return BoxPlan(inner, deck.card_count, stock_mm, [placed],
                       ((one.width + 2 * bleed) * MM, (one.height + 2 * bleed) * MM),
                       (bleed, bleed), bleed)
    room = (to_mm(paper.width) - 2 * MARGIN_MM, to_mm(paper.height) - 2 * MARGIN_MM - LEGEND_MM)
    fitted = layout(inner, room)
    if fitted is None:
        raise too_big(inputs, inner, stock_mm, paper)
    return BoxPlan(inner, deck.card_count, stock_mm, fitted, paper.size,
                   (MARGIN_MM, MARGIN_MM + LEGEND_MM), None)


def too_big(inputs: Inputs, inner: Inner, stock_mm: float, paper: Paper) -> DeckError:
    deck = inputs.deck
    other = "A4" if paper.label == "letter" else "letter"
    return DeckError(
        f"a tuck box for {deck.card_count} cards of {deck.settings.size} is "
        f"{_size_words(inner)} inside and does not fit on {paper.display_name} paper "
        f"({to_mm(paper.width):.0f}×{to_mm(paper.height):.0f} mm), even in two pieces",
        deck.source.where(("size",), None, "size"),
        f"try --paper {other.lower()}, thinner stock (--stock-mm, now {stock_mm:g}), fewer "
        "cards or copies, or a print service: --profile pod-pdf")


def _size_words(inner: Inner) -> str:
    return f"{inner.width:.1f} × {inner.height:.1f} × {inner.depth:.1f} mm"


def write_box(inputs: Inputs, output: Path, plan: BoxPlan) -> Path:
    """The PDF, written atomically; the title must fit the front (else a DeckError)."""
    check_writable(output)
    inputs.protected().check(output, "the box")
    look = box_look(inputs)
    settings = inputs.deck.settings
    title_lines = fit_title(inputs, look, plan.inner)
    about = Metadata(f"Tuck box: {settings.title}", inputs.brand.brand.coach.name or "deckpress")
    with atomic_output(output) as temp, binary_streams():
        canvas = pdf_canvas(temp, plan.page, look.body, about)
        painter = BoxPainter(canvas, inputs, look, title_lines)
        for number, page in enumerate(plan.pages, start=1):
            for placed in page:
                with piece_frame(canvas, placed, plan.origin):
                    painter.piece(placed.piece, plan.bleed_mm or 0.0, plan.bleed_mm is None)
            if plan.bleed_mm is None:
                draw_legend(canvas, plan, look, number)
            canvas.showPage()
        canvas.save()
    return output


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


def box_title(inputs: Inputs) -> str:
    """The deck's title as the cards print it: set in the language the deck is written in."""
    return typeset(inputs.deck.settings.title, text_language_for(inputs.deck, inputs.brand))


def fit_title(inputs: Inputs, look: BoxLook, inner: Inner) -> FittedTitle:
    """The deck's title wrapped and sized to the front's text box; too long is a DeckError."""
    title = box_title(inputs)
    plan = front_plan(inner, inputs.brand.logo is not None)
    width, height = plan.title_width * MM, plan.title_height * MM
    size = TITLE_SIZES[0]
    while size >= TITLE_SIZES[1]:
        lines = simpleSplit(title, look.heading, size, width)
        widest = max(stringWidth(line, look.heading, size)
                     for line in lines)
        if widest <= width and len(lines) * size * 1.15 <= height:
            return FittedTitle(lines, size)
        size -= 0.5
    raise DeckError(f"the title does not fit the box's front ({inner.width:.0f} mm wide) even "
                    f"at {TITLE_SIZES[1]:g} pt", inputs.deck.source.where(("title",), None,
                                                                         "title"),
                    "shorten the title, or break a very long word")


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

    def __init__(self, canvas: Canvas, inputs: Inputs, look: BoxLook, title: FittedTitle):
        self.canvas = canvas
        self.inputs = inputs
        self.look = look
        self.title = title
        self.assets = Assets(text_font=look.body, fonts=inputs.fonts)

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
            self.logo(logo, centre, (rect.y + plan.logo_bottom) * MM, plan.logo_box * MM)
        block = len(self.title.lines) * self.title.size * 1.15
        first = (rect.y + plan.title_top) * MM - (plan.title_height * MM - block) / 2
        canvas.setFillColor(parse_colour(readable_on(look.front)))
        canvas.setFont(look.heading, self.title.size)
        leading = self.title.size * 1.15
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
            self.logo(logo, centre, (rect.y + rect.height * 0.66) * MM, box)
        ink = parse_colour(legible(look.front, look.back))
        canvas.setFillColor(ink)
        for number, line in enumerate(lines):
            font = look.bold if number == 0 else look.body
            size = fitted_size(line, font, DETAIL_SIZE + (2 if number == 0 else 0), width)
            canvas.setFont(font, size)
            canvas.drawCentredString(centre, y - size, line)
            y -= size * 1.45 + (2 if number == 0 else 0)

    def spine(self, rect: Rect) -> None:
        """The title along a side, reading bottom to top, if the side is wide enough."""
        room = rect.width - 3
        if room < 4:
            return
        canvas, look = self.canvas, self.look
        title = " ".join(box_title(self.inputs).split())
        size = fitted_size(title, look.heading, min(room * 0.5 * MM, 12.0),
                           (rect.height - 2 * PANEL_PAD_MM) * MM)
        canvas.saveState()
        canvas.translate((rect.x + rect.width / 2) * MM + size * 0.35, (rect.y + rect.height / 2)
                         * MM)
        canvas.rotate(90)
        canvas.setFillColor(parse_colour(readable_on(look.front)))
        canvas.setFont(look.heading, size)
        canvas.drawCentredString(0, 0, title)
        canvas.restoreState()

    def logo(self, path: Path, centre_x: float, bottom: float, box: float) -> None:
        """The logo within a square of `box` points, centred on `centre_x`."""
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
        else:
            reader = self.assets.raster(path).reader
            assert reader is not None
            self.canvas.drawImage(reader, x, y, width, height, mask="auto")

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


def draw_legend(canvas: Canvas, plan: BoxPlan, look: BoxLook, page: int) -> None:
    """Below the box: what the lines mean, the box's size and how to fold it."""
    left, base = MARGIN_MM * MM, (MARGIN_MM + 4.5) * MM
    canvas.setFillColor(parse_colour(LINE_INK))
    canvas.setStrokeColor(parse_colour(LINE_INK))
    canvas.setLineWidth(CUT_WIDTH)
    canvas.setFont(look.body, LEGEND_SIZE)
    canvas.drawString(left, base, "cut")
    x = left + 12
    canvas.line(x, base + 2.4, x + 10 * MM, base + 2.4)
    x += 10 * MM + 8
    canvas.drawString(x, base, "fold")
    x += 16
    canvas.setDash(*FOLD_DASH)
    canvas.line(x, base + 2.4, x + 10 * MM, base + 2.4)
    canvas.setDash()
    x += 10 * MM + 10
    pieces = "" if plan.pieces == 1 else \
        f" · piece {page} of 2" if len(plan.pages) == 2 else " · in two pieces"
    canvas.drawString(x, base, f"box {_size_words(plan.inner)} inside · {plan.cards} cards at "
                      f"{plan.stock_mm:g} mm{pieces}")
    glue = "glue each bare flap inside the panel it meets (the tab inside the back)" \
        if plan.pieces == 2 else "glue the bare flap inside the far side"
    canvas.drawString(left, base - LEGEND_SIZE * 1.35,
                      "Print at actual size. Cut the solid lines, fold every dashed line away from "
                      f"the print, {glue}.")
