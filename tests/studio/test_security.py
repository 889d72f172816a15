"""The studio's gate: only the browser it opened, on its own address, changes files."""

from __future__ import annotations

import socket

import pytest
from starlette.testclient import TestClient

from deckpress.studio.app import create_app
from deckpress.studio.security import (
    CONTENT_SECURITY_POLICY,
    MAX_JSON_BYTES,
    allowed_hosts,
    without_token,
)


def test_the_key_in_the_address_opens_the_studio_and_leaves_the_address(studio_app) -> None:
    token = studio_app.state.studio.token
    with TestClient(studio_app) as browser:
        opened = browser.get(f"/decks?token={token}&x=1", follow_redirects=False)
        assert opened.status_code == 303
        assert opened.headers["location"] == "/decks?x=1"
        assert "httponly" in opened.headers["set-cookie"].lower()
        assert "samesite=strict" in opened.headers["set-cookie"].lower()
        assert browser.get("/").status_code == 200  # the cookie carries the key from now on


@pytest.mark.parametrize("url", ["/", "/decks", "/static/studio.js", "/?token=wrong"])
def test_without_the_key_nothing_is_shown(stranger, url: str) -> None:
    answer = stranger.get(url)
    assert answer.status_code == 403
    assert "address deckpress printed" in answer.text


def test_a_wrong_cookie_is_refused(studio_app) -> None:
    with TestClient(studio_app, cookies={"deckpress_studio": "guess"}) as browser:
        assert browser.get("/").status_code == 403


@pytest.mark.parametrize("host", ["evil.example:8750", "127.0.0.1.evil.example", ""])
def test_another_host_name_is_refused(client, host: str) -> None:
    """A page on another site that points its name at 127.0.0.1 (DNS rebinding) gets nothing."""
    assert client.get("/", headers={"host": host}).status_code == 400


def test_a_change_needs_the_page_s_csrf_key(client) -> None:
    assert client.post("/api/anything", json={}).status_code == 403
    refused = client.post("/api/anything", json={}, headers={"X-CSRF-Token": "guess"})
    assert refused.status_code == 403
    assert "reload the page" in refused.json()["error"]
    # with the key it reaches the router, which knows no such address
    assert client.change("POST", "/api/anything", json={}).status_code in (404, 405)


def test_a_change_from_another_origin_is_refused(client) -> None:
    answer = client.change("POST", "/api/anything", json={},
                           headers={"origin": "http://evil.example"})
    assert answer.status_code == 403


def test_every_answer_carries_the_security_headers(client) -> None:
    for url in ("/", "/static/studio.css", "/no-such-page"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_the_page_carries_its_csrf_key(client) -> None:
    assert f'<meta name="csrf" content="{client.csrf}">' in client.get("/").text


def test_hosts_are_the_studio_s_own_address() -> None:
    assert allowed_hosts("127.0.0.1", 8750) == {"127.0.0.1:8750", "localhost:8750",
                                                "[::1]:8750"}
    assert allowed_hosts("192.168.1.5", 9000) == {"192.168.1.5:9000"}
    everywhere = allowed_hosts("0.0.0.0", 9000)  # reached by this computer's names too
    assert {"127.0.0.1:9000", "localhost:9000", f"{socket.gethostname()}:9000"} <= everywhere
    assert "0.0.0.0:9000" not in everywhere


def test_home_lists_the_workspace(client) -> None:
    text = client.get("/").text
    assert "Brave Asks" in text and 'href="/decks/cards/networking.yaml"' in text
    assert 'href="/clients/jordan-rivera"' in text and 'href="/brands/example"' in text


def test_without_token_keeps_other_parameters() -> None:
    from starlette.requests import Request

    scope = {"type": "http", "path": "/a", "query_string": b"token=t&b=2&c=3", "headers": []}
    assert without_token(Request(scope)) == "/a?b=2&c=3"


def test_a_redirect_never_leaves_the_studio(studio_app) -> None:
    token = studio_app.state.studio.token
    with TestClient(studio_app) as browser:
        for url in (f"//evil.example/x?token={token}", f"/%2F%2Fevil.example?token={token}"):
            location = browser.get(url, follow_redirects=False).headers["location"]
            assert location.startswith("/") and not location.startswith("//"), location


def test_each_port_has_its_own_cookie(workspace) -> None:
    """Two studios on one computer: opening the second does not sign the browser out of the
    first (cookies are shared by every port of a host)."""
    first = create_app(workspace, "one", hosts=("testserver",), cookie="deckpress_studio_8750")
    second = create_app(workspace, "two", hosts=("testserver",), cookie="deckpress_studio_8751")
    with TestClient(first) as browser_first, TestClient(second) as browser_second:
        assert browser_first.get("/?token=one").status_code == 200
        assert browser_second.get("/?token=two").status_code == 200
        jar = {**browser_first.cookies, **browser_second.cookies}
        assert TestClient(first, cookies=jar).get("/").status_code == 200
        assert TestClient(second, cookies=jar).get("/").status_code == 200


@pytest.mark.parametrize("origin", ["https://testserver", "http://testserver.evil", "null"])
def test_an_origin_must_be_the_studio_s_own_exactly(client, origin: str) -> None:
    answer = client.change("POST", "/api/anything", json={}, headers={"origin": origin})
    assert answer.status_code == 403


def test_too_much_at_once_is_refused_before_it_is_read(client) -> None:
    big = b"x" * (MAX_JSON_BYTES + 1)
    answer = client.change("POST", "/api/anything", content=big,
                           headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert "too much to send" in answer.json()["error"]


def test_a_deck_linked_from_outside_is_not_offered(client, workspace, tmp_path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("title: Secret\n", encoding="utf-8")
    (workspace / "cards" / "linked.yaml").symlink_to(outside)
    text = client.get("/").text
    assert "linked.yaml" not in text and "Secret" not in text
    assert "cards/networking.yaml" in text


@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_a_change_is_json_or_an_upload(client, kind: str) -> None:
    """A form another site makes the browser post can carry neither type (a second wall
    behind the CSRF key)."""
    answer = client.change("POST", "/api/clients", content=b'{"name": "x"}',
                           headers={"content-type": kind})
    assert answer.status_code == 415
