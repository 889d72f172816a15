"""Card markup parsed as data: the vocabulary, its errors, and its documentation."""

import re

import pytest

from deckpress.layout.attributes import INLINE_TAGS, MarkupError
from deckpress.layout.markup import ELEMENTS, SIDES, parse_card, parse_faces
from helpers import ROOT

MM = 72 / 25.4
DOCS = ROOT / "docs" / "card-markup.md"


def card(front: str, back: str = "") -> str:
    return f"<card>\n<front>\n{front}\n</front>\n<back>{back}</back>\n</card>"


def test_elements_become_typed_values_in_points():
    front, back = parse_faces(card(
        '<rect x="1" y="2in" w="10mm" h="12pt" fill="#FF0000" radius="2"/>\n'
        '<text x="0" y="0" w="20" h="10" size="9" min-size="7" align="center">Hi <b>you</b></text>'
    ))
    rect, text = front.elements
    assert rect.kind == "rect"
    assert (rect["x"], rect["y"], rect["w"], rect["h"]) == pytest.approx((MM, 144, 10 * MM, 12))
    assert rect["radius"] == pytest.approx(2 * MM)
    assert rect["stroke"] is None and rect["opacity"] == 1
    assert text["size"] == 9 and text["min-size"] == 7 and text["align"] == "center"
    assert text.content == "Hi <b>you</b>"
    assert back.elements == [] and back.background is None


def test_identical_faces_compare_equal_wherever_they_came_from():
    first, _ = parse_faces(card('<rect x="1" y="1" w="1" h="1"/>'))
    second, _ = parse_faces(
        "<card><front>\n\n\n<rect x='1' y='1' w='1' h='1'/></front><back/></card>")
    assert first == second and repr(first) == repr(second)


@pytest.mark.parametrize(
    ("markup", "message", "line"),
    [
        (card('<rectangle x="1" y="1" w="1" h="1"/>'), "unknown element <rectangle>", 3),
        (card('<rect x="1" y="1" w="1" h="1" fil="#000000"/>'), "no attribute 'fil'", 3),
        (card('<rect x="1" y="1" w="1"/>'), "needs the attribute 'h'", 3),
        (card('<rect x="1" y="1" w="-1" h="1"/>'), "must not be negative", 3),
        (card('<rect x="one" y="1" w="1" h="1"/>'), "'one' is not a length", 3),
        (card('<rect x="1" y="1" w="1" h="1" fill="red"/>'), "is not a colour", 3),
        (card('<text x="1" y="1" w="1" h="1" align="middle">a</text>'), "not one of", 3),
        (card('<text x="1" y="1" w="1" h="1"><span>a</span></text>'), "<span> is not allowed", 3),
        (card('<text x="1" y="1" w="1" h="1"><font color="x">a</font></text>'), "not a colour", 3),
        (card('<rect x="1" y="1" w="1" h="1">'), "invalid XML", 4),
        (card("loose words"), "text directly inside <front>", 2),
        ("<card><front/></card>", "no <back>", 1),
        ("<cards/>", "must start with <card>", 1),
        (card('<qr x="1" y="1" size="10"/>'), "needs the attribute 'data'", 3),
    ],
)
def test_invalid_markup_is_refused_with_its_line(markup, message, line):
    with pytest.raises(MarkupError) as caught:
        parse_faces(markup)
    assert message in caught.value.problem
    assert caught.value.line == line


def test_entities_are_not_expanded():
    """An entity stays an entity reference, which no element may hold: the file is never read."""
    evil = '<!DOCTYPE card [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + card(
        '<text x="1" y="1" w="9" h="9">&x;</text>')
    with pytest.raises(MarkupError) as caught:
        parse_faces(evil)
    assert caught.value.problem == "only text and inline tags are allowed in <text>"
    assert caught.value.line == 3
    assert "root:" not in str(caught.value)


def test_every_element_and_attribute_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    for element, attributes in {**ELEMENTS, "front": SIDES}.items():
        section = re.search(rf"### `<{element}>`.*?(?=\n### |\n## |\Z)", docs, re.DOTALL)
        if element == "front":
            section = re.search(r"### `<front>` and `<back>`.*?(?=\n## |\Z)", docs, re.DOTALL)
        assert section, f"<{element}> has no section in docs/card-markup.md"
        for attribute in attributes:
            if attribute == "name":
                assert "name=" in docs
                continue
            assert f"`{attribute}`" in section.group(0), f"{element}.{attribute} undocumented"
    for tag in INLINE_TAGS:
        assert f"<{tag}" in docs


def test_sides_that_draw_the_same_share_a_key():
    first = parse_card(card('<rect x="1" y="1" w="1" h="1"/>', '<rect x="2" y="2" w="2" h="2"/>'))
    second = parse_card("<card><front>\n  <rect x='1' y='1' w='1' h='1'/>\n</front>"
                        "<back><rect x='2'  y='2' w='2' h='2'/></back></card>")
    third = parse_card(card('<rect x="1" y="1" w="1" h="1.5"/>'))
    assert first[0].key == second[0].key and first[1].key == second[1].key
    assert first[0].key != third[0].key and first[0].key != first[1].key
