"""Printer profiles: the built-in ones, a workspace's own, and every mistake in one named at
its line, in the words every YAML file's problems are said in."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from deckpress.cli import main
from deckpress.errors import DeckError
from deckpress.output.profiles import load_profile, profile_files, read_profile, with_overrides
from helpers import DECK, assert_options_mistake, failed_build, flat, placements, sample_line

MM = 72 / 25.4
SIZE = sample_line(DECK, "size: poker")

# (id, extra files {path: text}, extra args, expected pieces)
CASES = [
    ("profile-safe-zone-too-wide", {"profiles/mine.yaml": "page: a4\nmargin: 5mm\nsafe: 20mm\n"},
     ["--profile", "mine"],
     ["profiles/mine.yaml:3", "field 'safe'", "leaves too little of a 63.5×88.9 mm card"]),
    ("profile-bleed-overlaps", {"profiles/tight.yaml": "page: a4\nmargin: 5mm\ngutter: 2mm\n"
                                                      "bleed: 1.5mm\n"}, ["--profile", "tight"],
     ["profiles/tight.yaml:4", "field 'bleed'", "more than half the gutter"]),
    ("profile-missing-page", {"profiles/mine.yaml": "margin: 5mm\nbleed: 0\n"},
     ["--profile", "mine"],
     ["profiles/mine.yaml:1", "missing required field 'page' (sheets need a paper size)"]),
    ("profile-negative-margin", {"profiles/mine.yaml": "page: a4\nmargin: -5mm\n"},
     ["--profile", "mine"],
     ["profiles/mine.yaml:2", "field 'margin'", "'-5mm' must not be negative"]),
    ("profile-length-not-a-length", {"profiles/mine.yaml": "page: a4\nmargin: wide\n"},
     ["--profile", "mine"], ["profiles/mine.yaml:2", "'wide' is not a length"]),
    ("profile-misspelt-key", {"profiles/mine.yaml": "page: a4\nmargn: 5mm\n"},
     ["--profile", "mine"],
     ["profiles/mine.yaml:2", "unknown key 'margn'", "did you mean 'margin'?"]),
    ("profile-unknown-duplex", {"profiles/mine.yaml": "page: a4\nduplex: flip\n"},
     ["--profile", "mine"],
     ["profiles/mine.yaml:2", "field 'duplex'", "'duplex' must be one of 'long-edge', "
      "'short-edge', 'fold', 'none' (got 'flip')"]),
    ("profile-grid-does-not-fit", {"profiles/mine.yaml": "page: letter\ncard: business\n"
                                   "grid: 3x5\nmargin: 0.5in\n"}, ["--profile", "mine"],
     ["profiles/mine.yaml:3", "field 'grid'", "business cards do not fit",
      "3 × 88.9 mm cards + 2 × 0.0 mm gutters + 2 × 0.0 mm bleed = 266.7 mm",
      "only 190.5 mm wide inside the 12.7 mm margins"]),
    ("grid-does-not-fit-this-deck", {"profiles/mine.yaml": "page: letter\nmargin: 0.25in\n"
                                     "grid: 4x4\n"}, ["--profile", "mine"],
     ["profiles/mine.yaml:3", "field 'grid'", "the grid of profile 'mine' does not fit",
      "4 × 63.5 mm cards", "use fewer columns or rows"]),
    ("profile-margins-leave-no-room", {"profiles/mine.yaml": "page: a4\nmargin: 120mm\n"},
     ["--profile", "mine"], ["profiles/mine.yaml:2", "field 'margin'", "leave no room"]),
    ("cards-do-not-fit-page", {"profiles/mine.yaml": "page: 100x80mm\nmargin: 5mm\n"},
     ["--profile", "mine"],
     [SIZE, "do not fit profile 'mine'", "needs 63.5×88.9 mm", "only 90.0×70.0 mm"]),
    ("bleed-more-than-margin-allows", {"profiles/mine.yaml": "page: 3x4in\nmargin: 0.1in\n"
                                       "grid: 1x1\nbleed: 0.3in\n"}, ["--profile", "mine"],
     ["the grid of profile 'mine' does not fit", "2 × 7.6 mm bleed = 78.7 mm",
      "only 71.1 mm wide", "a smaller bleed"]),
    ("profile-card-size-mismatch", {}, ["--profile", "avery-5371"],
     [SIZE, "field 'size'", "profile 'avery-5371' is made for business "
      "cards (88.9×50.8 mm), but this deck's cards are poker (63.5×88.9 mm)",
      "set size: business"]),
    ("profile-back-offset-too-large", {"profiles/mine.yaml": "page: a4\nmargin: 5mm\n"
                                       "back_offset: 0,2cm\n"}, ["--profile", "mine"],
     ["profiles/mine.yaml:3", "field 'back_offset'", "more than 10 mm"]),
    ("profile-pixels-do-not-match-its-card",
     {"profiles/mine.yaml": "output: png\ncard: poker\nbleed: 0.2in\npng:\n  pixels: 822x1122\n"},
     ["--profile", "mine"],
     ["profiles/mine.yaml:5", "field 'png.pixels'", "is 870×1170 px at 300 dpi",
      "asks for 822×1122 px"]),
    ("png-profile-without-pixels", {"profiles/mine.yaml": "output: png\nbleed: 1mm\n"},
     ["--profile", "mine"], ["profiles/mine.yaml", "missing required field 'png'"]),
]

# Options that do not go together with the profile: a command typed wrongly (exit code 2).
OPTION_CASES = [
    ("png-without-pixel-sizes", ["--format", "png", "--profile", "dtc"],
     ["profile 'dtc' has no pixel sizes", "mpc, tgc"]),
    ("png-from-a-sheet-profile", ["--format", "png"], ["profile 'home-letter' has no pixel sizes"]),
    ("back-offset-for-a-print-service", ["--back-offset", "1mm,0", "--profile", "dtc"],
     ["--back-offset does not apply here: profile 'dtc' writes one card per page"]),
    ("back-offset-on-fold-sheets", ["--back-offset", "1mm,0", "--profile", "home-letter-fold"],
     ["prints fold sheets, which are not turned over"]),
    ("duplex-for-a-print-service", ["--duplex", "short-edge", "--profile", "dtc"],
     ["--duplex does not apply to profile 'dtc'"]),
]


@pytest.mark.parametrize(("files", "args", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_a_profile_that_does_not_suit_gives_one_clear_message(workspace, runner, monkeypatch,
                                                              files, args, expected):
    failed_build(workspace, runner, monkeypatch, files=files, args=args, expected=expected)


@pytest.mark.parametrize(("command", "args", "expected"), [
    (command, args, expected) for _, args, expected in OPTION_CASES
    for command in ("build", "check") if command == "build" or "--format" not in args
], ids=[f"{command}-{name}" for name, args, _ in OPTION_CASES
        for command in ("build", "check") if command == "build" or "--format" not in args])
def test_options_that_do_not_suit_the_profile_are_a_usage_mistake(workspace, runner, monkeypatch,
                                                                  command, args, expected):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, [command, DECK, "--brand", "example", *args])
    assert_options_mistake(result, command, expected)
    assert list((workspace / "output").iterdir()) == []


def test_a_deck_that_does_not_match_a_png_profile_is_named_at_its_size(workspace, runner,
                                                                       monkeypatch):
    failed_build(workspace, runner, monkeypatch, [(DECK, "size: poker", "size: square")],
                 {"profiles/mine.yaml": "output: png\nbleed: 0.12in\npng:\n  pixels: 822x1122\n"},
                 ["--profile", "mine"],
                 [SIZE, "field 'size'", "822×822 px", "asks for 822×1122 px"])


def read(tmp_path, text: str):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return read_profile(path, "mine")


@pytest.mark.parametrize(("text", "message", "line", "hint"), [
    ("page: a4\nmargin: -1mm\n", "'-1mm' must not be negative", 2, None),
    ("page: a4\nduplex: x\n", "'duplex' must be one of 'long-edge', 'short-edge', 'fold', "
     "'none' (got 'x')", 2, None),
    ("page: a4\nruler: maybe\n", "'ruler' must be true or false (got 'maybe')", 2,
     "write true or false"),
    ("page: a4\nmargin: -1mm\ngutter: -2mm\nduplex: x\n", "'-1mm' must not be negative (and 2 "
     "more problems)", 2, None),
    ("page: a4\npng:\n  pixls: 822x1122\n", "unknown key 'pixls' (and 1 more problem)", 3,
     "did you mean 'pixels'?"),
    ("page: a4\ncrop_marks:\n  styl: full\n", "unknown key 'styl'", 3, "did you mean 'style'?"),
    ("page: 0\n", "'page' must be text (got 0)", 1, "put it in quotes"),
    ("page: a4\ngrid: 3\n", "'3' is not a grid; write columns x rows, e.g. 2x5", 2,
     "see docs/profiles.md for every profile key"),
    ("page: b5\n", "unknown paper 'b5'", 1, "use a paper name (letter, a4,"),
    ("- page: a4\n", "the profile file must be a block of keys (page:, margin: ...), not a list",
     1, "see docs/profiles.md for an example"),
])
def test_profile_file_problems_are_said_as_in_every_file(tmp_path, text, message, line, hint):
    with pytest.raises(DeckError) as caught:
        read(tmp_path, text)
    assert caught.value.problem == message
    assert caught.value.where.line == line
    if hint is None:
        assert caught.value.hint is None
    else:
        assert caught.value.hint.startswith(hint)


def test_check_lists_each_problem_of_a_profile(tmp_path):
    with pytest.raises(DeckError) as caught:
        read(tmp_path, "page: a4\nmargin: -1mm\ngutter: -2mm\nduplex: x\n")
    assert [(one.where.field, one.problem) for one in caught.value.each] == [
        ("margin", "'-1mm' must not be negative"), ("gutter", "'-2mm' must not be negative"),
        ("duplex", "'duplex' must be one of 'long-edge', 'short-edge', 'fold', 'none' "
                   "(got 'x')")]


def test_command_line_overrides_apply_only_where_they_mean_something():
    home = load_profile("home-letter", None)
    assert with_overrides(home) is home
    turned = with_overrides(home, "short-edge", (MM, 0.0))
    assert (turned.duplex, turned.back_offset) == ("short-edge", (MM, 0.0))
    with pytest.raises(DeckError, match="prints fold sheets"):
        with_overrides(home, "fold", (MM, 0.0))
    with pytest.raises(DeckError, match="--duplex does not apply to profile 'mpc'"):
        with_overrides(load_profile("mpc", None), "long-edge")


def test_a_workspace_profile_is_used_and_checked(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles" / "tiny.yaml").write_text("page: 80x80mm\nmargin: 5mm\n")
    result = runner.invoke(main, ["build", "cards/networking.yaml", "--profile", "tiny"])
    assert result.exit_code == 1
    assert "do not fit profile 'tiny'" in result.output and "needs 63.5×88.9 mm" in result.output
    (workspace / "profiles" / "tiny.yaml").write_text("page: a4\nmargin: -5mm\n")
    result = runner.invoke(main, ["build", "cards/networking.yaml", "--profile", "tiny"])
    assert result.exit_code == 1
    assert "profiles/tiny.yaml:2" in result.output and "must not be negative" in result.output


def test_profiles_lists_the_good_ones_and_reports_every_broken_one(workspace, runner,
                                                                    monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/a-broken.yaml").write_text("page: a4\nmargn: 5mm\n")
    (workspace / "profiles/b-fine.yaml").write_text("description: mine\npage: a4\nmargin: 5mm\n")
    (workspace / "profiles/c-broken.yaml").write_text("page: a4\nmargin: 120mm\n")
    result = runner.invoke(main, ["profiles"])
    assert result.exit_code == 1
    assert "b-fine\n  mine" in result.output and "tgc" in result.output
    assert "profiles/a-broken.yaml:2, field 'margn': unknown key 'margn'" in result.output
    assert "profiles/c-broken.yaml:2, field 'margin': margins of 120.0 mm leave no room" in \
        result.output


def test_profiles_lists_the_numbers(runner):
    result = runner.invoke(main, ["profiles"])
    assert result.exit_code == 0
    assert "home-letter" in result.output and "home-a4" in result.output
    assert "margin 6.35 mm" in result.output and "bleed 1.00 mm" in result.output


def test_profiles_are_listed_with_their_numbers(runner):
    result = runner.invoke(main, ["profiles"])
    assert result.exit_code == 0
    for name in ("home-letter", "home-a4", "home-letter-fold", "avery-5371", "avery-c32010",
                 "dtc", "mpc", "tgc", "pod-pdf"):
        assert re.search(rf"^{name}$", result.output, re.MULTILINE), name
    text = " ".join(result.output.split())
    assert "PNG 822×1122 px at 300 dpi" in text
    assert "grid 2x5" in text and "crop marks none" in text


def test_every_builtin_profile_loads():
    for name in profile_files(None):
        assert load_profile(name, None).name == name


def test_a_workspace_profile_stores_a_back_offset(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/my-printer.yaml").write_text(
        "page: letter\nmargin: 0.25in\nback_offset: 1mm,-2mm\n", encoding="utf-8")
    result = runner.invoke(main, ["build", DECK, "-p", "my-printer", "-o", "o.pdf", "-q"])
    assert result.exit_code == 0, result.output
    cli = runner.invoke(main, ["build", DECK, "-p", "my-printer", "-o", "p.pdf", "-q",
                               "--back-offset", "0,0"])
    assert cli.exit_code == 0
    stored, overridden = PdfReader("o.pdf").pages[1], PdfReader("p.pdf").pages[1]
    assert flat((x - MM, y + 2 * MM) for x, y, _ in placements(stored)) == pytest.approx(
        flat((x, y) for x, y, _ in placements(overridden)), abs=0.01)
