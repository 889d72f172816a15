"""Reading spreadsheets (CSV and XLSX) safely, for rosters and for decks kept in a spreadsheet.

CSV is read as spreadsheets write it: UTF-8 with or without a byte-order mark, separated by
commas, semicolons (European spreadsheets) or tabs, with Windows or Unix line endings. XLSX is
read with openpyxl, streaming, after its zip directory is checked: a file that is no workbook,
or one that would unpack to far more than any deck or roster (a zip bomb), is refused before it
is opened. Rows are capped, so a huge sheet is refused instead of read without end.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from ..errors import Cell, DeckError, Where
from .reading import MAX_SPREADSHEET, MIB, check_regular, read_limited

SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx")
OTHER_SPREADSHEETS = (".xls", ".ods", ".numbers")  # recognised, to say how to save them
MAX_UNPACKED = 64 * MIB  # what a workbook may unpack to; a 10,000-card deck is about 10 MiB
MAX_ROWS = 10_000  # rows under the header: a roster's clients, a deck's cards
ZIP_MAGIC = b"PK\x03\x04"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def refuse_other_formats(path: Path, what: str) -> None:
    """A spreadsheet saved in a format deckpress does not read (.xls, .ods, .numbers) is
    refused with how to save it."""
    if path.suffix.lower() in OTHER_SPREADSHEETS:
        raise DeckError(f"deckpress reads {what}s saved as .xlsx or .csv, not "
                        f"{path.suffix.lower()}", Where(path),
                        "in your spreadsheet, use Save As (or Export) and choose Excel Workbook "
                        "(.xlsx) or CSV UTF-8")


def csv_text(path: Path, what: str) -> str:
    """The text of a CSV file: UTF-8, a byte-order mark dropped; anything else is a DeckError
    naming the line."""
    try:
        data = read_limited(path, what)
    except FileNotFoundError:
        raise DeckError(f"{what.removeprefix('the ')} not found", Where(path),
                        "check the path") from None
    if data.startswith(ZIP_MAGIC):
        raise DeckError(f"{what} is an Excel workbook, not CSV text", Where(path),
                        f"rename it to {path.stem}.xlsx")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DeckError(f"{what} is not UTF-8 text (byte {error.start})",
                        Where(path, cell=Cell(_row_at(data, error.start))),
                        "save it from your spreadsheet as 'CSV UTF-8'") from None


def _row_at(data: bytes, offset: int) -> int:
    """The row (as a spreadsheet counts them: a cell may hold several lines) at a byte."""
    before = data[:offset].decode("utf-8-sig", errors="replace")
    try:
        return max(1, sum(1 for _ in csv.reader(io.StringIO(before + "x", newline=""))))
    except csv.Error:  # a cell too long to count through: the line will do
        return before.count("\n") + 1


def csv_rows(path: Path, what: str, limit: int = MAX_ROWS) -> list[list[str]]:
    """The rows of a CSV file, the separator found from the first line (',' or ';' or tab)."""
    text = csv_text(path, what)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # European spreadsheets write ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:  # a cell over csv's own limit of 131,072 characters
        raise DeckError(f"row {reader.line_num} cannot be read: {error}", Where(path),
                        "a cell holds far more than a spreadsheet needs (an unclosed quote?); "
                        "fix the row in your spreadsheet") from None
    if len(rows) - 1 > limit:  # the first row names the columns
        raise DeckError(f"{what} has {len(rows) - 1:,} rows, more than {limit:,}",
                        Where(path), "split it into several files")
    return rows


def check_workbook(path: Path, what: str) -> None:
    """Refuse, before openpyxl opens it, a file that is not a zip (so no workbook) or whose
    members would unpack to more than MAX_UNPACKED: a zip says each member's size, and
    Python's zipfile stops at it."""
    try:
        check_regular(path, what, MAX_SPREADSHEET)
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except FileNotFoundError:
        raise DeckError(f"{what.removeprefix('the ')} not found", Where(path),
                        "check the path") from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DeckError(f"cannot read the spreadsheet: {what} is not an Excel workbook (.xlsx)",
                        Where(path), "save it from your spreadsheet as Excel Workbook (.xlsx), "
                        "or as CSV UTF-8 with the .csv ending") from None
    if unpacked > MAX_UNPACKED:
        raise DeckError(f"{what} unpacks to {unpacked / MIB:,.0f} MiB, more than the "
                        f"{MAX_UNPACKED // MIB} MiB deckpress reads", Where(path),
                        "check that this is the right file; split a very large one")


def open_workbook(path: Path, what: str, values: bool = True) -> Any:
    """The workbook, opened for streaming; with `values` a formula reads as the value last
    calculated, else as the formula (so it can be refused)."""
    from openpyxl import load_workbook  # only spreadsheets need it

    check_workbook(path, what)
    try:
        return load_workbook(path, read_only=True, data_only=values)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError,
            etree.LxmlError) as error:
        raise DeckError(f"cannot read the spreadsheet: {error}", Where(path),
                        "save it again as an Excel workbook (.xlsx)") from None


class Trouble(Exception):
    """A cell whose content cannot be taken as typed: a formula, a date, an error value.
    Returned in place of the cell's value, or raised where a value is converted."""

    def __init__(self, problem: str, hint: str):
        super().__init__(problem)
        self.problem = problem
        self.hint = hint


DATE_HINT = ("the spreadsheet turned what was typed into a date or time: format the column "
             "as Text and type it again (or start it with an apostrophe, as in '3/4)")
FORMULA_HINT = ("deckpress reads what is typed in a cell, not formulas: copy the column and "
                "paste it back with Paste Special → Values")


def cell_value(cell: Any) -> Any:
    """A cell of a sheet opened with `values=False`, as deckpress takes it: text, a number, or
    None; a formula, date, true/false or error value becomes a Trouble."""
    value = cell.value
    kind = getattr(cell, "data_type", "n")
    if value is None or (kind == "s" and isinstance(value, str)):  # most cells: text
        return value
    if kind == "f" or (isinstance(value, str) and kind != "s" and value.startswith("=")):
        return Trouble(f"the cell holds a formula ({_short(str(value))}), not a value",
                       FORMULA_HINT)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time
                  | datetime.timedelta):
        shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return Trouble(f"the cell holds a date or time ({shown}) where text was expected",
                       DATE_HINT)
    if isinstance(value, bool):
        return Trouble(f"the cell holds the true/false value {str(value).upper()}, not text",
                       "start it with an apostrophe ('TRUE) to keep it as text")
    if kind == "e":
        return Trouble(f"the cell holds the error {value}", "fix or clear the cell")
    return value


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def sheet_rows(sheet: Any, what: str, path: Path, limit: int = MAX_ROWS) -> Iterator[tuple[Any,
                                                                                          ...]]:
    """The rows of a sheet opened for streaming, as cells, whatever size the sheet claims to
    have (its stated size is ignored: a hostile one would pad every row)."""
    sheet.reset_dimensions()
    filled = 0
    empty = 0  # empty rows since the last filled one: given (as no cells) only if one follows
    for row in sheet.iter_rows():
        if all(cell.value is None or cell.value == "" for cell in row):
            empty += 1  # formatted but empty rows at the end, however many, are not rows
            continue
        filled += 1
        if filled - 1 > limit:
            raise DeckError(f"{what} has more than {limit:,} rows on sheet {sheet.title}",
                            Where(path), "split it into several files")
        yield from ((),) * empty
        empty = 0
        yield row


def merged_cells(path: Path, sheet_title: str) -> list[str]:
    """The merged ranges (e.g. 'B3:B7') of one sheet of a workbook. openpyxl does not say
    them when streaming, so the sheet's part is found through the workbook's relations and
    read for its <mergeCell> elements alone."""
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet_title)
        if part is None:
            return []
        if b"mergeCell" not in archive.read(part):  # most sheets: no need to parse it again
            return []
        found = []
        with archive.open(part) as stream:
            for _, element in etree.iterparse(stream, tag=f"{MAIN}mergeCell",
                                              resolve_entities=False, no_network=True):
                found.append(str(element.get("ref", "")))
                element.clear()
        return found


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str | None:
    """The zip member holding the sheet called `title`, or None if it cannot be found."""
    try:
        book = etree.fromstring(archive.read("xl/workbook.xml"), SAFE_XML)
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), SAFE_XML)
    except (KeyError, etree.LxmlError):
        return None
    targets = {rel.get("Id"): str(rel.get("Target", "")) for rel in rels}
    for sheet in book.iter(f"{MAIN}sheet"):
        if sheet.get("name") == title:
            target = targets.get(sheet.get(RELATION), "")
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target) if target else None
    return None
