"""Reading YAML: what the user wrote stays as written, and every problem names file and line."""

from __future__ import annotations

import pytest

from deckpress.errors import DeckError
from deckpress.source.deck import load_deck
from deckpress.source.yamlsource import read_yaml

HEAD = "title: T\nsize: poker\n"


def deck(tmp_path, text: str):
    path = tmp_path / "cards" / "d.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(HEAD + text, encoding="utf-8")
    return load_deck(path)


def read(tmp_path, text: str | bytes):
    path = tmp_path / "f.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return read_yaml(path, "deck file")


def refused(tmp_path, text: str | bytes) -> DeckError:
    with pytest.raises(DeckError) as caught:
        read(tmp_path, text)
    assert caught.value.where.file == tmp_path / "f.yaml"
    return caught.value


@pytest.mark.parametrize(("written", "read_as"), [("007", "007"), ("1:30", "1:30"),
                                                  ("0x1F", "0x1F"), ("1.10", "1.10"),
                                                  ("12", "12")])
def test_unquoted_numbers_in_text_fields_stay_as_written(tmp_path, written, read_as):
    loaded = deck(tmp_path, f"cards:\n  - id: A\n    title: {written}\n    text: {written}\n")
    assert loaded.cards[0].title == read_as and loaded.cards[0].text == read_as


def test_numeric_ids_keep_their_leading_zeros(tmp_path):
    loaded = deck(tmp_path, "cards:\n  - {id: 007, title: a, text: x}\n"
                            "  - {id: 7, title: b, text: y}\n")
    assert [card.id for card in loaded.cards] == ["007", "7"]


def test_merge_keys_and_x_keys_hold_shared_values(tmp_path):
    loaded = deck(tmp_path, """x-base: &base
  title: Shared
  text: Same text
cards:
  - <<: *base
    id: A1
  - <<: *base
    id: A2
    title: Own title
""")
    assert [(c.id, c.title, c.text) for c in loaded.cards] == [
        ("A1", "Shared", "Same text"), ("A2", "Own title", "Same text")]


def test_a_merge_of_several_blocks_takes_each_key_from_the_first_that_has_it(tmp_path):
    source = read(tmp_path, "x: &a {k: 1}\ny: &b {k: 2, j: 3, m: 4}\n"
                            "z:\n  <<: [*a, *b]\n  j: 9\n")
    assert source.data["z"] == {"k": 1, "j": 9, "m": 4}


def test_a_key_written_twice_is_still_an_error(tmp_path):
    with pytest.raises(DeckError, match="'title' appears twice"):
        deck(tmp_path, "cards:\n  - id: A\n    title: a\n    title: b\n    text: x\n")


def test_copies_must_be_a_real_number(tmp_path):
    with pytest.raises(DeckError, match="whole number"):
        deck(tmp_path, "cards:\n  - id: A\n    title: a\n    text: x\n    copies: '2'\n")


def test_lines_of_keys_and_list_items_are_found_when_asked(tmp_path):
    source = read(tmp_path, "a: 1\nb:\n  - x\n  - y: 2\n    z: 3\n")
    assert source._lines is None  # not indexed until a message needs a line
    assert source.line_of(("b", 1, "z")) == 5
    assert source.line_of(("b", 0)) == 3
    assert source.line_of(("b", 7, "nothing")) == 2  # the nearest place that is there
    assert source.line_of(()) == 1


def test_lines_of_top_level_keys_and_their_items_need_no_second_reading(tmp_path):
    source = read(tmp_path, "title: t\ncards:\n  - id: A\n  - id: B\n    text: x\n")
    assert source.line_of(("cards", 1)) == 4
    assert source.line_of(("title",)) == 1
    assert source._lines is None  # the file was not read again
    assert source.line_of(("cards", 1, "text")) == 5
    assert source._lines is not None


def test_a_file_gone_since_it_was_read_gives_messages_without_a_line(tmp_path):
    source = read(tmp_path, "a:\n  b:\n    c: 1\n")
    (tmp_path / "f.yaml").unlink()
    assert source.line_of(("a", "b", "c")) is None
    assert source.where(("a", "b", "c"), None, "c").describe().endswith("f.yaml, field 'c'")
    assert source.line_of(("a",)) == 1  # kept from the reading the data came from


def test_a_missing_file_a_folder_and_an_empty_file_are_named(tmp_path):
    with pytest.raises(DeckError) as caught:
        read_yaml(tmp_path / "none.yaml", "deck file")
    assert (caught.value.problem, caught.value.hint) == ("deck file not found",
                                                        "check the path and the file name")
    with pytest.raises(DeckError, match="deck file is a folder, not a file"):
        read_yaml(tmp_path, "deck file")
    for empty in ("", "# only a comment\n", "---\n...\n"):
        error = refused(tmp_path, empty)
        assert error.problem == "deck file is empty"
        assert error.hint == "see docs/deck-format.md for an example"


def test_a_file_that_is_not_utf8_says_where_and_how_to_save_it(tmp_path):
    error = refused(tmp_path, "title: Caf\xe9\n".encode("latin-1"))
    assert error.problem == "deck file is not UTF-8 text (byte 10)"
    assert error.hint == "save the file as UTF-8"


@pytest.mark.parametrize(("text", "problem", "line", "hint"), [
    ("title: Brave: again\n", "malformed YAML: mapping values are not allowed", 1,
     "check the indentation"),
    ("a: 1\n---\nb: 2\n", "the file holds more than one YAML document (---)", 2,
     "keep one document per file"),
    ("a: 1\nb: *nowhere\n", "unknown alias *nowhere", 2, None),
    ("a: 1\n? [x, y]\n: 2\n", "a key must be a single word or text, not a list or block", 2,
     "write the key as plain text before the colon"),
    ("a: 1\nb: !python/object x\n", "unsupported YAML tag !python/object", 2,
     "remove the !tag; plain values are all a deck needs"),
])
def test_yaml_the_reader_cannot_take_is_refused_at_its_line(tmp_path, text, problem, line,
                                                            hint):
    error = refused(tmp_path, text)
    assert error.problem.startswith(problem)
    assert error.where.line == line
    if hint is None:
        assert error.hint is None
    else:
        assert error.hint.startswith(hint)


def test_a_pasted_control_character_is_refused_at_its_line(tmp_path):
    """A raw control character (not written as an escape) stops the YAML reader itself; the
    message still names the file and the line, like every other malformed YAML."""
    error = refused(tmp_path, "title: T\nsize: poker\nsubtitle: one\x0btwo\n")
    assert error.problem.startswith("malformed YAML")
    assert "#x000b" in error.problem
    assert error.where.line == 3
    assert "<unicode string>" not in error.format()
