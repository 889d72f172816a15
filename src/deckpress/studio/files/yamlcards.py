"""The cards of a YAML deck, edited in place: comments and blank lines between cards stay
with the card they belong to."""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .cards import CardList, is_wanted
from .model import CARD_ORDER, REQUIRED_KEYS, Refused, refuse_untyped
from .yamledit import (
    add_key,
    comment_slot,
    delete_key,
    dump_yaml,
    list_into,
    load_yaml,
    put_after,
    replace_value,
    styled_like,
    tail_comment,
    take_after,
)


class YamlCards(CardList):
    def __init__(self, yaml: YAML, data: Any, cards: CommentedSeq, relative: str):
        self.yaml = yaml
        self.data = data
        self.cards = cards
        self.relative = relative
        declared = data.get("fields")
        self.fields = [str(name) for name in declared] if isinstance(declared, list) else []

    @classmethod
    def of(cls, text: str, relative: str) -> YamlCards:
        yaml, data = load_yaml(text, relative)
        cards = data.get("cards") if isinstance(data, CommentedMap) else None
        if isinstance(cards, CommentedMap):
            raise Refused(f"the cards of {relative} are kept in cards/{cards.get('from')}: "
                          "edit that file")
        if not isinstance(cards, CommentedSeq):
            raise Refused(f"{relative} has no list of cards (cards:) to edit")
        return cls(yaml, data, cards, relative)

    def ids(self) -> list[str]:
        return [str(card.get("id")) if isinstance(card, dict) else "" for card in self.cards]

    def set(self, card_id: str, field_name: str, value: Any) -> None:
        self.check_key(field_name)
        card = self.cards[self.index_of(card_id)]
        if not is_wanted(value):
            if field_name in REQUIRED_KEYS:
                raise Refused(f"a card needs a {field_name}; it cannot be left empty")
            if field_name in card:
                delete_key(card, field_name)
            return
        new = self._converted(field_name, value, card.get(field_name))
        if field_name in card:
            replace_value(card, field_name, new)
        else:
            add_key(card, field_name, new, (*CARD_ORDER, *self.fields))

    def _converted(self, field_name: str, value: Any, old: Any) -> Any:
        refuse_untyped(field_name, value, self.fields)
        if field_name == "copies":
            try:
                return int(str(value).strip())
            except ValueError:
                return str(value)  # the loader says copies takes a whole number
        if field_name in self.fields and (isinstance(value, list) or isinstance(old, list)
                                          or "\n" in str(value).strip()):
            items = value if isinstance(value, list) else \
                [line.strip() for line in str(value).splitlines() if line.strip()]
            return list_into(old, [str(item) for item in items]) if isinstance(
                old, CommentedSeq) else CommentedSeq([str(item) for item in items])
        return styled_like(str(value), old)

    def add(self, after: int, values: dict[str, Any]) -> str:
        card_id = self.fresh_id(values, after)
        card = CommentedMap([("id", card_id)])
        for key in (*CARD_ORDER, *self.fields):
            if key != "id" and is_wanted(values.get(key)):
                self.check_key(key)
                card[key] = self._converted(key, values[key], None)
        for key in values:
            if key not in card and is_wanted(values[key]):
                self.check_key(str(key))
        self._insert(max(-1, min(after, len(self.cards) - 1)) + 1, card)
        return card_id

    def _insert(self, position: int, card: CommentedMap) -> None:
        """Put `card` at `position`, written as the cards around it are: the comments after
        the card before it (a blank line, the next section's heading) now follow the new
        card, and the card before it is followed by the blank line the deck puts between
        cards."""
        separator = self._separator()
        if position == 0:
            self.cards.insert(0, card)
            if len(self.cards) > 1:
                put_after(card, self.cards, 0, separator)
            return
        comment = take_after(self.cards, position - 1)
        self.cards.insert(position, card)
        put_after(self.cards[position - 1], self.cards, position - 1, separator)
        put_after(card, self.cards, position, comment)

    def _separator(self) -> str:
        """A blank line if the deck's first cards are set apart by one, else nothing."""
        for number in range(len(self.cards) - 1):
            place = tail_comment(self.cards[number])
            if place is None:
                continue
            owner, at = place
            entry = owner.ca.items.get(at)
            token = entry[comment_slot(owner)] if entry else None
            if token is not None:
                rest = "\n" + str(token.value).partition("\n")[2]
                return "\n\n" if rest.startswith("\n\n") else "\n"
            return "\n"
        return "\n"

    def remove(self, card_id: str) -> None:
        position = self.index_of(card_id)
        if len(self.cards) == 1:
            raise Refused("a deck needs at least one card; add another before removing this "
                          "one")
        comment = take_after(self.cards, position)
        del self.cards[position]
        if position > 0 and comment:
            kept = take_after(self.cards, position - 1)
            put_after(self.cards[position - 1], self.cards, position - 1,
                       _joined(kept, comment))

    def move(self, card_id: str, to_index: int) -> None:
        position = self.index_of(card_id)
        to_index = max(0, min(to_index, len(self.cards) - 1))
        if to_index == position:
            return
        card = self.cards[position]
        self.remove(card_id)
        self._insert(to_index, card)

    def text(self) -> str:
        return dump_yaml(self.yaml, self.data)


def _joined(first: str, second: str) -> str:
    """The comments after two values, once the second value is gone: a blank line is said
    once, comment lines are all kept."""
    if not first.strip():
        return second or first
    if not second.strip():
        return first
    return first + second[1:]
