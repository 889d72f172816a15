"""`check` finds every mistake of a deck and its brand in one run: format problems (keys,
values, icons, logo, fonts) and the problems the rest of the deck shows when it is rendered,
each on its own line with file and line; `build` stops at the first and writes nothing."""

from __future__ import annotations

from deckpress.cli import main
from helpers import DECK, line_of, prepare

BRAND = "brands/example.yaml"


def _check(workspace, runner, monkeypatch, *args):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["check", *args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.output.splitlines() if line.startswith("error: ")]


def assert_each_at_its_line(errors: list[str], expected: list[tuple[int, str]]) -> None:
    """One error per (line of the sample deck, words of the message), and no other."""
    assert len(errors) == len(expected), errors
    for line, piece in expected:
        assert any(f"cards/networking.yaml:{line}, " in error and piece in error
                   for error in errors), (line, piece, errors)


def test_a_misspelt_key_an_unknown_icon_and_an_emoji_are_found_in_one_run(
        workspace, runner, monkeypatch):
    prepare(workspace, [
        (DECK, "    icon: spark\n", "    icon: sparkle\n"),
        (DECK, "    title: Ask for directions\n", "    title: Ask for directions 🙂\n"),
        (DECK, "    title: Ask for their pick\n",
         "    title: Ask for their pick\n    categroy: x\n"),
        (DECK, "    title: Compliment and ask\n",
         "    title: Compliment and ask\n    copies: two\n"),
        (DECK, "layout: challenge\n", "layout: challenge\nbrand_colour: red\n"),
    ])
    deck = workspace / DECK
    errors = _check(workspace, runner, monkeypatch, DECK)
    expected = [
        (line_of(deck, "brand_colour"), "field 'brand_colour': unknown key 'brand_colour'"),
        (line_of(deck, "icon: sparkle"), "icon 'sparkle' is neither a built-in icon"),
        (line_of(deck, "categroy"), "card 'WU-02', field 'categroy': unknown key 'categroy'"),
        (line_of(deck, "copies: two"), "card 'WU-03', field 'copies': 'copies' must be a whole"),
        (line_of(deck, "- id: WU-01"), "card 'WU-01': the font Noto Sans Bold has no glyph for "
                                       "'🙂'"),
    ]
    assert_each_at_its_line(errors, expected)
    assert "did you mean 'spark'?" in "\n".join(errors)


def test_build_stops_at_the_first_of_them_and_writes_nothing(workspace, runner, monkeypatch):
    prepare(workspace, [(DECK, "    icon: spark\n", "    icon: sparkle\n"),
                        (DECK, "    level: warm\n", "    level: warmish\n")])
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", DECK])
    assert result.exit_code == 1
    assert result.output.startswith("error: cards/networking.yaml:")
    assert "icon 'sparkle'" in result.output and "(and 1 more problem)" in result.output
    assert list((workspace / "output").iterdir()) == []


def test_a_rendering_problem_after_a_card_left_out_names_its_own_line(
        workspace, runner, monkeypatch):
    """Cards with a format problem are left out of rendering; the others keep their lines."""
    long_text = "Ask a stranger for directions. " * 40
    prepare(workspace, [
        (DECK, "    title: Ask for directions\n", "    title: Ask for directions\n    copies: x\n"),
        (DECK, "    text: Ask a barista, bookseller", f"    text: {long_text}Ask a barista, "
                                                       "bookseller"),
    ])
    errors = _check(workspace, runner, monkeypatch, DECK)
    overflow = [error for error in errors if "card 'WU-02'" in error]
    assert len(errors) == 2 and len(overflow) == 1, errors
    assert f"networking.yaml:{line_of(workspace / DECK, '- id: WU-02')}, " in overflow[0]
    assert "does not fit" in overflow[0]


def test_every_problem_of_the_brand_is_listed_with_the_decks(workspace, runner, monkeypatch):
    prepare(workspace, [(BRAND, "logo: logos/harbor.svg", "logo: logos/harbour.svg"),
                        (BRAND, "heading: Noto Serif", "heading: Noto Sanz"),
                        (BRAND, 'primary: "#1D3557"', "primary: blue"),
                        (DECK, "    level: warm\n", "    level: warmish\n")])
    errors = _check(workspace, runner, monkeypatch, DECK, "--brand", "example")
    pieces = ["unknown level 'warmish'", "logo file not found: logos/harbour.svg",
              "font family 'Noto Sanz' is not available", "'blue' is not a colour"]
    assert len(errors) == len(pieces), errors
    for piece in pieces:
        assert any(piece in error for error in errors), piece
    assert all(error.startswith("error: brands/example.yaml:") for error in errors[1:]), errors


def test_a_client_may_name_a_card_that_was_left_out_for_its_problem(
        workspace, runner, monkeypatch):
    """The card's own problem is the one said, not 'unknown card' in the client file."""
    prepare(workspace, [(DECK, "    title: Ask for directions\n",
                         "    title: Ask for directions\n    copies: many\n")])
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["check", "--client", "jordan-rivera"])
    lines = result.output.splitlines()
    assert len(lines) == 2 and "card 'WU-01', field 'copies'" in lines[0], lines  # ladder too
    assert lines[1].startswith("1 error, 0 warnings in 37 cards")


def test_wrong_deck_settings_still_list_every_card_problem(workspace, runner, monkeypatch):
    prepare(workspace, [(DECK, "size: poker\n", ""),
                        (DECK, "    title: Ask for directions\n", "")])
    errors = _check(workspace, runner, monkeypatch, DECK)
    assert [error.split(": ", 2)[2] for error in errors] == [
        "missing required field 'size' (hint: add 'size: ...' here)",
        "missing required field 'title' (hint: add 'title: ...' here)"]


def test_a_mistake_in_the_settings_does_not_hide_the_cards_problems(
        workspace, runner, monkeypatch):
    """A wrong category colour and a misspelt level key are said with every card problem; a
    wrong value of a card does not hide its other fields' problems either."""
    prepare(workspace, [
        (DECK, '    colour: "#9E5F10"   # warm amber\n', '    colour: "#9E5F1"\n'),
        (DECK, "    description: Low stakes. Start here.\n", "    descripton: Low stakes.\n"),
        (DECK, "    title: Compliment and ask\n", "    title: Compliment and ask\n"
                                                  "    copies: two\n"),
        (DECK, "    category: warm-up\n    level: warm\n    tip: '“Excuse me, which way",
         "    category: warmup\n    level: warm\n    tip: '“Excuse me, which way"),
        (DECK, "  - id: WU-03\n", "  - id: WU-02\n"),
    ])
    deck = workspace / DECK
    errors = _check(workspace, runner, monkeypatch, DECK)
    expected = [
        (line_of(deck, "descripton"), "unknown key 'descripton'"),
        (line_of(deck, '"#9E5F1"'), "'#9E5F1' is not a colour"),
        (line_of(deck, "category: warmup"), "card 'WU-01', field 'category': unknown category"),
        (line_of(deck, "- id: WU-02", after="- id: WU-02"), "duplicate card id 'WU-02'"),
        (line_of(deck, "copies: two"), "card 'WU-02', field 'copies'"),
    ]
    assert_each_at_its_line(errors, expected)


def test_an_icon_file_whose_name_cannot_be_written_is_said(workspace, runner, monkeypatch):
    (workspace / "icons").mkdir()
    (workspace / "icons/My Icon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>', encoding="utf-8")
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["check", "cards/table-talk.yaml"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("warning: icons/My Icon.svg: the icon My Icon.svg cannot "
                                    "be written in card text")


def test_a_brand_or_label_mistake_does_not_stop_the_cards_being_rendered(
        workspace, runner, monkeypatch):
    """Only a missing font does: the brand's other wrong values are left at their defaults."""
    prepare(workspace, [(BRAND, 'primary: "#1D3557"', "primary: blue"),
                        (DECK, "layout: challenge\n", 'layout: challenge\nlabels:\n  page: "{"\n'),
                        (DECK, "    title: Ask for directions\n",
                         "    title: Ask for directions 🙂\n")])
    errors = _check(workspace, runner, monkeypatch, DECK, "--brand", "example")
    assert len(errors) == 3, errors
    assert any("'blue' is not a colour" in error for error in errors)
    assert any("labels.page" in error for error in errors)
    assert any("card 'WU-01': the font" in error and "no glyph" in error for error in errors)


def test_a_decks_unknown_layout_is_said_once_at_its_line(workspace, runner, monkeypatch):
    prepare(workspace, [(DECK, "layout: challenge\n", "layout: challeng\n")])
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["check", DECK])
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    line = line_of(workspace / DECK, "layout: challeng")
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"error: cards/networking.yaml:{line}, field 'layout': layout "
                                "'challeng' not found (hint: did you mean 'challenge'?")
    assert errors[0].endswith("more cards)")
