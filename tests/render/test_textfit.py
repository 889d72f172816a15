"""Text fitting: the largest size that fits the box, down to the minimum, or an overflow."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black

from deckpress.render.fonts import load_fonts
from deckpress.render.textfit import TextOverflow, TextStyle, fit_line, fit_paragraph


@pytest.fixture(scope="module")
def regular():
    return load_fonts(None).family("Noto Sans").face()


def style(font: str, size: float, min_size: float) -> TextStyle:
    return TextStyle(font, size, min_size, 1.25, black, "left")


def test_text_that_fits_keeps_its_size(regular):
    fitted = fit_paragraph("Short.", style(regular, 10, 6), 100, 40)
    assert fitted.size == 10


def test_long_text_shrinks_until_it_fits(regular):
    text = "word " * 60
    fitted = fit_paragraph(text, style(regular, 12, 6), 150, 60)
    assert 6 <= fitted.size < 12
    assert fitted.height <= 60.01
    with pytest.raises(TextOverflow):  # one step larger would not have fitted
        fit_paragraph(text, style(regular, fitted.size + 0.25, fitted.size + 0.25), 150, 60)


def test_text_that_cannot_fit_is_refused(regular):
    with pytest.raises(TextOverflow) as caught:
        fit_paragraph("word " * 200, style(regular, 10, 8), 100, 20)
    assert caught.value.size == 8 and caught.value.needed > 20


def test_a_word_wider_than_the_box_is_an_overflow_not_a_split(regular):
    with pytest.raises(TextOverflow) as caught:
        fit_paragraph("Incomprehensibilities", style(regular, 10, 9), 30, 100)
    assert caught.value.too_wide


def test_a_short_plain_label_is_set_as_one_line_without_paragraph_layout(regular):
    line = fit_line("  Warm   up ", style(regular, 10, 6), 100, 20)
    assert line is not None and (line.text, line.size) == ("Warm up", 10)
    assert line.height == pytest.approx(12.5)
    assert fit_line("<b>Warm</b> up", style(regular, 10, 6), 100, 20) is None  # markup
    assert fit_line("Warm up", style(regular, 10, 6), 10, 20) is None  # too wide: a paragraph
