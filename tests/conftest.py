"""Shared fixtures: a scratch copy of the sample workspace, a CLI runner, and built PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from deckpress.build import build_deck, prepare_job, write_deck
from deckpress.inputs import load_client_inputs
from deckpress.output.profiles import load_profile
from deckpress.source.client import load_client
from helpers import WHOLE_DECK_CLIENT, copy_workspace


def build_for_client(workspace: Path, client: Path, output: Path, profile: str) -> None:
    """The client's (first) deck, as `build --client` makes it."""
    inputs = load_client_inputs(load_client(client, workspace))
    write_deck(prepare_job(inputs, load_profile(profile, workspace)), output)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A private copy of the repository's sample workspace, safe to edit."""
    return copy_workspace(tmp_path / "ws")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """The sample decks built once per test session, on both home profiles: the whole
    networking deck for a client of the example coach, without a brand, and table-talk."""
    folder = tmp_path_factory.mktemp("built")
    ws = copy_workspace(folder / "ws")
    client = ws / "clients" / "whole-deck.yaml"
    client.write_text(WHOLE_DECK_CLIENT, encoding="utf-8")
    outputs = {"letter": folder / "letter.pdf", "a4": folder / "a4.pdf"}
    build_for_client(ws, client, outputs["letter"], "home-letter")
    build_for_client(ws, client, outputs["a4"], "home-a4")
    for name, deck, brand, profile in (
        ("neutral", "networking", None, "home-letter"),
        ("table-talk", "table-talk", "example", "home-a4"),
    ):
        out = folder / f"{name}.pdf"
        brand_path = ws / "brands" / f"{brand}.yaml" if brand else None
        build_deck(ws / "cards" / f"{deck}.yaml", out, brand_path, profile)
        outputs[name] = out
    return outputs
