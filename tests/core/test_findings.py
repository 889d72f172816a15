"""Findings of one run: errors and warnings as data, and the lines `check` prints."""

import pytest

from deckpress.errors import DeckError, InMarkup, Where
from deckpress.findings import Finding, Findings, plural, report_lines


def layout_problem(card: str) -> Where:
    return Where("deck.yaml", 1, card).in_markup(InMarkup("prompt", "front", "<text>", 2))


def test_a_layout_problem_repeated_on_many_cards_is_said_once():
    findings = Findings()
    for card in ("A", "B", "C"):
        findings.warn(layout_problem(card), "low contrast", "darken it", "contrast")
    findings.warn(Where("deck.yaml", 9, "A"), "own problem")
    findings.warn(Where("deck.yaml", 9, "B"), "own problem")  # no markup: said per card
    lines = report_lines(findings)
    assert lines == [
        "warning: deck.yaml:1, card 'A': low contrast [front of layout 'prompt', <text> "
        "(markup line 2)] (hint: darken it) (and on 2 more cards)",
        "warning: deck.yaml:9, card 'A': own problem",
        "warning: deck.yaml:9, card 'B': own problem",
    ]


def test_an_error_standing_for_several_is_recorded_as_each_of_them():
    summary = DeckError("first (and 1 more problem)", Where("d.yaml", 1))
    summary.each = [DeckError("first", Where("d.yaml", 1)),
                    DeckError("second", Where("d.yaml", 2), kind="file")]
    findings = Findings(keep_going=True)
    findings.error(summary)
    findings.error(DeckError("alone", kind="glyph"))
    assert [(f.problem, f.kind) for f in findings.errors] == [
        ("first", "input"), ("second", "file"), ("alone", "glyph")]
    assert findings.warnings == []
    assert Finding.of(DeckError("x"), "warning").line() == "warning: x"


def test_plural():
    assert [plural(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]


def test_a_finding_kind_must_be_one_of_the_documented_kinds():
    assert Finding("error", "overflow", Where(), "text does not fit").kind == "overflow"
    with pytest.raises(ValueError, match="unknown finding kind 'overflw'"):
        Finding("error", "overflw", Where(), "text does not fit")
