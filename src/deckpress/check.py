"""`deckpress check`: the whole build without writing anything, collecting every finding.

It runs the deck pipeline with a findings list that keeps going after an error, inspects the
PDF it made (fonts), and tries the worksheets too, since a coach prints both (laid out and
measured, not drawn): their problems are warnings, because they do not stop `build` (only
`build --with-worksheets`). Its faces look further than a build's (small text in a rich black,
said once per colour), and on a print service's profile what the service would flag is said in
the service's words (services.py); the rest stays deckpress's own.
"""

from __future__ import annotations

import multiprocessing
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .build import DeckJob, Options, prepare_job, write_deck
from .errors import DeckError
from .findings import Finding, Findings, plural
from .inputs import Inputs
from .output.profiles import Profile
from .render.preflight import unembedded_fonts
from .render.records import portable
from .services import in_service_words, service_for
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
        job = looking_further(prepare_job(inputs, profile, options))
    except DeckError as error:  # the deck, brand or profile itself
        findings.error(error)
        return CheckResult(findings, None)
    # the files' own problems: the cards left out for theirs are not rendered below
    for problem in (*inputs.deck.problems, *inputs.brand.problems):
        findings.error(problem)
    settings = WorksheetSettings(paper_for_worksheets(profile))
    # the worksheets are checked in a process of their own while the cards are drawn, when
    # the cards are drawn by several: the two take about the same time
    with Beside(worksheet_findings, inputs, settings, alone=job.jobs <= 1) as sheets:
        with tempfile.TemporaryDirectory(prefix="deckpress-check-") as scratch:
            pdf = Path(scratch) / "check.pdf"
            try:
                write_deck(job, pdf, None, findings)
            except DeckError as error:
                findings.error(error)
            if not findings.errors:
                for font in unembedded_fonts(pdf):
                    findings.error(DeckError(f"the font {font} is not embedded in the PDF",
                                             None, "use a .ttf font from fonts/ in the brand",
                                             "font"))
        findings.items.extend(sheets.result())
    service = service_for(profile.name)
    if service is not None:  # what the print service would flag, in its words
        findings.items[:] = [in_service_words(finding, service) for finding in findings.items]
    findings.items[:] = once_per_colour(findings.items)
    return CheckResult(findings, job)


def looking_further(job: DeckJob) -> DeckJob:
    """The job with its faces drawn for a preflight: they also say what only a print shop's
    preflight asks about (small text in a rich black), which `build` does not repeat."""
    return replace(job, face_spec=replace(job.face_spec, preflight=True))


def once_per_colour(items: list[Finding]) -> list[Finding]:
    """The findings with small text in a rich black said once per colour (the first place it
    is found, and how many more texts and cards have it): a colour is one choice, made in a
    layout or brand, not one per card."""
    firsts: dict[str, int] = {}
    texts: dict[str, int] = {}
    cards: dict[str, set[str | None]] = {}
    kept: list[Finding] = []
    for finding in items:
        colour = dict(finding.facts).get("colour") if finding.kind == "rich-black" else None
        if colour is None:
            kept.append(finding)
            continue
        if colour not in firsts:
            firsts[colour] = len(kept)
            kept.append(finding)
        texts[colour] = texts.get(colour, 0) + 1
        cards.setdefault(colour, set()).add(finding.where.card)
    for colour, index in firsts.items():
        if texts[colour] > 1:
            first = kept[index]
            more = f"and {plural(texts[colour] - 1, 'more text')} in {colour}, on " \
                   f"{plural(len(cards[colour]), 'card')}"
            kept[index] = replace(first, problem=f"{first.problem} ({more})")
    return kept


def worksheet_findings(inputs: Inputs, settings: WorksheetSettings) -> list[Finding]:
    """What would stop the worksheets a coach prints with the deck: warnings, as `build` does
    not need them (only `build --with-worksheets` does)."""
    try:
        check_worksheets(inputs, settings)
    except DeckError as error:
        return [Finding("warning", "worksheets", portable(one.where),
                        f"the worksheets would fail: {one.problem}", one.hint)
                for one in error.each or [error]]
    return []


class Beside:
    """`function(*args)` run in a forked process while this one goes on, its result taken
    when asked; run here instead with `alone`, where processes cannot be forked, or if the
    process ends without a result."""

    def __init__(self, function: Callable[..., list[Finding]], *args: Any, alone: bool = False):
        self.function, self.args = function, args
        self.process: Any = None
        if alone or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_send_result, args=(send, function, args),
                                       daemon=True)
        self.process.start()
        send.close()

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        """The process ended, whatever happened here (Ctrl-C, an error)."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.receive.close()

    def result(self) -> list[Finding]:
        if self.process is not None:
            try:
                found: list[Finding] | None = self.receive.recv()
            except (EOFError, OSError):
                found = None  # it ended without a result
            if found is not None:
                return found
        return self.function(*self.args)


def _send_result(send: Any, function: Callable[..., list[Finding]], args: tuple[Any, ...]) -> None:
    """In the forked process: Ctrl-C is for the command's own process, which ends this one;
    a failure that is not a finding (a bug) sends nothing, and the function is run again in
    the command's process, which reports it as it reports any."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        found: list[Finding] | None = function(*args)
    except Exception:  # said again, properly, when run in the command's process
        found = None
    send.send(found)
    send.close()


def paper_for_worksheets(profile: Profile) -> Paper:
    """The deck's paper for its worksheets, if they can use it; else letter."""
    return paper(profile.page if profile.page in ("letter", "a4") else "letter")
