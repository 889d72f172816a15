"""The one error type: where a problem is, what it is and a hint, said on one line."""

from pathlib import Path

import pytest

from deckpress.errors import DeckError, InMarkup, Where, did_you_mean, display_path, real_path


def test_a_message_names_file_line_card_field_and_markup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    where = Where(tmp_path / "cards/d.yaml", 12, "WU-01", "title")
    markup = InMarkup("challenge", "front", '<text name="title">', 3)
    error = DeckError("it is wrong", where.in_markup(markup), "fix it")
    assert error.format() == ("cards/d.yaml:12, card 'WU-01', field 'title': it is wrong "
                              "[front of layout 'challenge', <text name=\"title\"> (markup line "
                              "3)]\n  hint: fix it")
    assert str(error) == error.format()
    assert DeckError("bare").format() == "bare"
    assert InMarkup("plain").describe() == "layout 'plain'"


def test_a_line_is_looked_up_only_when_the_message_is_made():
    asked = []

    def locate():
        asked.append(True)
        return 7

    where = Where("deck.yaml", None, None, "size", locate=locate)
    assert asked == []
    assert where.describe() == "deck.yaml:7, field 'size'"
    assert Where("deck.yaml", 3, locate=locate).describe() == "deck.yaml:3"
    assert len(asked) == 1  # a known line is not looked up again


def test_paths_are_shown_as_typed_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "a" / "b.yaml") == str(Path("a/b.yaml"))
    assert display_path("/elsewhere/deck.yaml") == "/elsewhere/deck.yaml"


@pytest.mark.parametrize(("word", "choices", "hint"), [
    ("warmup", ["warm-up", "connect"], "did you mean 'warm-up'?"),
    ("zzz", ["a", "b"], "expected one of: a, b"),
    ("zzz", [f"c{n}" for n in range(13)], None),  # too many to list
    ("zzz", [], None),
])
def test_did_you_mean_names_the_closest_choice_or_lists_them(word, choices, hint):
    assert did_you_mean(word, choices) == hint


def test_did_you_mean_can_keep_the_list_to_itself():
    assert did_you_mean("zzz", ["a", "b"], list_choices=False) is None


def test_a_link_that_leads_round_in_a_loop_is_a_deck_error(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(DeckError) as caught:
        real_path(loop, "brand file")
    assert caught.value.problem == "the brand file is a symbolic link that leads round in a loop"
    assert caught.value.kind == "file"
    assert real_path(tmp_path / "missing.yaml") == (tmp_path / "missing.yaml").resolve()
