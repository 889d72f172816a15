"""Every distinct card's record, in print order, with its texts at the deck's sizes.

With `fit: deck` (the default) the cards the face cache does not have are first measured
(their texts fitted, nothing drawn); the deck's size of each kind of text is the smallest of
the sizes measured or kept in the cache (decksize), and every card not in the cache as it is
needed is then drawn once at those sizes. With `fit: card` each card is drawn as it would be
alone. Either way records stream, in print order, as the document places them, so memory
stays flat; only the sizes of every card are held. Cards whose text stands out (more than a
point below most) are said, naming the card.
"""

from __future__ import annotations

import sys
from collections.abc import Generator, Mapping
from contextlib import closing
from dataclasses import dataclass, field, replace

from ..findings import Findings
from ..layout.context import CardContexts
from .cache import FaceCache, card_key, surroundings
from .cards import CardSource
from .decksize import Sizes, caps_for, deck_sizes, kind_name, outliers
from .records import CardCaps, CardRecord
from .workers import draw_cards, measure_cards

MAX_KNOWN = 20_000  # cards' sizes kept between the runs of a watch


@dataclass
class DeckFaces:
    """What the records of a deck are drawn from."""

    source: CardSource
    body_font: str
    jobs: int
    findings: Findings
    cache: FaceCache | None = None
    keys: dict[int, str] = field(default_factory=dict)  # card -> its key in the face cache
    # the sizes each face's texts fit at alone, by face key: a record holds only the faces
    # its drawer had not handed out before
    natural_of: dict[str, Sizes] = field(default_factory=dict)

    def records(self, indexes: list[int], fit: str) -> Generator[CardRecord, None, None]:
        """The records of the cards `indexes` (distinct, in print order)."""
        if fit == "card":
            return self._streamed(indexes)
        return self._at_deck_sizes(indexes)

    def _from_cache(self, indexes: list[int], uncapped: bool = False) -> dict[int, CardRecord]:
        """The cards the face cache has (`uncapped`: only as drawn alone)."""
        if self.cache is None:
            return {}
        found = {index: self.cache.card(index, self.keys[index]) for index in indexes}
        return {index: record for index, record in found.items() if record is not None and
                not (uncapped and any(face.caps for face in record.new.values()))}

    def _streamed(self, indexes: list[int]) -> Generator[CardRecord, None, None]:
        found = self._from_cache(indexes, uncapped=True)
        missing = [index for index in indexes if index not in found]
        naturals: dict[int, tuple[Sizes, Sizes]] = {}
        with closing(draw_cards(self.source, self.body_font, missing, self.jobs)) as drawn:
            for index in indexes:
                record = self._keep(found.get(index) or next(drawn))
                if not record.errors:
                    naturals[index] = self._natural(record)
                if index == indexes[-1]:  # said before the last card is placed: its
                    self._say_outliers(naturals, None)  # placing may be the end of the run
                yield record

    def _at_deck_sizes(self, indexes: list[int]) -> Generator[CardRecord, None, None]:
        records = {index: self._keep(record)
                   for index, record in self._from_cache(indexes).items()}
        naturals = {index: self._natural(record) for index, record in records.items()}
        missing = [index for index in indexes if index not in records]
        markups: dict[int, bytes] = {}  # layouts rendered when measured, drawn from again
        with closing(measure_cards(self.source, self.body_font, missing, self.jobs)) as measured:
            for one in measured:
                if one.errors:
                    records[one.index] = CardRecord(one.index, errors=one.errors)
                else:
                    naturals[one.index] = (shared(one.natural[0]), shared(one.natural[1]))
                    markups[one.index] = one.markup
        sizes = deck_sizes(dict(natural) for pair in naturals.values() for natural in pair)
        needed = {index: _caps(pair, sizes) for index, pair in naturals.items()}
        again = [index for index in indexes if index in needed and (
            index not in records or
            needed[index] != tuple(records[index].new[key].caps for key in records[index].faces))]
        self._say_outliers(naturals, sizes)
        redrawn = set(again)
        with closing(draw_cards(self.source, self.body_font, again, self.jobs, needed,
                                markups)) as drawn:
            for index in indexes:
                if index in redrawn:
                    yield self._keep(_with_natural(next(drawn), naturals))
                else:
                    yield records.pop(index)

    def caps(self, known: dict[str, tuple[Sizes, Sizes]] | None = None) -> dict[int, CardCaps]:
        """The caps each card's faces are drawn with at the deck's sizes, to draw chosen cards
        as the whole deck sets them (a preview): every card is measured to know them, but for
        those in `known` (sizes by card key, kept between the runs of a watch and added to)."""
        if self.source.deck.settings.fit == "card":
            return {}
        indexes = list(range(len(self.source.deck.cards)))
        keys: dict[int, str] = {}
        if known is not None:
            contexts = CardContexts.of(self.source.target, self.source.spec)
            around = surroundings(self.source, contexts)
            keys = {index: card_key(self.source, contexts, index, around) for index in indexes}
            if len(known) > MAX_KNOWN:
                known.clear()  # a long watch of many edits: start again
        naturals = {index: known[keys[index]] for index in indexes
                    if known is not None and keys[index] in known}
        missing = [index for index in indexes if index not in naturals]
        with closing(measure_cards(self.source, self.body_font, missing, self.jobs)) as measured:
            for one in measured:
                if not one.errors:
                    naturals[one.index] = one.natural
                    if known is not None:
                        known[keys[one.index]] = one.natural
        sizes = deck_sizes(dict(natural) for pair in naturals.values() for natural in pair)
        return {index: _caps(pair, sizes) for index, pair in naturals.items()}

    def _keep(self, record: CardRecord) -> CardRecord:
        self.natural_of.update((key, shared(face.natural)) for key, face in record.new.items())
        return record

    def _natural(self, record: CardRecord) -> tuple[Sizes, Sizes]:
        front, back = (self.natural_of[key] for key in record.faces)
        return front, back

    def _say_outliers(self, naturals: Mapping[int, tuple[Sizes, Sizes]],
                      sizes: Mapping[str, float] | None) -> None:
        """Cards whose text needs a size well below most cards' (with the deck's size, the
        ones that set it)."""
        merged = {index: dict(front) | dict(back) for index, (front, back) in naturals.items()}
        deck = self.source.deck
        for outlier in outliers(merged):
            name, size, usual = kind_name(outlier.kind), outlier.size, outlier.usual
            if sizes is None:
                problem = (f"the layout's \"{name}\" is set at {size:g} pt on this card, more "
                           f"than a point below the {usual:g} pt it fits on most cards")
                hint = "shorten this card's text so it matches the other cards"
            else:
                problem = (f"the layout's \"{name}\" needs {size:g} pt on this card to fit, "
                           f"where it fits {usual:g} pt on most cards: it is set at "
                           f"{sizes[outlier.kind]:g} pt on every card to match (fit: deck)")
                hint = ("shorten this card's text so the whole deck can be set larger, or "
                        "write `fit: card` in the deck to let each card's text take the size "
                        "it fits")
            self.findings.warn(deck.card_where(outlier.index), problem, hint, "text-size")


def shared(sizes: Sizes) -> Sizes:
    """The sizes with each kind's name held once for the whole deck (records from workers
    bring a copy of every name: thousands of cards would hold thousands of copies)."""
    return tuple((sys.intern(kind), size) for kind, size in sizes)


def _caps(natural: tuple[Sizes, Sizes], sizes: Mapping[str, float]) -> CardCaps:
    front, back = natural
    return caps_for(dict(front), sizes), caps_for(dict(back), sizes)


def _with_natural(record: CardRecord, naturals: Mapping[int, tuple[Sizes, Sizes]]) -> CardRecord:
    """A record drawn at the deck's sizes, its faces keeping the sizes they fit alone (what
    the next build's deck sizes are worked out from)."""
    if record.errors:
        return record
    natural = naturals[record.index]
    new = {key: replace(face, natural=natural[side])
           for side, key in enumerate(record.faces) if (face := record.new.get(key))}
    return replace(record, new=new | {key: face for key, face in record.new.items()
                                      if key not in new})

