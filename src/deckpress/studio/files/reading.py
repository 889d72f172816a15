"""Reading a deck as a table, and a brand, client or deck file's keys, for the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...errors import DeckError
from ...source.models import CARD_KEYS
from ..paths import OutsideWorkspace, inside
from .csvedit import CsvCards
from .model import (
    CARD_COLUMNS,
    Choice,
    Column,
    DeckRow,
    DeckTable,
    MappingFile,
    Refused,
    decoded,
    kind_of,
    read_bytes,
    version_of,
)
from .yamledit import cell_value, load_yaml, plain_values


def read_deck(workspace: Path, relative: str) -> DeckTable:
    """A deck as a table: a column per card key (and per custom field), a row per card, and
    the categories and levels to choose from."""
    kind = kind_of(relative)
    if kind not in ("deck", "deck-csv", "deck-xlsx"):
        raise Refused(f"{relative} is not a deck")
    path = inside(workspace, relative)
    data = read_bytes(path, relative)
    version = version_of(data)
    if kind != "deck":
        return _sheet_table(workspace, relative, path, version, kind)
    _, deck = load_yaml(decoded(data, relative), relative)
    if not isinstance(deck, dict):
        raise Refused(f"{relative} is not a deck: it holds no block of keys (title:, cards:)")
    cards = deck.get("cards")
    if isinstance(cards, dict):  # cards: {from: the spreadsheet}
        named = str(cards.get("from", ""))
        reason = f"the cards of this deck are kept in cards/{named}: open that file to edit them"
        return _with_settings(relative, version, deck, [], reason)
    return _with_settings(relative, version, deck, cards if isinstance(cards, list) else [],
                          None)


def _with_settings(relative: str, version: str, settings: Any, cards: list[Any],
                   read_only_reason: str | None) -> DeckTable:
    declared = settings.get("fields")
    fields = [str(name) for name in declared if isinstance(name, str)] \
        if isinstance(declared, list) else []
    columns = (*CARD_COLUMNS, *(Column(name, name.replace("_", " ").capitalize(), "lines")
                                for name in fields if name not in CARD_KEYS))
    rows = tuple(DeckRow(str(card.get("id", "")),
                         {column.key: cell_value(card.get(column.key)) for column in columns})
                 for card in cards if isinstance(card, dict))
    return DeckTable(relative, version, str(settings.get("title", "")), columns, rows,
                     _choices(settings), read_only_reason is None, read_only_reason)


def _choices(settings: Any) -> dict[str, tuple[Choice, ...]]:
    categories = settings.get("categories")
    levels = settings.get("levels")
    return {
        "category": tuple(Choice(str(key), str(value.get("label", key))
                                 if isinstance(value, dict) else str(key))
                          for key, value in (categories.items()
                                             if isinstance(categories, dict) else ())),
        "level": tuple(Choice(str(level.get("id")), str(level.get("label", level.get("id"))))
                       for level in (levels if isinstance(levels, list) else ())
                       if isinstance(level, dict) and level.get("id") is not None),
    }


def _settings_beside_text(workspace: Path, relative: str) -> Any:
    """The settings of a spreadsheet deck: the YAML file of the same name beside it."""
    for suffix in (".yaml", ".yml"):
        beside = str(Path(relative).with_suffix(suffix).as_posix())
        try:
            path = inside(workspace, beside)
        except OutsideWorkspace:
            continue
        if path.is_file():
            return load_yaml(decoded(read_bytes(path, beside), beside), beside)[1]
    return {}


def fields_beside(workspace: Path, relative: str) -> list[str]:
    settings = _settings_beside_text(workspace, relative)
    fields = settings.get("fields") if isinstance(settings, dict) else None
    return [str(name) for name in fields] if isinstance(fields, list) else []


def _sheet_table(workspace: Path, relative: str, path: Path, version: str,
                 kind: str) -> DeckTable:
    settings = _settings_beside_text(workspace, relative)
    if not isinstance(settings, dict):
        settings = {}
    if kind == "deck-xlsx":
        reason = (f"{relative} is an Excel workbook: edit it in your spreadsheet program (the "
                  "studio edits decks kept as YAML or CSV)")
        return _with_settings(relative, version, settings, _xlsx_cards(path, relative), reason)
    cards = CsvCards(decoded(read_bytes(path, relative), relative), fields_beside(workspace,
                                                                              relative))
    return _with_settings(relative, version, settings, cards.as_dicts(), None)


def _xlsx_cards(path: Path, relative: str) -> list[dict[str, Any]]:
    """The cards of a workbook, as the command line reads them (for showing only)."""
    from ...source.sheetdeck import read_deck_source

    try:
        data = read_deck_source(path).data
    except DeckError as error:
        raise Refused(f"error: {relative}: {error.problem}") from None
    cards = data.get("cards") if isinstance(data, dict) else None
    return [card for card in cards or [] if isinstance(card, dict)]


def read_mapping(workspace: Path, relative: str) -> MappingFile:
    """A brand or client file's keys and values, in file order; of a deck file, its settings
    (all but the cards, which `read_deck` gives)."""
    kind = kind_of(relative)
    if kind not in ("brand", "client", "deck"):
        raise Refused(f"{relative} is not a brand, client or deck file")
    path = inside(workspace, relative)
    data = read_bytes(path, relative)
    _, mapping = load_yaml(decoded(data, relative), relative)
    if not isinstance(mapping, dict):
        raise Refused(f"{relative} is not a block of keys; fix it in a text editor")
    plain = plain_values(mapping)
    if kind == "deck":
        plain.pop("cards", None)
    return MappingFile(relative, version_of(data), plain)
