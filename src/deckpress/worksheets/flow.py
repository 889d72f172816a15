"""Flow markup: the small XML vocabulary worksheet templates produce, parsed into typed blocks.

A worksheet is a column of blocks that flows down the page and onto the next (headings,
paragraphs, write-in lines, tick-box scales, tables whose header rows repeat). Every element
and attribute is listed in `ELEMENTS`; anything else is an error naming the markup line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..errors import did_you_mean
from ..layout.attributes import (
    INLINE_TAGS,
    REQUIRED,
    Attribute,
    MarkupError,
    attribute,
    choice,
    count,
    flag,
    inline_content,
    length_at_least,
    parse_attributes,
    parse_xml,
    positive_mm,
    stray_text,
    text,
    whole_number,
)
from ..units import parse_length

_a = attribute  # short: the tables below use it on every line
MIN_LINE_GAP = parse_length("8mm")  # room for handwriting
FIELD_NAME_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


_line_gap = length_at_least("mm", MIN_LINE_GAP,
                            "leaves too little room for handwriting; use at least 8 mm")
_size = length_at_least("pt", 9, "is too small to read at arm's length; use 9 pt or more")


MAX_ELEMENTS = 50_000  # in one worksheet
MAX_BOXES = 101  # tick boxes on one scale: 0 to 100 is the most a line holds
MAX_INLINE = 20_000  # characters in one heading, paragraph or cell: more than a page holds


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
    widths = tuple(None if part == "*" else positive_mm(part) for part in value.split())
    if not widths:
        raise ValueError("give at least one width")
    return widths


_NAME = _a(_field_name, REQUIRED, "field name, unique in the document (fillable PDFs)")
_LABEL = _a(text, "", "label printed with it")

# element -> (attributes, what it may contain: "inline", "blocks", an element name, or "")
ELEMENTS: dict[str, dict[str, Attribute]] = {
    "worksheet": {"title": _a(text, REQUIRED, "sheet title, shown in the page header")},
    "heading": {"level": _a(count(1, 2), 1, "1 (section) or 2 (sub-section)")},
    "paragraph": {
        "size": _a(_size, 10.0, "font size (bare number: pt; at least 9)"),
        "style": _a(choice("body", "note"), "body", "body, or note (muted, italic)"),
        "align": _a(choice("left", "center"), "left", "left or center"),
    },
    "lines": {
        "name": _NAME,
        "label": _LABEL,
        "count": _a(count(1, 40), 1, "how many lines"),
        "spacing": _a(_line_gap, parse_length("9mm"), "distance between lines (at least 8 mm)"),
    },
    "notes": {
        "name": _NAME,
        "label": _LABEL,
        "spacing": _a(_line_gap, parse_length("9mm"), "distance between lines (at least 8 mm)"),
        "least": _a(positive_mm, parse_length("30mm"), "less room left than this stays blank"),
    },
    "fields": {},
    "field": {
        "name": _NAME,
        "label": _LABEL,
        "value": _a(text, None, "printed answer: the line shows this text, no field"),
        "width": _a(count(1, 12), 1, "share of the row's width"),
    },
    "scale": {
        "name": _NAME,
        "label": _LABEL,
        "from": _a(whole_number, 0, "first number"),
        "to": _a(whole_number, 10, "last number"),
        "step": _a(count(1, 1000), 1, "step between boxes"),
        "suffix": _a(text, "", "printed after each number, e.g. %"),
        "low": _a(text, "", "words under the first box"),
        "high": _a(text, "", "words under the last box"),
        "numbers": _a(flag, True, "false: no numbers over the boxes (a scale right under "
                      "another with the same numbers)"),
    },
    "choices": {
        "name": _NAME,
        "label": _LABEL,
        "options": _a(_options, REQUIRED, "options separated by |"),
    },
    "table": {
        "widths": _a(_widths, REQUIRED, "column widths (mm) or * for a share of the rest"),
        "row-height": _a(positive_mm, parse_length("9mm"), "minimum height of a body row"),
        "stripes": _a(flag, True, "true: every other body row lightly tinted"),
    },
    "row": {"header": _a(flag, False, "true: a header row, repeated on every page")},
    "cell": {
        "write": _a(_field_name, None, "a write-in cell: the field's name"),
        "tick": _a(_field_name, None, "a tick-box cell: the box's name"),
        "align": _a(choice("left", "center"), "left", "left or center"),
    },
    "calendar": {
        "name": _NAME,
        "days": _a(count(1, 366), 30, "number of days"),
        "columns": _a(count(1, 14), 7, "days per row"),
    },
    "block": {},
    "columns": {
        "widths": _a(_widths, REQUIRED, "column widths (mm) or * for a share of the rest"),
        "gap": _a(positive_mm, parse_length("6mm"), "room between the columns"),
    },
    "column": {},
    "rule": {},
    "space": {"h": _a(positive_mm, REQUIRED, "height")},
    "pagebreak": {},
}

CONTENT: dict[str, str] = {
    "worksheet": "blocks", "heading": "inline", "paragraph": "inline", "lines": "",
    "fields": "field", "field": "", "scale": "", "choices": "", "table": "row", "row": "cell",
    "cell": "inline", "calendar": "", "block": "blocks", "columns": "column",
    "column": "blocks", "rule": "", "space": "", "pagebreak": "", "notes": "",
}
BLOCKS = ("heading", "paragraph", "lines", "fields", "scale", "choices", "table", "calendar",
          "block", "columns", "rule", "space", "pagebreak")
SHEET_ONLY = ("notes",)  # blocks that stand directly in <worksheet> only


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


def parse_worksheet(markup: str) -> Node:
    """Parse `<worksheet title="…">…</worksheet>`; a MarkupError names the markup line."""
    root = parse_xml(markup, "worksheet template")
    if root.tag != "worksheet":
        raise MarkupError(f"the markup must start with <worksheet>, not <{root.tag}>",
                          root.sourceline, 'wrap the template in <worksheet title="…">')
    elements = sum(1 for _ in root.iter())
    if elements > MAX_ELEMENTS:
        raise MarkupError(f"the worksheet has {elements:,} elements, more than the "
                          f"{MAX_ELEMENTS:,} deckpress lays out", root.sourceline,
                          "check the template's loops; the log of a 1,000-card deck needs "
                          "about 10,000")
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
    _check_place(tag, parent, element.sourceline)
    values = parse_attributes(element, spec)
    _check_values(tag, values, element.sourceline)
    content = CONTENT[tag]
    if content == "inline":
        text = inline_content(element)
        if len(text) > MAX_INLINE:
            raise MarkupError(f"<{tag}> holds {len(text):,} characters, more than the "
                              f"{MAX_INLINE:,} a page can show", element.sourceline,
                              "check the template's loops and the text it prints")
        return Node(tag, values, element.sourceline, text)
    stray = stray_text(element.text)
    if stray:
        raise MarkupError(f"text directly inside <{tag}>: '{stray}'", element.sourceline,
                          _allowed_hint(tag))
    children = []
    for child in element:
        stray = stray_text(child.tail)
        if stray:
            raise MarkupError(f"stray text after <{child.tag}>: '{stray}'", child.sourceline,
                              "put text in a <paragraph>")
        children.append(_node(child, tag))
    return Node(tag, values, element.sourceline, "", tuple(children))


def _check_place(tag: str, parent: str | None, line: int | None) -> None:
    """The element may stand inside its parent (<notes> only directly in <worksheet>: it
    fills what is left of a page)."""
    if tag in SHEET_ONLY and parent == "worksheet":
        return
    if tag in SHEET_ONLY:
        raise MarkupError(f"<{tag}> cannot be inside <{parent}>", line,
                          f"put <{tag}> directly inside <worksheet>, between blocks")
    allowed = CONTENT[parent] if parent else "worksheet"
    if (allowed == "blocks" and tag not in BLOCKS) or (allowed not in ("blocks", tag)):
        raise MarkupError(f"<{tag}> cannot be inside <{parent}>", line,
                          _allowed_hint(parent) if parent else None)


def _check_values(tag: str, values: dict[str, Any], line: int | None) -> None:
    """What the attributes of one element say together."""
    if tag == "cell" and values["write"] and values["tick"]:
        raise MarkupError("a <cell> is either write=… or tick=…, not both", line)
    if tag == "scale" and values["to"] <= values["from"]:
        raise MarkupError("<scale> needs to= greater than from=", line)
    if tag == "scale" and (values["to"] - values["from"]) // values["step"] + 1 > MAX_BOXES:
        raise MarkupError(f"<scale> would have more than {MAX_BOXES} boxes, more than a line "
                          "of a page can hold", line,
                          "use a larger step=, e.g. from=\"0\" to=\"100\" step=\"10\"")


def _allowed_hint(parent: str) -> str:
    allowed = CONTENT[parent]
    if allowed == "blocks":
        return f"<{parent}> holds " + ", ".join(f"<{tag}>" for tag in BLOCKS)
    if allowed == "inline":
        return f"<{parent}> holds text with " + ", ".join(f"<{tag}>" for tag in INLINE_TAGS)
    if allowed:
        return f"<{parent}> holds <{allowed}> elements only"
    return f"<{parent}> must be empty"


def field_names(node: Node, day_dates: bool = False) -> list[tuple[str, Node]]:
    """Every field name the node claims, with the node; generated names included.
    `day_dates`: a calendar's days have a line for their date (no start date was given)."""
    names: list[tuple[str, Node]] = []
    values = node.values
    if (node.kind == "field" and values["value"] is None) or \
            node.kind in ("lines", "scale", "choices", "notes"):
        names.append((values["name"], node))
    elif node.kind == "cell":
        name = values["write"] or values["tick"]
        if name:
            names.append((name, node))
    elif node.kind == "calendar":
        names += [(f"{values['name']}.{day}", node) for day in range(1, values["days"] + 1)]
        names += [(f"{values['name']}.{day}.{part}", node) for day in range(1, values["days"] + 1)
                  for part in ("asks", "noes", *(("date",) if day_dates else ()))]
    for child in node.children:
        names += field_names(child, day_dates)
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
