"""Card markup: the small XML vocabulary templates produce, parsed into typed elements.

Coordinates are measured from the card's trim top-left corner, y pointing down. A bare number
is millimetres for positions and sizes, points for font sizes and stroke widths.
Every element and attribute is listed in `ELEMENTS`; anything else is an error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from reportlab.lib.colors import Color

from .errors import did_you_mean
from .units import parse_colour, parse_length


class MarkupError(ValueError):
    """Invalid markup; `line` is the line in the rendered markup (the build adds the template)."""

    def __init__(self, problem: str, line: int | None = None, hint: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.hint = hint


def _mm(value: str) -> float:
    return parse_length(value, "mm")


def _pt(value: str) -> float:
    return parse_length(value, "pt")


def _positive_pt(value: str) -> float:
    number = parse_length(value, "pt")
    if number <= 0:
        raise ValueError(f"'{value}' must be greater than zero")
    return number


def _non_negative_mm(value: str) -> float:
    number = parse_length(value, "mm")
    if number < 0:
        raise ValueError(f"'{value}' must not be negative")
    return number


def _colour_or_none(value: str) -> Color | None:
    return None if value.strip().lower() == "none" else parse_colour(value)


def _fraction(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError(f"'{value}' must be between 0 and 1")
    return number


def _positive_number(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError(f"'{value}' must be greater than zero")
    return number


def _choice(*options: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in options:
            raise ValueError(f"'{value}' is not one of: {', '.join(options)}")
        return value

    parse.options = options  # type: ignore[attr-defined]
    return parse


def _text(value: str) -> str:
    return value


REQUIRED = object()


@dataclass(frozen=True)
class Attribute:
    parse: Callable[[str], Any]
    default: Any
    doc: str


def _a(parse: Callable[[str], Any], default: Any, doc: str) -> Attribute:
    return Attribute(parse, default, doc)


_BOX = {
    "x": _a(_mm, REQUIRED, "left edge, from the trim's left edge"),
    "y": _a(_mm, REQUIRED, "top edge, from the trim's top edge (y grows downwards)"),
    "w": _a(_non_negative_mm, REQUIRED, "width"),
    "h": _a(_non_negative_mm, REQUIRED, "height"),
}
_COMMON = {"name": _a(_text, None, "a label used in error messages, e.g. name=\"challenge\"")}
_PAINT = {
    "fill": _a(_colour_or_none, None, "fill colour #RRGGBB, or none"),
    "stroke": _a(_colour_or_none, None, "outline colour #RRGGBB, or none"),
    "stroke-width": _a(_pt, 0.75, "outline width (bare number: pt)"),
    "opacity": _a(_fraction, 1.0, "0 (invisible) to 1 (opaque)"),
}

ELEMENTS: dict[str, dict[str, Attribute]] = {
    "rect": {
        **_BOX,
        **_PAINT,
        "radius": _a(_non_negative_mm, 0.0, "corner radius"),
        **_COMMON,
    },
    "ellipse": {**_BOX, **_PAINT, **_COMMON},
    "line": {
        "x1": _a(_mm, REQUIRED, "start x"),
        "y1": _a(_mm, REQUIRED, "start y"),
        "x2": _a(_mm, REQUIRED, "end x"),
        "y2": _a(_mm, REQUIRED, "end y"),
        "stroke": _a(_colour_or_none, parse_colour("#000000"), "line colour"),
        "stroke-width": _a(_pt, 0.75, "line width (bare number: pt)"),
        "dash": _a(_text, None, "dash pattern in pt, e.g. \"3 2\""),
        "opacity": _a(_fraction, 1.0, "0 (invisible) to 1 (opaque)"),
        **_COMMON,
    },
    "text": {
        **_BOX,
        "font": _a(_text, None, "font family (default: the brand's body font)"),
        "weight": _a(_choice("normal", "bold"), "normal", "normal or bold"),
        "style": _a(_choice("normal", "italic"), "normal", "normal or italic"),
        "size": _a(_positive_pt, 10.0, "font size (bare number: pt)"),
        "min-size": _a(_positive_pt, None, "shrink-to-fit limit; default: no shrinking"),
        "leading": _a(_positive_number, 1.25, "line height as a multiple of the size"),
        "colour": _a(parse_colour, parse_colour("#000000"), "text colour"),
        "align": _a(_choice("left", "center", "right", "justify"), "left", "horizontal"),
        "valign": _a(_choice("top", "middle", "bottom"), "top", "vertical alignment"),
        **_COMMON,
    },
    "image": {
        **_BOX,
        "src": _a(_text, REQUIRED, "PNG, JPEG or SVG file; relative to the deck file"),
        "fit": _a(_choice("contain", "cover"), "contain", "contain: whole image; cover: fill"),
        "colour": _a(parse_colour, None, "recolour a one-colour SVG icon"),
        "opacity": _a(_fraction, 1.0, "0 (invisible) to 1 (opaque)"),
        **_COMMON,
    },
    "qr": {
        "x": _BOX["x"],
        "y": _BOX["y"],
        "size": _a(_non_negative_mm, REQUIRED, "width and height of the code, quiet zone included"),
        "data": _a(_text, REQUIRED, "text or URL to encode"),
        "colour": _a(parse_colour, parse_colour("#000000"), "module colour"),
        "background": _a(_colour_or_none, parse_colour("#FFFFFF"), "background, or none"),
        **_COMMON,
    },
}

SIDES = {
    "background": _a(_colour_or_none, None, "colour filling the whole face, bleed included"),
}

INLINE_TAGS = {
    "b": set(),
    "i": set(),
    "u": set(),
    "br": set(),
    "font": {"color"},
    "sup": set(),
    "sub": set(),
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


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
)


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
        return Face(values["background"], [_element(child) for child in self.node])


def parse_card(markup: str) -> tuple[Side, Side]:
    """Parse `<card><front>…</front><back>…</back></card>` into its two sides."""
    try:
        root = etree.fromstring(markup.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise MarkupError(
            f"the layout produced invalid XML: {error.msg}",
            line,
            "check for an unclosed tag or a stray '<' or '&' in the template",
        ) from None
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
        if (child.text or "").strip():
            raise MarkupError(
                f"text directly inside <{child.tag}>: '{child.text.strip()[:40]}'",
                child.sourceline,
                "put text in a <text x=… y=… w=… h=…> element",
            )
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
    if (node.tail or "").strip():
        raise MarkupError(
            f"stray text after <{node.tag}>: '{node.tail.strip()[:40]}'",
            node.sourceline,
            "put text in a <text> element",
        )
    content = ""
    if node.tag == "text":
        content = _inline_content(node)
    elif len(node) or (node.text or "").strip():
        raise MarkupError(f"<{node.tag}> must be empty", node.sourceline)
    return Element(node.tag, values, node.sourceline, content)


def parse_attributes(node: etree._Element, spec: dict[str, Attribute]) -> dict[str, Any]:
    """An element's attributes parsed by `spec`: unknown, missing and bad values are errors
    naming the element and its line. Card and worksheet markup share it."""
    values: dict[str, Any] = {}
    for key, raw in node.attrib.items():
        attribute = spec.get(key)
        if attribute is None:
            hint = did_you_mean(str(key), spec)
            raise MarkupError(f"<{node.tag}> has no attribute '{key}'", node.sourceline, hint)
        try:
            values[key] = attribute.parse(raw)
        except ValueError as error:
            raise MarkupError(
                f"<{node.tag}> attribute {key}=\"{raw}\": {error}", node.sourceline
            ) from None
    for key, attribute in spec.items():
        if key not in values:
            if attribute.default is REQUIRED:
                raise MarkupError(
                    f"<{node.tag}> needs the attribute '{key}' ({attribute.doc})", node.sourceline
                )
            values[key] = attribute.default
    return values


def _inline_content(node: etree._Element) -> str:
    for child in node.iter():
        if child is node:
            continue
        if not isinstance(child.tag, str):
            raise MarkupError("only text and inline tags are allowed in <text>", child.sourceline)
        allowed = INLINE_TAGS.get(child.tag)
        if allowed is None:
            raise MarkupError(
                f"<{child.tag}> is not allowed inside <text>",
                child.sourceline,
                "inline tags: " + ", ".join(f"<{tag}>" for tag in INLINE_TAGS),
            )
        for key, raw in child.attrib.items():
            if key not in allowed:
                raise MarkupError(f"<{child.tag}> inside <text> has no attribute '{key}'",
                                  child.sourceline)
            if key == "color":
                try:
                    parse_colour(raw)
                except ValueError as error:
                    raise MarkupError(f"<font color=\"{raw}\">: {error}",
                                      child.sourceline) from None
    inner = etree.tostring(node, encoding="unicode", with_tail=False)
    start = inner.index(">") + 1
    end = inner.rindex("<")
    return inner[start:end].strip() if not inner.endswith("/>") else ""
