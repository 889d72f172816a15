"""Every distinct card's record, in print order, with its texts at the deck's sizes.

With `fit: deck` (the default) the cards the face cache does not have are first measured,
roughly (each text at a size it fits: one layout, mostly), nothing drawn; the few faces
whose rough sizes could set a size of the deck, or stand out, are measured again exactly
(decksize.unsettled). The deck's size of each kind of text is then the smallest of the
sizes measured or kept in the cache (decksize), and every card not in the cache as it is
needed is drawn once at those sizes. With `fit: card` each card is drawn as it would be
alone. Either way records stream, in print order, as the document places them, so memory
stays flat; only the sizes of every face are held. Cards whose text stands out (more than a
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
from .decksize import Natural, caps_for, deck_sizes, kind_name, outliers, unsettled
from .records import CardCaps, CardRecord, Measured
from .workers import draw_cards, measure_cards

MAX_KNOWN = 20_000  # cards' sizes kept between the runs of a watch
KnownCard = tuple[tuple[str, str], tuple[Natural, Natural]]  # a card's face keys and sizes


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
    natural_of: dict[str, Natural] = field(default_factory=dict)

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
        faces: dict[int, tuple[str, str]] = {}
        with closing(draw_cards(self.source, self.body_font, missing, self.jobs)) as drawn:
            for index in indexes:
                record = self._keep(found.get(index) or next(drawn))
                if not record.errors:
                    faces[index] = record.faces
                if index == indexes[-1]:  # said before the last card is placed: its
                    self._say_outliers(faces, None)  # placing may be the end of the run
                yield record

    def _at_deck_sizes(self, indexes: list[int]) -> Generator[CardRecord, None, None]:
        records = {index: self._keep(record)
                   for index, record in self._from_cache(indexes).items()}
        faces = {index: record.faces for index, record in records.items()}
        missing = [index for index in indexes if index not in records]
        markups: dict[int, bytes] = {}  # layouts rendered when measured, drawn from again
        with closing(measure_cards(self.source, self.body_font, missing, self.jobs)) as measured:
            for one in measured:
                if one.errors:
                    records[one.index] = CardRecord(one.index, errors=one.errors)
                else:
                    self._measured(one, faces, markups)
        sizes = self._settled(faces, markups)
        needed = {index: self._caps(pair, sizes) for index, pair in faces.items()}
        again = [index for index in indexes if index in needed and (
            index not in records or
            needed[index] != tuple(records[index].new[key].caps for key in records[index].faces))]
        self._say_outliers(faces, sizes)
        redrawn = set(again)
        with closing(draw_cards(self.source, self.body_font, again, self.jobs, needed,
                                markups)) as drawn:
            for index in indexes:
                if index in redrawn:
                    yield self._keep(self._with_natural(next(drawn), faces[index]))
                else:
                    yield records.pop(index)

    def _measured(self, one: Measured, faces: dict[int, tuple[str, str]],
                  markups: dict[int, bytes]) -> None:
        """A card measured: its faces' sizes kept (an exact measure is never replaced by a
        rough one of the same face, as a worker that did not measure it exactly may give)."""
        faces[one.index] = one.faces
        markups[one.index] = one.markup
        for key, natural in zip(one.faces, one.natural, strict=True):
            known = self.natural_of.get(key)
            if known is None or natural.exact or not known.exact:
                self.natural_of[key] = shared(natural)

    def _settled(self, faces: dict[int, tuple[str, str]],
                 markups: dict[int, bytes]) -> dict[str, float]:
        """The deck's sizes, once every face that decides one is measured exactly."""
        while todo := unsettled({key: self.natural_of[key] for pair in faces.values()
                                 for key in pair}, faces.values()):
            chosen: dict[str, int] = {}  # a card to measure each face on
            for index, pair in faces.items():
                for key in pair:
                    if key in todo:
                        chosen.setdefault(key, index)
            cards = sorted(set(chosen.values()))
            with closing(measure_cards(self.source, self.body_font, cards, self.jobs,
                                       exact=True)) as measured:
                for one in measured:
                    self._measured_exactly(one, faces, markups)
        return deck_sizes(dict(self.natural_of[key].sizes)
                          for pair in faces.values() for key in pair)

    def _measured_exactly(self, one: Measured, faces: dict[int, tuple[str, str]],
                          markups: dict[int, bytes]) -> None:
        """A card measured again exactly; its faces, under whatever key they were known
        (the face cache keys a face drawn at the deck's sizes by its caps too), exact."""
        before = faces[one.index]
        if one.errors:  # it measured roughly, so it cannot: keep the rough sizes as they are
            for key in before:
                self.natural_of[key] = self.natural_of[key]._replace(exact=True)
            return
        self._measured(one, faces, markups)
        for old, natural in zip(before, one.natural, strict=True):
            self.natural_of[old] = shared(natural)

    def caps(self, known: dict[str, KnownCard] | None = None) -> dict[int, CardCaps]:
        """The caps each card's faces are drawn with at the deck's sizes, to draw chosen cards
        as the whole deck sets them (a preview): every card is measured to know them, but for
        those in `known` (face keys and sizes by card key, kept between the runs of a watch
        and added to)."""
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
        faces: dict[int, tuple[str, str]] = {}
        for index in indexes:
            if known is not None and keys[index] in known:
                faces[index], natural = known[keys[index]]
                self.natural_of.update(zip(faces[index], natural, strict=True))
        missing = [index for index in indexes if index not in faces]
        markups: dict[int, bytes] = {}
        with closing(measure_cards(self.source, self.body_font, missing, self.jobs)) as measured:
            for one in measured:
                if not one.errors:
                    self._measured(one, faces, markups)
        sizes = self._settled(faces, markups)
        if known is not None:
            known.update((keys[index], (pair, (self.natural_of[pair[0]],
                                               self.natural_of[pair[1]])))
                         for index, pair in faces.items())
        return {index: self._caps(pair, sizes) for index, pair in faces.items()}

    def _keep(self, record: CardRecord) -> CardRecord:
        self.natural_of.update((key, shared(Natural(face.natural, face.exact)))
                               for key, face in record.new.items())
        return record

    def _caps(self, faces: tuple[str, str], sizes: Mapping[str, float]) -> CardCaps:
        front, back = (caps_for(self.natural_of[key], sizes) for key in faces)
        return front, back

    def _with_natural(self, record: CardRecord, measured: tuple[str, str]) -> CardRecord:
        """A record drawn at the deck's sizes, its faces keeping the sizes they fit alone (what
        the next build's deck sizes are worked out from)."""
        if record.errors:
            return record
        new = dict(record.new)
        for key, measured_key in zip(record.faces, measured, strict=True):
            if key in new:
                natural = self.natural_of[measured_key]
                new[key] = replace(new[key], natural=natural.sizes, exact=natural.exact)
        return replace(record, new=new)

    def _say_outliers(self, faces: Mapping[int, tuple[str, str]],
                      sizes: Mapping[str, float] | None) -> None:
        """Cards whose text needs a size well below most cards' (with the deck's size, the
        ones that set it)."""
        merged = {index: dict(self.natural_of[front].sizes) | dict(self.natural_of[back].sizes)
                  for index, (front, back) in faces.items()}
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


def shared(natural: Natural) -> Natural:
    """The sizes with each kind's name held once for the whole deck (records from workers
    bring a copy of every name: thousands of cards would hold thousands of copies)."""
    return Natural(tuple((sys.intern(kind), size) for kind, size in natural.sizes),
                   natural.exact)

