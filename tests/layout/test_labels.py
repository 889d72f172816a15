"""The printed words of the built-in card layouts come from the labels table: a brand, a deck
or a client file changes one key at a time (client over deck over brand over the defaults),
and a misspelt key or placeholder is said at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from deckpress.cli import main
from deckpress.layout.catalogue import describe
from deckpress.layout.templates import Layouts
from deckpress.source.labels import (
    LabelProblem,
    check_label,
    label_defaults,
    merged_labels,
    placeholders,
)
from helpers import ROOT, edit, line_of

CLIENT = """brand: example
name: Lena Graf
decks:
  - deck: networking
    cards: [HELLO, WU-01, WU-02]
"""


def deck_labels(workspace: Path, block: str) -> Path:
    """The sample deck with a `labels:` block (indented YAML lines) after its layout."""
    deck = workspace / "cards" / "networking.yaml"
    edit(deck, "layout: challenge\n", "layout: challenge\nlabels:\n" + block)
    return deck


def client_file(workspace: Path, labels: str = "") -> Path:
    path = workspace / "clients" / "lena.yaml"
    path.write_text(CLIENT + (f"labels:\n{labels}" if labels else ""), encoding="utf-8")
    return path


def build_text(runner, workspace: Path) -> str:
    """The words of Lena's deck (an intro card and two challenges), built as `build --client`."""
    client_file_path = workspace / "clients" / "lena.yaml"
    if not client_file_path.exists():
        client_file(workspace)
    result = runner.invoke(main, ["build", "--client", str(client_file_path)])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(workspace / "output" / "lena" / "networking-home-letter.pdf") as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_defaults_print_the_words_as_ever(runner, workspace):
    text = build_text(runner, workspace)
    for words in ("Counts when:", "Warm · level 1 of 3", "THIS DECK BELONGS TO",
                  "Book your next session"):
        assert words in text


def test_a_deck_renames_one_word_and_leaves_the_others(runner, workspace):
    deck_labels(workspace, '  counts_when: "Zählt, wenn:"\n'
                           '  level: "{label} — Stufe {number}/{count}"\n')
    text = build_text(runner, workspace)
    assert "Zählt, wenn:" in text and "Counts when:" not in text
    assert "Warm — Stufe 1/3" in text and "level 1 of 3" not in text
    assert "THIS DECK BELONGS TO" in text and "Book your next session" in text


def test_client_over_deck_over_brand(runner, workspace):
    edit(workspace / "brands" / "example.yaml", "disclaimer:",
         "labels:\n  counts_when: Brand says\n  belongs_to: Ein Deck für\n"
         "  book_session: Termin buchen\ndisclaimer:")
    deck_labels(workspace, "  counts_when: Deck says\n  belongs_to: Dieses Deck gehört\n")
    client_file(workspace, "  counts_when: Gilt, wenn\n")
    text = build_text(runner, workspace)
    assert "Gilt, wenn" in text and "Deck says" not in text and "Brand says" not in text
    assert "DIESES DECK GEHÖRT" in text and "EIN DECK FÜR" not in text  # deck over brand
    assert "Termin buchen" in text  # the brand's, where nobody else says otherwise


def test_a_label_prints_markup_characters_as_written(runner, workspace):
    client_file(workspace, '  book_session: "Book & <plan> {{today}}"\n'
                           '  level: "{label} <{number}/{count}> & more"\n')
    text = build_text(runner, workspace)
    assert "Book & <plan> {today}" in text
    assert "Warm <1/3> & more" in text


def test_placeholders_can_move_or_go(runner, workspace):
    client_file(workspace, '  level: "{number}/{count}"\n')
    text = build_text(runner, workspace)
    assert re.search(r"^1/3 1/3$", text, re.MULTILINE)  # two cards side by side
    assert "Warm ·" not in text


@pytest.mark.parametrize(("written", "problem", "hint"), [
    ("cunts_when: Zählt", "unknown key 'cunts_when'", "did you mean 'counts_when'?"),
    ('level: "Stufe {nmber} von {count}"', "unknown placeholder '{nmber}'",
     "did you mean '{number}'? this label can use {label}, {number}, {count}"),
    ('counts_when: "Zählt {when}"', "the label takes no placeholders, but '{when}' is written "
     "as one", "write {{ or }} to print a brace"),
    ('level: "Stufe {number:>9999999}"', "the label has the placeholder '{number:>9999999}', "
     "which is not a plain name", "write a placeholder as just its name in braces"),
    ('level: "Stufe {number.real}"', "the label has the placeholder '{number.real}', which is "
     "not a plain name", None),
    ('log_answer_other: "Anders | Sonst"', "the label may not hold '|': challenge log, an "
     "answer to tick (answers are separated by |)", "write it without '|'"),
    ('level: "Stufe {number"', "the label has a brace without its partner",
     "placeholders are written in braces, e.g. {number}; write {{ or }} to print a brace"),
])
def test_a_wrong_label_in_a_deck_is_said_at_its_line(runner, workspace, written, problem, hint):
    deck = deck_labels(workspace, f"  belongs_to: Dieses Deck gehört\n  {written}\n")
    key = written.split(":")[0]
    result = runner.invoke(main, ["build", str(deck)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = line_of(deck, f"  {key}:")
    assert f"cards/networking.yaml:{line}, field 'labels.{key}': {problem}" in result.output
    if hint:
        assert f"hint: {hint}" in result.output
    assert len(result.output.strip().splitlines()) == 2  # one message and its hint


def test_a_wrong_label_in_a_client_or_brand_file_too(runner, workspace):
    client = client_file(workspace, '  page: "Seite {seite}"\n')
    result = runner.invoke(main, ["build", "--client", str(client)])
    assert result.exit_code == 1
    assert (f"clients/lena.yaml:{line_of(client, 'page:')}, field 'labels.page': unknown "
            "placeholder '{seite}'") in result.output
    assert "this label can use {page}, {count}" in result.output
    brand = workspace / "brands" / "example.yaml"
    edit(brand, "disclaimer:", "labels:\n  book_sesion: Buchen\ndisclaimer:")
    result = runner.invoke(main, ["build", str(workspace / "cards" / "networking.yaml"),
                                  "--brand", "example"])
    assert result.exit_code == 1
    assert (f"brands/example.yaml:{line_of(brand, 'book_sesion')}, field "
            "'labels.book_sesion': unknown key 'book_sesion'") in result.output
    assert "did you mean 'book_session'?" in result.output


def test_a_longer_word_that_does_not_fit_is_an_overflow_like_any_text(runner, workspace):
    deck = deck_labels(workspace, "  belongs_to: " + "Dieses Deck gehört " * 12 + "\n")
    result = runner.invoke(main, ["check", str(deck), "--brand", "example"])
    assert result.exit_code == 1
    assert "card 'HELLO': text \"DIESES DECK GEHÖRT" in result.output
    assert "does not fit" in result.output and '<text name="belongs to">' in result.output


def test_every_default_uses_only_plain_placeholders():
    for key, default in label_defaults().items():
        assert check_label(key, default.text) == default.text
        assert default.prints
    assert label_defaults()["level"].placeholders == ("label", "number", "count")
    assert label_defaults()["counts_when"].placeholders == ()


def test_merged_labels_change_key_by_key():
    table = merged_labels([({"page": "S. {page}"}, lambda key: None),  # type: ignore[arg-type]
                           ({"counts_when": "Gilt:"}, lambda key: None)])  # type: ignore
    assert table.fill("page", page=2, count=3) == "S. 2"
    assert table.texts["counts_when"] == "Gilt:"
    assert table.texts["belongs_to"] == "This deck belongs to"
    assert table.for_templates()["level"] == "{label} · level {number} of {count}"


def test_braces_print_in_a_label_without_placeholders():
    table = merged_labels([({"counts_when": "{{ok}}"}, lambda key: None)])  # type: ignore
    assert table.for_templates()["counts_when"] == "{ok}"
    with pytest.raises(LabelProblem):
        placeholders("{0}")


def test_the_docs_list_every_label_with_its_default():
    docs = (ROOT / "docs" / "labels.md").read_text(encoding="utf-8")
    for key, default in label_defaults().items():
        row = next((line for line in docs.splitlines() if line.startswith(f"| `{key}` |")),
                   None)
        assert row is not None, f"docs/labels.md has no row for {key}"
        assert default.text in row.replace("\\|", "|"), key


def test_the_catalogue_names_the_labels_a_layout_prints():
    layouts = Layouts(None)
    assert describe(layouts, "challenge").labels == ("counts_when", "level")
    assert describe(layouts, "intro").labels == ("belongs_to", "book_session")
    assert describe(layouts, "plain").labels == ()
