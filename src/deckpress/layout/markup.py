"""Card markup: the small XML vocabulary templates produce, parsed into typed elements.

Coordinates are measured from the card's trim top-left corner, y pointing down. A bare number
is millimetres for positions and sizes, points for font sizes and stroke widths.
Every element and attribute is listed in `ELEMENTS`; anything else is an error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from reportlab.lib.colors import Color

from ..colours import parse_colour
from ..errors import did_you_mean
from .attributes import (
    CARD_INLINE_TAGS,
    REQUIRED,
    Attribute,
    MarkupError,
    attribute,
    choice,
    colour_or_none,
    flag,
    fraction,
    inline_content,
    mm,
    non_negative_mm,
    parse_attributes,
    parse_xml,
    positive_number,
    positive_pt,
    pt,
    stray_text,
    text,
)
from .typography import languages

_a = attribute  # short: the tables below use it on every line
SOURCES = ("card", "client", "brand", "deck")


def source_path(value: str) -> str:
    """`client.note`, `brand.coach.email`, `card.text`: a value layouts receive."""
    parts = value.split(".")
    if parts[0] not in SOURCES or len(parts) < 2 or not all(part.isidentifier() for part in parts):
        raise ValueError(f"'{value}' is not a value of the card, client, brand or deck, e.g. "
                         "client.note or card.text")
    return value


_BOX = {
    "x": _a(mm, REQUIRED, "left edge, from the trim's left edge"),
    "y": _a(mm, REQUIRED, "top edge, from the trim's top edge (y grows downwards)"),
    "w": _a(non_negative_mm, REQUIRED, "width"),
    "h": _a(non_negative_mm, REQUIRED, "height"),
}
_COMMON = {"name": _a(text, None, "a label used in error messages, e.g. name=\"challenge\"")}
_PAINT = {
    "fill": _a(colour_or_none, None, "fill colour #RRGGBB, or none"),
    "stroke": _a(colour_or_none, None, "outline colour #RRGGBB, or none"),
    "stroke-width": _a(pt, 0.75, "outline width (bare number: pt)"),
    "opacity": _a(fraction, 1.0, "0 (invisible) to 1 (opaque)"),
}

ELEMENTS: dict[str, dict[str, Attribute]] = {
    "rect": {
        **_BOX,
        **_PAINT,
        "radius": _a(non_negative_mm, 0.0, "corner radius"),
        **_COMMON,
    },
    "ellipse": {**_BOX, **_PAINT, **_COMMON},
    "line": {
        "x1": _a(mm, REQUIRED, "start x"),
        "y1": _a(mm, REQUIRED, "start y"),
        "x2": _a(mm, REQUIRED, "end x"),
        "y2": _a(mm, REQUIRED, "end y"),
        "stroke": _a(colour_or_none, parse_colour("#000000"), "line colour"),
        "stroke-width": _a(pt, 0.75, "line width (bare number: pt)"),
        "dash": _a(text, None, "dash pattern in pt, e.g. \"3 2\""),
        "opacity": _a(fraction, 1.0, "0 (invisible) to 1 (opaque)"),
        **_COMMON,
    },
    "text": {
        **_BOX,
        "font": _a(text, None, "font family (default: the brand's body font)"),
        "weight": _a(choice("normal", "bold"), "normal", "normal or bold"),
        "style": _a(choice("normal", "italic"), "normal", "normal or italic"),
        "size": _a(positive_pt, 10.0, "font size (bare number: pt)"),
        "min-size": _a(positive_pt, None, "shrink-to-fit limit; default: no shrinking"),
        "leading": _a(positive_number, 1.25, "line height as a multiple of the size"),
        "colour": _a(parse_colour, parse_colour("#000000"), "text colour"),
        "align": _a(choice("left", "center", "right", "justify"), "left", "horizontal"),
        "valign": _a(choice("top", "middle", "bottom"), "top", "vertical alignment"),
        "break-at": _a(text, "", "characters before which a word too long for the box may "
                       "break rather than shrink, e.g. \"@.\" for e-mail addresses"),
        "from": _a(source_path, None, "where the text comes from, e.g. client.note: a problem "
                   "with it is then reported at that file and line"),
        "hyphenate": _a(choice("none", *languages()), "none", "language whose hyphenation "
                        "may break long words at a line's end before the text shrinks"),
        "not-above": _a(text, "", "name of a text earlier on the face that this text is never "
                        "set larger than (a body beside its title)"),
        "balance": _a(flag, False, "true: no single word alone on the last line when moving "
                      "one more word down still fits (titles)"),
        "fit": _a(choice("deck", "card"), "deck", "deck: set at the size this text of every "
                  "card of the deck fits (with the deck's fit: deck); card: at the largest size "
                  "this card's text fits"),
        **_COMMON,
    },
    "image": {
        **_BOX,
        "src": _a(text, REQUIRED, "PNG, JPEG or SVG file; relative to the deck file"),
        "fit": _a(choice("contain", "cover"), "contain", "contain: whole image; cover: fill"),
        "colour": _a(parse_colour, None, "recolour a one-colour SVG icon"),
        "opacity": _a(fraction, 1.0, "0 (invisible) to 1 (opaque)"),
        **_COMMON,
    },
    "qr": {
        "x": _BOX["x"],
        "y": _BOX["y"],
        "size": _a(non_negative_mm, REQUIRED, "width and height of the code, quiet zone included"),
        "data": _a(text, REQUIRED, "text or URL to encode"),
        "from": _a(source_path, None, "where the data comes from, e.g. brand.booking_url"),
        "colour": _a(parse_colour, parse_colour("#000000"), "module colour"),
        "background": _a(colour_or_none, parse_colour("#FFFFFF"), "background, or none"),
        **_COMMON,
    },
}

SIDES = {
    "background": _a(colour_or_none, None, "colour filling the whole face, bleed included"),
}


@dataclass(frozen=True)
class Element:
    kind: str
    values: dict[str, Any]
    line: int | None = field(compare=False, repr=False)  # where it was, not what it is
    content: str = ""  # inline paragraph markup, for text elements

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def label(self) -> str:
        name = self.values.get("name")
        return f"<{self.kind} name=\"{name}\">" if name else f"<{self.kind}>"


@dataclass(frozen=True)
class Face:
    background: Color | None
    elements: list[Element] = field(default_factory=list)


@dataclass(frozen=True)
class Side:
    """One face as parsed XML, with a key that is equal for faces that draw the same.

    Turning the XML into elements is the costly part, so it waits until a face is known to be
    new: a deck's shared back is converted once, not once per card.
    """

    name: str
    node: Any = field(repr=False)
    key: str

    def face(self) -> Face:
        values = parse_attributes(self.node, SIDES)
        if len(self.node) > MAX_ELEMENTS:
            raise MarkupError(f"<{self.name}> has {len(self.node):,} elements, more than the "
                              f"{MAX_ELEMENTS:,} one face may have", self.node.sourceline,
                              "check the layout's loops; a card face needs a few dozen")
        return Face(values["background"], [_element(child) for child in self.node])


MAX_ELEMENTS = 2_000  # on one face; the built-in layouts draw about 30
MAX_TEXT_CHARACTERS = 20_000  # in one <text>: far more than a card shows at 7 pt


def parse_card(markup: str) -> tuple[Side, Side]:
    """Parse `<card><front>…</front><back>…</back></card>` into its two sides."""
    root = parse_xml(markup, "layout")
    if root.tag != "card":
        raise MarkupError(
            f"the markup must start with <card>, not <{root.tag}>", root.sourceline,
            "wrap the layout in <card><front>…</front><back>…</back></card>",
        )
    if root.attrib:
        raise MarkupError("<card> takes no attributes", root.sourceline)
    sides: dict[str, Side] = {}
    for child in root:
        if child.tag not in ("front", "back"):
            raise MarkupError(
                f"unknown element <{child.tag}> inside <card>",
                child.sourceline,
                did_you_mean(str(child.tag), ["front", "back"]),
            )
        if child.tag in sides:
            raise MarkupError(f"<card> has two <{child.tag}> elements", child.sourceline)
        stray = stray_text(child.text)
        if stray:
            raise MarkupError(f"text directly inside <{child.tag}>: '{stray}'", child.sourceline,
                              "put text in a <text x=… y=… w=… h=…> element")
        key = _side_key(child)
        sides[child.tag] = Side(child.tag, child, key)
    for side in ("front", "back"):
        if side not in sides:
            raise MarkupError(f"the markup has no <{side}>", root.sourceline)
    return sides["front"], sides["back"]


def _side_key(node: etree._Element) -> str:
    """Equal for sides whose markup is the same; runs of white space count as one space
    (text collapses them anyway)."""
    return hashlib.sha1(b" ".join(etree.tostring(node).split())).hexdigest()[:16]


def parse_faces(markup: str) -> tuple[Face, Face]:
    """Both faces as elements (for tests and tools that want them all)."""
    front, back = parse_card(markup)
    return front.face(), back.face()


def _element(node: etree._Element) -> Element:
    if not isinstance(node.tag, str):
        raise MarkupError("processing instructions are not allowed", node.sourceline)
    spec = ELEMENTS.get(node.tag)
    if spec is None:
        raise MarkupError(
            f"unknown element <{node.tag}>",
            node.sourceline,
            did_you_mean(str(node.tag), ELEMENTS),
        )
    values = parse_attributes(node, spec)
    stray = stray_text(node.tail)
    if stray:
        raise MarkupError(f"stray text after <{node.tag}>: '{stray}'", node.sourceline,
                          "put text in a <text> element")
    content = ""
    if node.tag == "text":
        content = inline_content(node, CARD_INLINE_TAGS)
        if len(content) > MAX_TEXT_CHARACTERS:
            raise MarkupError(f"<text> holds {len(content):,} characters, more than the "
                              f"{MAX_TEXT_CHARACTERS:,} a card can show", node.sourceline,
                              "check the layout's loops and the fields it prints")
    elif len(node) or (node.text or "").strip():
        raise MarkupError(f"<{node.tag}> must be empty", node.sourceline)
    return Element(node.tag, values, node.sourceline, content)
