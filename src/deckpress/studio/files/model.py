"""What the pages get from the file store (tables, versions, refusals) and what kind of
file a workspace path holds."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import DeckError
from ...source.reading import MAX_TEXT, read_limited
from ...source.spreadsheet import SHEET_SUFFIXES

KeyPath = tuple[str | int, ...]


class Refused(Exception):
    """An edit or read the studio will not make; `message` is what the page shows: for a
    mistake in a file, the lines `deckpress check` prints for it."""

    def __init__(self, message: str, problems: Sequence[str] = ()):
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems) or (message,)


def refuse_untyped(field_name: str, value: Any, list_fields: Sequence[str]) -> None:
    """A value that would be saved as something other than what was typed is refused: an
    object, a list for a field of one value, a list of lists or objects. (Python's text for
    them, e.g. "['a', {'b': 1}]", is nothing a person meant.)"""
    is_list = field_name in list_fields
    if isinstance(value, dict) or (isinstance(value, list) and (not is_list or any(
            isinstance(item, (list, dict)) for item in value))):
        takes = "lines of text" if is_list else "one value (text or a number)"
        raise Refused(f"field '{field_name}' takes {takes}, not "
                      f"{'an object' if isinstance(value, dict) else 'a list'}; "
                      "send the text as typed")


class StaleFile(Refused):
    """The file changed since the page read it; `current` is its version now."""

    def __init__(self, relative: str, current: str | None):
        super().__init__(f"{relative} was changed since this page read it (in another tab or "
                         "on the command line); reload the page to see the changes, then make "
                         "your edit again")
        self.current = current


def version_of(data: bytes) -> str:
    """A file's version: the sha256 of its bytes, so any change at all is a new version."""
    return hashlib.sha256(data).hexdigest()


# --- what the pages get ---------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str  # the card key
    label: str
    kind: str  # "text", "lines" (an item per line), "choice" or "number"
    required: bool = False


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class DeckRow:
    id: str
    values: dict[str, str | int | None]  # lists joined with newlines


@dataclass(frozen=True)
class DeckTable:
    path: str
    version: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[DeckRow, ...]
    choices: dict[str, tuple[Choice, ...]]  # "category" and "level"
    editable: bool = True
    read_only_reason: str | None = None


@dataclass(frozen=True)
class MappingFile:
    path: str
    version: str
    data: dict[str, Any]  # plain values, in file order; dates as YYYY-MM-DD


@dataclass(frozen=True)
class Saved:
    path: str
    version: str
    card_id: str | None = None


CARD_COLUMNS = (
    Column("title", "Title", "text", True),
    Column("text", "Text", "text", True),
    Column("tip", "Tip", "text"),
    Column("counts_when", "Counts when", "text"),
    Column("category", "Category", "choice"),
    Column("level", "Level", "choice"),
    Column("layout", "Layout", "text"),
    Column("copies", "Copies", "number"),
)
CARD_ORDER = ("id", "layout", "title", "text", "category", "level", "tip", "counts_when",
              "copies")  # where a key a card did not have goes, as the sample decks write it
REQUIRED_KEYS = ("id", "title", "text")
MAX_ID = 16  # characters, as the deck model allows
KNOWN_VERSIONS = 64  # files whose problems a store remembers (a few lines each)


# --- the kinds of file ----------------------------------------------------------------------

def kind_of(relative: str) -> str:
    """deck, deck-csv, deck-xlsx, brand or client: what a workspace path holds."""
    parts = relative.split("/")
    suffix = Path(relative).suffix.lower()
    if len(parts) == 2 and not parts[1].startswith("."):
        folder = parts[0]
        if folder == "cards" and suffix in (".yaml", ".yml"):
            return "deck"
        if folder == "cards" and suffix in SHEET_SUFFIXES:
            return f"deck-{suffix[1:]}"
        if folder in ("brands", "clients") and suffix == ".yaml":
            return folder[:-1]
    raise Refused(f"{relative} is not a deck (cards/), brand (brands/) or client (clients/) "
                  "file the studio edits")


def read_bytes(path: Path, relative: str) -> bytes:
    try:
        return read_limited(path, "file", MAX_TEXT)
    except FileNotFoundError:
        raise Refused(f"{relative} not found; reload the page to see the workspace's files") \
            from None
    except DeckError as error:
        raise Refused(f"{relative}: {error.problem}") from None
    except OSError as error:
        raise Refused(f"{relative} cannot be read: {error.strerror}") from None


def decoded(data: bytes, relative: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(f"{relative} is not UTF-8 text (byte {error.start})") from None
