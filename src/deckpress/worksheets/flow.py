"""Flow markup: the small XML vocabulary worksheet templates produce, parsed into typed blocks.

A worksheet is a column of blocks that flows down the page and onto the next (headings,
paragraphs, write-in lines, tick-box scales, tables whose header rows repeat). Every element
and attribute is listed in `ELEMENTS`; anything else is an error naming the markup line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..errors import did_you_mean
from ..markup import (
    INLINE_TAGS,
    REQUIRED,
    Attribute,
    MarkupError,
    _choice,
    _inline_content,
    parse_attributes,
)
from ..units import parse_length

MIN_LINE_GAP = parse_length("8mm")  # room for handwriting
FIELD_NAME_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def _mm(value: str) -> float:
    number = parse_length(value, "mm")
    if number <= 0:
        raise ValueError(f"'{value}' must be greater than zero")
    return number


def _line_gap(value: str) -> float:
    number = parse_length(value, "mm")
    if number < MIN_LINE_GAP - 1e-6:
        raise ValueError(f"'{value}' leaves too little room for handwriting; use at least 8 mm")
    return number


def _size(value: str) -> float:
    number = parse_length(value, "pt")
    if number < 9:
        raise ValueError(f"'{value}' is too small to read at arm's length; use 9 pt or more")
    return number


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a whole number") from None
        if not low <= number <= high:
            raise ValueError(f"'{value}' must be from {low} to {high}")
        return number

    return parse


def _number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a whole number") from None


def _flag(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError(f"'{value}' is not true or false")
    return value == "true"


def _field_name(value: str) -> str:
    bad = next((char for char in value if char not in FIELD_NAME_CHARS), None)
    if not value or bad is not None:
        raise ValueError(f"'{value}' is not a field name; use letters, digits, '.', '_' and '-'")
    return value


def _options(value: str) -> tuple[str, ...]:
    options = tuple(part.strip() for part in value.split("|"))
    if not all(options):
        raise ValueError(f"'{value}' has an empty option; separate options with |")
    return options


def _widths(value: str) -> tuple[float | None, ...]:
    """Column widths: lengths, and `*` for columns that share what is left."""
    widths = tuple(None if part == "*" else _mm(part) for part in value.split())
    if not widths:
        raise ValueError("give at least one width")
    return widths


def _text(value: str) -> str:
    return value


def _a(parse: Callable[[str], Any], default: Any, doc: str) -> Attribute:
    return Attribute(parse, default, doc)


_NAME = _a(_field_name, REQUIRED, "field name, unique in the document (fillable PDFs)")
_LABEL = _a(_text, "", "label printed with it")

# element -> (attributes, what it may contain: "inline", "blocks", an element name, or "")
ELEMENTS: dict[str, dict[str, Attribute]] = {
    "worksheet": {"title": _a(_text, REQUIRED, "sheet title, shown in the page header")},
    "heading": {"level": _a(_count(1, 2), 1, "1 (section) or 2 (sub-section)")},
    "paragraph": {
        "size": _a(_size, 10.0, "font size (bare number: pt; at least 9)"),
        "style": _a(_choice("body", "note"), "body", "body, or note (muted, italic)"),
        "align": _a(_choice("left", "center"), "left", "left or center"),
    },
    "lines": {
        "name": _NAME,
        "label": _LABEL,
        "count": _a(_count(1, 40), 1, "how many lines"),
        "spacing": _a(_line_gap, parse_length("9mm"), "distance between lines (at least 8 mm)"),
    },
    "fields": {},
    "field": {
        "name": _NAME,
        "label": _LABEL,
        "value": _a(_text, None, "printed answer: the line shows this text, no field"),
        "width": _a(_count(1, 12), 1, "share of the row's width"),
    },
    "scale": {
        "name": _NAME,
        "label": _LABEL,
        "from": _a(_number, 0, "first number"),
        "to": _a(_number, 10, "last number"),
        "step": _a(_count(1, 1000), 1, "step between boxes"),
        "suffix": _a(_text, "", "printed after each number, e.g. %"),
        "low": _a(_text, "", "words under the first box"),
        "high": _a(_text, "", "words under the last box"),
    },
    "choices": {
        "name": _NAME,
        "label": _LABEL,
        "options": _a(_options, REQUIRED, "options separated by |"),
    },
    "table": {
        "widths": _a(_widths, REQUIRED, "column widths (mm) or * for a share of the rest"),
        "row-height": _a(_mm, parse_length("9mm"), "minimum height of a body row"),
        "stripes": _a(_flag, True, "true: every other body row lightly tinted"),
    },
    "row": {"header": _a(_flag, False, "true: a header row, repeated on every page")},
    "cell": {
        "write": _a(_field_name, None, "a write-in cell: the field's name"),
        "tick": _a(_field_name, None, "a tick-box cell: the box's name"),
        "align": _a(_choice("left", "center"), "left", "left or center"),
    },
    "calendar": {
        "name": _NAME,
        "days": _a(_count(1, 366), 30, "number of days"),
        "columns": _a(_count(1, 14), 7, "days per row"),
    },
    "block": {},
    "rule": {},
    "space": {"h": _a(_mm, REQUIRED, "height")},
    "pagebreak": {},
}

CONTENT: dict[str, str] = {
    "worksheet": "blocks", "heading": "inline", "paragraph": "inline", "lines": "",
    "fields": "field", "field": "", "scale": "", "choices": "", "table": "row", "row": "cell",
    "cell": "inline", "calendar": "", "block": "blocks", "rule": "", "space": "",
    "pagebreak": "",
}
BLOCKS = ("heading", "paragraph", "lines", "fields", "scale", "choices", "table", "calendar",
          "block", "rule", "space", "pagebreak")


@dataclass(frozen=True)
class Node:
    """One element: its typed attributes, inline text (if any) and children."""

    kind: str
    values: dict[str, Any]
    line: int | None = field(compare=False, repr=False)
    text: str = ""
    children: tuple[Node, ...] = ()

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
)


def parse_worksheet(markup: str) -> Node:
    """Parse `<worksheet title="…">…</worksheet>`; a MarkupError names the markup line."""
    try:
        root = etree.fromstring(markup.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as error:
        raise MarkupError(
            f"the worksheet template produced invalid XML: {error.msg}",
            error.lineno or None,
            "check for an unclosed tag or a stray '<' or '&' in the template",
        ) from None
    if root.tag != "worksheet":
        raise MarkupError(f"the markup must start with <worksheet>, not <{root.tag}>",
                          root.sourceline, 'wrap the template in <worksheet title="…">')
    node = _node(root, None)
    _check_unique_names(node)
    return node


def _node(element: etree._Element, parent: str | None) -> Node:
    if not isinstance(element.tag, str):
        raise MarkupError("processing instructions are not allowed", element.sourceline)
    tag = element.tag
    spec = ELEMENTS.get(tag)
    if spec is None or tag in INLINE_TAGS:
        raise MarkupError(f"unknown element <{tag}>", element.sourceline,
                          did_you_mean(str(tag), ELEMENTS))
    allowed = CONTENT[parent] if parent else "worksheet"
    if (allowed == "blocks" and tag not in BLOCKS) or (allowed not in ("blocks", tag)):
        raise MarkupError(f"<{tag}> cannot be inside <{parent}>", element.sourceline,
                          _allowed_hint(parent))
    values = parse_attributes(element, spec)
    if tag == "cell" and values["write"] and values["tick"]:
        raise MarkupError("a <cell> is either write=… or tick=…, not both", element.sourceline)
    if tag == "scale" and values["to"] <= values["from"]:
        raise MarkupError("<scale> needs to= greater than from=", element.sourceline)
    content = CONTENT[tag]
    if content == "inline":
        return Node(tag, values, element.sourceline, _inline_content(element))
    if (element.text or "").strip():
        raise MarkupError(f"text directly inside <{tag}>: '{element.text.strip()[:40]}'",
                          element.sourceline, _allowed_hint(tag))
    children = []
    for child in element:
        if (child.tail or "").strip():
            raise MarkupError(f"stray text after <{child.tag}>: '{child.tail.strip()[:40]}'",
                              child.sourceline, "put text in a <paragraph>")
        children.append(_node(child, tag))
    return Node(tag, values, element.sourceline, "", tuple(children))


def _allowed_hint(parent: str) -> str:
    allowed = CONTENT[parent]
    if allowed == "blocks":
        return f"<{parent}> holds " + ", ".join(f"<{tag}>" for tag in BLOCKS)
    if allowed == "inline":
        return f"<{parent}> holds text with " + ", ".join(f"<{tag}>" for tag in INLINE_TAGS)
    if allowed:
        return f"<{parent}> holds <{allowed}> elements only"
    return f"<{parent}> must be empty"


def field_names(node: Node) -> list[tuple[str, Node]]:
    """Every field name the node claims, with the node; generated names included."""
    names: list[tuple[str, Node]] = []
    values = node.values
    if node.kind == "lines":
        names += [(f"{values['name']}.{i}", node) for i in range(1, values["count"] + 1)]
    elif (node.kind == "field" and values["value"] is None) or node.kind in ("scale", "choices"):
        names.append((values["name"], node))
    elif node.kind == "cell":
        name = values["write"] or values["tick"]
        if name:
            names.append((name, node))
    elif node.kind == "calendar":
        names += [(f"{values['name']}.{day}", node) for day in range(1, values["days"] + 1)]
        names += [(f"{values['name']}.{day}.{part}", node) for day in range(1, values["days"] + 1)
                  for part in ("asks", "noes")]
    for child in node.children:
        names += field_names(child)
    return names


def _check_unique_names(root: Node) -> None:
    seen: dict[str, Node] = {}
    for name, node in field_names(root):
        if name in seen:
            raise MarkupError(
                f"the field name '{name}' is used twice (first on markup line "
                f"{seen[name].line})", node.line,
                "every write-in, box and scale needs its own name, e.g. add the card id or "
                "loop.index to it")
        seen[name] = node
