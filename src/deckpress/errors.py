"""One error type for every user mistake, so the CLI can print it without a traceback.

A message names where the problem is (file, line, card, field, and for a problem in a layout's
markup: the layout, side and element), what is wrong, and how to fix it.
"""

from __future__ import annotations

import difflib
import errno
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

INTERRUPTED = 130  # the exit code of a command stopped by Ctrl-C or SIGTERM, as shells use


@dataclass(frozen=True)
class InMarkup:
    """A place in the markup a layout produced for one card: which layout, side and element."""

    layout: str
    side: str | None = None  # "front" or "back"
    element: str | None = None  # the element as written, e.g. <text name="title">
    markup_line: int | None = None

    def describe(self) -> str:
        detail = f"{self.side} of layout '{self.layout}'" if self.side else \
            f"layout '{self.layout}'"
        if self.element is not None:
            detail += f", {self.element} (markup line {self.markup_line})"
        return detail


@dataclass(frozen=True)
class Cell:
    """A place in a spreadsheet: the sheet (XLSX), the row (1 is the header) and column."""

    row: int
    column: str | None = None
    sheet: str | None = None

    def describe(self) -> str:
        text = f", sheet {self.sheet}" if self.sheet else ""
        text += f", row {self.row}"
        return text + (f", column '{self.column}'" if self.column else "")


@dataclass(frozen=True)
class Where:
    """A place in the user's input: file, line, card id and field, each optional."""

    file: Path | str | None = None
    line: int | None = None
    card: str | None = None
    field: str | None = None
    locate: Callable[[], int | None] | None = None  # finds the line when a message needs it
    markup: InMarkup | None = None  # the layout element the problem is in, if any
    cell: Cell | None = None  # in a spreadsheet: the sheet, row and column instead of a line

    def describe(self, folder: Path | None = None) -> str:
        """`file:line, card 'X', field 'Y'`; the file named from `folder` when given (the
        studio names files from its workspace), else from the current folder."""
        parts: list[str] = []
        line = self.line if self.line is not None or self.locate is None else self.locate()
        if self.file is not None:
            location = display_path(self.file, folder)
            if self.cell is not None:
                location += self.cell.describe()
            elif line is not None:
                location += f":{line}"
            parts.append(location)
        if self.card is not None:
            parts.append(f"card '{self.card}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def in_markup(self, markup: InMarkup) -> Where:
        return replace(self, markup=markup)


def place_and_problem(where: Where, problem: str) -> str:
    """`file:line, card 'X': problem [front of layout 'L', <text> (markup line 3)]`."""
    place = where.describe()
    text = f"{place}: {problem}" if place else problem
    if where.markup is not None:
        text += f" [{where.markup.describe()}]"
    return text


class DeckError(Exception):
    """A problem in the user's input or environment, reported as one message with exit code 1.

    `kind` sorts problems for `check` and for tools reading findings (see findings.KINDS).
    """

    def __init__(self, problem: str, where: Where | None = None, hint: str | None = None,
                 kind: str = "input"):
        self.problem = problem
        self.where = where or Where()
        self.hint = hint
        self.kind = kind
        self.each: list[DeckError] = []  # when it sums up several problems: each of them
        super().__init__(self.format())

    def format(self) -> str:
        text = place_and_problem(self.where, self.problem)
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def combined(found: list[DeckError]) -> DeckError:
    """One error for several problems: the first, saying how many more there are (what
    `build` shows), holding every one in `each` (what `check` lists)."""
    first = found[0]
    more = len(found) - 1
    if more:
        first = DeckError(f"{first.problem} (and {more} more problem{'s' if more > 1 else ''})",
                          first.where, first.hint, first.kind)
    first.each = found
    return first


def display_path(path: Path | str, folder: Path | None = None) -> str:
    """Show paths relative to the current folder (or `folder`) when that is shorter, as users
    typed them."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to((folder or Path.cwd()).resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a path that cannot be resolved
        return str(path)


def real_path(path: Path, what: str = "path") -> Path:
    """`path` with links followed; a link that leads round in a loop is a DeckError.

    Python reports such a loop as a RuntimeError (3.11, 3.12) or an OSError (3.13 on).
    """
    try:
        return path.resolve()
    except RuntimeError:
        pass
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
    raise DeckError(f"the {what} is a symbolic link that leads round in a loop", Where(path),
                    "remove the link, or point it at a real file", kind="file")


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
