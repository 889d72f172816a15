"""Exit codes: 2 for every value the command line does not accept (Click's `Invalid value`
message, our words and a hint), 1 for a problem inside the user's files; never a traceback, and
nothing written."""

from __future__ import annotations

import pytest

from deckpress.cli import main
from helpers import DECK, assert_usage_error

OFFSET_HINT = "measure it with `deckpress calibrate`; X moves the backs right, Y up"
DECK_HINT = "give the path of a deck (.yaml, .csv or .xlsx); decks usually live in cards/"
PAPERS = "use a paper name (letter, a4, legal, a3, tabloid) or WxH with a unit, e.g. 210x297mm"
PORTRAIT = "use portrait paper from 200×275 mm up to 500 mm a side; letter and A4 are fine"

# (id, arguments, the option Click names, expected pieces, our hint or None)
USAGE = [
    # build and check
    ("unknown-profile", ["build", DECK, "--profile", "home-leter"], "--profile",
     ["unknown printer profile 'home-leter'"],
     "did you mean 'home-letter'? see `deckpress profiles` for the list"),
    ("profile-name-too-long", ["build", DECK, "--profile", "p" * 300], "--profile",
     ["unknown printer profile 'ppppppppppppppppppppppppppppppppppppppp…'"],
     "see `deckpress profiles` for the list"),
    ("check-unknown-profile", ["check", DECK, "-p", "dct"], "--profile",
     ["unknown printer profile 'dct'"], "did you mean 'dtc'?"),
    ("brand-file-missing", ["build", DECK, "--brand", "elsewhere/brand.yaml"], "--brand",
     ["brand file not found: elsewhere/brand.yaml"],
     "check the path, or give just the name of a file in brands/"),
    ("brand-misspelt", ["build", DECK, "--brand", "exampel"], "--brand",
     ["brand 'exampel' not found (no such file, and no brands/exampel.yaml in this folder)"],
     "did you mean 'example'?"),
    ("brand-name-too-long", ["build", DECK, "--brand", "b" * 300], "--brand",
     ["brand 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…' not found"], None),
    ("deck-not-found", ["build", "cards/nothing.yaml"], "DECK",
     ["deck file not found: cards/nothing.yaml"], DECK_HINT),
    ("deck-is-a-folder", ["build", "cards"], "DECK",
     ["is a folder, not a deck file: cards"], DECK_HINT),
    ("check-deck-not-found", ["check", "cards/nothing.yaml"], "DECK",
     ["deck file not found: cards/nothing.yaml"], DECK_HINT),
    ("back-offset-not-a-length", ["build", DECK, "--back-offset", "1.5mm,left"],
     "--back-offset", ["'1.5mm,left' is not an offset: 'left' is not a length"], OFFSET_HINT),
    ("back-offset-one-value", ["build", DECK, "--back-offset", "1.5mm"], "--back-offset",
     ["'1.5mm' is not an offset; write two lengths X,Y separated by a comma"], OFFSET_HINT),
    ("back-offset-too-large", ["build", DECK, "--back-offset", "100mm,0"], "--back-offset",
     ["'100mm' in the offset '100mm,0' is more than 10 mm", "check the reading"], OFFSET_HINT),
    ("output-not-a-pdf", ["build", DECK, "-o", "output/deck.txt"], "-o",
     ["'output/deck.txt' does not end in .pdf"], None),
    ("output-a-folder", ["build", DECK, "-o", "output"], "-o",
     ["'output' is a folder; give a file name, e.g. output/networking.pdf"], None),
    ("png-into-a-pdf", ["build", DECK, "--profile", "mpc", "-o", "out.pdf"], "-o",
     ["'out.pdf' is a .pdf name, but PNG files go into a folder"], None),
    ("unknown-duplex", ["build", DECK, "--duplex", "sideways"], "--duplex",
     ["'sideways' is not one of 'long-edge', 'short-edge', 'fold', 'none'"], None),
    # worksheets
    ("worksheets-unknown-kind", ["worksheets", DECK, "--kind", "lader"], "--kind",
     ["'lader' is not one of 'ladder', 'log', 'tracker', 'debrief', 'contacts'"], None),
    ("worksheets-zero-days", ["worksheets", DECK, "--days", "0"], "--days",
     ["0 is not in the range 1<=x<=366"], None),
    ("worksheets-too-many-days", ["worksheets", DECK, "--days", "367"], "--days",
     ["367 is not in the range 1<=x<=366"], None),
    ("worksheets-too-many-blank", ["worksheets", DECK, "--kind", "log", "--blank", "201"],
     "--blank", ["201 is not in the range 1<=x<=200"], None),
    ("worksheets-unknown-paper", ["worksheets", DECK, "--paper", "b5"], "--paper",
     ["unknown paper 'b5'"], PAPERS),
    ("worksheets-misspelt-paper", ["worksheets", DECK, "--paper", "leter"], "--paper",
     ["unknown paper 'leter'"], "did you mean 'letter'? " + PAPERS),
    ("worksheets-paper-too-small", ["worksheets", DECK, "--paper", "100x150mm"], "--paper",
     ["the paper 100×150 mm does not suit the worksheets"], PORTRAIT),
    ("worksheets-paper-a5", ["worksheets", DECK, "--paper", "148x210mm"], "--paper",
     ["the paper 148×210 mm does not suit the worksheets"], PORTRAIT),
    ("worksheets-paper-landscape", ["worksheets", DECK, "--paper", "297x210mm"], "--paper",
     ["the paper 297×210 mm is landscape; print the worksheets on portrait paper"],
     "give the same paper upright, width first: --paper 210x297mm"),
    ("worksheets-output-not-a-pdf", ["worksheets", DECK, "-o", "sheets.txt"], "--output",
     ["'sheets.txt' does not end in .pdf"], None),
    ("worksheets-deck-not-found", ["worksheets", "cards/nothing.yaml"], "DECK",
     ["deck file not found: cards/nothing.yaml"], DECK_HINT),
    # calibrate
    ("calibrate-misspelt-paper", ["calibrate", "--paper", "letr"], "--paper",
     ["unknown paper 'letr'"], "did you mean 'letter'? " + PAPERS),
    ("calibrate-paper-without-unit", ["calibrate", "--paper", "210x297"], "--paper",
     ["unknown paper '210x297'"], "add a unit, e.g. 210x297mm"),
    ("calibrate-unknown-paper", ["calibrate", "--paper", "folio"], "--paper",
     ["unknown paper 'folio'"], PAPERS),
    ("calibrate-paper-too-small", ["calibrate", "--paper", "200x269mm"], "--paper",
     ["the paper 200×269 mm does not suit the calibration sheet"], PORTRAIT),
    ("calibrate-paper-landscape", ["calibrate", "--paper", "11x8.5in"], "--paper",
     ["the paper 279×216 mm is landscape; print the calibration sheet on portrait paper"],
     "give the same paper upright, width first: --paper 215.9x279.4mm"),
    ("calibrate-offset-one-value", ["calibrate", "--back-offset", "1.5"], "--back-offset",
     ["'1.5' is not an offset; write two lengths"], OFFSET_HINT),
    ("calibrate-offset-too-large", ["calibrate", "--back-offset", "15,-0.5"], "--back-offset",
     ["'15' in the offset '15,-0.5' is more than 10 mm"], OFFSET_HINT),
    ("calibrate-offset-not-a-length", ["calibrate", "--back-offset", "left,1mm"],
     "--back-offset", ["'left,1mm' is not an offset: 'left' is not a length"], OFFSET_HINT),
    ("calibrate-output-not-a-pdf", ["calibrate", "-o", "sheet.png"], "--output",
     ["'sheet.png' does not end in .pdf"], None),
    ("calibrate-unknown-duplex", ["calibrate", "--duplex", "none"], "--duplex",
     ["'none' is not one of 'long-edge', 'short-edge'"], None),
]


@pytest.mark.parametrize(("args", "option", "expected", "hint"), [case[1:] for case in USAGE],
                         ids=[case[0] for case in USAGE])
def test_a_value_the_command_line_does_not_accept_exits_2_and_writes_nothing(
        workspace, runner, monkeypatch, args, option, expected, hint):
    monkeypatch.chdir(workspace)
    previous = workspace / "output" / "previous.pdf"
    previous.write_bytes(b"%PDF previous")
    before = sorted(path.relative_to(workspace) for path in workspace.rglob("*"))
    result = runner.invoke(main, args)
    assert_usage_error(result, option, expected, hint)
    assert result.output.startswith(f"Usage: main {args[0]} ")  # and how to get help
    assert previous.read_bytes() == b"%PDF previous"
    assert sorted(path.relative_to(workspace) for path in workspace.rglob("*")) == before


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["build"], 2, "give a DECK, or a client with --client FILE"),
        (["build", DECK, "--colour", "x"], 2, "No such option"),
        (["frobnicate"], 2, "No such command"),
        (["build", "cards/nothing.yaml"], 2, "deck file not found"),
        (["build", DECK, "--brand", "exampel"], 2, "did you mean 'example'?"),
        (["build", DECK, "-o", "output/deck.txt"], 2, "does not end in .pdf"),
        (["build", DECK, "-o", "output"], 2, "'output' is a folder; give a file name"),
        (["build", DECK, "--profile", "mpc", "-o", "no/such/folder"], 2,
         "the folder no/such does not exist"),
        (["build", DECK, "--profile", "mpc", "-o", "out.pdf"], 2, "PNG files go into a folder"),
        (["build", DECK, "--duplex", "sideways"], 2, "'sideways' is not one of"),
        (["check"], 2, "give a DECK, or a client with --client FILE"),
    ],
)
def test_usage_errors_exit_2_and_content_errors_exit_1(workspace, runner, monkeypatch, args,
                                                       code, expected):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, args)
    assert result.exit_code == code
    assert expected in result.output
    assert "Traceback" not in result.output


def test_a_profile_file_with_a_mistake_is_a_problem_in_a_file_not_on_the_command_line(
        workspace, runner, monkeypatch):
    """The profile is named correctly; what is wrong is inside its file: exit code 1."""
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/mine.yaml").write_text("page: a4\nmargin: -5mm\n", encoding="utf-8")
    result = runner.invoke(main, ["build", DECK, "--profile", "mine"])
    assert result.exit_code == 1
    assert result.output.startswith("error: profiles/mine.yaml:2, field 'margin'")
    assert "Invalid value" not in result.output
