"""Every number that can reach a drawing call is checked where it enters: non-finite, huge or
meaningless values are one message naming the element or field, never a traceback and never a
PDF with `nan` in it."""

from __future__ import annotations

import re

import pytest

from deckpress.cli import main
from helpers import assert_one_error, edit

TT = "cards/table-talk.yaml"


def set_question_attribute(workspace, attribute: str) -> None:
    """Give the question's <text> in the workspace layout `attribute` (name="value")."""
    layout = workspace / "templates/prompt.xml"
    lines = layout.read_text(encoding="utf-8").splitlines(keepends=True)
    name = attribute.split("=")[0]
    for index, line in enumerate(lines):
        if 'name="question"' in line:
            if f' {name}="' in line:
                line = re.sub(f' {name}="[^"]*"', " " + attribute, line)
            else:
                line = line.replace('name="question" ', f'name="question" {attribute} ')
            lines[index] = line
    layout.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize(("attribute", "expected"), [
    ('leading="nan"', "'nan' must be a number greater than zero"),
    ('leading="inf"', "'inf' must be a number greater than zero"),
    ('leading="1e9"', "at most 100"),
    ('h="nan"', "'nan' is not a length"),
    ('w="0"', "the text box has no room: its width or height is 0"),
    ('size="' + "9" * 41 + '"', "out of range: lengths go up to 5 m"),
    ('size="1e9"', "is not a length"),
    ('min-size="' + "9" * 400 + '"', "out of range"),
])
def test_a_text_attribute_that_is_no_real_number(workspace, runner, monkeypatch, attribute,
                                                 expected):
    monkeypatch.chdir(workspace)
    set_question_attribute(workspace, attribute)
    result = runner.invoke(main, ["build", TT, "-o", "output/tt.pdf"])
    assert_one_error(result, ["layout 'prompt'", expected])
    assert not (workspace / "output/tt.pdf").exists()


@pytest.mark.parametrize("dash", ["nan", "inf", "-3 2", "0 0", "1e9 2", "3,x", ""])
def test_a_dash_pattern_that_would_break_the_page(workspace, runner, monkeypatch, dash):
    monkeypatch.chdir(workspace)
    edit(workspace / "templates/prompt.xml", "{% endblock %}",
         f'  <line x1="2" y1="2" x2="20" y2="2" stroke="#000000" dash="{dash}"/>\n'
         "{% endblock %}")
    result = runner.invoke(main, ["build", TT, "-o", "output/tt.pdf"])
    if dash == "":  # no pattern: a solid line
        assert result.exit_code == 0, result.output
        return
    assert_one_error(result, ["is not a list of dash and gap lengths", 'dash="3 2"'])


@pytest.mark.parametrize("size", ["9" * 41 + "x88mm", "63x" + "9" * 400 + "mm"])
def test_a_card_size_out_of_range_is_said_at_its_line(workspace, runner, monkeypatch, size):
    monkeypatch.chdir(workspace)
    edit(workspace / TT, "size: square", f"size: {size}")
    result = runner.invoke(main, ["build", TT, "-o", "output/tt.pdf"])
    assert_one_error(result, ["table-talk.yaml:12", "'size'", "out of range"])


@pytest.mark.parametrize("width", ["1e308", "inf", "1e-9"])
def test_an_svg_logo_of_no_real_size(workspace, runner, monkeypatch, width):
    monkeypatch.chdir(workspace)
    (workspace / "brands/logos/harbor.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20">'
        '<rect width="10" height="10"/></svg>', encoding="utf-8")
    result = runner.invoke(main, ["build", "cards/networking.yaml", "--brand", "example",
                                  "-o", "output/n.pdf"])
    assert result.exit_code == 1, result.output
    assert "harbor.svg" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("svg", "expected"), [
    ('viewBox="0 0 1e308 1e308"><rect width="20" height="20"/>', "a scale of"),
    ('viewBox="0 0 nan inf"><rect width="20" height="20"/>', "transform nan"),
    ('><circle r="1e308" cx="5" cy="5"/>', "r 1e+308"),
    ('><circle r="3" cx="nan" cy="inf"/>', "cx nan"),
])
def test_an_svg_whose_shapes_hold_no_real_numbers(workspace, runner, monkeypatch, svg,
                                                  expected):
    monkeypatch.chdir(workspace)
    (workspace / "brands/logos/harbor.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" {svg}</svg>',
        encoding="utf-8")
    result = runner.invoke(main, ["build", "cards/networking.yaml", "--brand", "example",
                                  "-o", "output/n.pdf"])
    assert_one_error(result, ["example.yaml:13", "'logo'", "holds a number no page can draw",
                              expected])


def test_an_svg_with_too_many_shapes_is_refused(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    shapes = '<rect x="1" y="1" width="1" height="1"/>' * 25_000
    (workspace / "brands/logos/harbor.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">{shapes}</svg>',
        encoding="utf-8")
    result = runner.invoke(main, ["build", "cards/networking.yaml", "--brand", "example",
                                  "-o", "output/n.pdf"])
    assert_one_error(result, ["example.yaml:13", "more than 20,000 shapes", "export it as a PNG"])
