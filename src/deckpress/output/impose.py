"""Imposition: where each card goes on a page, where its back goes, and where marks go.

Pure geometry in points, PDF orientation (origin bottom-left, y up). No drawing here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..units import MM, to_mm

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

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.width, self.height)

    def overlaps(self, other: Rect) -> bool:
        return (self.x < other.right - EPSILON and other.x < self.right - EPSILON
                and self.y < other.top - EPSILON and other.y < self.top - EPSILON)

    def contains(self, other: Rect) -> bool:
        return (other.x >= self.x - EPSILON and other.y >= self.y - EPSILON
                and other.right <= self.right + EPSILON and other.top <= self.top + EPSILON)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float

    def moved(self, dx: float, dy: float) -> Line:
        return Line(self.x1 + dx, self.y1 + dy, self.x2 + dx, self.y2 + dy)

    def box(self) -> Rect:
        return Rect(min(self.x1, self.x2), min(self.y1, self.y2), abs(self.x2 - self.x1),
                    abs(self.y2 - self.y1))


@dataclass(frozen=True)
class Imposition:
    """Where the fronts go on a page: the page, the grid and each card's trim box."""

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


def parse_grid(text: str) -> tuple[int, int]:
    """`3x3` to (columns, rows)."""
    parts = str(text).lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
        raise ValueError(f"'{text}' is not a grid; write columns x rows, e.g. 2x5")
    columns, rows = (int(part) for part in parts)
    if columns < 1 or rows < 1:
        raise ValueError(f"'{text}' has no cards; columns and rows must be at least 1")
    return columns, rows


def _span(count: int, card: float, gutter: float, bleed: float) -> float:
    return count * card + (count - 1) * gutter + 2 * bleed


@dataclass(frozen=True)
class Spacing:
    """The room around cards on a sheet: margin inside the page (or area), gutters between
    columns and rows (rows: the same as columns unless given), bleed around each card."""

    margin: float
    gutter: float
    bleed: float
    row_gutter: float | None = None


def sheet_layout(page: tuple[float, float], card: tuple[float, float], spacing: Spacing,
                 grid: tuple[int, int] | None = None, area: Rect | None = None) -> Imposition:
    """The cards inside the margins of `area` (default: the page), the grid centred in it.

    Without `grid`, as many cards as fit; with it, exactly that many or an error that shows
    the arithmetic. Bleed must stay inside the gutters, so neighbours never overlap.
    """
    page_width, page_height = page
    card_width, card_height = card
    margin, gutter, bleed = spacing.margin, spacing.gutter, spacing.bleed
    row_gutter = gutter if spacing.row_gutter is None else spacing.row_gutter
    area = area or Rect(0, 0, page_width, page_height)
    if 2 * bleed > min(gutter, row_gutter) + EPSILON and not _single(grid):
        raise ImpositionError(
            f"the bleed ({to_mm(bleed):.2f} mm per card) is more than half the gutter "
            f"({to_mm(min(gutter, row_gutter)):.2f} mm), so neighbouring cards would overlap"
        )
    inner_width, inner_height = area.width - 2 * margin, area.height - 2 * margin
    if grid is None:
        columns = grid_fit(inner_width, card_width, gutter, bleed)
        rows = grid_fit(inner_height, card_height, row_gutter, bleed)
        if columns < 1 or rows < 1:
            raise ImpositionError(
                f"a {to_mm(card_width):.1f}×{to_mm(card_height):.1f} mm card with "
                f"{to_mm(bleed):.1f} mm bleed needs {to_mm(card_width + 2 * bleed):.1f}×"
                f"{to_mm(card_height + 2 * bleed):.1f} mm, but inside the {to_mm(margin):.1f} mm "
                f"margins the page has only {to_mm(inner_width):.1f}×{to_mm(inner_height):.1f} mm"
            )
    else:
        columns, rows = grid
        for count, side, gap, room, what in (
            (columns, card_width, gutter, inner_width, "wide"),
            (rows, card_height, row_gutter, inner_height, "tall"),
        ):
            needed = _span(count, side, gap, bleed)
            if needed > room + EPSILON:
                raise ImpositionError(
                    f"{count} × {to_mm(side):.1f} mm cards + {count - 1} × {to_mm(gap):.1f} mm "
                    f"gutters + 2 × {to_mm(bleed):.1f} mm bleed = {to_mm(needed):.1f} mm, but "
                    f"the page is only {to_mm(room):.1f} mm {what} inside the "
                    f"{to_mm(margin):.1f} mm margins"
                )
    grid_width = columns * card_width + (columns - 1) * gutter
    grid_height = rows * card_height + (rows - 1) * row_gutter
    left = area.x + (area.width - grid_width) / 2
    top = area.y + (area.height + grid_height) / 2
    slots = tuple(
        Rect(
            left + column * (card_width + gutter),
            top - (row + 1) * card_height - row * row_gutter,
            card_width,
            card_height,
        )
        for row in range(rows)
        for column in range(columns)
    )
    return Imposition(page_width, page_height, columns, rows, bleed, slots)


def _single(grid: tuple[int, int] | None) -> bool:
    return grid == (1, 1)


def card_page(card_width: float, card_height: float, bleed: float) -> Imposition:
    """One card per page, the page exactly trim plus bleed: what print services ask for."""
    slot = Rect(bleed, bleed, card_width, card_height)
    return Imposition(card_width + 2 * bleed, card_height + 2 * bleed, 1, 1, bleed, (slot,))


def fold_area(page_width: float, page_height: float) -> Rect:
    """Fronts go on the left half; their backs, mirrored about the fold, on the right half."""
    return Rect(0, 0, page_width / 2, page_height)


def flip_axis(duplex: str, page_width: float, page_height: float) -> str | None:
    """Which page coordinate a turned-over sheet mirrors: "x" (about the vertical centre line)
    or "y" (about the horizontal one), or None when backs are not mirrored.

    The sheet turns about its long or short edge, and which of those runs up the page depends
    on the page: on a portrait page the long edges are the sides, so a long-edge flip mirrors
    x; on a landscape page they are the top and bottom, so it mirrors y. A fold sheet folds
    about its vertical centre line whatever its shape.
    """
    if duplex == "fold":
        return "x"
    if duplex not in ("long-edge", "short-edge"):
        return None
    portrait = page_height >= page_width
    return "x" if (duplex == "long-edge") == portrait else "y"


def back_slot(front: Rect, page_width: float, page_height: float, duplex: str,
              offset: tuple[float, float] = (0.0, 0.0)) -> Rect:
    """Where a card's back goes so it lands behind its front when the sheet is turned over.

    Mirroring is about the page centre (not the grid), so uneven margins stay true. `offset`
    corrects a printer that shifts the back side: (right, up) as seen on the back.
    """
    x1, y1 = mirror_point(front.x, front.y, page_width, page_height, duplex)
    x2, y2 = mirror_point(front.right, front.top, page_width, page_height, duplex)
    return Rect(min(x1, x2), min(y1, y2), front.width, front.height).moved(*offset)


def mirror_line(line: Line, page_width: float, page_height: float, duplex: str) -> Line:
    return Line(*mirror_point(line.x1, line.y1, page_width, page_height, duplex),
                *mirror_point(line.x2, line.y2, page_width, page_height, duplex))


def mirror_point(x: float, y: float, page_width: float, page_height: float,
                 duplex: str) -> tuple[float, float]:
    """Where a point of the front is on the back page, seen from the back, once the sheet is
    turned over (or folded) as `duplex` says."""
    axis = flip_axis(duplex, page_width, page_height)
    if axis == "x":
        return page_width - x, y
    if axis == "y":
        return x, page_height - y
    return x, y


def _cut_positions(sheet: Imposition, edge: float) -> tuple[list[float], list[float]]:
    cuts_x = sorted({round(x, 6) for slot in sheet.slots for x in (slot.x, slot.right)
                     if edge <= x <= sheet.page_width - edge})
    cuts_y = sorted({round(y, 6) for slot in sheet.slots for y in (slot.y, slot.top)
                     if edge <= y <= sheet.page_height - edge})
    return cuts_x, cuts_y


def crop_marks(sheet: Imposition, length: float, offset: float, edge: float,
               style: str = "corners", within: Rect | None = None) -> list[Line]:
    """Marks on every cut line that never touch a card or its bleed.

    `corners`: short marks in the outer margins, starting `offset` beyond the outermost bleed
    and running outwards up to `length`. `full`: each cut line drawn wherever it crosses no
    card, across margins and gutters. Both stop `edge` short of the paper edge (or of
    `within`, the part of the page the cards belong to, e.g. one half of a fold sheet).
    """
    if style == "none" or not sheet.slots:
        return []
    bounds = within or Rect(0, 0, sheet.page_width, sheet.page_height)
    room = _Room(bounds.x + edge, bounds.right - edge, bounds.y + edge, bounds.top - edge)
    cuts_x, cuts_y = _cut_positions(sheet, edge)
    cuts_x = [x for x in cuts_x if room.left <= x <= room.right]
    cuts_y = [y for y in cuts_y if room.bottom <= y <= room.top]
    if style == "full":
        return _full_marks(sheet, offset, room, cuts_x, cuts_y)
    return _corner_marks(sheet, length, offset, room, cuts_x, cuts_y)


@dataclass(frozen=True)
class _Room:
    """Where marks may go: inside the paper's unprintable edge."""

    left: float
    right: float
    bottom: float
    top: float


def _full_marks(sheet: Imposition, offset: float, room: _Room, cuts_x: list[float],
                cuts_y: list[float]) -> list[Line]:
    """Each cut line wherever it crosses no card (nor its bleed and `offset` around it)."""
    blocks = [slot.grown(sheet.bleed + offset) for slot in sheet.slots]
    lines = []
    for x in cuts_x:
        spans = [(b.y, b.top) for b in blocks if b.x < x < b.right]
        lines += [Line(x, a, x, b) for a, b in _free(room.bottom, room.top, spans)]
    for y in cuts_y:
        spans = [(b.x, b.right) for b in blocks if b.y < y < b.top]
        lines += [Line(a, y, b, y) for a, b in _free(room.left, room.right, spans)]
    return lines


def _corner_marks(sheet: Imposition, length: float, offset: float, room: _Room,
                  cuts_x: list[float], cuts_y: list[float]) -> list[Line]:
    """Short marks in the outer margins, continuing each cut line beyond the grid."""
    grid_left = min(slot.x for slot in sheet.slots) - sheet.bleed
    grid_right = max(slot.right for slot in sheet.slots) + sheet.bleed
    grid_bottom = min(slot.y for slot in sheet.slots) - sheet.bleed
    grid_top = max(slot.top for slot in sheet.slots) + sheet.bleed
    lines: list[Line] = []
    top_start, bottom_start = grid_top + offset, grid_bottom - offset
    left_start, right_start = grid_left - offset, grid_right + offset
    top_end, bottom_end = min(top_start + length, room.top), max(bottom_start - length, room.bottom)
    left_end, right_end = max(left_start - length, room.left), min(right_start + length, room.right)
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


def _free(low: float, high: float, blocked: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The parts of [low, high] outside every blocked span (only pieces longer than 1 mm)."""
    pieces, start = [], low
    for a, b in sorted(blocked):
        if a > start:
            pieces.append((start, min(a, high)))
        start = max(start, b)
    if start < high:
        pieces.append((start, high))
    return [(a, b) for a, b in pieces if b - a >= MM]


@dataclass(frozen=True)
class RulerSpot:
    """Where the 50 mm check ruler goes: its box's corner, and whether it runs up the page."""

    x: float
    y: float
    vertical: bool


RULER_LENGTH = 50 * MM
RULER_BOX = (59 * MM, 2.6 * MM)  # the ruler with its "50 mm" label, and its depth
RULER_CLEARANCE = 0.4 * MM


def ruler_spot(page_width: float, page_height: float, obstacles: list[Rect],
               edge: float) -> RulerSpot | None:
    """A place in the margins for the scale-check ruler that touches no card or mark.

    Tried in order: along the bottom margin, the top, then up the left and right margins;
    positions start at the paper's printable edge and just past each obstacle.
    """
    long_side, depth = RULER_BOX
    page = Rect(edge, edge, page_width - 2 * edge, page_height - 2 * edge)
    grown = [ob.grown(RULER_CLEARANCE) for ob in obstacles]
    starts_x = sorted({edge, *(ob.right for ob in grown)})
    starts_y = sorted({edge, *(ob.top for ob in grown)})
    candidates = [
        *(Rect(x, edge, long_side, depth) for x in starts_x),
        *(Rect(x, page_height - edge - depth, long_side, depth) for x in starts_x),
        *(Rect(edge, y, depth, long_side) for y in starts_y),
        *(Rect(page_width - edge - depth, y, depth, long_side) for y in starts_y),
    ]
    for box in candidates:
        if page.contains(box) and not any(box.overlaps(ob) for ob in grown):
            return _centred_in_gap(box, page, grown)
    return None


def _centred_in_gap(box: Rect, page: Rect, obstacles: list[Rect]) -> RulerSpot:
    """Slide a ruler that fits into the middle of its free stretch, clear of marks either side."""
    vertical = box.height > box.width
    if vertical:
        ahead = [ob.y for ob in obstacles if ob.x < box.right and box.x < ob.right
                 and ob.y >= box.top - EPSILON]
        limit = min([page.top, *ahead])
        return RulerSpot(box.x, box.y + (limit - box.top) / 2, True)
    ahead = [ob.x for ob in obstacles if ob.y < box.top and box.y < ob.top
             and ob.x >= box.right - EPSILON]
    limit = min([page.right, *ahead])
    return RulerSpot(box.x + (limit - box.right) / 2, box.y, False)
