"""Loading decks: YAML details that must not change what the user wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckpress.errors import DeckError
from deckpress.load import load_deck

HEAD = "title: T\nsize: poker\n"


def deck(tmp_path, text: str):
    path = tmp_path / "cards" / "d.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(HEAD + text, encoding="utf-8")
    return load_deck(path).deck


@pytest.mark.parametrize(("written", "read"), [("007", "007"), ("1:30", "1:30"),
                                               ("0x1F", "0x1F"), ("1.10", "1.10"), ("12", "12")])
def test_unquoted_numbers_in_text_fields_stay_as_written(tmp_path, written, read):
    loaded = deck(tmp_path, f"cards:\n  - id: A\n    title: {written}\n    text: {written}\n")
    assert loaded.cards[0].title == read and loaded.cards[0].text == read


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


def test_a_key_written_twice_is_still_an_error(tmp_path):
    with pytest.raises(DeckError, match="'title' appears twice"):
        deck(tmp_path, "cards:\n  - id: A\n    title: a\n    title: b\n    text: x\n")


def test_copies_must_be_a_real_number(tmp_path):
    with pytest.raises(DeckError, match="whole number"):
        deck(tmp_path, "cards:\n  - id: A\n    title: a\n    text: x\n    copies: '2'\n")


def test_a_good_build_never_indexes_the_deck_lines(tmp_path):
    """Line numbers are for messages; indexing every key of a big deck costs memory for
    nothing (the benchmark shows it), so a build without problems must not build the index."""
    from deckpress.build import prepare_job, render_pdf

    root = Path(__file__).resolve().parent.parent
    job = prepare_job(root / "cards/networking.yaml", root / "brands/example.yaml", "home-a4")
    render_pdf(job, tmp_path / "deck.pdf")
    assert job.deck.source._lines is None
