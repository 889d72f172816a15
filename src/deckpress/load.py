"""Load and validate deck and brand files into models, with errors that name file, line and card."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .assets import AssetError, validate_image
from .errors import DeckError, Where, did_you_mean
from .models import CARD_KEYS, Brand, CardData, Deck
from .units import parse_size, shown
from .yamlsource import YamlSource, read_yaml, source_text

ICON_DIR = "data/icons"


@dataclass(frozen=True)
class LoadedDeck:
    deck: Deck
    source: YamlSource
    width: float  # trim size in points
    height: float
    icons: dict[str, Path]  # category id -> icon file

    def card_where(self, index: int, field_name: str | None = None) -> Where:
        """Where a card is; its line is looked up only if a message shows it."""
        location: tuple = ("cards", index) if field_name is None else ("cards", index, field_name)
        source = self.source
        return Where(source.path, None, self.deck.cards[index].id, field_name,
                     lambda: source.line_of(location))

    @property
    def workspace(self) -> Path:
        return workspace_of(self.source.path)


@dataclass(frozen=True)
class LoadedBrand:
    brand: Brand
    path: Path | None  # None for the built-in neutral brand
    logo: Path | None
    source: YamlSource | None

    def where(self, *location: str | int) -> Where:
        if self.source is None:
            return Where("built-in default brand")
        return self.source.where(location, None, ".".join(map(str, location)) or None)


def workspace_of(deck_path: Path) -> Path:
    """The folder that holds the deck's `cards/` folder; a deck elsewhere is its own workspace."""
    folder = deck_path.resolve().parent
    return folder.parent if folder.name == "cards" else folder


@cache
def card_sizes() -> dict[str, tuple[float, float]]:
    text = resources.files("deckpress").joinpath("data/card_sizes.yaml").read_text("utf-8")
    return {name: parse_size(value) for name, value in yaml.safe_load(text).items()}


def builtin_icons() -> dict[str, Path]:
    folder = resources.files("deckpress").joinpath(ICON_DIR)
    return {Path(entry.name).stem: Path(str(entry)) for entry in folder.iterdir()
            if entry.name.endswith(".svg")}


def load_deck(path: Path) -> LoadedDeck:
    source = read_yaml(path, "deck file")
    _check_card_keys(source)
    deck = _validate(source, Deck, "deck", _card_label)
    width, height = _card_size(deck.size, source)
    _check_cards(deck, source)
    icons = _resolve_icons(deck, source)
    deck = deck.model_copy(update={"cards": [CardData(card) for card in deck.cards]})
    source.data = None  # validated into `deck`; only the line numbers are still needed
    return LoadedDeck(deck, source, width, height, icons)


def load_brand(path: Path | None) -> LoadedBrand:
    if path is None:
        return LoadedBrand(Brand(), None, None, None)
    source = read_yaml(path, "brand file")
    brand = _validate(source, Brand, "brand", lambda data, loc: None)
    logo = None
    if brand.logo:
        logo = (path.parent / brand.logo).resolve()
        if not logo.is_file():
            raise DeckError(
                f"logo file not found: {brand.logo} (looked in {path.parent})",
                source.where(("logo",), None, "logo"),
                "the logo path is relative to the brand file; check its spelling",
            )
        try:
            validate_image(logo)
        except AssetError as error:
            raise DeckError(error.problem, source.where(("logo",), None, "logo"),
                            error.hint) from None
    return LoadedBrand(brand, path, logo, source)


def _card_label(data: Any, location: tuple) -> str | None:
    """The id of the card an error location falls in, read from the raw data."""
    if len(location) >= 2 and location[0] == "cards" and isinstance(location[1], int):
        try:
            card_id = data["cards"][location[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return None if card_id is None else str(source_text(card_id))
    return None


def _validate(source: YamlSource, model: type[BaseModel], what: str, card_label) -> Any:
    if not isinstance(source.data, dict):
        keys = ", ".join(f"{key}:" for key in list(model.model_fields)[:3])
        raise DeckError(
            f"the {what} file must be a block of keys ({keys} ...), "
            f"not a {_kind(source.data)}",
            source.where(()),
            "see docs/deck-format.md for an example",
        )
    data = {key: value for key, value in source.data.items()
            if not (isinstance(key, str) and key.startswith("x-"))}  # room for YAML anchors
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = error.errors()
        # A misspelt key also makes its real name "missing": report the misspelling first.
        problems.sort(key=lambda p: (p["type"] != "extra_forbidden",
                                     source.line_of(tuple(p["loc"])) or 0))
        found = [_problem_error(source, problem, model, card_label) for problem in problems]
        first = found[0]
        more = len(found) - 1
        if more:  # `build` shows the first; `check` lists them all
            first = DeckError(f"{first.problem} (and {more} more problem{'s' if more > 1 else ''})",
                              first.where, first.hint)
        first.each = found
        raise first from None


def _problem_error(source: YamlSource, problem: dict, model: type[BaseModel],
                   card_label) -> DeckError:
    location = tuple(problem["loc"])
    message, hint = _explain(problem, model)
    field_name = ".".join(str(part) for part in location if not isinstance(part, int))
    card = card_label(source.data, location)
    if card is not None:
        field_name = ".".join(str(part) for part in location[2:]) or None
    return DeckError(message, source.where(location, card, field_name or None), hint)


def _kind(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false",
            type(None): "empty value"}.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _explain(problem: dict, root: type[BaseModel]) -> tuple[str, str | None]:
    kind = problem["type"]
    location = tuple(problem["loc"])
    value = problem.get("input")
    name = str(location[-1]) if location else "value"
    if value is None and kind in {"string_type", "int_type", "model_type", "dict_type"}:
        return (f"'{name}' is empty",
                "give it a value; text starting with # must be in quotes, e.g. \"#1D3557\"")
    if kind in {"model_type", "dict_type"}:
        allowed = _allowed_keys(root, location)
        return (f"'{name}' should be a block of keys, not a {_kind(value)}",
                "indent its keys below it: " + ", ".join(f"{key}:" for key in allowed)
                if allowed else None)
    if kind == "too_short" and isinstance(value, list):
        return f"'{name}' needs at least one entry", f"add at least one item under '{name}:'"
    if kind == "string_too_short":
        return f"'{name}' is blank", "write some text here"
    if kind == "string_too_long":
        return (f"'{name}' is too long ({len(value)} characters, at most "
                f"{problem.get('ctx', {}).get('max_length')})", "shorten it")
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"'{name}' must be a whole number (got {_short(value)})", "e.g. copies: 2"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(root, location[:-1])
        return f"unknown key '{location[-1]}'", did_you_mean(str(location[-1]), allowed)
    if kind == "missing":
        return (
            f"missing required field '{location[-1]}'",
            f"add '{location[-1]}: ...' here",
        )
    if kind in {"string_type", "str_type"} and isinstance(value, bool):
        return (
            f"expected text but YAML read {value!r} (it treats yes/no/on/off as true/false)",
            'put the value in quotes, e.g. "No"',
        )
    message = problem["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        message = f"{_short(value)} is not a valid id"
        return message, "use letters, digits, '-', '_' or '.', e.g. WU-01"
    if isinstance(value, str | int | float) and kind != "value_error":
        message += f" (got {_short(value)})"
    return message, None


def _allowed_keys(model: type[BaseModel], location: tuple) -> list[str]:
    """Walk the model's field types along `location` to list the keys valid there."""
    current: Any = model
    for part in location:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
            continue
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin is list and args:
            current = args[0]
        elif origin is dict and len(args) == 2:
            current = args[1]
        else:
            return []
    while typing.get_origin(current) in (list, dict):
        current = typing.get_args(current)[-1]
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _card_size(size: str, source: YamlSource) -> tuple[float, float]:
    named = card_sizes()
    if size in named:
        return named[size]
    try:
        width, height = parse_size(size)
    except ValueError:
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


def _check_card_keys(source: YamlSource) -> None:
    """Before validation, so a misspelt key is reported as such, not as a missing field."""
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("cards"), list):
        return
    fields = data.get("fields") if isinstance(data.get("fields"), list) else []
    allowed = [*CARD_KEYS, *map(str, fields)]
    for index, card in enumerate(data["cards"]):
        if not isinstance(card, dict):
            continue
        for key in card:
            if str(key) not in allowed:
                card_id = card.get("id")
                raise DeckError(
                    f"unknown key '{key}'",
                    source.where(("cards", index, key),
                                 None if card_id is None else str(source_text(card_id)), str(key)),
                    did_you_mean(str(key), allowed, list_choices=False)
                    or "to add a custom field for your layouts, list it under 'fields:' "
                    "at the top of the deck",
                )


def _check_cards(deck: Deck, source: YamlSource) -> None:
    first_seen: dict[str, int] = {}
    level_ids = [level.id for level in deck.levels]
    for index, card in enumerate(deck.cards):
        if card.id in first_seen:
            other_line = source.line_of(("cards", first_seen[card.id]))
            raise DeckError(
                f"duplicate card id '{card.id}' (first used on line {other_line})",
                source.where(("cards", index, "id"), card.id, "id"),
                "give every card its own id; it is printed on the card and on the worksheets",
            )
        first_seen[card.id] = index
        if card.category is not None and card.category not in deck.categories:
            raise DeckError(
                f"unknown category '{shown(card.category)}'",
                source.where(("cards", index, "category"), card.id, "category"),
                did_you_mean(card.category, deck.categories)
                or "add it under 'categories:' at the top of the deck",
            )
        if card.level is not None and card.level not in level_ids:
            raise DeckError(
                f"unknown level '{shown(card.level)}'",
                source.where(("cards", index, "level"), card.id, "level"),
                did_you_mean(card.level, level_ids) or "add it under 'levels:' in the deck",
            )


def _resolve_icons(deck: Deck, source: YamlSource) -> dict[str, Path]:
    builtin = builtin_icons()
    icons: dict[str, Path] = {}
    for category_id, category in deck.categories.items():
        if not category.icon:
            continue
        if category.icon in builtin:
            icons[category_id] = builtin[category.icon]
            continue
        candidates = [(folder / category.icon).resolve()
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
