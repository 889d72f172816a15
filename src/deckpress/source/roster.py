"""A roster: clients kept in a spreadsheet (clients.csv or clients.xlsx), a row per client,
read straight into the same client details a client file gives, with every problem named by
file, sheet, row and column.

Columns (any order, any case; only `name`, `brand` and `deck` are needed): id, name, brand,
deck (or decks: several names separated by commas), programme, goal, note, start, paper,
profile, cards, categories, levels, leave_out, order, ladder. Lists are separated by commas.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Cell, DeckError, Where, did_you_mean
from ..units import shown
from .client import ClientFile, LoadedClient, resolve_client, slug_of
from .validation import CLIENT_FILE, explain

ROSTER_SUFFIXES = (".csv", ".xlsx")
COLUMNS = ("id", "name", "brand", "deck", "decks", "programme", "program", "goal", "note",
           "start", "paper", "profile", "cards", "categories", "levels", "leave_out", "order",
           "ladder")
LISTS = ("cards", "categories", "levels", "leave_out", "ladder")
PER_DECK = ("cards", "categories", "levels", "leave_out", "order")
MAX_ROWS = 10_000


def is_roster(path: Path) -> bool:
    return path.suffix.lower() in ROSTER_SUFFIXES


def load_roster(path: Path, workspace: Path) -> list[LoadedClient]:
    """Every client of the roster, checked; the first problem is a DeckError at its cell."""
    clients = []
    for row in roster_rows(path, workspace):
        if isinstance(row, DeckError):
            raise row
        clients.append(row)
    return clients


def roster_rows(path: Path, workspace: Path) -> list[LoadedClient | DeckError]:
    """Each row's client, or the problem that row has: one row's mistake is not another's.
    A problem with the roster as a whole (unreadable, no name column) is raised."""
    sheet, rows = read_rows(path)
    header = [_column_name(value) for value in rows[0]] if rows else []
    if not header or "name" not in header:
        raise DeckError("the roster has no 'name' column in its first row", Where(path),
                        "the first row names the columns: name, brand, deck, and any of "
                        + ", ".join(COLUMNS[5:]))
    for number, column in enumerate(header):
        if column and column not in COLUMNS:
            raise DeckError(f"unknown column '{shown(rows[0][number])}'",
                            Where(path, cell=Cell(1, str(rows[0][number]), sheet)),
                            did_you_mean(column, COLUMNS))
    clients: list[LoadedClient | DeckError] = []
    for row_number, values in enumerate(rows[1:], start=2):
        cells = {column: _text(value) for column, value in zip(header, values, strict=False)
                 if column}
        if not any(cells.values()):
            continue  # an empty row
        try:
            clients.append(_client(path, sheet, row_number, cells, workspace))
        except DeckError as error:
            clients.append(error)
    if not clients:
        raise DeckError("the roster has no clients", Where(path),
                        "add a row for each client under the row of column names")
    return clients


def read_rows(path: Path) -> tuple[str | None, list[list[Any]]]:
    """(sheet name for XLSX, rows of cell values); a file that cannot be read is a DeckError."""
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DeckError("roster not found", Where(path), "check the path") from None
    except UnicodeDecodeError as error:
        raise DeckError(f"the roster is not UTF-8 text (byte {error.start})", Where(path),
                        "save it from your spreadsheet as 'CSV UTF-8'") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # European spreadsheets write ';'
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if len(rows) > MAX_ROWS:
        raise DeckError(f"the roster has {len(rows)} rows, more than {MAX_ROWS}", Where(path),
                        "split it into several rosters")
    return None, rows


def _xlsx_rows(path: Path) -> tuple[str | None, list[list[Any]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook  # only rosters kept as .xlsx need it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise DeckError("roster not found", Where(path), "check the path") from None
    except (BadZipFile, OSError, KeyError, ValueError) as error:
        raise DeckError(f"cannot read the spreadsheet: {error}", Where(path),
                        "save it again as an Excel workbook (.xlsx)") from None
    try:
        sheet = book["Clients"] if "Clients" in book.sheetnames else book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS:
                raise DeckError(f"the roster has more than {MAX_ROWS} rows", Where(path),
                                "split it into several rosters")
        return sheet.title, rows
    finally:
        book.close()


def _column_name(value: Any) -> str:
    return "_".join(str(value or "").strip().lower().replace("-", " ").split())


def _text(value: Any) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _client(path: Path, sheet: str | None, row: int, cells: dict[str, str],
            workspace: Path) -> LoadedClient:
    deck_column = "decks" if cells.get("decks") else "deck"

    def locate(*location: str | int) -> Where:
        return Where(path, cell=Cell(row, _column_of(location, deck_column, cells), sheet))

    data: dict[str, Any] = {key: cells[key] for key in
                            ("name", "brand", "goal", "note", "start", "paper") if cells.get(key)}
    programme = cells.get("programme") or cells.get("program")
    if programme:
        data["programme"] = programme
    if cells.get("profile"):
        data["profile"] = cells["profile"]
    if cells.get("ladder"):
        data["ladder"] = _split(cells["ladder"])
    choice = {key: (_split(cells[key]) if key in LISTS else cells[key])
              for key in PER_DECK if cells.get(key)}
    data["decks"] = [{"deck": name, **choice} for name in _split(cells.get(deck_column, ""))]
    try:
        client = ClientFile.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        message, hint = explain(problem, ClientFile, CLIENT_FILE.docs)
        location = tuple(problem["loc"])
        if location[:1] == ("decks",) and len(location) == 1:  # no deck at all
            message, hint = "no deck named", "name the client's deck(s), e.g. networking"
        raise DeckError(message, locate(*location), hint) from None
    return resolve_client(client, path, cells.get("id") or slug_of(client.name), workspace,
                          locate)


def _column_of(location: tuple[str | int, ...], deck_column: str,
               cells: dict[str, str]) -> str | None:
    """The column a value of a row's client came from."""
    if not location:
        return None
    head = str(location[0])
    if head == "decks":
        inner = [part for part in location[1:] if isinstance(part, str)]
        return inner[0] if inner and inner[0] != "deck" else deck_column
    if head == "programme":
        return "programme" if "programme" in cells else "program"
    return head

