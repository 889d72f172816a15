"""What another page in the same browser can do to the studio: nothing. A page of another
program on this computer (another port of 127.0.0.1, the same site to the browser, so the
studio's cookie goes with its requests) posts a form to the studio: refused, no file written."""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FORGED_CLIENT = {"name": "Mallory Forger", "brand": "example", "deck": "networking"}


@pytest.fixture
def other_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A plain web server on another port of this computer, serving the files of a folder."""
    folder = tmp_path / "other-site"
    folder.mkdir()
    handler = partial(QuietHandler, directory=str(folder))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}", folder
        finally:
            server.shutdown()
            thread.join(5)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def forging_page(action: str) -> str:
    """A form that sends JSON without a script's help (text/plain: no preflight), sent by a
    click as a visitor would."""
    name = json.dumps(FORGED_CLIENT)[:-1] + ', "pad": "'  # the browser adds = and the value
    return (f'<!doctype html><form method="post" action="{html.escape(action)}" '
            f'enctype="text/plain"><input type="hidden" name="{html.escape(name)}" '
            f'value="&quot;}}"><button id="go">Win a prize</button></form>')


def test_a_form_from_another_local_site_cannot_add_a_client(studio, other_site) -> None:
    origin, folder = other_site
    (folder / "prize.html").write_text(forging_page(studio.served.url("/api/clients")),
                                       encoding="utf-8")
    studio.driver.get(f"{origin}/prize.html")
    studio.find("#go").click()

    answer = studio.wait(lambda driver: "studio" in driver.page_source and driver.page_source,
                         "the studio did not answer the forged form")
    assert "did not come from a studio page" in answer  # refused for want of the CSRF token
    assert not (studio.workspace / "clients" / "mallory-forger.yaml").exists()
    assert sorted(path.name for path in (studio.workspace / "clients").iterdir()) == sorted(
        path.name for path in (Path(__file__).parents[3] / "clients").iterdir())
    studio.console_errors()  # the 403 is logged; it is what this test expects
