"""Each card's two faces: its layout rendered with the card's data, the markup parsed, and every
face not seen before drawn once as a form. Copies and a shared back become one drawing.

With `Findings.keep_going` (what `check` uses) a card that fails is recorded and drawing goes
on in a scratch document, so the other cards are still checked; nothing is written then.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from ..errors import DeckError, Where
from ..findings import Findings
from ..layout.attributes import MarkupError
from ..layout.context import CardContexts, DeckFor
from ..layout.markup import parse_card
from ..layout.templates import Layouts
from ..source.deck import LoadedDeck
from ..source.icons import inline_icons
from .assets import Assets
from .decksize import Sizes, capped_key
from .face import Context, FacePainter, FaceSpec
from .fonts import FontBook


@dataclass(frozen=True)
class CardSource:
    """What every card of a deck is drawn from."""

    target: DeckFor
    fonts: FontBook
    layouts: Layouts
    spec: FaceSpec

    @property
    def deck(self) -> LoadedDeck:
        return self.target.deck


class CardFaces:
    """The form names of each card's front and back, drawing the faces not seen before."""

    def __init__(self, canvas: Canvas, source: CardSource, body_font: str, findings: Findings,
                 caps: Mapping[int, tuple[Sizes, Sizes]] | None = None):
        self.source = source
        self.caps = caps or {}  # each card's texts capped at the deck's sizes (deckfaces)
        self.body_font = body_font
        self.findings = findings
        self.contexts = CardContexts.of(source.target, source.spec)
        self.painter = self._painter(canvas)
        self.drawn: dict[str, str] = {}  # face key -> form name
        self.faces_of: dict[int, tuple[str, str]] = {}
        self.spoiled = False  # a card failed while findings are collected: nothing is written

    def _painter(self, canvas: Canvas) -> FacePainter:
        source = self.source
        assets = Assets(text_font=self.body_font, fonts=source.fonts,
                        icons=inline_icons(source.deck.workspace))
        return FacePainter(canvas, source.spec, source.fonts,
                           source.target.brand.brand.fonts.body, assets)

    @property
    def count(self) -> int:
        """Distinct faces drawn."""
        return len(self.drawn)

    def images(self) -> tuple[Path, ...]:
        """The picture files the faces show."""
        return tuple(sorted(set(self.painter.assets.paths.values())))

    def draw_card(self, index: int) -> tuple[str, str] | None:
        """The card's (front, back) form names; None once a card has failed in `check`."""
        if index not in self.faces_of:
            try:
                self.faces_of[index] = self._draw(index)
            except DeckError as error:
                if not self.findings.keep_going:
                    raise
                self.findings.error(error)
                # the failed face may have left a form half-drawn: go on in a scratch
                # document so the other cards are still checked
                self.spoiled = True
                self.painter = self._painter(Canvas(io.BytesIO(), invariant=1,
                                                    initialFontName=self.body_font))
                self.drawn.clear()
                self.faces_of.clear()
        return None if self.spoiled else self.faces_of[index]

    def _draw(self, index: int) -> tuple[str, str]:
        source = self.source
        card = card_markup(source, self.contexts, index)
        try:
            names = []
            for side, caps in zip(parse_card(card.markup), self.caps.get(index, ((), ())),
                                  strict=True):
                # The markup decides identity: copies and a shared back become one drawing.
                # Forms are numbered, not named by key, so the PDF does not depend on where
                # files live.
                key = capped_key(side.key, caps)
                name = self.drawn.get(key)
                if name is None:
                    name = f"face{len(self.drawn) + 1}"
                    context = Context(card.where, card.layout, side.name, self.findings,
                                      source.target.where_of, caps=dict(caps))
                    self.painter.draw(name, side.face(), context)
                    self.drawn[key] = name
                names.append(name)
        except MarkupError as error:
            raise card.invalid(error) from None
        return names[0], names[1]


@dataclass(frozen=True)
class CardMarkup:
    """A card's layout rendered: its markup, the layout that made it, where the card is."""

    where: Where
    layout: str
    markup: str

    def invalid(self, error: MarkupError) -> DeckError:
        """Markup the layout made that is not valid, said at the card."""
        return DeckError(f"invalid card markup from layout '{self.layout}': {error.problem}"
                         f"{error.snippet(self.markup)}", self.where, error.hint, "markup")


def card_markup(source: CardSource, contexts: CardContexts, index: int) -> CardMarkup:
    """The card's layout (its own, else the deck's) rendered with the card's context."""
    deck = source.deck
    card = deck.cards[index]
    layout = card.layout or deck.settings.layout
    named_at = deck.card_where(index, "layout") if card.layout else \
        deck.source.where_later(("layout",), None, "layout")
    markup = source.layouts.render(layout, contexts.card(deck, index), deck.card_where(index),
                                   named_at)
    return rendered(source, index, markup)


def rendered(source: CardSource, index: int, markup: str) -> CardMarkup:
    """The card's markup, rendered before (when it was measured), with where it is from."""
    deck = source.deck
    return CardMarkup(deck.card_where(index), deck.cards[index].layout or deck.settings.layout,
                      markup)
