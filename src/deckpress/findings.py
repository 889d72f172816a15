"""Findings: the errors and warnings of one run, as data that `build` and `check` share.

Drawing reports into a `Findings` list instead of printing, so `build` can stop on the first
error while `check` collects every finding in the deck and lists them one per line. A finding
keeps its place as fields (file, line, card, field; layout, side, element), so grouping and
any tool that reads findings never depend on how a message is worded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .errors import DeckError, Where, place_and_problem

Severity = Literal["error", "warning"]

KINDS = {
    "input": "a mistake in a deck, brand, client, profile or option",
    "option": "command-line options that do not go together, or an output place (-o) that "
              "cannot be used",
    "file": "a file that is missing, damaged or of the wrong type",
    "template": "a layout or worksheet template that cannot be rendered",
    "markup": "markup a layout produced that is not valid",
    "overflow": "text that does not fit its box",
    "text-size": "a card's text that needs a size well below what most cards' texts fit",
    "glyph": "a character the font has no glyph for",
    "profile": "a deck that does not suit the printer profile",
    "font": "a font that is not embedded, or lacks a bold or italic file",
    "safe-zone": "content outside the safe zone",
    "contrast": "text too faint on its background",
    "resolution": "an image under the resolution print shops ask for",
    "colour-space": "an RGB image in a CMYK profile",
    "bleed": "art that reaches the cut but stops short of the bleed edge",
    "transparency": "transparency PDF/X-1a output cannot flatten (PDF/X-1a allows none)",
    "rich-black": "small text in a black of several inks (a rich black) in a CMYK file",
    "worksheets": "a problem the worksheets would have",
}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    kind: str  # one of KINDS
    where: Where
    problem: str
    hint: str | None = None
    # what the problem is measured as (("dpi", "190"), ...), for a print service's words
    facts: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:  # a new kind is documented in KINDS first
            raise ValueError(f"unknown finding kind {self.kind!r}")

    @classmethod
    def of(cls, error: DeckError, severity: Severity = "error") -> Finding:
        return cls(severity, error.kind, error.where, error.problem, error.hint)

    def line(self) -> str:
        text = f"{self.severity}: {place_and_problem(self.where, self.problem)}"
        return text + (f" (hint: {self.hint})" if self.hint else "")

    def same_layout_problem(self) -> tuple[object, ...] | None:
        """What identifies this problem across cards, when it comes from a layout's own markup
        (the same element of the same layout, said the same way); None otherwise."""
        markup = self.where.markup
        if markup is None:
            return self._same_value_problem()
        return (self.severity, self.kind, markup, self.problem, self.hint)

    def _same_value_problem(self) -> tuple[object, ...] | None:
        """What identifies a problem with one value (a field at a line of a file) that every
        card showing it has, such as a client's programme too long for the cards' backs."""
        where = self.where
        if where.card is None or where.field is None or where.line is None:
            return None
        return (self.severity, self.kind, str(where.file), where.line, where.cell, where.field,
                self.problem, self.hint)


@dataclass
class Findings:
    """Findings of one run; `keep_going` collects errors too instead of raising them."""

    keep_going: bool = False
    items: list[Finding] = field(default_factory=list)

    def warn(self, where: Where, problem: str, hint: str | None = None,
             kind: str = "input", facts: tuple[tuple[str, str], ...] = ()) -> None:
        self.items.append(Finding("warning", kind, where, problem, hint, facts))

    def error(self, error: DeckError) -> None:
        """The error, or each of the problems it stands for when several were found at once."""
        for one in error.each or [error]:
            self.items.append(Finding.of(one))

    @property
    def errors(self) -> list[Finding]:
        return [item for item in self.items if item.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [item for item in self.items if item.severity == "warning"]


def report_lines(findings: Findings) -> list[str]:
    """One line per finding, but a layout problem repeated on many cards is said once, with
    the number of other cards it affects."""
    groups: dict[object, list[Finding]] = {}
    for finding in findings.items:  # the same problem at the same place: said once
        groups.setdefault(finding.same_layout_problem() or finding.line(), []).append(finding)
    lines = []
    for same in groups.values():
        line = same[0].line()
        if len(same) > 1:
            line += f" (and on {plural(len(same) - 1, 'more card')})"
        lines.append(line)
    return lines


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"
