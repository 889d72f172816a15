"""The commands through Click's runner: init, build's defaults, help, progress, and what the
package needs installed."""

from __future__ import annotations

import filecmp

import pytest
from pypdf import PdfReader

from deckpress.cli import main
from helpers import ROOT

SAMPLES = ROOT / "src" / "deckpress" / "samples"


def test_init_creates_a_workspace_that_builds_out_of_the_box(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["init", "decks"])
    assert result.exit_code == 0, result.output
    for part in ("cards/networking.yaml", "cards/table-talk.yaml", "brands/example.yaml",
                 "brands/logos/harbor.svg", "templates/prompt.xml", "fonts", "output"):
        assert (tmp_path / "decks" / part).exists(), part
    monkeypatch.chdir(tmp_path / "decks")
    for deck in ("networking", "table-talk"):
        built = runner.invoke(main, ["build", f"cards/{deck}.yaml", "--brand", "example"])
        assert built.exit_code == 0, built.output
        out = tmp_path / "decks" / "output" / f"{deck}-example-home-letter.pdf"
        assert f"wrote output/{out.name}" in built.output
        assert len(PdfReader(out).pages) >= 2


def test_init_refuses_a_folder_with_files(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    result = runner.invoke(main, ["init", "full"])
    assert result.exit_code == 1
    assert "not empty" in result.output
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_samples_shipped_for_init_match_the_repository_workspace():
    """The package carries a copy of cards/, brands/, clients/ and templates/ for `init`."""
    for part in ("cards", "brands", "brands/logos", "clients", "templates",
                 "templates/worksheets", "icons"):
        comparison = filecmp.dircmp(ROOT / part, SAMPLES / part)
        assert not comparison.left_only and not comparison.right_only, part
        assert not comparison.diff_files, f"{part}: {comparison.diff_files} differ"


def test_build_without_brand_uses_the_neutral_default(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", "cards/networking.yaml", "--profile", "home-a4"])
    assert result.exit_code == 0, result.output
    assert "output/networking-home-a4.pdf" in result.output
    assert "50 cards, 12 pages" in result.output


def test_quiet_prints_nothing(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-q", "-o", "tt.pdf"])
    assert result.exit_code == 0
    assert result.output == ""
    assert (workspace / "tt.pdf").is_file()


@pytest.mark.parametrize("command", [[], ["build"], ["init"], ["profiles"], ["check"],
                                     ["calibrate"], ["worksheets"], ["box"]])
def test_help_has_examples(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    if command != ["profiles"]:
        assert "Example" in result.output


def test_progress_bar_only_for_large_decks_on_a_terminal(capsys):
    from deckpress.cli.console import Progress

    small = Progress(enabled=True)
    for done in range(1, 51):
        small(done, 50)
    small.close()
    hidden = Progress(enabled=False)
    hidden(1, 5000)
    hidden.close()
    assert capsys.readouterr().err == ""
    large = Progress(enabled=True)
    for done in range(1, 301):
        large(done, 300)
    large.close()
    assert "drawing cards" in capsys.readouterr().err


def test_every_library_the_package_imports_is_a_runtime_dependency():
    """A module imported by deckpress but only installed with the test extra would crash a
    user's plain `pip install .` while every test passes."""
    import ast
    import re
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    root = ROOT
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    declared = {re.split(r"[<>=!~\[ ]", dep)[0].lower().replace("_", "-") for dep in
                project["dependencies"] + project["optional-dependencies"]["cluster"]}
    owners = packages_distributions()
    imported = set()
    for path in (root / "src" / "deckpress").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported
                   if name not in sys.stdlib_module_names and name != "deckpress"}
    assert third_party, "found no imports at all"
    for name in sorted(third_party):
        distributions = {d.lower().replace("_", "-") for d in owners.get(name, [name])}
        assert distributions & declared, f"{name} is imported but not a runtime dependency"


def test_a_deck_linked_into_cards_belongs_to_that_workspace(workspace, runner, monkeypatch,
                                                           tmp_path):
    """Its brands and output are the workspace's, wherever the link points."""
    elsewhere = tmp_path / "kept-elsewhere" / "talk.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text((workspace / "cards/table-talk.yaml").read_text("utf-8"), "utf-8")
    (workspace / "cards/talk.yaml").symlink_to(elsewhere)
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", "cards/talk.yaml", "--brand", "example"])
    assert result.exit_code == 0, result.output
    assert (workspace / "output/talk-example-home-letter.pdf").is_file()
    assert not (elsewhere.parent / "output").exists()
