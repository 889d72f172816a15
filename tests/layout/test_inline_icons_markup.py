"""Icons in card text as markup: what `:name:` becomes through the `inline` filter, what card
markup accepts as <icon>, the colour each icon takes, and the names a workspace adds."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import HexColor

from deckpress.layout.attributes import MarkupError
from deckpress.layout.markup import parse_faces
from deckpress.layout.templates import inline
from deckpress.render.icons import icons_in, written
from deckpress.source.icons import icon_names, inline_icons, workspace_icons
from deckpress.worksheets.flow import parse_worksheet


def icon(name: str) -> str:
    return f'<icon name="{name}"/>'


@pytest.mark.parametrize(("text", "markup"), [
    ("Call :phone: now", f"Call {icon('phone')} now"),
    (":phone:", icon("phone")),
    ("(:phone:), :mail:.", f"({icon('phone')}), {icon('mail')}."),
    ("**Done :check:**", f"<b>Done {icon('check')}</b>"),
    ("*:heart:*", f"<i>{icon('heart')}</i>"),
    (":two-words2:", icon("two-words2")),
    ("At 10:30, 1:2:3 or 12:00:00", "At 10:30, 1:2:3 or 12:00:00"),
    ("std::map and a::b::c", "std::map and a::b::c"),
    ("ratio a:b:c, http://x.org", "ratio a:b:c, http://x.org"),
    ("word:phone: and :phone:word", "word:phone: and :phone:word"),
    (":Phone: and :PHONE:", ":Phone: and :PHONE:"),
    ("::phone::", "::phone::"),
    (r"Write \:phone: as is", "Write :phone: as is"),
    (r"a \ b and \:x: \\", r"a \ b and :x: \\"),
    ("<b>:phone:</b> & more", f"&lt;b&gt;{icon('phone')}&lt;/b&gt; &amp; more"),
    (f":{'a' * 41}:", f":{'a' * 41}:"),  # too long for a name: text
])
def test_icons_become_tags_and_everything_else_stays_text(text, markup):
    assert str(inline(text)) == markup


def test_icon_names_are_those_drawn():
    assert list(icon_names(r"Call :phone: at 10:30, \:mail: and (:clock:)")) == \
        ["phone", "clock"]


def text_element(content: str) -> str:
    return (f'<card><front><text x="1" y="1" w="10" h="10" colour="#102030">{content}</text>'
            "</front><back/></card>")


def test_card_markup_takes_icons_inside_text():
    front, _ = parse_faces(text_element(f"Call <b>{icon('phone')}</b>, ok"))
    assert front.elements[0].content == f"Call <b>{icon('phone')}</b>, ok"
    # however a layout writes it, the content holds it in one form
    front, _ = parse_faces(text_element("Call <icon name='phone'></icon>"))
    assert front.elements[0].content == f"Call {icon('phone')}"
    assert written(front.elements[0].content) == "Call :phone:"


@pytest.mark.parametrize(("content", "message"), [
    ('<icon name="Phone"/>', "an icon's name is a lower-case letter"),
    ("<icon/>", "an icon's name is a lower-case letter"),
    ('<icon name="phone">x</icon>', "<icon> must be empty"),
    ('<icon name="phone" colour="#fff"/>', "has no attribute 'colour'"),
])
def test_a_malformed_icon_is_refused_with_its_line(content, message):
    with pytest.raises(MarkupError) as caught:
        parse_faces(text_element(content))
    assert message in caught.value.problem
    assert caught.value.line == 1


def test_worksheets_do_not_take_icons():
    with pytest.raises(MarkupError) as caught:
        parse_worksheet(f'<worksheet title="T"><paragraph>Hi {icon("phone")}</paragraph>'
                        "</worksheet>")
    assert "<icon> is not allowed inside <paragraph>" in caught.value.problem


def test_each_icon_takes_the_colour_of_the_font_around_it():
    base = HexColor("#102030")
    content = (f'{icon("a")} <font color="#FF0000">{icon("b")} <b><font color="#00FF00">'
               f'{icon("c")}</font> {icon("d")}</b></font> {icon("e")}')
    assert [(name, colour.hexval()) for name, colour in icons_in(content, base)] == [
        ("a", "0x102030"), ("b", "0xff0000"), ("c", "0x00ff00"), ("d", "0xff0000"),
        ("e", "0x102030")]


def test_workspace_icons_are_its_svg_files_named_as_icons(tmp_path):
    folder = tmp_path / "icons"
    folder.mkdir()
    for name in ("sprout.svg", "phone.svg", "Big.svg", "two words.svg", "photo.png",
                 "notes.txt"):
        (folder / name).write_text("<svg/>", encoding="utf-8")
    (folder / "folder.svg").mkdir()
    assert sorted(workspace_icons(tmp_path)) == ["phone", "sprout"]
    icons = inline_icons(tmp_path)
    assert icons["phone"] == folder / "phone.svg"  # the workspace's own takes the place
    assert icons["star"].name == "star.svg" and icons["star"].parent.name == "icons"
    assert workspace_icons(tmp_path / "nowhere") == {}
