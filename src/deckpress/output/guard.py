"""No output of a build may be one of its inputs, or another output of the same run, whatever
the names or links involved: files are compared by what they are on disk (device and inode,
links followed), not by how they were named.

The inputs are the files the build names (deck, brand, client, logo, icons, fonts, pictures)
and every file in the workspace folders it reads from (cards/, brands/, clients/, templates/,
fonts/, profiles/), so an output never lands on a layout or a font even if this build does not
use it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DeckError, display_path

INPUT_FOLDERS = ("cards", "brands", "clients", "templates", "fonts", "profiles", "icons")
PACKAGE = Path(__file__).resolve().parent.parent
PACKAGE_FOLDERS = ("templates", "fonts", "data", "samples")
MAX_WALKED = 20_000  # files looked at per folder tree; a workspace holds a few hundred

FileKey = tuple[int, int]
Role = tuple[Path, str]  # an input file, and what it is to the build ("the deck", ...)


def file_key(path: Path) -> FileKey | None:
    """What `path` is on disk (links followed), or None if there is nothing there."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


@dataclass(frozen=True)
class Protected:
    """The files a build reads, by what they are on disk, each with what it is to the build."""

    files: dict[FileKey, Role]

    def with_files(self, paths: Iterable[Path], role: str = "a picture") -> Protected:
        """These files too (pictures found while drawing, templates found by name)."""
        return Protected({**self.files, **_keys((path, role) for path in paths)})

    def check(self, output: Path, what: str = "the output") -> None:
        """Refuse `output` if it is, or leads to, one of the inputs: nothing is written."""
        key = file_key(output)
        found = self.files.get(key) if key is not None else None
        if found is None:
            return
        path, role = found
        other = "" if _resolved(path) == _resolved(output) and not output.is_symlink() else \
            " (the same file, through a link or under another name)"
        raise DeckError(f"{what} {_as_typed(output)} would replace {role} "
                        f"{display_path(path)}{other}",
                        None, "choose another output path with -o; deckpress never writes over "
                        "a file it reads (a deck, brand, client, layout, font or picture)")


def protected_inputs(workspace: Path | None, files: Iterable[Role]) -> Protected:
    """The named input files, the workspace's input folders, and deckpress's own data."""
    folders = [workspace / name for name in INPUT_FOLDERS] if workspace is not None else []
    walked = ((path, "the workspace file") for path in _walk(folders))
    return Protected({**_own_files(), **_keys(walked), **_keys(files)})


@functools.lru_cache(maxsize=1)
def _own_files() -> dict[FileKey, Role]:
    """deckpress's own data files: they do not change while it runs, so looked at once."""
    return _keys((path, "deckpress's own file")
                 for path in _walk(PACKAGE / name for name in PACKAGE_FOLDERS))


def check_distinct(outputs: Iterable[tuple[Path, str]]) -> None:
    """Refuse a run whose outputs would be one file under two names: the second would replace
    the first."""
    seen: dict[object, str] = {}
    for output, what in outputs:
        identities = [file_key(output), _resolved(output)]
        earlier = next((seen[identity] for identity in identities if identity in seen), None)
        if earlier is not None:
            raise DeckError(f"{earlier} and {what} would both be written to {_as_typed(output)}",
                            None,
                            f"choose an -o name that {what} do not use, or leave out -o")
        seen.update((identity, what) for identity in identities if identity is not None)


def _keys(files: Iterable[Role]) -> dict[FileKey, Role]:
    found: dict[FileKey, Role] = {}
    for path, role in files:
        key = file_key(path)
        if key is not None:
            found.setdefault(key, (path, role))
    return found


def _walk(folders: Iterable[Path]) -> Iterable[Path]:
    """Every file under the folders (links to files included, links to folders not followed),
    at most MAX_WALKED per folder."""
    for folder in folders:
        count = 0
        for root, _, names in os.walk(folder):
            for name in names:
                count += 1
                if count > MAX_WALKED:
                    break
                yield Path(root) / name
            if count > MAX_WALKED:
                break


def _as_typed(path: Path) -> str:
    """The path relative to the current folder if it is inside it, links not followed (the
    name the user gave, not where it leads)."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
