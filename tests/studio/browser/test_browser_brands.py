"""A brand's colour changed in the browser: written to the brand's file (its comments kept), the
picker beside it following, and the cards drawn in the brand asked for again."""

from __future__ import annotations

import pytest
import yaml
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.browser

BRAND = "brands/example.yaml"
NEW_ACCENT = "#2A9D8F"


def accent_on_disk(studio) -> str:
    brand = yaml.safe_load((studio.workspace / BRAND).read_text(encoding="utf-8"))
    return str(brand["colours"]["accent"])


def test_a_colour_typed_in_the_brand_page_is_written_to_the_brand_file(studio) -> None:
    old_text = (studio.workspace / BRAND).read_text(encoding="utf-8")
    old_accent = accent_on_disk(studio)
    studio.open("/brands/example")
    field = studio.find("#colour-accent-text")
    assert field.get_attribute("value") == old_accent
    previews = studio.wait(lambda driver: studio.find_all("#card-previews img[src]"),
                           "the brand page drew no cards")
    drawn_before = {image.get_attribute("src") for image in previews}

    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(NEW_ACCENT, Keys.TAB)  # leaving the field saves it
    studio.wait(lambda driver: accent_on_disk(studio) == NEW_ACCENT,
                f"{BRAND} never got the new accent colour")

    assert studio.find("#colour-accent").get_attribute("value") == NEW_ACCENT.lower()
    studio.wait(lambda driver: studio.find("#saved-state").text == "All changes saved",
                "the page did not say the change was saved")
    new_text = (studio.workspace / BRAND).read_text(encoding="utf-8")
    assert new_text == old_text.replace(f'"{old_accent}"', f'"{NEW_ACCENT}"', 1)
    studio.wait(lambda driver: redrawn(studio, drawn_before),
                "the cards were not drawn again in the new colour")


def redrawn(studio, drawn_before: set[str]) -> bool:
    """Every card preview asked for anew and shown."""
    images = studio.find_all("#card-previews img")
    return drawn_before.isdisjoint(image.get_attribute("src") for image in images) and all(
        studio.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth",
                                     image) for image in images)
