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


def placements(page) -> list[tuple[float, float, str]]:
    """(x, y, form name) of every form drawn directly on the page, from its content stream."""
    found, matrix = [], (0.0, 0.0)
    for operands, operator in page.get_contents().operations:
        if operator == b"cm":
            matrix = (float(operands[4]), float(operands[5]))
        elif operator == b"Do":
            found.append((round(matrix[0], 3), round(matrix[1], 3), str(operands[0])))
        elif operator == b"Q":
            matrix = (0.0, 0.0)
    return found


def page_lines(page) -> list[tuple[float, float, float, float, float]]:
    """(x1, y1, x2, y2, line width) of straight lines drawn on the page itself (not in forms),
    in page coordinates (translations applied)."""
    lines, start, width, offsets = [], None, 1.0, [(0.0, 0.0)]
    for operands, operator in page.get_contents().operations:
        if operator == b"q":
            offsets.append(offsets[-1])
        elif operator == b"Q":
            offsets.pop()
        elif operator == b"cm":
            dx, dy = offsets[-1]
            offsets[-1] = (dx + float(operands[4]), dy + float(operands[5]))
        elif operator == b"w":
            width = float(operands[0])
        elif operator == b"m":
            dx, dy = offsets[-1]
            start = (float(operands[0]) + dx, float(operands[1]) + dy)
        elif operator == b"l" and start is not None:
            dx, dy = offsets[-1]
            lines.append((*start, float(operands[0]) + dx, float(operands[1]) + dy, width))
    return lines


def crop_mark_lines(page, width: float = 0.5) -> list[tuple[float, float, float, float]]:
    """The crop marks: page lines drawn at the profile's mark width."""
    return [line[:4] for line in page_lines(page) if abs(line[4] - width) < 1e-6]
