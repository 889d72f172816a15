"""Editing a deck in the browser: the card table shows every card of the file, and a title typed
into it is saved to the deck's YAML file and drawn again in the card's preview."""

from __future__ import annotations

import base64
import io

import pytest
import yaml
from PIL import Image
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.browser

DECK = "cards/networking.yaml"
CARD = "WU-01"
NEW_TITLE = "Ask a stranger for the time"

# The face as the page shows it, read back pixel by pixel through a canvas (the page draws each
# face from a blob: address it releases once shown, so the picture itself is what is compared).
FACE_PIXELS = """
const [side, card] = arguments;
const image = document.querySelector(`#face-${side} img`);
if (!image || image.alt !== `${side} of card ${card}` || !image.complete || !image.naturalWidth) {
  return null;
}
const canvas = document.createElement("canvas");
canvas.width = image.naturalWidth;
canvas.height = image.naturalHeight;
canvas.getContext("2d").drawImage(image, 0, 0);
return canvas.toDataURL("image/png");
"""


def card_titles(studio) -> dict[str, str]:
    deck = yaml.safe_load((studio.workspace / DECK).read_text(encoding="utf-8"))
    return {card["id"]: card["title"] for card in deck["cards"]}


def shown_face(studio, card: str = CARD, side: str = "front") -> str | None:
    """The front of `card` as the preview shows it; None while it shows another card."""
    return studio.driver.execute_script(FACE_PIXELS, side, card)


def pixels(png: bytes) -> bytes:
    return Image.open(io.BytesIO(png)).convert("RGBA").tobytes()


def shown_pixels(studio) -> bytes | None:
    face = shown_face(studio)
    return pixels(base64.b64decode(face.partition(",")[2])) if face else None


def drawn_from_the_file(studio) -> bytes | None:
    """The front the page shows, once it is the one the studio draws from the file as it is now
    (not one drawn from a version of the title half typed)."""
    shown = shown_pixels(studio)
    if shown is None:
        return None
    version = studio.find("#deck-data").get_attribute("data-version")
    drawn = studio.served.fetch(f"/preview/{DECK}?card={CARD}&side=front&as=&v={version}")
    return shown if shown == pixels(drawn) else None


def redrawn(studio, before: bytes) -> bytes | None:
    face = drawn_from_the_file(studio)
    return face if face not in (None, before) else None


def test_a_new_title_is_saved_to_the_file_and_redrawn_in_the_preview(studio) -> None:
    old_title = card_titles(studio)[CARD]
    old_text = (studio.workspace / DECK).read_text(encoding="utf-8")
    studio.open(f"/decks/{DECK}")
    rows = studio.wait(lambda driver: studio.find_all("#cards-table tbody.card"),
                       "the card table did not show")
    assert [row.get_attribute("data-id") for row in rows] == list(card_titles(studio))
    title = studio.find(f'#cards-table tbody.card[data-id="{CARD}"] textarea[name="title"]')
    assert title.get_attribute("value") == old_title
    title.click()  # the card being edited is the one the preview shows
    studio.wait(lambda driver: studio.find("#preview-id").text == CARD,
                f"the preview did not switch to {CARD}")
    before = studio.wait(lambda driver: drawn_from_the_file(studio),
                         f"no front of {CARD} was drawn")

    title.send_keys(Keys.CONTROL, "a")
    title.send_keys(NEW_TITLE)
    studio.wait(lambda driver: card_titles(studio)[CARD] == NEW_TITLE,
                f"{DECK} never got the new title of {CARD}")
    after = studio.wait(lambda driver: redrawn(studio, before),
                        f"the front of {CARD} was not drawn again with its new title")

    assert after != before
    assert studio.find("#save-state").text == "All changes saved"
    new_text = (studio.workspace / DECK).read_text(encoding="utf-8")
    # one line changed: the comments and the order of the file are the coach's own
    assert new_text == old_text.replace(f"title: {old_title}\n", f"title: {NEW_TITLE}\n", 1)
    others = {card: name for card, name in card_titles(studio).items() if card != CARD}
    assert NEW_TITLE not in others.values()


def test_a_deck_changed_on_disk_meanwhile_is_not_overwritten(studio) -> None:
    deck = studio.workspace / DECK
    studio.open(f"/decks/{DECK}")
    title = studio.find(f'#cards-table tbody.card[data-id="{CARD}"] textarea[name="title"]')
    old_title = title.get_attribute("value")
    edited_elsewhere = deck.read_text(encoding="utf-8").replace(
        f"title: {old_title}\n", "title: Changed in a text editor\n", 1)
    deck.write_text(edited_elsewhere, encoding="utf-8")

    title.click()
    title.send_keys(" now")
    studio.wait(lambda driver: "Reload the page" in studio.find("#deck-message").text,
                "the page did not say the file changed meanwhile")
    assert deck.read_text(encoding="utf-8") == edited_elsewhere
    assert studio.find("#save-state").text == "Not saved"
    studio.console_errors()  # the refusal (409) is logged; it is what this test expects
