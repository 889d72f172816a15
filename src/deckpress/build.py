"""The deck pipeline: load → template → markup → draw → impose → write.

Cards are rendered and drawn sheet by sheet, so memory stays flat as decks grow; each distinct
face is drawn once as a form and placed by reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .assets import Assets
from .draw import Context, FaceSpec, draw_face
from .errors import DeckError
from .fonts import FontBook, load_fonts
from .impose import (
    ImpositionError,
    Sheet,
    back_slot,
    crop_marks,
    mirror_line,
    sheet_layout,
)
from .load import LoadedBrand, LoadedDeck, load_brand, load_deck
from .markup import MarkupError, parse_card
from .pdfwriter import streaming_save
from .profiles import Profile, load_profile
from .template import Layouts
from .units import to_mm
from .write import atomic_output, check_writable

DEFAULT_PROFILE = "home-letter"
POKER = (180.0, 252.0)  # 2.5 x 3.5 in, in points
PDF_DUPLEX = {"long-edge": "DuplexFlipLongEdge", "short-edge": "DuplexFlipShortEdge"}


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    cards: int
    faces: int


@dataclass
class Job:
    """Everything one build needs, loaded and checked before any drawing starts."""

    deck: LoadedDeck
    brand: LoadedBrand
    profile: Profile
    fonts: FontBook
    layouts: Layouts
    sheet: Sheet
    face_spec: FaceSpec


def prepare_job(deck_path: Path, brand_path: Path | None, profile_name: str) -> Job:
    deck = load_deck(deck_path)
    brand = load_brand(brand_path)
    workspace = deck.workspace
    fonts = load_fonts(workspace)
    fonts.family(brand.brand.fonts.body, brand.where("fonts", "body"))
    fonts.family(brand.brand.fonts.heading, brand.where("fonts", "heading"))
    profile = load_profile(profile_name, workspace)
    page_width, page_height = profile.page_size
    try:
        sheet = sheet_layout(page_width, page_height, deck.width, deck.height, profile.margin,
                             profile.gutter, profile.bleed)
    except ImpositionError as error:
        raise DeckError(f"the cards do not fit profile '{profile.name}': {error}",
                        deck.source.where(("size",), None, "size"),
                        "choose a smaller card size or another profile") from None
    layouts = Layouts(workspace)
    folders = (deck.source.path.parent.resolve(), workspace)
    face_spec = FaceSpec(deck.width, deck.height, profile.bleed, folders)
    return Job(deck, brand, profile, fonts, layouts, sheet, face_spec)


def build_deck(
    deck_path: Path,
    output: Path,
    brand_path: Path | None = None,
    profile_name: str = DEFAULT_PROFILE,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the deck; `progress(done, total)` is called after each card is drawn."""
    check_writable(output)
    job = prepare_job(deck_path, brand_path, profile_name)
    with atomic_output(output) as temp:
        pages, faces = render_pdf(job, temp, progress)
    return BuildResult(output, pages, job.deck.deck.card_count, faces)


def template_context(job: Job) -> dict[str, Any]:
    """The names every layout can use besides `card`, `category` and `level`."""
    deck = job.deck.deck
    brand = job.brand.brand
    spec = job.face_spec
    return {
        "deck": {
            "title": deck.title,
            "subtitle": deck.subtitle,
            "size": deck.size,
            "levels": [level.model_dump() for level in deck.levels],
            "categories": {key: value.model_dump() for key, value in deck.categories.items()},
            "card_count": deck.card_count,
        },
        "brand": brand.model_dump(),
        "logo": str(job.brand.logo) if job.brand.logo else None,
        "size": {
            "width": round(to_mm(spec.width), 4),
            "height": round(to_mm(spec.height), 4),
            "bleed": round(to_mm(spec.bleed), 4),
            "safe": round(to_mm(job.profile.safe), 4),
            # relative to a poker card, so layouts can scale type and spacing with the card
            "scale": round(min(spec.width / POKER[0], spec.height / POKER[1]), 4),
        },
    }


@dataclass(frozen=True)
class Lookups:
    """Each category's and level's layout values, worked out once rather than per card."""

    categories: dict[str, dict[str, Any]]
    levels: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, loaded: LoadedDeck) -> Lookups:
        deck = loaded.deck
        categories = {}
        for key, category in deck.categories.items():
            icon = loaded.icons.get(key)
            categories[key] = {"id": key, **category.model_dump(),
                               "icon": str(icon) if icon else None}
        levels = {level.id: {**level.model_dump(), "number": number, "count": len(deck.levels)}
                  for number, level in enumerate(deck.levels, start=1)}
        return cls(categories, levels)


def card_context(job: Job, index: int, shared: dict[str, Any], lookups: Lookups) -> dict[str, Any]:
    card = job.deck.deck.cards[index]
    # copies, so a layout that changes a dict cannot leak into the next card
    category = dict(lookups.categories[card.category]) if card.category is not None else None
    level = dict(lookups.levels[card.level]) if card.level is not None else None
    return {**shared, "card": card.model_dump(), "category": category, "level": level}


def _card_order(job: Job) -> Iterator[int]:
    for index, card in enumerate(job.deck.deck.cards):
        for _ in range(card.copies):
            yield index


def _chunks(items: Iterator[int], size: int) -> Iterator[list[int]]:
    chunk: list[int] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def _binary_streams():
    """ReportLab ASCII85-encodes streams by default: 25 % larger files, slower to write."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def render_pdf(
    job: Job, destination: Path, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Write the PDF to `destination`; return (page count, distinct faces drawn)."""
    with _binary_streams(), open(destination, "wb") as stream:
        return _draw_document(job, stream, progress)


def _draw_document(
    job: Job, stream: BinaryIO, progress: Callable[[int, int], None] | None
) -> tuple[int, int]:
    deck = job.deck.deck
    brand = job.brand.brand
    body_font = job.fonts.family(brand.fonts.body).face()
    sheet = job.sheet
    canvas = Canvas(stream, pagesize=(sheet.page_width, sheet.page_height), invariant=1,
                    pageCompression=1, initialFontName=body_font)
    canvas.setTitle(deck.title)
    canvas.setAuthor(brand.coach.business or brand.coach.name or "deckpress")
    canvas.setSubject(deck.subtitle or deck.title)
    canvas.setCreator(f"deckpress {__version__}")
    canvas.setViewerPreference("PrintScaling", "None")
    if job.profile.duplex in PDF_DUPLEX:
        canvas.setViewerPreference("Duplex", PDF_DUPLEX[job.profile.duplex])
    assets = Assets(text_font=body_font, fonts=job.fonts)
    shared = template_context(job)
    lookups = Lookups.of(job.deck)
    drawn: dict[str, str] = {}  # face key -> form name
    faces_of: dict[int, tuple[str, str]] = {}
    marks = []
    if job.profile.crop_marks is not None:
        style = job.profile.crop_marks
        marks = crop_marks(sheet, style.length, style.offset, style.edge)
    pages = 0
    done, total = 0, shared["deck"]["card_count"]
    for chunk in _chunks(_card_order(job), sheet.per_sheet):
        for index in chunk:
            if index not in faces_of:
                faces_of[index] = _draw_card(canvas, job, index, shared, lookups, assets, drawn)
            done += 1
            if progress:
                progress(done, total)
        _place(canvas, job, sheet.slots, [faces_of[i][0] for i in chunk], marks, None)
        pages += 1
        # Backs follow their fronts; with duplex "none" they are not mirrored (print, then glue).
        _place(canvas, job, sheet.slots, [faces_of[i][1] for i in chunk], marks,
               job.profile.duplex)
        pages += 1
    with streaming_save(stream):
        canvas.save()
    return pages, len(drawn)


def _draw_card(canvas: Canvas, job: Job, index: int, shared: dict[str, Any], lookups: Lookups,
               assets: Assets, drawn: dict[str, str]) -> tuple[str, str]:
    card = job.deck.deck.cards[index]
    where = job.deck.card_where(index)
    layout = card.layout or job.deck.deck.layout
    markup = job.layouts.render(layout, card_context(job, index, shared, lookups), where)
    try:
        sides = parse_card(markup)
        names = []
        for side in sides:
            # The markup decides identity: copies and a shared back become one drawing. Forms
            # are numbered, not named by key, so the PDF does not depend on where files live.
            name = drawn.get(side.key)
            if name is None:
                name = f"face{len(drawn) + 1}"
                draw_face(canvas, name, side.face(), job.face_spec, job.fonts,
                          job.brand.brand.fonts.body, assets, Context(where, layout, side.name))
                drawn[side.key] = name
            names.append(name)
    except MarkupError as error:
        lines = markup.splitlines()
        snippet = ""
        if error.line and 0 < error.line <= len(lines):
            snippet = f"\n  markup line {error.line}: {lines[error.line - 1].strip()[:100]}"
        raise DeckError(f"invalid card markup from layout '{layout}': {error.problem}{snippet}",
                        where, error.hint) from None
    return names[0], names[1]


def _place(canvas: Canvas, job: Job, slots, faces: list[str], marks, duplex: str | None) -> None:
    sheet = job.sheet
    for slot, face in zip(slots, faces, strict=False):
        target = slot if duplex is None else back_slot(slot, sheet.page_width, sheet.page_height,
                                                       duplex)
        canvas.saveState()
        canvas.translate(target.x, target.y)
        canvas.doForm(face)
        canvas.restoreState()
    if marks:
        style = job.profile.crop_marks
        canvas.saveState()
        canvas.setLineWidth(style.width)
        canvas.setStrokeColorRGB(0, 0, 0)
        for line in marks:
            if duplex is not None:
                line = mirror_line(line, sheet.page_width, sheet.page_height, duplex)
            canvas.line(line.x1, line.y1, line.x2, line.y2)
        canvas.restoreState()
    canvas.showPage()
