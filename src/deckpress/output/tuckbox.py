"""The geometry of a tuck box that holds a deck: pure numbers, in millimetres, origin at the
bottom-left of each piece, y up (PDF orientation).

A straight tuck end box, as commercial poker decks come in. Laid flat, printed side up, the
columns run left to right: glue flap | front | side | back | side. The back carries the lid and
its tuck flap above, the bottom panel and its tuck flap below; each side carries a dust flap at
top and bottom. The front's top edge has a thumb notch. Folded (every fold away from you), the
front faces you with its title upright, the back is opposite, the lid closes from the back over
the top and its tuck flap slides down inside the front.

Proportions (in mm; D is the inner depth):
- inner size: card width + 2.0, card height + 1.5, cards × stock + 1.0 (clearance so the deck
  slides in and out);
- default stock 0.30 mm a card (300–350 gsm card stock, as home and print-service cards are);
- tuck flaps D high, kept between 12 and 20, with 5 mm rounded corners and 1 mm shoulders so
  they slide in;
- dust flaps D high (8 at least, 0.4 × width at most), tapered 2 mm towards the lid so they
  clear it, corners cut 4 mm;
- glue flap D − 1 wide (6 to 12), tapered, and never wider than the side it glues to: 1 mm
  less than D (half of D at least) in a box thinner than 7;
- thumb notch: a half circle on the front's top edge, radius a fifth of the width, 11 at most.

A box too big for the paper in one piece (upright or turned) is made in two: glue flap |
front | side | glue tab, and back | side with the lid and bottom; the tab glues inside the
back. The two go on one page if they fit, else on a page each.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Literal

from .impose import Rect  # the same rectangle, here in mm

DEFAULT_STOCK_MM = 0.30
STOCK_RANGE_MM = (0.1, 1.5)
CLEARANCE_MM = (2.0, 1.5, 1.0)  # width, height, depth
TUCK_RANGE_MM = (12.0, 20.0)
TUCK_RADIUS_MM = 5.0
SHOULDER_MM = 1.0
DUST_MIN_MM = 8.0
DUST_TAPER_MM = 2.0
DUST_CHAMFER_MM = 4.0
GLUE_RANGE_MM = (6.0, 12.0)
GLUE_CLEAR_MM = 1.0  # the glue flap stops this short of the far side's fold
# the deepest box: a straight tuck box of 300-350 gsm card holds its shape and its deck by a
# tuck flap of at most 20 mm and glued sides; deeper than this (about 260 cards at 0.30 mm)
# it bulges and opens, and a deck that thick wants a set-up box of rigid board
MAX_DEPTH_MM = 80.0
NOTCH_MAX_MM = 11.0
PIECE_GAP_MM = 10.0  # between two pieces: more than twice a print service's bleed

Point = tuple[float, float]
Kind = Literal["glue", "front", "side", "back", "tab"]


@dataclass(frozen=True)
class Inner:
    """The inside of the box: what the deck needs."""

    width: float
    height: float
    depth: float


@dataclass(frozen=True)
class Line:
    start: Point
    end: Point


@dataclass(frozen=True)
class Arc:
    """A circular arc from `start_angle` turning `extent` degrees (counter-clockwise positive)."""

    centre: Point
    radius: float
    start_angle: float
    extent: float

    def point_at(self, angle: float) -> Point:
        radians = math.radians(angle)
        return (self.centre[0] + self.radius * math.cos(radians),
                self.centre[1] + self.radius * math.sin(radians))

    @property
    def start(self) -> Point:
        return self.point_at(self.start_angle)

    @property
    def end(self) -> Point:
        return self.point_at(self.start_angle + self.extent)


Edge = Line | Arc


@dataclass(frozen=True)
class Panel:
    """A region to colour: `name` says what it is (front, back, side, lid, tuck, bottom, dust,
    glue); its rectangle may reach past the cut (a notch, a rounded corner), never into
    another panel."""

    name: str
    rect: Rect


@dataclass(frozen=True)
class Piece:
    """One piece of card: its cut outline (a closed path), fold lines and panels."""

    width: float
    height: float
    outline: tuple[Edge, ...]
    folds: tuple[Line, ...]
    panels: tuple[Panel, ...]

    def panel(self, name: str) -> Panel:
        return next(panel for panel in self.panels if panel.name == name)


@dataclass(frozen=True)
class Flaps:
    """Sizes of everything beyond the four walls, in mm."""

    tuck: float
    dust: float
    glue: float
    notch: float
    glue_taper: float


def check_stock(stock_mm: float) -> float:
    """The stock thickness, or a ValueError saying what is allowed."""
    low, high = STOCK_RANGE_MM
    if not math.isfinite(stock_mm) or not low <= stock_mm <= high:
        raise ValueError(f"a card is {low}–{high} mm thick (300 gsm card is about 0.3 mm)")
    return stock_mm


def inner_size(card_mm: tuple[float, float], cards: int, stock_mm: float) -> Inner:
    """The inside of a box for `cards` cards of `card_mm` (width, height), each `stock_mm`
    thick, with room to slide the deck in."""
    check_stock(stock_mm)
    if cards < 1:
        raise ValueError("a box holds at least one card")
    width, height, depth = CLEARANCE_MM
    return Inner(card_mm[0] + width, card_mm[1] + height, cards * stock_mm + depth)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def flaps_for(inner: Inner) -> Flaps:
    depth = inner.depth
    glue = min(_clamp(depth - GLUE_CLEAR_MM, *GLUE_RANGE_MM),
               max(depth - GLUE_CLEAR_MM, depth / 2))  # a thin box: within its side
    return Flaps(tuck=_clamp(depth, *TUCK_RANGE_MM),
                 dust=_clamp(depth, DUST_MIN_MM, max(DUST_MIN_MM, 0.4 * inner.width)),
                 glue=glue,
                 notch=min(NOTCH_MAX_MM, inner.width / 5),
                 glue_taper=min(0.6 * glue, inner.height / 4))


def _polyline(points: list[Point]) -> list[Edge]:
    return [Line(a, b) for a, b in itertools.pairwise(points)]


@dataclass(frozen=True)
class _Frame:
    """Where one column is: x from `left` to `right`; walls from `bottom` to `top`."""

    left: float
    right: float
    bottom: float
    top: float
    inner: Inner
    flaps: Flaps


def _bottom_edges(kind: Kind, frame: _Frame, back_side: int) -> list[Edge]:
    """The column's cut along the bottom, left to right."""
    f, b, x0, x1 = frame.flaps, frame.bottom, frame.left, frame.right
    if kind == "glue":
        return _polyline([(x0, b + f.glue_taper), (x1, b)])
    if kind == "tab":
        return _polyline([(x0, b), (x1, b + f.glue_taper)])
    if kind == "front":
        return [Line((x0, b), (x1, b))]
    if kind == "side":
        return _polyline(_dust_points(frame, -1, back_side))
    return _tuck_edges(frame, -1)


def _top_edges(kind: Kind, frame: _Frame, back_side: int) -> list[Edge]:
    """The column's cut along the top, right to left."""
    f, t, x0, x1 = frame.flaps, frame.top, frame.left, frame.right
    if kind == "glue":
        return _polyline([(x1, t), (x0, t - f.glue_taper)])
    if kind == "tab":
        return _polyline([(x1, t - f.glue_taper), (x0, t)])
    if kind == "front":
        middle = (x0 + x1) / 2
        return [Line((x1, t), (middle + f.notch, t)), Arc((middle, t), f.notch, 0, -180),
                Line((middle - f.notch, t), (x0, t))]
    if kind == "side":
        return _polyline(list(reversed(_dust_points(frame, 1, back_side))))
    return list(reversed([_reverse(edge) for edge in _tuck_edges(frame, 1)]))


def _reverse(edge: Edge) -> Edge:
    if isinstance(edge, Line):
        return Line(edge.end, edge.start)
    return Arc(edge.centre, edge.radius, edge.start_angle + edge.extent, -edge.extent)


def _dust_points(frame: _Frame, up: int, back_side: int) -> list[Point]:
    """A dust flap, left to right, above (`up` 1) or below (-1) the wall; tapered on the side
    of the back's lid (`back_side` -1 left, 1 right), its outer corner cut."""
    f, x0, x1 = frame.flaps, frame.left, frame.right
    hinge = frame.top if up > 0 else frame.bottom
    far = hinge + up * f.dust
    chamfer = min(DUST_CHAMFER_MM, f.dust / 2, (x1 - x0) / 3)
    taper = min(DUST_TAPER_MM, (x1 - x0) / 4)
    left = [(x0, hinge), (x0 + taper, far)] if back_side < 0 else \
        [(x0, hinge), (x0, far - up * chamfer), (x0 + chamfer, far)]
    right = [(x1 - taper, far), (x1, hinge)] if back_side > 0 else \
        [(x1 - chamfer, far), (x1, far - up * chamfer), (x1, hinge)]
    return left + right


def _tuck_edges(frame: _Frame, up: int) -> list[Edge]:
    """The back's lid (or bottom panel) and its tuck flap, left to right, above (`up` 1) or
    below (-1) the wall."""
    f, x0, x1 = frame.flaps, frame.left, frame.right
    hinge = frame.top if up > 0 else frame.bottom
    fold = hinge + up * frame.inner.depth
    far = fold + up * f.tuck
    radius = min(TUCK_RADIUS_MM, f.tuck / 2)
    a, b = x0 + SHOULDER_MM, x1 - SHOULDER_MM
    near = far - up * radius
    if up < 0:  # below: left corner turns from 180° to 270°, right from 270° to 360°
        corners = (Arc((a + radius, near), radius, 180, 90),
                   Arc((b - radius, near), radius, 270, 90))
    else:  # above, still walked left to right: from 180° down to 90°, then to 0°
        corners = (Arc((a + radius, near), radius, 180, -90),
                   Arc((b - radius, near), radius, 90, -90))
    return [*_polyline([(x0, hinge), (x0, fold), (a, fold), (a, near)]), corners[0],
            Line((a + radius, far), (b - radius, far)), corners[1],
            *_polyline([(b, near), (b, fold), (x1, fold), (x1, hinge)])]


def column_widths(kinds: tuple[Kind, ...], inner: Inner, flaps: Flaps) -> list[float]:
    size = {"glue": flaps.glue, "tab": flaps.glue, "front": inner.width, "back": inner.width,
            "side": inner.depth}
    return [size[kind] for kind in kinds]


def piece(kinds: tuple[Kind, ...], inner: Inner) -> Piece:
    """One piece of the box made of `kinds` columns, left to right."""
    flaps = flaps_for(inner)
    has_back = "back" in kinds
    beyond = inner.depth + flaps.tuck if has_back else flaps.dust
    bottom, top = beyond, beyond + inner.height
    widths = column_widths(kinds, inner, flaps)
    lefts = [sum(widths[:index]) for index in range(len(widths))]
    frames = [_Frame(left, left + width, bottom, top, inner, flaps)
              for left, width in zip(lefts, widths, strict=True)]
    back_at = kinds.index("back") if has_back else len(kinds)
    sides = [(-1 if back_at < index else 1) for index in range(len(kinds))]
    edges: list[Edge] = []
    for kind, frame, side in zip(kinds, frames, sides, strict=True):
        edges += _bottom_edges(kind, frame, side)
    edges.append(Line((frames[-1].right, _end_y(kinds[-1], bottom, flaps, 1)),
                      (frames[-1].right, _end_y(kinds[-1], top, flaps, -1))))
    for kind, frame, side in reversed(list(zip(kinds, frames, sides, strict=True))):
        edges += _top_edges(kind, frame, side)
    edges.append(Line((0.0, _end_y(kinds[0], top, flaps, -1)),
                      (0.0, _end_y(kinds[0], bottom, flaps, 1))))
    return Piece(sum(widths), top + beyond, tuple(edges),
                 tuple(_folds(kinds, frames)), tuple(_panels(kinds, frames)))


def _end_y(kind: Kind, y: float, flaps: Flaps, inward: int) -> float:
    return y + inward * flaps.glue_taper if kind in ("glue", "tab") else y


def _folds(kinds: tuple[Kind, ...], frames: list[_Frame]) -> list[Line]:
    folds = [Line((frame.left, frame.bottom), (frame.left, frame.top)) for frame in frames[1:]]
    for kind, frame in zip(kinds, frames, strict=True):
        if kind in ("side", "back"):
            folds += [Line((frame.left, y), (frame.right, y)) for y in (frame.bottom, frame.top)]
        if kind == "back":
            depth = frame.inner.depth
            a, b = frame.left + SHOULDER_MM, frame.right - SHOULDER_MM
            folds += [Line((a, frame.bottom - depth), (b, frame.bottom - depth)),
                      Line((a, frame.top + depth), (b, frame.top + depth))]
    return folds


def _panels(kinds: tuple[Kind, ...], frames: list[_Frame]) -> list[Panel]:
    panels = []
    for kind, frame in zip(kinds, frames, strict=True):
        width, wall = frame.right - frame.left, frame.top - frame.bottom
        name = "glue" if kind == "tab" else kind
        panels.append(Panel(name, Rect(frame.left, frame.bottom, width, wall)))
        f, depth = frame.flaps, frame.inner.depth
        if kind == "side":
            panels += [Panel("dust", Rect(frame.left, frame.bottom - f.dust, width, f.dust)),
                       Panel("dust", Rect(frame.left, frame.top, width, f.dust))]
        if kind == "back":
            panels += [Panel("bottom", Rect(frame.left, frame.bottom - depth, width, depth)),
                       Panel("tuck", Rect(frame.left, frame.bottom - depth - f.tuck, width,
                                          f.tuck)),
                       Panel("lid", Rect(frame.left, frame.top, width, depth)),
                       Panel("tuck", Rect(frame.left, frame.top + depth, width, f.tuck))]
    return panels


ONE_PIECE: tuple[Kind, ...] = ("glue", "front", "side", "back", "side")
TWO_PIECES: tuple[tuple[Kind, ...], ...] = (("glue", "front", "side", "tab"), ("back", "side"))


@dataclass(frozen=True)
class Placed:
    """A piece on the page: its bottom-left corner at (x, y) mm; `turned` a quarter turn
    anticlockwise (then it takes piece.height across and piece.width up)."""

    piece: Piece
    x: float
    y: float
    turned: bool

    @property
    def size(self) -> tuple[float, float]:
        return (self.piece.height, self.piece.width) if self.turned else \
            (self.piece.width, self.piece.height)


def _sizes(pieces: tuple[Piece, ...], turned: bool) -> list[tuple[float, float]]:
    return [(p.height, p.width) if turned else (p.width, p.height) for p in pieces]


def arrange(pieces: tuple[Piece, ...], room: tuple[float, float]) -> list[Placed] | None:
    """The pieces placed in `room` (width, height, mm), centred: upright if they fit, else
    turned; two pieces side by side or one above the other. None if nothing fits."""
    for turned in (False, True):
        sizes = _sizes(pieces, turned)
        for across in (True, False):
            width = sum(s[0] for s in sizes) + PIECE_GAP_MM * (len(sizes) - 1) if across \
                else max(s[0] for s in sizes)
            height = max(s[1] for s in sizes) if across else \
                sum(s[1] for s in sizes) + PIECE_GAP_MM * (len(sizes) - 1)
            if width <= room[0] + 1e-6 and height <= room[1] + 1e-6:
                return _placed(pieces, sizes, turned, across, room, (width, height))
    return None


def _placed(pieces: tuple[Piece, ...], sizes: list[tuple[float, float]], turned: bool,
            across: bool, room: tuple[float, float], used: tuple[float, float]) -> list[Placed]:
    x, y = (room[0] - used[0]) / 2, (room[1] + used[1]) / 2
    placed = []
    for piece_, size in zip(pieces, sizes, strict=True):
        if across:
            placed.append(Placed(piece_, x, (room[1] - size[1]) / 2, turned))
            x += size[0] + PIECE_GAP_MM
        else:
            y -= size[1]
            placed.append(Placed(piece_, (room[0] - size[0]) / 2, y, turned))
            y -= PIECE_GAP_MM
    return placed


def layout(inner: Inner, room: tuple[float, float]) -> list[list[Placed]] | None:
    """The box's pages: one piece on one page if it fits `room`; else two pieces on one page;
    else each piece on a page of its own; None if a piece does not fit a page."""
    one = arrange((piece(ONE_PIECE, inner),), room)
    if one is not None:
        return [one]
    pieces = tuple(piece(kinds, inner) for kinds in TWO_PIECES)
    both = arrange(pieces, room)
    if both is not None:
        return [both]
    apart = [arrange((each,), room) for each in pieces]
    return [page for page in apart if page is not None] if None not in apart else None
