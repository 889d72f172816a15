"""The deck pipeline, orchestrated: source → layout → render → output.

The user's files are loaded once (`load_inputs`), checked against the printer profile
(`prepare_job`), then cards are rendered and drawn sheet by sheet, so memory stays flat as
decks grow; each distinct face is drawn once as a form and placed by reference.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from .conditions import printing_condition
from .errors import DeckError, Where
from .findings import Findings
from .inputs import Inputs, load_inputs
from .layout.context import CardContexts, DeckFor
from .layout.templates import Layouts
from .output.document import Metadata, pdf_canvas
from .output.impose import Imposition
from .output.pages import Pages
from .output.profiles import (
    DEFAULT_PROFILE,
    Profile,
    impose_deck,
    load_profile,
    pixel_mismatch,
    with_overrides,
    with_pdfx,
)
from .output.write import atomic_output, check_writable, remove_leftovers, scratch_prefix
from .render.cache import FaceCache, cache_file, card_key, slot_of, surroundings
from .render.cache import save as save_cache
from .render.cards import CardSource
from .render.cmyk_images import ImageConversion
from .render.deckfaces import DeckFaces
from .render.face import FaceSpec
from .render.fonts import embedding, internal_font_name
from .render.preflight import font_style_warnings
from .render.records import CardRecord, FacePlacer
from .render.workers import available_cores, chunked, rare_collections
from .reportlab_internals import binary_streams, save_streaming
from .source.deck import LoadedDeck
from .source.workspace import Located

Progress = Callable[[int, int], None]  # (cards done, cards in all)


@dataclass(frozen=True)
class Options:
    """Command-line choices that override the profile or add to the output, and how many
    processes draw the cards (0: one per core); the output is the same for any number."""

    duplex: str | None = None
    back_offset: tuple[float, float] | None = None
    proof: bool = False
    jobs: int = 1
    face_cache: bool = False  # take unchanged faces from the last build (see render.cache)
    pdfx: str | None = None  # --pdfx: "x-1a", "x-4" or "none" (a plain PDF)


@dataclass(frozen=True)
class Rendered:
    """What drawing a deck gave: pages, distinct faces, and the picture files they show."""

    pages: int
    faces: int
    images: tuple[Path, ...] = ()
    located: tuple[Located, ...] = ()
    faces_of: tuple[tuple[str, str], ...] = ()  # each card's (front, back) forms, print order
    converted_images: tuple[ImageConversion, ...] = ()  # pictures converted for PDF/X-1a


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    cards: int
    faces: int
    findings: Findings
    images: tuple[Path, ...] = ()  # the picture files the deck shows
    located: tuple[Located, ...] = ()  # where each picture a face names was found
    converted_images: tuple[ImageConversion, ...] = ()  # pictures converted for PDF/X-1a


@dataclass(frozen=True)
class DeckJob:
    """Everything one build needs, loaded and checked before any drawing starts."""

    inputs: Inputs
    profile: Profile
    layouts: Layouts
    sheet: Imposition
    face_spec: FaceSpec
    proof: bool = False
    jobs: int = 1  # processes drawing the cards
    cache: Path | None = None  # the face cache file, if faces are kept between builds

    @property
    def deck(self) -> LoadedDeck:
        return self.inputs.deck

    @property
    def card_source(self) -> CardSource:
        inputs = self.inputs
        return CardSource(deck_for(inputs), inputs.fonts, self.layouts, self.face_spec)


def deck_for(inputs: Inputs) -> DeckFor:
    """The deck as this client (or nobody in particular) gets it, with the coach's brand."""
    return DeckFor(inputs.deck, inputs.brand, inputs.person, inputs.programme, inputs.client)


def face_spec_for(inputs: Inputs, profile: Profile) -> FaceSpec:
    """What each face is drawn into: the card, the profile's bleed and safe zone, and the
    folders its pictures are found in."""
    deck = inputs.deck
    folders = (deck.source.path.parent.resolve(), inputs.workspace)
    return FaceSpec(deck.width, deck.height, profile.bleed, profile.safe, folders,
                    profile.colour == "cmyk", profile.pdfx,
                    printing_condition(profile.condition).identifier if profile.pdfx else None)


def deck_layouts(inputs: Inputs) -> Layouts:
    """The layouts, read afresh: the workspace's own, then the theme's and the built-in ones."""
    layouts = Layouts(inputs.workspace, theme=inputs.theme)
    # layouts can measure text in the deck's fonts, to give it the room it needs
    layouts.env.globals["text_lines"] = inputs.fonts.text_lines
    return layouts


def prepare_job(inputs: Inputs, profile: Profile, options: Options | None = None) -> DeckJob:
    """The deck checked against the profile (with the options applied): sizes, imposition."""
    options = options or Options()
    profile = with_pdfx(with_overrides(profile, options.duplex, options.back_offset),
                        options.pdfx)
    deck = inputs.deck
    # found only if a message needs it: looking up lines reads the whole deck file again
    size_where = Where(deck.source.path, None, None, "size",
                       locate=lambda: deck.source.line_of(("size",)))
    sheet = impose_deck(profile, deck.width, deck.height, deck.settings.size, size_where)
    cache = cache_file(inputs.workspace, slot_of(
        str(deck.source.path), str(inputs.brand.path), str(inputs.client.path if inputs.client
                                                           else ""),
        profile.model_dump_json(), str(options.proof))) if options.face_cache else None
    return DeckJob(inputs, profile, deck_layouts(inputs), sheet, face_spec_for(inputs, profile),
                   options.proof, options.jobs or available_cores(), cache)


def build_deck(
    deck_path: Path,
    output: Path,
    brand_path: Path | None = None,
    profile: str | Profile = DEFAULT_PROFILE,
    progress: Progress | None = None,
    options: Options | None = None,
) -> BuildResult:
    """Load the files, then `write_deck`: the whole pipeline in one call for scripts and
    tests; `profile` is a profile or the name of one."""
    check_writable(output)
    return write_deck(_job(deck_path, brand_path, profile, options), output, progress)


def _job(deck_path: Path, brand_path: Path | None, profile: str | Profile,
         options: Options | None) -> DeckJob:
    inputs = load_inputs(deck_path, brand_path)
    if isinstance(profile, str):
        profile = load_profile(profile, inputs.workspace)
    return prepare_job(inputs, profile, options)


def write_deck(job: DeckJob, output: Path, progress: Progress | None = None,
               findings: Findings | None = None) -> BuildResult:
    """The PDF, written atomically to `output`; `progress(done, total)` after each card."""
    check_writable(output)
    protected = job.inputs.protected()
    protected.check(output)
    findings = findings if findings is not None else Findings()
    input_warnings(job.inputs, findings)
    with atomic_output(output) as temp:
        rendered = render_pdf(job, temp, progress, findings)
        protected.with_files(rendered.images).check(output)  # pictures found while drawing
    return BuildResult(output, rendered.pages, job.deck.card_count, rendered.faces, findings,
                       rendered.images, rendered.located, rendered.converted_images)


def input_warnings(inputs: Inputs, findings: Findings) -> None:
    """What the files would have printed differently from what they say: fonts without bold
    or italic, client details the brand holds that a client file replaces."""
    for where, problem, hint in font_style_warnings(inputs.brand, inputs.fonts):
        findings.warn(where, problem, hint, "font")
    for where, problem, hint in inputs.warnings():
        findings.warn(where, problem, hint, "input")


def card_order(deck: LoadedDeck) -> Iterator[int]:
    """Card indexes in print order, each as often as it has copies."""
    for index, card in enumerate(deck.cards):
        for _ in range(card.copies):
            yield index


def distinct_cards(deck: LoadedDeck) -> list[int]:
    """Each card once, in print order (copies are one drawing)."""
    return list(dict.fromkeys(card_order(deck)))


def render_pdf(job: DeckJob, destination: Path, progress: Progress | None = None,
               findings: Findings | None = None) -> Rendered:
    """Write the PDF to `destination`; say how many pages and distinct faces it has.

    Cards are drawn by `job.jobs` processes into records and placed here in print order, sheet
    by sheet, so memory stays flat; the file is the same for any number of processes.
    Nothing is saved when a card failed while `findings` collect errors (`check`).
    """
    findings = findings if findings is not None else Findings()
    inputs, settings = job.inputs, job.deck.settings
    brand = inputs.brand.brand
    body_font = inputs.fonts.family(brand.fonts.body).face()
    sheet = job.sheet
    about = Metadata(settings.title, brand.coach.business or brand.coach.name or "deckpress",
                     settings.subtitle or settings.title)
    source = job.card_source
    with binary_streams(), rare_collections(), open(destination, "wb") as stream:
        canvas = pdf_canvas(stream, (sheet.page_width, sheet.page_height), body_font, about,
                            job.profile.duplex if job.profile.output == "sheets" else None,
                            job.profile.colour == "cmyk")
        pages = Pages(canvas, job.profile, sheet, job.face_spec, job.proof, body_font)
        cache, keys = _cache_of(job, source)
        drawing = DeckFaces(source, body_font, job.jobs, findings, cache, keys)
        # closed here whatever happens, so worker processes end with the build
        with closing(drawing.records(distinct_cards(job.deck), job.deck.settings.fit)) \
                as records:
            cards = PlacedCards(FacePlacer(canvas, source, body_font, keep=cache is not None),
                                findings, keys, records)
            later_backs = _place_sheets(job, cards, pages, progress)
        if cards.spoiled:
            return Rendered(pages.count, cards.placer.count)
        for back in later_backs:
            pages.single(back)
        with embedding(job.inputs.fonts):
            cards.placer.embed_fonts()
            save_streaming(canvas, stream)
    # a proof is drawn as the print master is (CMYK, pictures converted, transparency
    # flattened) but is not one: it carries lines over every card, so it claims no PDF/X
    if job.profile.pdfx is not None and not job.proof:
        from .output.pdfx import finish_pdfx  # pikepdf loads only for PDF/X

        finish_pdfx(destination, job.profile.pdfx, printing_condition(job.profile.condition),
                    job.profile.output == "sheets")
    if cache is not None:
        save_cache(cache, cards.drawn_as, cards.placer.kept)
    return Rendered(pages.count, cards.placer.count, cards.placer.pictures,
                    tuple(sorted(cards.placer.located)),
                    tuple(pair for index in card_order(job.deck)
                          if (pair := cards.faces_of[index]) is not None),
                    tuple(sorted(cards.placer.assets.conversions)))


@dataclass
class PlacedCards:
    """The cards placed in the document so far, taken from their records in print order."""

    placer: FacePlacer
    findings: Findings
    keys: dict[int, str]  # distinct card -> its key in the face cache
    records: Iterator[CardRecord]
    faces_of: dict[int, tuple[str, str] | None] = field(default_factory=dict)
    drawn_as: dict[str, tuple[str, str]] = field(default_factory=dict)  # card key -> faces
    spoiled: bool = False  # a card failed while findings are collected: nothing is written

    def faces(self, index: int) -> tuple[str, str] | None:
        """The card's (front, back) form names; None for a card that failed in `check` (in
        `build` its error is raised)."""
        if index not in self.faces_of:
            record = next(self.records)
            assert record.index == index  # records come in print order
            self.faces_of[index] = self._placed(record)
            if index in self.keys:
                self.drawn_as[self.keys[index]] = record.faces
        return self.faces_of[index]

    def _placed(self, record: CardRecord) -> tuple[str, str] | None:
        error = record.error()
        if error is not None:
            if not self.findings.keep_going:
                raise error
            self.findings.error(error)
            self.spoiled = True
            return None
        return self.placer.place(record, self.findings)


def _place_sheets(job: DeckJob, cards: PlacedCards, pages: Pages,
                  progress: Progress | None) -> list[str]:
    """Every card placed, sheet by sheet; the backs that come after the fronts (fold
    sheets)."""
    later_backs: list[str] = []
    done, total = 0, job.deck.card_count
    for chunk in chunked(card_order(job.deck), job.sheet.per_sheet):
        placed = []
        for index in chunk:
            pair = cards.faces(index)
            if pair is not None:
                placed.append(pair)
            done += 1
            if progress:
                progress(done, total)
        if not cards.spoiled:
            pages.place(placed, later_backs)
    return later_backs


def _cache_of(job: DeckJob, source: CardSource) -> tuple[FaceCache | None, dict[int, str]]:
    """The face cache of the job (if it keeps one), and each distinct card's key in it."""
    if job.cache is None:
        return None, {}
    contexts = CardContexts.of(source.target, source.spec)
    around = surroundings(source, contexts)
    keys = {index: card_key(source, contexts, index, around)
            for index in distinct_cards(job.deck)}
    fonts = frozenset(internal_font_name(path) for family in source.fonts.families.values()
                      for path in family.files.values())
    return FaceCache.load(job.cache, around, fonts), keys


def face_names(deck: LoadedDeck) -> tuple[list[str], list[str]]:
    """File names (without .png) in page order, and a label per card for the contact sheet.

    Numbered in print order, so fronts and backs sort together and copies stay distinct.
    """
    names, labels = [], []
    width = max(3, len(str(deck.card_count)))
    for number, index in enumerate(card_order(deck), start=1):
        card = deck.cards[index]
        stem = f"{number:0{width}d}-{_safe_name(card.id)}"
        names += [f"{stem}-front", f"{stem}-back"]
        labels.append(card.id)
    return names, labels


def repeated_pages(faces_of: tuple[tuple[str, str], ...]) -> list[int | None]:
    """For one face per page (front, back, front, ...): the earlier page each page repeats
    (the same form on the same side, so the same drawing), or None; a repeated face is
    rendered and encoded once."""
    first: dict[tuple[int, str], int] = {}
    same_as: list[int | None] = []
    for pair in faces_of:
        for side, form in enumerate(pair):
            same_as.append(first.get((side, form)))
            first.setdefault((side, form), len(same_as) - 1)
    return same_as


def _safe_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def png_job(job: DeckJob) -> DeckJob:
    """The job for one PNG per face: only for profiles that give pixel sizes the card fits;
    pages in the order the files are numbered (front, back, front, ...)."""
    profile, deck = job.profile, job.deck
    if profile.png is None:
        raise DeckError(
            f"profile '{profile.name}' has no pixel sizes, so it cannot make PNG files",
            None,
            "use a profile made for images (mpc, tgc), or add a png: block with pixels and dpi "
            "to a profile of your own (see docs/profiles.md)", kind="option",
        )
    if profile.output == "sheets":
        raise DeckError(f"profile '{profile.name}' prints sheets; PNG files need one card per "
                        "file", profile.where("output"), "set output: png in the profile",
                        kind="profile")
    mismatch = pixel_mismatch(profile, deck.width, deck.height)
    if mismatch:
        raise DeckError(mismatch, deck.source.where(("size",), None, "size"),
                        "use the card size the service expects, or a profile made for it",
                        kind="profile")
    return replace(job, profile=profile.model_copy(update={"page_order": "interleaved"}))


def write_pngs(job: DeckJob, folder: Path, progress: Progress | None = None) -> BuildResult:
    """One PNG per face at the profile's exact pixel size, rendered from the print PDF."""
    job = png_job(job)
    from .output.png import PngSize, export_pngs  # the renderer loads only for PNGs

    findings = Findings()
    input_warnings(job.inputs, findings)
    job.inputs.protected().check(folder, "the PNG folder")
    if not folder.parent.is_dir():
        raise DeckError(f"the folder {folder.parent} does not exist", Where(folder),
                        f"create it first (mkdir -p {folder.parent}) or choose another path "
                        "with -o", kind="option")
    png = job.profile.png
    assert png is not None  # png_job refuses profiles without pixel sizes
    remove_leftovers(folder.parent)
    with tempfile.TemporaryDirectory(prefix=scratch_prefix(), dir=folder.parent) as scratch:
        pdf = Path(scratch) / "faces.pdf"
        rendered = render_pdf(job, pdf, progress, findings)
        names, labels = face_names(job.deck)
        export_pngs(pdf, folder, names, PngSize(png.pixels, png.dpi), labels=labels,
                    jobs=job.jobs, same_as=repeated_pages(rendered.faces_of))
    return BuildResult(folder, rendered.pages, job.deck.card_count, rendered.faces, findings,
                       rendered.images, rendered.located)


def build_pngs(
    deck_path: Path,
    folder: Path,
    brand_path: Path | None = None,
    profile: str | Profile = DEFAULT_PROFILE,
    progress: Progress | None = None,
    options: Options | None = None,
) -> BuildResult:
    """Load the files, then `write_pngs`: the whole pipeline in one call, as `build_deck`."""
    return write_pngs(_job(deck_path, brand_path, profile, options), folder, progress)
