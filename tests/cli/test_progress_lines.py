"""DECKPRESS_PROGRESS=lines: progress as lines a program reading the output can follow (the
studio shows them while it builds), at most one per tenth, the last one at the end."""

from __future__ import annotations

import re
from pathlib import Path

from deckpress.cli import main


def test_build_says_its_progress_in_tenths(workspace: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", "cards/networking.yaml"],
                           env={"DECKPRESS_PROGRESS": "lines"})
    assert result.exit_code == 0, result.output
    said = re.findall(r"^progress: (\d+)/(\d+) cards$", result.output, re.M)
    assert 5 <= len(said) <= 11
    assert said[-1][0] == said[-1][1]
    done = [int(count) for count, _ in said]
    assert done == sorted(done)


def test_without_it_a_pipe_gets_no_progress(workspace: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", "cards/networking.yaml"], env={"DECKPRESS_PROGRESS": ""})
    assert result.exit_code == 0, result.output
    assert "progress:" not in result.output


def test_quiet_wins(workspace: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", "cards/networking.yaml", "-q"],
                           env={"DECKPRESS_PROGRESS": "lines"})
    assert result.exit_code == 0
    assert result.output == ""
