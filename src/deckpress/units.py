"""Lengths as users write them (`63.5mm`, `0.125in`, `12pt`), in points, PDF's unit."""

from __future__ import annotations

import math
import re
from functools import lru_cache

POINTS_PER_UNIT = {"pt": 1.0, "mm": 72.0 / 25.4, "cm": 720.0 / 25.4, "in": 72.0}
MM = POINTS_PER_UNIT["mm"]
TOLERANCE = 0.01  # pt: the floating-point slack allowed when two lengths are compared
# the largest length anything may have: 200 in (5.08 m), the widest page a PDF viewer must
# show; a larger number is a mistake (a unit left out, digits repeated) that would break the PDF
MAX_POINTS = 14_400.0

_LENGTH = re.compile(r"^\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*(mm|cm|in|pt)?\s*$", re.IGNORECASE)
_SIZE = re.compile(
    r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*[x×]\s*(\d+(?:\.\d*)?|\.\d+)\s*(mm|cm|in|pt)\s*$", re.IGNORECASE
)


def shown(value: object, limit: int = 40) -> str:
    """A value quoted in a message, cut short: a pasted paragraph must not flood the screen."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=4096)
def parse_length(value: str | float | int, default_unit: str = "mm") -> float:
    """Points from a length; a bare number is in `default_unit`. ValueError shows valid forms."""
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a length")
    if isinstance(value, int | float):
        try:
            given = float(value)
        except OverflowError:  # a whole number with hundreds of digits
            given = math.inf
        return within_reach(given * POINTS_PER_UNIT[default_unit], value)
    match = _LENGTH.match(str(value))
    if not match:
        raise ValueError(
            f"'{shown(value)}' is not a length; write a number with a unit, "
            "e.g. 5mm, 0.25in or 12pt"
        )
    number, unit = match.groups()
    return within_reach(float(number) * POINTS_PER_UNIT[(unit or default_unit).lower()], value)


def within_reach(points: float, written: object) -> float:
    """`points`, if it is a number a PDF can hold and a page can show; else ValueError."""
    if not math.isfinite(points) or abs(points) > MAX_POINTS:
        raise ValueError(f"'{shown(written)}' is out of range: lengths go up to 5 m (200 in)")
    return points


def parse_size(value: str) -> tuple[float, float]:
    """`63x88mm` or `2.5x3.5in` to (width, height) in points."""
    match = _SIZE.match(value)
    if not match:
        raise ValueError(f"'{shown(value)}' is not a size like 63x88mm or 2.5x3.5in")
    width, height, unit = match.groups()
    scale = POINTS_PER_UNIT[unit.lower()]
    return within_reach(float(width) * scale, value), within_reach(float(height) * scale, value)


def to_mm(points: float) -> float:
    return points / POINTS_PER_UNIT["mm"]


MAX_OFFSET_MM = 10.0  # printers shift the back by a few mm; more is a misreading or a wrong unit


def parse_offset(text: str) -> tuple[float, float]:
    """`1.5mm,-0.5mm` to (x, y) in points: how far to move a printed side right and up.

    A bare number is millimetres, as the calibration sheet reads, and a typographic minus
    (– or −, as copied from the sheet or a document) counts as one.
    """
    example = "e.g. 1.5mm,-0.5mm"
    clean = str(text).replace("\u2212", "-").replace("\u2013", "-")
    parts = clean.split(",")
    if not clean.strip():
        raise ValueError(f"an offset needs two lengths X,Y, {example}")
    if len(parts) != 2:
        raise ValueError(
            f"'{shown(text)}' is not an offset; write two lengths X,Y separated by a comma, "
            f"{example}"
        )
    values = []
    for part in parts:
        try:
            value = parse_length(part.strip(), "mm")
        except ValueError as error:
            raise ValueError(f"'{shown(text)}' is not an offset: {error}") from None
        if abs(to_mm(value)) > MAX_OFFSET_MM + 1e-9:
            raise ValueError(
                f"'{shown(part.strip())}' in the offset '{shown(text)}' is more than "
                f"{MAX_OFFSET_MM:g} mm; printers shift the back by a few mm at most, so check the "
                "reading and its unit"
            )
        values.append(value)
    return values[0], values[1]
