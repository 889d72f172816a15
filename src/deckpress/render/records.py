"""Card faces drawn as records: plain data that any process, or an earlier build, can hand to
the document being written.

A face's drawing does not depend on where it is drawn: fonts are in their fixed encoding and
named by content, pictures are forms named by content (see reportlab_internals and assets).
So a build draws faces in worker processes, or takes them from the face cache, and places the
same bytes a face drawn in the document itself would give. `-j 1` goes the same way, in the
one process, so every mode writes the same file.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from ..colours import to_cmyk
from ..errors import DeckError, Where, combined
from ..findings import Finding, Findings
from ..layout.attributes import MarkupError
from ..layout.context import CardContexts
from ..layout.markup import Side, parse_card
from ..reportlab_internals import (
    FontUsage,
    FormData,
    add_form,
    drop_form,
    embed_fonts,
    keep_font_usage,
)
from ..source.icons import inline_icons
from ..source.workspace import Located
from .assets import Assets, AssetUse
from .cards import CardMarkup, CardSource, card_markup, rendered
from .decksize import Natural, Sizes, capped_key
from .face import Context, FacePainter


@dataclass(frozen=True)
class FaceRecord:
    """One face, drawn: its form, the characters of each font it draws, the pictures it
    shows as forms of their own."""

    form: FormData
    fonts: tuple[tuple[str, tuple[int, ...]], ...]
    assets: tuple[AssetUse, ...]
    findings: tuple[Finding, ...] = ()  # the warnings drawing it gave
    located: tuple[Located, ...] = ()  # the pictures it names, and the files found for them
    natural: Sizes = ()  # the size each text of the deck's size fits alone (see decksize)
    caps: Sizes = ()  # the deck's sizes it was drawn with, where below its natural sizes
    exact: bool = True  # `natural` holds the largest sizes (else sizes that fit: Natural)


@dataclass(frozen=True)
class CardRecord:
    """What drawing one card gave: the keys of its front and back, the faces drawn for it
    that were not drawn before, its warnings, or the error that stopped it."""

    index: int
    faces: tuple[str, str] = ("", "")
    new: dict[str, FaceRecord] = field(default_factory=dict)
    errors: tuple[Finding, ...] = ()  # the error that stopped it, each problem it holds

    def error(self) -> DeckError | None:
        """The error again, as raised where the card was drawn (errors cross processes as
        findings: an exception would lose its place and hint)."""
        if not self.errors:
            return None
        found = [DeckError(one.problem, one.where, one.hint, one.kind) for one in self.errors]
        if len(found) == 1:
            return found[0]
        return combined(found)


CardCaps = tuple[Sizes, Sizes]  # the caps of a card's front and back
NO_CAPS: CardCaps = ((), ())


@dataclass(frozen=True)
class Measured:
    """The sizes a card's texts fit at, front and back (see decksize), or the error that
    stopped it."""

    index: int
    natural: tuple[Natural, Natural] = (Natural(), Natural())
    errors: tuple[Finding, ...] = ()
    markup: bytes = b""  # the card's layout as rendered, compressed: drawn without rendering
    faces: tuple[str, str] = ("", "")  # the keys of its front and back, as measured


def portable(where: Where) -> Where:
    """The place with its line looked up, so it can cross processes (no function inside)."""
    if where.locate is None:
        return where
    line = where.line if where.line is not None else where.locate()
    return replace(where, line=line, locate=None)


def portable_errors(error: DeckError) -> tuple[Finding, ...]:
    return tuple(Finding("error", one.kind, portable(one.where), one.problem, one.hint)
                 for one in error.each or [error])


def side_key(side: Side) -> str:
    """The markup decides identity: copies and a shared back become one drawing."""
    return hashlib.sha256(side.key.encode()).hexdigest()


def scratch_canvas(font: str, cmyk: bool = False) -> Canvas:
    """A canvas faces are drawn on to be placed in another document: set up as the document
    is (output.document.pdf_canvas), so a face's content is the same either way."""
    return Canvas(io.BytesIO(), invariant=1, initialFontName=font,
                  enforceColorSpace=to_cmyk if cmyk else None)


class FaceDrawer:
    """Draws cards into records on a scratch canvas of its own, each face once."""

    def __init__(self, source: CardSource, body_font: str):
        self.source = source
        self.body_font = body_font
        self.contexts = CardContexts.of(source.target, source.spec)
        self.assets = Assets(text_font=body_font, fonts=source.fonts,
                             icons=inline_icons(source.deck.workspace))
        self._fresh_canvas()
        self.drawn: set[str] = set()  # faces already handed out by this drawer
        self.measured: dict[str, Natural] = {}  # the text sizes of faces measured, by key

    def _fresh_canvas(self) -> None:
        """A new scratch canvas: at first, and after a face that failed half-way through its
        form. (Its pictures' forms are drawn in the document the faces go to, not here.)"""
        source = self.source
        self.canvas = scratch_canvas(self.body_font, source.spec.cmyk)
        self.usage: FontUsage = keep_font_usage(self.canvas, source.fonts.font_named)
        self.painter = FacePainter(self.canvas, source.spec, source.fonts,
                                   source.target.brand.brand.fonts.body, self.assets)

    def cards(self, work: list[tuple[int, CardCaps, bytes]]) -> list[CardRecord]:
        return [self.card(index, caps, markup) for index, caps, markup in work]

    def card(self, index: int, caps: CardCaps = NO_CAPS, markup: bytes = b"") -> CardRecord:
        """The card's record, its faces drawn with `caps` (the deck's sizes), from `markup`
        (its layout rendered when it was measured) if given; a mistake in it becomes the
        record's error, not an exception."""
        try:
            keys, new = self._draw(index, caps, markup)
        except DeckError as error:
            self._fresh_canvas()
            return CardRecord(index, errors=portable_errors(error))
        return CardRecord(index, keys, new)

    def measure(self, index: int, exact: bool = False) -> Measured:
        """The sizes the card's texts fit at alone (`exact`: each text's largest, else
        perhaps a size below it, see decksize); a mistake in it becomes the error."""
        try:
            keys, natural, card = self._measure(index, exact)
        except DeckError as error:
            return Measured(index, errors=portable_errors(error))
        finally:  # nothing measuring made is a face's
            self.usage.take()
            self.assets.take_uses()
            self.assets.take_located()
        return Measured(index, natural, markup=zlib.compress(card.markup.encode(), 1),
                        faces=keys)

    def _measure(self, index: int, exact: bool) -> tuple[tuple[str, str],
                                                         tuple[Natural, Natural], CardMarkup]:
        card = card_markup(self.source, self.contexts, index)
        keys: list[str] = []
        sizes: list[Natural] = []
        try:
            for side in parse_card(card.markup):
                key = side_key(side)
                known = self.measured.get(key)
                if known is None or (exact and not known.exact):  # a shared back: once
                    context = Context(card.where, card.layout, side.name, Findings(),
                                      self.source.target.where_of, settle=exact)
                    self.painter.measure(side.face(), context)
                    known = self.measured[key] = Natural(tuple(sorted(context.natural.items())),
                                                         context.settled)
                keys.append(key)
                sizes.append(known)
        except MarkupError as error:
            raise card.invalid(error) from None
        return (keys[0], keys[1]), (sizes[0], sizes[1]), card

    def _draw(self, index: int, caps: CardCaps,
              markup: bytes) -> tuple[tuple[str, str], dict[str, FaceRecord]]:
        card = rendered(self.source, index, zlib.decompress(markup).decode()) if markup else \
            card_markup(self.source, self.contexts, index)
        keys: list[str] = []
        new: dict[str, FaceRecord] = {}
        try:
            for side, side_caps in zip(parse_card(card.markup), caps, strict=True):
                key = capped_key(side_key(side), side_caps)
                keys.append(key)
                if key in self.drawn or key in new:
                    continue
                findings = Findings()
                context = Context(card.where, card.layout, side.name, findings,
                                  self.source.target.where_of, caps=dict(side_caps))
                self.usage.take()
                self.assets.take_uses()
                self.assets.take_located()
                form = self.painter.draw("face", side.face(), context)
                drop_form(self.canvas, "face")  # carried in the record, not kept here
                new[key] = FaceRecord(form, self.usage.take(), self.assets.take_uses(),
                                      _portable(findings), self.assets.take_located(),
                                      tuple(sorted(context.natural.items())), side_caps)
        except MarkupError as error:
            raise card.invalid(error) from None
        self.drawn.update(new)
        return (keys[0], keys[1]), new


def _portable(findings: Findings) -> tuple[Finding, ...]:
    return tuple(replace(finding, where=portable(finding.where)) for finding in findings.items)


class FacePlacer:
    """Puts records into the document being written: each distinct face once, as a form
    numbered in the order faces first appear."""

    def __init__(self, canvas: Canvas, source: CardSource, body_font: str, keep: bool = False):
        self.canvas = canvas
        self.usage = keep_font_usage(canvas, source.fonts.font_named)
        self.assets = Assets(text_font=body_font, fonts=source.fonts,
                             icons=inline_icons(source.deck.workspace))
        self.names: dict[str, str] = {}  # face key -> form name
        self.drawn_uses: set[AssetUse] = set()
        self.located: set[Located] = set()  # where the pictures the faces name were found
        self.keep = keep
        self.kept: dict[str, FaceRecord] = {}  # with `keep`: every face placed, for the cache

    @property
    def count(self) -> int:
        return len(self.names)

    @property
    def pictures(self) -> tuple[Path, ...]:
        """The picture files the faces show."""
        return tuple(sorted({Path(use.path) for use in self.drawn_uses}))

    def embed_fonts(self) -> None:
        """Before saving: the fonts, cut down to what every face and page draws."""
        embed_fonts(self.canvas, self.usage)

    def place(self, record: CardRecord, findings: Findings) -> tuple[str, str]:
        """The card's (front, back) form names, adding the faces not in the document yet
        (and saying their warnings).

        A face is new to the document at the first card that shows it, and that card's own
        record has it drawn: a drawer hands out each face the first time it draws it, and each
        drawer draws its cards in print order, so a face it drew before went with an earlier
        card, placed already. The warnings name that first card, as drawing the deck in one
        process would."""
        names = []
        for key in record.faces:
            name = self.names.get(key)
            if name is None:
                face = record.new[key]
                findings.items.extend(face.findings)
                self.located.update(face.located)
                if self.keep:
                    self.kept[key] = face
                name = f"face{len(self.names) + 1}"
                for use in face.assets:
                    if use not in self.drawn_uses:
                        self.assets.draw_use(self.canvas, use)
                        self.drawn_uses.add(use)
                self.usage.add(face.fonts, self.canvas)
                add_form(self.canvas, name, face.form)
                self.names[key] = name
            names.append(name)
        return names[0], names[1]
