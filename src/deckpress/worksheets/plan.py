"""The worksheet pipeline: deck + brand → Jinja templates → flow markup → platypus → one PDF.

Each kind of sheet starts on a new page under its own page template, so the header can name
it; the document is laid out twice so every footer can say "page n of m".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from ..errors import DeckError, did_you_mean
from ..inputs import Inputs, load_inputs
from ..layout.attributes import MarkupError
from ..output.guard import Protected
from ..output.write import atomic_output, check_writable
from ..render.fonts import embedding
from ..reportlab_internals import binary_streams
from ..sizes import Paper, PaperError, sheet_paper
from ..units import shown
from .draw import DayWords, Flow, Look
from .flow import field_names
from .margins import page_text
from .pages import Pagination, lay_out
from .templates import (
    check_card_text,
    check_header_text,
    glyph_check,
    render_sheet,
    shared_context,
    templates_for,
)

KINDS = ("ladder", "log", "tracker", "debrief", "contacts")
MAX_DAYS = 366
MAX_BLANK = 200
DOCUMENT = "the worksheets"  # how messages about their paper name them


@dataclass(frozen=True)
class WorksheetResult:
    output: Path
    pages: int
    kinds: tuple[str, ...]
    fields: int


@dataclass(frozen=True)
class WorksheetSettings:
    """What to print: the paper, which sheets, with form fields or not, tracker days and blank
    log blocks (instead of one per card)."""

    paper: Paper
    kinds: tuple[str, ...] = KINDS
    fillable: bool = False
    days: int = 30
    blank: int | None = None


def worksheet_settings(paper: Paper | str = "letter", kinds: tuple[str, ...] | list[str] = (),
                       fillable: bool = False, days: int = 30,
                       blank: int | None = None) -> WorksheetSettings:
    """Settings from values as a user gives them; a mistake is a DeckError with a hint."""
    chosen = check_kinds(kinds)
    if not 1 <= days <= MAX_DAYS:
        raise DeckError(f"the tracker cannot have {days} days", None,
                        f"give --days a number from 1 to {MAX_DAYS}")
    if blank is not None and not 1 <= blank <= MAX_BLANK:
        raise DeckError(f"cannot print {blank} blank log blocks", None,
                        f"give --blank a number from 1 to {MAX_BLANK}")
    if blank is not None and "log" not in chosen:
        raise DeckError("--blank sets the blocks of the log, which is not among the chosen "
                        f"sheets ({', '.join(chosen)})", None,
                        "add --kind log, or leave out --blank", kind="option")
    chosen_paper = worksheet_paper(paper) if isinstance(paper, str) else paper
    return WorksheetSettings(chosen_paper, chosen, fillable, days, blank)


def worksheet_paper(text: str) -> Paper:
    """The paper for the worksheets, or a DeckError saying which would do."""
    try:
        return sheet_paper(text, DOCUMENT)
    except PaperError as error:
        raise DeckError(error.problem, None, error.hint) from None


def check_kinds(kinds: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The chosen kinds in the fixed order; an unknown kind is a DeckError with a suggestion."""
    for kind in kinds:
        if kind not in KINDS:
            raise DeckError(f"unknown worksheet kind '{shown(kind)}'", None,
                            did_you_mean(kind, KINDS))
    chosen = set(kinds) if kinds else set(KINDS)
    return tuple(kind for kind in KINDS if kind in chosen)


@dataclass
class WorksheetPlan:
    """Worksheets checked and laid out once, ready to write: every mistake in the deck, brand
    or templates has been found by the time a plan exists."""

    pagination: Pagination
    story: Callable[[], list[Flowable]]
    fields: int
    pages: int
    templates_used: dict[str, str]  # template name -> the file it was read from
    protected: Protected  # the files read, which the worksheets may not replace

    def write(self, output: Path) -> WorksheetResult:
        check_writable(output)
        self.protected.check(output, "the worksheets")
        with binary_streams(), atomic_output(output) as temp, \
                embedding(self.pagination.inputs.fonts):
            lay_out(self.pagination, self.story(), self.pages, temp)
        return WorksheetResult(output, self.pages, self.pagination.kinds, self.fields)


def plan_worksheets(inputs: Inputs, settings: WorksheetSettings) -> WorksheetPlan:
    """Check everything and lay the sheets out (the first of two passes: it counts the pages
    for "page n of m"), without writing anything."""
    brand, fonts = inputs.brand, inputs.fonts
    look = Look.of(fonts, brand.brand.fonts.body, brand.brand.fonts.heading,
                   brand.brand.colours.primary, settings.fillable)
    check_header_text(fonts, look, inputs)
    check_card_text(fonts, look, inputs)
    context = shared_context(inputs, look, settings.days, settings.blank, settings.paper.label)
    templates = templates_for(inputs.workspace)
    sheets = [render_sheet(templates, kind, context) for kind in settings.kinds]
    for sheet in sheets:  # the title is printed in the heading font in every page header
        glyph_check(fonts, look, sheet)(sheet.root["title"], sheet.root_as_heading())
    pagination = Pagination(inputs, look, settings.paper, settings.kinds,
                            {sheet.kind: sheet.root["title"] for sheet in sheets},
                            page_text(inputs, look, settings.paper.size[0]))

    labels = inputs.labels
    day_words = DayWords(labels.texts["tracker_asks"], labels.texts["tracker_noes"],
                         labels.texts["tracker_day"], labels.texts["tracker_asked"],
                         labels.where("tracker_noes") or labels.where("tracker_asks"))

    def story() -> list[Flowable]:
        """Fresh flowables for each layout pass (a pass consumes its flowables)."""
        flowables: list[Flowable] = []
        for index, sheet in enumerate(sheets):
            if index:
                flowables += [NextPageTemplate(sheet.kind), PageBreak()]
            flow = Flow(look, sheet.kind, glyph_check(fonts, look, sheet), day_words)
            try:
                flowables += flow.blocks(sheet.root.children)
            except MarkupError as error:
                raise sheet.error(error) from None
        return flowables

    fields = sum(len(field_names(sheet.root)) for sheet in sheets) if settings.fillable else 0
    with binary_streams(), embedding(inputs.fonts):
        pages = lay_out(pagination, story(), None)
    protected = inputs.protected().with_files((Path(path) for path in templates.used.values()),
                                              "a worksheet template")
    return WorksheetPlan(pagination, story, fields, pages, templates.used, protected)


def build_worksheets(deck_path: Path, output: Path, brand_path: Path | None = None,
                     settings: WorksheetSettings | None = None) -> WorksheetResult:
    """Write the chosen worksheets (all by default) for the deck into one PDF: the whole
    pipeline in one call for scripts and tests."""
    check_writable(output)
    settings = settings or worksheet_settings()
    return plan_worksheets(load_inputs(deck_path, brand_path), settings).write(output)
