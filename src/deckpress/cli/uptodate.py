"""A `build` run again with nothing changed: found up to date before anything is loaded.

After a build, its ledger (output/.deckpress-cache/build-*.json, one per command line) keeps
a digest of every file the build read (deck, spreadsheet, brand, logo, client, fonts,
layouts, profile, pictures, worksheet templates), of the workspace's templates/, fonts/,
icons/ and profiles/ folders (a new file there may take the place of a built-in one), where
each picture named by a face was found, deckpress's own code and the libraries' versions,
and a digest of each file it wrote. The same command finds its ledger, checks all of that
with nothing but file reads, and says again what the build said. Any difference, a missing
or damaged ledger, or an output changed since, and the build runs. Only standard-library
modules are imported here, so the check costs little more than starting Python.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..digest import code_digest, file_digest, keep_whole
from ..source.workspace import Located

CACHE_FOLDER = ".deckpress-cache"
FORMAT = 1
# What a build's output depends on besides deckpress's own code.
LIBRARIES = ("deckpress", "reportlab", "rl-accel", "pillow", "jinja2", "markupsafe", "pyyaml",
             "pydantic", "svglib", "lxml", "pypdfium2", "pypdf", "openpyxl")
WORKSPACE_FOLDERS = ("templates", "fonts", "icons", "profiles")
NAMED_FOLDERS = ("cards", "brands", "clients")  # where decks, brands, clients are found by name
FINE_MARGIN_NS = 50_000_000  # 50 ms: more than a tick of the kernel's coarse clock
COARSE_MARGIN_NS = 2_000_000_000
MAX_LEDGER_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Said:
    """A line a build printed, and whether it went to standard error."""

    text: str
    err: bool = False


def folder_digest(folder: Path) -> str | None:
    """The names and contents of every file under `folder`; None for no folder."""
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update((file_digest(path) or "-").encode())
    return digest.hexdigest()


def output_digest(path: Path) -> str | None:
    return folder_digest(path) if path.is_dir() else file_digest(path)


def names_digest(folder: Path) -> str | None:
    """The names of the files under `folder` (not their content): decks, brands and clients
    are found by name, so a new file there may take the place of the one a build read."""
    if not folder.is_dir():
        return None
    names = sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))
    return hashlib.sha256("\0".join(names).encode()).hexdigest()


def changed_since(paths: Iterable[Path], began_ns: int) -> bool:
    """Whether a file may have changed after `began_ns` (a build read it, then it was saved
    again). File times lag the clock by up to a tick of the system's coarse clock; a file
    system that keeps whole seconds (FAT, some network shares) is given two."""
    for path in paths:
        try:
            changed = path.stat().st_mtime_ns
        except OSError:
            continue
        margin = COARSE_MARGIN_NS if changed % 1_000_000_000 == 0 else FINE_MARGIN_NS
        if changed >= began_ns - margin:
            return True
    return False


@cache
def _versions() -> dict[str, str | None]:
    """The libraries' versions (read once a run: each is a parse of the package's metadata)."""
    found: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


@dataclass(frozen=True)
class Ledger:
    """The ledger of one command line in one workspace."""

    file: Path
    command: str  # the command line's choices, as canonical JSON

    @classmethod
    def of(cls, workspace: Path, command: dict[str, Any]) -> Ledger:
        text = json.dumps(command, sort_keys=True, default=str)
        slot = hashlib.sha256(text.encode()).hexdigest()[:20]
        return cls(workspace / "output" / CACHE_FOLDER / f"build-{slot}.json", text)

    def _read(self) -> dict[str, Any] | None:
        try:
            if not self.file.is_file() or self.file.stat().st_size > MAX_LEDGER_BYTES:
                return None
            entry = json.loads(self.file.read_bytes())
        except (OSError, ValueError, RecursionError):
            return None
        return entry if isinstance(entry, dict) else None

    def up_to_date(self) -> list[Said] | None:
        """What the last build said, if building again would give the same files; else
        None."""
        entry = self._read()
        try:
            if entry is None or entry["format"] != FORMAT or entry["command"] != self.command \
                    or entry["deckpress"] != code_digest() or entry["libraries"] != _versions():
                return None
            same = all(file_digest(Path(path)) == digest
                       for path, digest in entry["files"].items()) and \
                all(folder_digest(Path(path)) == digest
                    for path, digest in entry["folders"].items()) and \
                all(names_digest(Path(path)) == digest
                    for path, digest in entry["names"].items()) and \
                all(Located(src, tuple(folders), path).still_found()
                    for src, folders, path in entry["located"]) and \
                all(digest is not None and output_digest(Path(path)) == digest
                    for path, digest in entry["outputs"].items())
            # printable text only: a ledger from elsewhere cannot drive the terminal
            return [Said("".join(char for char in str(text) if char.isprintable()), bool(err))
                    for text, err in entry["said"]] if same else None
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def record(self, workspaces: Iterable[Path], files: Iterable[Path | None],
               located: Iterable[Located], outputs: Iterable[Path], said: list[Said],
               began_ns: int) -> None:
        """Keep what the build (begun at `began_ns`) read, found and wrote; nothing if a file
        it read was saved again while it ran (the build may have read the old content). A
        ledger that cannot be written is left out: the next build runs in full."""
        read = sorted({Path(path).absolute() for path in files if path is not None})
        workspaces = sorted(set(workspaces))
        if changed_since(read, began_ns):
            return
        entry = {
            "format": FORMAT,
            "command": self.command,
            "deckpress": code_digest(),
            "libraries": _versions(),
            "files": {str(path): file_digest(path) for path in read},
            "folders": {str(workspace / name): folder_digest(workspace / name)
                        for workspace in workspaces for name in WORKSPACE_FOLDERS},
            "names": {str(workspace / name): names_digest(workspace / name)
                      for workspace in workspaces for name in NAMED_FOLDERS},
            "located": sorted([one.src, list(one.folders), one.path] for one in set(located)),
            "outputs": {str(path.absolute()): output_digest(path) for path in outputs},
            "said": [[line.text, line.err] for line in said],
        }
        keep_whole(self.file, json.dumps(entry).encode())

    def forget(self) -> None:
        """A build that failed or was cut short leaves no ledger saying its outputs are
        current."""
        with contextlib.suppress(OSError):  # no folder to hold it (output/ is a file, say)
            self.file.unlink(missing_ok=True)
