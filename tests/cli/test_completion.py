"""Shell completion, as bash asks for it: profiles and brands from the deck's workspace, and
the fixed choices (kinds, papers, duplex modes)."""

from __future__ import annotations

import pytest

from deckpress.cli import main

DECK = "cards/networking.yaml"


def completions(runner, words: str) -> list[str]:
    parts = words.split(" ")
    result = runner.invoke(main, [], prog_name="deckpress",
                           env={"_DECKPRESS_COMPLETE": "bash_complete",
                                "COMP_WORDS": f"deckpress {words}",
                                "COMP_CWORD": str(len(parts))})
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


@pytest.mark.parametrize(("words", "expected"), [
    (f"build {DECK} --profile home", ["home-a4", "home-letter", "home-letter-fold", "home-wide"]),
    (f"check {DECK} -p av", ["avery-5371", "avery-c32010"]),
    (f"build {DECK} --brand ", ["example", "northstar", "second"]),
    (f"build {DECK} --client j", ["jordan-rivera"]),
    (f"worksheets {DECK} --kind l", ["ladder", "log"]),
    (f"worksheets {DECK} --paper a", ["a4", "a3"]),
    ("calibrate --duplex ", ["long-edge", "short-edge"]),
    (f"build {DECK} --duplex f", ["fold"]),
])
def test_completes_from_the_workspace_and_the_choices(words, expected, runner, workspace,
                                                      monkeypatch):
    (workspace / "profiles").mkdir()
    (workspace / "profiles" / "home-wide.yaml").write_text("page: a3\n", encoding="utf-8")
    (workspace / "brands" / "second.yaml").write_text("client: {name: B}\n", encoding="utf-8")
    monkeypatch.chdir(workspace)
    assert completions(runner, words) == expected


def test_profiles_of_the_decks_workspace_even_from_elsewhere(runner, workspace, monkeypatch,
                                                            tmp_path):
    (workspace / "profiles").mkdir()
    (workspace / "profiles" / "my-printer.yaml").write_text("page: a4\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    deck = workspace / "cards" / "networking.yaml"
    assert completions(runner, f"build {deck} --profile my") == ["my-printer"]
    assert completions(runner, "build --profile my") == []  # no deck: only built-ins here
