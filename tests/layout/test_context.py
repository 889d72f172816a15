"""What a layout sees: the deck, brand, size (in mm) and logo, and each card with its category
and level."""

from __future__ import annotations

import pytest

from deckpress.inputs import load_client_inputs
from deckpress.layout.context import CardContexts, DeckFor
from deckpress.sizes import CardBox
from deckpress.source.brand import load_brand
from deckpress.source.client import ClientDetails, load_client
from deckpress.source.deck import load_deck
from helpers import BRAND, DECK, JORDAN, LEGACY_BRAND, ROOT

MM = 72 / 25.4


@pytest.fixture(scope="module")
def contexts():
    deck = load_deck(ROOT / DECK)
    box = CardBox(deck.width, deck.height, bleed=MM, safe=3 * MM)
    person = ClientDetails("Jordan Rivera", "30 Brave Asks", "A goal", "A note")
    return deck, CardContexts.of(DeckFor(deck, load_brand(ROOT / BRAND), person, "On backs"),
                                 box)


def test_the_deck_brand_and_size_in_millimetres(contexts):
    _, made = contexts
    shared = made.shared
    assert shared["deck"]["title"] == "Brave Asks" and shared["deck"]["card_count"] == 50
    assert shared["client"] == {"name": "Jordan Rivera", "programme": "30 Brave Asks",
                                "program": "30 Brave Asks", "goal": "A goal", "note": "A note",
                                "start": None}
    assert shared["programme"] == "On backs"
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


def test_layouts_written_before_client_files_read_the_client_from_the_brand(contexts):
    """`brand.client.name` and `brand.intro` still give the client's name and note."""
    _, made = contexts
    assert made.shared["brand"]["client"] == {"name": "Jordan Rivera",
                                              "program": "30 Brave Asks", "goal": "A goal"}
    assert made.shared["brand"]["intro"] == "A note"


def test_a_client_file_gives_the_client_and_the_programme_its_decks_print():
    inputs = load_client_inputs(load_client(ROOT / JORDAN, ROOT))
    assert inputs.person.name == "Jordan Rivera"
    assert inputs.person.start is not None and inputs.person.start.isoformat() == "2027-01-11"
    assert inputs.programme == "30 Brave Asks"
    assert inputs.ladder[0][:2] == ["WU-01", "WU-04"]


def test_a_brand_with_its_client_inside_still_works_but_prints_no_programme_on_backs():
    from deckpress.inputs import load_inputs

    inputs = load_inputs(ROOT / DECK, LEGACY_BRAND)
    assert inputs.person.name == "Jordan Rivera" and inputs.person.programme == "30 Brave Asks"
    assert inputs.person.note.startswith("Jordan, these cards")
    assert inputs.programme == ""  # a brand serves every deck: its programme is no deck's
    assert [problem for _, problem, _ in inputs.warnings()] == [
        "the brand's intro: is printed on the intro card instead of card HELLO's own text"]
