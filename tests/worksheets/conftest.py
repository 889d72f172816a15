"""The sample deck's worksheets, built once for the tests of this folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckpress.worksheets import build_worksheets, worksheet_settings
from helpers import DECK, copy_workspace


@pytest.fixture(scope="session")
def sheets(tmp_path_factory) -> dict[str, Path]:
    """The sample deck's worksheets, built once: both papers, and fillable on letter."""
    folder = tmp_path_factory.mktemp("worksheets")
    ws = copy_workspace(folder / "ws")
    outputs = {}
    for name, paper, fillable in (("letter", "letter", False), ("a4", "a4", False),
                                  ("fillable", "letter", True)):
        out = folder / f"{name}.pdf"
        build_worksheets(ws / DECK, out, ws / "brands" / "example.yaml",
                         worksheet_settings(paper, fillable=fillable))
        outputs[name] = out
    return outputs
