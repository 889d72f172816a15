"""`build` run again with nothing changed: found up to date, the output untouched; any change
to what the build read, or to what it wrote, and it builds again."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from deckpress.cli import main
from deckpress.cli.uptodate import COARSE_MARGIN_NS, Ledger, changed_since
from deckpress.digest import file_digest
from helpers import BRAND, DECK, ROOT, copy_workspace, edit

OUT = "output/networking-example-home-letter.pdf"


@pytest.fixture()
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def settled(*paths: Path) -> None:
    """Files as if saved a while ago: a build does not trust a file saved moments before it
    began (it may be saved again while the build reads it)."""
    past = time.time() - 60
    for path in paths:
        os.utime(path, (past, past))


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
    settled(deck)
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
    settled(workspace / BRAND, workspace / "brands" / "logos" / "tiny.png")
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


def test_a_logo_link_pointed_elsewhere_builds_again(workspace, runner, tmp_path):
    logos = workspace / "brands" / "logos"
    other = tmp_path / "other.svg"
    other.write_text((logos / "harbor.svg").read_text().replace("#E07A5F", "#00AA00"))
    (logos / "link.svg").symlink_to(logos / "harbor.svg")
    edit(workspace / BRAND, "logo: logos/harbor.svg", "logo: logos/link.svg")
    build(runner)
    (logos / "link.svg").unlink()
    (logos / "link.svg").symlink_to(other)
    assert "up to date" not in build(runner)


def test_a_category_icon_found_first_elsewhere_builds_again(workspace, runner):
    Image.new("RGB", (64, 64), (200, 30, 30)).save(workspace / "mark.png")
    edit(workspace / DECK, "icon: spark", "icon: mark.png")
    build(runner)
    Image.new("RGB", (64, 64), (30, 200, 30)).save(workspace / "cards" / "mark.png")
    assert "up to date" not in build(runner)  # the deck's folder is looked in first


def test_a_new_file_where_decks_are_found_by_name_builds_again(workspace, runner):
    build(runner)
    (workspace / "cards" / "another.yaml").write_text("title: Another\n", encoding="utf-8")
    assert "up to date" not in build(runner)


def test_a_file_saved_while_the_build_ran_is_not_trusted(workspace):
    deck = workspace / DECK
    began = time.time_ns()
    deck.write_bytes(deck.read_bytes())  # saved while the build runs
    assert changed_since([deck], began)
    assert not changed_since([deck], began + 10 * COARSE_MARGIN_NS)
    ledger = Ledger.of(workspace, {"command": 1})
    ledger.record([workspace], [deck], [], [], [], began)
    assert not ledger.file.exists()  # no ledger: the next build runs


def test_only_regular_files_are_read_for_a_digest(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert file_digest(fifo) is None  # would wait for ever
    assert file_digest(Path("/dev/zero")) is None  # would never end
    assert file_digest(tmp_path) is None
    (tmp_path / "a").write_bytes(b"abc")
    assert file_digest(tmp_path / "a") == hashlib.sha256(b"abc").hexdigest()


def test_a_file_saved_just_before_the_build_is_trusted(workspace):
    deck = workspace / DECK
    deck.write_bytes(deck.read_bytes())
    time.sleep(0.2)
    assert not changed_since([deck], time.time_ns())
    whole_seconds = (time.time_ns() // 1_000_000_000) * 1_000_000_000
    os.utime(deck, ns=(whole_seconds, whole_seconds))  # a file system keeping seconds
    assert changed_since([deck], whole_seconds + 1_000_000_000)
