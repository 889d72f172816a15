"""What a layout sees: the deck, brand, size (in mm) and logo, and each card with its category
and level."""

from __future__ import annotations

import pytest

from deckpress.layout.context import CardContexts
from deckpress.sizes import CardBox
from deckpress.source.brand import load_brand
from deckpress.source.deck import load_deck
from helpers import BRAND, DECK, ROOT

MM = 72 / 25.4


@pytest.fixture(scope="module")
def contexts():
    deck = load_deck(ROOT / DECK)
    box = CardBox(deck.width, deck.height, bleed=MM, safe=3 * MM)
    return deck, CardContexts.of(deck, load_brand(ROOT / BRAND), box)


def test_the_deck_brand_and_size_in_millimetres(contexts):
    _, made = contexts
    shared = made.shared
    assert shared["deck"]["title"] == "Brave Asks" and shared["deck"]["card_count"] == 50
    assert shared["brand"]["client"]["name"] == "Jordan Rivera"
    assert shared["logo"].endswith("harbor.svg")
    size = shared["size"]
    assert (size["width"], size["height"], size["bleed"], size["safe"]) == pytest.approx(
        (63.5, 88.9, 1, 3))
    assert size["trim_box"] == pytest.approx({"x": 0, "y": 0, "w": 63.5, "h": 88.9})
    assert size["bleed_box"] == pytest.approx({"x": -1, "y": -1, "w": 65.5, "h": 90.9})
    assert size["safe_box"] == pytest.approx({"x": 3, "y": 3, "w": 57.5, "h": 82.9})
    assert size["scale"] == 1  # a poker card


def test_each_card_gets_its_category_and_level_as_its_own_copy(contexts):
    deck, made = contexts
    index = next(i for i, card in enumerate(deck.cards) if card.id == "WU-01")
    first = made.card(deck, index)
    assert first["card"]["title"] == "Ask for directions"
    assert first["category"]["id"] == "warm-up" and first["category"]["icon"].endswith(".svg")
    assert first["level"]["id"] == "warm" and first["level"]["number"] == 1
    assert first["level"]["count"] == len(deck.settings.levels)
    first["category"]["label"] = "changed by a layout"
    assert made.card(deck, index)["category"]["label"] != "changed by a layout"
    rules = made.card(deck, 0)  # the rules card: no category, no level
    assert (rules["category"], rules["level"]) == (None, None)
