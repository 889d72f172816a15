"""The profiles as the build page shows them: their numbers, and a drawing of the sheet made
from those numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from deckpress.output.profiles import load_profile
from deckpress.sizes import card_sizes
from deckpress.studio.profiles import card_of, deck_card, profile_cards, sheet_diagram
from deckpress.units import MM

SVG = "{http://www.w3.org/2000/svg}"


def drawn(name: str, card: str = "poker") -> ET.Element:
    profile = load_profile(name, None)
    return ET.fromstring(sheet_diagram(profile, card_sizes()[card]))


def rects(svg: ET.Element, kind: str) -> list[dict[str, float]]:
    return [{key: float(shape.get(key, "0")) for key in ("x", "y", "width", "height")}
            for shape in svg.iter(f"{SVG}rect") if shape.get("class") == kind]


def test_a_home_sheet_shows_the_paper_and_its_nine_cards():
    svg = drawn("home-letter")
    assert svg.get("viewBox") == "0 0 612.00 792.00"  # Letter, in points
    assert (svg.get("width"), svg.get("height")) == ("116", "150")
    cards = rects(svg, "card")
    assert len(cards) == 9 and not rects(svg, "bleed")
    assert all(round(card["width"] / MM, 1) == 63.5 for card in cards)
    # three 180 pt cards edge to edge, the grid centred across the 612 pt page
    assert sorted({card["x"] for card in cards}) == pytest.approx([36, 216, 396], abs=0.01)
    top = min(card["y"] for card in cards)
    assert top == pytest.approx((792 - 3 * 252) / 2, abs=0.01)  # y downwards, grid centred
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == \
        "home-letter: 9 63.5×88.9 mm cards on a 215.9×279.4 mm sheet"


def test_bleed_shows_around_each_card_where_the_profile_has_it():
    svg = drawn("home-a4")
    cards, bleeds = rects(svg, "card"), rects(svg, "bleed")
    assert len(cards) == len(bleeds) == 9
    assert bleeds[0]["width"] == pytest.approx(cards[0]["width"] + 2 * MM, abs=0.01)


def test_a_fold_sheet_shows_the_fold_and_where_the_backs_land():
    svg = drawn("home-letter-fold")
    fold = [line for line in svg.iter(f"{SVG}line") if line.get("class") == "fold"]
    assert len(fold) == 1 and float(fold[0].get("x1", "0")) == pytest.approx(396)
    fronts, backs = rects(svg, "card"), rects(svg, "back")
    assert len(fronts) == len(backs) == 4
    assert all(front["x"] + front["width"] <= 396 <= back["x"] for front in fronts
               for back in backs)


def test_a_print_service_page_is_one_card_with_bleed_and_safe_zone():
    svg = drawn("dtc")
    (bleed,), (card,), (safe,) = rects(svg, "bleed"), rects(svg, "card"), rects(svg, "safe")
    assert svg.get("viewBox") == f"0 0 {bleed['width']:.2f} {bleed['height']:.2f}"
    assert bleed["width"] - card["width"] == pytest.approx(2 * 9, abs=0.02)  # 0.125 in a side
    assert card["width"] - safe["width"] == pytest.approx(2 * 9, abs=0.02)


def test_cards_that_do_not_fit_show_the_paper_alone():
    svg = drawn("avery-5371", "tarot")
    assert not rects(svg, "card") and len(rects(svg, "paper")) == 1
    title = svg.find(f"{SVG}title")
    assert title is not None and "do not fit" in (title.text or "")


def test_profile_cards_carry_the_numbers_profiles_shows(workspace):
    (workspace / "profiles").mkdir()
    (workspace / "profiles" / "club<a>.yaml").write_text(
        "description: Club <sheets> & more\npage: a4\nmargin: 10mm\n", encoding="utf-8")
    (workspace / "profiles" / "broken.yaml").write_text("page: letter\nmargin: lots\n")
    cards = {card.name: card for card in profile_cards(workspace)}
    letter = cards["home-letter"]
    assert letter.builtin and letter.per_sheet == 9 and letter.shown_with == "poker"
    assert "page letter (215.9×279.4 mm)" in letter.facts and "bleed 0.00 mm" in letter.facts
    assert cards["avery-5371"].per_sheet == 10 and cards["avery-5371"].shown_with == "business"
    assert cards["mpc"].per_sheet is None and "PNG 822×1122 px at 300 dpi" in cards["mpc"].facts
    own = cards["club<a>"]
    assert not own.builtin and own.description == "Club <sheets> & more"
    ET.fromstring(own.diagram)  # a name with markup in it still makes a well-formed drawing
    assert "club&lt;a&gt;" in own.diagram
    assert cards["broken"].error is not None and "margin" in cards["broken"].error
    assert cards["broken"].diagram == ""


def test_the_drawing_is_of_the_card_the_profile_is_made_for():
    assert card_of(load_profile("avery-c32010", None))[0] == "85x54mm"
    assert card_of(load_profile("home-a4", None)) == ("poker", card_sizes()["poker"])


def test_profiles_are_drawn_with_the_chosen_decks_cards(workspace):
    card = deck_card(workspace / "cards" / "pocket-scripts.yaml")
    assert card is not None and card[0] == "business"
    cards = {entry.name: entry for entry in profile_cards(workspace, card)}
    assert cards["home-letter"].per_sheet == 10 and cards["home-letter"].shown_with == "business"
    assert len(rects(ET.fromstring(cards["home-letter"].diagram), "card")) == 10
    assert cards["home-letter"].note is None and cards["pod-pdf"].note is None
    assert cards["dtc"].note == "made for poker cards; this deck's are business"
    assert cards["dtc"].shown_with == "poker"  # drawn as the service takes them
    assert deck_card(workspace / "cards" / "room-openers.csv") == ("poker", card_sizes()["poker"])


def test_a_deck_whose_size_cannot_be_read_is_drawn_with_the_default(workspace):
    deck = workspace / "cards" / "odd.yaml"
    deck.write_text("title: Odd\nsize: 12 furlongs\ncards: []\n", encoding="utf-8")
    assert deck_card(deck) is None
    assert deck_card(workspace / "cards" / "missing.yaml") is None
    tarot = ("tarot", card_sizes()["tarot"])
    cards = {entry.name: entry for entry in profile_cards(workspace, tarot)}
    assert cards["avery-5371"].note == "made for business cards; this deck's are tarot"
    assert cards["home-letter"].per_sheet == 4 and cards["home-letter"].note is None  # 2×2
