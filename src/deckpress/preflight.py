"""Preflight findings: what a print shop would reject (errors) or question (warnings).

Drawing reports into a `Findings` list instead of printing, so `build` can stop on the first
error while `check` collects every finding in the deck and lists them one per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import DeckError, Where

MIN_DPI = 300
MIN_CONTRAST = 4.5  # WCAG AA for body text
MIN_CONTRAST_LARGE = 3.0  # WCAG AA for large text: 18 pt, or 14 pt bold


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
