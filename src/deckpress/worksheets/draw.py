"""Flow markup to platypus flowables: write-in lines, tick-box scales, tables, a day calendar.

Every place a client writes or ticks is drawn the same with or without `fillable`; when it is
on, an invisible AcroForm field is laid over the drawing, so the printed look never changes.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable, _listWrapOn

from ..colours import legible, muted_on, parse_colour, readable_on, tint
from ..errors import DeckError, Where
from ..layout.attributes import MarkupError
from ..render.fonts import FontBook
from ..render.textfit import SHRINK_STEP
from ..reportlab_internals import overflows_width
from ..units import MM
from .dates import day_names
from .flow import MIN_LINE_GAP, Node

BOX = 5.2 * MM  # a tick box a pen can hit
MIN_WRITE = 8 * MM  # the least room to write a count in
DATE_SIZE = 7.5  # pt, the weekday and date in a tracker's day box
LABEL_SIZE = 9.5
MIN_CELL_SIZE = 7.0  # pt: the smallest a table cell's text is set to keep its words whole
FIELD_FONT = "Helvetica"  # typed text: a standard font every viewer has (docs/worksheets.md)
FIELD_SIZE = 11  # pt, typed text
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Look:
    """Fonts and colours of one brand, as worksheets use them."""

    body: str
    bold: str
    italic: str
    heading: str
    ink: str
    muted: str
    accent: str  # headings and the sheet title
    header_fill: str  # table header rows
    header_text: str
    stripe: str
    rule: str  # write-in lines, box outlines
    grid: str  # table rules
    fillable: bool

    @classmethod
    def of(cls, fonts: FontBook, body_family: str, heading_family: str, primary: str,
           fillable: bool) -> Look:
        body = fonts.family(body_family)
        heading = fonts.family(heading_family)
        ink = "#1F2328"
        header_fill = legible(primary, "#FFFFFF", 4.5)
        return cls(
            body=body.face(), bold=body.face(bold=True), italic=body.face(italic=True),
            heading=heading.face(bold=True), ink=ink, muted=muted_on("#FFFFFF"),
            accent=legible(primary), header_fill=header_fill,
            header_text=readable_on(header_fill), stripe=tint(primary, 0.06),
            rule="#8C949C", grid="#C3C8CE", fillable=fillable,
        )

    def style(self, font: str, size: float, colour: str, align: int = TA_LEFT,
              leading: float = 1.3, space: tuple[float, float] = (0, 0)) -> ParagraphStyle:
        """A paragraph style; `leading` is a multiple of the size, `space` the room before and
        after the paragraph."""
        before, after = space
        return ParagraphStyle(f"{font}-{size:g}", fontName=font, fontSize=size,
                              leading=size * leading, textColor=parse_colour(colour),
                              alignment=align, spaceBefore=before, spaceAfter=after)


def plain_text(markup: str) -> str:
    """The characters inline markup prints, for the glyph check."""
    return html.unescape(_TAG.sub("", markup))


def _colour(value: str) -> Color:
    return parse_colour(value)


@dataclass(frozen=True)
class FormFields:
    """Fillable fields laid over what is drawn, invisible themselves (no border, no fill), so
    the printed page looks the same with or without them. Positions are relative to the
    flowable being drawn."""

    canvas: Canvas
    look: Look

    def text(self, name: str, tooltip: str, box: tuple[float, float, float, float],
             multiline: bool = False) -> None:
        """A text field in `box` (x, y, width, height); `multiline` for an answer over several
        ruled lines, which the viewer wraps from line to line as the client types."""
        x, y, width, height = box
        self.canvas.acroForm.textfield(
            name=name, tooltip=tooltip or name, x=x, y=y, width=width, height=height,
            relative=True, borderWidth=0, borderColor=None, fillColor=None,
            textColor=_colour(self.look.ink), fontName=FIELD_FONT, fontSize=FIELD_SIZE,
            maxlen=0, fieldFlags="multiline" if multiline else "", annotationFlags="print",
        )

    def check(self, name: str, tooltip: str, x: float, y: float, size: float) -> None:
        self.canvas.acroForm.checkbox(
            name=name, tooltip=tooltip or name, x=x, y=y, size=size, relative=True,
            buttonStyle="check", borderWidth=0, borderColor=None, fillColor=None,
            textColor=_colour(self.look.ink), fieldFlags="", annotationFlags="print",
        )

    def radio(self, group: str, value: str, tooltip: str, x: float, y: float,
              size: float) -> None:
        """One box of a one-answer scale: ticking it clears the others in `group`, as a paper
        answer would; tapping it again clears it."""
        self.canvas.acroForm.radio(
            name=group, value=value, tooltip=tooltip or group, x=x, y=y, size=size,
            relative=True, buttonStyle="check", shape="square", borderWidth=0, borderColor=None,
            fillColor=None, textColor=_colour(self.look.ink), fieldFlags="radio",
            annotationFlags="print",
        )


class MeasuringCanvas(Canvas):
    """A canvas for a layout that is only measured (`deckpress check`): platypus wraps, splits
    and places every flowable as for the PDF, but what would paint the page or write the file
    does nothing (measuring text, stringWidth, still works)."""

    def _nothing(self, *args: Any, **kwargs: Any) -> None:
        """Painting and saving: nothing to do when only the layout matters."""

    setFont = setFillColor = setStrokeColor = setLineWidth = _nothing
    drawText = drawString = drawRightString = drawCentredString = _nothing
    line = lines = rect = roundRect = circle = ellipse = drawPath = _nothing
    drawImage = drawInlineImage = doForm = save = _nothing


class Measurable(Flowable):
    """A flowable of the worksheets' own: on a canvas that only measures, it is placed and not
    drawn (its size is all a measured layout needs)."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if not isinstance(canvas, MeasuringCanvas):
            super().drawOn(canvas, x, y, _sW)


def _draw_box(canvas: Canvas, look: Look, x: float, y: float, size: float) -> None:
    canvas.setStrokeColor(_colour(look.rule))
    canvas.setLineWidth(0.8)
    canvas.roundRect(x, y, size, size, 0.8 * MM, stroke=1, fill=0)


class WriteLines(Measurable):
    """A label and ruled lines to write on, `spacing` apart."""

    TOP = 3 * MM  # air between the label and whatever is above

    def __init__(self, look: Look, name: str, label: str, count: int, spacing: float):
        super().__init__()
        self.look, self.name, self.count = look, name, count
        self.spacing = max(spacing, MIN_LINE_GAP)
        self.label = Paragraph(label, look.style(look.bold, LABEL_SIZE, look.ink)) \
            if label else None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.label_height = self.label.wrap(available_width, available_height)[1] if \
            self.label else 0
        self.height = self.TOP + self.label_height + self.count * self.spacing + 1.5 * MM
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height - self.TOP - self.label_height
        if self.label:
            self.label.drawOn(canvas, 0, top)
        canvas.setStrokeColor(_colour(self.look.rule))
        canvas.setLineWidth(0.6)
        for index in range(1, self.count + 1):
            y = top - index * self.spacing
            canvas.line(0, y, self.width, y)
        if self.look.fillable:  # one field over every line: the answer wraps as it is typed
            bottom = top - self.count * self.spacing + 0.4
            FormFields(canvas, self.look).text(
                self.name, plain_text(self.label.text if self.label else ""),
                (0, bottom, self.width, self.count * self.spacing - 1.5 * MM),
                multiline=self.count > 1)


class RoomLines(Measurable):
    """Write-in lines over the room left at the foot of a page where what follows moves on to
    the next page (or the sheet ends there), so no page of a paid kit is left half empty.
    Where what follows fits, at the top of a page, or with less than `least` left, it takes
    no room at all. `following` is set by Flow.blocks."""

    def __init__(self, look: Look, name: str, label: str, spacing: float, least: float):
        super().__init__()
        self.look, self.name, self.label = look, name, label
        self.spacing, self.least = spacing, least
        self.following: Flowable | None = None
        self.lines: WriteLines | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height, self.lines = available_width, 0.0, None
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if at_top or available_height < self.least or \
                self.following_fits(available_width, available_height):
            return self.width, self.height
        one = WriteLines(self.look, self.name, self.label, 1, self.spacing)
        one.wrap(available_width, available_height)
        count = int((available_height - one.height) // one.spacing) + 1
        self.lines = WriteLines(self.look, self.name, self.label, count, self.spacing)
        self.lines.wrap(available_width, available_height)
        self.height = available_height  # all of it: what follows starts the next page
        return self.width, self.height

    def following_fits(self, available_width: float, available_height: float) -> bool:
        """Whether what follows (a kept-together block: all of it) fits in the room left."""
        if self.following is None:
            return False
        content = self.following._content if isinstance(self.following, KeepTogether) \
            else [self.following]
        height = _listWrapOn(content, available_width, getattr(self, "canv", None))[1]
        return bool(height + content[0].getSpaceBefore() <= available_height) if content \
            else True

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Nothing at all in the page's drawing where it takes no room."""
        if self.lines is not None:
            super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        if self.lines is not None:
            self.lines.drawOn(self.canv, 0, self.height - self.lines.height)


class FullWidthRow(Measurable):
    """A flowable as wide as the frame and `HEIGHT` tall, whatever it holds."""

    HEIGHT = 10 * MM

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.HEIGHT
        return self.width, self.height


class FieldRow(FullWidthRow):
    """Labelled single write-in lines side by side: Date ____  Who / where ________."""

    HEIGHT = 10 * MM
    GAP = 5 * MM

    def __init__(self, look: Look, fields: list[Node]):
        super().__init__()
        self.look = look
        self.fields = fields

    def draw(self) -> None:
        canvas, look = self.canv, self.look
        total = sum(node["width"] for node in self.fields)
        room = self.width - self.GAP * (len(self.fields) - 1)
        x = 0.0
        baseline = 2.0 * MM
        for node in self.fields:
            width = room * node["width"] / total
            label = node["label"]
            label_width = 0.0
            if label:
                canvas.setFillColor(_colour(look.ink))
                canvas.setFont(look.bold, LABEL_SIZE)
                canvas.drawString(x, baseline, label)
                label_width = canvas.stringWidth(label, look.bold, LABEL_SIZE) + 2 * MM
            line_x = x + label_width
            canvas.setStrokeColor(_colour(look.rule))
            canvas.setLineWidth(0.6)
            canvas.line(line_x, 0.8 * MM, x + width, 0.8 * MM)
            if node["value"] is not None:
                canvas.setFont(look.body, 10.5)
                canvas.drawString(line_x + 1 * MM, baseline, node["value"])
            elif look.fillable:
                FormFields(canvas, look).text(node["name"], label, (
                    line_x, 0.8 * MM + 0.4, x + width - line_x, self.HEIGHT - 2.5 * MM))
            x += width + self.GAP


def _label_column(width: float) -> float:
    return min(56 * MM, width * 0.32)


class TickScale(Measurable):
    """A rating as a row of numbered tick boxes, with words for the two ends. The label is
    left of the boxes, or above them where the column is too narrow for both (a log block's
    column of ratings)."""

    GAP = 1.9 * MM
    NUMBERS = 5.5 * MM  # room for the numbers over the boxes
    STACKED_NUMBERS = 5.2 * MM  # the same under a label

    def __init__(self, look: Look, name: str, label: str, numbers: list[int],
                 words: tuple[str, str, str], numbered: bool = True):
        """`words`: the unit after the boxes, and the words for the first and the last
        number (any may be empty); `numbered` False leaves the numbers out (a scale right
        under one with the same numbers)."""
        super().__init__()
        self.look, self.name, self.label, self.numbers = look, name, label, numbers
        (self.suffix, self.low, self.high), self.numbered = words, numbered
        self.label_paragraph = Paragraph(label, look.style(look.bold, LABEL_SIZE,
                                                           look.ink)) if label else None
        ends = [f"{numbers[0]} = {self.low}" if self.low else "",
                f"{numbers[-1]} = {self.high}" if self.high else ""]
        self.ends = " · ".join(end for end in ends if end)
        self.ends_paragraph = Paragraph(html.escape(self.ends), look.style(
            look.italic, 9, look.muted, leading=1.25)) if self.ends else None
        self.ends_beside = False  # the ends on the label's line, right-aligned

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.suffix_width = stringWidth(self.suffix, self.look.body, 10) + 3 * MM \
            if self.suffix else 0
        row = self.boxes_width() + self.suffix_width
        if row > available_width:
            raise DeckError(f"the {len(self.numbers)} boxes of the scale "
                            f"'{plain_text(self.label)}' need {row / MM:.0f} mm, more than the "
                            f"{available_width / MM:.0f} mm of their place on the worksheet",
                            None, "in a template of your own, use a larger step= or give the "
                            "scale a wider column")
        beside = _label_column(available_width) if self.label else 0
        self.stacked = bool(self.label) and beside + row > available_width
        if self.stacked:
            return self._wrap_stacked(available_width, available_height)
        numbers = self.NUMBERS if self.numbered else 1 * MM
        self.label_width = beside
        self.label_height = self.label_paragraph.wrap(beside - 2 * MM, available_height)[1] \
            if self.label_paragraph is not None else 0.0
        self.box_y = 2 * MM
        self.height = max(BOX + numbers, self.label_height + 1 * MM) + 3 * MM
        return self.width, self.height

    def _wrap_stacked(self, available_width: float,
                      available_height: float) -> tuple[float, float]:
        """Label above the boxes; the words for the ends on the label's line, right-aligned,
        where they fit there, else under the boxes."""
        assert self.label_paragraph is not None
        self.label_width = 0
        self.label_height = self.label_paragraph.wrap(available_width, available_height)[1]
        one_line = len(self.label_paragraph.blPara.lines) == 1
        self.ends_beside = one_line and bool(self.ends) and (
            stringWidth(plain_text(self.label), self.look.bold, LABEL_SIZE) + 4 * MM +
            stringWidth(self.ends, self.look.italic, 9) <= available_width)
        self.ends_height = self.ends_paragraph.wrap(available_width, available_height)[1] + \
            0.5 * MM if self.ends_paragraph is not None and not self.ends_beside else 0.0
        self.box_y = 1.5 * MM + self.ends_height
        numbers = self.STACKED_NUMBERS if self.numbered else 1.2 * MM
        self.height = self.box_y + BOX + numbers + self.label_height
        return self.width, self.height

    def boxes_width(self) -> float:
        return len(self.numbers) * BOX + (len(self.numbers) - 1) * self.GAP

    def draw(self) -> None:
        canvas, look = self.canv, self.look
        box_y = self.box_y
        if self.label_paragraph and self.stacked:
            self.label_paragraph.drawOn(canvas, 0, self.height - self.label_height)
        elif self.label_paragraph:
            self.label_paragraph.drawOn(canvas, 0, box_y + BOX - self.label_height + 0.6 * MM)
        self.draw_boxes()
        ends_x = self.label_width + self.boxes_width() + 3 * MM
        if self.suffix:
            canvas.setFillColor(_colour(look.muted))
            canvas.setFont(look.body, 10)
            canvas.drawString(ends_x, box_y + 1.5 * MM, self.suffix)
            ends_x += self.suffix_width
        self.draw_ends(ends_x)

    def draw_boxes(self) -> None:
        """The boxes, numbered if so, each a button of the scale's radio group if fillable."""
        canvas, look, box_y = self.canv, self.look, self.box_y
        for index, number in enumerate(self.numbers):
            x = self.label_width + index * (BOX + self.GAP)
            _draw_box(canvas, look, x, box_y, BOX)
            if self.numbered:
                canvas.setFillColor(_colour(look.muted))
                canvas.setFont(look.body, 9)
                canvas.drawCentredString(x + BOX / 2, box_y + BOX + 1.5 * MM, str(number))
            if look.fillable:
                FormFields(canvas, look).radio(self.name, str(number),
                       f"{plain_text(self.label)}: {number}{self.suffix}", x, box_y, BOX)

    def draw_ends(self, ends_x: float) -> None:
        """The words for the two ends: on the label's line or under the boxes of a scale
        under its label, else right of the boxes where there is room."""
        canvas, look = self.canv, self.look
        if self.ends_beside:
            canvas.setFillColor(_colour(look.muted))
            canvas.setFont(look.italic, 9)
            canvas.drawRightString(self.width, self.height - LABEL_SIZE, self.ends)
        elif self.stacked and self.ends_paragraph is not None:
            self.ends_paragraph.drawOn(canvas, 0, 1 * MM)
        elif (self.low or self.high) and ends_x + 25 * MM <= self.width:
            canvas.setFillColor(_colour(look.muted))
            canvas.setFont(look.italic, 9)
            first, last = self.numbers[0], self.numbers[-1]
            if self.low:
                canvas.drawString(ends_x, self.box_y + BOX + 1.5 * MM, f"{first} = {self.low}")
            if self.high:
                canvas.drawString(ends_x, self.box_y + 1.5 * MM, f"{last} = {self.high}")


class Choices(Measurable):
    """A label and a tick box per option: in one row beside the label, or under it, in as
    many rows as the options need, where the row is too narrow for them all."""

    HEIGHT = 11 * MM  # of one row beside its label
    ROW = BOX + 2.5 * MM  # a row of options under the label
    GAP = 7 * MM  # between one option and the next box, in a row beside the label
    ROW_GAP = 4 * MM  # the same in rows under the label

    def __init__(self, look: Look, name: str, label: str, options: tuple[str, ...]):
        super().__init__()
        self.look, self.name, self.label, self.options = look, name, label, options
        self.label_paragraph = Paragraph(label, look.style(look.bold, LABEL_SIZE, look.ink)) \
            if label else None

    def option_width(self, option: str) -> float:
        return float(BOX + 2 * MM + stringWidth(option, self.look.body, 10))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The rows of options; an error when one of them is wider than the row."""
        self.width = available_width
        look = self.look
        start = max(_label_column(available_width),
                    stringWidth(self.label, look.bold, LABEL_SIZE) + 4 * MM) if self.label else 0
        widths = [self.option_width(option) for option in self.options]
        if start + sum(widths) + self.GAP * (len(widths) - 1) <= available_width:
            self.start, self.rows, self.label_height = start, [list(self.options)], 0.0
            self.gap, self.height = self.GAP, self.HEIGHT
            return self.width, self.height
        widest = max(widths)
        if widest > available_width:
            raise DeckError(
                f"the answers to tick after '{self.label}' ({', '.join(self.options)}) run "
                f"{(widest - available_width) / MM:.0f} mm past the edge of their place on "
                "the worksheet", None,
                "shorten them (on the challenge log they are the labels log_answer_yes, "
                "log_answer_no, log_answer_no_reply and log_answer_other), or use fewer")
        self.start, self.gap, self.rows = 0.0, self.ROW_GAP, self._rows(available_width)
        self.label_height = self.label_paragraph.wrap(available_width, available_height)[1] + \
            1 * MM if self.label_paragraph is not None else 0.0
        self.height = self.label_height + len(self.rows) * self.ROW + 1 * MM
        return self.width, self.height

    def _rows(self, width: float) -> list[list[str]]:
        """The options in rows no wider than `width`, in their order."""
        rows: list[list[str]] = [[]]
        used = 0.0
        for option in self.options:
            needed = self.option_width(option) + (self.ROW_GAP if rows[-1] else 0)
            if rows[-1] and used + needed > width:
                rows.append([])
                used, needed = 0.0, self.option_width(option)
            rows[-1].append(option)
            used += needed
        return rows

    def draw(self) -> None:
        canvas, look = self.canv, self.look
        box_y = 2 * MM if len(self.rows) == 1 and not self.label_height else \
            1 * MM + (len(self.rows) - 1) * self.ROW
        if self.label_height and self.label_paragraph is not None:
            self.label_paragraph.drawOn(canvas, 0, self.height - self.label_height + 1 * MM)
        elif self.label:
            canvas.setFillColor(_colour(look.ink))
            canvas.setFont(look.bold, LABEL_SIZE)
            canvas.drawString(0, box_y + (BOX - LABEL_SIZE * 0.7) / 2, self.label)
        index = 0
        for row in self.rows:
            x = self.start
            text_y = box_y + (BOX - LABEL_SIZE * 0.7) / 2
            for option in row:
                index += 1
                _draw_box(canvas, look, x, box_y, BOX)
                if look.fillable:
                    FormFields(canvas, look).radio(self.name, str(index),
                                                   f"{self.label}: {option}", x, box_y, BOX)
                canvas.setFillColor(_colour(look.ink))
                canvas.setFont(look.body, 10)
                canvas.drawString(x + BOX + 2 * MM, text_y, option)
                x += self.option_width(option) + self.gap
            box_y -= self.ROW


class CellText(Measurable, Paragraph):
    """Text in a table cell. A word wider than its column is not broken inside at once
    (ReportLab would split it anywhere, "Tatsächlic-he"): the cell's text is set smaller, down
    to MIN_CELL_SIZE. A heading word too wide even then is an error naming it; a word of the
    deck's (a long card id) is then split at its full size, as it must be printed whole."""

    def __init__(self, text: str, style: ParagraphStyle, sheet: str, heading: bool):
        self.full_style = style.clone(style.name, splitLongWords=0)
        self.sheet, self.heading = sheet, heading  # its kind, for the message
        super().__init__(text, self.full_style)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        while True:
            size = self.style.fontSize
            width, height = super().wrap(available_width, available_height)
            if not overflows_width(self):
                return width, height
            if size - SHRINK_STEP < MIN_CELL_SIZE and not self.heading:
                Paragraph.__init__(self, self.text, self.full_style.clone(
                    self.full_style.name, splitLongWords=1))
                width, height = super().wrap(available_width, available_height)
                return width, height
            if size - SHRINK_STEP < MIN_CELL_SIZE:
                raise DeckError(
                    f"the word '{_widest_word(self.text, self.style)}' does not fit in its "
                    f"column of the {self.sheet} sheet's table ({available_width / MM:.0f} mm "
                    f"of room), even at {MIN_CELL_SIZE:g} pt",
                    None, "shorten the heading or text of that column (a label, if it is one "
                    "of the worksheet's own words: see docs/labels.md)")
            size -= SHRINK_STEP
            ratio = self.full_style.leading / self.full_style.fontSize
            Paragraph.__init__(self, self.text, self.full_style.clone(
                self.full_style.name, fontSize=size, leading=size * ratio))


def _widest_word(markup: str, style: ParagraphStyle) -> str:
    return max(plain_text(markup).split() or [""],
               key=lambda word: stringWidth(word, style.fontName, style.fontSize))


class CellContent(Measurable):
    """What a table cell holds, at least `min_height` tall and vertically centred; a write-in
    or tick-box cell lays its field over the cell."""

    def __init__(self, look: Look, paragraph: Paragraph | None, min_height: float,
                 write: str | None = None, tick: str | None = None, centred: bool = False):
        super().__init__()
        self.look, self.paragraph, self.min_height = look, paragraph, min_height
        self.write, self.tick, self.centred = write, tick, centred
        self.tooltip = write or tick or ""  # the field's name

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.text_height = self.paragraph.wrap(available_width, available_height)[1] if \
            self.paragraph else 0
        self.height = max(self.min_height, self.text_height)
        if self.tick:
            self.height = max(self.height, BOX)
        return self.width, self.height

    def draw(self) -> None:
        canvas, look = self.canv, self.look
        if self.paragraph:
            self.paragraph.drawOn(canvas, 0, (self.height - self.text_height) / 2)
        if self.tick:
            x = (self.width - BOX) / 2 if self.centred else 0
            y = (self.height - BOX) / 2
            _draw_box(canvas, look, x, y, BOX)
            if look.fillable:
                FormFields(canvas, look).check(self.tick, self.tooltip, x, y, BOX)
        if self.write and look.fillable:
            FormFields(canvas, look).text(self.write, self.tooltip,
                                          (0, 0, self.width, self.height))


@dataclass(frozen=True)
class DayWords:
    """The words in each day's box of the tracker (labels tracker_asks and tracker_noes), and
    what a form-filling app calls its fields (tracker_day: "Day {day}: {what}", with
    tracker_asked for the tick box)."""

    asks: str
    noes: str
    day: str
    asked: str
    where: Where | None = None  # where the words in the box were set, if not by default
    start: datetime.date | None = None  # the client's start date: day 1, if given
    language: str = "en"  # of the dates printed under the day numbers
    date_word: str = "Date"  # what a form-filling app calls a day's date line (no start date)

    def field(self, day: int, what: str) -> str:
        return self.day.format(day=day, what=what)

    def date(self, day: int, font: str, room: float) -> str:
        """The weekday and date of the `day`th day, in the first form that fits `room` at
        DATE_SIZE (the last form, in figures, in any case); none without a start date."""
        if self.start is None:
            return ""
        forms = day_names(self.start, day, self.language)
        return next((form for form in forms if stringWidth(form, font, DATE_SIZE) <= room),
                    forms[-1])

    def line_start(self, look: Look) -> float:
        """Where the write-in lines start: 1.5 mm after "no’s" as ever, and never less than
        0.5 mm after either word."""
        width = partial(stringWidth, fontName=look.body, fontSize=9)
        return float(max(width(self.noes) + 1.5 * MM, width(self.asks) + 0.5 * MM))

    def too_long(self, room: float) -> DeckError:
        return DeckError(
            f"the words in the tracker's day boxes ('{self.asks}', '{self.noes}') leave no room "
            f"to write in a box {room / MM:.0f} mm wide", self.where,
            "shorten the labels tracker_asks and tracker_noes: a short form will do")


class DayCell(FullWidthRow):
    """One day of the tracker: its number, a big box to tick, and counts to write in."""

    HEIGHT = 24 * MM
    TICK = 6.5 * MM  # the day's tick box

    def __init__(self, look: Look, name: str, day: int, words: DayWords):
        super().__init__()
        self.look, self.name, self.day, self.words = look, name, day, words

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.words.line_start(self.look) > available_width - MIN_WRITE:
            raise self.words.too_long(available_width)
        return super().wrap(available_width, available_height)

    def draw(self) -> None:
        canvas, look = self.canv, self.look
        size = self.TICK
        top = self.height
        canvas.setFillColor(_colour(look.accent))
        canvas.setFont(look.heading, 13)
        canvas.drawString(0, top - 5 * MM, str(self.day))
        date = self.words.date(self.day, look.body, self.width)
        if date:  # under the day's number and its tick box, above the write-in lines
            canvas.setFillColor(_colour(look.muted))
            canvas.setFont(look.body, DATE_SIZE)
            canvas.drawString(0, top - 9.2 * MM, date)
        else:  # no start date: a line to write the day's date on
            self.date_line(top - 10.6 * MM)
        box_x = self.width - size
        _draw_box(canvas, look, box_x, top - size, size)
        words = self.words
        if look.fillable:
            FormFields(canvas, look).check(f"{self.name}.{self.day}",
                                           words.field(self.day, words.asked),
                                           box_x, top - size, size)
        canvas.setFont(look.body, 9)
        for row, (part, word) in enumerate((("asks", words.asks), ("noes", words.noes))):
            y = 0.5 * MM + (1 - row) * MIN_LINE_GAP
            canvas.setFillColor(_colour(look.muted))
            canvas.drawString(0, y + 1.2 * MM, word)
            start = words.line_start(look)
            canvas.setStrokeColor(_colour(look.rule))
            canvas.setLineWidth(0.6)
            canvas.line(start, y, self.width, y)
            if look.fillable:
                FormFields(canvas, look).text(f"{self.name}.{self.day}.{part}",
                                              words.field(self.day, word),
                                              (start, y + 0.4, self.width - start,
                                               MIN_LINE_GAP - 2 * MM))

    def date_line(self, y: float) -> None:
        canvas, look, words = self.canv, self.look, self.words
        canvas.setStrokeColor(_colour(look.rule))
        canvas.setLineWidth(0.6)
        canvas.line(0, y, self.width, y)
        if look.fillable:
            FormFields(canvas, look).text(  # clear of the tick box above the line's end
                f"{self.name}.{self.day}.date", words.field(self.day, words.date_word),
                (0, y + 0.4, self.width - self.TICK - 1 * MM, 4.6 * MM))


@dataclass
class Flow:
    """Turns parsed nodes into flowables; `prefix` keeps field names unique per sheet."""

    look: Look
    prefix: str
    check_text: Callable[[str, Node], None]  # raises for characters the font lacks
    day_words: DayWords  # the tracker's calendar prints them in every day's box

    def name(self, name: str) -> str:
        return f"{self.prefix}.{name}"

    def blocks(self, nodes: tuple[Node, ...]) -> list[Flowable]:
        flowables: list[Flowable] = []
        for node in nodes:
            flowables += self.block(node)
        for index, flowable in enumerate(flowables):  # <notes> look at what follows them
            if isinstance(flowable, RoomLines):
                flowable.following = flowables[index + 1] if index + 1 < len(flowables) \
                    else None
        return flowables

    def block(self, node: Node) -> list[Flowable]:
        for text in _texts(node):
            self.check_text(text, node)
        build = self.builders.get(node.kind)
        if build is None:  # the parser admits only the blocks below
            raise MarkupError(f"<{node.kind}> cannot stand here", node.line)
        return build(node)

    @cached_property
    def builders(self) -> dict[str, Callable[[Node], list[Flowable]]]:
        """The flowables for each kind of block."""
        return {"heading": self._heading, "paragraph": self._paragraph, "lines": self._lines,
                "fields": self._fields, "scale": self._scale, "choices": self._choices,
                "table": self._table, "calendar": self._calendar, "block": self._block,
                "columns": self._columns, "rule": self._rule, "space": self._space,
                "pagebreak": self._pagebreak, "notes": self._notes}

    def _heading(self, node: Node) -> list[Flowable]:
        look = self.look
        if node["level"] == 1:
            style = look.style(look.heading, 14, look.accent, leading=1.2,
                               space=(4 * MM, 2 * MM))
        else:
            style = look.style(look.heading, 12.5, look.accent, leading=1.2,
                               space=(5 * MM, 1.5 * MM))
        return [Paragraph(node.text, style)]

    def _paragraph(self, node: Node) -> list[Flowable]:
        look = self.look
        note = node["style"] == "note"
        align = TA_CENTER if node["align"] == "center" else TA_LEFT
        style = look.style(look.italic if note else look.body, node["size"],
                           look.muted if note else look.ink, align, leading=1.35,
                           space=(0, 2 * MM))
        return [Paragraph(node.text, style)]

    def _notes(self, node: Node) -> list[Flowable]:
        return [RoomLines(self.look, self.name(node["name"]), node["label"], node["spacing"],
                          node["least"])]

    def _lines(self, node: Node) -> list[Flowable]:
        return [WriteLines(self.look, self.name(node["name"]), node["label"], node["count"],
                           node["spacing"])]

    def _fields(self, node: Node) -> list[Flowable]:
        fields = [_renamed(child, self.name(child["name"])) for child in node.children]
        return [FieldRow(self.look, fields)]

    def _scale(self, node: Node) -> list[Flowable]:
        numbers = list(range(node["from"], node["to"] + 1, node["step"]))
        return [TickScale(self.look, self.name(node["name"]), node["label"], numbers,
                          (node["suffix"], node["low"], node["high"]), node["numbers"])]

    def _choices(self, node: Node) -> list[Flowable]:
        return [Choices(self.look, self.name(node["name"]), node["label"], node["options"])]

    def _block(self, node: Node) -> list[Flowable]:
        return [KeepTogether(self.blocks(node.children))]

    def _columns(self, node: Node) -> list[Flowable]:
        """Columns side by side, each a column of blocks, kept on one page together."""
        widths, gap = node["widths"], node["gap"]
        if len(node.children) != len(widths):
            raise MarkupError(f"these <columns> hold {len(node.children)} <column> elements "
                              f"but give {len(widths)} widths", node.line,
                              "give one width per <column>")
        last = len(widths) - 1
        cells = [self.blocks(column.children) for column in node.children]
        table = Table([cells], hAlign="LEFT", colWidths=[
            "*" if width is None else width + (gap if index < last else 0)
            for index, width in enumerate(widths)])
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), self.look.body),  # else the table selects Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
        if last:  # the gap is inside each column but the last
            commands.append(("RIGHTPADDING", (0, 0), (last - 1, 0), gap))
        table.setStyle(TableStyle(commands))
        return [table]

    def _rule(self, node: Node) -> list[Flowable]:
        return [HRFlowable(width="100%", thickness=0.6, color=_colour(self.look.grid),
                           spaceBefore=3 * MM, spaceAfter=3 * MM)]

    def _space(self, node: Node) -> list[Flowable]:
        return [Spacer(0, node["h"])]

    def _pagebreak(self, node: Node) -> list[Flowable]:
        return [PageBreak()]

    def _table(self, node: Node) -> list[Flowable]:
        look = self.look
        header_rows = _header_rows(node)
        table = Table(self._cells(node), colWidths=_column_widths(node["widths"]),
                      repeatRows=header_rows, hAlign="LEFT")
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), look.body),  # else empty cells select Helvetica
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2 * MM),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2 * MM),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5 * MM),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * MM),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, _colour(look.grid)),
            ("LINEAFTER", (0, 0), (-2, -1), 0.5, _colour(look.grid)),
            ("BOX", (0, 0), (-1, -1), 0.6, _colour(look.grid)),
        ]
        if header_rows:
            commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1),
                             _colour(look.header_fill)))
            commands.append(("LINEAFTER", (0, 0), (-2, header_rows - 1), 0.5,
                             _colour(tint(look.header_fill, 0.8))))
        if node["stripes"]:
            commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1),
                             [_colour("#FFFFFF"), _colour(look.stripe)]))
        table.setStyle(TableStyle(commands))
        return [table]

    def _cells(self, node: Node) -> list[list[Flowable]]:
        """The table's rows of cells: header text, or body text with its write-in or tick."""
        look = self.look
        header_style = look.style(look.bold, 9.5, look.header_text, leading=1.2)
        body_style = look.style(look.body, 10, look.ink, leading=1.25)
        data: list[list[Flowable]] = []
        for row in node.children:
            cells: list[Flowable] = []
            for cell in row.children:
                centred = cell["align"] == "center"
                if row["header"]:
                    style = header_style.clone("thc", alignment=TA_CENTER) if centred else \
                        header_style
                    cells.append(CellText(cell.text, style, self.prefix, heading=True))
                    continue
                style = body_style.clone("tdc", alignment=TA_CENTER) if centred else body_style
                paragraph = CellText(cell.text, style, self.prefix, heading=False) \
                    if cell.text else None
                write = self.name(cell["write"]) if cell["write"] else None
                tick = self.name(cell["tick"]) if cell["tick"] else None
                cells.append(CellContent(look, paragraph, node["row-height"] - 3 * MM, write,
                                         tick, centred))
            data.append(cells)
        return data

    def _calendar(self, node: Node) -> list[Flowable]:
        look = self.look
        columns = node["columns"]
        name = self.name(node["name"])
        cells: list[DayCell | str] = [DayCell(look, name, day, self.day_words)
                                      for day in range(1, node["days"] + 1)]
        rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
        rows[-1] += [""] * (columns - len(rows[-1]))
        table = Table(rows, colWidths=[f"{100 / columns:.4f}%"] * columns, hAlign="LEFT")
        last_row = len(rows) - 1
        filled = len(cells) - columns * last_row
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), look.body),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2 * MM),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2 * MM),
            ("TOPPADDING", (0, 0), (-1, -1), 2 * MM),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * MM),
            ("GRID", (0, 0), (-1, last_row - 1 if last_row else -1), 0.6, _colour(look.grid)),
            ("GRID", (0, last_row), (filled - 1, last_row), 0.6, _colour(look.grid)),
        ]
        table.setStyle(TableStyle(commands))
        return [table]


def _header_rows(table: Node) -> int:
    """How many header rows the table starts with; every row must have a cell per column."""
    widths = table["widths"]
    for row in table.children:
        if len(row.children) != len(widths):
            raise MarkupError(
                f"this <row> has {len(row.children)} cells but the table has "
                f"{len(widths)} widths", row.line, "give every row one <cell> per column")
    header_rows = 0
    for row in table.children:
        if not row["header"]:
            break
        header_rows += 1
    if any(row["header"] for row in table.children[header_rows:]):
        raise MarkupError("header rows must come first in a <table>", table.line)
    return header_rows


def _renamed(node: Node, name: str) -> Node:
    return Node(node.kind, {**node.values, "name": name}, node.line, node.text, node.children)


def _texts(node: Node) -> list[str]:
    """Text a block prints itself (children are checked when they are built)."""
    texts = [plain_text(node.text)] if node.text else []
    for key in ("label", "value", "low", "high", "suffix"):
        value = node.values.get(key)
        if value:
            texts.append(value)
    if node.kind == "choices":
        texts += list(node["options"])
    if node.kind in ("table", "fields"):
        for child in node.children:
            texts += _texts(child)
            for grandchild in child.children:
                texts += _texts(grandchild)
    return texts


def _column_widths(widths: tuple[float | None, ...]) -> list[float | str]:
    """Fixed widths as points; `*` columns share the rest equally (platypus reads '*')."""
    return ["*" if width is None else width for width in widths]
