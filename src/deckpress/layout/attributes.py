"""What card markup and worksheet flow markup share: safe XML parsing, typed attributes (each
with a parser, a default and a line of documentation), inline text, and errors that name the
markup line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree
from reportlab.lib.colors import Color

from ..colours import parse_colour
from ..errors import did_you_mean
from ..source.icons import NAME
from ..units import parse_length

SNIPPET_LENGTH = 100


class MarkupError(ValueError):
    """Invalid markup; `line` is the line in the rendered markup (the caller adds the template
    and, with `snippet`, the line itself)."""

    def __init__(self, problem: str, line: int | None = None, hint: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.hint = hint

    def snippet(self, markup: str) -> str:
        """The offending markup line, to append to a message: `\\n  markup line 3: <text …`."""
        lines = markup.splitlines()
        if not self.line or not 0 < self.line <= len(lines):
            return ""
        return f"\n  markup line {self.line}: {lines[self.line - 1].strip()[:SNIPPET_LENGTH]}"


# Entities are never expanded and nothing is fetched: templates render user data, and XML
# entities are a classic way to read files or blow up memory.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
)


def parse_xml(markup: str, producer: str) -> etree._Element:
    """The root element; a syntax error is a MarkupError saying what produced the markup."""
    try:
        return etree.fromstring(markup.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as error:
        raise MarkupError(
            f"the {producer} produced invalid XML: {error.msg}",
            error.lineno or None,
            "check for an unclosed tag or a stray '<' or '&' in the template",
        ) from None


REQUIRED = object()


@dataclass(frozen=True)
class Attribute:
    parse: Callable[[str], Any]
    default: Any
    doc: str


def attribute(parse: Callable[[str], Any], default: Any, doc: str) -> Attribute:
    return Attribute(parse, default, doc)


# --- attribute value parsers: each raises ValueError with what is wrong -------------------


def mm(value: str) -> float:
    """A length; a bare number is millimetres."""
    return parse_length(value, "mm")


def pt(value: str) -> float:
    """A length; a bare number is points."""
    return parse_length(value, "pt")


def length_at_least(unit: str, minimum: float, problem: str,
                    equal_allowed: bool = True) -> Callable[[str], float]:
    """A parser of lengths (a bare number in `unit`) refusing those under `minimum` (or equal
    to it, unless `equal_allowed`) as "'VALUE' `problem`"."""

    def parse(value: str) -> float:
        number = parse_length(value, unit)
        if number < minimum - 1e-6 or (not equal_allowed and number <= minimum):
            raise ValueError(f"'{value}' {problem}")
        return number

    return parse


positive_pt = length_at_least("pt", 0, "must be greater than zero", equal_allowed=False)
positive_mm = length_at_least("mm", 0, "must be greater than zero", equal_allowed=False)
non_negative_mm = length_at_least("mm", 0, "must not be negative")


def colour_or_none(value: str) -> Color | None:
    return None if value.strip().lower() == "none" else parse_colour(value)


def fraction(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:  # nan too
        raise ValueError(f"'{value}' must be between 0 and 1")
    return number


MAX_FACTOR = 100.0  # a line spacing or scale factor beyond this is a mistake


def positive_number(value: str) -> float:
    number = float(value)
    if not 0 < number <= MAX_FACTOR:  # nan and inf too
        raise ValueError(f"'{value}' must be a number greater than zero and at most "
                         f"{MAX_FACTOR:g}")
    return number


def whole_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a whole number") from None


def count(low: int, high: int) -> Callable[[str], int]:
    """A whole number from `low` to `high`."""

    def parse(value: str) -> int:
        number = whole_number(value)
        if not low <= number <= high:
            raise ValueError(f"'{value}' must be from {low} to {high}")
        return number

    return parse


def flag(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError(f"'{value}' is not true or false")
    return value == "true"


def choice(*options: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in options:
            raise ValueError(f"'{value}' is not one of: {', '.join(options)}")
        return value

    parse.options = options  # type: ignore[attr-defined]  # read by the docs test
    return parse


def text(value: str) -> str:
    return value


# --- elements ----------------------------------------------------------------------------


def parse_attributes(node: etree._Element, spec: dict[str, Attribute]) -> dict[str, Any]:
    """An element's attributes parsed by `spec`: unknown, missing and bad values are errors
    naming the element and its line."""
    values: dict[str, Any] = {}
    for key, raw in node.attrib.items():
        name = str(key)
        found = spec.get(name)
        if found is None:
            raise MarkupError(f"<{node.tag}> has no attribute '{name}'", node.sourceline,
                              did_you_mean(name, spec))
        try:
            values[name] = found.parse(str(raw))
        except ValueError as error:
            raise MarkupError(
                f"<{node.tag}> attribute {name}=\"{raw}\": {error}", node.sourceline
            ) from None
    for name, found in spec.items():
        if name not in values:
            if found.default is REQUIRED:
                raise MarkupError(
                    f"<{node.tag}> needs the attribute '{name}' ({found.doc})", node.sourceline
                )
            values[name] = found.default
    return values


# Inline tags inside text: ReportLab's paragraph markup, and the attributes each may carry.
INLINE_TAGS: dict[str, set[str]] = {
    "b": set(),
    "i": set(),
    "u": set(),
    "br": set(),
    "font": {"color"},
    "sup": set(),
    "sub": set(),
}
# Card text also draws icons: <icon name="phone"/>, what `:phone:` in card text becomes.
CARD_INLINE_TAGS: dict[str, set[str]] = {**INLINE_TAGS, "icon": {"name"}}


def inline_content(node: etree._Element, tags: dict[str, set[str]] = INLINE_TAGS) -> str:
    """The inline markup inside `node` (text and `tags` only), as one string."""
    for child in node.iter():
        if child is node:
            continue
        if not isinstance(child.tag, str):
            raise MarkupError(f"only text and inline tags are allowed in <{node.tag}>",
                              child.sourceline)
        allowed = tags.get(child.tag)
        if allowed is None:
            raise MarkupError(
                f"<{child.tag}> is not allowed inside <{node.tag}>",
                child.sourceline,
                "inline tags: " + ", ".join(f"<{tag}>" for tag in tags),
            )
        if child.tag == "icon":
            _check_icon(child)
        for key, raw in child.attrib.items():
            if key not in allowed:
                raise MarkupError(f"<{child.tag}> inside <{node.tag}> has no attribute '{key}'",
                                  child.sourceline)
            if key == "color":
                try:
                    parse_colour(str(raw))
                except ValueError as error:
                    raise MarkupError(f"<font color=\"{raw}\">: {error}",
                                      child.sourceline) from None
    inner = etree.tostring(node, encoding="unicode", with_tail=False)
    start = inner.index(">") + 1
    end = inner.rindex("<")
    return inner[start:end].strip() if not inner.endswith("/>") else ""


def _check_icon(node: etree._Element) -> None:
    """An <icon> names an icon and holds nothing (which icons exist is known when drawing)."""
    name = str(node.get("name", ""))
    if not NAME.fullmatch(name):
        raise MarkupError(f"<icon name=\"{name}\">: an icon's name is a lower-case letter "
                          "followed by lower-case letters, digits or hyphens", node.sourceline,
                          "write it like <icon name=\"phone\"/>")
    if len(node) or (node.text or "").strip():
        raise MarkupError("<icon> must be empty", node.sourceline,
                          "write it like <icon name=\"phone\"/>")


def stray_text(text: str | None) -> str | None:
    """Text left between elements (not white space), cut short for a message."""
    stripped = (text or "").strip()
    return stripped[:40] if stripped else None
