"""Preflight: what a print shop would question in a card's markup elements (content outside the
safe zone, text too faint on its background) and in the finished PDF (fonts not embedded).

Limits come from print practice: 300 dpi images, WCAG AA contrast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..colours import contrast, hex_of
from ..errors import Where
from ..layout.markup import Element
from ..source.brand import LoadedBrand
from ..units import MM, TOLERANCE
from .fonts import FontBook

MIN_DPI = 300
MIN_CONTRAST = 4.5  # WCAG AA for body text
MIN_CONTRAST_LARGE = 3.0  # WCAG AA for large text: 18 pt, or 14 pt bold


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


def element_warnings(element: Element, width: float, height: float, safe: float,
                     underneath: Underneath) -> list[tuple[str, str, str]]:
    """(kind, problem, hint) for what a print shop would question in one markup element of a card
    `width` × `height` points: outside the safe zone, or text too faint on its background.
    Elements come in drawing order, so `underneath` learns what each one paints."""
    kind = element.kind
    if kind in ("rect", "ellipse"):
        if element["fill"] is not None and element["opacity"] >= 1:
            box = (element["x"], element["y"], element["w"], element["h"])
            underneath.shapes.append((box, hex_of(element["fill"])))
        return []
    if kind == "image":
        underneath.shapes.append(((element["x"], element["y"], element["w"], element["h"]), None))
    if kind not in ("text", "image", "qr"):
        return []
    found = []
    w = element["size"] if kind == "qr" else element["w"]
    h = element["size"] if kind == "qr" else element["h"]
    x, y = element["x"], element["y"]
    if (x < safe - TOLERANCE or y < safe - TOLERANCE
            or x + w > width - safe + TOLERANCE or y + h > height - safe + TOLERANCE):
        found.append(("safe-zone", f"reaches outside the safe zone ({safe / MM:.2f} mm "
                      "inside the cut), where a slightly off cut can trim it",
                      "move it further in; --proof shows the safe zone"))
    if kind == "text" and element.content:
        behind = underneath.colour_at(x + w / 2, y + h / 2)
        if behind is not None:  # over a picture there is no single colour to measure against
            colour = hex_of(element["colour"])
            ratio = contrast(colour, behind)
            large = element["size"] >= 18 or (element["size"] >= 14
                                              and element["weight"] == "bold")
            needed = MIN_CONTRAST_LARGE if large else MIN_CONTRAST
            if ratio < needed - 1e-9:
                found.append(("contrast",
                              f"low contrast: text {colour} on {behind} is {ratio:.1f}:1, below "
                              f"the {needed:g}:1 that keeps it readable (WCAG AA)",
                              "darken the text or lighten the background (the legible filter "
                              "helps)"))
    return found


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
