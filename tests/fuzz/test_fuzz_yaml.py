"""Fuzzing the YAML loader and the deck loader: whatever the file holds, it loads or says what
is wrong as a DeckError; never another exception, never a hang, never unbounded work."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_support import (
    EXAMPLES,
    MIB,
    PLAIN_SCALARS,
    TAGS,
    TIMEOUT,
    Raw,
    alias_bomb,
    budget,
    deep_nesting,
    document,
    expect_only,
    hostile_text,
    run_isolated,
    yaml_node,
)
from hypothesis import given
from hypothesis import strategies as st

from deckpress.errors import DeckError
from deckpress.source.deck import load_deck
from deckpress.source.yamlsource import read_yaml

YAML_TOKENS = (
    "- ", ": ", ":", "? ", "&a ", "&a", "*a", "*b", "<<: ", "<<: *a", "{", "}", "[", "]", ", ",
    ",", "---\n", "--- ", "...\n", "\n", "  ", "    ", "\t", "'", '"', "# c", "%YAML 1.1\n",
    "%YAML 2.0\n", "%TAG ! tag:x,2000:\n", "|\n", "|-\n", ">+\n", "title", "cards", "size",
    "id", "text", "x-", "\ufeff", "\x00", "\x85", "\u2028", "\x1b", "\r", "\r\n", "@", "`",
    "%", "!", "!!", "\\", *TAGS, *PLAIN_SCALARS,
)
yaml_soup = st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join)

VALID_DECK = {
    "title": "T",
    "size": "poker",
    "fields": ["n"],
    "levels": [{"id": "warm", "label": "Warm"}],
    "categories": {"c": {"label": "C", "colour": "#336699", "icon": "spark"}},
    "cards": [{"id": "A", "title": "t", "text": "x", "category": "c", "level": "warm"}],
}
# Where a hostile value may go in an otherwise valid deck.
PLACES = (
    ("title",), ("subtitle",), ("size",), ("layout",), ("fields",), ("levels",),
    ("levels", 0), ("levels", 0, "id"), ("categories",), ("categories", "c"),
    ("categories", "c", "colour"), ("categories", "c", "icon"), ("cards",), ("cards", 0),
    ("cards", 0, "id"), ("cards", 0, "title"), ("cards", 0, "text"), ("cards", 0, "copies"),
    ("cards", 0, "n"), ("cards", 0, "category"), ("cards", 0, "tip"), ("x-extra",),
    ("unknown",), ("cards", 0, "unknown"),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A workspace-like folder: decks go in its cards/."""
    root = tmp_path_factory.mktemp("fuzz-yaml")
    (root / "cards").mkdir()
    return root


def write(folder: Path, content: str | bytes, name: str = "cards/d.yaml") -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def placed(value: str, place: tuple[str | int, ...]) -> str:
    """The valid deck with `value` (raw YAML flow text) at `place`."""
    import copy

    deck = copy.deepcopy(VALID_DECK)
    target: dict | list = deck
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = Raw(value)  # type: ignore[index]
    return document(deck)


@budget()
@given(text=st.one_of(st.text(), yaml_soup, hostile_text))
def test_read_yaml_takes_any_text(folder, text):
    path = write(folder, text)
    expect_only((DeckError,), lambda: read_yaml(path))


@budget()
@given(content=st.binary(max_size=200))
def test_read_yaml_takes_any_bytes(folder, content):
    path = write(folder, content)
    expect_only((DeckError,), lambda: read_yaml(path))


@budget()
@given(node=yaml_node, as_value=st.booleans())
def test_read_yaml_takes_hostile_structures(folder, node, as_value):
    """Random nesting, anchors and aliases (also self-referring ones), tags, merge keys,
    nan/inf, huge numbers, odd keys."""
    path = write(folder, f"key: {node}\n" if as_value else node + "\n")
    expect_only((DeckError,), lambda: read_yaml(path))


@budget()
@given(nested=deep_nesting, place=st.sampled_from(((), *PLACES)))
def test_loaders_take_deep_nesting(folder, nested, place):
    """A value nested hundreds of levels deep, as the whole file or in a deck."""
    path = write(folder, placed(str(nested), place) if place else f"{nested}\n")
    expect_only((DeckError,), lambda: read_yaml(path))
    expect_only((DeckError,), lambda: load_deck(path))


@budget()
@given(node=yaml_node, place=st.sampled_from(PLACES))
def test_load_deck_takes_hostile_values_anywhere(folder, node, place):
    """A valid deck with one value replaced by a hostile one: it loads, or a DeckError says
    what is wrong."""
    path = write(folder, placed(node, place))
    expect_only((DeckError,), lambda: load_deck(path))


@budget(max(10, EXAMPLES // 3))
@given(bomb=alias_bomb, place=st.sampled_from(PLACES))
def test_load_deck_bounded_on_alias_bombs(folder, bomb, place):
    """A few hundred bytes of anchors and aliases that stand for up to 12**9 values: loading
    must stay quick and small (a DeckError or a deck), as a file this size deserves. Run in a
    forked child with 64 MiB more address space, for at most 3 s (a DeckError for a file this
    size takes milliseconds)."""
    path = write(folder, bomb.anchors + placed(bomb.alias, place))
    outcome = run_isolated(lambda: load_deck(path), (DeckError,), seconds=min(TIMEOUT, 3),
                           memory=64 * MIB)
    assert outcome.kind in ("ok", "expected"), (
        f"load_deck of a {path.stat().st_size}-byte file: {outcome.kind} after "
        f"{outcome.seconds:.1f} s\n{outcome.detail}")
