"""Starting the studio: a socket on this computer only (unless asked otherwise), the address
with its key printed and opened in the browser, and a quiet stop on Ctrl-C."""

from __future__ import annotations

import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..errors import DeckError

DEFAULT_PORT = 8750
PORTS_TRIED = 10  # the default port and the nine after it, when another program holds it
LOOPBACK = "127.0.0.1"


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket: on the port asked for, or the first free one from the default."""
    candidates = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + PORTS_TRIED)
    for candidate in candidates:
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError as error:
            sock.close()
            if port is not None:
                raise DeckError(f"cannot listen on {host}:{port}: {error.strerror}",
                                hint="another program uses that port: give another with "
                                     "--port, or leave --port out to take a free one") from None
            continue
        sock.listen(64)
        return sock
    raise DeckError(f"ports {DEFAULT_PORT}-{DEFAULT_PORT + PORTS_TRIED - 1} are all in use",
                    hint="give a free port with --port")


def address(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def serve(workspace: Path, host: str, port: int | None, open_browser: bool,
          say: Callable[[str], None]) -> None:
    """Serve until stopped; the browser is opened once the server answers."""
    import uvicorn

    from .app import create_app
    from .security import COOKIE, WILDCARD_HOSTS, allowed_hosts, new_token

    sock = bind(host, port)
    bound_port = sock.getsockname()[1]
    token = new_token()
    app = create_app(workspace, token, allowed_hosts(host, bound_port),
                     cookie=f"{COOKIE}_{bound_port}")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    url = address(LOOPBACK if host in WILDCARD_HOSTS else host, bound_port, token)
    say(f"studio on {workspace.resolve().name}: {url}\n(Ctrl-C stops it)")
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
    server.run(sockets=[sock])


def _open_when_started(server: object, url: str) -> None:
    for _ in range(200):
        if getattr(server, "started", False):
            webbrowser.open(url)
            return
        time.sleep(0.05)
