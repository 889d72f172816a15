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

MARGIN = 13 * MM  # well inside what home printers can reach (0.25 in)
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
        pagination, look = self.pagination, self.pagination.look
        loaded = pagination.inputs.brand
        brand = loaded.brand
        width, height = pagination.paper.size
        top = height - MARGIN
        x = MARGIN
        logo_height = 14 * MM
        if loaded.logo is not None:
            drawn = self.logo(canvas, loaded.logo, MARGIN, top - logo_height, 40 * MM,
                              logo_height)
            x = MARGIN + drawn + 5 * MM
        canvas.setFillColor(parse_colour(look.accent))
        canvas.setFont(look.heading, 18)
        canvas.drawString(x, top - 7 * MM, title)
        person = pagination.inputs.person
        who = " · ".join(part for part in (person.name, person.programme) if part)
        deck_title = pagination.inputs.deck.settings.title
        canvas.setFillColor(parse_colour(look.muted))
        canvas.setFont(look.body, 10)
        canvas.drawString(x, top - 12.5 * MM, who or deck_title)
        if who:  # else the deck's title is already on the left
            canvas.setFont(look.italic, 9)
            canvas.drawRightString(width - MARGIN, top - 12.5 * MM, deck_title)
        canvas.setStrokeColor(parse_colour(brand.colours.accent))
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - 17 * MM, width - MARGIN, top - 17 * MM)

    def footer(self, canvas: Canvas, page: int) -> None:
        pagination, look = self.pagination, self.pagination.look
        brand = pagination.inputs.brand.brand
        width, _ = pagination.paper.size
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
        if is_svg(path):
            canvas.saveState()
            canvas.translate(x, bottom)
            canvas.scale(scale, scale)
            renderPDF.draw(self.assets.vector(path).drawing, canvas, 0, 0)
            canvas.restoreState()
        else:
            canvas.drawImage(self.assets.raster(path).reader, x, bottom, w, h, mask="auto")
        return w
