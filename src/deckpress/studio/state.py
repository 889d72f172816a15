"""What every page of the studio shares: the workspace, the templates and the secrets, held by
the app (never module-level) so two studios in one process, as in the tests, stay apart."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .. import __version__
from .files import FileStore, Refused, StaleFile
from .jsonio import JSONResponse
from .paths import OutsideWorkspace

Kept = TypeVar("Kept")
Handler = Callable[[Request], Awaitable[Response]]  # a route's endpoint


@dataclass
class Studio:
    workspace: Path
    token: str
    csrf: str
    templates: Environment = field(init=False)
    extras: dict[str, Any] = field(default_factory=dict)  # what pages keep: jobs, file store

    def __post_init__(self) -> None:
        self.templates = Environment(loader=PackageLoader("deckpress.studio", "templates"),
                                     autoescape=select_autoescape(default=True),
                                     trim_blocks=True, lstrip_blocks=True)
        self.templates.globals.update(csrf=self.csrf, deckpress_version=__version__,
                                      workspace_name=self.workspace.name)


def studio_of(request: Request) -> Studio:
    studio: Studio = request.app.state.studio
    return studio


def page(request: Request, template: str, **context: Any) -> HTMLResponse:
    """A page of the studio: its template extends base.html, which carries the CSRF token."""
    studio = studio_of(request)
    html = studio.templates.get_template(template).render(request=request, **context)
    return HTMLResponse(html)


def json_error(status: int, message: str) -> JSONResponse:
    """A refusal the page shows as it is: the command line's own words for a user mistake (422),
    a file changed by someone else (409), a path that is not in the workspace (404)."""
    return JSONResponse({"error": message}, status_code=status)


def refusal_response(error: Refused | OutsideWorkspace, stale: str | None = None) -> JSONResponse:
    """The JSON answer to what the file store refuses, the same on every page: a file changed
    since the page read it 409 (`stale`: the page's own words for it), a user mistake 422
    with the command line's message, a path outside the workspace 404."""
    if isinstance(error, StaleFile):
        return json_error(409, stale or error.message)
    if isinstance(error, Refused):
        return json_error(422, error.message)
    return json_error(404, str(error))


def kept(studio: Studio, key: str, kind: type[Kept], make: Callable[[], Kept]) -> Kept:
    """What the pages share, kept in `studio.extras[key]`, made when first needed (the app
    closes it on shutdown if it can be closed)."""
    found = studio.extras.get(key)
    if not isinstance(found, kind):
        found = make()
        studio.extras[key] = found
    return found


def file_store(studio: Studio) -> FileStore:
    """The studio's one file store: its locks are per file, so every page must share it."""
    return kept(studio, "files", FileStore, lambda: FileStore(studio.workspace))
