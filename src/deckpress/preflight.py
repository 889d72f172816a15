"""Preflight: what a print shop would reject (errors) or question (warnings), and the findings
list they are collected in.

Drawing reports into a `Findings` list instead of printing, so `build` can stop on the first
error while `check` collects every finding in the deck and lists them one per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .colours import contrast
from .errors import DeckError, Where
from .units import POINTS_PER_UNIT

MIN_DPI = 300
MIN_CONTRAST = 4.5  # WCAG AA for body text
MIN_CONTRAST_LARGE = 3.0  # WCAG AA for large text: 18 pt, or 14 pt bold
EDGE_TOLERANCE = 0.01  # pt


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    where: Where
    problem: str
    hint: str | None = None

    def line(self) -> str:
        place = self.where.describe()
        text = f"{self.severity}: {place + ': ' if place else ''}{self.problem}"
        return text + (f" (hint: {self.hint})" if self.hint else "")


@dataclass
class Findings:
    """Findings of one run; `keep_going` collects errors too instead of raising them."""

    keep_going: bool = False
    items: list[Finding] = field(default_factory=list)

    def warn(self, where: Where, problem: str, hint: str | None = None) -> None:
        self.items.append(Finding("warning", where, problem, hint))

    def error(self, error: DeckError) -> None:
        """The error, or each of the problems it stands for when several were found at once."""
        for one in error.each or [error]:
            self.items.append(Finding("error", one.where, one.problem, one.hint))

    @property
    def errors(self) -> list[Finding]:
        return [item for item in self.items if item.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [item for item in self.items if item.severity == "warning"]


def unembedded_fonts(pdf: Path) -> list[str]:
    """Names of fonts the PDF uses without carrying their glyphs (print shops refuse these)."""
    from pypdf import PdfReader

    missing: set[str] = set()
    reader = PdfReader(pdf)
    seen: set[int] = set()

    def visit(resources) -> None:
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


def hex_of(colour) -> str:
    """`#RRGGBB` of a ReportLab colour."""
    return "#" + colour.hexval()[2:].upper()


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


def element_warnings(element, width: float, height: float, safe: float,
                     underneath: Underneath) -> list[tuple[str, str]]:
    """(problem, hint) for what a print shop would question in one markup element of a card
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
    if (x < safe - EDGE_TOLERANCE or y < safe - EDGE_TOLERANCE
            or x + w > width - safe + EDGE_TOLERANCE or y + h > height - safe + EDGE_TOLERANCE):
        found.append((f"reaches outside the safe zone ({safe / POINTS_PER_UNIT['mm']:.2f} mm "
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
                found.append((f"low contrast: text {colour} on {behind} is {ratio:.1f}:1, below "
                              f"the {needed:g}:1 that keeps it readable (WCAG AA)",
                              "darken the text or lighten the background (the legible filter "
                              "helps)"))
    return found
