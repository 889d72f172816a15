"""The sample decks are products on the smallest card too: every deck builds at mini size in
every theme with no text cut, a rules card too long for a small card goes on on its own back
(numbered on, with "1/2" and "2/2"), while a poker card keeps all its steps on the front and the
deck's back. Read from the PDFs themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from deckpress.cli import main

THEMES = ["bold", "quiet", "editorial"]
DECKS = {"networking": "networking.yaml", "netzwerken": "netzwerken.yaml",
         "pocket-scripts": "pocket-scripts.yaml", "room-openers": "room-openers.csv",
         "table-talk": "table-talk.yaml"}
CLIENT = """brand: example
name: Jordan Rivera
programme: 30 Brave Asks
theme: {theme}
decks: [{decks}]
"""
LAST_STEP = {"networking": "Log each ask on your worksheet with its card code.",
             "netzwerken": "Trag jede Frage mit ihrem Kartencode in dein Protokoll ein."}


def build_all(workspace: Path, runner, monkeypatch, theme: str, size: str, decks=tuple(DECKS)):
    """The given sample decks at `size` for a client in `theme`, one face a page (pod-pdf)."""
    monkeypatch.chdir(workspace)
    for deck in decks:
        path = (workspace / "cards" / DECKS[deck]).with_suffix(".yaml")  # a spreadsheet's settings
        path.write_text(re.sub(r"(?m)^size: .*$", f"size: {size}", path.read_text("utf-8")),
                        encoding="utf-8")
    (workspace / "clients/small.yaml").write_text(
        CLIENT.format(theme=theme, decks=", ".join(decks)), encoding="utf-8")
    return runner.invoke(main, ["build", "--client", "small", "--profile", "pod-pdf"])


def faces(workspace: Path, deck: str) -> list[str]:
    """The text of every face of the client's copy of `deck`, front and back alternating."""
    [pdf_path] = (workspace / "output").rglob(f"{deck}-pod-pdf.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def prose(text: str) -> str:
    """`text` without the step numbers, which the PDF's text may give amid a step's lines."""
    return " ".join(word for word in text.split() if not word.isdigit())


def rules_card(texts: list[str], code: str) -> tuple[str, str]:
    """The front and back of the card whose front carries `code`."""
    index = next(number for number in range(0, len(texts), 2) if code in texts[number].split())
    return texts[index], texts[index + 1]


@pytest.mark.parametrize("theme", THEMES)
def test_every_sample_deck_builds_at_mini_size(workspace, runner, monkeypatch, theme):
    result = build_all(workspace, runner, monkeypatch, theme, "mini")
    assert result.exit_code == 0, result.output
    assert "does not fit" not in result.output
    for deck, code in (("networking", "HOW"), ("netzwerken", "SO-GEHTS")):
        front, back = rules_card(faces(workspace, deck), code)
        assert "1/2" in front and "2/2" in back, (theme, deck, front, back)
        assert LAST_STEP[deck] in prose(back), (theme, deck, back)
        assert LAST_STEP[deck] not in prose(front)
        numbers = [int(word) for word in back.split() if word.isdigit()]
        assert numbers and min(numbers) > 1, f"the back's steps are numbered on: {back}"


def test_a_rules_card_leaves_no_step_alone_on_its_back(workspace, runner, monkeypatch):
    result = build_all(workspace, runner, monkeypatch, "bold", "square", ("netzwerken",))
    assert result.exit_code == 0, result.output
    front, back = rules_card(faces(workspace, "netzwerken"), "SO-GEHTS")
    assert "Jedes Nein beweist" in prose(front) and "2/2" in back
    assert "Nimm ein Nein gelassen an" in prose(back) and LAST_STEP["netzwerken"] in prose(back)


@pytest.mark.parametrize("theme", THEMES)
def test_on_a_poker_card_the_rules_stay_on_the_front(workspace, runner, monkeypatch, theme):
    result = build_all(workspace, runner, monkeypatch, theme, "poker", ("networking",))
    assert result.exit_code == 0, result.output
    front, back = rules_card(faces(workspace, "networking"), "HOW")
    assert LAST_STEP["networking"] in prose(front)
    assert "1/2" not in front and "2/2" not in back
    assert "Log each ask" not in back


def test_an_email_too_long_for_its_line_breaks_after_the_at(workspace, runner, monkeypatch):
    result = build_all(workspace, runner, monkeypatch, "bold", "mini", ("networking",))
    assert result.exit_code == 0, result.output
    [pdf_path] = (workspace / "output").rglob("networking-pod-pdf.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        lines = next(text.splitlines() for page in pdf.pages
                     if "Maya Okafor" in (text := page.extract_text() or ""))
    assert "maya@" in lines and "harborcoaching.example" in lines, lines
