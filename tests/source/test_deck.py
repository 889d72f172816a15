"""Loading a deck: its validation messages name file, line, card and field, with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckpress.build import prepare_job, render_pdf
from deckpress.cli import main
from deckpress.errors import DeckError
from deckpress.inputs import load_inputs
from deckpress.output.profiles import load_profile
from deckpress.source.deck import load_deck
from helpers import DECK, ROOT, edit, failed_build, line_of, sample_line

WU_01 = line_of(ROOT / DECK, "- id: WU-01")
COLOUR = sample_line(DECK, 'colour: "#9E5F10"')

# (id, edits: [(file, old, new)], expected pieces)
CASES = [
    ("malformed-yaml", [(DECK, "title: Brave Asks", "title: Brave Asks: again")],
     [sample_line(DECK, "title: Brave Asks"), "malformed YAML", "hint: check the indentation"]),
    ("missing-field", [(DECK, "    title: Ask for directions\n", "")],
     [f"{DECK}:{WU_01}", "card 'WU-01'", "missing required field 'title'"]),
    ("misspelt-card-key", [(DECK, "    tip: '“Excuse me", "    tipp: '“Excuse me")],
     [sample_line(DECK, "tip: '“Excuse me"), "card 'WU-01'", "field 'tipp'",
      "unknown key 'tipp'", "did you mean 'tip'?"]),
    ("misspelt-deck-key", [(DECK, "subtitle:", "subtitel:")],
     [sample_line(DECK, "subtitle: Small"), "unknown key 'subtitel'", "did you mean 'subtitle'?"]),
    ("duplicate-id", [(DECK, "id: WU-02", "id: WU-01")],
     [sample_line(DECK, "- id: WU-02"), "card 'WU-01'",
      f"duplicate card id 'WU-01' (first used on line {WU_01})"]),
    ("unknown-category", [(DECK, "category: warm-up", "category: warmup")],
     [sample_line(DECK, "category: warm-up", after="id: WU-01"), "card 'WU-01'",
      "unknown category 'warmup'", "did you mean 'warm-up'?"]),
    ("unknown-level", [(DECK, "level: warm", "level: hot")],
     ["card 'WU-01'", "unknown level 'hot'"]),
    ("invalid-colour", [(DECK, '"#9E5F10"', '"#9E5F1"')],
     [COLOUR, "categories.warm-up.colour", "'#9E5F1' is not a colour", "#RRGGBB"]),
    ("unknown-size", [(DECK, "size: poker", "size: pokr")],
     [sample_line(DECK, "size: poker"), "unknown card size 'pokr'", "did you mean 'poker'?"]),
    ("yes-no-as-text", [(DECK, "title: Ask for directions", "title: no")],
     ["card 'WU-01'", "field 'title'", "YAML read False", "put the value in quotes"]),
    ("unquoted-colour", [(DECK, 'colour: "#9E5F10"', "colour: #9E5F10")],
     [COLOUR, "'colour' is empty", "must be in quotes"]),
    ("blank-title", [(DECK, "title: Ask for directions", 'title: "  "')],
     ["card 'WU-01'", "'title' is blank"]),
    ("copies-not-a-number", [(DECK, "    level: warm\n", "    level: warm\n    copies: three\n")],
     ["card 'WU-01'", "'copies' must be a whole number (got 'three')"]),
    ("copies-true", [(DECK, "    level: warm\n", "    level: warm\n    copies: yes\n")],
     ["card 'WU-01'", "'copies' must be a whole number (got True)"]),
    ("id-too-long", [(DECK, "id: WU-01", "id: WU-0123456789ABCDEF")],
     ["'id' is too long (19 characters, at most 16)"]),
    ("control-character", [(DECK, "title: Ask for directions",
                            'title: "Ask for\\vdirections"')],
     ["card 'WU-01'", "field 'title'", "invisible control character (U+000B)"]),
    ("custom-field-not-declared", [(DECK, "    counts_when: You asked. Their answer",
                                    "    points: 3\n    counts_when: You asked. Their answer")],
     ["unknown key 'points'", "list it under 'fields:'"]),
]


@pytest.mark.parametrize(("edits", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_a_mistake_in_the_deck_gives_one_clear_message(workspace, runner, monkeypatch, edits,
                                                       expected):
    failed_build(workspace, runner, monkeypatch, edits, expected=expected)


@pytest.mark.parametrize("field", ["size: poker", 'colour: "#9E5F10"', "layout: challenge"])
def test_a_pasted_paragraph_is_not_echoed_in_full(workspace, runner, monkeypatch, field):
    monkeypatch.chdir(workspace)
    key = field.split(":")[0]
    edit(workspace / DECK, field, f"{key}: " + "x" * 3000)
    result = runner.invoke(main, ["build", DECK])
    assert result.exit_code == 1
    assert len(result.output) < 600


def test_check_lists_every_validation_problem_of_the_deck(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    edit(workspace / DECK, "    title: Ask for directions\n", "")
    edit(workspace / DECK, "    title: Ask for their pick\n", "")
    edit(workspace / DECK, "    title: Compliment and ask\n",
         "    title: Compliment and ask\n    copies: three\n")
    built = runner.invoke(main, ["build", DECK])
    assert built.exit_code == 1 and "(and 2 more problems)" in built.output
    result = runner.invoke(main, ["check", DECK])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any("card 'WU-01'" in line and "missing required field 'title'" in line
               for line in lines)
    assert any("card 'WU-02'" in line and "missing required field 'title'" in line
               for line in lines)
    assert any("card 'WU-03'" in line and "'copies' must be a whole number" in line
               for line in lines)
    assert "more problem" not in result.output
    assert lines[-1] == ("3 errors, 0 warnings in 47 cards on profile 'home-letter' "
                         "(3 more cards not rendered until their errors are fixed)")


def test_check_lists_every_cards_unknown_key_category_and_level_in_file_order(
        workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    edit(workspace / DECK, "category: online", "category: onlin")
    edit(workspace / DECK, "    tip: '“Excuse me", "    tipp: '“Excuse me")
    edit(workspace / DECK, "level: bold", "level: bald")
    edit(workspace / DECK, "id: WU-02", "id: WU-01")
    result = runner.invoke(main, ["check", DECK])
    assert result.exit_code == 1
    errors = [line.split(", ", 2) for line in result.output.splitlines()[:-1]]
    assert [(card, problem.split(" (hint")[0]) for _, card, problem in errors] == [
        ("card 'WU-01'", "field 'tipp': unknown key 'tipp'"),
        ("card 'WU-01'", f"field 'id': duplicate card id 'WU-01' (first used on line {WU_01})"),
        ("card 'WU-07'", "field 'level': unknown level 'bald'"),
        ("card 'ON-01'", "field 'category': unknown category 'onlin'"),
    ]
    lines = [int(place.split(":")[2]) for place, _, _ in errors]
    assert lines == sorted(lines)
    assert result.output.splitlines()[-1] == (
        "4 errors, 0 warnings in 47 cards on profile 'home-letter' (3 more cards not rendered "
        "until their errors are fixed)")


def test_a_good_build_never_indexes_the_deck_lines(tmp_path):
    """Line numbers are for messages; indexing every key of a big deck costs memory for
    nothing (the benchmark shows it), so a build without problems must not build the index."""
    inputs = load_inputs(ROOT / DECK, ROOT / "brands/example.yaml")
    job = prepare_job(inputs, load_profile("home-a4", inputs.workspace))
    render_pdf(job, tmp_path / "deck.pdf")
    assert job.deck.source._lines is None


# ---- decks written for the tests -----------------------------------------------------------

HEAD = "title: T\nsize: poker\n"
ONE_CARD = "cards:\n  - {id: A, title: a, text: x}\n"


def load(tmp_path: Path, text: str):
    path = tmp_path / "cards" / "d.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_deck(path)


def refused(tmp_path: Path, text: str) -> DeckError:
    with pytest.raises(DeckError) as caught:
        load(tmp_path, text)
    return caught.value


def test_settings_cards_and_copies_are_kept(tmp_path):
    loaded = load(tmp_path, "title: T\nsubtitle: 12\nsize: 70x120mm\nfields: [notes]\n"
                            "cards:\n  - {id: A, title: a, text: x, copies: 3, notes: n}\n"
                            "  - {id: B, title: b, text: y}\n")
    assert loaded.settings.subtitle == "12" and loaded.settings.layout == "plain"
    assert (loaded.width, loaded.height) == pytest.approx((70 * 72 / 25.4, 120 * 72 / 25.4))
    assert loaded.card_count == 4
    assert loaded.cards[0].model_dump()["notes"] == "n"
    assert loaded.card_where(1, "title").describe().endswith("d.yaml:7, card 'B', field 'title'")
    assert loaded.workspace == tmp_path


@pytest.mark.parametrize(("text", "problem", "line", "hint"), [
    ("- a\n- b\n", "the deck file must be a block of keys (title:, subtitle:, size: ...), not a "
     "list", 1, "see docs/deck-format.md for an example"),
    ("just words\n", "the deck file must be a block of keys (title:, subtitle:, size: ...), "
     "not a text", 1, "see docs/deck-format.md"),
    (HEAD + "cards: []\n", "'cards' needs at least one entry", 3, "add at least one item under "
     "'cards:'"),
    (HEAD + "cards: three\n", "'cards' should be a list, not 'three'", 3,
     "write each entry on a line of its own, starting with '- '"),
    (HEAD + "cards:\n  - just text\n", "entry 1 of 'cards' should be a block of keys, not a "
     "text", 4,
     "indent its keys below it: id:, title:, text:"),
    ("title: [a, b]\nsize: poker\n" + ONE_CARD, "'title' must be text (got ['a', 'b'])", 1,
     "put it in quotes"),
    ("title: T\nsize: 0x88mm\n" + ONE_CARD, "card size '0x88mm' must have a positive width and "
     "height", 2, None),
    ("title: T\nsize: 5x5000mm\n" + ONE_CARD, "card size '5x5000mm' is too small to print: "
     "each side must be at least 20 mm", 2, "a mini card is 41x63mm"),
    (HEAD + "levels:\n  - {id: l1, label: L, colr: x}\n" + ONE_CARD, "unknown key 'colr'", 4,
     "expected one of: description, id, label"),
    (HEAD + "categories:\n  c: {label: C, colour: '#112233', icn: x}\n" + ONE_CARD,
     "unknown key 'icn'", 4, "did you mean 'icon'?"),
    (HEAD + "categories: [c]\n" + ONE_CARD, "'categories' should be a block of keys, not a "
     "list", 3, "indent its keys below it: label:, colour:, icon:"),
    (HEAD + "categories:\n  c: warm\n" + ONE_CARD, "'c' should be a block of keys, not a text",
     4, "indent its keys below it: label:, colour:, icon:"),
    (HEAD + "cards:\n  - {id: A, title: a, text: x, copies: 0}\n",
     "'copies' must be at least 1 (got 0)", 4, None),
    (HEAD + "cards:\n  - {id: A, title: a, text: x, copies: 1.5}\n",
     "'copies' must be a whole number (got 1.5)", 4, "e.g. copies: 2"),
    (HEAD + "cards:\n  - {id: 'A B', title: a, text: x}\n", "'A B' is not a valid id", 4,
     "use letters, digits, '-', '_' or '.', e.g. WU-01"),
    (HEAD + "layout: yes\n" + ONE_CARD, "expected text but YAML read True", 3,
     'put the value in quotes, e.g. "No"'),
    (HEAD + "fields: notes\ncards:\n  - {id: A, title: a, text: x, notes: n}\n",
     "'fields' should be a list, not 'notes'", 3, "write each entry on a line of its own"),
])
def test_a_deck_that_does_not_validate_names_its_line_and_says_what_would(tmp_path, text,
                                                                          problem, line, hint):
    error = refused(tmp_path, text)
    assert problem in error.problem
    assert error.where.line == line
    assert error.where.file == tmp_path / "cards" / "d.yaml"
    if hint is None:
        assert error.hint is None
    else:
        assert hint in error.hint


def test_a_problem_in_a_card_that_is_not_a_block_names_no_card(tmp_path):
    error = refused(tmp_path, HEAD + "cards:\n  - {id: A, title: a, text: x}\n  - just text\n")
    assert error.where.card is None and error.where.field == "cards"
    assert error.where.line == 5


def test_a_deck_with_several_problems_keeps_each_for_check(tmp_path):
    error = refused(tmp_path, HEAD + "cards:\n  - {id: A, text: x}\n  - {id: B, title: b}\n")
    assert error.problem == "missing required field 'title' (and 1 more problem)"
    assert [(one.where.card, one.problem) for one in error.each] == [
        ("A", "missing required field 'title'"), ("B", "missing required field 'text'")]


def test_a_category_icon_may_be_an_image_file_beside_the_deck(tmp_path):
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "mine.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    (tmp_path / "ws.png").write_bytes(b"")  # found in the workspace too
    loaded = load(tmp_path, HEAD + "categories:\n  a: {label: A, colour: '#112233', icon: mine.svg}"
                            "\n  b: {label: B, colour: '#112233', icon: ws.png}\n"
                            "  c: {label: C, colour: '#112233', icon: star}\n"
                            "  d: {label: D, colour: '#112233'}\n" + ONE_CARD)
    assert loaded.icons["a"] == (tmp_path / "cards" / "mine.svg").resolve()
    assert loaded.icons["b"] == (tmp_path / "ws.png").resolve()
    assert loaded.icons["c"].name == "star.svg"  # a built-in icon by name
    assert "d" not in loaded.icons


def test_an_icon_that_is_neither_built_in_nor_a_file_is_named(tmp_path):
    error = refused(tmp_path, HEAD + "categories:\n  c: {label: C, colour: '#112233', "
                                     "icon: nothere.svg}\n" + ONE_CARD)
    assert error.problem == "icon 'nothere.svg' is neither a built-in icon nor an image file"
    assert (error.where.line, error.where.field) == (4, "icon")
    assert error.hint.startswith("built-in icons: calendar, chat, check, clock, coffee, door,")
