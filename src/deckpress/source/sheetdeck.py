"""A deck whose cards are kept in a spreadsheet (CSV or XLSX): read into the same data a deck
file gives, so it is validated, checked and built exactly like one, with every problem named
by file, sheet, row and column instead of a line.

Three forms (docs/deck-format.md, "Decks in a spreadsheet"):
- a deck file whose `cards:` is `{from: FILE, sheet: NAME}`: settings in the YAML, cards in
  the spreadsheet;
- a whole workbook: a sheet `Cards` (a row per card, a column per card key), a sheet `Deck`
  (`setting | value` rows) and a sheet per table of settings (`Levels`, `Categories`);
- a CSV (or a workbook without a `Deck` sheet) with its settings in the YAML file of the same
  name beside it.

The settings sheets are read from the settings model, so a new deck setting needs no code
here: a plain value is a `Deck` row (a list, one item per line; a table of texts, rows named
`key.entry`), a list or table of blocks is a sheet of its own.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import Cell, DeckError, Where, combined, did_you_mean, real_path
from ..units import shown
from .models import CARD_KEYS, Card, DeckSettings
from .spreadsheet import (
    OTHER_SPREADSHEETS,
    SHEET_SUFFIXES,
    Trouble,
    cell_value,
    csv_rows,
    merged_cells,
    open_workbook,
    refuse_other_formats,
    sheet_rows,
)
from .workspace import workspace_of
from .yamlsource import KeyPath, YamlSource, read_yaml

CARDS_SHEET = "Cards"
SETTINGS_SHEET = "Deck"
SETTINGS_HEADER = ("setting", "value")
LIST_MARK = " (one per line)"  # a column header ending so holds a list, an item per line
KEYED_COLUMN = "id"  # the first column of a sheet of keyed blocks (categories)
REQUIRED = tuple(name for name, info in Card.model_fields.items() if info.is_required())
WHOLE_NUMBERS = tuple(name for name, info in Card.model_fields.items() if info.annotation is int)
YAML_BESIDE = (".yaml", ".yml")
FROM_KEYS = ("from", "sheet")


# --- the shape of the settings, from the model ---------------------------------------------

def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def setting_shape(name: str) -> str:
    """How a deck setting is kept in a workbook: 'rows' (a list of blocks: a sheet, a row
    each), 'keyed rows' (blocks by id: a sheet with an id column), 'lines' (a list of texts:
    one `Deck` row, an item per line) or 'value' (one `Deck` row, or `key.entry` rows)."""
    annotation = DeckSettings.model_fields[name].annotation
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and args and _is_model(args[0]):
        return "rows"
    if origin is dict and len(args) == 2 and _is_model(args[1]):
        return "keyed rows"
    return "lines" if origin is list else "value"


def table_settings() -> dict[str, str]:
    """The settings kept on sheets of their own: sheet title -> setting name."""
    return {name.replace("_", " ").title(): name for name in DeckSettings.model_fields
            if setting_shape(name) in ("rows", "keyed rows")}


def table_columns(name: str) -> list[str]:
    """The columns of a settings sheet: the keys of its blocks (with the id first for keyed
    ones)."""
    annotation = DeckSettings.model_fields[name].annotation
    block = typing.get_args(annotation)[-1]
    keys = list(block.model_fields)
    return keys if setting_shape(name) == "rows" else [KEYED_COLUMN, *keys]


def column_key(header: str) -> str:
    """A column name as a key: `Counts when` is counts_when."""
    return "_".join(header.strip().lower().replace("-", " ").split())


# --- where things are -----------------------------------------------------------------------

@dataclass
class SheetSource(YamlSource):
    """A deck read (partly) from a spreadsheet: `data` as a deck file would give it, and the
    cell each card value (and each setting read from a sheet) came from. Settings written in
    YAML are found by line through `settings`."""

    cards_file: Path | None = None
    settings: YamlSource | None = None  # where the settings were written, if in YAML
    cells: dict[KeyPath, Cell] = field(default_factory=dict)  # settings read from sheets
    table: CardTable | None = None  # where each card is
    settings_file: Path | None = None  # the workbook the settings came from, if any

    @property
    def files(self) -> tuple[Path, ...]:
        found = [self.path, self.cards_file, self.settings.path if self.settings else None]
        return tuple(dict.fromkeys(path for path in found if path is not None))

    def _cell(self, location: KeyPath) -> Cell | None:
        location = tuple(location)
        table = self.table
        if table is not None and len(location) >= 2 and location[0] == "cards" \
                and isinstance(location[1], int) and 0 <= location[1] < len(table.rows):
            column = table.headers.get(str(location[2])) if len(location) > 2 else None
            return Cell(table.rows[location[1]], column, table.sheet)
        while location:
            if location in self.cells:
                return self.cells[location]
            location = location[:-1]
        return None

    def missing_hint(self, location: KeyPath) -> str:
        """In a spreadsheet: a cell to fill in, a column or a Deck-sheet row to add."""
        name = str(location[-1]) if location else ""
        if location[:1] == ("cards",) and self.table is not None:
            if name in self.table.headers:
                return f"fill in this row's '{name}' cell"
            return f"add a column '{name}' to the sheet of cards, and fill it in"
        if self.settings_file is not None and len(location) == 1:
            return f"add a row '{name}' to the {SETTINGS_SHEET} sheet, with its value"
        if self.settings is not None:
            return self.settings.missing_hint(location)
        return super().missing_hint(location)

    def _file_of(self, location: KeyPath) -> Path:
        is_card = bool(location) and location[0] == "cards"
        return (self.cards_file if is_card else self.settings_file) or self.path

    def line_of(self, location: KeyPath) -> int | None:
        """The row (for ordering problems) or, for settings written in YAML, the line."""
        cell = self._cell(location)
        if cell is not None:
            return cell.row
        if self.settings is not None and not (location and location[0] == "cards"):
            return self.settings.line_of(location)
        return None

    def where(self, location: KeyPath, card: str | None = None,
              field_name: str | None = None) -> Where:
        cell = self._cell(location)
        if cell is not None:
            shown_field = None if cell.column is not None and len(location) > 2 else field_name
            return Where(self._file_of(location), None, card, shown_field, cell=cell)
        if self.settings is not None and not (location and location[0] == "cards"):
            return self.settings.where(location, card, field_name)
        return Where(self._file_of(location), None, card, field_name)

    def where_later(self, location: KeyPath, card: str | None = None,
                    field_name: str | None = None) -> Where:
        return self.where(location, card, field_name)

    def place_of(self, location: KeyPath) -> str:
        cell = self._cell(location)
        return f"row {cell.row}" if cell is not None else super().place_of(location)


# --- reading --------------------------------------------------------------------------------

def is_sheet(path: Path) -> bool:
    return path.suffix.lower() in (*SHEET_SUFFIXES, *OTHER_SPREADSHEETS)


def read_deck_source(path: Path) -> YamlSource:
    """A deck as data, from a deck file (its cards perhaps from a spreadsheet) or from a
    spreadsheet holding the whole deck."""
    if is_sheet(path):
        return _whole_deck(path)
    source = read_yaml(path, "deck file")
    cards = source.data.get("cards") if isinstance(source.data, dict) else None
    if isinstance(cards, dict):
        return _cards_from(source, cards)
    return source


def _cards_from(source: YamlSource, spec: dict[Any, Any]) -> SheetSource:
    """A deck file whose `cards:` names a spreadsheet."""
    target, sheet = _cards_file(source, spec)
    data = source.data
    table = read_card_table(target, sheet, data.get("fields"), "the cards file",
                            source.where(("cards", "sheet"), None, "cards.sheet"))
    return SheetSource(source.path, {**data, "cards": table.cards}, cards_file=target,
                       settings=source, table=table)


def _cards_file(source: YamlSource, spec: dict[Any, Any]) -> tuple[Path, str | None]:
    """The spreadsheet `cards: {from: …, sheet: …}` names, checked: it is a spreadsheet in the
    workspace, and not the deck file itself."""
    for key in spec:
        if key not in FROM_KEYS:
            raise DeckError(f"unknown key '{key}'", source.where(("cards", key), None,
                                                                 f"cards.{key}"),
                            did_you_mean(str(key), FROM_KEYS) or "cards: takes from: and sheet:")
    named, sheet = spec.get("from"), spec.get("sheet")
    where = source.where(("cards", "from"), None, "cards.from")
    if not isinstance(named, str) or not named.strip():
        raise DeckError("'cards: from:' must name a spreadsheet", where,
                        "e.g. cards: {from: networking.xlsx}, or list the cards under cards:")
    if sheet is not None and not isinstance(sheet, str):
        raise DeckError("'cards: sheet:' must be the name of a sheet",
                        source.where(("cards", "sheet"), None, "cards.sheet"), "e.g. sheet: Cards")
    target = source.path.parent / named
    if not is_sheet(target):
        raise DeckError(f"'{shown(named)}' is not a spreadsheet", where,
                        "cards come from a .csv or .xlsx file; a deck file holds its cards "
                        "under cards: itself")
    refuse_other_formats(target, "cards file")
    resolved, workspace = real_path(target, "cards file"), real_path(workspace_of(source.path))
    if resolved == real_path(source.path):
        raise DeckError("'cards: from:' names this deck file itself", where,
                        "name the spreadsheet that holds the cards")
    if not resolved.is_relative_to(workspace):
        raise DeckError(f"the cards file {shown(named)} is outside the workspace", where,
                        "keep the spreadsheet beside the deck, in cards/")
    if not target.is_file():
        raise DeckError(f"cards file not found: {shown(named)}", where,
                        f"the path is relative to the deck file's folder ({source.path.parent})")
    if sheet is not None and target.suffix.lower() != ".xlsx":
        raise DeckError("a CSV file has no sheets", source.where(("cards", "sheet"), None,
                                                                 "cards.sheet"),
                        "leave out sheet:, or keep the cards in an .xlsx workbook")
    return target, sheet


def _whole_deck(path: Path) -> SheetSource:
    """A spreadsheet holding a whole deck: the settings on its Deck sheet, or in the YAML file
    of the same name beside it."""
    refuse_other_formats(path, "deck")
    if path.suffix.lower() == ".xlsx":
        book = open_workbook(path, "the deck", values=False)
        try:
            if SETTINGS_SHEET in book.sheetnames:
                data, cells = _settings_from_book(book, path)
                table = _xlsx_card_table(book, path, None, data.get("fields"), "the deck")
                return SheetSource(path, {**data, "cards": table.cards}, cards_file=path,
                                   cells=cells, table=table, settings_file=path)
            settings = _settings_beside(path)  # a workbook of cards only
            table = _xlsx_card_table(book, path, None, settings.data.get("fields"),
                                     "the deck")
        finally:
            book.close()
        return SheetSource(path, {**settings.data, "cards": table.cards}, cards_file=path,
                           settings=settings, table=table)
    rows = _csv_rows(path, "the deck")  # a file that is no CSV is said first
    settings = _settings_beside(path)
    table = _card_table(path, None, rows, _declared(settings.data.get("fields")))
    return SheetSource(path, {**settings.data, "cards": table.cards}, cards_file=path,
                       settings=settings, table=table)


def _settings_beside(path: Path) -> YamlSource:
    """The YAML file beside a spreadsheet deck that holds its settings."""
    beside = next((path.with_suffix(suffix) for suffix in YAML_BESIDE
                   if path.with_suffix(suffix).is_file()), None)
    if beside is None:
        where = f"on a sheet called Deck, or in {path.stem}.yaml beside it" \
            if path.suffix.lower() == ".xlsx" else f"in {path.stem}.yaml beside it"
        raise DeckError(f"the deck's settings (title, size, …) are missing: they go {where}",
                        Where(path), f"write {path.stem}.yaml beside it with: title: …, size: "
                        f"poker, cards: {{from: {path.name}}} (see docs/deck-format.md)")
    settings = read_yaml(beside, "deck file")
    if not isinstance(settings.data, dict):
        raise DeckError("the deck file must be a block of keys (title:, size:, …)",
                        settings.where(()), "see docs/deck-format.md for an example")
    cards = settings.data.get("cards")
    named = cards.get("from") if isinstance(cards, dict) else None
    if cards is not None and not (isinstance(named, str) and real_path(beside.parent / named)
                                  == real_path(path)):
        raise DeckError(f"{beside.name} beside {path.name} has cards of its own",
                        settings.where(("cards",), None, "cards"),
                        f"build {beside.name} itself, or write cards: {{from: {path.name}}}")
    return settings


# --- the cards sheet ------------------------------------------------------------------------

@dataclass
class CardTable:
    """The cards of a sheet, as deck-file data, and where each is: its row; the column of
    each key."""

    cards: list[dict[str, Any]]
    rows: list[int]
    headers: dict[str, str]
    sheet: str | None


@dataclass(frozen=True)
class Column:
    key: str | None  # the card key, or None for a column without a name
    header: str  # as written
    is_list: bool = False


def read_card_table(path: Path, sheet: str | None, fields: Any, what: str,
                    named_at: Where | None = None) -> CardTable:
    """The cards of a CSV file or of a workbook's cards sheet, as deck-file data; `named_at`:
    where the sheet was named, for a sheet that is not there."""
    if path.suffix.lower() != ".xlsx":
        return _card_table(path, None, _csv_rows(path, what), _declared(fields))
    book = open_workbook(path, what, values=False)
    try:
        return _xlsx_card_table(book, path, sheet, fields, what, named_at or Where(path))
    finally:
        book.close()


def _csv_rows(path: Path, what: str) -> list[tuple[int, list[Any]]]:
    return [(number, list(values)) for number, values in enumerate(csv_rows(path, what),
                                                                    start=1)]


def _declared(fields: Any) -> list[str]:
    return [str(name) for name in fields] if isinstance(fields, list) else []


def _xlsx_card_table(book: Any, path: Path, sheet: str | None, fields: Any, what: str,
                     named_at: Where | None = None) -> CardTable:
    """The cards sheet's table; `named_at`: where `cards: from:` named the workbook, or None
    for a workbook holding a whole deck (whose other sheets hold its settings)."""
    chosen = _cards_sheet(book, path, sheet, named_at is None, named_at)
    merged = merged_cells(path, chosen.title)
    rows = [(number, [cell_value(cell) for cell in row]) for number, row
            in enumerate(sheet_rows(chosen, what, path), start=1)]
    if merged:
        raise _merged_error(path, chosen.title, merged, rows)
    return _card_table(path, chosen.title, rows, _declared(fields))


def _cards_sheet(book: Any, path: Path, sheet: str | None, whole: bool,
                 named_at: Where | None) -> Any:
    """The sheet named, else `Cards`, else the first sheet that holds no settings."""
    names = list(book.sheetnames)
    if sheet is not None:
        if sheet not in names:
            guess = did_you_mean(sheet, names, list_choices=False)
            raise DeckError(f"{path.name} has no sheet '{shown(sheet)}'", named_at or Where(path),
                            (guess + " Its" if guess else "its") + f" sheets: {', '.join(names)}")
        return book[sheet]
    if CARDS_SHEET in names:
        return book[CARDS_SHEET]
    others = [name for name in names if not whole or
              (name != SETTINGS_SHEET and name not in table_settings())]
    if not others:
        raise DeckError(f"{path.name} has no sheet of cards", Where(path),
                        f"put the cards on a sheet called {CARDS_SHEET}, a row each")
    return book[others[0]]


def _merged_error(path: Path, sheet: str, merged: list[str], rows: list[tuple[int, list[Any]]]
                  ) -> DeckError:
    from openpyxl.utils.cell import range_boundaries

    low_column, low_row, _, _ = range_boundaries(merged[0])
    header = rows[0][1] if rows else []
    column = (low_column or 1) - 1
    name = header[column] if column < len(header) else None
    return DeckError(f"cells {merged[0]} are merged" + (f" (and {len(merged) - 1} more ranges)"
                                                       if len(merged) > 1 else ""),
                     Where(path, cell=Cell(low_row or 1, str(name) if name else None, sheet)),
                     "unmerge them (Format → Merge cells → Unmerge) and write the value in "
                     "every row: a merged cell holds its value in its first row only")


def _card_table(path: Path, sheet: str | None, rows: list[tuple[int, list[Any]]],
                fields: list[str]) -> CardTable:
    if not rows or not any(_filled(value) for value in rows[0][1]):
        raise DeckError("the first row must name the columns, and it is empty",
                        Where(path, cell=Cell(1, None, sheet)),
                        "write the column names in the first row: id, title, text, …")
    columns, found = _columns(path, sheet, rows[0][1], fields)
    if found:
        raise combined(found)
    table = CardTable([], [], {column.key: column.header for column in columns
                               if column.key is not None}, sheet)
    body = rows[1:]
    last = max((index for index, (_, values) in enumerate(body)
                if any(_filled(value) for value in values)), default=-1)
    for number, values in body[:last + 1]:
        if not any(_filled(value) for value in values):
            found.append(DeckError(f"row {number} is empty, but cards follow it",
                                   Where(path, cell=Cell(number, None, sheet)),
                                   "delete the empty row: cards are printed in the order of "
                                   "the rows, and an empty row is no card"))
            continue
        found += _card_row(path, sheet, number, values, columns, table)
    if found:
        raise combined(found)
    if not table.cards:
        raise DeckError("the sheet has no cards", Where(path, cell=Cell(2, None, sheet)),
                        "add a row for each card under the row of column names")
    return table


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _columns(path: Path, sheet: str | None, header: list[Any],
             fields: list[str]) -> tuple[list[Column], list[DeckError]]:
    """Each column's card key, from the first row; unknown, doubled or missing columns are
    problems."""
    allowed = [*CARD_KEYS, *fields]
    by_name = {column_key(name): name for name in allowed}
    columns: list[Column] = []
    found: list[DeckError] = []
    seen: dict[str, int] = {}
    for number, value in enumerate(header, start=1):
        where = Where(path, cell=Cell(1, str(value) if _filled(value) else None, sheet))
        if isinstance(value, Trouble):
            found.append(DeckError(value.problem, Where(path, cell=Cell(1, None, sheet)),
                                   value.hint))
            columns.append(Column(None, ""))
            continue
        if not _filled(value):
            columns.append(Column(None, ""))
            continue
        text = str(value).strip()
        is_list = text.lower().endswith(LIST_MARK.strip())
        name = text[:-len(LIST_MARK.strip())].strip() if is_list else text
        key = name if name in allowed else by_name.get(column_key(name))
        if key is None:
            found.append(DeckError(
                f"unknown column '{shown(text)}'", where,
                did_you_mean(column_key(name), allowed, list_choices=False)
                or f"the columns of a card: {', '.join(CARD_KEYS)}; to add a custom field, "
                "list it under 'fields:' in the deck's settings"))
        elif key in seen:
            found.append(DeckError(f"the column '{shown(text)}' appears twice (first in column "
                                   f"{seen[key]})", where, "remove or rename one of them"))
        else:
            seen[key] = number
        columns.append(Column(key, text, is_list))
    missing = [key for key in REQUIRED if key not in seen]
    if missing and not found:
        found.append(DeckError(
            f"no '{missing[0]}' column in the first row", Where(path, cell=Cell(1, None, sheet)),
            f"every card needs {', '.join(REQUIRED)}: name a column for each in the first row"))
    return columns, found


def _card_row(path: Path, sheet: str | None, number: int, values: list[Any],
              columns: list[Column], table: CardTable) -> list[DeckError]:
    """One row's card added to `table`; the problems of its cells."""
    card: dict[str, Any] = {}
    found = []
    table.rows.append(number)
    unnamed = Column(None, "")
    for position, value in enumerate(values):
        if value is None:
            continue
        column = columns[position] if position < len(columns) else unnamed
        if column.key is None:
            if _filled(value):
                found.append(DeckError(f"row {number} has a value in a column without a name",
                                       Where(path, cell=Cell(number, None, sheet)),
                                       "name the column in the first row, or clear the cell"))
            continue
        try:
            converted = _converted(value, column)
        except Trouble as trouble:
            found.append(DeckError(trouble.problem, Where(path, cell=Cell(
                number, column.header, sheet)), trouble.hint))
            continue
        if converted is not None:
            card[column.key] = converted
    table.cards.append(card)
    return found


def _converted(value: Any, column: Column) -> Any:
    """A cell's value as a deck file would hold it, or None for an empty cell."""
    if isinstance(value, Trouble):
        if column.key in WHOLE_NUMBERS:  # not text to keep as typed, but a number to type
            raise Trouble(value.problem, f"type a whole number in the {column.key} column, "
                          "e.g. 2, or leave the cell empty for 1")
        raise value
    if not _filled(value):
        return None
    if column.key in WHOLE_NUMBERS:
        return _whole_number(value, column)
    text = _as_text(value)
    if column.is_list:
        return [line for line in text.split("\n") if line.strip()]
    return text


def _as_text(value: Any) -> str:
    """A cell as text: whole numbers without a decimal point; line breaks as \\n."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _whole_number(value: Any, column: Column) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    raise Trouble(f"'{column.key}' must be a whole number (got {shown(str(value))!r})",
                  f"e.g. {column.key}: 2")


# --- the settings sheets --------------------------------------------------------------------

def _settings_from_book(book: Any, path: Path) -> tuple[dict[str, Any], dict[KeyPath, Cell]]:
    """The deck's settings from the Deck sheet and the sheets of tables, and their cells."""
    data: dict[str, Any] = {}
    cells: dict[KeyPath, Cell] = {}
    found: list[DeckError] = []
    found += _settings_rows(book[SETTINGS_SHEET], path, data, cells)
    by_title = {name.lower(): name for name in book.sheetnames}
    for title, name in table_settings().items():
        if title.lower() in by_title:
            sheet = book[by_title[title.lower()]]
            found += _table_rows(sheet, path, name, data, cells)
    if found:
        raise combined(found)
    return data, cells


def _rows(sheet: Any, path: Path) -> Iterator[tuple[int, list[Any]]]:
    for number, row in enumerate(sheet_rows(sheet, "the deck", path), start=1):
        yield number, [cell_value(cell) for cell in row]


def _settings_rows(sheet: Any, path: Path, data: dict[str, Any],
                   cells: dict[KeyPath, Cell]) -> list[DeckError]:
    """`setting | value` rows: `fields` (a list) one item per line, `labels.done` an entry of
    a table of texts."""
    found: list[DeckError] = []
    rows = list(_rows(sheet, path))
    header = [column_key(str(value)) for value in (rows[0][1] if rows else [])
              if _filled(value)]
    if tuple(header[:2]) != SETTINGS_HEADER:
        return [DeckError(f"the {SETTINGS_SHEET} sheet's first row must name its columns "
                          "'setting' and 'value'", Where(path, cell=Cell(1, None, sheet.title)),
                          "a row per setting below: title, subtitle, size, layout, fields")]
    for number, values in rows[1:]:
        key, value = [*values, None, None][:2]
        if not _filled(key):
            continue
        place = Cell(number, "value", sheet.title)
        for item in (key, value):
            if isinstance(item, Trouble):
                found.append(DeckError(item.problem, Where(path, cell=place), item.hint))
        if any(isinstance(item, Trouble) for item in (key, value)) or not _filled(value):
            continue
        location = tuple(str(key).strip().split("."))
        if location in cells:
            found.append(DeckError(
                f"the setting '{'.'.join(location)}' is given twice (first on row "
                f"{cells[location].row})", Where(path, cell=Cell(number, "setting", sheet.title)),
                "keep one of the two rows"))
            continue
        text = _as_text(value)
        shape = setting_shape(location[0]) if location[0] in DeckSettings.model_fields \
            else "value"
        _put(data, location, [line for line in text.split("\n") if line.strip()]
             if shape == "lines" and len(location) == 1 else text)
        cells[location] = place
    return found


def _put(data: dict[str, Any], location: tuple[str, ...], value: Any) -> None:
    for part in location[:-1]:
        inner = data.setdefault(part, {})
        if not isinstance(inner, dict):
            inner = data[part] = {}
        data = inner
    data[location[-1]] = value


def _block(path: Path, sheet: str, number: int, header: list[str | None], values: list[Any],
           found: list[DeckError]) -> dict[str, Any]:
    """One row of a settings sheet as a block of keys; its cells' problems added to `found`."""
    block: dict[str, Any] = {}
    for column, value in zip(header, values, strict=False):
        if column is None or not _filled(value):
            continue
        if isinstance(value, Trouble):
            found.append(DeckError(value.problem, Where(path, cell=Cell(number, column, sheet)),
                                   value.hint))
            continue
        block[column] = _as_text(value)
    return block


def _table_rows(sheet: Any, path: Path, name: str, data: dict[str, Any],
                cells: dict[KeyPath, Cell]) -> list[DeckError]:
    """A sheet of blocks (levels, categories): a row each, a column per key."""
    rows = list(_rows(sheet, path))
    if not rows:
        return []
    header = [column_key(str(value)) if _filled(value) else None for value in rows[0][1]]
    keyed = setting_shape(name) == "keyed rows"
    items: list[Any] = []
    table: dict[str, Any] = {}
    found: list[DeckError] = []
    for number, values in rows[1:]:
        block = _block(path, sheet.title, number, header, values, found)
        if not block:
            continue
        key: str | int = str(block.pop(KEYED_COLUMN, "")) if keyed else len(items)
        if keyed and not key:
            found.append(DeckError(f"the row has no {KEYED_COLUMN}",
                                   Where(path, cell=Cell(number, KEYED_COLUMN, sheet.title)),
                                   f"give every row of the {sheet.title} sheet its {KEYED_COLUMN}"))
            continue
        if keyed:
            table[str(key)] = block
        else:
            items.append(block)
        cells[(name, key)] = Cell(number, None, sheet.title)
        for column in header:
            if column is not None:
                cells[(name, key, column)] = Cell(number, column, sheet.title)
    data[name] = table if keyed else items
    return found
