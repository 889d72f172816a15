"""Fuzzing the card markup parser: whatever a layout renders, parsing it into faces either works
or raises MarkupError (which the build turns into a DeckError naming layout and line)."""

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
from deckpress.layout.markup import ELEMENTS, SIDES, parse_faces

TAGS = tuple(ELEMENTS)
ODD_TAGS = ("svg", "script", "b", "front", "card", "g", "Rect", "text ")


@st.composite
def element(draw: st.DrawFn, hostile: int | None) -> str:
    tag = draw(st.sampled_from(ODD_TAGS)) if rarely(draw, 15) else draw(st.sampled_from(TAGS))
    tag = tag.strip() or "x"
    attrs = draw(attributes(ELEMENTS.get(tag, {}), hostile))
    tail = escape_text(draw(hostile_text)) if rarely(draw, 10) else "\n"
    if tag == "text" or rarely(draw, 10):
        return f"<{tag}{attrs}>{draw(inline(tuple(INLINE_TAGS)))}</{tag}>{tail}"
    return f"<{tag}{attrs}/>{tail}"


@st.composite
def side(draw: st.DrawFn, name: str, hostile: int | None) -> str:
    """A side; with `hostile` 0, sane values but for one attribute of one element."""
    attrs = draw(attributes(SIDES, hostile))
    count = draw(st.integers(0, 5))
    chosen = draw(st.integers(0, max(0, count - 1)))
    children = "".join(draw(element(1 if hostile == 0 and index == chosen else hostile))
                       for index in range(count))
    return f"<{name}{attrs}>\n{children}</{name}>\n"


@st.composite
def card_markup(draw: st.DrawFn) -> str:
    """A card, mostly well formed: both sides, elements of every kind with sane values and
    hostile ones (just one in the whole card, or up to two an element); sometimes a side
    missing, doubled or swapped, or text where it may not be."""
    one = draw(st.booleans())
    front = draw(side("front", 0 if one else None))
    back = draw(side("back", -1 if one else None))  # -1: no hostile value at all
    sides = [front, back]
    change = draw(st.integers(0, 11))
    if change == 9:
        sides = sides[:1]
    elif change == 10:
        sides = sides + sides[:1]
    elif change == 11:
        sides.reverse()
    root = draw(st.sampled_from(("cards", "front"))) if rarely(draw, 20) else "card"
    prefix = draw(st.sampled_from(("", "", "", '<?xml version="1.0"?>\n', "<!-- c -->",
                                   "\ufeff", "<!DOCTYPE card>")))
    return f"{prefix}<{root}>\n{''.join(sides)}</{root}>"


@budget()
@given(markup=st.one_of(st.text(), markup_soup))
def test_parse_faces_takes_any_text(markup):
    expect_only((MarkupError,), lambda: parse_faces(markup))


@budget()
@given(markup=card_markup())
def test_parse_faces_takes_generated_cards(markup):
    """Element trees with random attribute values (nan, inf, 1e309, -0, empty, huge digit
    strings, other scripts' digits, odd units): parsed, or a MarkupError."""
    expect_only((MarkupError,), lambda: parse_faces(markup))


@budget()
@given(markup=card_markup())
def test_parsed_faces_hold_only_finite_numbers(markup):
    """What the parser accepts it hands to the drawing code: no NaN or infinity may get
    through as a position, size, width, opacity or leading."""
    faces = expect_only((MarkupError,), lambda: parse_faces(markup))
    for face in faces or ():
        for item in face.elements:
            for name, value in item.values.items():
                for number in numbers(value):
                    assert math.isfinite(number), f"{item.label} {name}={number!r}"
