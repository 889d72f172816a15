"""Icons in card text (`:phone:`): drawn as vector forms standing on the baseline at the text's
size and in its colour, wrapped like words, shrunk with the text; an unknown name is one clear
message at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2
import pytest

from deckpress.build import build_deck
from deckpress.cli import main
from deckpress.errors import DeckError
from deckpress.source.icons import builtin_icons
from helpers import assert_one_error, prepare

RED = (0.752941, 0.188235, 0.188235)  # #C03030
BLUE = (0.062745, 0.376471, 0.752941)  # #1060C0
TEXT = ('<text x="5" y="5" w="{w}" h="{h}" size="10" {extra} colour="#C03030">'
        '{{{{ card.text|inline }}}}{tip}</text>')
TIP = ' <font color="#1060C0">{{ card.tip|inline }}</font>'
# the star's drawing, in its 24-unit box: 2.4 to 21.39 from the top
STAR_TOP, STAR_BOTTOM = 2.4 / 24, 21.39 / 24


def deck(text: str, tip: str = "x") -> str:
    return ("title: T\nsize: poker\nlayout: probe\ncards:\n"
            f"  - id: A\n    title: a\n    text: '{text}'\n    tip: '{tip}'\n")


def build(folder: Path, text: str, tip: str = "x", w: float = 50, h: float = 20,
          extra: str = "", with_tip: bool = False, files=None) -> Path:
    """A one-card deck whose front is one text box (x 5 mm, y 5 mm, 10 pt, red) showing the
    card's text (and, in blue, its tip), built on the dtc profile: one face per page."""
    markup = TEXT.format(w=w, h=h, extra=extra, tip=TIP if with_tip else "")
    prepare(folder, files={
        "cards/d.yaml": deck(text, tip),
        "templates/probe.xml": f"<card>\n<front>\n{markup}\n</front>\n<back/>\n</card>\n",
        **(files or {})})
    out = folder / "out.pdf"
    build_deck(folder / "cards" / "d.yaml", out, None, "dtc")
    return out


def front(pdf: Path) -> tuple[list[dict], list[dict]]:
    """(characters, filled shapes) of the front page, top-based coordinates."""
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        shapes = [shape for shape in page.curves + page.rects if shape.get("fill")]
        return list(page.chars), shapes


def baseline(char: dict, page_height: float = 270.0) -> float:
    """A character's baseline, measured from the page's top."""
    return page_height - char["matrix"][5]


def test_an_icon_stands_on_the_baseline_at_the_texts_size(tmp_path):
    chars, shapes = front(build(tmp_path, "A :star: B"))
    a, b = (next(c for c in chars if c["text"] == letter) for letter in "AB")
    (star,) = shapes
    size = a["size"]
    assert size == 10
    box = size * 0.96  # the icon's box; the drawing leaves 2 of 24 units on each side
    drop = size * 0.08
    assert star["bottom"] == pytest.approx(baseline(a) + drop - box * (1 - STAR_BOTTOM), abs=0.05)
    assert star["top"] == pytest.approx(baseline(a) + drop - box * (1 - STAR_TOP), abs=0.05)
    assert abs(star["bottom"] - baseline(a)) < 0.05 * size  # on the baseline, like a letter
    assert 0.7 * size < star["bottom"] - star["top"] < 0.8 * size  # a little above the caps
    # it takes its place in the line: a space, the icon, a space
    assert a["x1"] < star["x0"] < star["x1"] < b["x0"]
    assert b["x0"] - a["x1"] == pytest.approx(2 * (chars[1]["x1"] - chars[1]["x0"]) + box,
                                              abs=0.01)


def test_an_icon_is_a_vector_form_drawn_once_per_colour(tmp_path):
    pdf = build(tmp_path, "A :star: B :star: and :heart:")
    with pikepdf.open(pdf) as document:
        face = next(iter(document.pages[0].Resources.XObject.values()))
        forms = face.Resources.XObject
        images = [name for name, xobject in forms.items() if xobject.Subtype == "/Image"]
        assert images == []  # vector, print-true: no bitmap anywhere
        assert len(forms) == 2  # star and heart, each drawn once, referenced each time
        uses = [op for _, op in pikepdf.parse_content_stream(face) if op == pikepdf.Operator("Do")]
        assert len(uses) == 3
        for form in forms.values():
            content = form.read_bytes()
            assert re.search(rb"\sf\*?\s", content)  # filled paths


def test_an_icon_takes_the_colour_of_the_text_around_it(tmp_path):
    pdf = build(tmp_path, "A :star: B", "C :heart: D", with_tip=True)
    _, shapes = front(pdf)
    star, heart = sorted(shapes, key=lambda shape: shape["x0"])
    assert star["non_stroking_color"] == pytest.approx(RED, abs=1e-3)
    assert heart["non_stroking_color"] == pytest.approx(BLUE, abs=1e-3)
    # and on paper: the middle of the heart is the tip's blue, at 4x
    scale = 4
    image = pypdfium2.PdfDocument(str(pdf))[0].render(scale=scale).to_pil().convert("RGB")
    middle = ((heart["x0"] + heart["x1"]) / 2 * scale, (heart["top"] + heart["bottom"]) / 2 * scale)
    pixel = image.getpixel((round(middle[0]), round(middle[1])))
    assert all(abs(value - round(255 * want)) <= 3 for value, want in zip(pixel, BLUE, strict=True))


def test_icons_in_bold_text_and_with_emphasis(tmp_path):
    chars, shapes = front(build(tmp_path, "**Call :phone:** *now :check:*"))
    assert len(shapes) >= 2
    assert {char["fontname"].split("+")[-1] for char in chars if char["text"].strip()} == \
        {"NotoSans-Bold", "NotoSans-Italic"}


def test_an_icon_keeps_the_punctuation_it_touches_on_its_line(tmp_path):
    """At widths where a line would otherwise break between an icon and the mark after it
    (found by tests/fence), the mark stays on the icon's line."""
    text = "Call them :phone:, then write it down :pen:. (Say thanks :heart:)"
    for width in (16, 20.5, 41.75, 57):
        chars, shapes = front(build(tmp_path, text, w=width, h=60))
        for mark in (",", ".", ")"):
            after = next(c for c in chars if c["text"] == mark and c["x0"] > 0)
            icon = max((s for s in shapes if s["x1"] <= after["x0"] + 0.01
                        and abs(s["bottom"] - baseline(after)) < 1.5),
                       key=lambda s: s["x1"], default=None)
            assert icon is not None, (width, mark)
            assert after["x0"] - icon["x1"] < 2.5, (width, mark)  # right after it


def test_a_long_text_wraps_icons_like_words(tmp_path):
    chars, shapes = front(build(tmp_path, " ".join(["word :star:"] * 12), w=40, h=60))
    lines = sorted({round(baseline(char), 2) for char in chars})
    assert len(lines) >= 4
    for shape in shapes:  # every icon stands on one of the lines, inside the box
        assert min(abs(shape["bottom"] - line) for line in lines) < 0.5
        assert shape["x1"] <= (5 + 40) * 72 / 25.4 + 9 + 0.01  # box edge (plus the bleed)
    assert len(shapes) == 12


@pytest.mark.parametrize(("markup", "width", "lines"), [
    ('word word <icon name="pen"/>', 50, 2),  # the icon goes to the next line, as a word would
    ('a <icon name="pen"/> <icon name="pen"/> <icon name="pen"/> b', 25, 3),
    ('call <icon name="phone"/>, now', 200, 1),
])
def test_a_line_breaks_before_an_icon_that_follows_a_space(markup, width, lines):
    """The space before an icon is a place to break the line, as between words."""
    from deckpress.render.fonts import load_fonts
    from deckpress.render.textfit import count_lines

    face = load_fonts(None).family("Noto Sans").face()
    assert count_lines(markup, face, 10, width) == lines


def test_icons_shrink_with_the_text(tmp_path):
    text = " ".join(["Call :heart: and ask one question :star: about it."] * 5)
    chars, shapes = front(build(tmp_path, text, w=50, h=24, extra='min-size="5"'))
    size = chars[0]["size"]
    assert 5 <= size < 10  # shrunk to fit
    for shape in shapes:
        height = shape["bottom"] - shape["top"]
        assert 0.6 * size < height < 0.85 * size


def test_a_backslash_prints_the_name_as_written(tmp_path):
    pdf = build(tmp_path, r"Write \:star: or 10:30 or 1:2:3 or std::map", )
    chars, shapes = front(pdf)
    text = "".join(char["text"] for char in chars if char["text"] != " ")  # across lines
    assert text == "Write:star:or10:30or1:2:3orstd::map"
    assert shapes == []


def test_a_workspace_icon_is_drawn_and_takes_the_place_of_a_built_in_one(tmp_path):
    square = ('<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" '
              'viewBox="0 0 24 24"><rect x="2" y="2" width="20" height="20" fill="#000"/></svg>')
    wide = ('<svg xmlns="http://www.w3.org/2000/svg" width="48" height="24" '
            'viewBox="0 0 48 24"><rect x="2" y="2" width="44" height="20" fill="#000"/></svg>')
    _, shapes = front(build(tmp_path, "A :star: B :wide-one:",
                                files={"icons/star.svg": square, "icons/wide-one.svg": wide}))
    star, wide_one = sorted(shapes, key=lambda shape: shape["x0"])
    assert star["object_type"] == "rect"  # the workspace's star, not the built-in one
    assert star["non_stroking_color"] == pytest.approx(RED, abs=1e-3)  # recoloured too
    assert (star["x1"] - star["x0"]) == pytest.approx(9.6 * 20 / 24, abs=0.05)
    assert (wide_one["x1"] - wide_one["x0"]) == pytest.approx(9.6 * 44 / 24, abs=0.05)


def test_an_unknown_icon_is_named_at_its_line_with_the_closest_name(tmp_path):
    with pytest.raises(DeckError) as caught:
        build(tmp_path, "Call :phnoe: now")
    error = caught.value
    assert error.problem == "unknown icon ':phnoe:'"
    assert (error.where.line, error.where.card, error.where.field) == (7, "A", "text")
    assert error.hint.startswith("did you mean ':phone:'?")
    assert r"\:phnoe:" in error.hint


def test_the_icons_a_hint_lists_include_the_workspaces(tmp_path):
    dot = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
           '<circle cx="12" cy="12" r="9"/></svg>')
    with pytest.raises(DeckError) as caught:
        build(tmp_path, "x", tip=":zzzzzz:", files={"icons/my-dot.svg": dot})
    assert caught.value.where.field == "tip"
    assert "my-dot" in caught.value.hint and "phone" in caught.value.hint


def test_build_says_it_once_and_writes_nothing(tmp_path, runner, monkeypatch):
    prepare(tmp_path, files={"cards/d.yaml": deck("Call :phnoe: now"),
                             "templates/probe.xml": "<card><front/><back/></card>\n"})
    (tmp_path / "output").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build", "cards/d.yaml"])
    assert_one_error(result, ["cards/d.yaml:7", "card 'A'", "field 'text'",
                              "unknown icon ':phnoe:'", "did you mean ':phone:'?"])
    assert list((tmp_path / "output").iterdir()) == []


def test_check_lists_unknown_icons_with_every_other_problem(tmp_path, runner, monkeypatch):
    prepare(tmp_path, files={
        "cards/d.yaml": deck("Call :phnoe: now", "see :clok:") + "    category: nope\n",
        "templates/probe.xml": "<card><front/><back/></card>\n"})
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", "cards/d.yaml"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(errors) == 3, result.output
    assert any("unknown icon ':phnoe:'" in line for line in errors)
    assert any("unknown icon ':clok:'" in line and "did you mean ':clock:'?" in line
               for line in errors)
    assert any("unknown category" in line for line in errors)


def test_an_unknown_icon_a_layout_writes_names_the_layout(tmp_path):
    prepare(tmp_path, files={
        "cards/d.yaml": deck("x"),
        "templates/probe.xml": '<card>\n<front>\n<text x="5" y="5" w="50" h="20">Hi '
                               '<icon name="nope"/></text>\n</front>\n<back/>\n</card>\n'})
    with pytest.raises(DeckError) as caught:
        build_deck(tmp_path / "cards" / "d.yaml", tmp_path / "out.pdf", None, "dtc")
    assert caught.value.problem == "unknown icon ':nope:'"
    assert "probe" in caught.value.format() and "markup line 3" in caught.value.format()
    assert not (tmp_path / "out.pdf").exists()


def test_every_built_in_icon_is_one_colour_in_a_24_unit_box():
    """The conventions every built-in icon follows: drawn in black (recoloured to the text),
    in a 24 × 24 box."""
    icons = builtin_icons()
    assert {"phone", "mail", "calendar", "coffee", "clock", "check", "question"} <= set(icons)
    for path in icons.values():
        text = path.read_text(encoding="utf-8")
        assert 'viewBox="0 0 24 24"' in text, path.name
        colours = {part.split('"')[1] for part in text.split("fill=")[1:]} | \
            {part.split('"')[1] for part in text.split("stroke=")[1:]}
        assert colours <= {"#000000", "none"}, path.name


def test_layouts_measure_text_with_icons(tmp_path):
    from deckpress.render.fonts import load_fonts

    fonts = load_fonts(None)
    plain = fonts.text_lines("Call them now", 30, 10, "Noto Sans")
    with_icons = fonts.text_lines('Call <icon name="phone"/> them <icon name="mail"/> now',
                                  30, 10, "Noto Sans")
    assert plain == 1 and with_icons == 2
