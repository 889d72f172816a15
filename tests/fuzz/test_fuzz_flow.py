"""Fuzzing the worksheet flow parser: whatever a worksheet template renders, parsing it either
works or raises MarkupError (which the worksheets turn into a DeckError naming the template)."""

from __future__ import annotations

import math

from fuzz_support import (
    attributes,
    budget,
    escape_text,
    expect_only,
    hostile_text,
    inline,
    markup_soup,
    numbers,
    rarely,
)
from hypothesis import given
from hypothesis import strategies as st

from deckpress.layout.attributes import INLINE_TAGS, MarkupError
from deckpress.worksheets.flow import BLOCKS, CONTENT, ELEMENTS, field_names, parse_worksheet

TAGS = tuple(ELEMENTS)


def allowed_children(tag: str) -> tuple[str, ...]:
    content = CONTENT[tag]
    if content == "blocks":
        return BLOCKS
    return (content,) if content and content != "inline" else ()


@st.composite
def node(draw: st.DrawFn, tag: str, depth: int, hostile: bool) -> str:
    """An element and what it may hold (now and then something it may not), nesting down to
    `depth`; `hostile`: attribute values that may be refused."""
    attrs = draw(attributes(ELEMENTS[tag], None if hostile else -1))
    content = CONTENT[tag]
    if content == "inline":
        body = draw(inline(tuple(INLINE_TAGS)))
    else:
        children = allowed_children(tag)
        if rarely(draw, 12):
            children = TAGS
        count = draw(st.integers(0, 4)) if children and depth > 0 else 0
        body = "".join(draw(node(draw(st.sampled_from(children)), depth - 1, hostile))
                       for _ in range(count))
        if rarely(draw, 15):
            body += escape_text(draw(hostile_text))
    return f"<{tag}{attrs}>{body}</{tag}>\n"


@st.composite
def worksheet_markup(draw: st.DrawFn) -> str:
    hostile = draw(st.booleans())
    markup = draw(node("worksheet", draw(st.integers(1, 4)), hostile))
    if rarely(draw, 20):
        markup = markup.replace("worksheet", draw(st.sampled_from(("sheet", "card", "b"))))
    return markup


def walk(root):
    yield root
    for child in root.children:
        yield from walk(child)


@budget()
@given(markup=st.one_of(st.text(), markup_soup))
def test_parse_worksheet_takes_any_text(markup):
    expect_only((MarkupError,), lambda: parse_worksheet(markup))


@budget()
@given(markup=worksheet_markup())
def test_parse_worksheet_takes_generated_sheets(markup):
    """Trees of blocks, tables, rows, cells, fields and scales with random attribute values
    (nan, inf, 1e309, -0, empty, huge, field names in other scripts): parsed, or a
    MarkupError."""
    root = expect_only((MarkupError,), lambda: parse_worksheet(markup))
    if root is not None:
        field_names(root)  # what the fillable PDF names its fields by


@budget()
@given(markup=worksheet_markup())
def test_parsed_worksheets_hold_only_finite_numbers(markup):
    """What the parser accepts goes to the page layout: no NaN or infinity as a size, spacing,
    width or height."""
    root = expect_only((MarkupError,), lambda: parse_worksheet(markup))
    if root is None:
        return
    for item in walk(root):
        for name, value in item.values.items():
            for number in numbers(value):
                assert math.isfinite(number), f"<{item.kind}> {name}={number!r}"
