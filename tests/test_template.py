"""Layouts: the inline filter, workspace overrides, the sandbox, and fonts from the workspace."""

from __future__ import annotations

import shutil

import pdfplumber
import pytest

from deckpress.build import build_deck
from deckpress.errors import Where
from deckpress.fonts import builtin_font_dir, load_fonts
from deckpress.template import Layouts, inline
from helpers import edit


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("plain", "plain"),
        ("**bold** and *italic*", "<b>bold</b> and <i>italic</i>"),
        ("a < b & c", "a &lt; b &amp; c"),
        ("one\ntwo", "one two"),
        ("one\n\ntwo", "one<br/>two"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("<b>not markup</b>", "&lt;b&gt;not markup&lt;/b&gt;"),
    ],
)
def test_inline_filter(text, markup):
    assert str(inline(text)) == markup


def test_workspace_layout_overrides_builtin_and_can_extend_it(workspace, tmp_path):
    (workspace / "templates" / "challenge.xml").write_text(
        '{% extends "builtin/challenge.xml" %}{% block back %}'
        '<text x="5" y="5" w="50" h="10">OVERRIDDEN BACK</text>{% endblock %}',
        encoding="utf-8",
    )
    out = tmp_path / "o.pdf"
    build_deck(workspace / "cards" / "networking.yaml", out)
    with pdfplumber.open(out) as pdf:
        assert "OVERRIDDEN BACK" in pdf.pages[1].extract_text()
        assert "Ask for directions" in pdf.pages[0].extract_text()  # front still built-in


def test_sandbox_blocks_python_internals(workspace):
    (workspace / "templates" / "evil.xml").write_text(
        "{{ card.__class__.__mro__ }}", encoding="utf-8")
    layouts = Layouts(workspace)
    with pytest.raises(Exception) as caught:
        layouts.render("evil", {"card": {}}, Where())
    assert "unsafe" in str(caught.value) or "__class__" in str(caught.value)


def test_fonts_in_the_workspace_are_registered(workspace, tmp_path):
    shutil.copy(builtin_font_dir() / "NotoSerif-Italic.ttf", workspace / "fonts" / "Own.ttf")
    book = load_fonts(workspace)
    assert str(book.families["Noto Serif"].files[(False, True)]).endswith("Own.ttf")
    italic = book.family("Noto Serif").face(False, True)
    assert book.label(italic) == "Noto Serif Italic"


def test_a_brand_font_that_does_not_exist_is_named(workspace, tmp_path, runner, monkeypatch):
    from deckpress.cli import main

    edit(workspace / "brands" / "example.yaml", "heading: Noto Serif", "heading: Noto Serf")
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", "cards/networking.yaml", "--brand", "example"])
    assert result.exit_code == 1
    assert "brands/example.yaml:" in result.output and "fonts.heading" in result.output
    assert "font family 'Noto Serf' is not available" in result.output
    assert "did you mean 'Noto Serif'?" in result.output


def test_extra_weights_of_a_family_do_not_take_the_regular_place(workspace):
    """A folder with Thin and SemiBold files beside Regular and Bold, as font sites ship them."""
    from deckpress.fonts import font_names

    fonts = workspace / "fonts"
    for name in ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic"):
        shutil.copy(builtin_font_dir() / f"{name}.ttf", fonts / f"Own{name}.ttf")
    # A different weight: same family name in the typographic names, its own legacy family.
    thin = fonts / "AAA-Thin.ttf"
    shutil.copy(builtin_font_dir() / "NotoSerif-Regular.ttf", thin)
    book = load_fonts(workspace)
    regular = book.families["Noto Sans"].files[(False, False)]
    assert regular.name == "OwnNotoSans-Regular.ttf"
    assert font_names(thin) == ("Noto Serif", "regular")
