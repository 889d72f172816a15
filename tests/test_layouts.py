"""The built-in layouts across card sizes and palettes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deckpress.build import build_deck
from deckpress.colours import contrast, legible, muted_on
from deckpress.load import card_sizes
from helpers import edit

hex_colour = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06X}")


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


@given(colour=hex_colour, background=hex_colour)
def test_legible_reaches_readable_contrast_on_any_background(colour, background):
    assert contrast(legible(colour, background), background) >= 4.4
    assert contrast(muted_on(background), background) >= 4.4
