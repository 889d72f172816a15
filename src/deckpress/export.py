"""`deckpress export`: a deck written out as a spreadsheet a coach can edit, in exactly the shape
deckpress reads back (source/sheetdeck.py), so building the export gives the same PDF.

An .xlsx holds the whole deck: a Cards sheet, the Deck sheet of settings and a sheet per table
of settings (Levels, Categories). A .csv holds the cards, and the YAML file of the same name
beside it the settings. Every setting is written from the settings model, so a new one needs
no code here. The files are the same bytes for the same deck: the workbook's timestamps are
pinned.
"""

from __future__ import annotations

import csv
import datetime
import gc
import io
import os
import re
import sys
import traceback
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DeckError, Where
from .output.guard import check_distinct, protected_inputs
from .output.write import atomic_output, check_writable
from .source.deck import LoadedDeck, load_deck
from .source.models import CARD_KEYS, DeckSettings
from .source.sheetdeck import (
    CARDS_SHEET,
    LIST_MARK,
    SETTINGS_HEADER,
    SETTINGS_SHEET,
    setting_shape,
    table_columns,
    table_settings,
)

SUFFIXES = (".xlsx", ".csv")
PINNED = datetime.datetime(2000, 1, 1)  # the workbook's created/modified dates, always
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say
CORE_PROPERTIES = "docProps/core.xml"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
W3C_TIME = "%Y-%m-%dT%H:%M:%SZ"
TEXT_WIDTH = 60  # characters: the width of the text columns of an exported sheet
DEFAULTS = {"copies": 1}  # card values left blank when they are the default


@dataclass(frozen=True)
class Exported:
    files: tuple[Path, ...]
    cards: int


@dataclass(frozen=True)
class Table:
    """Rows of cells, the first naming the columns."""

    title: str
    rows: list[list[Any]]


def export_deck(deck_path: Path, output: Path) -> Exported:
    """Write the deck at `deck_path` to `output` (.xlsx, or .csv with its settings in a .yaml
    beside it), never over a file the deck is read from, each file put in place whole."""
    deck = load_deck(deck_path)
    targets = [output] + ([output.with_suffix(".yaml")] if output.suffix.lower() == ".csv"
                          else [])
    protected = protected_inputs(deck.workspace, [(path, "the deck")
                                                  for path in deck.source.files])
    roles = [(target, "the export" if target == output else "the export's settings file")
             for target in targets]
    check_distinct(roles)
    for target, role in roles:
        check_writable(target)
        protected.check(target, role)
    cards = card_table(deck)
    contents = [made_workbook(deck, cards, output)] if output.suffix.lower() == ".xlsx" else \
        [csv_bytes(cards), settings_yaml(deck.settings, output.name,
                                         schema_reference(output, deck.workspace))]
    with ExitStack() as stack:
        for target, content in zip(targets, contents, strict=True):
            stack.enter_context(atomic_output(target)).write_bytes(content)
    return Exported(tuple(targets), len(deck.cards))


# --- the cards ------------------------------------------------------------------------------

def card_table(deck: LoadedDeck) -> Table:
    """A row per card, a column per card key in use (id, title and text always; the deck's
    custom fields always), lists one item per line under a header marked so."""
    dumped = [card.model_dump() for card in deck.cards]
    settings = deck.settings
    wanted = {"id", "title", "text", *(("category",) if settings.categories else ()),
              *(("level",) if settings.levels else ())}
    keys = [key for key in CARD_KEYS
            if key in wanted or any(_in_use(card.get(key), key) for card in dumped)]
    keys += [key for key in settings.fields if key not in keys]
    lists = {key for key in keys if any(isinstance(card.get(key), list) for card in dumped)}
    header = [key + (LIST_MARK if key in lists else "") for key in keys]
    rows = [[_cell(deck, index, card, key, key in lists) for key in keys]
            for index, card in enumerate(dumped)]
    return Table(CARDS_SHEET, [header, *rows])


def _in_use(value: Any, key: str) -> bool:
    return value is not None and value != DEFAULTS.get(key)


def _cell(deck: LoadedDeck, index: int, card: dict[str, Any], key: str, is_list: bool) -> Any:
    """A card's value as a cell holds it: a list one item per line (each item one line, so it
    reads back the same)."""
    value = card.get(key)
    if key == "copies":
        return value if any(_in_use(other.copies, key) for other in deck.cards) else None
    if value is None:
        return None
    if not is_list:
        return value if isinstance(value, str | int) else str(value)
    if not isinstance(value, list):
        raise DeckError(f"'{key}' is a single text here, but a list on other cards",
                        deck.card_where(index, key), "a column of a sheet holds lists or "
                        "texts, not both: write it as a list (- item) like the others")
    items = [str(item) for item in value]
    if any(not item.strip() or "\n" in item for item in items):
        raise DeckError(f"an item of '{key}' is empty or holds a line break, which a cell "
                        "of one item per line cannot keep", deck.card_where(index, key),
                        "write each item as one line of text")
    return "\n".join(items)


# --- the settings ---------------------------------------------------------------------------

def settings_tables(settings: DeckSettings) -> list[Table]:
    """The Deck sheet (`setting | value` rows) and a sheet per table of settings."""
    dumped = settings.model_dump()
    rows: list[list[Any]] = [list(SETTINGS_HEADER)]
    tables = []
    for name in DeckSettings.model_fields:
        shape, value = setting_shape(name), dumped[name]
        if shape in ("rows", "keyed rows"):
            tables.append(_settings_table(name, value))
        else:
            rows += _setting_rows(name, value)
    return [Table(SETTINGS_SHEET, rows), *tables]


def _setting_rows(name: str, value: Any) -> list[list[Any]]:
    """`name | value`, a list one item per line, a table of texts as `name.key` rows."""
    if isinstance(value, dict):  # a table of texts: the entries set
        return [row for key, inner in value.items() if inner is not None
                for row in _setting_rows(f"{name}.{key}", inner)]
    if isinstance(value, list):
        return [[name, "\n".join(str(item) for item in value) or None]]
    return [[name, None if value is None or value == "" else value]]


def _settings_table(name: str, value: Any) -> Table:
    columns = table_columns(name)
    title = next(title for title, setting in table_settings().items() if setting == name)
    blocks = [{"id": key, **block} for key, block in value.items()] \
        if isinstance(value, dict) else list(value)
    rows = [[None if block.get(column) in (None, "") else block.get(column)
             for column in columns] for block in blocks]
    return Table(title, [columns, *rows])


def settings_yaml(settings: DeckSettings, cards_file: str, schema: str | None = None) -> bytes:
    """The settings of a deck kept as CSV, as the deck file beside it; naming its schema in
    its last line, as the samples do, for an editor's completion."""
    data = {**settings.model_dump(exclude_defaults=True), "cards": {"from": cards_file}}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return (f"# The settings of the deck whose cards are in {cards_file}: build either file.\n"
            + text + (f"\n# yaml-language-server: $schema={schema}\n" if schema else "")
            ).encode("utf-8")


def schema_reference(output: Path, workspace: Path) -> str | None:
    """The workspace's deck schema, as a path from the folder of `output`, if it has one."""
    schema = workspace / "schemas" / "deck.schema.json"
    if not schema.is_file():
        return None
    return Path(os.path.relpath(schema.resolve(), output.parent.resolve())).as_posix()


# --- the files ------------------------------------------------------------------------------

def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the accents), commas, Windows line ends."""
    stream = io.StringIO(newline="")
    csv.writer(stream, lineterminator="\r\n").writerows(
        [["" if value is None else value for value in row] for row in table.rows])
    return stream.getvalue().encode("utf-8-sig")


def made_workbook(deck: LoadedDeck, cards: Table, output: Path) -> bytes:
    """`workbook_bytes`; a system refusal while it is made (openpyxl writes each sheet to a
    temporary file first: a full disk, a file size limit) said as for any output."""
    from lxml.etree import SerialisationError

    try:
        return workbook_bytes(deck, cards)
    except (OSError, SerialisationError) as error:
        reason = getattr(error, "strerror", None) or f"the system refused ({error})"
        _let_go_quietly(error)
        raise DeckError(f"cannot write the spreadsheet: {reason}", Where(output),
                        "free some space on the disk, or write it elsewhere with -o") from None


def _let_go_quietly(error: BaseException) -> None:
    """Free what the failed save left open (openpyxl's half-written streams): closing them
    fails again, which Python would print as "Exception ignored" with a traceback."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        if error.__traceback__ is not None:
            traceback.clear_frames(error.__traceback__)
        error.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = previous


def workbook_bytes(deck: LoadedDeck, cards: Table) -> bytes:
    """The workbook: cards first, then the settings; the same bytes for the same deck."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    for default in list(book.worksheets):  # the empty sheet a new workbook starts with
        book.remove(default)
    for table in [cards, *settings_tables(deck.settings)]:
        sheet = book.create_sheet(table.title)
        for row in table.rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text that starts with '=' is no formula
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, header in enumerate(table.rows[0], start=1):
            letter = sheet.cell(1, column).column_letter
            wide = str(header).split(" ")[0] in ("text", "tip", "counts_when", "description",
                                                 "value") or str(header).endswith(LIST_MARK)
            sheet.column_dimensions[letter].width = TEXT_WIDTH if wide else 16
        sheet.freeze_panes = "A2"
    book.properties.creator = "deckpress"
    book.properties.created = book.properties.modified = PINNED
    stream = io.BytesIO()
    book.save(stream)
    return _pinned_zip(stream.getvalue())


def _pinned_zip(data: bytes) -> bytes:
    """The same zip with every member's time set to one date, and the workbook's "modified"
    date too, so two exports are the same bytes (openpyxl stamps each member with the time it
    was written, and sets "modified" to now whatever it was given)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as pinned:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            content = source.read(member.filename)
            if member.filename == CORE_PROPERTIES:
                content = MODIFIED.sub(rb"\g<1>" + PINNED.strftime(W3C_TIME).encode()
                                       + rb"\g<2>", content)
            pinned.writestr(info, content)
    return stream.getvalue()


def refuse_suffix(output: Path) -> str | None:
    """What is wrong with `output` as the name of an export, if anything."""
    if output.suffix.lower() in SUFFIXES:
        return None
    return (f"'{output}' does not end in .xlsx or .csv\n  hint: -o deck.xlsx writes the whole "
            "deck as a workbook; -o deck.csv writes the cards, and the settings in deck.yaml "
            "beside it")
