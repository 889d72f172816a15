"""Preflight: the warnings a build prints and `check` lists (contrast, safe zone, resolution,
colour space), one line per finding, and nothing written."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from deckpress.cli import main
from helpers import DECK, ROOT, edit


def test_check_passes_the_samples(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    for deck, profile in (("cards/networking.yaml", "home-letter"),
                          ("cards/networking.yaml", "dtc"),
                          ("cards/table-talk.yaml", "home-a4"),
                          ("cards/pocket-scripts.yaml", "avery-5371")):
        result = runner.invoke(main, ["check", deck, "--brand", "example", "-p", profile])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("0 errors, 0 warnings")


def test_check_lists_every_problem_one_per_line(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    long = "Ask a stranger for directions to somewhere nearby " * 14
    edit(workspace / DECK, "Ask a stranger for directions to somewhere nearby", long)
    edit(workspace / DECK, "Ask a barista, bookseller", "Ask a barista 漢, bookseller")
    (workspace / "templates/prompt.xml").write_text(
        '{% extends "builtin/challenge.xml" %}{% block front %}{{ super() }}'
        '<text x="0.5" y="40" w="20" h="8" colour="#DDDDDD">faint</text>'
        '<image x="30" y="40" w="20" h="20" src="{{ logo_png }}"/>{% endblock %}',
        encoding="utf-8")
    Image.new("RGB", (60, 60), "#336699").save(workspace / "cards/small.png")
    edit(workspace / DECK, "layout: challenge", "layout: prompt")
    edit(workspace / "templates/prompt.xml", "{{ logo_png }}", "small.png")
    result = runner.invoke(main, ["check", DECK, "--brand", "example"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    warnings = [line for line in lines if line.startswith("warning:")]
    assert any("card 'WU-01'" in line and "does not fit: it needs" in line for line in errors)
    assert any("card 'WU-02'" in line and "no glyph for '漢'" in line for line in errors)
    assert any("low contrast" in line and "#DDDDDD on #FFFFFF" in line for line in warnings)
    assert any("outside the safe zone" in line for line in warnings)
    assert any("small.png prints at 76 dpi" in line for line in warnings)

    def count(found: list[str]) -> int:  # a repeated finding says on how many more cards
        return sum(1 + int(re.search(r"\(and on (\d+) more cards?\)$", line).group(1))
                   if "(and on" in line else 1 for line in found)

    assert lines[-1].startswith(f"{count(errors)} errors, {count(warnings)} warnings")
    assert len(warnings) == 3 and count(warnings) > 3 * 40  # each said once, not per card
    assert "Traceback" not in result.output


def test_build_prints_warnings_but_still_writes(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "templates/prompt.xml").write_text(
        '{% extends "builtin/challenge.xml" %}{% block front %}{{ super() }}'
        '<text x="10" y="40" w="20" h="8" colour="#EEEEEE">faint</text>{% endblock %}',
        encoding="utf-8")
    edit(workspace / DECK, "layout: challenge", "layout: prompt")
    result = runner.invoke(main, ["build", DECK, "-o", "out.pdf"])
    assert result.exit_code == 0
    assert "warning:" in result.output and "low contrast" in result.output
    assert (workspace / "out.pdf").exists()


def test_check_reports_a_profile_mismatch_without_drawing(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(main, ["check", DECK, "-p", "avery-c32010"])
    assert result.exit_code == 1
    assert "is made for 85x54mm cards" in result.output
    assert result.output.splitlines()[-1] == "1 error, 0 warnings"


def test_check_warns_about_rgb_pictures_in_a_cmyk_profile(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/press.yaml").write_text(
        "page: a4\nmargin: 5mm\ngutter: 2mm\nbleed: 1mm\ncolour: cmyk\n", encoding="utf-8")
    Image.new("RGB", (900, 900), "#336699").save(workspace / "cards/photo.png")
    Image.new("CMYK", (900, 900), (10, 60, 0, 5)).save(workspace / "cards/photo.jpg")
    (workspace / "templates/prompt.xml").write_text(
        '{% extends "builtin/challenge.xml" %}{% block front %}{{ super() }}'
        '<image x="10" y="40" w="20" h="20" src="photo.png"/>'
        '<image x="35" y="40" w="20" h="20" src="photo.jpg"/>{% endblock %}', encoding="utf-8")
    edit(workspace / DECK, "layout: challenge", "layout: prompt")
    result = runner.invoke(main, ["check", DECK, "-p", "press"])
    assert result.exit_code == 0, result.output
    assert "photo.png is an RGB image in a CMYK profile" in result.output
    assert "photo.jpg is" not in result.output


def test_a_ratio_just_short_of_the_limit_never_reads_as_the_limit() -> None:
    from deckpress.render.preflight import shown_ratio

    assert [shown_ratio(value) for value in (4.4799, 4.499, 2.5, 7.0, 1.0)] == \
        ["4.47", "4.49", "2.5", "7", "1"]


def test_a_picture_tag_typed_into_a_title_is_printed_not_opened(workspace, runner,
                                                                 monkeypatch) -> None:
    """A title goes through `typeset` (not `inline`) into the layout's line count: it is text
    there too, so "<img src=…>" never makes ReportLab open a file or an address."""
    deck = workspace / "cards" / "table-talk.yaml"
    text = deck.read_text(encoding="utf-8")
    start = text.index("title:", text.index("cards:"))
    end = text.index("\n", start)
    deck.write_text(text[:start] + 'title: "<img src=/no/such.png></img> & more"' + text[end:],
                    encoding="utf-8")
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "out.pdf"])
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    printed = PdfReader(workspace / "out.pdf").pages[0].extract_text()
    assert "<img" in printed and "& more" in printed


@pytest.mark.parametrize(("markup", "measured"), [
    ("<img src=/x.png></img> & more", "&lt;img src=/x.png>&lt;/img> & more"),
    ('<b>b</b> <i>c</i><br/><icon name="phone"/>', '<b>b</b> <i>c</i><br/><icon name="phone"/>'),
    ("<a href='http://x'>x</a> <iframe>", "&lt;a href='http://x'>x&lt;/a> &lt;iframe>"),
    ("1 < 2", "1 &lt; 2"),
])
def test_only_the_drawn_tags_are_measured_as_tags(markup: str, measured: str) -> None:
    from deckpress.render.fonts import only_inline_tags

    assert only_inline_tags(markup) == measured
