"""Preflight: what a print shop would question in a card's markup elements (content outside the
safe zone, art that stops at the trim instead of reaching the bleed edge, small text in a rich
black, text too faint on its background), in its pictures (resolution, RGB in a CMYK file) and
in the finished PDF (fonts not embedded).

Limits come from print practice: 300 dpi images, WCAG AA contrast, black ink alone for small
text. Each concern carries its facts (the dpi, the colour's inks, ...) so that `services.py`
can say it in a print service's own words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..colours import contrast, hex_of, to_cmyk
from ..errors import Where
from ..layout.markup import Element
from ..source.brand import LoadedBrand
from ..source.images import Raster
from ..units import MM, TOLERANCE
from .fonts import FontBook

MIN_DPI = 300
MIN_CONTRAST = 4.5  # WCAG AA for body text
MIN_CONTRAST_LARGE = 3.0  # WCAG AA for large text: 18 pt, or 14 pt bold
RICH_BLACK_TEXT_BELOW = 12.0  # pt: smaller text in several inks shows misregistration
RICH_BLACK_K = 0.8  # black ink from which a colour reads as black
RICH_BLACK_OTHER_INKS = 0.05  # and the cyan, magenta and yellow it takes on top (sum)
NEAR_TRIM = 0.5 * MM  # an edge this close inside the cut is art meant to reach it

Facts = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Concern:
    """What a print shop would question: the finding's kind, deckpress's words and hint, and
    the facts a print service's own words are filled in with (see services.py)."""

    kind: str
    problem: str
    hint: str
    facts: Facts = ()


class PrintBox(Protocol):
    """What a face is printed as: the card's trim, bleed and safe inset (points), whether the
    file is CMYK, and the PDF/X standard it follows (None, "x-1a" or "x-4")."""

    @property
    def width(self) -> float: ...
    @property
    def height(self) -> float: ...
    @property
    def bleed(self) -> float: ...
    @property
    def safe(self) -> float: ...
    @property
    def cmyk(self) -> bool: ...
    @property
    def pdfx(self) -> str | None: ...
    @property
    def preflight(self) -> bool: ...  # `check` looks further than `build` warns


def unembedded_fonts(pdf: Path) -> list[str]:
    """Names of fonts the PDF uses without carrying their glyphs (print shops refuse these)."""
    from pypdf import PdfReader

    missing: set[str] = set()
    reader = PdfReader(pdf)
    seen: set[int] = set()

    def visit(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            for leaf in [font, *[f.get_object() for f in font.get("/DescendantFonts", [])]]:
                descriptor = leaf.get("/FontDescriptor")
                files = descriptor.get_object() if descriptor is not None else {}
                embedded = any(key in files for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                if not embedded and leaf.get("/Subtype") != "/Type0":
                    missing.add(str(leaf.get("/BaseFont", "?")).lstrip("/"))
        for xobject in (resources.get("/XObject") or {}).values():
            key = getattr(xobject, "idnum", id(xobject))
            if key in seen:
                continue
            seen.add(key)
            inner = xobject.get_object()
            if inner.get("/Subtype") == "/Form":
                visit(inner.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return sorted(missing)


@dataclass
class Underneath:
    """What a face has painted so far, to tell the colour behind a piece of text."""

    background: str
    shapes: list[tuple[tuple[float, float, float, float], str | None]] = field(
        default_factory=list)  # (x, y, w, h) top-left based; colour, or None for an image

    def colour_at(self, x: float, y: float) -> str | None:
        for (left, top, width, height), colour in reversed(self.shapes):
            if left <= x <= left + width and top <= y <= top + height:
                return colour
        return self.background


def element_warnings(element: Element, box: PrintBox,
                     underneath: Underneath) -> list[Concern]:
    """What a print shop would question in one markup element of a face printed as `box`:
    outside the safe zone, art that stops at the trim, small text in a rich black (`check`
    only), text too faint on its background. Elements come in drawing order, so
    `underneath` learns what each one paints."""
    kind = element.kind
    if kind in ("rect", "ellipse") and element["fill"] is not None and element["opacity"] >= 1:
        shape = (element["x"], element["y"], element["w"], element["h"])
        underneath.shapes.append((shape, hex_of(element["fill"])))
    if kind == "image":
        underneath.shapes.append(((element["x"], element["y"], element["w"], element["h"]), None))
    checks = (_outside_safe_zone(element, box), _short_of_bleed(element, box),
              _rich_black(element, box), _low_contrast(element, underneath))
    return [concern for concern in checks if concern is not None]


def _what(element: Element) -> str:
    """The element as a print service's message names it."""
    if element.kind == "image":
        return f'image "{Path(element["src"]).name}"'
    if element.kind == "text":
        words = " ".join(re.sub(r"<[^>]+>", " ", element.content).split())
        return f'text "{words[:24]}{"…" if len(words) > 24 else ""}"'
    return {"rect": "rectangle", "qr": "QR code"}.get(element.kind, element.kind)


def _outside_safe_zone(element: Element, box: PrintBox) -> Concern | None:
    """Text, a QR code or a picture too near the cut. A picture that reaches the cut is art
    meant to run to the edge, not key art: whether it reaches on through the bleed is
    `_short_of_bleed`'s to say."""
    kind = element.kind
    if kind not in ("text", "image", "qr"):
        return None
    w = element["size"] if kind == "qr" else element["w"]
    h = element["size"] if kind == "qr" else element["h"]
    x, y = element["x"], element["y"]
    inset = min(x, y, box.width - x - w, box.height - y - h)  # nearest the cut, inside it
    if inset >= box.safe - TOLERANCE or (kind == "image" and inset <= TOLERANCE):
        return None
    return Concern("safe-zone", f"reaches outside the safe zone ({box.safe / MM:.2f} mm "
                   "inside the cut), where a slightly off cut can trim it",
                   "move it further in; --proof shows the safe zone",
                   (("what", _what(element)), ("inset_mm", f"{inset / MM:.1f}"),
                    ("inset_in", f"{inset / 72:.3f}")))


def _short_of_bleed(element: Element, box: PrintBox) -> Concern | None:
    """Art that reaches the cut (or nearly) but stops short of the bleed edge: a cut a little
    off leaves a white sliver there."""
    if box.bleed <= 0 or element.kind not in ("rect", "ellipse", "image"):
        return None
    if element.kind != "image" and element["fill"] is None:
        return None
    x, y, w, h = element["x"], element["y"], element["w"], element["h"]
    if w <= 0 or h <= 0:
        return None
    gaps = {"left": x, "top": y, "right": box.width - x - w, "bottom": box.height - y - h}
    short = [edge for edge, gap in gaps.items()
             if -box.bleed + TOLERANCE < gap <= NEAR_TRIM]
    if not short:
        return None
    edges = " and ".join([", ".join(short[:-1]), short[-1]] if len(short) > 1 else short)
    return Concern("bleed", f"the {_what(element)} reaches the cut at its {edges} "
                   f"edge{'s' if len(short) > 1 else ''} but "
                   f"not the bleed edge {box.bleed / MM:.2f} mm beyond it, so a cut a little "
                   "off leaves a white sliver",
                   f"extend it by the bleed (size.bleed, {box.bleed / MM:.2f} mm) past the "
                   "card's edge, or keep it inside the safe zone",
                   (("what", _what(element)), ("edges", edges)))


def rich_black_inks(colour: str) -> str | None:
    """`C75 M62 Y0 K84` (for #0A0F28) when a colour prints as a rich black in a CMYK file
    (black ink with other inks on top, as deckpress converts it), else None."""
    inks = to_cmyk(colour)
    others = inks.cyan + inks.magenta + inks.yellow
    if inks.black < RICH_BLACK_K or others < RICH_BLACK_OTHER_INKS:
        return None
    return " ".join(f"{name}{round(value * 100)}" for name, value in
                    zip("CMYK", (inks.cyan, inks.magenta, inks.yellow, inks.black), strict=True))


def _rich_black(element: Element, box: PrintBox) -> Concern | None:
    """Small text in a black of several inks: the slightest misregistration gives it coloured
    fringes, so printers ask for black ink alone. Said by `check` only (a layout's ink is on
    every card, and `build` prints each face's warnings), once per colour."""
    if not (box.preflight and box.cmyk) or element.kind != "text" or not element.content:
        return None
    size = float(element["size"])
    colour = hex_of(element["colour"])
    inks = rich_black_inks(colour)
    if size >= RICH_BLACK_TEXT_BELOW or inks is None:
        return None
    return Concern("rich-black", f"text in {colour} at {size:g} pt prints as a rich black "
                   f"({inks}), which shows coloured fringes when the inks are a hair out of "
                   "register", f"set text under {RICH_BLACK_TEXT_BELOW:g} pt in #000000 or a "
                   "grey (#RRGGBB with three equal parts), which print in black ink alone",
                   (("colour", colour), ("inks", inks), ("size", f"{size:g}")))


def _low_contrast(element: Element, underneath: Underneath) -> Concern | None:
    if element.kind != "text" or not element.content:
        return None
    x, y, w, h = element["x"], element["y"], element["w"], element["h"]
    behind = underneath.colour_at(x + w / 2, y + h / 2)
    if behind is None:  # over a picture there is no single colour to measure against
        return None
    colour = hex_of(element["colour"])
    ratio = contrast(colour, behind)
    large = element["size"] >= 18 or (element["size"] >= 14 and element["weight"] == "bold")
    needed = MIN_CONTRAST_LARGE if large else MIN_CONTRAST
    if ratio >= needed - 1e-9:
        return None
    return Concern("contrast", f"low contrast: text {colour} on {behind} is "
                   f"{shown_ratio(ratio)}:1, below the {needed:g}:1 that keeps it readable "
                   "(WCAG AA)",
                   "darken the text or lighten the background (the legible filter helps)")


def shown_ratio(ratio: float) -> str:
    """Rounded down, so a ratio just short of the limit never reads as the limit itself."""
    return f"{math.floor(ratio * 100) / 100:.2f}".rstrip("0").rstrip(".")


def picture_warnings(name: str, raster: Raster, drawn_width: float,
                     box: PrintBox) -> list[Concern]:
    """What a print shop would question in a bitmap drawn `drawn_width` points wide: under
    300 dpi, RGB in a CMYK file (PDF/X output converts it through the printing condition's
    ICC profile). Transparency in PDF/X-1a is flattened, or refused, by flatten.py."""
    found = []
    dpi = raster.width / (drawn_width / 72)
    if dpi < MIN_DPI - 0.5:
        needed = round(raster.width * MIN_DPI / dpi)
        found.append(Concern(
            "resolution", f"{name} prints at {dpi:.0f} dpi ({raster.width}×{raster.height} px "
            f"over {drawn_width / MM:.1f} mm); print shops ask for {MIN_DPI} dpi",
            f"use an image at least {needed} px wide, or an SVG",
            (("image", name), ("dpi", f"{dpi:.0f}"), ("needed_px", str(needed)))))
    if box.cmyk and box.pdfx is None and raster.mode not in GREY_OR_CMYK:
        found.append(Concern(
            "colour-space", f"{name} is an RGB image in a CMYK profile; the print shop will "
            "convert it", "save it as a CMYK JPEG to control the conversion yourself, or "
            "build with pdfx: x-1a, which converts it through the printing condition's profile",
            (("image", name), ("mode", "RGB"))))
    return found


# picture modes that print in CMYK or black ink as they are (Pillow's names: grey, grey with
# transparency, 16- and 32-bit grey, black and white)
GREY_OR_CMYK = ("CMYK", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "F", "1")


def font_style_warnings(brand: LoadedBrand, fonts: FontBook) -> list[tuple[Where, str, str]]:
    """(where, problem, hint) for each brand font without bold or italic files (those print in
    its regular face), and for each file in fonts/ that is not a font deckpress can use."""
    found = [(error.where, f"{error.problem}; it is left out", error.hint or "")
             for error in fonts.unreadable]
    chosen = brand.brand.fonts
    for role, name in (("body", chosen.body), ("heading", chosen.heading)):
        family = fonts.family(name)
        absent = [style for style, slot in (("bold", (True, False)), ("italic", (False, True)))
                  if slot not in family.files]
        if absent:
            found.append((brand.where("fonts", role),
                          f"the font {name} has no {' or '.join(absent)} file, so "
                          f"{' and '.join(absent)} text prints in its regular face",
                          f"add the {name} {' and '.join(absent).title()} .ttf files to fonts/"))
        if name == chosen.heading == chosen.body:
            break
    return found
