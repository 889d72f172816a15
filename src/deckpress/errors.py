"""One error type for every user mistake, so the CLI can print it without a traceback.

A message names where the problem is (file, line, card, field), what is wrong, and how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Where:
    """A place in the user's input: file, line, card id and field, each optional."""

    file: Path | str | None = None
    line: int | None = None
    card: str | None = None
    field: str | None = None
    locate: Callable[[], int | None] | None = None  # finds the line when a message needs it

    def describe(self) -> str:
        parts: list[str] = []
        line = self.line if self.line is not None or self.locate is None else self.locate()
        if self.file is not None:
            location = display_path(self.file)
            if line is not None:
                location += f":{line}"
            parts.append(location)
        if self.card is not None:
            parts.append(f"card '{self.card}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


class DeckError(Exception):
    """A problem in the user's input or environment, reported as one message with exit code 1."""

    def __init__(self, problem: str, where: Where | None = None, hint: str | None = None):
        self.problem = problem
        self.where = where or Where()
        self.hint = hint
        self.each: list[DeckError] = []  # when it sums up several problems: each of them
        super().__init__(self.format())

    def format(self) -> str:
        place = self.where.describe()
        text = f"{place}: {self.problem}" if place else self.problem
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def display_path(path: Path | str) -> str:
    """Show paths relative to the current folder when that is shorter, as users typed them."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a path that cannot be resolved
        return str(path)


def did_you_mean(word: str, choices: Iterable[str], list_choices: bool = True) -> str | None:
    """A hint naming the closest valid choice, or (if asked) listing them when nothing is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not options or not list_choices:
        return None
    if len(options) <= 12:
        return "expected one of: " + ", ".join(options)
    return None
