"""The sample deck's worksheets, built once for the tests of this folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deckpress.inputs import load_client_inputs
from deckpress.source.client import load_client
from deckpress.worksheets import plan_worksheets, worksheet_settings
from helpers import WHOLE_DECK_CLIENT, copy_workspace


@pytest.fixture(scope="session")
def sheets(tmp_path_factory) -> dict[str, Path]:
    """The sample deck's worksheets, built once, with all 48 challenges on the ladder: both
    papers, and fillable on letter."""
    folder = tmp_path_factory.mktemp("worksheets")
    ws = copy_workspace(folder / "ws")
    outputs = {}
    client = ws / "clients" / "whole-deck.yaml"
    codes = re.findall(r"- id: ([A-Z]{2}-\d\d)", (ws / "cards" / "networking.yaml").read_text(
        encoding="utf-8"))
    # every challenge on the ladder, so the log has a block for each: the longest sheets
    client.write_text(WHOLE_DECK_CLIENT + f"ladder: [{', '.join(codes)}]\n", encoding="utf-8")
    inputs = load_client_inputs(load_client(client, ws))
    for name, paper, fillable in (("letter", "letter", False), ("a4", "a4", False),
                                  ("fillable", "letter", True)):
        out = folder / f"{name}.pdf"
        plan_worksheets(inputs, worksheet_settings(paper, fillable=fillable)).write(out)
        outputs[name] = out
    return outputs
