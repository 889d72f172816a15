"""Decks kept in a spreadsheet (CSV or XLSX): read into the same deck a YAML file gives, and
every mistake named by file, sheet, row and column, with a hint."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from deckpress.errors import DeckError
from deckpress.export import export_deck
from deckpress.source.client import load_client
from deckpress.source.deck import load_deck
from helpers import DECK

SETTINGS = "title: T\nsize: poker\nfields: [steps]\nlevels:\n  - {id: easy, label: Easy}\n" \
           "  - {id: hard, label: Hard}\ncategories:\n  pairs: {label: Pairs, colour: '#1C6E74'}\n"
HEADER = ["id", "title", "text", "category", "level", "copies", "steps (one per line)"]
ROWS = [["A-1", "First", "Say hello.", "pairs", "easy", 2, "One\nTwo"],
        ["A-2", "Second", "Line one\n\nLine two", "pairs", "hard", None, None]]


def csv_text(rows: list[list[object]], separator: str = ",", newline: str = "\n") -> str:
    def cell(value: object) -> str:
        text = "" if value is None else str(value).replace("\n", newline)
        return f'"{text}"' if any(mark in text for mark in (separator, "\n", '"')) else text
    return "".join(separator.join(cell(value) for value in row) + newline for row in rows)


def csv_deck(workspace: Path, rows: list[list[object]], settings: str | None = SETTINGS,
             name: str = "sheet", **kwargs) -> Path:
    path = workspace / "cards" / f"{name}.csv"
    encoding = kwargs.pop("encoding", "utf-8")
    path.write_bytes(csv_text(rows, **kwargs).encode(encoding))
    if settings is not None:
        (workspace / "cards" / f"{name}.yaml").write_text(
            settings + f"cards: {{from: {name}.csv}}\n", encoding="utf-8")
    return path


def xlsx_deck(workspace: Path, rows: list[list[object]], name: str = "sheet",
              deck_rows: list[list[object]] | None = None) -> Path:
    """A whole deck in a workbook: Cards, Deck, Levels and Categories sheets."""
    book = Workbook()
    cards = book.active
    cards.title = "Cards"
    for row in rows:
        cards.append(row)
    for title, table in (("Deck", deck_rows or [["setting", "value"], ["title", "T"],
                                                ["size", "poker"], ["fields", "steps"]]),
                         ("Levels", [["id", "label"], ["easy", "Easy"], ["hard", "Hard"]]),
                         ("Categories", [["id", "label", "colour"],
                                         ["pairs", "Pairs", "#1C6E74"]])):
        sheet = book.create_sheet(title)
        for row in table:
            sheet.append(row)
    path = workspace / "cards" / f"{name}.xlsx"
    book.save(path)
    return path


@pytest.fixture(autouse=True)
def in_workspace(workspace, monkeypatch):
    """Messages name files as typed from the workspace."""
    monkeypatch.chdir(workspace)


def refused(path: Path) -> DeckError:
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    return caught.value


def message(error: DeckError) -> str:
    return error.format()


def dumped(deck) -> tuple[dict, list[dict]]:
    return deck.settings.model_dump(), [card.model_dump() for card in deck.cards]


# ---- what is read --------------------------------------------------------------------------

@pytest.mark.parametrize(("separator", "newline", "encoding"), [
    (",", "\n", "utf-8"), (";", "\r\n", "utf-8-sig"), ("\t", "\r\n", "utf-8")])
def test_a_csv_deck_as_spreadsheets_write_it(workspace, separator, newline, encoding):
    path = csv_deck(workspace, [HEADER, *ROWS], separator=separator, newline=newline,
                    encoding=encoding)
    deck = load_deck(path)
    first, second = (card.model_dump() for card in deck.cards)
    assert first["copies"] == 2 and first["steps"] == ["One", "Two"]
    assert second["copies"] == 1 and "steps" not in second
    assert second["text"] == "Line one\n\nLine two"  # Windows line ends inside a cell too
    assert deck.settings.title == "T" and deck.card_count == 3
    assert deck.card_where(1, "level").describe() == \
        "cards/sheet.csv, row 3, column 'level', card 'A-2'"
    assert dumped(load_deck(path.with_suffix(".yaml"))) == dumped(deck)  # either file


def test_a_workbook_holds_the_whole_deck(workspace):
    deck = load_deck(xlsx_deck(workspace, [HEADER, *ROWS]))
    assert [level.id for level in deck.settings.levels] == ["easy", "hard"]
    assert deck.settings.categories["pairs"].colour == "#1C6E74"
    assert deck.settings.fields == ["steps"]
    assert deck.cards[0].model_dump()["steps"] == ["One", "Two"]
    assert deck.card_where(0, "title").describe() == \
        "cards/sheet.xlsx, sheet Cards, row 2, column 'title', card 'A-1'"
    assert deck.source.files == (workspace / "cards" / "sheet.xlsx",)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_export_reads_back_as_the_same_deck(workspace, suffix):
    original = load_deck(workspace / DECK)
    export_deck(workspace / DECK, workspace / "cards" / f"again{suffix}")
    assert dumped(load_deck(workspace / "cards" / f"again{suffix}")) == dumped(original)


def test_cards_from_a_sheet_of_a_workbook_and_headers_in_any_case(workspace):
    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Spring")
    sheet.append(["ID", "Title", "Text", "Counts when"])
    sheet.append(["S-1", "Hello", "Say it.", "You said it."])
    book.save(workspace / "cards" / "spring.xlsx")
    path = workspace / "cards" / "spring.yaml"
    path.write_text("title: T\nsize: poker\ncards:\n  from: spring.xlsx\n  sheet: Spring\n",
                    encoding="utf-8")
    deck = load_deck(path)
    assert deck.cards[0].counts_when == "You said it."
    assert deck.source.files == (path, workspace / "cards" / "spring.xlsx")
    assert deck.card_where(0, "counts_when").describe() == \
        "cards/spring.xlsx, sheet Spring, row 2, column 'Counts when', card 'S-1'"


def test_a_client_names_a_spreadsheet_deck_by_its_name(workspace):
    xlsx_deck(workspace, [HEADER, *ROWS], name="openers")
    client = workspace / "clients" / "ana.yaml"
    client.write_text("brand: example\nname: Ana\ndecks: [openers, room-openers]\n",
                      encoding="utf-8")
    loaded = load_client(client, workspace)
    assert [path.name for path in loaded.deck_paths] == ["openers.xlsx", "room-openers.yaml"]
    client.write_text("brand: example\nname: Ana\ndecks: [openers.xlsx, room-openers.csv]\n",
                      encoding="utf-8")  # as the files are called in cards/
    loaded = load_client(client, workspace)
    assert [path.name for path in loaded.deck_paths] == ["openers.xlsx", "room-openers.csv"]


def test_the_sample_csv_deck_builds_from_either_file(workspace):
    by_csv = load_deck(workspace / "cards/room-openers.csv")
    assert len(by_csv.cards) == 13 and by_csv.cards[0].model_dump()["steps"][0].startswith("Pick")
    assert dumped(load_deck(workspace / "cards/room-openers.yaml")) == dumped(by_csv)


# ---- mistakes ------------------------------------------------------------------------------

def test_a_missing_id_column(workspace):
    error = refused(csv_deck(workspace, [HEADER[1:], *(row[1:] for row in ROWS)]))
    assert message(error) == (
        "cards/sheet.csv, row 1: no 'id' column in the first row\n"
        "  hint: every card needs id, title, text: name a column for each in the first row")


def test_a_duplicated_id_names_the_first_row(workspace):
    error = refused(xlsx_deck(workspace, [HEADER, *ROWS, ["A-1", "Again", "x"]]))
    assert message(error) == (
        "cards/sheet.xlsx, sheet Cards, row 4, column 'id', card 'A-1': duplicate card id "
        "'A-1' (first used on row 2)\n"
        "  hint: give every card its own id; it is printed on the card and on the worksheets")


def test_an_empty_row_in_the_middle(workspace):
    error = refused(csv_deck(workspace, [HEADER, ROWS[0], [None] * 7, ROWS[1], [None] * 7]))
    assert message(error) == (
        "cards/sheet.csv, row 3: row 3 is empty, but cards follow it\n"
        "  hint: delete the empty row: cards are printed in the order of the rows, and an "
        "empty row is no card")


def test_merged_cells(workspace):
    path = xlsx_deck(workspace, [HEADER, *ROWS])
    book = load_workbook(path)
    book["Cards"].merge_cells("D2:D3")
    book.save(path)
    error = refused(path)
    assert message(error) == (
        "cards/sheet.xlsx, sheet Cards, row 2, column 'category': cells D2:D3 are merged\n"
        "  hint: unmerge them (Format → Merge cells → Unmerge) and write the value in every "
        "row: a merged cell holds its value in its first row only")


def test_a_formula_and_a_date_and_a_true_false_value_each_named(workspace):
    rows = [HEADER, ["A-1", '=UPPER("hi")', "x"], ["A-2", datetime.datetime(2024, 3, 1), "y"],
            ["A-3", "t", True]]
    error = refused(xlsx_deck(workspace, rows))
    assert [message(each) for each in error.each] == [
        "cards/sheet.xlsx, sheet Cards, row 2, column 'title': the cell holds a formula "
        "(=UPPER(\"hi\")), not a value\n  hint: deckpress reads what is typed in a cell, not "
        "formulas: copy the column and paste it back with Paste Special → Values",
        "cards/sheet.xlsx, sheet Cards, row 3, column 'title': the cell holds a date or time "
        "(2024-03-01T00:00:00) where text was expected\n  hint: the spreadsheet turned what "
        "was typed into a date or time: format the column as Text and type it again (or start "
        "it with an apostrophe, as in '3/4)",
        "cards/sheet.xlsx, sheet Cards, row 4, column 'text': the cell holds the true/false "
        "value TRUE, not text\n  hint: start it with an apostrophe ('TRUE) to keep it as text"]
    assert error.problem.endswith("(and 2 more problems)")


def test_a_sheet_that_does_not_exist(workspace):
    xlsx_deck(workspace, [HEADER, *ROWS])
    path = workspace / "cards" / "d.yaml"
    path.write_text("title: T\nsize: poker\ncards: {from: sheet.xlsx, sheet: Crads}\n",
                    encoding="utf-8")
    assert message(refused(path)) == (
        "cards/d.yaml:3, field 'cards.sheet': sheet.xlsx has no sheet 'Crads'\n"
        "  hint: did you mean 'Cards'? Its sheets: Cards, Deck, Levels, Categories")


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("not-a-book.xlsx", b"id,title,text\n",
     "cards/not-a-book.xlsx: cannot read the spreadsheet: the deck is not an Excel workbook "
     "(.xlsx)\n  hint: save it from your spreadsheet as Excel Workbook (.xlsx), or as CSV "
     "UTF-8 with the .csv ending"),
    ("really-a-book.csv", b"PK\x03\x04rest of a zip",
     "cards/really-a-book.csv: the deck is an Excel workbook, not CSV text\n"
     "  hint: rename it to really-a-book.xlsx"),
    ("old.ods", b"anything", "cards/old.ods: deckpress reads decks saved as .xlsx or .csv, "
     "not .ods\n  hint: in your spreadsheet, use Save As (or Export) and choose Excel "
     "Workbook (.xlsx) or CSV UTF-8"),
])
def test_a_file_that_is_not_a_spreadsheet_deckpress_reads(workspace, name, content, expected):
    path = workspace / "cards" / name
    path.write_bytes(content)
    assert message(refused(path)) == expected


def test_a_csv_in_a_legacy_encoding_names_its_row(workspace):
    """As the spreadsheet counts rows: the cell of two lines above makes it row 3, line 4."""
    path = csv_deck(workspace, [HEADER, ["A-0", "Two", "line one\nline two"],
                                ["A-1", "Café", "x"]], encoding="cp1252")
    assert message(refused(path)) == (
        "cards/sheet.csv, row 3: the deck is not UTF-8 text (byte 92)\n"
        "  hint: save it from your spreadsheet as 'CSV UTF-8'")


@pytest.mark.parametrize(("header", "problem", "hint"), [
    ("tilte", "unknown column 'tilte'", "did you mean 'title'?"),
    ("Counts-When", None, None),  # the same key written another way: fine
    ("stepz", "unknown column 'stepz'", "did you mean 'steps'?"),
    ("points", "unknown column 'points'", "the columns of a card: id, title, text, category, "
     "level, tip, counts_when, copies, layout; to add a custom field, list it under "
     "'fields:' in the deck's settings"),
])
def test_a_header_typo_is_checked_against_card_keys_and_fields(workspace, header, problem,
                                                               hint):
    path = csv_deck(workspace, [[*HEADER[:3], header], ["A-1", "t", "x", "y"]])
    if problem is None:
        assert load_deck(path).cards[0].counts_when == "y"
        return
    error = refused(path)
    assert message(error) == f"cards/sheet.csv, row 1, column '{header}': {problem}\n" \
                             f"  hint: {hint}"


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("level", "hrad", "column 'level', card 'A-1': unknown level 'hrad'\n"
     "  hint: did you mean 'hard'?"),
    ("category", "pears", "column 'category', card 'A-1': unknown category 'pears'\n"
     "  hint: did you mean 'pairs'?"),
    ("copies", "two", "column 'copies': 'copies' must be a whole number (got 'two')\n"
     "  hint: e.g. copies: 2"),
    ("copies", "2.5", "column 'copies': 'copies' must be a whole number (got '2.5')\n"
     "  hint: e.g. copies: 2"),
    ("copies", "0", "column 'copies', card 'A-1': 'copies' must be at least 1 (got 0)"),
    ("text", "x" * 5001, "column 'text', card 'A-1': 'text' is too long (5001 characters, at "
     "most 5000)\n  hint: shorten it"),
])
def test_a_bad_value_names_its_cell(workspace, column, value, expected):
    row = dict(zip(HEADER, ROWS[0], strict=True))
    row[column] = value
    path = csv_deck(workspace, [HEADER, list(row.values())])
    assert message(refused(path)) == f"cards/sheet.csv, row 2, {expected}"


def test_copies_in_a_workbook_must_be_whole(workspace):
    error = refused(xlsx_deck(workspace, [HEADER, ["A-1", "t", "x", None, None, 2.5]]))
    assert message(error) == (
        "cards/sheet.xlsx, sheet Cards, row 2, column 'copies': 'copies' must be a whole "
        "number (got '2.5')\n  hint: e.g. copies: 2")


def test_a_value_in_a_column_without_a_name(workspace):
    error = refused(csv_deck(workspace, [HEADER[:3], ["A-1", "t", "x", "stray"]]))
    assert message(error) == (
        "cards/sheet.csv, row 2: row 2 has a value in a column without a name\n"
        "  hint: name the column in the first row, or clear the cell")


def test_a_mistake_in_the_settings_sheets_names_its_cell(workspace):
    path = xlsx_deck(workspace, [HEADER, *ROWS], deck_rows=[
        ["setting", "value"], ["titel", "T"], ["size", "poker"], ["fields", "steps"]])
    book = load_workbook(path)
    book["Categories"]["C2"] = "teal"
    book.save(path)
    error = refused(path)
    assert [message(each).split("\n")[0] for each in error.each] == [
        "cards/sheet.xlsx, sheet Deck, row 2, column 'value', field 'titel': unknown key "
        "'titel'",
        "cards/sheet.xlsx, field 'title': missing required field 'title'",
        "cards/sheet.xlsx, sheet Categories, row 2, column 'colour': 'teal' is not a colour; "
        "write it as #RRGGBB, e.g. #1D3557"]
    assert error.each[0].hint == "did you mean 'title'?"
    assert error.each[1].hint == "add a row 'title' to the Deck sheet, with its value"


def test_a_setting_given_twice_on_the_deck_sheet_is_refused(workspace):
    path = xlsx_deck(workspace, [HEADER, *ROWS], deck_rows=[
        ["setting", "value"], ["title", "T"], ["size", "poker"], ["title", "Again"]])
    assert message(refused(path)) == (
        "cards/sheet.xlsx, sheet Deck, row 4, column 'setting': the setting 'title' is given "
        "twice (first on row 2)\n  hint: keep one of the two rows")


def test_a_huge_sheet_is_refused(workspace):
    rows = [HEADER[:3], *([f"C-{number}", "t", "x"] for number in range(10_001))]
    assert message(refused(csv_deck(workspace, rows))) == (
        "cards/sheet.csv: the deck has 10,001 rows, more than 10,000\n"
        "  hint: split it into several files")


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_opened(workspace):
    path = workspace / "cards" / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (65 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    assert message(refused(path)) == (
        "cards/bomb.xlsx: the deck unpacks to 65 MiB, more than the 64 MiB deckpress reads\n"
        "  hint: check that this is the right file; split a very large one")


@pytest.mark.parametrize(("cards", "expected"), [
    ("{from: ../../outside.csv}", "cards/d.yaml:3, field 'cards.from': the cards file "
     "../../outside.csv is outside the workspace\n  hint: keep the spreadsheet beside the "
     "deck, in cards/"),
    ("{from: gone.csv}", "cards/d.yaml:3, field 'cards.from': cards file not found: gone.csv"),
    ("{from: d.yaml}", "cards/d.yaml:3, field 'cards.from': 'd.yaml' is not a spreadsheet\n"
     "  hint: cards come from a .csv or .xlsx file; a deck file holds its cards under cards: "
     "itself"),
    ("{from: sheet.csv, sheet: Cards}", "cards/d.yaml:3, field 'cards.sheet': a CSV file has "
     "no sheets\n  hint: leave out sheet:, or keep the cards in an .xlsx workbook"),
    ("{form: sheet.csv}", "cards/d.yaml:3, field 'cards.form': unknown key 'form'\n"
     "  hint: did you mean 'from'?"),
])
def test_a_from_that_cannot_be_used(workspace, cards, expected):
    (workspace.parent / "outside.csv").write_text("id,title,text\nA,t,x\n", encoding="utf-8")
    csv_deck(workspace, [HEADER, *ROWS])
    path = workspace / "cards" / "d.yaml"
    path.write_text(f"title: T\nsize: poker\ncards: {cards}\n", encoding="utf-8")
    assert message(refused(path)).startswith(expected)


def test_a_from_naming_the_deck_file_itself(workspace):
    deck = workspace / "cards" / "loop.yaml"
    deck.write_text("title: T\nsize: poker\ncards: {from: loop.csv}\n", encoding="utf-8")
    (workspace / "cards" / "loop.csv").symlink_to(deck)
    assert message(refused(deck)) == (
        "cards/loop.yaml:3, field 'cards.from': 'cards: from:' names this deck file itself\n"
        "  hint: name the spreadsheet that holds the cards")


def test_a_csv_deck_without_its_settings(workspace):
    assert message(refused(csv_deck(workspace, [HEADER, *ROWS], settings=None))) == (
        "cards/sheet.csv: the deck's settings (title, size, …) are missing: they go in "
        "sheet.yaml beside it\n  hint: write sheet.yaml beside it with: title: …, size: poker, "
        "cards: {from: sheet.csv} (see docs/deck-format.md)")


def test_the_yaml_beside_a_csv_with_cards_of_its_own(workspace):
    path = csv_deck(workspace, [HEADER, *ROWS], settings=None)
    (workspace / "cards" / "sheet.yaml").write_text(
        "title: T\nsize: poker\ncards:\n  - {id: A, title: a, text: x}\n", encoding="utf-8")
    assert message(refused(path)) == (
        "cards/sheet.yaml:3, field 'cards': sheet.yaml beside sheet.csv has cards of its own\n"
        "  hint: build sheet.yaml itself, or write cards: {from: sheet.csv}")


def test_a_workbook_of_cards_only_takes_its_settings_from_the_yaml_beside_it(workspace):
    book = Workbook()
    book.active.title = "Sheet"
    for row in (["id", "title", "text"], ["Q1", "First", "What made you smile?"]):
        book.active.append(row)
    book.save(workspace / "cards" / "fresh.xlsx")
    error = refused(workspace / "cards" / "fresh.xlsx")
    assert message(error) == (
        "cards/fresh.xlsx: the deck's settings (title, size, …) are missing: they go on a "
        "sheet called Deck, or in fresh.yaml beside it\n  hint: write fresh.yaml beside it "
        "with: title: …, size: poker, cards: {from: fresh.xlsx} (see docs/deck-format.md)")
    (workspace / "cards" / "fresh.yaml").write_text(
        "title: Fresh\nsize: poker\ncards: {from: fresh.xlsx}\n", encoding="utf-8")
    deck = load_deck(workspace / "cards" / "fresh.xlsx")
    assert [(card.id, card.text) for card in deck.cards] == [("Q1", "What made you smile?")]


def test_an_empty_cell_of_a_required_column_says_to_fill_it_in(workspace):
    path = xlsx_deck(workspace, [HEADER, *ROWS])
    book = load_workbook(path)
    book["Cards"]["B2"] = None  # the first card's title
    book.save(path)
    error = refused(path)
    assert error.problem == "missing required field 'title'"
    assert error.hint == "fill in this row's 'title' cell"


def test_true_in_the_copies_column_asks_for_a_number(workspace):
    path = xlsx_deck(workspace, [HEADER, *ROWS])
    book = load_workbook(path)
    book["Cards"]["F2"] = True
    book.save(path)
    error = refused(path)
    assert "the true/false value TRUE" in error.problem
    assert error.hint == "type a whole number in the copies column, e.g. 2, or leave the cell " \
                         "empty for 1"


def test_formatted_empty_rows_after_the_cards_are_not_rows(workspace):
    """A spreadsheet may carry thousands of formatted, empty rows below its cards."""
    from openpyxl.styles import Font

    path = xlsx_deck(workspace, [HEADER, *ROWS])
    book = load_workbook(path)
    for row in range(4, 20_004):
        book["Cards"].cell(row, 1).font = Font(bold=True)
    book.save(path)
    assert [card.id for card in load_deck(path).cards] == ["A-1", "A-2"]
