"""What every command prints with -q and -v, --version, and how a bug ends: exit code 3 and
a saved traceback, never a user's mistake reported as a bug or a bug as a user's mistake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import deckpress
from deckpress.cli import main
from deckpress.output.profiles import profile_files
from helpers import edit

DECK = "cards/networking.yaml"
COMMANDS = {  # each command, run the way a coach would, in the sample workspace
    "build": ["build", DECK, "--brand", "example", "-o", "output/deck.pdf"],
    "check": ["check", "cards/table-talk.yaml"],
    "worksheets": ["worksheets", DECK, "--kind", "ladder", "-o", "output/sheets.pdf"],
    "calibrate": ["calibrate", "-o", "output/calibrate.pdf"],
    "box": ["box", DECK, "--brand", "example", "-o", "output/box.pdf"],
    "profiles": ["profiles"],
    "init": ["init", "fresh"],
}
WRITES = {"build": "output/deck.pdf", "worksheets": "output/sheets.pdf",
          "calibrate": "output/calibrate.pdf", "box": "output/box.pdf",
          "init": "fresh/cards/networking.yaml"}


@pytest.fixture
def in_workspace(workspace, monkeypatch) -> Path:
    monkeypatch.chdir(workspace)
    return workspace


def test_version(runner):
    for flag in ("--version", "-V"):
        result = runner.invoke(main, [flag])
        assert result.exit_code == 0
        assert result.output.strip() == f"deckpress, version {deckpress.__version__}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_quiet_prints_nothing_but_still_does_the_work(command, runner, in_workspace):
    result = runner.invoke(main, [*COMMANDS[command], "-q"])
    assert result.exit_code == 0, result.output
    if command == "profiles":  # -q lists the names alone, one a line
        assert set(result.output.splitlines()) == set(profile_files(None))
    else:
        assert result.output == ""
    if command in WRITES:
        assert (in_workspace / WRITES[command]).is_file()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_verbose_says_more_than_the_normal_run(command, runner, in_workspace, tmp_path):
    normal = runner.invoke(main, COMMANDS[command])
    assert normal.exit_code == 0, normal.output
    if command == "init":
        (in_workspace / "fresh").rename(tmp_path / "first")
    verbose = runner.invoke(main, [*COMMANDS[command], "-v"])
    assert verbose.exit_code == 0, verbose.output
    assert len(verbose.output) > len(normal.output)
    for line in normal.output.splitlines():
        assert line in verbose.output


def test_verbose_build_names_the_files_it_used(runner, in_workspace):
    result = runner.invoke(main, [*COMMANDS["build"], "-v"])
    assert "deck: cards/networking.yaml (50 cards, size poker)" in result.output
    assert "brand: brands/example.yaml" in result.output
    assert re.search(r"profile: home-letter \(.*home-letter\.yaml\)", result.output)
    assert re.search(r"layout challenge: .*templates/challenge\.xml", result.output)
    assert re.search(r"font Noto Sans: .*NotoSans-Regular\.ttf", result.output)
    assert re.search(r"took \d+\.\d\d s", result.output)


def test_quiet_and_verbose_together_is_a_usage_error(runner, in_workspace):
    result = runner.invoke(main, [*COMMANDS["build"], "-q", "-v"])
    assert result.exit_code == 2
    assert "-q/--quiet and -v/--verbose cannot be used together" in result.output


def test_check_quiet_lists_errors_but_not_warnings(runner, in_workspace):
    edit(in_workspace / "cards" / "networking.yaml", "title: Ask for directions",
         "title: Ask for directions 中")
    full = runner.invoke(main, ["check", DECK, "--profile", "dtc"])
    quiet = runner.invoke(main, ["check", DECK, "--profile", "dtc", "-q"])
    assert full.exit_code == quiet.exit_code == 1
    errors = [line for line in full.output.splitlines() if line.startswith("error:")]
    assert errors and "has no glyph for '中'" in errors[0]
    assert quiet.output.splitlines() == errors


def test_a_bug_is_exit_3_with_the_traceback_saved(runner, in_workspace, monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug planted by the test")

    monkeypatch.setattr("deckpress.build.write_deck", broken)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    result = runner.invoke(main, COMMANDS["build"])
    assert result.exit_code == 3
    assert "internal error: ZeroDivisionError: a bug planted by the test" in result.output
    assert "this is a bug in deckpress, not a problem in your files" in result.output
    assert "Traceback" not in result.output
    saved = list(tmp_path.glob("deckpress-error-*.txt"))
    assert len(saved) == 1 and str(saved[0]) in result.output
    report = saved[0].read_text(encoding="utf-8")
    assert f"deckpress {deckpress.__version__}" in report
    assert "Traceback" in report and "ZeroDivisionError" in report and "broken" in report
    assert not (in_workspace / "output" / "deck.pdf").exists()


def test_a_bug_is_still_reported_when_its_traceback_cannot_be_saved(runner, in_workspace,
                                                                     monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise KeyError("planted")

    monkeypatch.setattr("deckpress.build.write_deck", broken)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "missing"))
    result = runner.invoke(main, COMMANDS["build"])
    assert result.exit_code == 3
    assert "please report it with this traceback" in result.output
    assert "KeyError: 'planted'" in result.output


def test_a_problem_the_system_reports_is_a_message_not_a_bug(runner, in_workspace,
                                                             monkeypatch):
    def refused(*args, **kwargs):
        raise OSError(28, "No space left on device", "output/deck.pdf")

    monkeypatch.setattr("deckpress.build.write_deck", refused)
    result = runner.invoke(main, COMMANDS["build"])
    assert result.exit_code == 1
    assert result.output.strip() == "error: output/deck.pdf: No space left on device"
