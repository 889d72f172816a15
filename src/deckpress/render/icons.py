"""Icons in text (`<icon name="phone"/>` in card markup, what `:phone:` in card text becomes):
set like a word in the line, at the text's size, in the colour of the text around them.

An icon's box is ICON_HEIGHT em tall and as wide as its drawing's proportions make it (a
built-in icon is square), its bottom ICON_DROP em below the baseline: a built-in icon's
drawing, which leaves a twelfth of its box empty on every side, then stands on the baseline
and reaches a little above the capitals, as a bold letter would. Its sides leave the room
of a letter's side bearings, so ":phone:," needs no space before the comma.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from reportlab.lib.colors import Color

from ..colours import parse_colour
from ..layout.attributes import parse_xml
from ..reportlab_internals import InlinePicture, picture_mark

ICON_HEIGHT = 0.96  # em: the box of a 24-unit icon drawn 2 units in from each side
ICON_DROP = 0.08  # em below the baseline: the drawing itself then stands on it
ICON_TAG = re.compile(r'<icon name="([a-z][a-z0-9-]*)"/>')  # as card markup writes it
WRITTEN_ICON = re.compile(r":[a-z][a-z0-9-]*:")  # as `written` gives it back


@dataclass(frozen=True)
class IconForm:
    """An icon drawn once in one colour, as a form `width` × `height` points (its SVG's size)."""

    form: str
    width: float
    height: float


def icons_in(content: str, colour: Color) -> list[tuple[str, Color]]:
    """(name, colour) of each icon of a text's inline markup, in order: the colour of the
    <font color> around it, else the text's own."""
    if "<icon" not in content:
        return []
    root = parse_xml(f"<t>{content}</t>", "layout")
    found: list[tuple[str, Color]] = []

    def walk(node: etree._Element, current: Color) -> None:
        for child in node:
            if child.tag == "icon":
                found.append((str(child.get("name")), current))
            else:
                given = child.get("color") if child.tag == "font" else None
                walk(child, parse_colour(str(given)) if given else current)

    walk(root, colour)
    return found


def marked(content: str) -> str:
    """Inline markup with its icons as the marks the paragraph lays out as pictures."""
    count = iter(range(len(content)))
    return ICON_TAG.sub(lambda match: picture_mark(next(count)), content)


def written(content: str) -> str:
    """Inline markup with its icons written as in card text (:phone:), for messages."""
    return ICON_TAG.sub(lambda match: f":{match.group(1)}:", content)


def as_drawn(word: str) -> str:
    """A word as `written` gives it, with each icon as a letter about as wide, to measure."""
    return WRITTEN_ICON.sub("M", word)


def picture(drawn: IconForm, size: float) -> InlinePicture:
    """The icon's box in text set at `size` points."""
    height = ICON_HEIGHT * size
    return InlinePicture(drawn, height * drawn.width / drawn.height, height, ICON_DROP * size)


def square_pictures(content: str, size: float) -> list[InlinePicture]:
    """Boxes for measuring text with icons when their drawings are not at hand: each as a
    built-in icon's (square)."""
    square = IconForm("", 1.0, 1.0)
    return [picture(square, size) for _ in ICON_TAG.finditer(content)]


def unknown_icons(content: str, known: Mapping[str, Path]) -> list[str]:
    """The names of a text's icons that are not among `known`."""
    return [name for name in ICON_TAG.findall(content) if name not in known]
