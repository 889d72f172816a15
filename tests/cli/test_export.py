"""`deckpress export`: a deck written out as a spreadsheet that builds into the same PDF, the
same bytes every time, never over an input; and spreadsheet decks through the other commands."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl.writer.excel
import pytest

from deckpress.build import build_deck
from deckpress.cli import main
from helpers import DECK, ROOT, assert_one_error, assert_usage_error

SAMPLE_DECKS = sorted(path.name for path in (ROOT / "cards").glob("*.yaml"))


@pytest.fixture
def here(workspace, monkeypatch) -> Path:
    monkeypatch.chdir(workspace)
    return workspace


def export(runner, deck: str, output: str):
    return runner.invoke(main, ["export", deck, "-o", output])


@pytest.mark.parametrize("deck", SAMPLE_DECKS)
def test_building_the_export_gives_the_same_pdf(here, runner, deck):
    build_deck(here / "cards" / deck, here / "original.pdf", None, "home-letter")
    for suffix in (".xlsx", ".csv"):
        exported = f"cards/exported{suffix}"
        result = export(runner, f"cards/{deck}", exported)
        assert result.exit_code == 0, result.output
        built = [here / exported] + ([here / "cards/exported.yaml"] if suffix == ".csv" else [])
        for source in built:  # a CSV export builds from either of its files
            build_deck(source, here / "again.pdf", None, "home-letter")
            assert (here / "again.pdf").read_bytes() == (here / "original.pdf").read_bytes(), \
                source.name
        for path in built:
            path.unlink()


def test_the_export_is_the_same_bytes_every_time(here, runner, monkeypatch):
    assert export(runner, DECK, "cards/one.xlsx").exit_code == 0
    later = datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return later

    monkeypatch.setattr(openpyxl.writer.excel.datetime, "datetime", Later)  # saved another day
    assert export(runner, DECK, "cards/two.xlsx").exit_code == 0
    assert (here / "cards/one.xlsx").read_bytes() == (here / "cards/two.xlsx").read_bytes()
    assert export(runner, DECK, "one.csv").exit_code == 0
    assert export(runner, DECK, "output/one.csv").exit_code == 0
    assert (here / "one.csv").read_bytes() == (here / "output/one.csv").read_bytes()
    assert (here / "one.csv").read_bytes().startswith(b"\xef\xbb\xbfid,title,text,")


def test_it_says_what_it_wrote(here, runner):
    result = export(runner, DECK, "cards/mine.csv")
    assert result.output == "wrote cards/mine.csv and cards/mine.yaml (50 cards)\n"
    assert "cards:\n  from: mine.csv\n" in (here / "cards/mine.yaml").read_text("utf-8")


def test_the_settings_file_names_the_workspaces_schema_for_editors(here, runner):
    (here / "schemas").mkdir()
    (here / "schemas/deck.schema.json").write_text("{}", encoding="utf-8")
    assert export(runner, DECK, "cards/mine.csv").exit_code == 0
    assert (here / "cards/mine.yaml").read_text("utf-8").endswith(
        "\n# yaml-language-server: $schema=../schemas/deck.schema.json\n")


def test_an_unknown_suffix_is_a_usage_mistake(here, runner):
    result = export(runner, DECK, "deck.ods")
    assert_usage_error(result, "-o", ["'deck.ods' does not end in .xlsx or .csv"],
                       "-o deck.xlsx writes the whole deck as a workbook; -o deck.csv writes "
                       "the cards, and the settings in deck.yaml beside it")
    assert not (here / "deck.ods").exists()


def test_an_export_never_replaces_an_input(here, runner):
    before = (here / DECK).read_bytes()
    result = export(runner, DECK, "cards/networking.csv")  # its settings would be the deck
    assert_one_error(result, ["the export's settings file cards/networking.yaml would "
                              "replace the deck cards/networking.yaml"])
    assert (here / DECK).read_bytes() == before
    assert not (here / "cards/networking.csv").exists()
    result = export(runner, DECK, "cards/room-openers.csv")
    assert_one_error(result, ["would replace the workspace file cards/room-openers.csv"])


def test_an_output_folder_that_does_not_exist(here, runner):
    result = export(runner, DECK, "nowhere/deck.xlsx")
    assert result.exit_code == 2 and "the output folder does not exist" in result.output


def test_a_deck_with_a_mistake_writes_nothing(here, runner):
    (here / "cards/bad.csv").write_text("id,title,text,level\nA,t,x,hrad\n", encoding="utf-8")
    (here / "cards/bad.yaml").write_text("title: T\nsize: poker\nlevels: [{id: hard, label: "
                                         "H}]\ncards: {from: bad.csv}\n", encoding="utf-8")
    result = export(runner, "cards/bad.csv", "out.xlsx")
    assert_one_error(result, ["cards/bad.csv, row 2, column 'level', card 'A': unknown level "
                              "'hrad'", "hint: did you mean 'hard'?"])
    assert not (here / "out.xlsx").exists()


def test_spreadsheet_decks_go_through_every_command(here, runner):
    assert export(runner, DECK, "cards/sheet.xlsx").exit_code == 0
    result = runner.invoke(main, ["check", "cards/sheet.xlsx", "--brand", "example"])
    assert result.exit_code == 0 and result.output.startswith("0 errors"), result.output
    result = runner.invoke(main, ["build", "cards/room-openers.csv", "--brand", "example"])
    assert result.exit_code == 0, result.output
    assert "output/room-openers-example-home-letter.pdf (13 cards" in result.output
    result = runner.invoke(main, ["worksheets", "cards/sheet.xlsx", "--kind", "ladder"])
    assert result.exit_code == 0, result.output


def test_a_changed_spreadsheet_rebuilds_the_kit(here, runner):
    (here / "clients/ana.yaml").write_text("brand: example\nname: Ana\ndecks: [room-openers]\n",
                                           encoding="utf-8")
    args = ["batch", "clients/ana.yaml", "--no-worksheets", "-j", "1"]
    assert "1 kit built" in runner.invoke(main, args).output
    assert "0 kits built, 1 up to date" in runner.invoke(main, args).output
    csv = here / "cards/room-openers.csv"
    csv.write_text(csv.read_text("utf-8").replace("Two-minute hello", "Three-minute hello"),
                   encoding="utf-8")
    result = runner.invoke(main, args)
    assert "1 kit built" in result.output, result.output


def test_init_gives_the_sample_spreadsheet_deck(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["init", "ws"]).exit_code == 0
    assert (tmp_path / "ws/cards/room-openers.csv").read_bytes() == \
        (ROOT / "cards/room-openers.csv").read_bytes()


def test_help_has_examples(runner):
    result = runner.invoke(main, ["export", "--help"])
    assert result.exit_code == 0 and "deckpress export cards/networking.yaml -o" in result.output
    assert "deckpress export" in runner.invoke(main, ["--help"]).output


def test_every_deck_setting_goes_round_without_code_of_its_own(here, runner):
    """A setting added to decks (here the labels table) is carried by the Deck sheet as
    `labels.KEY` rows, and by the YAML beside a CSV, with nothing in export or import naming
    it."""
    from deckpress.source.deck import load_deck
    from deckpress.source.labels import label_defaults

    key = next(iter(label_defaults()))
    deck = here / DECK
    deck.write_text(deck.read_text("utf-8").replace("layout: challenge\n", "layout: challenge\n"
                                                    f"labels:\n  {key}: Eigene Worte\n", 1),
                    encoding="utf-8")
    original = load_deck(deck).settings.model_dump()
    for name in ("labelled.xlsx", "labelled.csv"):
        assert export(runner, DECK, f"cards/{name}").exit_code == 0
        assert load_deck(here / "cards" / name).settings.model_dump() == original


def test_a_write_the_system_refuses_is_one_message(here):
    """openpyxl writes each sheet to a temporary file first: a file size limit stops it."""
    import resource
    import subprocess
    import sys

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (10_240, 10_240))

    result = subprocess.run([sys.executable, "-m", "deckpress", "export", DECK, "-o",
                             "cards/big.xlsx"], cwd=here, capture_output=True, text=True,
                            preexec_fn=limited, check=False)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("error: cards/big.xlsx: cannot write the spreadsheet: "), \
        result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert not (here / "cards/big.xlsx").exists()
