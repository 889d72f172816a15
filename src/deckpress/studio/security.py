"""Who may talk to the studio: the browser it opened (the token from its URL, kept in a cookie),
on the studio's own address (no other site's page reaching it through DNS rebinding), and for
any change the page the studio served (a CSRF token only that page knows)."""

from __future__ import annotations

import contextlib
import secrets
import socket
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlencode

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

COOKIE = "deckpress_studio"  # + "_PORT" when served: a second studio keeps the first signed in
MAX_JSON_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_BYTES = 11 * 1024 * 1024  # a 10 MB font and the form around it
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
# what the pages send; a form another site posts (text/plain, urlencoded) is neither
SENT_TYPES = frozenset({"application/json", "multipart/form-data"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def new_token() -> str:
    """A secret that only the URL the studio prints and opens carries."""
    return secrets.token_urlsafe(24)


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers a browser sends to this studio: its own address, by number or by name;
    listening on every interface, also this computer's names and addresses on the network."""
    if host in ("127.0.0.1", "localhost", "::1"):
        names = set(LOOPBACK_NAMES)
    elif host in WILDCARD_HOSTS:
        names = {*LOOPBACK_NAMES, *network_names()}
    else:
        names = {f"[{host}]" if ":" in host else host}
    return frozenset(f"{name}:{port}" for name in names)


def network_names() -> set[str]:
    """This computer's name and the addresses it is known by on the network."""
    names = {socket.gethostname(), socket.getfqdn()}
    with contextlib.suppress(OSError):  # a name the resolver does not know: the names alone
        names.update(socket.gethostbyname_ex(socket.gethostname())[2])
    return {name for name in names if name}


def same(given: str | None, expected: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())


def without_token(request: Request) -> str:
    """The address the browser asked for, minus the token: the token is not left in its history."""
    query = [(key, value) for key, value in request.query_params.multi_items() if key != "token"]
    path = "/" + request.url.path.lstrip("/")  # never //other.site: a redirect stays here
    return path + (f"?{urlencode(query)}" if query else "")


def body_limit(request: Request) -> int:
    """The most a change may send: an upload holds a logo or a font, anything else is JSON."""
    multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
    return MAX_UPLOAD_BYTES if multipart else MAX_JSON_BYTES


class Gate(BaseHTTPMiddleware):
    """Every request passes here: host, token, then CSRF for anything that changes a file."""

    def __init__(self, app: ASGIApp, token: str, csrf: str, hosts: Iterable[str],
                 cookie: str = COOKIE) -> None:
        super().__init__(app)
        self.token = token
        self.csrf = csrf
        self.cookie = cookie
        self.hosts = frozenset(hosts)

    async def dispatch(self, request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = self.refusal(request)
        if response is None:
            if same(request.query_params.get("token"), self.token):
                response = RedirectResponse(without_token(request), status_code=303)
                response.set_cookie(self.cookie, self.token, httponly=True, samesite="strict")
            else:
                response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def refusal(self, request: Request) -> Response | None:
        if self.hosts and request.headers.get("host", "") not in self.hosts:
            return PlainTextResponse("This studio answers only on its own address.", 400)
        if not (same(request.cookies.get(self.cookie), self.token)
                or same(request.query_params.get("token"), self.token)):
            return PlainTextResponse(
                "Open the studio with the address deckpress printed when it started "
                "(it carries a key); restart `deckpress studio` if you have lost it.", 403)
        if request.method in SAFE_METHODS:
            return None
        if not same(request.headers.get(CSRF_HEADER), self.csrf):
            return JSONResponse({"error": "This change did not come from a studio page: "
                                          "reload the page and try again."}, 403)
        origin = request.headers.get("origin")
        if origin is not None and not (origin.startswith("http://")
                                       and origin.removeprefix("http://") in self.hosts):
            return JSONResponse({"error": "This change came from another site."}, 403)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in SENT_TYPES and request.headers.get("content-length", "0") != "0":
            return JSONResponse({"error": "A change is sent as JSON or as an upload."}, 415)
        length = request.headers.get("content-length")
        if length is None and request.headers.get("transfer-encoding") is not None:
            return JSONResponse({"error": "A change must say its length."}, 411)
        if length is not None and (not length.isdigit() or int(length) > body_limit(request)):
            return JSONResponse({"error": f"That is too much to send at once (at most "
                                          f"{body_limit(request) // (1024 * 1024)} MB)."}, 413)
        return None
