"""`deckpress check`: the whole build without writing anything, collecting every finding.

It runs the deck pipeline with a findings list that keeps going after an error, inspects the
PDF it made (fonts), and tries the worksheets too, since a coach prints both (laid out and
measured, not drawn): their problems are warnings, because they do not stop `build` (only
`build --with-worksheets`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .build import DeckJob, Options, prepare_job, write_deck
from .errors import DeckError
from .findings import Findings
from .inputs import Inputs
from .output.profiles import Profile
from .render.preflight import unembedded_fonts
from .sizes import Paper, paper
from .worksheets import WorksheetSettings, check_worksheets


@dataclass(frozen=True)
class CheckResult:
    findings: Findings
    job: DeckJob | None  # None when the deck, brand or profile could not even be loaded

    @property
    def cards(self) -> int | None:
        return self.job.deck.card_count if self.job is not None else None


def check_deck(load: Callable[[], tuple[Inputs, Profile]],
               options: Options | None = None) -> CheckResult:
    """Check the deck `load` gives (with its profile); a problem in loading it is a finding
    like any other."""
    findings = Findings(keep_going=True)
    try:
        inputs, profile = load()
        job = prepare_job(inputs, profile, options)
    except DeckError as error:  # the deck, brand or profile itself
        findings.error(error)
        return CheckResult(findings, None)
    # the files' own problems: the cards left out for theirs are not rendered below
    for problem in (*inputs.deck.problems, *inputs.brand.problems):
        findings.error(problem)
    with tempfile.TemporaryDirectory(prefix="deckpress-check-") as scratch:
        pdf = Path(scratch) / "check.pdf"
        try:
            write_deck(job, pdf, None, findings)
        except DeckError as error:
            findings.error(error)
        if not findings.errors:
            for font in unembedded_fonts(pdf):
                findings.error(DeckError(f"the font {font} is not embedded in the PDF", None,
                                         "use a .ttf font from fonts/ in the brand", "font"))
    try:  # the worksheets a coach prints with the deck: a warning, as `build` does not need them
        check_worksheets(inputs, WorksheetSettings(paper_for_worksheets(profile)))
    except DeckError as error:
        for one in error.each or [error]:
            findings.warn(one.where, f"the worksheets would fail: {one.problem}", one.hint,
                          "worksheets")
    return CheckResult(findings, job)


def paper_for_worksheets(profile: Profile) -> Paper:
    """The deck's paper for its worksheets, if they can use it; else letter."""
    return paper(profile.page if profile.page in ("letter", "a4") else "letter")
