"""Shared fixtures: a scratch copy of the sample workspace, a CLI runner, and built PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from deckpress.build import build_deck
from helpers import copy_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A private copy of the repository's sample workspace, safe to edit."""
    return copy_workspace(tmp_path / "ws")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """The sample decks built once per test session, on both home profiles."""
    folder = tmp_path_factory.mktemp("built")
    ws = copy_workspace(folder / "ws")
    outputs = {}
    for name, deck, brand, profile in (
        ("letter", "networking", "example", "home-letter"),
        ("a4", "networking", "example", "home-a4"),
        ("neutral", "networking", None, "home-letter"),
        ("table-talk", "table-talk", "example", "home-a4"),
    ):
        out = folder / f"{name}.pdf"
        brand_path = ws / "brands" / f"{brand}.yaml" if brand else None
        build_deck(ws / "cards" / f"{deck}.yaml", out, brand_path, profile)
        outputs[name] = out
    return outputs
