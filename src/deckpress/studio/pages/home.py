"""The first page: what the workspace holds, one click from each editor."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ...source.workspace import YAML_SUFFIXES
from ..paths import workspace_files
from ..state import page, studio_of
from .forms import names_in


def top_level_value(path: Path, key: str) -> str | None:
    """A top-level `key: value` of a YAML file, read cheaply for a list (no validation)."""
    if path.suffix.lower() not in YAML_SUFFIXES:
        return None
    try:
        with path.open(encoding="utf-8") as text:
            for line in text:
                if line.startswith(f"{key}:"):
                    return line.partition(":")[2].split(" #")[0].strip().strip("\"'") or None
    except (OSError, UnicodeDecodeError):
        pass
    return None


def deck_title(path: Path) -> str:
    """The deck's title as its file gives it; the file name when it has none."""
    return top_level_value(path, "title") or path.stem


def client_labels(workspace: Path, names: list[str]) -> dict[str, str]:
    """Each client's name as the coach wrote it (`name:`), by file name; the file name when
    the file gives none."""
    return {name: top_level_value(workspace / "clients" / f"{name}.yaml", "name") or name
            for name in names}


def deck_entries(workspace: Path) -> list[dict[str, str]]:
    """The decks of cards/ (a link leading out of the workspace is not one of them)."""
    return [{"path": relative, "title": deck_title(workspace / relative)}
            for relative in workspace_files(workspace).decks]


async def home(request: Request) -> Response:
    workspace = studio_of(request).workspace
    clients = names_in(workspace, "clients")  # as the Clients page lists them
    return page(request, "home.html", title="Workspace", decks=deck_entries(workspace),
                brands=names_in(workspace, "brands"), clients=clients,
                client_labels=client_labels(workspace, clients))


def routes() -> list[BaseRoute]:
    return [Route("/", home)]
