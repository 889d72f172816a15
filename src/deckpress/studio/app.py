"""The studio as an ASGI app: each page module brings its routes; the gate in front of them all."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from .security import COOKIE, Gate, new_token
from .state import Studio

PAGES = ("home", "decks", "brands", "clients", "build")  # studio/pages/ modules with routes()


def page_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for name in PAGES:
        routes.extend(importlib.import_module(f"deckpress.studio.pages.{name}").routes())
    return routes


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    """On stop, what the pages started ends with it: a build still running is stopped."""
    yield
    for kept in app.state.studio.extras.values():
        close = getattr(kept, "close", None)
        if callable(close):
            close()


def create_app(workspace: Path, token: str | None = None, hosts: Iterable[str] = (),
               cookie: str = COOKIE) -> Starlette:
    """The studio on `workspace`; `hosts` are the Host headers it answers (its own address)."""
    studio = Studio(workspace=workspace.resolve(), token=token or new_token(), csrf=new_token())
    static = StaticFiles(packages=[("deckpress.studio", "static")])
    app = Starlette(
        routes=[*page_routes(), Mount("/static", app=static, name="static")],
        middleware=[Middleware(Gate, token=studio.token, csrf=studio.csrf, hosts=tuple(hosts),
                               cookie=cookie)],
        lifespan=lifespan,
    )
    app.state.studio = studio
    return app
