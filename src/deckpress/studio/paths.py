"""Paths the browser names, turned into files of the workspace; and the workspace's files.

A page names a file by its path relative to the workspace (`cards/networking.yaml`). That
text comes from the network, so `inside` is the only way it becomes a path: anything that
could lead outside the workspace, or that only a crafted request would send, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..source.workspace import DECK_SHEETS, YAML_SUFFIXES

MAX_RELATIVE = 1000  # characters; a real workspace path is far shorter


class OutsideWorkspace(ValueError):
    """A path that is not a file of the workspace; its message names only what was asked."""


def inside(workspace: Path, relative: str) -> Path:
    """The file `relative` names in `workspace`, which it must stay in once links are
    followed; the file itself need not exist yet (a new client file)."""
    parts = _plain_parts(relative)
    root = workspace.resolve()
    path = root.joinpath(*parts)
    try:
        resolved = path.resolve()  # follows every link, the last part's too
    except (OSError, RuntimeError):  # a loop of links
        raise OutsideWorkspace(f"'{_shown(relative)}' cannot be opened (a link loop)") from None
    if resolved == root or not resolved.is_relative_to(root):
        raise OutsideWorkspace(f"'{_shown(relative)}' is not a file of the workspace")
    return resolved


def _plain_parts(relative: str) -> tuple[str, ...]:
    """The names of a plain relative path: no root, drive, `..`, `.`, `~`, backslash,
    control character or empty part (`a//b`)."""
    if not isinstance(relative, str) or not relative or len(relative) > MAX_RELATIVE:
        raise OutsideWorkspace("give the path of a file of the workspace, e.g. "
                               "cards/networking.yaml")
    if any(ord(char) < 32 or ord(char) == 127 for char in relative):
        raise OutsideWorkspace("a path may not hold control characters")
    if "\\" in relative:
        raise OutsideWorkspace(f"'{_shown(relative)}': write paths with '/', not '\\'")
    if relative.startswith(("/", "~")) or ":" in relative.split("/")[0]:
        raise OutsideWorkspace(f"'{_shown(relative)}' is not relative to the workspace")
    parts = tuple(relative.split("/"))
    if any(part in ("", ".", "..") for part in parts):
        raise OutsideWorkspace(f"'{_shown(relative)}' is not a plain path in the workspace")
    return parts


def _shown(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def relative_to_workspace(workspace: Path, path: Path) -> str:
    """`path` as the pages name it: relative to the workspace, with '/'."""
    try:
        relative = path.resolve().relative_to(workspace.resolve())
    except ValueError:
        raise OutsideWorkspace(f"'{path.name}' is not a file of the workspace") from None
    return PurePosixPath(*relative.parts).as_posix()


DECK_SUFFIXES = (*YAML_SUFFIXES, *DECK_SHEETS)
FONT_SUFFIXES = (".ttf", ".otf")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


@dataclass(frozen=True)
class WorkspaceFiles:
    """The files the studio edits or offers, as relative posix paths, sorted."""

    decks: tuple[str, ...]
    brands: tuple[str, ...]
    clients: tuple[str, ...]
    fonts: tuple[str, ...]
    logos: tuple[str, ...]


def workspace_files(workspace: Path) -> WorkspaceFiles:
    """The workspace's decks (cards/), brands and clients (YAML files, as `--brand NAME` and
    `--client NAME` find them), fonts (fonts/) and logos (brands/logos/)."""
    return WorkspaceFiles(
        decks=_listed(workspace, "cards", DECK_SUFFIXES),
        brands=_listed(workspace, "brands", (".yaml",)),
        clients=_listed(workspace, "clients", (".yaml",)),
        fonts=_listed(workspace, "fonts", FONT_SUFFIXES),
        logos=_listed(workspace, "brands/logos", LOGO_SUFFIXES),
    )


def _listed(workspace: Path, folder: str, suffixes: tuple[str, ...]) -> tuple[str, ...]:
    """The regular files in `folder` with one of `suffixes`, staying in the workspace; hidden
    files (temporary ones among them) left out."""
    found = []
    try:
        entries = sorted((workspace / folder).iterdir())
    except OSError:
        return ()
    for entry in entries:
        relative = f"{folder}/{entry.name}"
        if entry.name.startswith(".") or entry.suffix.lower() not in suffixes:
            continue
        try:
            if inside(workspace, relative).is_file():
                found.append(relative)
        except (OutsideWorkspace, OSError):
            continue
    return tuple(found)
