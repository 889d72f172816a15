"""Load and validate a deck file into its settings and compact cards, with errors that name
file, line and card."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DeckError, Where, combined, did_you_mean, real_path
from ..sizes import card_sizes
from ..units import parse_size, shown
from .emphasis import HINT as EMPHASIS_HINT
from .emphasis import emphasis_problem
from .models import CARD_KEYS, CardData, Deck, DeckSettings
from .validation import DECK_FILE, validate
from .workspace import workspace_of
from .yamlsource import YamlSource, read_yaml, source_text

ICON_DIR = "data/icons"


@dataclass(frozen=True)
class LoadedDeck:
    """A validated deck: its settings, and its cards kept compactly (a deck of thousands holds
    these, not the models)."""

    settings: DeckSettings
    cards: tuple[CardData, ...]
    source: YamlSource
    width: float  # trim size in points
    height: float
    icons: dict[str, Path]  # category id -> icon file
    # where card i was written, when not the deck file's card i (a client's choice of cards)
    origin: Callable[[int, str | None], Where] | None = field(default=None, repr=False)

    @property
    def card_count(self) -> int:
        """Cards to print, copies included."""
        return sum(card.copies for card in self.cards)

    def card_where(self, index: int, field_name: str | None = None) -> Where:
        """Where a card is; its line is looked up only if a message shows it."""
        if self.origin is not None:
            return self.origin(index, field_name)
        return self.file_card_where(index, self.cards[index].id, field_name)

    def file_card_where(self, index: int, card_id: str, field_name: str | None = None) -> Where:
        """Where the deck file's card `index` (whose id is `card_id`) is written."""
        location: tuple[str | int, ...] = ("cards", index) if field_name is None else \
            ("cards", index, field_name)
        source = self.source
        return Where(source.path, None, card_id, field_name, lambda: source.line_of(location))

    @property
    def workspace(self) -> Path:
        return workspace_of(self.source.path)


def builtin_icons() -> dict[str, Path]:
    folder = resources.files("deckpress").joinpath(ICON_DIR)
    return {Path(entry.name).stem: Path(str(entry)) for entry in folder.iterdir()
            if entry.name.endswith(".svg")}


def load_deck(path: Path) -> LoadedDeck:
    source = read_yaml(path, "deck file")
    found = _card_key_problems(source)
    try:
        deck = validate(source, Deck, DECK_FILE, _card_label)
    except DeckError as error:
        raise combined(found + (error.each or [error])) from None
    width, height = _card_size(deck.size, source)
    found += _card_problems(deck, source)
    printed = sum(card.copies for card in deck.cards)
    if printed > MAX_CARDS:
        found.append(DeckError(
            f"the deck prints {printed:,} cards (copies included), more than the "
            f"{MAX_CARDS:,} one file can hold", source.where(("cards",), None, "cards"),
            "split it into several decks, or print fewer copies"))
    if found:  # every problem of every card at once (for `check`), in the file's order
        raise combined(sorted(found, key=lambda error: error.where.line or 0))
    icons = _resolve_icons(deck, source)
    settings = DeckSettings.model_construct(
        **{key: getattr(deck, key) for key in DeckSettings.model_fields})
    cards = tuple(CardData(card) for card in deck.cards)
    source.data = None  # validated into the models; only the line numbers are still needed
    return LoadedDeck(settings, cards, source, width, height, icons)


def _card_label(data: Any, location: tuple[str | int, ...]) -> str | None:
    """The id of the card an error location falls in, read from the raw data."""
    if len(location) >= 2 and location[0] == "cards" and isinstance(location[1], int):
        try:
            card_id = data["cards"][location[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return None if card_id is None else str(source_text(card_id))
    return None


def _card_size(size: str, source: YamlSource) -> tuple[float, float]:
    named = card_sizes()
    if size in named:
        return named[size]
    try:
        width, height = parse_size(size)
    except ValueError as error:
        if "out of range" in str(error):
            raise DeckError(f"card size {error}", source.where(("size",), None, "size"),
                            "write the card's real size, e.g. 63x88mm") from None
        hint = did_you_mean(size, named, list_choices=False)
        raise DeckError(
            f"unknown card size '{shown(size)}'",
            source.where(("size",), None, "size"),
            (hint + " " if hint else "")
            + "Sizes: " + ", ".join(named) + ", or WxH with a unit, e.g. 63x88mm",
        ) from None
    if width <= 0 or height <= 0:
        raise DeckError(
            f"card size '{size}' must have a positive width and height",
            source.where(("size",), None, "size"),
        )
    return width, height


def _card_key_problems(source: YamlSource) -> list[DeckError]:
    """Read before validation, so a misspelt key is reported as such, not as a missing field."""
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("cards"), list):
        return []
    declared = data.get("fields")
    fields: list[Any] = declared if isinstance(declared, list) else []
    allowed = [*CARD_KEYS, *map(str, fields)]
    found = []
    for index, card in enumerate(data["cards"]):
        if not isinstance(card, dict):
            continue
        card_id = None if card.get("id") is None else str(source_text(card["id"]))
        found += [DeckError(
            f"unknown key '{key}'", source.where(("cards", index, key), card_id, str(key)),
            did_you_mean(str(key), allowed, list_choices=False)
            or "to add a custom field for your layouts, list it under 'fields:' at the top of "
            "the deck") for key in card if str(key) not in allowed]
    return found


def _card_problems(deck: Deck, source: YamlSource) -> list[DeckError]:
    """Ids, categories and levels of every card."""
    first_seen: dict[str, int] = {}
    level_ids = [level.id for level in deck.levels]
    found = []
    for index, card in enumerate(deck.cards):
        if card.id in first_seen:
            other_line = source.line_of(("cards", first_seen[card.id]))
            found.append(DeckError(
                f"duplicate card id '{card.id}' (first used on line {other_line})",
                source.where(("cards", index, "id"), card.id, "id"),
                "give every card its own id; it is printed on the card and on the worksheets"))
        first_seen.setdefault(card.id, index)
        if card.category is not None and card.category not in deck.categories:
            found.append(DeckError(
                f"unknown category '{shown(card.category)}'",
                source.where(("cards", index, "category"), card.id, "category"),
                did_you_mean(card.category, deck.categories)
                or "add it under 'categories:' at the top of the deck"))
        if card.level is not None and card.level not in level_ids:
            found.append(DeckError(
                f"unknown level '{shown(card.level)}'",
                source.where(("cards", index, "level"), card.id, "level"),
                did_you_mean(card.level, level_ids) or "add it under 'levels:' in the deck"))
        for key in ("title", "text", "tip", "counts_when"):
            problem = emphasis_problem(getattr(card, key) or "")
            if problem is not None:
                found.append(DeckError(problem, source.where(("cards", index, key), card.id,
                                                             key), EMPHASIS_HINT))
        for key, value in card.extra.items():
            problem = custom_field_problem(value)
            if problem is not None:
                found.append(DeckError(problem, source.where(("cards", index, key), card.id,
                                                             key), CUSTOM_FIELD_HINT))
    return found


MAX_CARDS = 10_000  # printed cards in one deck, copies included: over 1,100 sheets of nine
MAX_TEXT = 5000  # characters in one text field, as for a card's text
MAX_ITEMS = 50  # lines in a list field (e.g. steps): a card holds far fewer
CUSTOM_FIELD_HINT = (f"a custom field holds a text (up to {MAX_TEXT:,} characters) or a list "
                     f"of up to {MAX_ITEMS} texts")


def custom_field_problem(value: Any) -> str | None:
    """What is wrong with the value of a custom card field, or None: it is text, a number, or
    a short list of those, since layouts print them and may loop over them."""
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and len(value) > MAX_ITEMS:
        return f"the list has {len(value):,} items, more than {MAX_ITEMS}"
    for item in items:
        if isinstance(item, dict | list):
            return "a list or block inside a custom field cannot be printed"
        if isinstance(item, str) and len(item) > MAX_TEXT:
            return f"a text of {len(item):,} characters, more than {MAX_TEXT:,}"
    return None


def _resolve_icons(deck: Deck, source: YamlSource) -> dict[str, Path]:
    builtin = builtin_icons()
    icons: dict[str, Path] = {}
    for category_id, category in deck.categories.items():
        if not category.icon:
            continue
        if category.icon in builtin:
            icons[category_id] = builtin[category.icon]
            continue
        candidates = [real_path(folder / category.icon, "icon")
                      for folder in (source.path.parent, workspace_of(source.path))]
        candidate = next((path for path in candidates if path.is_file()), candidates[0])
        if not candidate.is_file():
            names = ", ".join(sorted(builtin))
            raise DeckError(
                f"icon '{shown(category.icon)}' is neither a built-in icon nor an image file",
                source.where(("categories", category_id, "icon"), None, "icon"),
                f"built-in icons: {names}; a file path is relative to the deck file "
                "or the workspace",
            )
        icons[category_id] = candidate
    return icons
