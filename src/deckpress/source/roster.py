"""A roster: clients kept in a spreadsheet (clients.csv or clients.xlsx), a row per client,
read straight into the same client details a client file gives, with every problem named by
file, sheet, row and column.

Columns (any order, any case; only `name`, `brand` and `deck` are needed): id, name, brand,
deck (or decks: several names separated by commas), programme, goal, note, start, paper,
profile, cards, categories, levels, leave_out, order, ladder. Lists are separated by commas.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Cell, DeckError, Where, did_you_mean, display_path
from ..units import shown
from .client import (
    ClientFile,
    LoadedClient,
    folder_name_problem,
    load_client,
    resolve_client,
    slug_of,
)
from .spreadsheet import OTHER_SPREADSHEETS, csv_rows, open_workbook, refuse_other_formats
from .validation import CLIENT_FILE, explain
from .workspace import client_names, find_client

ROSTER_SUFFIXES = (".csv", ".tsv", ".xlsx")
COLUMNS = ("id", "name", "brand", "deck", "decks", "programme", "program", "goal", "note",
           "start", "paper", "profile", "cards", "categories", "levels", "leave_out", "order",
           "ladder", "language", "theme")
LISTS = ("cards", "categories", "levels", "leave_out", "ladder")
PER_DECK = ("cards", "categories", "levels", "leave_out", "order")
MAX_ROWS = 10_000


def is_roster(path: Path) -> bool:
    return path.suffix.lower() in (*ROSTER_SUFFIXES, *OTHER_SPREADSHEETS)


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
    sheet, header, rows = _read_table(path)
    clients: list[LoadedClient | DeckError] = []
    for row_number, values in rows:
        try:
            cells = _cells(path, sheet, header, row_number, values)
            clients.append(_client(path, sheet, row_number, cells, workspace))
        except DeckError as error:
            clients.append(error)
    if not clients:
        raise DeckError("the roster has no clients", Where(path),
                        "add a row for each client under the row of column names")
    return clients


def roster_row(path: Path, workspace: Path, row: int) -> LoadedClient:
    """The client of one row (by its number in the spreadsheet), checked without checking the
    others: a batch builds each row's kit on its own."""
    info = path.stat()
    sheet, header, rows = _table_of_version(path, info.st_size, info.st_mtime_ns)
    for row_number, values in rows:
        if row_number == row:
            return _client(path, sheet, row_number, _cells(path, sheet, header, row, values),
                           workspace)
    raise DeckError(f"the roster has no client in row {row} any more", Where(path),
                    "it changed while the batch ran: run the batch again")


@lru_cache(maxsize=4)
def _table_of_version(path: Path, size: int, mtime_ns: int
                      ) -> tuple[str | None, list[str], list[tuple[int, list[Any]]]]:
    """A roster read once per version of the file in each worker process, however many of
    its rows the worker builds."""
    return _read_table(path)


def _read_table(path: Path) -> tuple[str | None, list[str], list[tuple[int, list[Any]]]]:
    """(sheet, column names, the numbered rows that are not empty); a roster whose first row
    does not name its columns is a DeckError."""
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
                            did_you_mean(column, COLUMNS, list_choices=False)
                            or "the columns a roster can have: " + ", ".join(COLUMNS))
    numbered = [(row_number, values) for row_number, values in enumerate(rows[1:], start=2)
                if any(_text(value) for value in values)]  # an empty row is skipped
    return sheet, header, numbered


def _cells(path: Path, sheet: str | None, header: list[str], row: int,
           values: list[Any]) -> dict[str, str]:
    """A row's values by column; a value under no column is a DeckError (it would be lost)."""
    if any(_text(value) for value in values[len(header):]):
        raise DeckError(f"row {row} has a value after the last named column",
                        Where(path, cell=Cell(row, None, sheet)),
                        "give every value a column name in the first row, or remove it; a "
                        "comma inside a value needs quotes around the value")
    return {column: _text(value) for column, value in zip(header, values, strict=False)
            if column}


def read_rows(path: Path) -> tuple[str | None, list[list[Any]]]:
    """(sheet name for XLSX, rows of cell values); a file that cannot be read is a DeckError."""
    refuse_other_formats(path, "roster")
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path)
    return None, csv_rows(path, "the roster", MAX_ROWS)


def _xlsx_rows(path: Path) -> tuple[str | None, list[list[Any]]]:
    book = open_workbook(path, "the roster")
    try:
        sheet = book["Clients"] if "Clients" in book.sheetnames else book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) - 1 > MAX_ROWS:
                raise DeckError(f"the roster has more than {MAX_ROWS} clients", Where(path),
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
                            ("name", "brand", "goal", "note", "start", "paper", "language",
                             "theme")
                            if cells.get(key)}
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
    slug = cells.get("id") or slug_of(client.name)
    folder_problem = folder_name_problem(slug)
    if folder_problem:
        raise DeckError(f"the id '{shown(slug)}' cannot name the client's output folder: "
                        f"{folder_problem}", locate("id"), "use letters, digits and hyphens, e.g. "
                        f"{slug_of(client.name)}")
    return resolve_client(client, path, slug, workspace, locate)


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


@dataclass(frozen=True)
class ClientRef:
    """A client named on the command line: a client file, a roster, or one row of a roster."""

    path: Path
    row: int | None = None  # in a roster: the client's row


def roster_slugs(path: Path) -> dict[str, int]:
    """The output folder name of each row of a roster, and the row: read without checking the
    rows, to find a client by name."""
    try:
        _, header, rows = _read_table(path)
    except DeckError:
        return {}
    found: dict[str, int] = {}
    for row, values in rows:
        cells = {column: _text(value) for column, value in zip(header, values, strict=False)}
        slug = cells.get("id") or slug_of(cells.get("name", ""))
        found.setdefault(slug, row)
    return found


def row_name(path: Path, row: int) -> str:
    """The name written in a row of a roster, read without checking the row (empty if it has
    none): to name a client whose row could not be loaded by who they are."""
    try:
        _, header, rows = _read_table(path)
    except DeckError:
        return ""
    for number, values in rows:
        if number == row:
            cells = dict(zip(header, values, strict=False))
            return " ".join(_text(cells.get("name")).split())
    return ""


def find_client_ref(value: str, workspace: Path) -> ClientRef:
    """A client file or roster by path, a client file in clients/ by name, or a client of a
    roster in clients/ by the name of their output folder (as `deckpress batch` writes it)."""
    try:
        return ClientRef(find_client(value, workspace))
    except DeckError as error:
        if is_roster(Path(value)) and Path(value).is_file():
            return ClientRef(Path(value))
        rows = roster_clients(workspace)
        if value in rows:
            return ClientRef(*rows[value])
        if "not found" not in error.problem:
            raise
        unreadable = _unreadable_roster(workspace)
        if unreadable is not None:  # the client may be in it: say why it cannot be read
            raise DeckError(f"client '{shown(value)}' not found, and a roster in clients/ "
                            f"cannot be read: {unreadable.problem}", unreadable.where,
                            unreadable.hint) from None
        raise DeckError(error.problem.replace(".yaml in", ".yaml, nor a client of that name "
                                              "in a roster, in"), error.where,
                        did_you_mean(value, [*client_names(workspace), *rows])
                        or error.hint) from None


def _unreadable_roster(workspace: Path) -> DeckError | None:
    """The problem of the first roster in clients/ that cannot be read, if any."""
    folder = workspace / "clients"
    for roster in sorted(folder.iterdir()) if folder.is_dir() else []:
        if is_roster(roster):
            try:
                _read_table(roster)
            except DeckError as error:
                return error
    return None


def roster_clients(workspace: Path) -> dict[str, tuple[Path, int]]:
    """Every client of the rosters in clients/, by output folder name: (roster, row)."""
    found: dict[str, tuple[Path, int]] = {}
    folder = workspace / "clients"
    rosters = sorted(path for path in folder.iterdir() if is_roster(path)) \
        if folder.is_dir() else []
    for roster in rosters:
        for slug, row in roster_slugs(roster).items():
            found.setdefault(slug, (roster, row))
    return found


def load_client_ref(ref: ClientRef, workspace: Path) -> LoadedClient:
    """The client a ClientRef names; a whole roster is not one client."""
    if ref.row is not None:
        return roster_row(ref.path, workspace, ref.row)
    if is_roster(ref.path):
        _read_table(ref.path)  # a roster that cannot be read says why
        names = list(roster_slugs(ref.path))
        example = f" (e.g. --client {names[0]})" if names else ""
        raise DeckError(f"{ref.path.name} is a roster of {len(names)} clients, not one client",
                        Where(ref.path), f"name one client by their folder name{example}, or "
                        "build them all with: deckpress batch " + display_path(ref.path),
                        kind="option")
    return load_client(ref.path, workspace)
