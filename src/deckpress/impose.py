"""Imposition: where each card goes on a sheet, where its back goes, and where the crop marks go.

Pure geometry in points, PDF orientation (origin bottom-left, y up). No drawing here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .units import to_mm

EPSILON = 1e-6


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def grown(self, amount: float) -> Rect:
        return Rect(self.x - amount, self.y - amount, self.width + 2 * amount,
                    self.height + 2 * amount)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Sheet:
    page_width: float
    page_height: float
    columns: int
    rows: int
    bleed: float
    slots: tuple[Rect, ...]  # trim boxes of the fronts, row by row from the top-left

    @property
    def per_sheet(self) -> int:
        return len(self.slots)


class ImpositionError(ValueError):
    pass


def grid_fit(available: float, card: float, gutter: float, bleed: float) -> int:
    """How many cards (each with bleed on the outer edges, gutters between) fit in `available`."""
    return max(0, math.floor((available - 2 * bleed + gutter + EPSILON) / (card + gutter)))


def sheet_layout(
    page_width: float,
    page_height: float,
    card_width: float,
    card_height: float,
    margin: float,
    gutter: float,
    bleed: float,
) -> Sheet:
    """As many cards as fit inside the margins, the grid centred on the page."""
    if 2 * bleed > gutter + EPSILON:  # profiles refuse this with file and line
        raise ImpositionError(
            f"the bleed ({to_mm(bleed):.2f} mm per card) is more than half the gutter "
            f"({to_mm(gutter):.2f} mm), so neighbouring cards would overlap"
        )
    columns = grid_fit(page_width - 2 * margin, card_width, gutter, bleed)
    rows = grid_fit(page_height - 2 * margin, card_height, gutter, bleed)
    if columns < 1 or rows < 1:
        raise ImpositionError(
            f"a {to_mm(card_width):.1f}×{to_mm(card_height):.1f} mm card with "
            f"{to_mm(bleed):.1f} mm bleed needs {to_mm(card_width + 2 * bleed):.1f}×"
            f"{to_mm(card_height + 2 * bleed):.1f} mm, but inside the {to_mm(margin):.1f} mm "
            f"margins the page has only {to_mm(page_width - 2 * margin):.1f}×"
            f"{to_mm(page_height - 2 * margin):.1f} mm"
        )
    grid_width = columns * card_width + (columns - 1) * gutter
    grid_height = rows * card_height + (rows - 1) * gutter
    left = (page_width - grid_width) / 2
    top = (page_height + grid_height) / 2
    slots = tuple(
        Rect(
            left + column * (card_width + gutter),
            top - (row + 1) * card_height - row * gutter,
            card_width,
            card_height,
        )
        for row in range(rows)
        for column in range(columns)
    )
    return Sheet(page_width, page_height, columns, rows, bleed, slots)


def back_slot(front: Rect, page_width: float, page_height: float, duplex: str) -> Rect:
    """Where a card's back goes so it lands behind its front when the sheet is turned over.

    Long-edge flip turns the page about its vertical centre line, short-edge about the
    horizontal one; mirroring about the page centre (not the grid) keeps uneven margins true.
    """
    if duplex == "long-edge":
        return Rect(page_width - front.right, front.y, front.width, front.height)
    if duplex == "short-edge":
        return Rect(front.x, page_height - front.top, front.width, front.height)
    return front


def crop_marks(sheet: Sheet, length: float, offset: float, edge: float) -> list[Line]:
    """Marks on every cut line, in the margins only, so they never touch a card or its bleed.

    A mark starts `offset` beyond the outermost bleed and runs outwards up to `length`, stopping
    `edge` short of the paper edge.
    """
    cuts_x = sorted({round(x, 6) for slot in sheet.slots for x in (slot.x, slot.right)
                     if edge <= x <= sheet.page_width - edge})
    cuts_y = sorted({round(y, 6) for slot in sheet.slots for y in (slot.y, slot.top)
                     if edge <= y <= sheet.page_height - edge})
    grid_left = min(slot.x for slot in sheet.slots) - sheet.bleed
    grid_right = max(slot.right for slot in sheet.slots) + sheet.bleed
    grid_bottom = min(slot.y for slot in sheet.slots) - sheet.bleed
    grid_top = max(slot.top for slot in sheet.slots) + sheet.bleed
    lines: list[Line] = []
    top_start = grid_top + offset
    top_end = min(grid_top + offset + length, sheet.page_height - edge)
    bottom_start, bottom_end = grid_bottom - offset, max(grid_bottom - offset - length, edge)
    left_start, left_end = grid_left - offset, max(grid_left - offset - length, edge)
    right_start, right_end = grid_right + offset, min(grid_right + offset + length,
                                                      sheet.page_width - edge)
    for x in cuts_x:
        if top_end > top_start + EPSILON:
            lines.append(Line(x, top_start, x, top_end))
        if bottom_end < bottom_start - EPSILON:
            lines.append(Line(x, bottom_start, x, bottom_end))
    for y in cuts_y:
        if left_end < left_start - EPSILON:
            lines.append(Line(left_start, y, left_end, y))
        if right_end > right_start + EPSILON:
            lines.append(Line(right_start, y, right_end, y))
    return lines


def mirror_line(line: Line, page_width: float, page_height: float, duplex: str) -> Line:
    if duplex == "long-edge":
        return Line(page_width - line.x1, line.y1, page_width - line.x2, line.y2)
    if duplex == "short-edge":
        return Line(line.x1, page_height - line.y1, line.x2, page_height - line.y2)
    return line
