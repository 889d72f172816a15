"""`deckpress preview`: chosen cards, or a whole deck, as one PNG for the screen.

The inputs are those of a build (the deck as the client gets it, the brand, the fonts) and the
faces are drawn by the same layouts with the profile's bleed and safe zone, so the preview is
what prints. Only the cards shown are drawn: each face on a page of its own, cut to the trim,
in small documents of CHUNK cards rendered and let go one after another (output/preview.py
makes the picture). A card that cannot be drawn does not stop the others: it is a red
placeholder in the picture and an error in the result, so the command can say so and fail.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.bccache
from reportlab.pdfgen.canvas import Canvas

from .build import deck_for, deck_layouts, face_spec_for, input_warnings
from .errors import DeckError, Where, did_you_mean
from .findings import Findings
from .inputs import Inputs
from .output.preview import (
    PAIR_SCALE,
    SHEET_SCALE,
    Face,
    Picture,
    Problem,
    Tile,
    face_pixels,
    grid_for,
    rendered_faces,
    save_preview,
)
from .output.profiles import Profile
from .output.write import check_writable
from .render.cards import CardFaces, CardSource
from .render.deckfaces import DeckFaces, KnownCard
from .render.fonts import embedding
from .render.records import CardCaps
from .render.workers import available_cores
from .reportlab_internals import binary_streams
from .source.deck import LoadedDeck

CHUNK = 8  # cards drawn into one document: a failed card costs a redraw of at most these
MAX_CHOSEN = 12  # cards named with --card (front and back each)
MAX_SHEET_CARDS = 96  # fronts on the contact sheet of a whole deck: 12 rows of 8


@dataclass(frozen=True)
class PreviewResult:
    output: Path
    shown: int  # cards in the picture
    cards: int  # distinct cards in the deck
    chosen: bool  # cards named with --card (front and back), else the contact sheet
    findings: Findings  # warnings, and an error for each card that could not be drawn
    failed: list[DeckError] = field(default_factory=list)


class CompiledLayouts(jinja2.BytecodeCache):
    """Layouts compiled by Jinja, kept in memory between the runs of a watch. Jinja files each
    under its template's name and file and checks the template's text against a checksum
    before using it, so an edited layout is compiled again; one entry per layout."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}
        # the cards' text sizes by card key, so a watch measures only the cards that changed
        self.sizes: dict[str, KnownCard] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class CardFailed(Exception):
    def __init__(self, index: int, error: DeckError):
        super().__init__(error.problem)
        self.index = index
        self.error = error


def chosen_cards(deck: LoadedDeck, ids: Sequence[str], for_client: bool = False) -> list[int]:
    """The indexes of the cards named, each once, in the order named; an id the deck does not
    have is a mistake in the command, named with the deck file and the closest id (or, for a
    client, saying the client may not get that card)."""
    index_of: dict[str, int] = {}
    for index, card in enumerate(deck.cards):
        index_of.setdefault(card.id, index)
    chosen: list[int] = []
    for card_id in dict.fromkeys(ids):
        if card_id not in index_of:
            guess = did_you_mean(card_id, index_of)
            raise DeckError(
                ("the client does not get" if for_client else "the deck has no")
                + f" card '{card_id}' (--card {card_id})", Where(deck.source.path),
                " ".join(filter(None, [guess, ("The" if guess else "the") + " client file "
                                       "chooses which of the deck's cards they get"
                                       if for_client else None]))
                or "the card ids are the `id:` of each card in the deck", kind="option")
        chosen.append(index_of[card_id])
    if len(chosen) > MAX_CHOSEN:
        raise DeckError(f"{len(chosen)} cards named with --card; a preview shows at most "
                        f"{MAX_CHOSEN} fronts and backs", None,
                        "leave out --card for a contact sheet of the whole deck", kind="option")
    return chosen


def write_preview(inputs: Inputs, profile: Profile, output: Path, ids: Sequence[str] = (),
                  compiled: jinja2.BytecodeCache | None = None,
                  measured: dict[str, KnownCard] | None = None) -> PreviewResult:
    """The PNG of the cards named by `ids` (front beside back), or of the deck's fronts, written
    atomically to `output`. `compiled` keeps compiled layouts between runs (a watch): Jinja
    compiles a layout again whenever its text changed; `measured` keeps the cards' text sizes
    (the deck's sizes are the smallest of them)."""
    deck = inputs.deck
    check_writable(output)  # before any drawing: a folder that is not there is said at once
    protected = inputs.protected()
    protected.check(output, "the preview")
    indexes = chosen_cards(deck, ids, inputs.client is not None) if ids else \
        list(range(min(len(deck.cards), MAX_SHEET_CARDS)))
    findings = Findings()
    input_warnings(inputs, findings)
    layouts = deck_layouts(inputs)
    layouts.env.bytecode_cache = compiled
    source = CardSource(deck_for(inputs), inputs.fonts, layouts, face_spec_for(inputs, profile))
    scale = PAIR_SCALE if ids else SHEET_SCALE
    pixels = face_pixels((deck.width, deck.height), scale)
    picture = Picture(grid_for(len(indexes), 2 if ids else 1, pixels, scale))
    body = source.fonts.family(source.target.brand.brand.fonts.body).face()
    caps = DeckFaces(source, body, available_cores(), Findings()).caps(measured)
    drawing = CardDrawing(source, 2 if ids else 1, pixels, findings, caps)
    for index, faces in drawing.cards(indexes):
        card_id = deck.cards[index].id
        picture.add(Tile(faces, (f"{card_id} front", f"{card_id} back") if ids else (card_id,)))
    protected.with_files(drawing.images).check(output, "the preview")
    save_preview(picture.image, output, scale)
    return PreviewResult(output, len(indexes), len(deck.cards), bool(ids), findings,
                         drawing.failed)


def placeholders(error: DeckError, sides: int) -> tuple[Problem, ...]:
    """What shows a card that failed: the problem on the side it is on (the front, unless the
    message names the back), the other side said to be left out because of it."""
    markup = error.where.markup
    on_back = markup is not None and markup.side == "back"
    problem = Problem(error.problem)
    if sides == 1:
        return (problem if not on_back else Problem(f"its back cannot be drawn: "
                                                     f"{error.problem}"),)
    other = Problem(f"not drawn, as the {'back' if on_back else 'front'} could not be", aside=True)
    return (other, problem) if on_back else (problem, other)


class CardDrawing:
    """The faces of chosen cards as images: drawn CHUNK cards to a document, rendered, let go."""

    def __init__(self, source: CardSource, sides: int, pixels: tuple[int, int],
                 findings: Findings, caps: Mapping[int, CardCaps]):
        self.source = source
        self.caps = caps  # the texts at the deck's sizes, as the deck prints them
        self.sides = sides  # 1: fronts only; 2: fronts and backs
        self.pixels = pixels
        self.findings = findings
        self.failed: list[DeckError] = []
        self.images: set[Path] = set()  # picture files the faces show

    def cards(self, indexes: Sequence[int]) -> Iterator[tuple[int, tuple[Face, ...]]]:
        """(card index, its faces) in the order given; a failed card's faces are Problems."""
        for start in range(0, len(indexes), CHUNK):
            chunk = indexes[start:start + CHUNK]
            pdf, failed = self._document(chunk)
            with closing(rendered_faces(pdf, self.pixels)) as faces:
                for index in chunk:
                    if index in failed:
                        yield index, placeholders(failed[index], self.sides)
                    else:
                        yield index, tuple(next(faces) for _ in range(self.sides))

    def _document(self, chunk: Sequence[int]) -> tuple[bytes | None, dict[int, DeckError]]:
        """The chunk's faces as a PDF, a page each, without the cards that fail: each failure
        found starts the document again, as a failed face leaves its drawing half made."""
        failed: dict[int, DeckError] = {}
        while True:
            drawn = [index for index in chunk if index not in failed]
            findings = Findings()
            try:
                pdf = self._draw(drawn, findings) if drawn else None
            except CardFailed as failure:
                failed[failure.index] = failure.error
                continue
            self.findings.items.extend(findings.items)
            for error in failed.values():
                self.findings.error(error)
                self.failed.append(error)
            return pdf, failed

    def _draw(self, indexes: Sequence[int], findings: Findings) -> bytes:
        source = self.source
        spec = source.spec
        body = source.fonts.family(source.target.brand.brand.fonts.body).face()
        stream = io.BytesIO()
        with binary_streams():
            canvas = Canvas(stream, pagesize=(spec.width, spec.height), invariant=1,
                            pageCompression=0, initialFontName=body)
            faces = CardFaces(canvas, source, body, findings, self.caps)
            for index in indexes:
                try:
                    pair = faces.draw_card(index)
                except DeckError as error:
                    raise CardFailed(index, error) from None
                assert pair is not None  # only `check` collects errors and gets None
                for name in pair[:self.sides]:
                    canvas.doForm(name)  # the page is the trim: the bleed is cut off
                    canvas.showPage()
            with embedding(source.fonts):
                canvas.save()
            self.images.update(faces.images())
        return stream.getvalue()
