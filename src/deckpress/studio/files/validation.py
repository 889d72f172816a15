"""Validation before a write: the edited file is checked with the command line's own loaders
in a mirror of the workspace, and their messages are placed back in the workspace."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ...errors import DeckError, Where
from ...source.client import LoadedClient, load_client
from ...source.spreadsheet import SHEET_SUFFIXES
from ..paths import OutsideWorkspace, relative_to_workspace
from .model import KeyPath


@dataclass(frozen=True)
class Problem:
    """A problem the command line's loaders found, placed in the workspace (not the mirror)."""

    key: tuple[Any, ...]  # what it is, without its line: to tell a new problem from an old
    line: str  # as `deckpress check` prints it


def problems_of(workspace: Path, relative: str, kind: str, data: bytes) -> list[Problem]:
    """What `deckpress check` would say about the file `relative` if it held `data`: checked in
    a mirror of the workspace (links to its other files, this one's new bytes), so nothing
    half-checked is ever seen in the workspace itself."""
    root = workspace.resolve()
    with tempfile.TemporaryDirectory(prefix="deckpress-studio-") as temporary:
        mirror = Path(temporary).resolve() / root.name
        path = _mirror(root, relative, data, mirror)
        return [_placed(error, mirror, root) for error in _check(kind, path, mirror, root)]


def _mirror(root: Path, relative: str, data: bytes, mirror: Path) -> Path:
    """`mirror`: the workspace's entries as links, but for the edited file's folder, whose
    files are links too (spreadsheets copies, as a deck may not take its cards from outside
    its workspace), and the edited file itself, with `data`."""
    folder_name, name = relative.split("/")
    mirror.mkdir()
    for entry in root.iterdir():
        if entry.name != folder_name:
            (mirror / entry.name).symlink_to(entry)
    folder = mirror / folder_name
    folder.mkdir()
    original = root / folder_name
    for entry in original.iterdir() if original.is_dir() else ():
        if entry.name == name:
            continue
        if entry.suffix.lower() in SHEET_SUFFIXES and entry.is_file():
            shutil.copyfile(entry, folder / entry.name)
        else:
            (folder / entry.name).symlink_to(entry)
    path = folder / name
    path.write_bytes(data)
    return path


def _check(kind: str, path: Path, mirror: Path, root: Path) -> list[DeckError]:
    """The problems the command line's loader for `kind` finds in `path`."""
    try:
        if kind.startswith("deck"):
            from ...source.deck import load_deck

            load_deck(path)
        elif kind == "brand":
            from ...source.brand import load_brand

            load_brand(path)
        else:
            return _client_problems(path, mirror, root)
    except DeckError as error:
        return error.each or [error]
    return []


def _client_problems(path: Path, mirror: Path, root: Path) -> list[DeckError]:
    """A client file as `check --client` reads it: the file, its brand and decks found, read
    and inside the workspace, the cards it chooses and its ladder in those decks."""
    from ...source.brand import load_brand
    from ...source.client import choose_cards
    from ...source.deck import load_deck
    from ...worksheets.programme import ladder_of

    try:
        client = load_client(path, mirror)
    except DeckError as error:
        return error.each or [error]
    found: list[DeckError] = []
    brand_problem = _outside(client.brand_path, "brand", mirror, root)
    if brand_problem:
        found.append(DeckError(brand_problem, client.where("brand"), _INSIDE_HINT))
    else:
        try:
            found += load_brand(client.brand_path, lenient=True).problems
        except DeckError as error:
            found.append(DeckError(f"the brand cannot be read: {error.problem}",
                                   client.where("brand"), error.hint))
    for index, deck_path in enumerate(client.deck_paths):
        deck_problem = _outside(deck_path, "deck", mirror, root)
        if deck_problem:
            found.append(DeckError(deck_problem, client.where("decks", index, "deck"),
                                   _INSIDE_HINT))
            continue
        try:
            deck = load_deck(deck_path, lenient=True)
        except DeckError as error:
            found.append(DeckError(f"the deck cannot be read: {error.problem}",
                                   client.where("decks", index, "deck"), error.hint))
            continue
        try:
            chosen = choose_cards(deck, client, index)
            ladder, location = client.ladder(index)
            ladder_of(chosen, ladder, partial(_rung_where, client, location))
        except DeckError as error:
            found += error.each or [error]
    return found


_INSIDE_HINT = "name a file of the workspace, e.g. one in its brands/ or cards/ folder"


def _outside(path: Path, what: str, mirror: Path, root: Path) -> str | None:
    """Why the studio will not let a client name `path` (None when it may): a file outside
    the workspace (the mirror's links resolve into it), or one that is not a readable file."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        return f"the {what} file cannot be found"
    if not (real.is_relative_to(root) or real.is_relative_to(mirror)):
        return f"the {what} file is outside the workspace"
    if not real.is_file():
        return f"the {what} file cannot be read"
    return None


def _rung_where(client: LoadedClient, location: KeyPath, number: int) -> Where:
    return client.where(*location, number)


def _placed(error: DeckError, mirror: Path, root: Path) -> Problem:
    """The problem as `deckpress check` run in the workspace prints it: paths relative to the
    workspace (the mirror's the same), the line looked up while the mirror is there."""
    where = error.where
    line = where.line if where.line is not None or where.locate is None else where.locate()
    file = _workspace_name(where.file, mirror, root)
    place = []
    if file is not None:  # as errors.Where.describe words it
        place.append(file + (where.cell.describe() if where.cell is not None else
                             f":{line}" if line is not None else ""))
    if where.card is not None:
        place.append(f"card '{where.card}'")
    if where.field is not None:
        place.append(f"field '{where.field}'")
    problem = _unmirrored(error.problem, mirror, root)
    hint = _unmirrored(error.hint, mirror, root) if error.hint else None
    text = f"error: {', '.join(place)}: {problem}" if place else f"error: {problem}"
    if where.markup is not None:
        text += f" [{where.markup.describe()}]"
    if hint:
        text += f" (hint: {hint})"
    return Problem((file, where.card, where.field, where.cell, problem, hint), text)


def _workspace_name(file: Path | str | None, mirror: Path, root: Path) -> str | None:
    if file is None:
        return None
    path = Path(file)
    for base in (mirror, root):
        for candidate in (path, path.absolute()):
            try:
                return candidate.relative_to(base).as_posix()
            except ValueError:
                continue
    try:
        return relative_to_workspace(root, path)
    except (OutsideWorkspace, OSError, RuntimeError):
        return str(file)


def _unmirrored(text: str, mirror: Path, root: Path) -> str:
    for base in (mirror, root):
        text = text.replace(f" in {base})", " in this folder)")  # as said in the workspace
        text = text.replace(f"{base}/", "").replace(str(base), ".")
    return text

