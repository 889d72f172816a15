"""Pictures on a face: found beside the deck, fitted into their box, and read safely."""

from __future__ import annotations

import pypdfium2
import pytest
from PIL import Image

from deckpress.build import build_deck
from helpers import edit, failed_build, front_face

TEMPLATE_HEAD = '{% extends "builtin/challenge.xml" %}\n{% block front %}\n'

# (id, edits: [(file, old, new)], extra files {path: text}, expected pieces)
CASES = [
    ("missing-image", [], {"templates/challenge.xml": TEMPLATE_HEAD
                           + '<image x="1" y="1" w="9" h="9" src="photo.png"/>\n'
                           "{% endblock %}\n"},
     ["card 'WU-01'", "image file not found", "photo.png", "<image>"]),
    ("svg-logo-text-without-glyph", [("brands/example.yaml", "logos/harbor.svg", "logos/t.svg")],
     {"brands/logos/t.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="20" '
                            'viewBox="0 0 50 20"><text x="1" y="15">OK 漢</text></svg>'},
     ["uses '漢' (U+6F22)", "convert the SVG's text to outlines"]),
]


@pytest.mark.parametrize(("edits", "files", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_a_picture_that_cannot_be_used_gives_one_clear_message(workspace, runner, monkeypatch,
                                                               edits, files, expected):
    failed_build(workspace, runner, monkeypatch, edits, files, expected=expected)


@pytest.mark.parametrize(("fit", "clips"), [("contain", 1), ("cover", 2)])
def test_cover_clips_the_picture_to_its_box_and_contain_does_not(tmp_path, fit, clips):
    (tmp_path / "cards").mkdir()
    Image.new("RGB", (200, 100), "#336699").save(tmp_path / "cards" / "p.png")
    operations, states = front_face(tmp_path, f'<image x="5" y="5" w="20" h="20" src="p.png" '
                                              f'fit="{fit}" opacity="0.5"/>')
    assert operations.count("W*") == clips  # the face's own clip, and the box's for cover
    assert sum(op.endswith(" Do") for op in operations) == 1
    assert [states[op.split()[0]] for op in operations if op.endswith(" gs")] == [
        {"/ca": "0.5"}]


def test_a_16_bit_greyscale_logo_prints_in_grey_not_white(workspace, tmp_path):
    gradient = Image.linear_gradient("L").resize((64, 64)).convert("I;16")
    gradient = gradient.point(lambda value: value * 256)
    gradient.save(workspace / "brands" / "logos" / "deep.png")
    edit(workspace / "brands" / "example.yaml", "logos/harbor.svg", "logos/deep.png")
    out = tmp_path / "deep.pdf"
    build_deck(workspace / "cards" / "networking.yaml", out, workspace / "brands" / "example.yaml")
    document = pypdfium2.PdfDocument(str(out))
    image = document[1].render(scale=2).to_pil().convert("L")
    document.close()
    # the logo sits centred on the first back, about a quarter of the way down
    left = (36 + 90) * 2
    column = [image.getpixel((left, y)) for y in range(18 * 2, 270 * 2)]
    assert min(column) < 100 and max(column) > 150  # a dark-to-light gradient, not a white square
