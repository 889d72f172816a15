"""The worksheet pipeline: deck + brand → Jinja templates → flow markup → platypus → one PDF.

Each kind of sheet starts on a new page under its own page template, so the header can name
it; the document is laid out twice so every footer can say "page n of m".
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.acroform import AcroForm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from .. import __version__
from ..assets import Assets
from ..errors import DeckError, did_you_mean
from ..fonts import FontBook, load_fonts
from ..load import LoadedBrand, LoadedDeck, load_brand, load_deck
from ..markup import MarkupError
from ..pdfwriter import binary_streams
from ..profiles import paper_size, papers
from ..template import Layouts
from ..units import POINTS_PER_UNIT, parse_colour, shown
from ..write import atomic_output, check_writable
from .draw import Flow, Look
from .flow import field_names
from .render import (
    check_brand_text,
    glyph_check,
    render_sheet,
    shared_context,
    worksheet_templates,
)

KINDS = ("ladder", "log", "tracker", "debrief", "contacts")
MAX_DAYS = 366
MAX_BLANK = 200
MM = POINTS_PER_UNIT["mm"]
MARGIN = 13 * MM  # well inside what home printers can reach (0.25 in)
HEADER = 21 * MM
FOOTER = 14 * MM


@dataclass(frozen=True)
class WorksheetResult:
    output: Path
    pages: int
    kinds: tuple[str, ...]
    fields: int


MIN_PAPER = (200 * MM, 270 * MM)  # letter and A4 and larger: the sheets' tables need the width
MAX_PAPER = 500 * MM


def parse_paper(value: str) -> tuple[float, float]:
    """A paper name (letter, a4, legal, ...) or a size like 210x297mm, in points; anything
    else, or a paper too small for the sheets, is a DeckError."""
    text = value.strip()
    try:
        width, height = paper_size(text.lower())
    except ValueError:
        hint = did_you_mean(text.lower(), papers(), list_choices=False)
        raise DeckError(
            f"unknown paper '{shown(value)}' for --paper",
            None,
            (f"{hint} " if hint else "")
            + f"use {', '.join(papers())}, or a size such as 210x297mm or 8.5x11in",
        ) from None
    if width < MIN_PAPER[0] - 0.01 or height < MIN_PAPER[1] - 0.01 or \
            max(width, height) > MAX_PAPER + 0.01:
        raise DeckError(
            f"the paper {width / MM:.0f}×{height / MM:.0f} mm does not suit the worksheets",
            None,
            f"use portrait paper from {MIN_PAPER[0] / MM:.0f}×{MIN_PAPER[1] / MM:.0f} mm (letter "
            f"and A4 are fine) up to {MAX_PAPER / MM:.0f} mm a side",
        )
    return width, height


def paper_label(value: str) -> str:
    """The paper as it appears in file names: letter, a4 or the size as given."""
    text = value.strip().lower()
    return text if text in papers() else "".join(text.split()).replace("×", "x")


def check_kinds(kinds: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The chosen kinds in the fixed order; an unknown kind is a DeckError with a suggestion."""
    for kind in kinds:
        if kind not in KINDS:
            raise DeckError(f"unknown worksheet kind '{shown(kind)}'", None,
                            did_you_mean(kind, KINDS))
    chosen = set(kinds) if kinds else set(KINDS)
    return tuple(kind for kind in KINDS if kind in chosen)


def check_days(days: int) -> int:
    if not 1 <= days <= MAX_DAYS:
        raise DeckError(f"the tracker cannot have {days} days", None,
                        f"give --days a number from 1 to {MAX_DAYS}")
    return days


def check_blank(blank: int | None) -> int | None:
    if blank is not None and not 1 <= blank <= MAX_BLANK:
        raise DeckError(f"cannot print {blank} blank log blocks", None,
                        f"give --blank a number from 1 to {MAX_BLANK}")
    return blank


@dataclass
class Job:
    deck: LoadedDeck
    brand: LoadedBrand
    fonts: FontBook
    templates: Layouts
    look: Look
    page: tuple[float, float]
    paper: str
    kinds: tuple[str, ...]
    days: int
    blank: int | None
    titles: dict[str, str] = field(default_factory=dict)  # kind -> sheet title


def build_worksheets(
    deck_path: Path,
    output: Path,
    brand_path: Path | None = None,
    paper: str = "letter",
    kinds: tuple[str, ...] | list[str] = (),
    fillable: bool = False,
    days: int = 30,
    blank: int | None = None,
) -> WorksheetResult:
    """Write the chosen worksheets (all by default) for the deck into one PDF."""
    check_writable(output)
    return plan_worksheets(deck_path, brand_path, paper, kinds, fillable, days, blank).write(output)


@dataclass
class WorksheetPlan:
    """Worksheets checked and laid out once, ready to write: every mistake in the deck, brand
    or templates has been found by the time a plan exists."""

    job: Job
    story: Callable[[], list]
    fields: int
    pages: int

    def write(self, output: Path) -> WorksheetResult:
        check_writable(output)
        with binary_streams(), atomic_output(output) as temp:
            _layout(self.job, self.story(), self.pages, temp)
        return WorksheetResult(output, self.pages, self.job.kinds, self.fields)


def plan_worksheets(
    deck_path: Path,
    brand_path: Path | None = None,
    paper: str = "letter",
    kinds: tuple[str, ...] | list[str] = (),
    fillable: bool = False,
    days: int = 30,
    blank: int | None = None,
) -> WorksheetPlan:
    """Check everything and lay the sheets out (the first of two passes: it counts the pages
    for "page n of m"), without writing anything."""
    chosen = check_kinds(kinds)
    page = parse_paper(paper)
    check_days(days)
    check_blank(blank)
    if blank is not None and "log" not in chosen:
        raise DeckError("--blank sets the blocks of the log, which is not among the chosen "
                        f"sheets ({', '.join(chosen)})", None,
                        "add --kind log, or leave out --blank")
    deck = load_deck(deck_path)
    brand = load_brand(brand_path)
    fonts = load_fonts(deck.workspace)
    fonts.family(brand.brand.fonts.body, brand.where("fonts", "body"))
    fonts.family(brand.brand.fonts.heading, brand.where("fonts", "heading"))
    look = Look.of(fonts, brand.brand.fonts.body, brand.brand.fonts.heading,
                   brand.brand.colours.primary, fillable)
    check_brand_text(fonts, look, brand)
    templates = worksheet_templates(deck.workspace)
    job = Job(deck, brand, fonts, templates, look, page, paper_label(paper), chosen, days, blank)
    story, count = _story(job)
    with binary_streams():
        pages = _layout(job, story(), None)
    return WorksheetPlan(job, story, count, pages)


def _story(job: Job):
    """Render and parse every sheet once; return a maker of fresh flowables for each pass
    (a layout pass consumes its flowables) and the number of form fields."""
    context = shared_context(job.deck, job.brand, job.look, job.days, job.blank, job.paper)
    sheets = [render_sheet(job.templates, kind, context) for kind in job.kinds]
    for sheet in sheets:  # the title is printed in the heading font in every page header
        glyph_check(job.fonts, job.look, sheet)(sheet.root["title"], sheet.root_as_heading())
    job.titles.update({sheet.kind: sheet.root["title"] for sheet in sheets})

    def make() -> list:
        flowables: list = []
        for index, sheet in enumerate(sheets):
            if index:
                flowables += [NextPageTemplate(sheet.kind), PageBreak()]
            flow = Flow(job.look, sheet.kind, glyph_check(job.fonts, job.look, sheet))
            try:
                flowables += flow.blocks(sheet.root.children)
            except MarkupError as error:
                raise sheet.error(error) from None
        return flowables

    fields = sum(len(field_names(sheet.root)) for sheet in sheets) if job.look.fillable else 0
    return make, fields


def _layout(job: Job, story: list, total: int | None, destination: Path | None = None) -> int:
    """Lay the story out on pages; with `destination`, write the PDF there."""
    width, height = job.page
    brand = job.brand.brand
    stream = open(destination, "wb") if destination else io.BytesIO()  # noqa: SIM115
    try:
        document = BaseDocTemplate(
            stream, pagesize=job.page, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + HEADER, bottomMargin=MARGIN + FOOTER, invariant=1,
            initialFontName=job.look.body, pageCompression=1,
            title=f"{job.deck.deck.title}: worksheets",
            author=brand.coach.business or brand.coach.name or "deckpress",
            subject=", ".join(job.titles[kind] for kind in job.kinds),
            creator=f"deckpress {__version__}",
        )
        frame = Frame(MARGIN, MARGIN + FOOTER, width - 2 * MARGIN,
                      height - 2 * MARGIN - HEADER - FOOTER, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="body")
        painter = PagePainter(job, total)
        document.addPageTemplates([
            PageTemplate(id=kind, frames=[frame], onPage=painter.for_sheet(kind),
                         pagesize=job.page)
            for kind in job.kinds
        ])
        try:
            document.build(story, canvasmaker=_canvas_maker(job.look.fillable))
        except LayoutError:
            raise DeckError(
                f"a block of the worksheets ({', '.join(job.kinds)}) is taller than a page of "
                f"{job.paper} paper and cannot be split",
                None,
                "in a template of your own, use fewer write-in lines or split the block; or "
                "choose a larger paper",
            ) from None
        return document.page
    finally:
        stream.close()


class SharedFontForm(AcroForm):
    """ReportLab's AcroForm writes a new font object for every text field's appearance; one
    per font is enough (thousands fewer objects in a long fillable set)."""

    def __init__(self, canvas: Canvas):
        super().__init__(canvas)
        self._font_refs: dict[str, tuple[str, str]] = {}

    def makeFont(self, fontName):  # ReportLab's method name
        if fontName not in self._font_refs:
            self._font_refs[fontName] = super().makeFont(fontName)
        return self._font_refs[fontName]


def _canvas_maker(fillable: bool):
    def make(*args, **kwargs) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        canvas.setViewerPreference("PrintScaling", "None")
        if fillable:  # installed as ReportLab does when `canvas.acroForm` is first used
            canvas._doc._catalog.AcroForm = canvas.AcroForm = SharedFontForm(canvas)
        return canvas

    return make


class PagePainter:
    """Header (logo, sheet title, client and program) and footer (coach, disclaimer, page n of
    m) on every page."""

    def __init__(self, job: Job, total: int | None):
        self.job = job
        self.total = total
        self.assets = Assets(text_font=job.look.body, fonts=job.fonts)

    def for_sheet(self, kind: str):
        def paint(canvas: Canvas, document) -> None:
            canvas.saveState()
            self.header(canvas, self.job.titles[kind])
            self.footer(canvas, document.page)
            canvas.restoreState()

        return paint

    def header(self, canvas: Canvas, title: str) -> None:
        job, look = self.job, self.job.look
        brand = job.brand.brand
        width, height = job.page
        top = height - MARGIN
        x = MARGIN
        logo_height = 14 * MM
        if job.brand.logo is not None:
            drawn = self.logo(canvas, job.brand.logo, MARGIN, top - logo_height, 40 * MM,
                              logo_height)
            x = MARGIN + drawn + 5 * MM
        canvas.setFillColor(parse_colour(look.accent))
        canvas.setFont(look.heading, 18)
        canvas.drawString(x, top - 7 * MM, title)
        who = " · ".join(part for part in (brand.client.name, brand.client.program) if part)
        line = who or job.deck.deck.title
        canvas.setFillColor(parse_colour(look.muted))
        canvas.setFont(look.body, 10)
        canvas.drawString(x, top - 12.5 * MM, line)
        if who:  # else the deck's title is already on the left
            canvas.setFont(look.italic, 9)
            canvas.drawRightString(width - MARGIN, top - 12.5 * MM, job.deck.deck.title)
        canvas.setStrokeColor(parse_colour(brand.colours.accent))
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - 17 * MM, width - MARGIN, top - 17 * MM)

    def footer(self, canvas: Canvas, page: int) -> None:
        job, look = self.job, self.job.look
        brand = job.brand.brand
        width, _ = job.page
        base = MARGIN
        canvas.setStrokeColor(parse_colour(look.grid))
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, base + 10 * MM, width - MARGIN, base + 10 * MM)
        total = self.total if self.total is not None else 0
        number = f"Page {page} of {total}"
        canvas.setFillColor(parse_colour(look.ink))
        canvas.setFont(look.body, 9)
        canvas.drawRightString(width - MARGIN, base + 6 * MM, number)
        room = width - 2 * MARGIN - canvas.stringWidth(number, look.body, 9) - 6 * MM
        coach = brand.coach
        who = " · ".join(part for part in (coach.name, coach.business) if part)
        reach = [part for part in (coach.email, coach.phone, coach.website) if part]
        offset = canvas.stringWidth(who, look.bold, 9) + (3 * MM if who else 0)
        while reach and offset + canvas.stringWidth(" · ".join(reach), look.body, 9) > room:
            reach.pop()  # the website goes first, then the phone: the line never overruns
        canvas.setFont(look.bold, 9)
        canvas.drawString(MARGIN, base + 6 * MM, who)
        if reach:
            canvas.setFont(look.body, 9)
            canvas.drawString(MARGIN + offset, base + 6 * MM, " · ".join(reach))
        if brand.disclaimer:
            canvas.setFillColor(parse_colour(look.muted))
            canvas.setFont(look.italic, 8.5)
            canvas.drawString(MARGIN, base + 1.5 * MM, brand.disclaimer)

    def logo(self, canvas: Canvas, path: Path, x: float, y: float, max_width: float,
             max_height: float) -> float:
        """Draw the logo into the box, left and vertically centred; return its drawn width."""
        natural = self.assets.size(path)
        scale = min(max_width / natural[0], max_height / natural[1])
        w, h = natural[0] * scale, natural[1] * scale
        bottom = y + (max_height - h) / 2
        if path.suffix.lower() == ".svg":
            canvas.saveState()
            canvas.translate(x, bottom)
            canvas.scale(scale, scale)
            renderPDF.draw(self.assets.vector(path).drawing, canvas, 0, 0)
            canvas.restoreState()
        else:
            reader: ImageReader = self.assets.raster(path).reader
            canvas.drawImage(reader, x, bottom, w, h, mask="auto")
        return w
