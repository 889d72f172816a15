"""Writing output: atomically, through links, never over what is not a regular file, and a
failed build leaves the previous output as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deckpress.cli import main
from helpers import DECK, assert_options_mistake, edit


@pytest.mark.parametrize(("files", "args", "expected"), [
    ({}, ["-o", "no/such/folder/deck.pdf"], ["the output folder does not exist", "mkdir -p"]),
    ({"output/file": "x"}, ["-o", "output/file/deck.pdf"], ["not a folder"]),
], ids=["output-folder-missing", "output-folder-is-a-file"])
def test_an_output_path_that_cannot_be_used_is_a_usage_mistake(
        workspace, runner, monkeypatch, files, args, expected):
    monkeypatch.chdir(workspace)
    for name, text in files.items():
        (workspace / name).write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["build", DECK, *args])
    assert_options_mistake(result, "build", expected)
    assert sorted(path.name for path in (workspace / "output").iterdir()) == sorted(files and
                                                                                   ["file"])


def test_output_folder_not_writable(workspace, runner, monkeypatch):
    """A real failure to create a file there (permission bits mean little to root)."""
    monkeypatch.chdir(workspace)
    target = Path("/proc/deckpress-test.pdf")
    result = runner.invoke(main, ["build", DECK, "-o", str(target)])
    assert result.exit_code == 1
    assert "cannot write to the folder /proc" in result.output
    assert "Traceback" not in result.output


def made_files(folder: Path) -> list[str]:
    """What a folder holds besides deckpress's cache of faces (.deckpress-cache)."""
    return sorted(path.name for path in folder.iterdir() if path.name != ".deckpress-cache")


def test_failed_build_keeps_the_previous_output(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    good = runner.invoke(main, ["build", DECK, "-o", "output/deck.pdf"])
    assert good.exit_code == 0, good.output
    before = (workspace / "output/deck.pdf").read_bytes()
    edit(workspace / DECK, "Ask a stranger for directions", "Ask a stranger 漢 for directions")
    bad = runner.invoke(main, ["build", DECK, "-o", "output/deck.pdf"])
    assert bad.exit_code == 1
    assert (workspace / "output/deck.pdf").read_bytes() == before
    assert made_files(workspace / "output") == ["deck.pdf"]


def test_output_through_a_symlink_replaces_the_real_file(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    real = workspace / "output" / "real.pdf"
    real.write_bytes(b"old")
    real.chmod(0o640)
    (workspace / "link.pdf").symlink_to(real)
    result = runner.invoke(main, ["build", DECK, "-o", "link.pdf"])
    assert result.exit_code == 0, result.output
    assert (workspace / "link.pdf").is_symlink()
    assert real.read_bytes().startswith(b"%PDF")
    assert real.stat().st_mode & 0o777 == 0o640  # a rebuilt file keeps its permissions


def test_output_that_is_not_a_regular_file_is_refused(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    os.mkfifo(workspace / "output" / "pipe.pdf")
    result = runner.invoke(main, ["build", DECK, "-o", "output/pipe.pdf"])
    assert result.exit_code == 1
    assert "not a regular file" in result.output
    assert (workspace / "output" / "pipe.pdf").is_fifo()


def test_an_output_link_that_leads_round_in_a_loop_is_refused(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "loop.pdf").symlink_to(workspace / "loop.pdf")
    result = runner.invoke(main, ["build", DECK, "-o", "loop.pdf"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "leads nowhere" in result.output
    assert (workspace / "loop.pdf").is_symlink()


def test_an_output_folder_that_is_a_file_is_named(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "output").rmdir()
    (workspace / "output").write_text("not a folder")
    result = runner.invoke(main, ["build", DECK])
    assert result.exit_code == 1 and "'output' is not a folder" in result.output
    assert (workspace / "output").read_text() == "not a folder"


def test_a_failed_build_does_not_leave_an_empty_output_folder(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "output").rmdir()
    result = runner.invoke(main, ["build", "cards/networking.yaml", "--profile", "avery-5371"])
    assert result.exit_code == 1
    assert not (workspace / "output").exists()
    good = runner.invoke(main, ["build", "cards/networking.yaml", "-q"])
    assert good.exit_code == 0
    assert made_files(workspace / "output") == ["networking-home-letter.pdf"]
