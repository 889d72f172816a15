"""`deckpress check`: the whole build without writing anything, collecting every finding.

It runs the deck pipeline with a findings list that keeps going after an error, inspects the
PDF it made (fonts), and tries the worksheets too, since a coach prints both: their problems
are warnings, because they do not stop `build` (only `build --with-worksheets`).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from .build import Options, build_deck
from .errors import DeckError
from .preflight import Findings, unembedded_fonts
from .profiles import Profile, load_profile
from .worksheets import plan_worksheets


@dataclass(frozen=True)
class CheckResult:
    findings: Findings
    cards: int | None  # None when the deck, brand or profile could not even be loaded


def check_deck(deck: Path, brand: Path | None, profile: str, workspace: Path,
               options: Options | None = None) -> CheckResult:
    findings = Findings(keep_going=True)
    with tempfile.TemporaryDirectory(prefix="deckpress-check-") as scratch:
        pdf = Path(scratch) / "check.pdf"
        try:
            cards = build_deck(deck, pdf, brand, profile, None, options, findings).cards
        except DeckError as error:  # before drawing: the deck, brand or profile itself
            findings.error(error)
            return CheckResult(findings, None)
        if not findings.errors:
            for font in unembedded_fonts(pdf):
                findings.error(DeckError(f"the font {font} is not embedded in the PDF", None,
                                         "use a .ttf font from fonts/ in the brand"))
    try:  # the worksheets a coach prints with the deck: a warning, as `build` does not need them
        plan_worksheets(deck, brand, worksheet_paper(load_profile(profile, workspace)))
    except DeckError as error:
        for one in error.each or [error]:
            findings.warn(one.where, f"the worksheets would fail: {one.problem}", one.hint)
    return CheckResult(findings, cards)


def worksheet_paper(profile: Profile) -> str:
    """The deck's paper for its worksheets, if they can use it; else letter."""
    return profile.page if profile.page in ("letter", "a4") else "letter"


def report_lines(findings: Findings) -> list[str]:
    """One line per finding, but a layout problem repeated on every card is said once, with
    the number of other cards it affects."""
    order: dict[tuple, list] = {}
    for number, finding in enumerate(findings.items):
        from_layout = " of layout '" in finding.problem  # the same markup on many cards
        key = (finding.severity, finding.problem, finding.hint) if from_layout else (number,)
        order.setdefault(key, []).append(finding)
    lines = []
    for same in order.values():
        line = same[0].line()
        if len(same) > 1:
            line += f" (and on {plural(len(same) - 1, 'more card')})"
        lines.append(line)
    return lines


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"
