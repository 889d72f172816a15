"""`build` run again with nothing changed: found up to date, the output untouched; any change
to what the build read, or to what it wrote, and it builds again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from deckpress.cli import main
from helpers import BRAND, DECK, ROOT, copy_workspace, edit

OUT = "output/networking-example-home-letter.pdf"


@pytest.fixture()
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def build(runner, *extra: str) -> str:
    result = runner.invoke(main, ["build", DECK, "--brand", "example", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_same_build_again_is_up_to_date(workspace, runner):
    first = build(runner)
    assert f"wrote {OUT}" in first
    made = (workspace / OUT).stat().st_mtime_ns
    again = build(runner)
    assert "up to date" in again
    assert f"wrote {OUT}" in again  # what the build said, said again
    assert (workspace / OUT).stat().st_mtime_ns == made


@pytest.mark.parametrize("change", [
    pytest.param(lambda ws: edit(ws / DECK, "Ask for a discount", "Ask for a deal"),
                 id="the deck"),
    pytest.param(lambda ws: edit(ws / BRAND, "Harbor Career Coaching", "Harbour Coaching"),
                 id="the brand"),
    pytest.param(lambda ws: (ws / "brands" / "logos" / "harbor.svg").write_text(
        (ws / "brands" / "logos" / "harbor.svg").read_text().replace("#E07A5F", "#AA2200")),
        id="the logo"),
    pytest.param(lambda ws: shutil.copy(ROOT / "src/deckpress/templates/challenge.xml",
                                        ws / "templates" / "challenge.xml"),
                 id="a layout of the workspace's own"),
    pytest.param(lambda ws: (ws / OUT).write_bytes(b"%PDF-1.4 edited"), id="the output"),
    pytest.param(lambda ws: (ws / OUT).unlink(), id="the output removed"),
])
def test_a_change_builds_again(workspace, runner, change):
    build(runner)
    change(workspace)
    result = runner.invoke(main, ["build", DECK, "--brand", "example"])
    assert "up to date" not in result.output


def test_a_touched_file_with_the_same_content_is_still_up_to_date(workspace, runner):
    build(runner)
    deck = workspace / DECK
    deck.write_bytes(deck.read_bytes())
    assert "up to date" in build(runner)


def test_other_choices_are_another_build(workspace, runner):
    build(runner)
    assert "up to date" not in build(runner, "--proof")
    assert "up to date" not in build(runner, "--profile", "home-a4")
    assert "up to date" in build(runner)  # the first command's ledger is still there


def test_no_cache_always_builds(workspace, runner):
    build(runner)
    assert "up to date" not in build(runner, "--no-cache")


def test_warnings_are_said_again(workspace, runner):
    Image.new("RGB", (12, 12), (200, 30, 30)).save(workspace / "brands" / "logos" / "tiny.png")
    edit(workspace / BRAND, "logo: logos/harbor.svg", "logo: logos/tiny.png")
    first = runner.invoke(main, ["build", DECK, "--brand", "example"])
    warnings = [line for line in first.output.splitlines() if line.startswith("warning")]
    assert any("prints at 13 dpi" in line for line in warnings), first.output
    again = runner.invoke(main, ["build", DECK, "--brand", "example"])
    assert "up to date" in again.output
    assert [line for line in again.output.splitlines() if line.startswith("warning")] == warnings


def test_a_failed_build_forgets_the_last_one(workspace, runner):
    build(runner)
    deck = workspace / DECK
    good = deck.read_text(encoding="utf-8")
    edit(deck, "level: stretch", "level: scorching")
    failed = runner.invoke(main, ["build", DECK, "--brand", "example"])
    assert failed.exit_code == 1
    deck.write_text(good, encoding="utf-8")
    assert "up to date" not in build(runner)  # built again, not trusted from before
