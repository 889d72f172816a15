"""The studio as its user first sees it: the URL with the key opens the workspace overview."""

from __future__ import annotations

import pytest

from deckpress.studio.pages.home import deck_title

pytestmark = pytest.mark.browser


def test_the_key_url_opens_the_home_page_listing_every_deck(studio) -> None:
    heading = studio.find("main h1")
    assert heading.text == studio.workspace.name
    assert "token=" not in studio.driver.current_url  # the key left the address bar
    links = {link.text: link.get_attribute("href")
             for link in studio.find_all(".tile a[href^='/decks/'], .tile a[href*='/decks/']")}
    decks = sorted(path for path in (studio.workspace / "cards").iterdir() if path.is_file())
    assert len(links) == len(decks)
    for deck in decks:
        assert links[deck_title(deck)].endswith(f"/decks/cards/{deck.name}")


def test_the_studio_refuses_a_browser_without_the_key(studio) -> None:
    studio.driver.delete_all_cookies()
    studio.open("/")
    assert "deckpress studio" not in studio.driver.title
    body = studio.find("body").text
    assert "key" in body  # an explanation of what to open instead, not a blank page
    assert studio.find_all(".tile") == []
    studio.console_errors()  # the 403 itself is logged; it is what this test expects
