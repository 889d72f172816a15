"""Preflight: the warnings a build prints and `check` lists (contrast, safe zone, resolution,
colour space), one line per finding, and nothing written."""

from __future__ import annotations

import re

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

