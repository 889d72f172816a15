"""Editing decks, brands and clients from the studio: the files stay the command line's files
(comments, order and quoting kept), a broken edit is refused in `deckpress check`'s words,
and an edit based on an old version is refused."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from deckpress.cli.commands import main
from deckpress.studio.files import FileStore, Refused, StaleFile, read_deck, read_mapping
from deckpress.studio.paths import OutsideWorkspace

DECK = "cards/networking.yaml"


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def changed_lines(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """The lines only in `before`, and only in `after` (the file otherwise the same), found
    by the common start and end."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return before[start:len(before) - end], after[start:len(after) - end]


def check_errors(workspace: Path, monkeypatch: pytest.MonkeyPatch, *arguments: str) -> list[str]:
    """The error lines `deckpress check` prints, run in the workspace."""
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(main, ["check", *arguments])
    return [line for line in result.output.splitlines() if line.startswith("error: ")]


# --- reading --------------------------------------------------------------------------------

def test_read_deck_gives_a_table(workspace: Path) -> None:
    table = read_deck(workspace, DECK)
    assert table.title == "Brave Asks"
    assert [row.id for row in table.rows[:3]] == ["HOW", "HELLO", "WU-01"]
    keys = [column.key for column in table.columns]
    assert keys[:2] == ["title", "text"] and "steps" in keys and "copies" in keys
    how = table.rows[0].values
    assert how["layout"] == "rules" and how["tip"] is None
    assert str(how["steps"]).splitlines()[1] == "Count **asks**, not yeses. The ask is the win."
    assert [choice.value for choice in table.choices["level"]] == ["warm", "stretch", "bold"]
    assert ("warm-up", "Warm-up asks") in [(choice.value, choice.label)
                                           for choice in table.choices["category"]]
    assert table.editable and len(table.version) == 64


def test_read_deck_of_a_spreadsheet(workspace: Path) -> None:
    table = read_deck(workspace, "cards/room-openers.csv")
    assert table.title == "Room Openers" and table.editable
    assert table.rows[1].id == "RO-01" and table.rows[1].values["category"] == "pairs"
    assert [choice.value for choice in table.choices["level"]] == ["easy", "brave"]
    settings = read_deck(workspace, "cards/room-openers.yaml")
    assert not settings.editable and "room-openers.csv" in str(settings.read_only_reason)


def test_read_mapping_gives_plain_values_in_file_order(workspace: Path) -> None:
    client = read_mapping(workspace, "clients/jordan-rivera.yaml")
    assert list(client.data)[:3] == ["brand", "name", "programme"]
    assert client.data["start"] == "2027-01-11"
    assert client.data["decks"] == [{"deck": "networking", "levels": ["warm", "stretch"],
                                     "order": "level"}]
    brand = read_mapping(workspace, "brands/northstar.yaml")
    assert brand.data["colours"]["accent"] == "#C28B2C"


@pytest.mark.parametrize("relative", ["output/x.yaml", "cards/sub/x.yaml", "README.md",
                                      "profiles/home.yaml"])
def test_only_decks_brands_and_clients_are_read(workspace: Path, relative: str) -> None:
    with pytest.raises(Refused):
        read_deck(workspace, relative)


@pytest.mark.parametrize("relative", ["../cards/networking.yaml", "/etc/passwd.yaml",
                                      "cards/../../x.yaml"])
def test_hostile_paths_are_not_read_or_written(workspace: Path, relative: str) -> None:
    store = FileStore(workspace)
    with pytest.raises((OutsideWorkspace, Refused)):
        store.read_deck(relative)
    with pytest.raises((OutsideWorkspace, Refused)):
        store.set_card_field(relative, "0" * 64, "WU-01", "title", "x")


def test_a_deck_linked_from_outside_is_not_edited(workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_bytes((workspace / DECK).read_bytes())
    (workspace / "cards" / "linked.yaml").symlink_to(outside)
    store = FileStore(workspace)
    with pytest.raises(OutsideWorkspace):
        store.read_deck("cards/linked.yaml")


# --- editing cards: only the edited lines change ---------------------------------------------

@pytest.mark.parametrize("card, field_name, value, removed, added", [
    ("WU-01", "title", "Ask the way",
     ["    title: Ask for directions"], ["    title: Ask the way"]),
    ("WU-01", "tip", "“Which way is the station?”",  # the tip stays in its single quotes
     ["    tip: '“Excuse me, which way is the library from here?”'"],
     ["    tip: '“Which way is the station?”'"]),
    ("WU-01", "counts_when", None, ["    counts_when: You asked. Their answer is a bonus."],
     []),
    ("WU-01", "counts_when", "", ["    counts_when: You asked. Their answer is a bonus."], []),
    ("WU-01", "copies", "2", [], ["    copies: 2"]),
    ("WU-01", "level", "bold", ["    level: warm"], ["    level: bold"]),
    ("HELLO", "tip", "Say hi", [], ["    tip: Say hi"]),  # after the last key, before the gap
    ("WU-01", "text", "Two lines\nof text",
     ["    text: Ask a stranger for directions to somewhere nearby, even if you already know "
      "the way."], ["    text: |-", "      Two lines", "      of text"]),
])
def test_a_card_edit_changes_only_its_lines(workspace: Path, card: str, field_name: str,
                                            value: Any, removed: list[str],
                                            added: list[str]) -> None:
    path = workspace / DECK
    before = lines(path)
    store = FileStore(workspace)
    saved = store.set_card_field(DECK, store.read_deck(DECK).version, card, field_name, value)
    after = lines(path)
    assert changed_lines(before, after) == (removed, added)
    assert after[0].startswith("# ----") and "# warm amber" in path.read_text(encoding="utf-8")
    assert saved.version == store.read_deck(DECK).version != read_version(before)


def read_version(text_lines: list[str]) -> str:
    from deckpress.studio.files import version_of

    return version_of(("\n".join(text_lines) + "\n").encode("utf-8"))


def test_a_list_field_is_edited_and_the_next_section_heading_stays(workspace: Path) -> None:
    path = workspace / DECK
    store = FileStore(workspace)
    store.set_card_field(DECK, store.read_deck(DECK).version, "HOW", "steps", "One\nTwo")
    text = path.read_text(encoding="utf-8")
    assert "    steps:\n      - One\n      - Two\n\n  - id: HELLO" in text
    assert "\n\n  # --- Warm-up asks ---" in text
    assert store.read_deck(DECK).rows[0].values["steps"] == "One\nTwo"


def test_removing_a_card_keeps_the_heading_that_followed_it(workspace: Path) -> None:
    path = workspace / DECK
    before = path.read_text(encoding="utf-8")
    store = FileStore(workspace)
    store.remove_card(DECK, store.read_deck(DECK).version, "HELLO")
    after = path.read_text(encoding="utf-8")
    assert "id: HELLO" not in after
    assert "Log each ask on your worksheet with its card code.\n\n  # --- Warm-up asks" in after
    removed, added = changed_lines(before.splitlines(), after.splitlines())
    assert added == [] and removed[0] == "  - id: HELLO" and len(removed) == 5


def test_adding_and_moving_cards(workspace: Path) -> None:
    store = FileStore(workspace)
    table = store.read_deck(DECK)
    position = [row.id for row in table.rows].index("WU-06")
    saved = store.add_card(DECK, table.version, position,
                           {"title": "Ask for a sample", "text": "Ask for a free sample.",
                            "category": "warm-up", "level": "warm"})
    ids = [row.id for row in store.read_deck(DECK).rows]
    assert saved.card_id not in [row.id for row in table.rows]
    assert saved.card_id is not None and saved.card_id.startswith("WU-")
    assert ids[position + 1] == saved.card_id
    text = (workspace / DECK).read_text(encoding="utf-8")
    new_card = f"  - id: {saved.card_id}\n    title: Ask for a sample\n"
    assert new_card in text
    assert text.index("  - id: WU-06") < text.index(new_card) < text.index("# --- Inner circle")
    moved = store.move_card(DECK, saved.version, "WU-02", 0)
    assert [row.id for row in store.read_deck(DECK).rows][:2] == ["WU-02", "HOW"]
    assert moved.version == store.read_deck(DECK).version


@pytest.mark.parametrize("change, message", [
    (lambda store, version: store.set_card_field(DECK, version, "WU-01", "id", "X"),
     "id is not changed"),
    (lambda store, version: store.set_card_field(DECK, version, "NOPE", "title", "x"),
     "no card 'NOPE'"),
    (lambda store, version: store.set_card_field(DECK, version, "WU-01", "colour", "x"),
     "'colour' is not a card key"),
    (lambda store, version: store.set_card_field(DECK, version, "WU-01", "title", ""),
     "a card needs a title"),
    (lambda store, version: store.add_card(DECK, version, 0, {"id": "WU-01", "title": "x",
                                                              "text": "y"}),
     "already in the deck"),
])
def test_edits_that_make_no_sense_are_refused(workspace: Path, change: Any,
                                              message: str) -> None:
    before = (workspace / DECK).read_bytes()
    store = FileStore(workspace)
    with pytest.raises(Refused, match=message):
        change(store, store.read_deck(DECK).version)
    assert (workspace / DECK).read_bytes() == before


# --- refusals in the command line's words ---------------------------------------------------

@pytest.mark.parametrize("card, field_name, value, broken", [
    ("WU-01", "category", "warm-upp", ("    category: warm-up\n", "    category: warm-upp\n")),
    ("WU-01", "level", "wild", ("    level: warm\n", "    level: wild\n")),
    ("WU-01", "copies", "lots", ("    counts_when: You asked. Their answer is a bonus.\n",
                                 "    counts_when: You asked. Their answer is a bonus.\n"
                                 "    copies: lots\n")),
    ("WU-01", "text", "Marks that **cross *each** other*", (
        "    text: Ask a stranger for directions to somewhere nearby, even if you already know "
        "the way.\n", "    text: Marks that **cross *each** other*\n")),
])
def test_a_broken_edit_is_refused_as_check_says_it(workspace: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, card: str,
                                                   field_name: str, value: str,
                                                   broken: tuple[str, str]) -> None:
    path = workspace / DECK
    before = path.read_bytes()
    store = FileStore(workspace)
    with pytest.raises(Refused) as refused:
        store.set_card_field(DECK, store.read_deck(DECK).version, card, field_name, value)
    assert path.read_bytes() == before  # nothing written
    assert not [name for name in (workspace / "cards").iterdir() if name.name.startswith(".")]
    text = before.decode("utf-8")
    old, new = broken
    at = text.index(f"  - id: {card}\n")
    path.write_text(text[:at] + text[at:].replace(old, new, 1), encoding="utf-8")
    said = check_errors(workspace, monkeypatch, DECK)
    assert said and list(refused.value.problems) == said
    assert refused.value.message == "\n".join(said)


def test_a_broken_brand_edit_is_refused_as_check_says_it(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    relative = "brands/northstar.yaml"
    store = FileStore(workspace)
    with pytest.raises(Refused) as refused:
        store.set_key(relative, store.read_mapping(relative).version, ("colours", "accent"),
                      "ochre")
    assert refused.value.message == ("error: brands/northstar.yaml:11, field 'colours.accent': "
                                     "'ochre' is not a colour; write it as #RRGGBB, e.g. "
                                     "#1D3557")
    path = workspace / relative
    path.write_text(path.read_text(encoding="utf-8").replace('"#C28B2C"', "ochre"),
                    encoding="utf-8")
    said = check_errors(workspace, monkeypatch, "cards/table-talk.yaml", "--brand", "northstar")
    assert said == [refused.value.message]


@pytest.mark.parametrize("relative, key_path, value, message", [
    ("clients/jordan-rivera.yaml", ("ladder",), ["WU-01", "NOPE"],
     "error: clients/jordan-rivera.yaml:17, field 'ladder.1': the ladder lists card 'NOPE', "
     "which is not in the deck networking.yaml (hint: use the ids printed on the cards)"),
    ("clients/li-wei.yaml", ("decks", 0, "cards"), ["HOW", "WU-01", "XX-99"],
     "error: clients/li-wei.yaml:8, field 'decks.0.cards.2': unknown card 'XX-99'"),
    ("clients/jordan-rivera.yaml", ("start",), "next monday",
     "field 'start': 'next monday' is not a date"),
    ("clients/jordan-rivera.yaml", ("brand",), "nobody", "brand 'nobody' not found"),
])
def test_a_broken_client_edit_is_refused(workspace: Path, relative: str, key_path: tuple[Any, ...],
                                         value: Any, message: str) -> None:
    store = FileStore(workspace)
    before = (workspace / relative).read_bytes()
    with pytest.raises(Refused) as refused:
        store.set_key(relative, store.read_mapping(relative).version, key_path, value)
    assert message in refused.value.message
    assert (workspace / relative).read_bytes() == before


def test_a_file_broken_before_can_still_be_mended(workspace: Path) -> None:
    path = workspace / DECK
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    level: warm\n", "    level: wam\n", 1), encoding="utf-8")
    store = FileStore(workspace)
    version = store.read_deck(DECK).version
    saved = store.set_card_field(DECK, version, "WU-02", "title", "Ask for their favourite")
    assert "title: Ask for their favourite" in path.read_text(encoding="utf-8")
    with pytest.raises(Refused, match="unknown level 'nope'"):  # a new problem: refused
        store.set_card_field(DECK, saved.version, "WU-02", "level", "nope")
    store.set_card_field(DECK, saved.version, "WU-01", "level", "warm")  # the mend itself
    assert path.read_text(encoding="utf-8") == text.replace(
        "    title: Ask for their pick", "    title: Ask for their favourite")


# --- versions ---------------------------------------------------------------------------------

def test_an_edit_based_on_an_old_version_is_stale(workspace: Path) -> None:
    store = FileStore(workspace)
    old = store.read_deck(DECK).version
    first = store.set_card_field(DECK, old, "WU-01", "title", "First tab")
    with pytest.raises(StaleFile) as stale:
        store.set_card_field(DECK, old, "WU-02", "title", "Second tab")
    assert stale.value.current == first.version
    assert "reload the page" in stale.value.message
    text = (workspace / DECK).read_text(encoding="utf-8")
    assert "First tab" in text and "Second tab" not in text


def test_a_change_on_the_command_line_makes_the_page_stale(workspace: Path) -> None:
    store = FileStore(workspace)
    version = store.read_mapping("brands/example.yaml").version
    path = workspace / "brands" / "example.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(StaleFile):
        store.set_key("brands/example.yaml", version, ("disclaimer",), "x")


def test_two_edits_at_once_from_one_version_one_wins(workspace: Path) -> None:
    store = FileStore(workspace)
    version = store.read_deck(DECK).version
    outcomes: list[str] = []

    def edit(title: str) -> None:
        try:
            store.set_card_field(DECK, version, "WU-01", "title", title)
            outcomes.append("saved")
        except StaleFile:
            outcomes.append("stale")

    threads = [threading.Thread(target=edit, args=(f"Title {number}",)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale", "stale", "stale"]


# --- brands and clients -----------------------------------------------------------------------

@pytest.mark.parametrize("relative, key_path, value, removed, added", [
    ("brands/northstar.yaml", ("colours", "accent"), "#123456",
     ['  accent: "#C28B2C"      # ochre'], ['  accent: "#123456"      # ochre']),
    ("brands/northstar.yaml", ("coach", "phone"), "+1 555 0100", [], ["  phone: +1 555 0100"]),
    ("clients/jordan-rivera.yaml", ("ladder",), ["WU-01", "WU-02"],
     ["ladder: [WU-01, WU-04, IC-02, ON-01, CV-01, CV-03, RE-02, IC-05, TA-01]"],
     ["ladder: [WU-01, WU-02]"]),
    ("clients/jordan-rivera.yaml", ("start",), "2027-02-01", ["start: 2027-01-11"],
     ["start: 2027-02-01"]),
    ("clients/jordan-rivera.yaml", ("decks", 0, "levels"), None,
     ["    levels: [warm, stretch]    # the bold asks wait for a second deck"], []),
    ("clients/jordan-rivera.yaml", ("note",), "Jordan, one ask a day.\nYou can do it.\n",
     ["  Jordan, these cards are the small, brave steps we talked about in our sessions.",
      "  Draw one a day, make the ask, and remember that asking is the win, whatever the "
      "answer.",
      "  I’m cheering you on, and I can’t wait to hear how your first week goes."],
     ["  Jordan, one ask a day.", "  You can do it."]),
    ("clients/li-wei.yaml", ("programme",), "Career Switch", ["programme: Career Switch Starter"],
     ["programme: Career Switch"]),
    ("clients/amara-okonkwo-lindqvist.yaml", ("decks", 0, "extra", 0, "title"),
     "Ask to go first", ["        title: Ask for the first slot"],
     ["        title: Ask to go first"]),
    ("clients/amara-okonkwo-lindqvist.yaml", ("decks", 0, "leave_out"), ["ON-08", "ON-01"],
     ["    leave_out: [ON-08]"], ["    leave_out: [ON-08, ON-01]"]),
    ("clients/sam-reyes.yaml", ("decks", 0, "cards"), ["TT-01", "TT-02"],
     ["  - table-talk"], ["  - deck: table-talk", "    cards: [TT-01, TT-02]"]),
])
def test_a_key_edit_changes_only_its_lines(workspace: Path, relative: str,
                                           key_path: tuple[Any, ...], value: Any,
                                           removed: list[str], added: list[str]) -> None:
    path = workspace / relative
    before = lines(path)
    store = FileStore(workspace)
    store.set_key(relative, store.read_mapping(relative).version, key_path, value)
    after = lines(path)
    assert changed_lines(before, after) == (removed, added)
    assert after[-1] == before[-1]  # the schema comment at the end stays


def test_a_key_added_after_the_last_keeps_the_closing_comment_last(workspace: Path) -> None:
    relative = "brands/northstar.yaml"
    path = workspace / relative
    store = FileStore(workspace)
    store.set_key(relative, store.read_mapping(relative).version, ("booking_url",),
                  "https://northstar.example/book")
    text = path.read_text(encoding="utf-8")
    assert text.endswith("  daily life, please talk to a licensed professional.\n"
                         "booking_url: https://northstar.example/book\n\n"
                         "# yaml-language-server: $schema=../schemas/brand.schema.json\n")


def test_create_client(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FileStore(workspace)
    saved = store.create_client("Zoë Ortega-Díaz", "example", "networking")
    assert saved.path == "clients/zoe-ortega-diaz.yaml"
    data = read_mapping(workspace, saved.path)
    assert data.version == saved.version
    assert data.data == {"brand": "example", "name": "Zoë Ortega-Díaz",
                         "decks": [{"deck": "networking"}]}
    assert check_errors(workspace, monkeypatch, "--client", "zoe-ortega-diaz") == []
    with pytest.raises(Refused, match="exists already"):
        store.create_client("Zoe Ortega Diaz", "example", "networking")
    with pytest.raises(Refused, match="brand 'nobody' not found"):
        store.create_client("New Person", "nobody", "networking")
    assert not (workspace / "clients" / "new-person.yaml").exists()


# --- spreadsheet decks --------------------------------------------------------------------------

CSV = "cards/room-openers.csv"


def test_a_csv_edit_keeps_every_other_row_and_the_row_quoting(workspace: Path) -> None:
    path = workspace / CSV
    before = path.read_bytes().decode("utf-8").split("\n")
    store = FileStore(workspace)
    store.set_card_field(CSV, store.read_deck(CSV).version, "RO-01", "tip", "Smile, then ask")
    after = path.read_bytes().decode("utf-8").split("\n")
    removed, added = changed_lines(before, after)
    assert removed == [line for line in before if line.startswith("RO-01,")]
    assert added == ['RO-01,Two-minute hello,"Find someone you have not met yet. Swap names and '
                     'one thing you are looking forward to this month.",pairs,easy,"Smile, then '
                     'ask",Everyone spoke to someone new.,,']


def test_csv_cards_are_added_moved_and_removed(workspace: Path) -> None:
    store = FileStore(workspace)
    table = store.read_deck(CSV)
    saved = store.add_card(CSV, table.version, 1, {"title": "Name game", "text": "Say names.",
                                                   "category": "room", "level": "easy"})
    assert saved.card_id == "RO-13"
    ids = [row.id for row in store.read_deck(CSV).rows]
    assert ids[:3] == ["OPEN", "RO-01", "RO-13"]
    saved = store.move_card(CSV, saved.version, "OPEN", 2)
    saved = store.remove_card(CSV, saved.version, "RO-01")
    assert [row.id for row in store.read_deck(CSV).rows][:3] == ["RO-13", "OPEN", "RO-02"]
    text = (workspace / CSV).read_text(encoding="utf-8")
    assert "RO-13,Name game,Say names.,room,easy,,,," in text
    assert text.count("Thank people for every answer, short ones too.\"\n") == 1


def test_a_broken_csv_edit_is_refused_with_its_cell(workspace: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    store = FileStore(workspace)
    with pytest.raises(Refused) as refused:
        store.set_card_field(CSV, store.read_deck(CSV).version, "RO-01", "level", "hard")
    path = workspace / CSV
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(',pairs,easy,"“Hi', ',pairs,hard,"“Hi'), encoding="utf-8")
    assert refused.value.problems == tuple(check_errors(workspace, monkeypatch, CSV))
    assert "row 3, column 'level'" in refused.value.message


def test_a_workbook_deck_is_read_only(workspace: Path) -> None:
    (workspace / "cards" / "book.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(Refused, match="Excel workbook"):
        FileStore(workspace).set_card_field("cards/book.xlsx", "0" * 64, "A", "title", "x")


def test_a_deck_whose_cards_are_in_a_spreadsheet_sends_there(workspace: Path) -> None:
    store = FileStore(workspace)
    version = store.read_deck("cards/room-openers.yaml").version
    with pytest.raises(Refused, match=r"kept in cards/room-openers\.csv"):
        store.set_card_field("cards/room-openers.yaml", version, "RO-01", "title", "x")


OTHER_STYLE = """\
# A deck written in another style: list items at the key's own indent, four spaces.
title: "Quoted title"
size: poker
categories:
    talk: {label: Talk, colour: "#1C6E74"}
cards:
- id: A-01
  title: 'First'     # the first card
  text: >-
      A folded text that goes
      over two lines.
  category: talk
- id: A-02
  title: Second
  text: Plain text.
"""


def test_a_deck_in_another_style_keeps_it(workspace: Path) -> None:
    relative = "cards/other.yaml"
    path = workspace / relative
    path.write_text(OTHER_STYLE, encoding="utf-8")
    store = FileStore(workspace)
    saved = store.set_card_field(relative, store.read_deck(relative).version, "A-02", "title",
                                 "Second, renamed")
    assert changed_lines(OTHER_STYLE.splitlines(), lines(path)) == (
        ["  title: Second"], ["  title: Second, renamed"])
    store.set_card_field(relative, saved.version, "A-01", "title", "Erste")
    assert "  title: 'Erste'     # the first card\n" in path.read_text(encoding="utf-8")


def test_a_csv_with_windows_line_breaks_and_a_byte_order_mark(workspace: Path) -> None:
    path = workspace / CSV
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    store = FileStore(workspace)
    store.set_card_field(CSV, store.read_deck(CSV).version, "RO-02", "title", "Good news!")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,title,")
    assert b"\r\nRO-02,Good news!,\"With your neighbour," in data
    assert data.replace(b"Good news!", b"Good news") == b"\xef\xbb\xbf" + text.encode("utf-8")


def test_deck_settings_are_keys_too(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = read_mapping(workspace, DECK)
    assert "cards" not in settings.data and settings.data["title"] == "Brave Asks"
    store = FileStore(workspace)
    before = lines(workspace / DECK)
    saved = store.set_key(DECK, settings.version, ("categories", "online", "colour"), "#224466")
    assert changed_lines(before, lines(workspace / DECK)) == (
        ['    colour: "#3E5C8F"   # slate blue'], ['    colour: "#224466"   # slate blue'])
    with pytest.raises(Refused, match="card by card"):
        store.set_key(DECK, saved.version, ("cards", 0, "title"), "x")
    with pytest.raises(Refused) as refused:
        store.set_key(DECK, saved.version, ("size",), "huge")
    (workspace / DECK).write_text("\n".join(before).replace("size: poker", "size: huge") + "\n",
                                  encoding="utf-8")
    assert list(refused.value.problems) == check_errors(workspace, monkeypatch, DECK)


def test_the_settings_of_a_spreadsheet_deck_are_edited(workspace: Path) -> None:
    relative = "cards/room-openers.yaml"
    store = FileStore(workspace)
    before = lines(workspace / relative)
    store.set_key(relative, store.read_mapping(relative).version, ("subtitle",),
                  "Ways to start a group session")
    assert changed_lines(before, lines(workspace / relative)) == (
        ["subtitle: Twelve ways to start a group session"],
        ["subtitle: Ways to start a group session"])
    with pytest.raises(Refused, match="unknown category 'pairs'"):  # its CSV uses pairs
        store.set_key(relative, store.read_mapping(relative).version, ("categories", "pairs"),
                      None)
