"""The worksheets as a PDF document: platypus lays the flowables out on pages of the chosen
paper, each kind of sheet under its own page template, with a branded header (logo, sheet
title, client and programme) and footer (coach, disclaimer, page n of m) on every page.

The pages are laid out once. "Page n of m" needs the count before the last page is known, so
each page shows it through a form of its own (a PDF form XObject, `PageOf<n>`), drawn once the
last page is done, just before the file is saved: the page refers to the form, the form holds
the text, right-aligned where it would have been drawn on the page."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.graphics import renderPDF
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from .. import __version__
from ..colours import parse_colour
from ..errors import DeckError
from ..inputs import Inputs
from ..render.assets import Assets
from ..reportlab_internals import use_shared_font_form
from ..sizes import Paper
from ..source.images import is_svg
from ..units import MM
from .draw import Look, MeasuringCanvas
from .margins import LOGO_BOX, MARGIN, PAGE_NUMBER_SIZE, TITLE_SIZE, PageText

HEADER = 21 * MM
FOOTER = 14 * MM
PAGE_NUMBER_BASELINE = MARGIN + 6 * MM


@dataclass(frozen=True)
class Pagination:
    """What every page of one worksheet document shows around its sheets."""

    inputs: Inputs
    look: Look
    paper: Paper
    kinds: tuple[str, ...]
    titles: dict[str, str]  # kind -> sheet title
    text: PageText  # the header's and footer's lines, fitted


def lay_out(pagination: Pagination, story: list[Flowable],
            destination: BinaryIO | None = None) -> int:
    """Lay the story out on pages, once, and return how many there are. With `destination`,
    draw them and write the PDF there; without, only measure them: every flowable is wrapped,
    split and placed as for the PDF, so whatever would stop it stops this, but nothing is
    painted or written (what `deckpress check` needs)."""
    width, height = pagination.paper.size
    brand = pagination.inputs.brand.brand
    document = BaseDocTemplate(
        destination or io.BytesIO(), pagesize=pagination.paper.size, leftMargin=MARGIN,
        rightMargin=MARGIN, topMargin=MARGIN + HEADER, bottomMargin=MARGIN + FOOTER, invariant=1,
        initialFontName=pagination.look.body, pageCompression=1,
        title=f"{pagination.inputs.deck.settings.title}: worksheets",
        author=brand.coach.business or brand.coach.name or "deckpress",
        subject=", ".join(pagination.titles[kind] for kind in pagination.kinds),
        creator=f"deckpress {__version__}",
    )
    frame = Frame(MARGIN, MARGIN + FOOTER, width - 2 * MARGIN,
                  height - 2 * MARGIN - HEADER - FOOTER, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="body")
    painter = PagePainter(pagination, every_page=destination is not None)
    document.addPageTemplates([
        PageTemplate(id=kind, frames=[frame], onPage=painter.for_sheet(kind),
                     pagesize=pagination.paper.size)
        for kind in pagination.kinds
    ])
    try:
        document.build(story, canvasmaker=_canvas_maker(painter, destination is None))
    except LayoutError:
        raise DeckError(
            f"a block of the worksheets ({', '.join(pagination.kinds)}) is taller than a "
            f"page of {pagination.paper.label} paper and cannot be split",
            None,
            "in a template of your own, use fewer write-in lines or split the block; or "
            "choose a larger paper",
        ) from None
    except DeckError as error:
        raise _as_raised(error) from None
    pages: int = document.page
    return pages


def _as_raised(error: DeckError) -> DeckError:
    """The DeckError as a flowable raised it. Platypus raises a mistake found inside a block
    (KeepTogether) again as a new error of the same type, whose text starts with the block's
    class and address, and loses the file and line: the message must be the flowable's."""
    while error.problem.startswith("\nraised by ") and isinstance(error.__context__, DeckError):
        error = error.__context__
    return error


def _canvas_maker(painter: PagePainter, measuring: bool) -> Callable[..., Canvas]:
    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = MeasuringCanvas(*args, **kwargs) if measuring else \
            NumberedCanvas(*args, before_save=painter.page_numbers, **kwargs)
        canvas.setViewerPreference("PrintScaling", "None")
        if painter.pagination.look.fillable:
            use_shared_font_form(canvas)
        return canvas

    return make


class NumberedCanvas(Canvas):
    """A canvas that draws what waits for the page count ("page n of m") when it is saved,
    after the last page: by then the count is known."""

    def __init__(self, *args: Any, before_save: Callable[[Canvas], None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.before_save = before_save

    def save(self) -> None:
        self.before_save(self)
        super().save()


def page_number_form(page: int) -> str:
    """The name of the form that holds page `page`'s "page n of m"."""
    return f"PageOf{page}"


class PagePainter:
    """Header (logo, sheet title, client and program) and footer (coach, disclaimer, page n of
    m) on every page."""

    def __init__(self, pagination: Pagination, every_page: bool = True):
        """`every_page` False paints the first page alone: enough for a layout only measured
        (the header and footer are the same on every page, and take no room from the body)."""
        self.pagination = pagination
        self.every_page = every_page
        self.pages = 0  # the pages painted so far
        self.assets = Assets(text_font=pagination.look.body, fonts=pagination.inputs.fonts)

    def for_sheet(self, kind: str) -> Callable[[Canvas, Any], None]:
        def paint(canvas: Canvas, document: Any) -> None:
            if not self.every_page and document.page > 1:
                return
            canvas.saveState()
            self.header(canvas, self.pagination.titles[kind])
            self.footer(canvas, document.page)
            canvas.restoreState()

        return paint

    def header(self, canvas: Canvas, title: str) -> None:
        pagination, look, text = self.pagination, self.pagination.look, self.pagination.text
        loaded = pagination.inputs.brand
        width, height = pagination.paper.size
        top = height - MARGIN
        if loaded.logo is not None:
            self.logo(canvas, loaded.logo, MARGIN, top - LOGO_BOX[1], *LOGO_BOX)
        canvas.setFillColor(parse_colour(look.accent))
        canvas.setFont(look.heading, TITLE_SIZE)
        canvas.drawString(text.text_x, top - 7 * MM, title)
        canvas.setFillColor(parse_colour(look.muted))
        canvas.setFont(look.body, text.who_size)
        canvas.drawString(text.text_x, top - 12.5 * MM, text.who)
        if text.deck_title_right:
            canvas.setFont(look.italic, 9)
            canvas.drawRightString(width - MARGIN, top - 12.5 * MM,
                                   pagination.inputs.deck.settings.title)
        canvas.setStrokeColor(parse_colour(loaded.brand.colours.accent))
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - 17 * MM, width - MARGIN, top - 17 * MM)

    def footer(self, canvas: Canvas, page: int) -> None:
        pagination, look, text = self.pagination, self.pagination.look, self.pagination.text
        width, _ = pagination.paper.size
        base = MARGIN
        canvas.setStrokeColor(parse_colour(look.grid))
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, base + 10 * MM, width - MARGIN, base + 10 * MM)
        canvas.setFillColor(parse_colour(look.ink))
        canvas.doForm(page_number_form(page))  # drawn when the count is known: page_numbers
        self.pages = max(self.pages, page)
        canvas.setFont(look.bold, text.coach_size)
        canvas.drawString(MARGIN, base + 6 * MM, text.coach)
        if text.reach:
            offset = canvas.stringWidth(text.coach, look.bold, text.coach_size) + \
                (3 * MM if text.coach else 0)
            canvas.setFont(look.body, text.coach_size)
            canvas.drawString(MARGIN + offset, base + 6 * MM, text.reach)
        canvas.setFillColor(parse_colour(look.muted))
        canvas.setFont(look.italic, text.disclaimer_size)
        leading = text.disclaimer_size * 1.2
        first = base + 1.5 * MM + (len(text.disclaimer) - 1) * leading / 2
        for number, line in enumerate(text.disclaimer):
            canvas.drawString(MARGIN, first - number * leading, line)

    def page_numbers(self, canvas: Canvas) -> None:
        """Each page's "page n of m", as the form that page refers to, now that m is known;
        set right-aligned at the footer's right edge, exactly where a page would draw it."""
        look, labels = self.pagination.look, self.pagination.inputs.labels
        right = self.pagination.paper.size[0] - MARGIN
        for page in range(1, self.pages + 1):
            canvas.beginForm(page_number_form(page))
            canvas.setFillColor(parse_colour(look.ink))
            canvas.setFont(look.body, PAGE_NUMBER_SIZE)
            canvas.drawRightString(right, PAGE_NUMBER_BASELINE,
                                   labels.fill("page", page=page, count=self.pages))
            canvas.endForm()

    def logo(self, canvas: Canvas, path: Path, x: float, y: float, max_width: float,
             max_height: float) -> float:
        """Draw the logo into the box, left and vertically centred; return its drawn width."""
        natural = self.assets.size(path)
        scale = min(max_width / natural[0], max_height / natural[1])
        w, h = natural[0] * scale, natural[1] * scale
        bottom = y + (max_height - h) / 2
        if is_svg(path):
            canvas.saveState()
            canvas.translate(x, bottom)
            canvas.scale(scale, scale)
            renderPDF.draw(self.assets.vector(path).drawing, canvas, 0, 0)
            canvas.restoreState()
        else:
            reader = self.assets.raster(path).reader
            assert reader is not None  # worksheets draw pictures directly, never as forms
            canvas.drawImage(reader, x, bottom, w, h, mask="auto")
        return w
