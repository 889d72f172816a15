"""How long the sheets of one programme are: which cards the fear ladder climbs, which blocks
the challenge log has, and a note saying how each was chosen (printed small on the sheet and
said on the console), so a default run prints what a client will use, not one page per card.

- The ladder: the rungs the client file (or a brand written before client files) lists; else
  the deck's challenges when there are at most LADDER_MOST (exposure practice climbs a ladder
  of about 8 to 15 rungs); else LADDER_PICK of them, picked evenly across the levels (each
  level its share, at least one), gentlest first.
- The log: `--blank N` blank blocks; else a block per card the client chose (`cards:`); else a
  block per rung of a ladder the client chose; else BLANK_BLOCKS blank blocks, each with a
  card code to write in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import DeckError, Where, did_you_mean
from ..source.deck import LoadedDeck
from ..source.labels import LabelTable
from ..source.models import CardData
from ..units import shown

LADDER_MOST = 15  # a deck with more challenges than this gets a ladder picked from them
LADDER_PICK = 12  # the rungs picked then: in the middle of the 8 to 15 exposure practice uses
BLANK_BLOCKS = 10  # the log's blank blocks when nothing says which cards the client will do

LadderWay = Literal["chosen", "all", "picked"]
LogWay = Literal["blank", "cards", "rungs"]


@dataclass(frozen=True)
class Ladder:
    """The ladder's cards (indexes into the deck's cards), how they were chosen, and of how
    many challenges."""

    indexes: tuple[int, ...]
    way: LadderWay
    challenges: int


@dataclass(frozen=True)
class Programme:
    """What the ladder and the log print, and what was chosen, for the sheets and the
    console."""

    rungs: list[dict[str, Any]]  # the template's `rungs`
    ladder: Ladder
    log_way: LogWay
    log_entries: list[dict[str, Any]]  # the template's `log.entries`

    def context(self, labels: LabelTable) -> dict[str, Any]:
        """The template names `ladder` and `log` (docs/worksheets.md)."""
        count, total = len(self.rungs), self.ladder.challenges
        ladder_note = labels.fill(f"ladder_note_{self.ladder.way}", count=count, total=total)
        log_note = labels.fill(f"log_note_{'blank' if self.log_way == 'blank' else 'cards'}",
                               count=len(self.log_entries))
        return {"ladder": {"way": self.ladder.way, "challenges": total, "note": ladder_note},
                "log": {"way": self.log_way, "entries": self.log_entries, "note": log_note}}

    def summary(self, kinds: Sequence[str]) -> str:
        """What was chosen for those of the ladder and log among `kinds`, as the console
        says it."""
        count, total = len(self.rungs), self.ladder.challenges
        ladder = {"chosen": f"the {count} rungs chosen",
                  "all": f"all {count} challenges",
                  "picked": f"{count} of {total} challenges, picked across the levels"}
        log = {"blank": f"{len(self.log_entries)} blank blocks (--blank N for another number)",
               "cards": f"a block for each of the {len(self.log_entries)} cards chosen",
               "rungs": f"a block for each of the {len(self.log_entries)} rungs"}
        said = {"ladder": f"ladder: {ladder[self.ladder.way]}", "log": f"log: {log[self.log_way]}"}
        return "; ".join(said[kind] for kind in kinds if kind in said)


def programme(deck: LoadedDeck, chosen: list[str], where: Callable[[int], Where],
              cards_chosen: bool, blank: int | None) -> Programme:
    """The programme's ladder and log for the deck as the client gets it; `chosen` the
    ladder's card ids if given (`where(i)` where the i-th was named), `cards_chosen` whether
    the client file lists its cards, `blank` the `--blank` option."""
    ladder = ladder_of(deck, chosen, where)
    rungs = [rung_values(deck, step, index) for step, index in enumerate(ladder.indexes, 1)]
    if blank is None and cards_chosen:
        cards = [rung_values(deck, number, index)
                 for number, index in enumerate(challenges(deck.cards), 1)]
        return Programme(rungs, ladder, "cards", _card_entries(cards))
    if blank is None and ladder.way == "chosen":
        return Programme(rungs, ladder, "rungs", _card_entries(rungs))
    entries = [{"key": str(number), "card": None, "number": number}
               for number in range(1, (blank or BLANK_BLOCKS) + 1)]
    return Programme(rungs, ladder, "blank", entries)


def _card_entries(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"key": card["id"], "card": card, "number": card["step"]} for card in cards]


def ladder_of(deck: LoadedDeck, chosen: list[str], where: Callable[[int], Where]) -> Ladder:
    """The ladder's cards: as chosen (each checked to be in the deck), else as many of the
    deck's challenges as a ladder climbs, gentlest first."""
    cards = deck.cards
    pool = challenges(cards)
    if chosen:
        position = {card.id: index for index, card in enumerate(cards)}
        for number, card_id in enumerate(chosen):
            if card_id not in position and card_id not in deck.left_out:  # left out: said
                raise DeckError(f"the ladder lists card '{shown(card_id)}', which is not in "
                                f"the deck {deck.source.path.name}", where(number),
                                did_you_mean(card_id, position) or
                                "use the ids printed on the cards")
        return Ladder(tuple(position[card_id] for card_id in chosen if card_id in position),
                      "chosen", len(pool))
    order = {level.id: number for number, level in enumerate(deck.settings.levels)}
    levelled = [index for index in pool if cards[index].level in order] if order else pool
    by_level = sorted(levelled, key=lambda index: order.get(cards[index].level or "", 0))
    if len(by_level) <= LADDER_MOST:
        return Ladder(tuple(by_level), "all", len(by_level))
    groups: dict[str | None, list[int]] = {}
    for index in by_level:
        groups.setdefault(cards[index].level if order else None, []).append(index)
    picked = [index for group, share in zip(groups.values(), shares(
        [len(group) for group in groups.values()], LADDER_PICK), strict=True)
        for index in spread(group, share)]
    return Ladder(tuple(picked), "picked", len(by_level))


def challenges(cards: Sequence[CardData]) -> list[int]:
    """The cards a client tries (those with a category or a level: not the how-to-play or
    intro card), by index; every card in a deck that has neither."""
    found = [index for index, card in enumerate(cards) if card.level or card.category]
    return found or list(range(len(cards)))


def shares(sizes: list[int], total: int) -> list[int]:
    """`total` split between groups of `sizes` in proportion (largest remainders), each group
    at least one while there are enough, none more than it holds."""
    whole = sum(sizes)
    exact = [size * total / whole for size in sizes]
    counts = [min(size, max(1, int(value))) for size, value in zip(sizes, exact, strict=True)]
    order = sorted(range(len(sizes)), key=lambda i: (int(exact[i]) - exact[i], i))
    while sum(counts) < total:
        grew = False
        for i in order:
            if sum(counts) < total and counts[i] < sizes[i]:
                counts[i], grew = counts[i] + 1, True
        if not grew:
            break
    while sum(counts) > total:  # the minimum of one each overshot: take from the largest
        largest = max(range(len(counts)), key=lambda i: (counts[i], -i))
        counts[largest] -= 1
    return counts


def spread(items: list[int], count: int) -> list[int]:
    """`count` of the items, evenly spaced through them, in their order."""
    size = len(items)
    return [items[int((number + 0.5) * size / count)] for number in range(count)]


def rung_values(deck: LoadedDeck, step: int, index: int) -> dict[str, Any]:
    """A card as the templates see it: `step`, `id`, `title`, `level`, `category`."""
    card = deck.cards[index]
    levels = {level.id: (number, level) for number, level in enumerate(deck.settings.levels, 1)}
    level = levels.get(card.level) if card.level else None
    category = deck.settings.categories.get(card.category) if card.category else None
    return {
        "step": step, "id": card.id, "title": card.title,
        "level": {"id": card.level, "label": level[1].label, "number": level[0]}
        if level else None,
        "category": {"id": card.category, "label": category.label} if category else None,
    }
