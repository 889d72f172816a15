"""Colours as users write them (`#1D3557`), colour arithmetic for layouts (tints, shades, a
readable text colour on any background), and the RGB-to-CMYK conversion for CMYK profiles."""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.lib.colors import CMYKColor, Color, toColor

from .units import shown

DARK_TEXT = "#1F2328"
LIGHT_TEXT = "#FFFFFF"
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@lru_cache(maxsize=1024)
def parse_colour(value: str) -> Color:
    """`#RGB` or `#RRGGBB` to a ReportLab colour; anything else is a ValueError with an example."""
    text = str(value).strip()
    match = _HEX.match(text)
    if not match:
        raise ValueError(f"'{shown(value)}' is not a colour; write it as #RRGGBB, e.g. #1D3557")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    red, green, blue = (int(digits[i : i + 2], 16) / 255.0 for i in (0, 2, 4))
    return Color(red, green, blue)


@lru_cache(maxsize=4096)
def rgb_hex(red: float, green: float, blue: float) -> str:
    """`#RRGGBB` from channels from 0 to 1 (clamped): the one way deckpress writes a colour."""
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in (red, green, blue))


def hex_of(colour: Color) -> str:
    """`#RRGGBB` of a ReportLab colour."""
    return rgb_hex(colour.red, colour.green, colour.blue)


def normalised_hex(value: str) -> str:
    """A colour as written (`#abc`, `#A1B2C3`) in the one form layouts receive: `#AABBCC`."""
    return hex_of(parse_colour(value))


@lru_cache(maxsize=1024)
def mix(colour: str, other: str, amount: float) -> str:
    """`amount` of `other` mixed into `colour` (0 keeps colour, 1 gives other)."""
    a, b = parse_colour(colour), parse_colour(other)
    return rgb_hex(*(x + (y - x) * amount for x, y in
                  ((a.red, b.red), (a.green, b.green), (a.blue, b.blue))))


@lru_cache(maxsize=1024)
def tint(colour: str, amount: float) -> str:
    """Lighter: `amount` of the colour kept over white (0.15 gives a pale wash)."""
    return mix("#FFFFFF", colour, amount)


@lru_cache(maxsize=1024)
def shade(colour: str, amount: float) -> str:
    return mix(colour, "#000000", amount)


@lru_cache(maxsize=1024)
def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    value = parse_colour(colour)

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(value.red) + 0.7152 * channel(value.green) + 0.0722 * channel(
        value.blue)


@lru_cache(maxsize=1024)
def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@lru_cache(maxsize=1024)
def readable_on(background: str) -> str:
    """White or near-black, whichever reads better on `background`."""
    if contrast(LIGHT_TEXT, background) >= contrast(DARK_TEXT, background):
        return LIGHT_TEXT
    return DARK_TEXT


@lru_cache(maxsize=1024)
def legible(colour: str, background: str = "#FFFFFF", ratio: float = 4.5) -> str:
    """`colour`, darkened or lightened just enough to reach `ratio` contrast on `background`."""
    target = readable_on(background)
    amount = 0.0
    adjusted = colour
    while contrast(adjusted, background) < ratio and amount < 1.0:
        amount = min(1.0, amount + 0.05)
        adjusted = mix(colour, target, amount)
    if contrast(adjusted, background) < ratio:  # mid-tones: only pure black or white will do
        adjusted = max(("#000000", "#FFFFFF"), key=lambda ink: contrast(ink, background))
    return adjusted


@lru_cache(maxsize=1024)
def muted_on(background: str) -> str:
    """A softer text colour for secondary lines on `background`, still at 4.5:1 contrast."""
    return legible(mix(readable_on(background), background, 0.35), background)


# RGB channels this close together read as grey: printed in black ink alone, so small text in
# a near-black (the layouts' #1F2328) is not a rich black that smears when the plates shift
NEAR_GREY = 12 / 255


def to_cmyk(colour: Color | str) -> CMYKColor:
    """RGB to CMYK by the usual formula, grey (and near grey) to black ink only; used when a
    profile asks for CMYK. This is a plain conversion, not colour management (no ICC
    profile)."""
    colour = toColor(colour)
    if isinstance(colour, CMYKColor):
        return colour
    red, green, blue = colour.red, colour.green, colour.blue
    if max(red, green, blue) - min(red, green, blue) <= NEAR_GREY + 1e-9:
        return CMYKColor(0, 0, 0, round(1 - (red + green + blue) / 3, 4), alpha=colour.alpha)
    black = 1 - max(red, green, blue)
    if black >= 1 - 1e-9:
        return CMYKColor(0, 0, 0, 1, alpha=colour.alpha)
    # for a grey (red = green = blue) the formula gives no colour ink: black only
    cyan, magenta, yellow = ((1 - c - black) / (1 - black) for c in (red, green, blue))
    return CMYKColor(round(cyan, 4), round(magenta, 4), round(yellow, 4), round(black, 4),
                     alpha=colour.alpha)
