"""Helpers shared by the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKSPACE_PARTS = ("cards", "brands", "templates", "fonts")


def copy_workspace(target: Path) -> Path:
    for part in WORKSPACE_PARTS:
        shutil.copytree(ROOT / part, target / part)
    (target / "output").mkdir()
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one occurrence of `old` (which must be there) in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
