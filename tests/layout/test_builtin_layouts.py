"""The built-in layouts across card sizes and palettes."""

from __future__ import annotations

import pdfplumber
import pytest

from deckpress.build import build_deck
from deckpress.cli import main
from deckpress.sizes import card_sizes
from helpers import edit


@pytest.mark.parametrize("size", ["poker", "bridge", "tarot", "70x120mm"])
@pytest.mark.parametrize("brand", [None, "example"])
def test_challenge_rules_and_intro_layouts_fit_portrait_cards(workspace, tmp_path, size, brand):
    deck = workspace / "cards" / "networking.yaml"
    edit(deck, "size: poker", f"size: {size}")
    brand_path = workspace / "brands" / f"{brand}.yaml" if brand else None
    result = build_deck(deck, tmp_path / "deck.pdf", brand_path, "home-a4")
    assert result.cards == 50


@pytest.mark.parametrize("size", sorted(card_sizes()))
def test_plain_layouts_fit_every_named_size(workspace, tmp_path, size):
    deck = workspace / "cards" / "table-talk.yaml"
    edit(deck, "size: square", f"size: {size}")
    result = build_deck(deck, tmp_path / "deck.pdf", workspace / "brands" / "example.yaml",
                        "home-letter")
    assert result.cards == 16


def test_a_deck_without_layout_uses_plain(workspace, tmp_path):
    deck = workspace / "cards" / "minimal.yaml"
    deck.write_text("title: Minimal\nsize: mini\ncards:\n  - id: A\n    title: One\n"
                    "    text: The only card.\n", encoding="utf-8")
    assert build_deck(deck, tmp_path / "m.pdf").faces == 2


def test_a_pale_palette_still_builds(workspace, tmp_path):
    brand = workspace / "brands" / "example.yaml"
    edit(brand, '"#1D3557"', '"#F2D7A0"')
    edit(brand, '"#E07A5F"', '"#FCEFD2"')
    deck = workspace / "cards" / "networking.yaml"
    edit(deck, '"#9E5F10"', '"#F6E7B0"')
    assert build_deck(deck, tmp_path / "pale.pdf", brand, "home-letter").cards == 50


@pytest.mark.parametrize("name", ["Maximiliana Alexandra Smith-Jones",
                                  "Anna Featherstonehaugh-Cholmondeley"])
def test_a_long_client_name_fits_the_cards(workspace, runner, monkeypatch, name):
    monkeypatch.chdir(workspace)
    edit(workspace / "clients/jordan-rivera.yaml", "name: Jordan Rivera", f"name: {name}")
    result = runner.invoke(main, ["check", "--client", "jordan-rivera"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("deck", ["cards/networking.yaml", "cards/pocket-scripts.yaml"])
def test_the_longest_allowed_card_id_prints_in_the_built_in_layouts(workspace, runner,
                                                                    monkeypatch, deck):
    monkeypatch.chdir(workspace)
    old = "id: WU-01" if "networking" in deck else "id: PS-01"
    edit(workspace / deck, old, "id: WWWWWWWWWWWWWWWW")  # 16 characters, the widest letters
    if "networking" in deck:  # the rules card's layout too
        edit(workspace / deck, "id: HOW", "id: MMMMMMMMMMMMMMMM")
    result = runner.invoke(main, ["check", deck, "--brand", "example", "-p",
                                  "home-letter" if "networking" in deck else "avery-5371"])
    assert result.exit_code == 0, result.output


def card_footers(pdf_path) -> list[str]:
    """The small grey line at the foot of each card on the first sheet (name or deck title)."""
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        footers: dict[tuple[int, int], list[tuple[float, str]]] = {}
        for word in page.extract_words(extra_attrs=["size", "non_stroking_color"]):
            if word["size"] <= 6.01 and word["non_stroking_color"] != (0, 0, 0):
                column = int(word["x0"] // (page.width / 3))
                footers.setdefault((round(word["top"]), column), []).append(
                    (word["x0"], word["text"]))
        return [" ".join(text for _, text in sorted(words)) for _, words in sorted(footers.items())]


@pytest.mark.parametrize(("name", "shown"), [
    ("Jo Kim", "Jo Kim"),
    ("Maria Fernanda de la Cruz Villanueva Montenegro", "Maria Fernanda de la Cruz Villanueva"),
    ("Bartholomew Featherstonehaugh-Cholmondeley van der Berg",
     "Bartholomew Featherstonehaugh-Cholmondeley"),  # never ending on "van" or "der"
])
def test_a_card_footer_shows_as_much_of_the_name_as_fits_whole_words(
        workspace, runner, monkeypatch, tmp_path, name, shown):
    monkeypatch.chdir(workspace)
    edit(workspace / "clients/jordan-rivera.yaml", "name: Jordan Rivera", f"name: {name}")
    result = runner.invoke(main, ["build", "--client", "jordan-rivera",
                                  "-o", str(tmp_path / "deck.pdf")])
    assert result.exit_code == 0, result.output
    challenge_footers = [footer for footer in card_footers(tmp_path / "deck.pdf")[3:]
                         if footer != "50 mm"]  # after the intro row; not the ruler
    assert challenge_footers and set(challenge_footers) == {shown}


@pytest.mark.parametrize("steps", [
    "[First step, Second step]",
    '"First step\\nSecond step\\n"',
    "|\n      First step\n\n      Second step",
])
def test_the_rules_card_takes_its_steps_as_a_list_or_a_line_each(tmp_path, steps):
    """A text of steps (a YAML block, a spreadsheet cell) is split into lines, never letters."""
    deck = tmp_path / "cards" / "d.yaml"
    deck.parent.mkdir()
    deck.write_text("title: T\nsize: poker\nfields: [steps]\ncards:\n  - id: HOW\n"
                    "    layout: rules\n    title: How to play\n    text: Read on.\n"
                    f"    steps: {steps}\n", encoding="utf-8")
    out = tmp_path / "d.pdf"
    build_deck(deck, out)
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "First step" in text and "Second step" in text
