"""The sample deck's worksheets, built once for the tests of this folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckpress.inputs import load_client_inputs
from deckpress.source.client import load_client
from deckpress.worksheets import plan_worksheets, worksheet_settings
from helpers import WHOLE_DECK_CLIENT, copy_workspace


@pytest.fixture(scope="session")
def sheets(tmp_path_factory) -> dict[str, Path]:
    """The sample deck's worksheets, built once: both papers, and fillable on letter."""
    folder = tmp_path_factory.mktemp("worksheets")
    ws = copy_workspace(folder / "ws")
    outputs = {}
    client = ws / "clients" / "whole-deck.yaml"
    client.write_text(WHOLE_DECK_CLIENT, encoding="utf-8")
    inputs = load_client_inputs(load_client(client, ws))
    for name, paper, fillable in (("letter", "letter", False), ("a4", "a4", False),
                                  ("fillable", "letter", True)):
        out = folder / f"{name}.pdf"
        plan_worksheets(inputs, worksheet_settings(paper, fillable=fillable)).write(out)
        outputs[name] = out
    return outputs
