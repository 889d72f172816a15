"""Drawing: text fitting, and pixels for what geometry alone cannot show (bleed, clipping)."""

from __future__ import annotations

import pypdfium2
import pytest
from reportlab.lib.colors import black

from deckpress.build import build_deck
from deckpress.fonts import load_fonts
from deckpress.textfit import TextOverflow, fit_paragraph


@pytest.fixture(scope="module")
def regular():
    return load_fonts(None).family("Noto Sans").face()


def test_text_that_fits_keeps_its_size(regular):
    fitted = fit_paragraph("Short.", regular, 10, 6, 1.25, black, "left", 100, 40)
    assert fitted.size == 10


def test_long_text_shrinks_until_it_fits(regular):
    text = "word " * 60
    fitted = fit_paragraph(text, regular, 12, 6, 1.25, black, "left", 150, 60)
    assert 6 <= fitted.size < 12
    assert fitted.height <= 60.01
    with pytest.raises(TextOverflow):  # one step larger would not have fitted
        fit_paragraph(text, regular, fitted.size + 0.25, fitted.size + 0.25, 1.25, black,
                      "left", 150, 60)


def test_text_that_cannot_fit_is_refused(regular):
    with pytest.raises(TextOverflow) as caught:
        fit_paragraph("word " * 200, regular, 10, 8, 1.25, black, "left", 100, 20)
    assert caught.value.size == 8 and caught.value.needed > 20


def test_a_word_wider_than_the_box_is_an_overflow_not_a_split(regular):
    with pytest.raises(TextOverflow) as caught:
        fit_paragraph("Incomprehensibilities", regular, 10, 9, 1.25, black, "left", 30, 100)
    assert caught.value.too_wide


def test_bands_run_into_the_bleed_on_a4(built):
    """On home-a4 each card's colour band continues 1 mm past its cut line, into the gutter."""
    document = pypdfium2.PdfDocument(str(built["a4"]))
    scale = 600 / 72  # 600 dpi, so 1 mm is about 24 pixels
    image = document[0].render(scale=scale).to_pil().convert("RGB")
    document.close()
    mm = 72 / 25.4
    # second card of the top row: trim x from 21.969 + 180 + 2 mm, band 18 mm tall at the top
    card_left = (210 * mm - (3 * 180 + 4 * mm)) / 2 + 180 + 2 * mm
    top = (297 * mm + 3 * 252 + 4 * mm) / 2  # PDF y of the top trim
    band_y = int((297 * mm - top + 9 * mm) * scale)
    just_inside_bleed = image.getpixel((int((card_left - 0.5 * mm) * scale), band_y))
    gutter_middle_left = image.getpixel((int((card_left - 1.3 * mm) * scale), band_y))
    inside = image.getpixel((int((card_left + 3 * mm) * scale), band_y))
    assert inside != (255, 255, 255)
    assert just_inside_bleed == inside  # bleed carries the band colour
    assert gutter_middle_left != (255, 255, 255)  # the neighbour's bleed fills its half


def test_home_letter_cards_get_no_bleed(workspace, tmp_path):
    out = tmp_path / "letter.pdf"
    build_deck(workspace / "cards" / "networking.yaml", out)
    document = pypdfium2.PdfDocument(str(out))
    scale = 600 / 72
    image = document[0].render(scale=scale).to_pil().convert("RGB")
    document.close()
    mm = 72 / 25.4
    band_y = int((18 + 9 * mm) * scale)  # 9 mm below the top trim of the first row
    left_of_first_card = image.getpixel((int((36 - 0.5 * mm) * scale), band_y))
    assert left_of_first_card == (255, 255, 255)


def test_a_16_bit_greyscale_logo_prints_in_grey_not_white(workspace, tmp_path):
    from PIL import Image

    from helpers import edit

    gradient = Image.linear_gradient("L").resize((64, 64)).convert("I;16")
    gradient = gradient.point(lambda value: value * 256)
    gradient.save(workspace / "brands" / "logos" / "deep.png")
    edit(workspace / "brands" / "example.yaml", "logos/harbor.svg", "logos/deep.png")
    out = tmp_path / "deep.pdf"
    build_deck(workspace / "cards" / "networking.yaml", out, workspace / "brands" / "example.yaml")
    document = pypdfium2.PdfDocument(str(out))
    image = document[1].render(scale=2).to_pil().convert("L")
    document.close()
    # the logo sits centred on the first back, about a quarter of the way down
    left = (36 + 90) * 2
    column = [image.getpixel((left, y)) for y in range(18 * 2, 270 * 2)]
    assert min(column) < 100 and max(column) > 150  # a dark-to-light gradient, not a white square
