"""Every theme works at every card size: on a square card, the smallest the sample decks' long
challenges are drawn on, each theme's layouts close up their gaps and share out the room by what
each text needs, rather than leaving a challenge or a rule without room."""

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


@pytest.mark.parametrize("theme", ["bold", "quiet", "editorial"])
def test_on_square_cards_every_theme_fits_the_whole_deck(workspace, runner, monkeypatch, theme):
    """The tightest cards of the networking deck (a tip and a title of two or three lines, the
    rules card's five steps) fit a square card in every theme, bold included."""
    edit(workspace / "cards/networking.yaml", "size: poker", "size: square")
    monkeypatch.chdir(workspace)
    brand = "example" if theme == "bold" else themed_brand(workspace, theme)
    errors = check_errors(runner, brand)
    assert not errors, "\n".join(errors)
    result = runner.invoke(main, ["check", "cards/networking.yaml", "--brand", brand, "-q"])
    assert not [card for card in [*TIGHT_CARDS, "HOW"] if f"card '{card}'" in result.output]
