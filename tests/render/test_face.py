"""Drawing a face: each element's marks in the face's form, its errors naming the element, and
pixels for what geometry alone cannot show (bleed)."""

from __future__ import annotations

import pypdfium2
import pytest

from deckpress.build import build_deck
from deckpress.errors import DeckError
from helpers import BRAND, failed_build, front_face, sample_line

MM = 72 / 25.4
CLIP = ["n", "-9 -9 198 270 re", "W*", "n"]  # the face's own clip: trim plus the dtc bleed


def drawn(operations: list[str]) -> list[str]:
    """What a face draws after its clip, without the save/restore pairs around each element."""
    start = next(i for i in range(len(operations)) if operations[i:i + 4] == CLIP) + 4
    return [op for op in operations[start:] if op not in ("q", "Q")]


def box(op: str) -> list[float]:
    """The numbers of a `re` (rectangle) instruction."""
    assert op.endswith(" re"), op
    return [float(value) for value in op.split()[:4]]


def refused(tmp_path, markup: str) -> DeckError:
    with pytest.raises(DeckError) as caught:
        front_face(tmp_path, markup)
    return caught.value


def test_elements_with_nothing_to_paint_leave_no_mark(tmp_path):
    operations, _ = front_face(tmp_path, '<rect x="1" y="1" w="9" h="9"/>\n'
                                         '<ellipse x="1" y="1" w="9" h="9" fill="none"/>\n'
                                         '<line x1="1" y1="1" x2="9" y2="9" stroke="none"/>\n'
                                         '<text x="1" y="1" w="9" h="9"></text>')
    assert drawn(operations) == []


def test_shapes_are_filled_stroked_and_rounded_as_written(tmp_path):
    operations, _ = front_face(tmp_path, '<rect x="1" y="1" w="10" h="5" fill="#FF0000"/>\n'
                                         '<rect x="1" y="10" w="10" h="10" stroke="#0000FF" '
                                         'stroke-width="2" radius="2"/>\n'
                                         '<ellipse x="1" y="30" w="10" h="10" fill="#00FF00"/>')
    marks = drawn(operations)
    square = marks.index("1 0 0 rg")
    assert (marks[square + 1], marks[square + 3]) == ("n", "f*")
    assert box(marks[square + 2]) == pytest.approx([MM, 252 - 6 * MM, 10 * MM, 5 * MM], abs=1e-3)
    outline = marks.index("0 0 1 RG")
    assert marks[outline + 1] == "2 w"
    assert sum(op.endswith(" c") for op in marks[outline:marks.index("0 1 0 rg")]) >= 4
    assert marks[outline:marks.index("0 1 0 rg")][-1] == "S"  # stroked, not filled
    assert marks[-1] == "f*" and sum(op.endswith(" c") for op in marks[-6:]) == 4  # an ellipse


def test_opacity_and_dashes_reach_the_pdf(tmp_path):
    operations, states = front_face(
        tmp_path, '<line x1="1" y1="1" x2="20" y2="1" dash="3, 2" opacity="0.5"/>\n'
                  '<ellipse x="1" y="5" w="5" h="5" fill="#FF0000" opacity="0.25"/>')
    marks = drawn(operations)
    assert "[ 3 2 ] 0 d" in marks
    used = [states[op.split()[0]] for op in marks if op.endswith(" gs")]
    assert used == [{"/CA": "0.5"}, {"/ca": "0.25"}, {"/CA": "0.25"}]


@pytest.mark.parametrize(("markup", "problem", "hint"), [
    ('<line x1="1" y1="1" x2="20" y2="1" dash="3 x"/>',
     'dash="3 x" is not a list of dash and gap lengths',
     'write it like dash="3 2" (pt on, pt off; each from 0 to 1000, not all 0)'),
    ('<text x="1" y="1" w="30" h="10" size="8" min-size="9">Hi</text>',
     "min-size 9 is larger than size 8", None),
    ('<qr x="5" y="5" size="30" data=""/>', "the QR code has no data",
     'give it data="https://…"'),
])
def test_an_element_that_cannot_be_drawn_is_named_with_its_markup_line(tmp_path, markup,
                                                                       problem, hint):
    error = refused(tmp_path, markup)
    assert (error.problem, error.hint) == (problem, hint)
    assert error.where.card == "A"
    assert (error.where.markup.layout, error.where.markup.side) == ("probe", "front")
    assert error.where.markup.markup_line == 3
    assert error.where.markup.element.startswith(markup[:markup.index(" ")])


def test_a_qr_code_has_a_white_ground_unless_it_asks_for_none(tmp_path):
    grounded, _ = front_face(tmp_path / "a", '<qr x="5" y="5" size="30" data="hi"/>')
    bare, _ = front_face(tmp_path / "b", '<qr x="5" y="5" size="30" data="hi" '
                                         'background="none"/>')
    ground = drawn(grounded)
    white = ground.index("1 1 1 rg")
    assert (ground[white + 1], ground[white + 3]) == ("n", "f*")
    assert box(ground[white + 2]) == pytest.approx([5 * MM, 252 - 35 * MM, 30 * MM, 30 * MM],
                                                   abs=1e-3)
    assert "1 1 1 rg" not in drawn(bare)
    assert drawn(bare) == ground[:white] + ground[white + 4:]  # the same code, without ground


# (id, edits: [(file, old, new)], extra files {path: text}, expected pieces)
TEMPLATE_HEAD = '{% extends "builtin/challenge.xml" %}\n{% block front %}\n'
DECK = "cards/networking.yaml"
CASES = [
    ("text-overflow", [(DECK, "Ask a stranger for directions to somewhere nearby",
                        "Ask a stranger for directions to somewhere nearby " * 14)], {},
     ["card 'WU-01'", "text \"Ask a stranger for directions to so…\" does not fit",
      "even at 7 pt", "<text name=\"challenge\">", "hint: shorten the text"]),
    ("word-wider-than-its-box", [(DECK, "title: Ask for directions",
                                  "title: Ask Pneumonoultramicroscopicsilicovolcanoconiosis")],
     {}, ["card 'WU-01'", "the word \"Pneumonoultramicroscopicsilicovolca…\" is wider "
          "than the box"]),
    ("text-off-the-card", [], {"templates/challenge.xml": TEMPLATE_HEAD
                               + '<text x="50" y="1" w="30" h="9">Hello</text>\n{% endblock %}\n'},
     ["card 'WU-01'", "reaches past the card's edge"]),
    ("qr-too-long", [("brands/example.yaml", "booking_url: https://harborcoaching.example/book",
                      "booking_url: https://harborcoaching.example/book?" + "x" * 3000)], {},
     [sample_line(BRAND, "booking_url:"), "card 'HELLO'", "field 'booking_url'",
      "too long for a QR code"]),
    ("qr-too-dense", [("brands/example.yaml", "booking_url: https://harborcoaching.example/book",
                       "booking_url: https://harborcoaching.example/book?" + "x" * 400)], {},
     ["card 'HELLO'", "too small to scan", "use a shorter link"]),
    ("qr-off-the-card", [], {"templates/intro.xml": '{% extends "builtin/intro.xml" %}'
                             '{% block front %}<qr x="50" y="1" size="20" data="x"/>'
                             "{% endblock %}"},
     ["card 'HELLO'", "QR code reaches past the card's edge"]),
]


@pytest.mark.parametrize(("edits", "files", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_a_face_that_cannot_be_drawn_gives_one_clear_message(workspace, runner, monkeypatch,
                                                             edits, files, expected):
    failed_build(workspace, runner, monkeypatch, edits, files, expected=expected)


def test_bands_run_into_the_bleed_on_a4(built):
    """On home-a4 each card's colour band continues 1 mm past its cut line, into the gutter."""
    document = pypdfium2.PdfDocument(str(built["a4"]))
    scale = 600 / 72  # 600 dpi, so 1 mm is about 24 pixels
    image = document[0].render(scale=scale).to_pil().convert("RGB")
    document.close()
    mm = 72 / 25.4
    # second card of the top row: trim x from 21.969 + 180 + 2 mm, band 18 mm tall at the top
    card_left = (210 * mm - (3 * 180 + 4 * mm)) / 2 + 180 + 2 * mm
    top = (297 * mm + 3 * 252 + 4 * mm) / 2  # PDF y of the top trim
    band_y = int((297 * mm - top + 9 * mm) * scale)
    just_inside_bleed = image.getpixel((int((card_left - 0.5 * mm) * scale), band_y))
    gutter_middle_left = image.getpixel((int((card_left - 1.3 * mm) * scale), band_y))
    inside = image.getpixel((int((card_left + 3 * mm) * scale), band_y))
    assert inside != (255, 255, 255)
    assert just_inside_bleed == inside  # bleed carries the band colour
    assert gutter_middle_left != (255, 255, 255)  # the neighbour's bleed fills its half


def test_home_letter_cards_get_no_bleed(workspace, tmp_path):
    out = tmp_path / "letter.pdf"
    build_deck(workspace / "cards" / "networking.yaml", out)
    document = pypdfium2.PdfDocument(str(out))
    scale = 600 / 72
    image = document[0].render(scale=scale).to_pil().convert("RGB")
    document.close()
    mm = 72 / 25.4
    band_y = int((18 + 9 * mm) * scale)  # 9 mm below the top trim of the first row
    left_of_first_card = image.getpixel((int((36 - 0.5 * mm) * scale), band_y))
    assert left_of_first_card == (255, 255, 255)


