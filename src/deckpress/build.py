"""The deck pipeline: load → template → markup → draw → impose → write.

Cards are rendered and drawn sheet by sheet, so memory stays flat as decks grow; each distinct
face is drawn once as a form and placed by reference.
"""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .assets import Assets
from .colours import to_cmyk
from .draw import Context, FaceSpec, draw_face
from .errors import DeckError, Where
from .fonts import FontBook, load_fonts
from .impose import (
    ImpositionError,
    Line,
    Rect,
    Sheet,
    back_slot,
    crop_marks,
    fold_area,
    mirror_line,
    ruler_spot,
)
from .load import LoadedBrand, LoadedDeck, load_brand, load_deck
from .marks import draw_fold_line, draw_proof_form, draw_ruler
from .markup import MarkupError, parse_card
from .pdfwriter import binary_streams, streaming_save
from .preflight import Findings
from .profiles import Profile, load_profile, pixel_mismatch
from .template import Layouts
from .units import to_mm
from .write import atomic_output, check_writable

DEFAULT_PROFILE = "home-letter"
POKER = (180.0, 252.0)  # 2.5 x 3.5 in, in points
PDF_DUPLEX = {"long-edge": "DuplexFlipLongEdge", "short-edge": "DuplexFlipShortEdge",
              "fold": "Simplex", "none": "Simplex"}  # fold and none print one-sided


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    cards: int
    faces: int
    findings: Findings


@dataclass(frozen=True)
class Options:
    """Command-line choices that override the profile or add to the output."""

    duplex: str | None = None
    back_offset: tuple[float, float] | None = None
    proof: bool = False


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
    proof: bool = False


def prepare_job(deck_path: Path, brand_path: Path | None, profile_name: str,
                options: Options | None = None) -> Job:
    deck = load_deck(deck_path)
    brand = load_brand(brand_path)
    workspace = deck.workspace
    fonts = load_fonts(workspace)
    fonts.family(brand.brand.fonts.body, brand.where("fonts", "body"))
    fonts.family(brand.brand.fonts.heading, brand.where("fonts", "heading"))
    options = options or Options()
    profile = apply_options(load_profile(profile_name, workspace), options)
    # found only if a message needs it: looking up lines reads the whole deck file again
    size_where = Where(deck.source.path, None, None, "size",
                       locate=lambda: deck.source.line_of(("size",)))
    check_card_size(profile, deck.width, deck.height, deck.deck.size, size_where)
    if 4 * profile.safe > min(deck.width, deck.height):  # layouts keep text inside the zone
        raise DeckError(
            f"the safe zone of profile '{profile.name}' ({to_mm(profile.safe):.1f} mm from each "
            f"edge) leaves too little of a {to_mm(deck.width):.1f}×{to_mm(deck.height):.1f} mm "
            "card for the layouts", profile.where("safe"),
            "print services use about 3 mm (0.125 in); keep it under a quarter of the card's "
            "shorter side",
        )
    try:
        sheet = profile.layout(deck.width, deck.height)
    except ImpositionError as error:
        if profile.grid is not None:  # the profile asked for more than its page holds
            raise DeckError(f"the grid of profile '{profile.name}' does not fit: {error}",
                            profile.where("grid"),
                            "use fewer columns or rows, a smaller bleed or smaller margins or "
                            "gutters, or leave out grid: to fit as many as the page takes",
                            ) from None
        raise DeckError(f"the cards do not fit profile '{profile.name}': {error}", size_where,
                        "choose a smaller card size or another profile") from None
    layouts = Layouts(workspace)
    folders = (deck.source.path.parent.resolve(), workspace)
    face_spec = FaceSpec(deck.width, deck.height, profile.bleed, folders, profile.safe,
                         profile.colour == "cmyk")
    return Job(deck, brand, profile, fonts, layouts, sheet, face_spec, options.proof)


def apply_options(profile: Profile, options: Options) -> Profile:
    update: dict[str, Any] = {}
    if options.back_offset is not None and (profile.output != "sheets"
                                            or (options.duplex or profile.duplex) == "fold"):
        raise DeckError(f"--back-offset does not apply here: profile '{profile.name}' "
                        + ("writes one card per page" if profile.output != "sheets"
                           else "prints fold sheets, which are not turned over in the printer"),
                        None, "leave out --back-offset")
    if options.duplex is not None:
        if profile.output != "sheets":
            raise DeckError(f"--duplex does not apply to profile '{profile.name}': it writes one "
                            "card per page, and the print service turns them itself", None,
                            "leave out --duplex, or choose a sheet profile such as home-letter")
        update["duplex"] = options.duplex
    if options.back_offset is not None:
        update["back_offset"] = options.back_offset
    return profile.model_copy(update=update) if update else profile


def check_card_size(profile: Profile, width: float, height: float, size_name: str,
                    where) -> None:
    """A profile made for one card size refuses decks of another, before anything is drawn."""
    wanted = profile.card_size
    if wanted is None or (abs(wanted[0] - width) < 0.01 and abs(wanted[1] - height) < 0.01):
        return
    raise DeckError(
        f"profile '{profile.name}' is made for {profile.card} cards "
        f"({to_mm(wanted[0]):.1f}×{to_mm(wanted[1]):.1f} mm), but this deck's cards are "
        f"{size_name} ({to_mm(width):.1f}×{to_mm(height):.1f} mm)",
        where,
        f"set size: {profile.card} in the deck, or choose a profile for {size_name} cards "
        "(deckpress profiles lists them)",
    )


def missing_styles(job: Job, findings: Findings) -> None:
    """A brand font without bold or italic files prints those in its regular face: say so."""
    fonts = job.brand.brand.fonts
    for role, name in (("body", fonts.body), ("heading", fonts.heading)):
        family = job.fonts.family(name)
        absent = [style for style, slot in (("bold", (True, False)), ("italic", (False, True)))
                  if slot not in family.files]
        if absent:
            findings.warn(job.brand.where("fonts", role),
                          f"the font {name} has no {' or '.join(absent)} file, so "
                          f"{' and '.join(absent)} text prints in its regular face",
                          f"add the {name} {' and '.join(absent).title()} .ttf files to fonts/")
        if name == fonts.heading == fonts.body:
            break


def build_deck(
    deck_path: Path,
    output: Path,
    brand_path: Path | None = None,
    profile_name: str = DEFAULT_PROFILE,
    progress: Callable[[int, int], None] | None = None,
    options: Options | None = None,
    findings: Findings | None = None,
) -> BuildResult:
    """Build the deck; `progress(done, total)` is called after each card is drawn."""
    check_writable(output)
    job = prepare_job(deck_path, brand_path, profile_name, options)
    findings = findings if findings is not None else Findings()
    missing_styles(job, findings)
    with atomic_output(output) as temp:
        pages, faces = render_pdf(job, temp, progress, findings)
    return BuildResult(output, pages, job.deck.deck.card_count, faces, findings)


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
            # rectangles in card coordinates (mm from the trim's top-left), for layouts that
            # paint to the bleed edge or keep things inside the safe zone
            "trim_box": _box(0, spec.width, spec.height),
            "bleed_box": _box(-spec.bleed, spec.width, spec.height),
            "safe_box": _box(job.profile.safe, spec.width, spec.height),
            # relative to a poker card, so layouts can scale type and spacing with the card
            "scale": round(min(spec.width / POKER[0], spec.height / POKER[1]), 4),
        },
    }


def _box(inset: float, width: float, height: float) -> dict[str, float]:
    """A rectangle `inset` inside the trim (negative: outside), in mm, for templates."""
    return {"x": round(to_mm(inset), 4), "y": round(to_mm(inset), 4),
            "w": round(to_mm(width - 2 * inset), 4), "h": round(to_mm(height - 2 * inset), 4)}


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


def render_pdf(
    job: Job,
    destination: Path,
    progress: Callable[[int, int], None] | None = None,
    findings: Findings | None = None,
) -> tuple[int, int]:
    """Write the PDF to `destination`; return (page count, distinct faces drawn)."""
    with binary_streams(), open(destination, "wb") as stream:
        return _draw_document(job, stream, progress, findings or Findings())


def _draw_document(
    job: Job, stream: BinaryIO, progress: Callable[[int, int], None] | None, findings: Findings
) -> tuple[int, int]:
    deck = job.deck.deck
    brand = job.brand.brand
    body_font = job.fonts.family(brand.fonts.body).face()
    sheet = job.sheet
    canvas = Canvas(stream, pagesize=(sheet.page_width, sheet.page_height), invariant=1,
                    pageCompression=1, initialFontName=body_font,
                    enforceColorSpace=to_cmyk if job.profile.colour == "cmyk" else None)
    canvas.setTitle(deck.title)
    canvas.setAuthor(brand.coach.business or brand.coach.name or "deckpress")
    canvas.setSubject(deck.subtitle or deck.title)
    canvas.setCreator(f"deckpress {__version__}")
    canvas.setViewerPreference("PrintScaling", "None")
    if job.profile.output == "sheets":
        canvas.setViewerPreference("Duplex", PDF_DUPLEX[job.profile.duplex])
    page = Pages(canvas, job, body_font)
    assets = Assets(text_font=body_font, fonts=job.fonts)
    shared = template_context(job)
    lookups = Lookups.of(job.deck)
    drawn: dict[str, str] = {}  # face key -> form name
    faces_of: dict[int, tuple[str, str]] = {}
    later_backs: list[str] = []
    spoiled = False  # a card failed while `check` collects findings: keep looking, write nothing
    done, total = 0, shared["deck"]["card_count"]
    for chunk in _chunks(_card_order(job), sheet.per_sheet):
        for index in chunk:
            if index not in faces_of:
                try:
                    faces_of[index] = _draw_card(canvas, job, index, shared, lookups, assets,
                                                 drawn, findings)
                except DeckError as error:
                    if not findings.keep_going:
                        raise
                    findings.error(error)
                    # the failed face may have left a form half-drawn: go on in a scratch
                    # document so the other cards are still checked
                    spoiled = True
                    canvas = page.canvas = Canvas(io.BytesIO(), invariant=1,
                                                  initialFontName=body_font)
                    assets = Assets(text_font=body_font, fonts=job.fonts)
                    drawn.clear()
                    faces_of.clear()
            done += 1
            if progress:
                progress(done, total)
        if spoiled:
            continue
        faces = [faces_of[i] for i in chunk]
        if job.profile.output != "sheets":
            page.single(faces[0][0])
            if job.profile.page_order == "interleaved":
                page.single(faces[0][1])
            else:
                later_backs.append(faces[0][1])
        elif job.profile.duplex == "fold":
            page.fold(faces)
        else:
            page.fronts([front for front, _ in faces])
            page.backs([back for _, back in faces])
    if spoiled:
        return page.count, len(drawn)
    for back in later_backs:
        page.single(back)
    with streaming_save(stream):
        canvas.save()
    return page.count, len(drawn)


class Pages:
    """Places drawn faces on pages: sheets of fronts and their mirrored backs, fold sheets, or
    one card per page, with crop marks, the check ruler and the proof overlay."""

    def __init__(self, canvas: Canvas, job: Job, font: str):
        self.canvas = canvas
        self.job = job
        self.profile = job.profile
        self.sheet = job.sheet
        self.font = font
        self.count = 0
        style = self.profile.crop_marks
        sheet = self.sheet
        self.folding = self.profile.duplex == "fold"
        area = fold_area(sheet.page_width, sheet.page_height) if self.folding else None
        self.marks: list[Line] = []
        if self.profile.output == "sheets":
            self.marks = crop_marks(sheet, style.length, style.offset, style.edge, style.style,
                                    area)
        self.ruler = None
        if self.profile.output == "sheets" and self.profile.ruler:
            obstacles = [slot.grown(sheet.bleed) for slot in sheet.slots]
            obstacles += [line.box() for line in self.marks]
            if self.folding:
                obstacles += [self._mirror(slot) for slot in obstacles]
                obstacles.append(Rect(sheet.page_width / 2, 0, 0, sheet.page_height))
            self.ruler = ruler_spot(sheet.page_width, sheet.page_height, obstacles,
                                    style.edge)
        self.proof_form = draw_proof_form(canvas, job.face_spec) if job.proof else None

    def _mirror(self, rect: Rect) -> Rect:
        return back_slot(rect, self.sheet.page_width, self.sheet.page_height, "fold")

    def _place(self, slot: Rect, face: str) -> None:
        canvas = self.canvas
        canvas.saveState()
        canvas.translate(slot.x, slot.y)
        canvas.doForm(face)
        if self.proof_form is not None:
            canvas.doForm(self.proof_form)
        canvas.restoreState()

    def _marks(self, lines: list[Line]) -> None:
        if not lines:
            return
        canvas = self.canvas
        canvas.saveState()
        canvas.setLineWidth(self.profile.crop_marks.width)
        canvas.setStrokeColorRGB(0, 0, 0)
        for line in lines:
            canvas.line(line.x1, line.y1, line.x2, line.y2)
        canvas.restoreState()

    def _end(self) -> None:
        self.canvas.showPage()
        self.count += 1

    def fronts(self, faces: list[str]) -> None:
        for slot, face in zip(self.sheet.slots, faces, strict=False):
            self._place(slot, face)
        self._marks(self.marks)
        if self.ruler is not None:
            draw_ruler(self.canvas, self.ruler, self.font)
        self._end()

    def backs(self, faces: list[str]) -> None:
        """Mirrored for the flip, then moved by the printer's back offset, marks included."""
        sheet, duplex, offset = self.sheet, self.profile.duplex, self.profile.back_offset
        for slot, face in zip(sheet.slots, faces, strict=False):
            self._place(back_slot(slot, sheet.page_width, sheet.page_height, duplex, offset),
                        face)
        self._marks([mirror_line(line, sheet.page_width, sheet.page_height, duplex)
                     .moved(*offset) for line in self.marks])
        self._end()

    def fold(self, faces: list[tuple[str, str]]) -> None:
        sheet = self.sheet
        for slot, (front, back) in zip(sheet.slots, faces, strict=False):
            self._place(slot, front)
            self._place(self._mirror(slot), back)
        self._marks(self.marks + [mirror_line(line, sheet.page_width, sheet.page_height, "fold")
                                  for line in self.marks])
        draw_fold_line(self.canvas, sheet, self.profile.crop_marks.edge, self.font)
        if self.ruler is not None:
            draw_ruler(self.canvas, self.ruler, self.font)
        self._end()

    def single(self, face: str) -> None:
        """A print-service page: exactly trim plus bleed, with TrimBox and BleedBox."""
        sheet, canvas = self.sheet, self.canvas
        slot = sheet.slots[0]
        canvas.setTrimBox((slot.x, slot.y, slot.right, slot.top))
        canvas.setBleedBox((0, 0, sheet.page_width, sheet.page_height))
        self._place(slot, face)
        self._end()


def _draw_card(canvas: Canvas, job: Job, index: int, shared: dict[str, Any], lookups: Lookups,
               assets: Assets, drawn: dict[str, str], findings: Findings) -> tuple[str, str]:
    card = job.deck.deck.cards[index]
    where = job.deck.card_where(index)
    layout = card.layout or job.deck.deck.layout
    markup = job.layouts.render(layout, card_context(job, index, shared, lookups), where)
    context = functools.partial(Context, where, layout, findings=findings)
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
                          job.brand.brand.fonts.body, assets, context(side.name))
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


def face_names(job: Job) -> tuple[list[str], list[str]]:
    """File names (without .png) in page order, and a label per card for the contact sheet.

    Numbered in print order, so fronts and backs sort together and copies stay distinct.
    """
    names, labels = [], []
    width = max(3, len(str(job.deck.deck.card_count)))
    cards = job.deck.deck.cards
    for number, index in enumerate(_card_order(job), start=1):
        stem = f"{number:0{width}d}-{_safe_name(cards[index].id)}"
        names += [f"{stem}-front", f"{stem}-back"]
        labels.append(cards[index].id)
    return names, labels


def _safe_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def build_pngs(
    deck_path: Path,
    folder: Path,
    brand_path: Path | None = None,
    profile_name: str = DEFAULT_PROFILE,
    progress: Callable[[int, int], None] | None = None,
    options: Options | None = None,
) -> BuildResult:
    """One PNG per face at the profile's exact pixel size, rendered from the print PDF."""
    job = prepare_job(deck_path, brand_path, profile_name, options or Options())
    profile = job.profile
    if profile.png is None:
        raise DeckError(
            f"profile '{profile.name}' has no pixel sizes, so it cannot make PNG files",
            None,
            "use a profile made for images (mpc, tgc), or add a png: block with pixels and dpi "
            "to a profile of your own (see docs/profiles.md)",
        )
    if profile.output == "sheets":
        raise DeckError(f"profile '{profile.name}' prints sheets; PNG files need one card per "
                        "file", profile.where("output"), "set output: png in the profile")
    mismatch = pixel_mismatch(profile, job.deck.width, job.deck.height)
    if mismatch:
        raise DeckError(mismatch, job.deck.source.where(("size",), None, "size"),
                        "use the card size the service expects, or a profile made for it")
    from .export import export_pngs  # the PDF renderer loads only when PNGs are asked for

    job.profile = profile.model_copy(update={"page_order": "interleaved"})
    findings = Findings()
    missing_styles(job, findings)
    if not folder.parent.is_dir():
        raise DeckError(f"the folder {folder.parent} does not exist", Where(folder),
                        f"create it first (mkdir -p {folder.parent}) or choose another path "
                        "with -o")
    with tempfile.TemporaryDirectory(prefix=".deckpress-", dir=folder.parent) as scratch:
        pdf = Path(scratch) / "faces.pdf"
        pages, faces = render_pdf(job, pdf, progress, findings)
        names, labels = face_names(job)
        export_pngs(pdf, folder, names, profile.png.pixels, dpi=profile.png.dpi, labels=labels)
    return BuildResult(folder, pages, job.deck.deck.card_count, faces, findings)
