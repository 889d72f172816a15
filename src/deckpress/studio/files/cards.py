"""The cards of a deck file as one list to edit, whatever the file's format (YAML or CSV)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from ...source.models import CARD_KEYS
from .model import MAX_ID, Refused


class CardList(ABC):
    """The cards of a deck file, edited in place; `text()` is the file after the edits."""

    fields: list[str]

    @abstractmethod
    def ids(self) -> list[str]:
        """The ids of the cards, in file order."""

    @abstractmethod
    def set(self, card_id: str, field_name: str, value: Any) -> None:
        """Set one key of a card; an empty value takes an optional key away."""

    @abstractmethod
    def add(self, after: int, values: dict[str, Any]) -> str:
        """Add a card after the card at index `after`; its id."""

    @abstractmethod
    def remove(self, card_id: str) -> None:
        """Take a card out."""

    @abstractmethod
    def move(self, card_id: str, to_index: int) -> None:
        """Put a card at index `to_index`."""

    @abstractmethod
    def text(self) -> str:
        """The file's text after the edits."""

    def index_of(self, card_id: str) -> int:
        ids = self.ids()
        if card_id not in ids:
            raise Refused(f"there is no card '{card_id}' in this deck any more; reload the page")
        return ids.index(card_id)

    def check_key(self, field_name: str) -> None:
        if field_name not in CARD_KEYS and field_name not in self.fields:
            raise Refused(f"'{field_name}' is not a card key of this deck; to add a custom "
                          "field, list it under 'fields:' at the top of the deck")

    def fresh_id(self, values: dict[str, Any], after: int) -> str:
        """The id given, else the next free one after the pattern of the card before (WU-07
        after WU-06), else CARD-NN."""
        given = values.get("id")
        ids = self.ids()
        if given:
            if str(given) in ids:
                raise Refused(f"a card with the id '{given}' is already in the deck")
            return str(given)
        neighbour = ids[after] if 0 <= after < len(ids) else (ids[0] if ids else "")
        match = re.fullmatch(r"(.*?)(\d+)", neighbour)
        prefix, width, number = (match.group(1), len(match.group(2)), int(match.group(2))) \
            if match else ("CARD-", 2, 0)
        taken = set(ids)
        while True:
            number += 1
            candidate = f"{prefix}{number:0{width}d}"
            if len(candidate) > MAX_ID:
                prefix, width, number = "CARD-", 2, 0
            elif candidate not in taken:
                return candidate


def is_wanted(value: Any) -> bool:
    """A value the page means to keep: neither None nor blank text."""
    return value is not None and not (isinstance(value, str) and not value.strip())
