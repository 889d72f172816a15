"""A studio on a scratch copy of the sample workspace, and a browser-like client that has
opened it with its key (`client.csrf` is the page's CSRF token)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from deckpress.studio.app import create_app

TOKEN = "test-token"


class StudioClient(TestClient):
    csrf: str = ""

    def change(self, method: str, url: str, **kwargs: object) -> object:
        """A request as the studio's pages send it: with the CSRF header."""
        headers = dict(kwargs.pop("headers", None) or {})  # type: ignore[call-overload]
        headers.setdefault("X-CSRF-Token", self.csrf)
        return self.request(method, url, headers=headers, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def studio_app(workspace: Path):
    return create_app(workspace, TOKEN, hosts=("testserver",))


@pytest.fixture
def client(studio_app) -> Iterator[StudioClient]:
    with StudioClient(studio_app) as test_client:
        test_client.csrf = studio_app.state.studio.csrf
        opened = test_client.get(f"/?token={TOKEN}")
        assert opened.status_code == 200, opened.text
        yield test_client


@pytest.fixture
def stranger(studio_app) -> Iterator[TestClient]:
    """A client that never had the key."""
    with TestClient(studio_app) as test_client:
        yield test_client
