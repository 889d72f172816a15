"""The smallest failing inputs the fuzz tests of this folder found, kept as plain tests of the
same properties: they fail until the loader handles them, and then keep it handling them,
whichever examples a later Hypothesis run happens to draw."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_support import MIB, AliasBomb, Nested, expect_only, run_isolated

from deckpress.errors import DeckError
from deckpress.output.profiles import load_profile
from deckpress.source.deck import load_deck
from deckpress.source.yamlsource import read_yaml

VALID_DECK = "title: T\nsize: poker\ncards: [{id: A, title: t, text: x}]\n"


def deck_with(title: str) -> str:
    return VALID_DECK.replace("title: T", f"title: {title}")


@pytest.mark.parametrize("text", ["!!int", "!!float", "!!bool", "a: !!bool x"])
def test_tagged_scalars_pyyaml_cannot_construct(tmp_path: Path, text: str):
    """test_read_yaml_takes_any_text: PyYAML's constructors raise IndexError or KeyError."""
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    expect_only((DeckError,), lambda: read_yaml(path))


def test_alias_of_a_block_as_a_key(tmp_path: Path):
    """test_load_deck_takes_hostile_values_anywhere: `{*a0 : ""}` where a0 is a list."""
    (tmp_path / "cards").mkdir()
    path = tmp_path / "cards" / "d.yaml"
    path.write_text(deck_with('&a0 [{*a0  : ""}]'), encoding="utf-8")
    expect_only((DeckError,), lambda: load_deck(path))


@pytest.mark.parametrize("nested", [Nested("map", 800), Nested("block", 800),
                                    Nested("mixed", 800)])
def test_deep_nesting(tmp_path: Path, nested: Nested):
    """test_loaders_take_deep_nesting: 800 levels of blocks."""
    path = tmp_path / "d.yaml"
    path.write_text(f"{nested}\n", encoding="utf-8")
    expect_only((DeckError,), lambda: read_yaml(path))


def test_alias_bomb(tmp_path: Path):
    """test_load_deck_bounded_on_alias_bombs: 775 bytes standing for 10**9 values."""
    bomb = AliasBomb(10, 8)
    (tmp_path / "cards").mkdir()
    path = tmp_path / "cards" / "d.yaml"
    path.write_text(bomb.anchors + deck_with(bomb.alias), encoding="utf-8")
    outcome = run_isolated(lambda: load_deck(path), (DeckError,), seconds=3, memory=64 * MIB)
    assert outcome.kind in ("ok", "expected"), f"{outcome.kind}\n{outcome.detail}"


@pytest.mark.parametrize("key", ["margin", "gutter", "bleed", "safe"])
def test_profile_length_beyond_a_float(tmp_path: Path, key: str):
    """test_profile_loader_takes_random_values: an unquoted whole number too large for a
    float (10**309)."""
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "big.yaml").write_text(
        f"page: letter\n{key}: 1{'0' * 309}\n", encoding="utf-8")
    expect_only((DeckError,), lambda: load_profile("big", tmp_path))
