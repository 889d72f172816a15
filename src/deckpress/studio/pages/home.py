"""The first page: what the workspace holds, one click from each editor."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ...source.workspace import YAML_SUFFIXES
from ..paths import workspace_files
from ..state import page, studio_of


def deck_title(path: Path) -> str:
    """The deck's title as its file gives it, read cheaply; the file name when it has none."""
    if path.suffix.lower() in YAML_SUFFIXES:
        try:
            with path.open(encoding="utf-8") as text:
                for line in text:
                    if line.startswith("title:"):
                        return line.partition(":")[2].strip().strip("\"'") or path.stem
        except (OSError, UnicodeDecodeError):
            pass
    return path.stem


def deck_entries(workspace: Path) -> list[dict[str, str]]:
    """The decks of cards/ (a link leading out of the workspace is not one of them)."""
    return [{"path": relative, "title": deck_title(workspace / relative)}
            for relative in workspace_files(workspace).decks]


async def home(request: Request) -> Response:
    workspace = studio_of(request).workspace
    listed = workspace_files(workspace)
    return page(request, "home.html", title="Workspace", decks=deck_entries(workspace),
                brands=[Path(name).stem for name in listed.brands],
                clients=[Path(name).stem for name in listed.clients])


def routes() -> list[BaseRoute]:
    return [Route("/", home)]
