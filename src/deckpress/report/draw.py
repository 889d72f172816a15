"""The progress report as a PDF, branded like the client's cards and sheets: the numbers a
coach asks about first (asks, no's, streak, hardest rung), fear before, at its peak and after
each ask and the belief predicted against re-rated as charts drawn with ReportLab's graphics,
then the asks in the client's words and what the sheets left empty.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.enums import TA_CENTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .. import __version__
from ..colours import parse_colour, tint
from ..render.assets import Assets
from ..render.fonts import FontBook, embedding
from ..reportlab_internals import binary_streams
from ..source.brand import LoadedBrand
from ..source.images import is_svg
from ..units import MM
from ..worksheets.draw import Look
from .model import Ask, Programme, short_date

MARGIN = 15 * MM
HEADER = 24 * MM
FOOTER = 12 * MM
CHART_ASKS = 24  # the charts show the latest asks, so their bars stay readable
LOGO = (30 * MM, 14 * MM)


@dataclass(frozen=True)
class Branding:
    """The brand as the report uses it: fonts, colours, logo and the coach's details."""

    brand: LoadedBrand
    fonts: FontBook
    look: Look

    @classmethod
    def of(cls, brand: LoadedBrand, fonts: FontBook) -> Branding:
        model = brand.brand
        return cls(brand, fonts, Look.of(fonts, model.fonts.body, model.fonts.heading,
                                         model.colours.primary, False))

    def printable(self, text: str, font: str | None = None) -> str:
        """`text` escaped for a paragraph, a character the font lacks shown as '?' rather
        than as an empty box."""
        face = font or self.look.body
        while (char := self.fonts.missing(face, text)) is not None:
            text = text.replace(char, "?")
        return html.escape(text, quote=False)


def report_pdf(programme: Programme, branding: Branding, paper: tuple[float, float]) -> bytes:
    """The report's bytes: the same programme and brand always give the same bytes."""
    look = branding.look
    identity = programme.identity
    out = io.BytesIO()
    with binary_streams(), embedding(branding.fonts):
        document = BaseDocTemplate(
            out, pagesize=paper, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + HEADER, bottomMargin=MARGIN + FOOTER, invariant=1,
            initialFontName=look.body, pageCompression=1,
            title=f"Progress report: {identity.client or identity.deck}",
            author=branding.brand.brand.coach.business or branding.brand.brand.coach.name or
            "deckpress", creator=f"deckpress {__version__}")
        frame = Frame(MARGIN, MARGIN + FOOTER, paper[0] - 2 * MARGIN,
                      paper[1] - 2 * MARGIN - HEADER - FOOTER, 0, 0, 0, 0, id="body")
        document.addPageTemplates([PageTemplate("report", [frame],
                                                onPage=_page_painter(programme, branding))])
        document.build(story(programme, branding, frame.width),
                       canvasmaker=_counting_canvas(branding))
    return out.getvalue()


def story(programme: Programme, branding: Branding, width: float) -> list[Flowable]:
    """What the report says, top to bottom."""
    flowables: list[Flowable] = [_tiles(programme, branding, width)]
    charted = [ask for ask in programme.asks if ask.numbers][-CHART_ASKS:]
    if charted:
        flowables += _section(branding, "Fear before, at its peak and after each ask (0–10)",
                              fear_chart(charted, branding, width))
        if any("belief" in ask.numbers or "belief_after" in ask.numbers for ask in charted):
            flowables += _section(branding, "Belief in the feared prediction: predicted and "
                                  "re-rated afterwards (%)", belief_chart(charted, branding,
                                                                          width))
        if programme.trend():
            flowables.append(_note(branding, programme.trend()))
        if len(charted) < len([ask for ask in programme.asks if ask.numbers]):
            flowables.append(_note(branding, f"The charts show the last {CHART_ASKS} asks."))
    if programme.asks:
        flowables += [CondPageBreak(60 * MM),
                      _heading(branding, "The asks, in the client's words"),
                      _note(branding, "Fear: before / at its peak / after, 0 to 10. Belief in "
                            "the feared prediction: before / after the ask."),
                      Spacer(0, 2 * MM), asks_table(programme, branding, width)]
    flowables += _debrief(programme, branding)
    flowables += _missing(programme, branding)
    return flowables


def _style(branding: Branding, size: float, bold: bool = False, colour: str | None = None,
           italic: bool = False, **extra: Any) -> Any:
    look = branding.look
    font = look.bold if bold else look.italic if italic else look.body
    return look.style(font, size, colour or look.ink).clone(f"r{size}{bold}{italic}", **extra)


def _heading(branding: Branding, text: str) -> Paragraph:
    look = branding.look
    return Paragraph(branding.printable(text, look.heading),
                     look.style(look.heading, 12, look.accent, leading=1.2,
                                space=(5 * MM, 2 * MM)))


def _note(branding: Branding, text: str) -> Paragraph:
    return Paragraph(branding.printable(text), _style(branding, 8.5, italic=True,
                                                       colour=branding.look.muted))


def _section(branding: Branding, title: str, chart: Drawing) -> list[Flowable]:
    return [KeepTogether([_heading(branding, title), chart])]


def _tiles(programme: Programme, branding: Branding, width: float) -> Table:
    """The four numbers, big, each with what it counts."""
    look = branding.look
    rung = programme.hardest_rung
    source = "tracker" if programme.tracked else "log"
    logged = f"{len(programme.asks)} in the log"
    tiles = [
        (str(programme.asks_made), "asks made", f"from the {source}" +
         (f"; {logged}" if programme.tracked else "")),
        (str(programme.noes), "no's collected", "every one a brave ask"),
        (str(programme.longest_streak), "longest streak", "days in a row"),
        (f"{rung.step} of {len(programme.rungs)}" if rung else "–", "hardest rung reached",
         f"{rung.card} · {rung.title}" if rung else "nothing on the ladder yet"),
    ]
    big = look.style(look.heading, 22, look.accent, TA_CENTER, leading=1.1)
    label = _style(branding, 9, bold=True, alignment=TA_CENTER)
    small = _style(branding, 8, colour=look.muted, alignment=TA_CENTER)
    cells = [[Paragraph(branding.printable(number, look.heading), big),
              Paragraph(branding.printable(what, look.bold), label),
              Paragraph(branding.printable(detail), small)] for number, what, detail in tiles]
    table = Table([cells], colWidths=[width / 4] * 4)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), look.body),  # else each cell selects Helvetica
        ("BACKGROUND", (0, 0), (-1, -1), parse_colour(look.stripe)),
        ("LINEAFTER", (0, 0), (-2, -1), 3, parse_colour("#FFFFFF")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3 * MM),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * MM),
    ]))
    return table


def _bar_chart(branding: Branding, width: float, height: float, series: list[list[Any]],
               labels: list[str], top: int) -> tuple[Drawing, VerticalBarChart]:
    """Grouped bars, one group per ask, on a 0..`top` scale, in the brand's fonts."""
    look = branding.look
    drawing = Drawing(width, height, initialFontName=look.body)  # not Helvetica
    chart = VerticalBarChart()
    chart.x, chart.y = 9 * MM, 11 * MM
    chart.width, chart.height = width - 12 * MM, height - 19 * MM
    chart.data = series
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.valueStep = top // 5 if top > 10 else 2
    chart.valueAxis.labels.fontName = look.body
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.strokeColor = parse_colour(look.grid)
    chart.valueAxis.gridStrokeColor = parse_colour(look.grid)
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.visibleGrid = True
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = look.body
    chart.categoryAxis.labels.fontSize = 7 if len(labels) <= 12 else 6
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = parse_colour(look.grid)
    chart.groupSpacing = 6 if len(labels) <= 12 else 3
    chart.barSpacing = 0.5
    chart.bars.strokeColor = None
    chart.barLabelFormat = _bar_label
    chart.barLabels.fontName = look.body
    chart.barLabels.fontSize = 6.5 if len(labels) <= 12 else 5
    chart.barLabels.nudge = 5
    chart.barLabels.fillColor = parse_colour(look.muted)
    drawing.add(chart)
    return drawing, chart


def _bar_label(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _legend(drawing: Drawing, branding: Branding, items: list[tuple[str, str]]) -> None:
    legend = Legend()
    legend.x, legend.y = drawing.width - 2 * MM, drawing.height - 1 * MM
    legend.alignment = "right"
    legend.boxAnchor = "ne"
    legend.columnMaximum = 1
    legend.deltax = 60
    legend.dx = legend.dy = 7
    legend.fontName = branding.look.body
    legend.fontSize = 8
    legend.strokeColor = None
    legend.colorNamePairs = [(parse_colour(colour), name) for colour, name in items]
    drawing.add(legend)


def fear_chart(asks: list[Ask], branding: Branding, width: float) -> Drawing:
    """Fear before, at its peak and after, a group of three bars per ask."""
    primary = branding.look.header_fill
    return _grouped_chart(asks, branding, (width, 62 * MM), 10, [
        ("fear_before", tint(primary, 0.35), "before"),
        ("fear_peak", tint(primary, 0.65), "at its peak"),
        ("fear_after", primary, "after")])


def belief_chart(asks: list[Ask], branding: Branding, width: float) -> Drawing:
    """How strongly the feared prediction was believed before the ask and after it."""
    return _grouped_chart(asks, branding, (width, 52 * MM), 100, [
        ("belief", tint(branding.look.header_fill, 0.35), "predicted"),
        ("belief_after", branding.brand.brand.colours.accent, "re-rated after")])


def _grouped_chart(asks: list[Ask], branding: Branding, box: tuple[float, float], top: int,
                   parts: list[tuple[str, str, str]]) -> Drawing:
    """A group of bars per ask, one per (number, colour, legend word) of `parts`, on a scale
    from 0 to `top`."""
    series = [[ask.numbers.get(part) for ask in asks] for part, _, _ in parts]
    drawing, chart = _bar_chart(branding, box[0], box[1], series,
                                [ask.label for ask in asks], top)
    for index, (_, colour, _) in enumerate(parts):
        chart.bars[index].fillColor = parse_colour(colour)
    _legend(drawing, branding, [(colour, name) for _, colour, name in parts])
    _empty_mark(drawing, chart, series, branding)
    return drawing


def _empty_mark(drawing: Drawing, chart: VerticalBarChart, series: list[list[Any]],
                branding: Branding) -> None:
    """A small dash where an ask has no value at all, so a gap reads as 'not filled in'."""
    groups = len(series[0])
    step = chart.width / groups
    for index in range(groups):
        if all(values[index] is None for values in series):
            drawing.add(String(chart.x + step * (index + 0.5), chart.y + 2, "not filled in",
                               fontName=branding.look.italic, fontSize=6,
                               fillColor=parse_colour(branding.look.muted),
                               textAnchor="middle"))


def asks_table(programme: Programme, branding: Branding, width: float) -> Table:
    """A row per ask: when, which card, the answer, the fears, the belief, and what the client
    learned (with what they feared, what happened and the next step, when written)."""
    look = branding.look
    head = _style(branding, 8.5, bold=True, colour=look.header_text)
    body = _style(branding, 8.5)
    muted = _style(branding, 8, colour=look.muted)
    titles = ("Date", "Card", "Answer", "Fear", "Belief", "What I learned")
    rows: list[list[Any]] = [[Paragraph(text, head) for text in titles]]
    for ask in programme.asks:
        rows.append([
            Paragraph(branding.printable(short_date(ask.date) if ask.date else
                                         ask.date_text or "–"), body),
            Paragraph(f"<b>{branding.printable(ask.card or '?', look.bold)}</b><br/>"
                      f"{branding.printable(ask.title)}", body),
            Paragraph(branding.printable(ask.outcome or "–"), body),
            Paragraph(_three(ask.numbers, ("fear_before", "fear_peak", "fear_after")), body),
            Paragraph(_belief(ask.numbers), body),
            _words(ask, branding, body, muted),
        ])
    widths = [16 * MM, 36 * MM, 15 * MM, 17 * MM, 19 * MM]
    table = Table(rows, colWidths=[*widths, width - sum(widths)], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), look.body),
        ("BACKGROUND", (0, 0), (-1, 0), parse_colour(look.header_fill)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [parse_colour("#FFFFFF"),
                                              parse_colour(look.stripe)]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, parse_colour(look.grid)),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * MM),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * MM),
    ]))
    return table


def _three(numbers: dict[str, int], parts: tuple[str, ...]) -> str:
    return " / ".join(str(numbers[part]) if part in numbers else "–" for part in parts)


def _belief(numbers: dict[str, int]) -> str:
    before, after = numbers.get("belief"), numbers.get("belief_after")
    if before is None and after is None:
        return "–"
    return f"{'–' if before is None else f'{before}%'} / {'–' if after is None else f'{after}%'}"


def _words(ask: Ask, branding: Branding, body: Any, muted: Any) -> list[Flowable]:
    learned = ask.texts.get("learned")
    flowables: list[Flowable] = [Paragraph(
        f"“{branding.printable(learned)}”" if learned else "<i>not written</i>", body)]
    for part, said in (("prediction", "feared"), ("happened", "happened"), ("next", "next")):
        if ask.texts.get(part):
            flowables.append(Paragraph(f"{said}: {branding.printable(ask.texts[part])}", muted))
    return flowables


DEBRIEF = (("surprised", "What surprised me"), ("predicted", "What I predicted wrongly"),
           ("proud", "The ask I am proudest of"), ("next_rung", "My next rung"),
           ("questions", "Questions for the coach"))


def _debrief(programme: Programme, branding: Branding) -> list[Flowable]:
    written = [(title, programme.debrief[part]) for part, title in DEBRIEF
               if programme.debrief.get(part)]
    if not written:
        return []
    body = _style(branding, 9)
    flowables: list[Flowable] = [_heading(branding, "From the debrief")]
    for title, text in written:
        flowables.append(Paragraph(f"<b>{branding.printable(title, branding.look.bold)}:</b> "
                                   f"{branding.printable(text)}", body))
    return flowables


def _missing(programme: Programme, branding: Branding) -> list[Flowable]:
    if not programme.notes:
        return []
    note = _style(branding, 8.5, colour=branding.look.muted, spaceAfter=1)
    return [_heading(branding, "Not filled in, or not read"),
            *(Paragraph(branding.printable(text), note) for text in programme.notes)]


def _page_painter(programme: Programme, branding: Branding) -> Callable[[Canvas, Any], None]:
    def paint(canvas: Canvas, document: Any) -> None:
        canvas.saveState()
        _header(canvas, programme, branding, document.pagesize)
        _footer(canvas, programme, branding, document.pagesize)
        canvas.restoreState()

    return paint


def _header(canvas: Canvas, programme: Programme, branding: Branding,
            paper: tuple[float, float]) -> None:
    look, identity = branding.look, programme.identity
    width, height = paper
    top = height - MARGIN
    x = MARGIN
    if branding.brand.logo is not None:
        x += _logo(canvas, branding, branding.brand.logo, MARGIN, top - LOGO[1]) + 5 * MM
    canvas.setFillColor(parse_colour(look.accent))
    canvas.setFont(look.heading, 17)
    canvas.drawString(x, top - 7 * MM, "Progress report")
    canvas.setFillColor(parse_colour(look.ink))
    canvas.setFont(look.bold, 10.5)
    who = identity.client or "A client"
    canvas.drawString(x, top - 12.5 * MM, _plain(branding, who, look.bold))
    canvas.setFillColor(parse_colour(look.muted))
    canvas.setFont(look.body, 9)
    canvas.drawString(x + canvas.stringWidth(who, look.bold, 10.5) + 3 * MM, top - 12.5 * MM,
                      _plain(branding, f"{identity.deck}", look.body))
    span = programme.first_and_last
    if span:
        first, last = span
        canvas.drawRightString(width - MARGIN, top - 7 * MM,
                               f"{short_date(first)} – {short_date(last)}, {last.year}")
    canvas.drawRightString(width - MARGIN, top - 12.5 * MM,
                           f"{len(programme.sheets)} filled worksheet"
                           f"{'s' if len(programme.sheets) > 1 else ''}")
    canvas.setStrokeColor(parse_colour(branding.brand.brand.colours.accent))
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, top - 18 * MM, width - MARGIN, top - 18 * MM)


def _plain(branding: Branding, text: str, font: str) -> str:
    return html.unescape(branding.printable(text, font))


def _footer(canvas: Canvas, programme: Programme, branding: Branding,
            paper: tuple[float, float]) -> None:
    look, coach = branding.look, branding.brand.brand.coach
    width, _ = paper
    canvas.setStrokeColor(parse_colour(look.grid))
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, MARGIN + 8 * MM, width - MARGIN, MARGIN + 8 * MM)
    canvas.setFillColor(parse_colour(look.muted))
    canvas.setFont(look.body, 8)
    reach = " · ".join(part for part in (coach.name, coach.business, coach.email, coach.phone)
                       if part)
    canvas.drawString(MARGIN, MARGIN + 3.5 * MM, _plain(branding, reach, look.body))


def _logo(canvas: Canvas, branding: Branding, path: Path, x: float, y: float) -> float:
    """The logo in its box, left and vertically centred; its drawn width."""
    from reportlab.graphics import renderPDF

    assets = Assets(text_font=branding.look.body, fonts=branding.fonts)
    natural = assets.size(path)
    scale = min(LOGO[0] / natural[0], LOGO[1] / natural[1])
    w, h = natural[0] * scale, natural[1] * scale
    bottom = y + (LOGO[1] - h) / 2
    if is_svg(path):
        canvas.saveState()
        canvas.translate(x, bottom)
        canvas.scale(scale, scale)
        renderPDF.draw(assets.vector(path).drawing, canvas, 0, 0)
        canvas.restoreState()
    else:
        reader = assets.raster(path).reader
        assert reader is not None
        canvas.drawImage(reader, x, bottom, w, h, mask="auto")
    return float(w)


def _counting_canvas(branding: Branding) -> Callable[..., Canvas]:
    """A canvas that writes "page n of m" on every page once the count is known."""
    look = branding.look

    class Counting(Canvas):  # type: ignore[misc]  # ReportLab publishes no types
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self.pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self.pages)
            for state in self.pages:
                self.__dict__.update(state)
                self.setFillColor(parse_colour(look.muted))
                self.setFont(look.body, 8)
                self.drawRightString(self._pagesize[0] - MARGIN, MARGIN + 3.5 * MM,
                                     f"page {self._pageNumber} of {count}")
                super().showPage()
            super().save()

    return Counting
