"""A deck in another language: its cards print the built-in words in it, and layouts can
read the language (`language` in the template context)."""

from __future__ import annotations

import pdfplumber

from deckpress.build import build_deck
from deckpress.layout.context import DeckFor, deck_context
from deckpress.sizes import CardBox
from deckpress.source.brand import load_brand
from deckpress.source.client import ClientDetails
from deckpress.source.deck import load_deck


def test_layouts_see_the_decks_language(workspace):
    deck = load_deck(workspace / "cards" / "netzwerken.yaml")
    target = DeckFor(deck, load_brand(None), ClientDetails())
    assert target.language == "de"
    context = deck_context(target, CardBox(deck.width, deck.height, 9.0, 9.0))
    assert context["language"] == "de"
    assert context["labels"]["counts_when"] == "Zählt, wenn:"


def test_a_german_deck_prints_german_labels_on_its_cards(workspace):
    out = workspace / "output" / "netzwerken.pdf"
    build_deck(workspace / "cards" / "netzwerken.yaml", out,
               workspace / "brands" / "example.yaml", "home-a4")
    with pdfplumber.open(out) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "Zählt, wenn:" in text
    assert "Leicht · Stufe 1 von 3" in text
    assert "DIESES KARTENSET GEHÖRT" in text.upper()
    assert "Buch deinen nächsten Termin" in text
    for english in ("Counts when", "level 1 of 3", "Book your next session"):
        assert english not in text
