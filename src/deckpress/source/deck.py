"""Load and validate a deck file into its settings and compact cards, with errors that name
file, line and card."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from ..errors import DeckError, Where, combined, did_you_mean, real_path
from ..sizes import card_sizes
from ..units import MM, parse_size, shown
from .emphasis import HINT as EMPHASIS_HINT
from .emphasis import emphasis_problem
from .icons import icon_problems, inline_icons
from .models import CARD_KEYS, Card, CardData, Deck, DeckSettings
from .sheetdeck import read_deck_source
from .validation import DECK_FILE, repaired, validate
from .workspace import workspace_of
from .yamlsource import YamlSource, source_text


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
    # where each card is in the file, when some were left out (`load_deck(lenient=True)`)
    positions: tuple[int, ...] | None = field(default=None, repr=False)
    # with `lenient`: the problems found, and the ids of the cards left out for them
    problems: tuple[DeckError, ...] = field(default=(), repr=False)
    left_out: frozenset[str] = frozenset()

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
        position = index if self.positions is None else self.positions[index]
        location: tuple[str | int, ...] = ("cards", position) if field_name is None else \
            ("cards", position, field_name)
        source = self.source
        return source.where_later(location, card_id, field_name)

    @property
    def workspace(self) -> Path:
        return workspace_of(self.source.path)


def load_deck(path: Path, lenient: bool = False) -> LoadedDeck:
    """The deck file, validated; every problem found in one pass. A problem raises, unless
    `lenient` (for `check`): then the cards with a problem are left out and the problems kept
    in `problems`, so the rest can still be rendered and checked; only a deck that cannot be
    read, or whose settings are wrong, or with no good card left, raises."""
    source = read_deck_source(path)  # a deck file, or a deck kept in a spreadsheet
    found = _card_key_problems(source)
    validated = _validated(source, found)
    deck, positions = validated.deck, validated.positions
    try:
        width, height = _card_size(deck.size, source)
    except DeckError as error:
        found.append(error)
        width = height = 0
    known_icons = inline_icons(workspace_of(source.path))  # by name: card text, categories
    problems = _card_problems(deck, source, positions, known_icons)
    found += [error for _, error in problems]
    printed = sum(card.copies for card in deck.cards)
    if printed > MAX_CARDS:
        raise combined(_in_file_order([*found, DeckError(
            f"the deck prints {printed:,} cards (copies included), more than the "
            f"{MAX_CARDS:,} one file can hold", source.where(("cards",), None, "cards"),
            "split it into several decks, or print fewer copies")]))
    icons = _resolve_icons(deck, source, found, known_icons)
    with_problems = {index for index, _ in problems} | validated.wrong_cards
    kept = [index for index in range(len(deck.cards)) if index not in with_problems]
    if found and (not lenient or not kept or not validated.settings_right or not width):
        raise combined(_in_file_order(found))
    settings = DeckSettings.model_construct(
        **{key: getattr(deck, key) for key in DeckSettings.model_fields})
    cards = tuple(CardData(deck.cards[index]) for index in kept)
    in_file = tuple(positions[index] for index in kept)
    left_out_ids = _ids_except(source.data, set(in_file))
    source.data = None  # validated into the models; only the line numbers are still needed
    return LoadedDeck(settings, cards, source, width, height, icons,
                      positions=None if in_file == tuple(range(len(in_file))) else in_file,
                      problems=tuple(_in_file_order(found)), left_out=left_out_ids)


def _ids_except(data: Any, kept: set[int]) -> frozenset[str]:
    """The ids of the file's cards not among `kept` (positions), as written."""
    return frozenset(str(source_text(card["id"])) for position, card in enumerate(data["cards"])
                     if position not in kept and isinstance(card, dict)
                     and card.get("id") is not None)


def _in_file_order(found: list[DeckError]) -> list[DeckError]:
    return sorted(found, key=lambda error: error.where.line or 0)


@dataclass(frozen=True)
class Validated:
    """The deck as validated, for loading: where each of its cards is in the file, which of
    them were wrong (indexes into `deck.cards`), and whether its settings were right."""

    deck: Deck
    positions: list[int]
    wrong_cards: set[int]
    settings_right: bool = True


def _validated(source: YamlSource, found: list[DeckError]) -> Validated:
    """The deck. When it is wrong, its problems are added to `found` and the deck is made
    valid for checking the rest in the same pass: unknown top-level keys and cards without a
    usable id left out, wrong values taken out or stood in for (see `repaired`); raises only
    when even that does not give a deck."""
    try:
        deck = validate(source, Deck, DECK_FILE, _card_label)
    except DeckError as error:
        found += error.each or [error]
    else:
        return Validated(deck, list(range(len(deck.cards))), set())
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("cards"), list):
        raise combined(_in_file_order(found))
    positions = [index for index, card in enumerate(data["cards"])
                 if isinstance(card, dict) and _usable_id(card.get("id"))]
    settings = {key: value for key, value in data.items() if key in Deck.model_fields}
    fixed = repaired({**settings, "cards": [data["cards"][index] for index in positions]}, Deck)
    if fixed is None:
        raise combined(_in_file_order(found))
    deck, wrong = fixed
    cards = {int(place[1]) for place, _ in wrong
             if place[:1] == ("cards",) and len(place) > 1 and isinstance(place[1], int)}
    in_settings = [(place, kind) for place, kind in wrong if place[:1] != ("cards",)]
    # a category stood in for (its colour) is not drawn; a misspelt key taken out, or a
    # wrong label (its default used), is harmless
    categories = {str(place[1]) for place, kind in in_settings
                  if place[:1] == ("categories",) and len(place) > 1}
    cards |= {index for index, card in enumerate(deck.cards) if card.category in categories}
    return Validated(deck, positions, cards, all(  # a wrong label is left at its default
        kind == "extra_forbidden" or place[:1] in (("categories",), ("labels",))
        for place, kind in in_settings))


_CARD_ID = TypeAdapter(Annotated[str, *Card.model_fields["id"].metadata])


def _usable_id(card_id: Any) -> bool:
    try:
        _CARD_ID.validate_python(card_id)
    except ValidationError:
        return False
    return True


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
    if min(width, height) < MIN_CARD_SIDE_MM * MM:
        raise DeckError(
            f"card size '{shown(size)}' is too small to print: each side must be at least "
            f"{MIN_CARD_SIDE_MM} mm", source.where(("size",), None, "size"),
            "write the card's real size, e.g. 63x88mm (a mini card is 41x63mm)")
    return width, height


MIN_CARD_SIDE_MM = 20  # the safe margin and bleed leave nothing of a smaller card


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


def _card_problems(deck: Deck, source: YamlSource, positions: list[int],
                   icons: Mapping[str, Path]) -> list[tuple[int, DeckError]]:
    """Ids, categories, levels, emphasis and custom fields of every card: (the card's index
    in `deck.cards`, the problem). `positions` says where each card is in the file."""
    first_seen: dict[str, int] = {}
    found = []
    for index, card in enumerate(deck.cards):
        position = positions[index]

        def where(key: str, card_id: str = card.id, position: int = position) -> Where:
            return source.where(("cards", position, key), card_id, key)

        if card.id in first_seen:
            other_place = source.place_of(("cards", first_seen[card.id]))
            found.append((index, DeckError(
                f"duplicate card id '{card.id}' (first used on {other_place})", where("id"),
                "give every card its own id; it is printed on the card and on the worksheets")))
        first_seen.setdefault(card.id, position)
        found += [(index, error) for error in _field_problems(card, deck, where)]
        found += [(index, error) for error in icon_problems(card, icons, where)]
    return found


def _field_problems(card: Card, deck: Deck, where: Callable[[str], Where]) -> list[DeckError]:
    found = []
    if card.category is not None and card.category not in deck.categories:
        found.append(DeckError(
            f"unknown category '{shown(card.category)}'", where("category"),
            did_you_mean(card.category, deck.categories)
            or "add it under 'categories:' at the top of the deck"))
    level_ids = [level.id for level in deck.levels]
    if card.level is not None and card.level not in level_ids:
        found.append(DeckError(
            f"unknown level '{shown(card.level)}'", where("level"),
            did_you_mean(card.level, level_ids) or "add it under 'levels:' in the deck"))
    for key in ("title", "text", "tip", "counts_when"):
        problem = emphasis_problem(getattr(card, key) or "")
        if problem is not None:
            found.append(DeckError(problem, where(key), EMPHASIS_HINT))
    for key, value in card.extra.items():
        problem = custom_field_problem(value)
        if problem is not None:
            found.append(DeckError(problem, where(key), CUSTOM_FIELD_HINT))
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


def _resolve_icons(deck: Deck, source: YamlSource, found: list[DeckError],
                   by_name: Mapping[str, Path]) -> dict[str, Path]:
    """Each category's icon file: an icon's name (the workspace's icons/ first, then the
    built-in ones, as in card text) or a file; an icon not found is added to `found` (the
    category is then drawn without one, so `check` goes on)."""
    icons: dict[str, Path] = {}
    for category_id, category in deck.categories.items():
        if not category.icon:
            continue
        if category.icon in by_name:
            icons[category_id] = by_name[category.icon]
            continue
        candidates = [real_path(folder / category.icon, "icon")
                      for folder in (source.path.parent, workspace_of(source.path))]
        candidate = next((path for path in candidates if path.is_file()), candidates[0])
        if not candidate.is_file():
            guess = did_you_mean(category.icon, by_name, list_choices=False)
            found.append(DeckError(
                f"icon '{shown(category.icon)}' is neither a built-in icon nor an image file",
                source.where(("categories", category_id, "icon"), None, "icon"),
                (guess + " Built-in" if guess else "built-in") + " icons: "
                + ", ".join(sorted(by_name)) + "; a file path is relative to the deck file "
                "or the workspace", kind="file"))
            continue
        icons[category_id] = candidate
    return icons
