"""Rosters: clients kept in a spreadsheet, a row each, read as client files are; every mistake
named by file, sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from deckpress.errors import DeckError
from deckpress.source.roster import load_roster, roster_rows

HEADER = ["name", "brand", "deck", "programme", "start", "levels", "paper"]
ROWS = [["Priya Natarajan", "example", "networking", "Spring", "2027-04-05", "warm", "a4"],
        ["Tomás Ferreira", "example", "networking, table-talk", "", "", "", ""]]


def csv_roster(workspace: Path, text: str, encoding: str = "utf-8") -> Path:
    path = workspace / "clients" / "roster.csv"
    path.write_bytes(text.encode(encoding))
    return path


def xlsx_roster(workspace: Path, rows: list[list[object]], sheet: str = "Clients") -> Path:
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["not the roster"])
    clients = book.create_sheet(sheet)
    for row in rows:
        clients.append(row)
    path = workspace / "clients" / "roster.xlsx"
    book.save(path)
    return path


def plain_csv(rows: list[list[str]], separator: str = ",", newline: str = "\n") -> str:
    return newline.join(separator.join(f'"{cell}"' if separator in cell else cell for cell in row)
                        for row in rows) + newline


@pytest.mark.parametrize(("separator", "newline", "encoding"), [
    (",", "\n", "utf-8"), (";", "\r\n", "utf-8-sig"), ("\t", "\r\n", "utf-8")])
def test_a_csv_roster_as_spreadsheets_write_it(workspace, separator, newline, encoding):
    path = csv_roster(workspace, plain_csv([HEADER, *ROWS], separator, newline), encoding)
    clients = load_roster(path, workspace)
    assert [client.slug for client in clients] == ["priya-natarajan", "tomas-ferreira"]
    priya, tomas = clients
    assert priya.client.programme == "Spring" and priya.client.paper == "a4"
    assert priya.client.start is not None and priya.client.start.isoformat() == "2027-04-05"
    assert priya.client.decks[0].levels == ["warm"]
    assert [choice.deck for choice in tomas.client.decks] == ["networking", "table-talk"]
    assert tomas.profile_name == "home-letter"


def test_an_xlsx_roster_reads_the_clients_sheet_with_real_dates(workspace):
    import datetime

    rows = [HEADER, ["Priya Natarajan", "example", "networking", "Spring",
                     datetime.datetime(2027, 4, 5), "warm", "a4"]]
    clients = load_roster(xlsx_roster(workspace, rows), workspace)
    assert clients[0].client.start == datetime.date(2027, 4, 5)
    assert clients[0].where("start").describe().endswith(
        "roster.xlsx, sheet Clients, row 2, column 'start'")


def test_an_id_column_names_the_output_folder_and_empty_rows_are_skipped(workspace):
    text = plain_csv([["id", *HEADER], ["p-n", *ROWS[0]], [""] * 8, ["t-f", *ROWS[1]]])
    clients = load_roster(csv_roster(workspace, text), workspace)
    assert [client.slug for client in clients] == ["p-n", "t-f"]


MISTAKES = [
    ("bad-date", [HEADER, ["Ana", "example", "networking", "", "2027-13-01", "", ""]],
     "row 2, column 'start'", "'2027-13-01' is not a date; write it as YYYY-MM-DD"),
    ("no-name", [HEADER, ROWS[0], ["", "example", "networking", "", "", "", ""]],
     "row 3, column 'name'", "missing required field 'name'"),
    ("unknown-brand", [HEADER, ["Ana", "exampel", "networking", "", "", "", ""]],
     "row 2, column 'brand'", "brand 'exampel' not found"),
    ("unknown-deck", [HEADER, ["Ana", "example", "networkin", "", "", "", ""]],
     "row 2, column 'deck'", "deck 'networkin' not found"),
    ("no-deck", [HEADER, ["Ana", "example", "", "", "", "", ""]],
     "row 2, column 'deck'", "no deck named"),
    ("unknown-column", [[*HEADER[:-1], "papr"], ROWS[0]], "row 1, column 'papr'",
     "unknown column 'papr'"),
]


@pytest.mark.parametrize(("rows", "place", "problem"), [case[1:] for case in MISTAKES],
                         ids=[case[0] for case in MISTAKES])
def test_a_mistake_in_a_roster_names_its_row_and_column(workspace, rows, place, problem):
    path = csv_roster(workspace, plain_csv(rows))
    with pytest.raises(DeckError) as caught:
        load_roster(path, workspace)
    assert caught.value.where.describe() == f"{path}, {place}"
    assert problem in caught.value.problem


def test_one_rows_mistake_is_not_the_others(workspace):
    rows = [HEADER, ROWS[0], ["Ana", "example", "networking", "", "soon", "", ""], ROWS[1]]
    found = roster_rows(csv_roster(workspace, plain_csv(rows)), workspace)
    assert [type(item).__name__ for item in found] == ["LoadedClient", "DeckError",
                                                       "LoadedClient"]


def test_a_roster_without_a_name_column_or_clients_is_refused(workspace):
    with pytest.raises(DeckError, match="no 'name' column"):
        load_roster(csv_roster(workspace, "client,deck\nAna,networking\n"), workspace)
    with pytest.raises(DeckError, match="the roster has no clients"):
        load_roster(csv_roster(workspace, plain_csv([HEADER])), workspace)


def test_a_roster_that_is_not_utf8_or_not_a_workbook_is_refused(workspace):
    with pytest.raises(DeckError, match=r"not UTF-8 text \(byte 18\)") as caught:
        load_roster(csv_roster(workspace, "name,brand,deck\nZo\xeb,example,networking\n",
                               "latin-1"), workspace)
    assert caught.value.hint == "save it from your spreadsheet as 'CSV UTF-8'"
    broken = workspace / "clients" / "broken.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(DeckError, match="cannot read the spreadsheet"):
        load_roster(broken, workspace)
