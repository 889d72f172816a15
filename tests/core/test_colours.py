"""Colours: hex parsing, contrast, readable text on a background, tints and CMYK."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.colors import Color

from deckpress.colours import (
    contrast,
    legible,
    muted_on,
    parse_colour,
    readable_on,
    tint,
    to_cmyk,
)

hex_colour = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06X}")


@pytest.mark.parametrize(("text", "rgb"), [("#FFF", (1, 1, 1)), ("#1d3557", (29, 53, 87))])
def test_colours(text, rgb):
    colour = parse_colour(text)
    scale = 1 if rgb == (1, 1, 1) else 255
    assert (colour.red * scale, colour.green * scale, colour.blue * scale) == pytest.approx(rgb)


@pytest.mark.parametrize("text", ["red", "#12", "#GGGGGG", "1D3557", "#1D35570"])
def test_bad_colours(text):
    with pytest.raises(ValueError, match="#RRGGBB"):
        parse_colour(text)


def test_contrast_and_readable_text():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert readable_on("#1D3557") == "#FFFFFF"
    assert readable_on("#F4EFE6") == "#1F2328"
    assert tint("#000000", 0.25) == "#BFBFBF"


@pytest.mark.parametrize(("rgb", "cmyk"), [
    ((1, 0, 0), (0, 1, 1, 0)),
    ((0, 0, 0), (0, 0, 0, 1)),
    ((1, 1, 1), (0, 0, 0, 0)),
    ((0.5, 0.5, 0.5), (0, 0, 0, 0.5)),  # greys use black ink only
    ((0.2, 0.4, 0.8), (0.75, 0.5, 0, 0.2)),
])
def test_rgb_to_cmyk(rgb, cmyk):
    result = to_cmyk(Color(*rgb))
    assert (result.cyan, result.magenta, result.yellow, result.black) == pytest.approx(cmyk)


@given(colour=hex_colour, background=hex_colour)
def test_legible_reaches_readable_contrast_on_any_background(colour, background):
    assert contrast(legible(colour, background), background) >= 4.4
    assert contrast(muted_on(background), background) >= 4.4
