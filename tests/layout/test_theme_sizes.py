"""Every theme works at every card size at least as well as the default one: on a small card
where the default (bold) layout still fits a challenge, a theme's own layout fits it too, closing
up its gaps rather than leaving the challenge without room."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from deckpress.cli import main
from helpers import edit

# challenge cards with a tip and a title of two or three lines: the tightest on a square card
TIGHT_CARDS = ["WU-06", "IC-05", "IC-08", "ON-07"]


def themed_brand(workspace: Path, theme: str) -> str:
    """The example brand in another theme, saved a while ago (a build does not trust a file
    saved moments before it began to be up to date)."""
    text = (workspace / "brands/example.yaml").read_text(encoding="utf-8")
    path = workspace / "brands" / f"example-{theme}.yaml"
    path.write_text(text + f"theme: {theme}\n", encoding="utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))
    return path.stem


def check_errors(runner, brand: str) -> list[str]:
    """The error lines `deckpress check` gives for the networking deck in that brand."""
    result = runner.invoke(main, ["check", "cards/networking.yaml", "--brand", brand, "-q"])
    return [line for line in result.output.splitlines() if line.startswith("error")]


@pytest.mark.parametrize("theme", ["quiet", "editorial"])
def test_on_square_cards_a_theme_has_no_more_errors_than_bold(workspace, runner, monkeypatch,
                                                              theme):
    edit(workspace / "cards/networking.yaml", "size: poker", "size: square")
    monkeypatch.chdir(workspace)
    bold = check_errors(runner, "example")
    themed = check_errors(runner, themed_brand(workspace, theme))
    assert bold, "the square networking deck no longer overflows in bold: pick a tighter case"
    assert len(themed) <= len(bold), "\n".join(themed)
    assert not [line for line in themed for card in TIGHT_CARDS if f"card '{card}'" in line]
