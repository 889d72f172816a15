"""`deckpress layouts` says what each layout is; `deckpress eject` copies a built-in one into
the workspace, where it takes the built-in's place and, unchanged, prints the same deck."""

from __future__ import annotations

import pytest

from deckpress.cli import main
from deckpress.layout.catalogue import describe
from deckpress.layout.templates import Layouts


def test_layouts_lists_each_with_its_blocks_and_card_fields(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["layouts"])
    assert result.exit_code == 0, result.output
    for name in ("challenge", "intro", "plain", "rules"):
        assert f"{name}: built in" in result.output
    assert "prompt: templates/prompt.xml" in result.output
    assert "  blocks: body (extends plain.xml)" in result.output
    assert "  card fields: counts_when, id, text, tip, title" in result.output


def test_a_layout_is_described_from_its_own_file():
    info = describe(Layouts(None), "rules")
    # a rules card that does not fit a small card goes on on its own back
    assert info.builtin and info.extends == "_base.xml" and info.blocks == ("front", "back")
    assert "steps" in info.card_fields and info.summary.startswith('A "how to play" card')


def test_an_ejected_layout_takes_the_builtins_place_and_prints_the_same(workspace, runner,
                                                                        monkeypatch):
    monkeypatch.chdir(workspace)
    deck = ["build", "cards/networking.yaml", "--brand", "example"]
    assert runner.invoke(main, [*deck, "-o", "output/before.pdf"]).exit_code == 0
    result = runner.invoke(main, ["eject", "challenge"])
    assert result.exit_code == 0, result.output
    ejected = workspace / "templates/challenge.xml"
    assert ejected.read_text("utf-8").startswith("{#- Copied from deckpress's built-in layout")
    assert runner.invoke(main, [*deck, "-o", "output/after.pdf"]).exit_code == 0
    assert (workspace / "output/after.pdf").read_bytes() == \
        (workspace / "output/before.pdf").read_bytes()
    listed = runner.invoke(main, ["layouts"]).output
    assert "challenge: templates/challenge.xml (replaces the built-in one)" in listed
    text = ejected.read_text("utf-8")
    assert ">{{ card.id }}</text>" in text
    ejected.write_text(text.replace(">{{ card.id }}</text>", ">No. {{ card.id }}</text>"),
                       "utf-8")
    assert runner.invoke(main, [*deck, "-o", "output/changed.pdf"]).exit_code == 0
    assert (workspace / "output/changed.pdf").read_bytes() != \
        (workspace / "output/before.pdf").read_bytes()


@pytest.mark.parametrize(("name", "code", "expected"), [
    ("chalenge", 2, "did you mean 'challenge'?"),
    ("_base", 2, "there is no built-in layout '_base'"),
    ("prompt", 2, "there is no built-in layout 'prompt'"),
])
def test_eject_refuses_what_is_not_a_builtin_layout(workspace, runner, monkeypatch, name, code,
                                                    expected):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["eject", name])
    assert result.exit_code == code and expected in result.output, result.output


def test_eject_never_overwrites_the_workspaces_own(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    mine = workspace / "templates/plain.xml"
    mine.write_text("{# mine #}", encoding="utf-8")
    result = runner.invoke(main, ["eject", "plain"])
    assert result.exit_code == 1 and "already has this layout" in result.output
    assert mine.read_text("utf-8") == "{# mine #}"


def test_eject_outside_a_workspace_says_so(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["eject", "plain"])
    assert result.exit_code == 2 and "not a deckpress workspace" in result.output
    assert not (tmp_path / "templates").exists()


def test_init_puts_a_short_guide_in_the_workspace(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["init", "ws"]).exit_code == 0
    guide = (tmp_path / "ws/GUIDE.md").read_text("utf-8")
    for command in ("deckpress build", "deckpress check", "deckpress batch", "deckpress eject",
                    "deckpress layouts", "deckpress schema"):
        assert command in guide
    for folder in ("cards", "brands", "clients", "templates", "fonts", "schemas"):
        assert (tmp_path / "ws" / folder).is_dir(), folder


def test_an_eject_the_system_refuses_leaves_no_half_written_layout(tmp_path):
    """A half-written layout in templates/ would take the built-in's place."""
    import resource
    import subprocess
    import sys

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    (tmp_path / "cards").mkdir()
    result = subprocess.run([sys.executable, "-m", "deckpress", "eject", "challenge"],
                            cwd=tmp_path, capture_output=True, text=True, preexec_fn=limited,
                            check=False)
    assert result.returncode == 1, result.stderr
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert list((tmp_path / "templates").iterdir()) == []
