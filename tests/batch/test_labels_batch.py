"""A changed label, in a client's, a deck's or a brand's file, rebuilds the kits that print it
and no other."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from deckpress.cli import main
from helpers import copy_workspace, edit

ANA = """brand: example
name: Ana Lima
decks:
  - deck: networking
    cards: [HELLO, WU-01]
labels:
  counts_when: "Gilt, wenn:"
"""
BEN = """brand: northstar
name: Ben Okafor
decks:
  - deck: table-talk
    cards: [TT-01, TT-02]
"""


def batch(workspace: Path) -> str:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(workspace)
        result = CliRunner().invoke(main, ["batch", "-j", "1"])
    assert result.exit_code == 0, result.output
    return result.output


def statuses(output: str) -> dict[str, str]:
    return {name: status for line in output.splitlines()
            for name in ("Ana Lima", "Ben Okafor") if line.startswith(name)
            for status in ("up to date", "built") if status in line}


def words(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


@pytest.fixture
def kits(tmp_path: Path) -> Path:
    workspace = copy_workspace(tmp_path / "ws")
    shutil.rmtree(workspace / "clients")
    (workspace / "clients").mkdir()
    (workspace / "clients/ana.yaml").write_text(ANA, encoding="utf-8")
    (workspace / "clients/ben.yaml").write_text(BEN, encoding="utf-8")
    assert statuses(batch(workspace)) == {"Ana Lima": "built", "Ben Okafor": "built"}
    return workspace


def test_a_label_changed_in_a_client_file_rebuilds_that_kit(kits):
    assert "Gilt, wenn:" in words(kits / "output/ana/networking-home-letter.pdf")
    edit(kits / "clients/ana.yaml", "Gilt, wenn:", "Zählt, wenn:")
    assert statuses(batch(kits)) == {"Ana Lima": "built", "Ben Okafor": "up to date"}
    assert "Zählt, wenn:" in words(kits / "output/ana/networking-home-letter.pdf")


def test_a_label_changed_in_a_deck_or_brand_rebuilds_its_users(kits):
    edit(kits / "cards/networking.yaml", "layout: challenge\n",
         "layout: challenge\nlabels:\n  page: \"Seite {page} von {count}\"\n")
    assert statuses(batch(kits)) == {"Ana Lima": "built", "Ben Okafor": "up to date"}
    assert "Seite 1 von" in words(kits / "output/ana/networking-worksheets-letter.pdf")
    edit(kits / "brands/northstar.yaml", "colours:", "labels:\n  debrief_title: Rückblick\n"
         "colours:")
    assert statuses(batch(kits)) == {"Ana Lima": "up to date", "Ben Okafor": "built"}
    assert "Rückblick" in words(kits / "output/ben/table-talk-worksheets-letter.pdf")
