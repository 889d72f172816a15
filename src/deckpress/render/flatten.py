"""What PDF/X-1a asks of a face: no transparency. Before a face is drawn, its elements are
walked in drawing order, keeping track of what lies beneath each (a flat colour, or something
mixed: a picture, text, a rounded shape). A shape drawn with `opacity` over a flat colour is
drawn opaque in the colour it would have shown; a picture with transparent pixels or
`opacity` over a flat colour is composited onto it (see cmyk_images); anything else cannot be
flattened here and is refused, naming the element.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import Color

from ..colours import hex_of, parse_colour, rgb_hex
from ..layout.markup import Element, Face
from ..units import TOLERANCE
from .cmyk_images import RasterVariant

Box = tuple[float, float, float, float]  # x, y, w, h from the trim's top-left, y down
NO_TRANSPARENCY_HINT = ("PDF/X-1a allows no transparency; give it an opaque colour, put it "
                        "over a flat colour, or build with --pdfx x-4, which keeps transparency")


class FlattenError(Exception):
    """An element whose transparency cannot be flattened: what, and what to do."""

    def __init__(self, element: Element, problem: str, hint: str = NO_TRANSPARENCY_HINT):
        super().__init__(problem)
        self.element, self.problem, self.hint = element, problem, hint


@dataclass(frozen=True)
class Picture:
    """What flattening needs to know of an image element: its file, whether it has transparent
    pixels or is an SVG that draws with opacity, and how many pixels it prints at what size."""

    name: str
    svg: bool
    transparent: bool  # alpha channel or a transparent colour (bitmaps), opacity (SVGs)
    mode: str = "RGB"
    pixels: tuple[int, int] = (0, 0)
    drawn: tuple[float, float] = (0.0, 0.0)  # points
    holds_pictures: bool = False  # an SVG with bitmaps inside it, which stay as they are


@dataclass(frozen=True)
class Flat:
    """How an element is drawn in a PDF/X-1a face: its colours with opacity folded in, or the
    converted variant of its picture ('' for the picture as it is)."""

    fill: Color | None = None
    stroke: Color | None = None
    variant: str = ""


@dataclass
class Beneath:
    """What the face has painted so far: boxes with a flat colour, or None where mixed."""

    background: str
    painted: list[tuple[Box, str | None]] = field(default_factory=list)

    def flat_under(self, box: Box) -> str | None:
        """The one colour under all of `box`, or None if several things show there."""
        for painted, colour in reversed(self.painted):
            if not _overlap(painted, box):
                continue
            return colour if _contains(painted, box) else None
        return self.background


def plan(face: Face, picture: Callable[[Element], Picture | None],
         condition: str) -> dict[int, Flat]:
    """How each element that needs it (by its index in the face) is drawn without
    transparency; a FlattenError for the first that cannot be."""
    beneath = Beneath(hex_of(face.background) if face.background is not None else "#FFFFFF")
    planned: dict[int, Flat] = {}
    for index, element in enumerate(face.elements):
        flat = _element(element, beneath, picture(element) if element.kind == "image"
                        else None, condition)
        if flat is not None:
            planned[index] = flat
    return planned


def _element(element: Element, beneath: Beneath, picture: Picture | None,
             condition: str) -> Flat | None:
    box = element_box(element)
    opacity = float(element.values.get("opacity", 1.0))
    if element.kind == "image" and picture is not None:
        flat = _picture(element, picture, opacity, beneath.flat_under(box), condition)
        beneath.painted.append((box, None))
        return flat
    if opacity >= 1 or element.kind not in ("rect", "ellipse", "line"):
        solid = element.kind == "rect" and element["fill"] is not None and opacity >= 1 \
            and element["radius"] <= 0
        beneath.painted.append((box, hex_of(element["fill"]) if solid else None))
        return None
    under = beneath.flat_under(box)
    if under is None:
        raise FlattenError(element, f"the layout's {element.label} is drawn at opacity "
                           f"{opacity:g} over a picture, text or several colours")
    fill, stroke = (_blend(element.values.get(key), under, opacity) for key in ("fill", "stroke"))
    solid = element.kind == "rect" and fill is not None and element["radius"] <= 0
    beneath.painted.append((box, hex_of(fill) if solid and fill is not None else None))
    return Flat(fill, stroke)


def _picture(element: Element, picture: Picture, opacity: float, under: str | None,
             condition: str) -> Flat | None:
    if picture.svg:
        if opacity < 1 or picture.transparent:
            raise FlattenError(element, f"the layout's {element.label} shows {picture.name}, an "
                               "SVG drawn with transparency (opacity)",
                               "PDF/X-1a allows no transparency: remove the opacity from the "
                               "SVG and the element, or build with --pdfx x-4")
        if picture.holds_pictures:
            raise FlattenError(element, f"the layout's {element.label} shows {picture.name}, an "
                               "SVG with a picture (a bitmap) inside it, which PDF/X-1a cannot "
                               "take as it is: deckpress converts pictures to CMYK, not the "
                               "ones inside an SVG",
                               "export the SVG as a PNG (converted for you), take the picture "
                               "out of the SVG, or build with --pdfx x-4")
        return None
    see_through = picture.transparent or opacity < 1
    if see_through and under is None:
        raise FlattenError(element, f"the layout's {element.label} shows {picture.name}, which "
                           + ("has transparent pixels" if picture.transparent else
                              f"is drawn at opacity {opacity:g}")
                           + ", over a picture, text or several colours",
                           "PDF/X-1a allows no transparency: save the picture flattened onto "
                           "what lies beneath it, put it over a flat colour (deckpress "
                           "composites it there), or build with --pdfx x-4")
    variant = RasterVariant.fitting(picture.mode, picture.pixels, picture.drawn, condition,
                                    under if see_through else None, opacity)
    return Flat(variant=variant.key() if variant is not None else "")


def _blend(colour: Color | None, under: str, opacity: float) -> Color | None:
    """The opaque colour `colour` at `opacity` shows over `under` (mixed in RGB, as the RGB
    file shows it)."""
    if colour is None:
        return None
    below = parse_colour(under)
    return parse_colour(rgb_hex(*(b + (c - b) * opacity for c, b in (
        (colour.red, below.red), (colour.green, below.green), (colour.blue, below.blue)))))


def element_box(element: Element) -> Box:
    """The box an element paints, from the trim's top-left."""
    values = element.values
    if element.kind == "qr":
        return values["x"], values["y"], values["size"], values["size"]
    if element.kind == "line":
        half = values.get("stroke-width", 0) / 2
        left, right = sorted((values["x1"], values["x2"]))
        top, bottom = sorted((values["y1"], values["y2"]))
        return left - half, top - half, right - left + 2 * half, bottom - top + 2 * half
    return values["x"], values["y"], values["w"], values["h"]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and \
        b[1] < a[1] + a[3]


def _contains(outer: Box, inner: Box) -> bool:
    """Whether `inner` lies within `outer`, to the rounding of sizes worked out in mm."""
    return outer[0] <= inner[0] + TOLERANCE and outer[1] <= inner[1] + TOLERANCE and \
        inner[0] + inner[2] <= outer[0] + outer[2] + TOLERANCE and \
        inner[1] + inner[3] <= outer[1] + outer[3] + TOLERANCE


def drawn_size(element: Element, natural: tuple[float, float]) -> tuple[float, float]:
    """The size (points) a picture of `natural` size is drawn at in an image element's box,
    as `fit` places it (contain: inside; cover: filling it, the rest clipped)."""
    scale_w, scale_h = element["w"] / natural[0], element["h"] / natural[1]
    scale = min(scale_w, scale_h) if element["fit"] == "contain" else max(scale_w, scale_h)
    return natural[0] * scale, natural[1] * scale
