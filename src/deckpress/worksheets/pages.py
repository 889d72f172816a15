"""The worksheets as a PDF document: platypus lays the flowables out on pages of the chosen
paper, each kind of sheet under its own page template, with a branded header (logo, sheet
title, client and programme) and footer (coach, disclaimer, page n of m) on every page."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
from .draw import Look
from .margins import LOGO_BOX, MARGIN, PageText

HEADER = 21 * MM
FOOTER = 14 * MM


@dataclass(frozen=True)
class Pagination:
    """What every page of one worksheet document shows around its sheets."""

    inputs: Inputs
    look: Look
    paper: Paper
    kinds: tuple[str, ...]
    titles: dict[str, str]  # kind -> sheet title
    text: PageText  # the header's and footer's lines, fitted


def lay_out(pagination: Pagination, story: list[Flowable], total: int | None,
            destination: Path | None = None) -> int:
    """Lay the story out on pages; with `destination`, write the PDF there. `total` is the
    page count for "page n of m" (None in the first pass, which counts it)."""
    width, height = pagination.paper.size
    brand = pagination.inputs.brand.brand
    look = pagination.look
    stream = open(destination, "wb") if destination else io.BytesIO()  # noqa: SIM115
    try:
        document = BaseDocTemplate(
            stream, pagesize=pagination.paper.size, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + HEADER, bottomMargin=MARGIN + FOOTER, invariant=1,
            initialFontName=look.body, pageCompression=1,
            title=f"{pagination.inputs.deck.settings.title}: worksheets",
            author=brand.coach.business or brand.coach.name or "deckpress",
            subject=", ".join(pagination.titles[kind] for kind in pagination.kinds),
            creator=f"deckpress {__version__}",
        )
        frame = Frame(MARGIN, MARGIN + FOOTER, width - 2 * MARGIN,
                      height - 2 * MARGIN - HEADER - FOOTER, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="body")
        painter = PagePainter(pagination, total)
        document.addPageTemplates([
            PageTemplate(id=kind, frames=[frame], onPage=painter.for_sheet(kind),
                         pagesize=pagination.paper.size)
            for kind in pagination.kinds
        ])
        try:
            document.build(story, canvasmaker=_canvas_maker(look.fillable))
        except LayoutError:
            raise DeckError(
                f"a block of the worksheets ({', '.join(pagination.kinds)}) is taller than a "
                f"page of {pagination.paper.label} paper and cannot be split",
                None,
                "in a template of your own, use fewer write-in lines or split the block; or "
                "choose a larger paper",
            ) from None
        pages: int = document.page
        return pages
    finally:
        stream.close()


def _canvas_maker(fillable: bool) -> Callable[..., Canvas]:
    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        canvas.setViewerPreference("PrintScaling", "None")
        if fillable:
            use_shared_font_form(canvas)
        return canvas

    return make


class PagePainter:
    """Header (logo, sheet title, client and program) and footer (coach, disclaimer, page n of
    m) on every page."""

    def __init__(self, pagination: Pagination, total: int | None):
        self.pagination = pagination
        self.total = total
        self.assets = Assets(text_font=pagination.look.body, fonts=pagination.inputs.fonts)

    def for_sheet(self, kind: str) -> Callable[[Canvas, Any], None]:
        def paint(canvas: Canvas, document: Any) -> None:
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
        canvas.setFont(look.heading, 18)
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
        total = self.total if self.total is not None else 0
        canvas.setFillColor(parse_colour(look.ink))
        canvas.setFont(look.body, 9)
        canvas.drawRightString(width - MARGIN, base + 6 * MM,
                               pagination.inputs.labels.fill("page", page=page, count=total))
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
