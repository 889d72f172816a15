"""The worksheet pipeline: deck + brand → Jinja templates → flow markup → platypus → one PDF.

Each kind of sheet starts on a new page under its own page template, so the header can name
it. The document is laid out once: every footer's "page n of m" is filled in after the last
page (see pages.py), and `deckpress check` measures the same layout without drawing it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from ..choices import MAX_BLANK, MAX_DAYS, WORKSHEET_KINDS
from ..errors import DeckError, Where, did_you_mean
from ..inputs import Inputs, load_inputs
from ..layout.attributes import MarkupError
from ..layout.typography import typeset
from ..output.guard import Protected
from ..output.write import atomic_output, check_writable
from ..render.fonts import embedding
from ..reportlab_internals import binary_streams
from ..sizes import Paper, PaperError, sheet_paper
from ..source.labels import text_language_for
from ..units import shown
from . import identity
from .draw import DayWords, Flow, Look
from .flow import field_names
from .margins import check_title, page_text
from .pages import Pagination, lay_out
from .programme import Programme
from .templates import (
    RenderedSheet,
    check_card_text,
    check_header_text,
    chosen_programme,
    glyph_check,
    render_sheet,
    shared_context,
    templates_for,
)

KINDS = WORKSHEET_KINDS
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


def output_suffix(settings: WorksheetSettings) -> str:
    """The end of the worksheets' file name: `-worksheets-letter.pdf`, or
    `-worksheets-fillable-letter.pdf`, so the fillable file never replaces the printed one."""
    return f"-worksheets-{'fillable-' if settings.fillable else ''}{settings.paper.label}.pdf"


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
    """Worksheets checked and laid out, once, ready to write: every mistake in the deck, brand
    or templates has been found by the time a plan exists, and `pdf` is the finished file."""

    pagination: Pagination
    pdf: bytes
    fields: int
    pages: int
    templates_used: dict[str, str]  # template name -> the file it was read from
    protected: Protected  # the files read, which the worksheets may not replace
    chosen: str = ""  # what the ladder and log hold, and how it was chosen (for the console)

    def write(self, output: Path) -> WorksheetResult:
        check_writable(output)
        self.protected.check(output, "the worksheets")
        with atomic_output(output) as temp:
            temp.write_bytes(self.pdf)
        return WorksheetResult(output, self.pages, self.pagination.kinds, self.fields)


@dataclass(frozen=True)
class Prepared:
    """The sheets rendered from their templates and checked, before any layout."""

    pagination: Pagination
    sheets: list[RenderedSheet]
    story: Callable[[], list[Flowable]]  # fresh flowables for a layout (one consumes them)
    templates_used: dict[str, str]
    chosen: Programme
    day_dates: bool  # the tracker's days have a line for their date (no start date given)


def plan_worksheets(inputs: Inputs, settings: WorksheetSettings) -> WorksheetPlan:
    """Check everything and lay the sheets out once, into the PDF that `write` puts in place;
    nothing is written to disk."""
    prepared = prepare_worksheets(inputs, settings)
    pagination = prepared.pagination
    with binary_streams(), embedding(inputs.fonts):
        pdf = io.BytesIO()
        pages = lay_out(pagination, prepared.story(), pdf)
        if not pagination.text.has_room_for(pages):  # rare: room for a longer "page n of m"
            pagination = _with_room_for(pagination, pages)
            pdf = io.BytesIO()
            lay_out(pagination, prepared.story(), pdf)
    fields = sum(len(field_names(sheet.root, prepared.day_dates))
                 for sheet in prepared.sheets) if settings.fillable else 0
    protected = inputs.protected().with_files(
        (Path(path) for path in prepared.templates_used.values()), "a worksheet template")
    return WorksheetPlan(pagination, pdf.getvalue(), fields, pages, prepared.templates_used,
                         protected, prepared.chosen.summary(settings.kinds))


def check_worksheets(inputs: Inputs, settings: WorksheetSettings) -> int:
    """Find what would stop `plan_worksheets`, for `deckpress check`, at the cost of a layout
    measured only (nothing drawn, nothing written); the number of pages."""
    prepared = prepare_worksheets(inputs, settings)
    pages = lay_out(prepared.pagination, prepared.story())
    if not prepared.pagination.text.has_room_for(pages):
        _with_room_for(prepared.pagination, pages)  # the footer may no longer fit
    return pages


def _with_room_for(pagination: Pagination, pages: int) -> Pagination:
    """The pagination with the footer fitted again around "page n of m" of `pages` pages; a
    DeckError if the coach's line no longer fits beside it."""
    return replace(pagination, text=page_text(pagination.inputs, pagination.look,
                                              pagination.paper.size[0], pages))


def prepare_worksheets(inputs: Inputs, settings: WorksheetSettings) -> Prepared:
    """Render the sheets from their templates and check them, the header and the footer:
    everything but the layout."""
    brand, fonts = inputs.brand, inputs.fonts
    look = Look.of(fonts, brand.brand.fonts.body, brand.brand.fonts.heading,
                   brand.brand.colours.primary, settings.fillable)
    check_header_text(fonts, look, inputs)
    check_card_text(fonts, look, inputs)
    chosen = chosen_programme(inputs, settings.blank)
    context = shared_context(inputs, look, settings.days, chosen, settings.paper.label,
                             settings.blank)
    templates = templates_for(inputs.workspace)
    sheets = [render_sheet(templates, kind, context) for kind in settings.kinds]
    # the title is printed in the heading font in every page header, set as the cards' text is
    titles = {sheet.kind: typeset(sheet.root["title"], text_language_for(inputs.deck, brand))
              for sheet in sheets}
    for sheet in sheets:
        glyph_check(fonts, look, sheet)(titles[sheet.kind], sheet.root_as_heading())
    pagination = Pagination(inputs, look, settings.paper, settings.kinds,
                            titles,
                            page_text(inputs, look, settings.paper.size[0]))
    for sheet in sheets:
        check_title(titles[sheet.kind], sheet.kind, look, pagination.text,
                    settings.paper.size[0],
                    inputs.labels.where(f"{sheet.kind}_title") or Where(sheet.template))

    labels = inputs.labels
    day_words = DayWords(labels.texts["tracker_asks"], labels.texts["tracker_noes"],
                         labels.texts["tracker_day"], labels.texts["tracker_asked"],
                         labels.where("tracker_noes") or labels.where("tracker_asks"),
                         inputs.person.start, inputs.language, labels.texts["log_date"])

    def story() -> list[Flowable]:
        flowables: list[Flowable] = identity.stamp(inputs, settings, context["rungs"])
        for index, sheet in enumerate(sheets):
            if index:
                flowables += [NextPageTemplate(sheet.kind), PageBreak()]
            flow = Flow(look, sheet.kind, glyph_check(fonts, look, sheet), day_words)
            try:
                flowables += flow.blocks(sheet.root.children)
            except MarkupError as error:
                raise sheet.error(error) from None
        return flowables

    return Prepared(pagination, sheets, story, templates.used, chosen,
                    inputs.person.start is None)


def build_worksheets(deck_path: Path, output: Path, brand_path: Path | None = None,
                     settings: WorksheetSettings | None = None) -> WorksheetResult:
    """Write the chosen worksheets (all by default) for the deck into one PDF: the whole
    pipeline in one call for scripts and tests."""
    check_writable(output)
    settings = settings or worksheet_settings()
    return plan_worksheets(load_inputs(deck_path, brand_path), settings).write(output)
