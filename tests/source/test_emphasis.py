"""Bold and italic marks in card text: pairs become markup; marks that cross are the text's
mistake, said at its field, never markup a layout cannot draw."""

from __future__ import annotations

import pytest

from deckpress.cli import main
from deckpress.layout.templates import inline
from deckpress.source.emphasis import emphasis_problem
from helpers import assert_one_error, edit


@pytest.mark.parametrize(("text", "markup"), [
    ("**bold** and *italic*", "<b>bold</b> and <i>italic</i>"),
    ("**bold *and italic* here**", "<b>bold <i>and italic</i> here</b>"),
    ("2 * 3 = 6", "2 * 3 = 6"),
    ("a **lone pair", "a **lone pair"),
    ("**bold *mixed** italic*", "**bold *mixed** italic*"),  # crossing: printed as written
])
def test_inline_markup_always_nests(text, markup):
    assert str(inline(text)) == markup


@pytest.mark.parametrize(("text", "crosses"), [
    ("**bold** and *italic*", False), ("**bold *and italic* here**", False),
    ("2 * 3 = 6", False), ("**bold *mixed** italic*", True), ("*a **b* c**", True),
])
def test_crossing_marks_are_found(text, crosses):
    assert (emphasis_problem(text) is not None) == crosses


@pytest.mark.parametrize("field", ["title", "text"])
def test_crossing_marks_are_the_cards_mistake(workspace, runner, monkeypatch, field):
    monkeypatch.chdir(workspace)
    deck = workspace / "cards/table-talk.yaml"
    old = "    title: Comfort\n" if field == "title" else \
        "    text: What small, everyday comfort reliably makes your day better?\n"
    edit(deck, old, f'    {field}: "**bold *mixed** italic*"\n')
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    line = 29 if field == "title" else 30
    assert_one_error(result, [f"table-talk.yaml:{line}, card 'TT-01', field '{field}'",
                              "marks cross", "close the inner mark"])
    assert "layout" not in result.output
