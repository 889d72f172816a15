"""Starting the studio: where it listens, what it prints, and the mistakes said plainly."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from deckpress.cli import main
from deckpress.errors import DeckError
from deckpress.studio import server
from deckpress.studio.server import address, bind


def test_it_listens_on_this_computer_only_by_default(workspace: Path, runner, monkeypatch) -> None:
    seen: dict[str, object] = {}

    def fake_serve(folder: Path, host: str, port: int | None, open_browser: bool, say) -> None:
        seen.update(folder=folder, host=host, port=port, open_browser=open_browser)

    monkeypatch.setattr(server, "serve", fake_serve)
    result = runner.invoke(main, ["studio", str(workspace), "--no-browser"])
    assert result.exit_code == 0, result.output
    assert seen == {"folder": workspace, "host": "127.0.0.1", "port": None, "open_browser": False}
    assert "warning" not in result.output


def test_another_address_is_warned_about(workspace: Path, runner, monkeypatch) -> None:
    monkeypatch.setattr(server, "serve", lambda *args: None)
    result = runner.invoke(main, ["studio", str(workspace), "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "other computers on your network can reach the studio" in result.output


def test_a_folder_that_is_not_a_workspace_is_refused(tmp_path: Path, runner) -> None:
    result = runner.invoke(main, ["studio", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a deckpress workspace" in result.output
    assert "deckpress init" in result.output
    assert "Traceback" not in result.output


def test_a_port_in_use_is_said_with_a_hint() -> None:
    held = bind("127.0.0.1", 0)
    try:
        with pytest.raises(DeckError) as refused:
            bind("127.0.0.1", held.getsockname()[1])
        assert "--port" in str(refused.value)
    finally:
        held.close()


def test_without_a_port_the_first_free_one_is_taken() -> None:
    first = bind("127.0.0.1", None)
    second = bind("127.0.0.1", None)
    try:
        assert second.getsockname()[1] != first.getsockname()[1]
        tried = range(server.DEFAULT_PORT, server.DEFAULT_PORT + server.PORTS_TRIED)
        assert first.getsockname()[1] in tried
    finally:
        first.close()
        second.close()


def test_the_address_carries_the_key() -> None:
    assert address("127.0.0.1", 8750, "k") == "http://127.0.0.1:8750/?token=k"
    assert address("::1", 8750, "k") == "http://[::1]:8750/?token=k"


def test_a_socket_is_a_real_listener() -> None:
    sock = bind("127.0.0.1", 0)
    try:
        with socket.create_connection(sock.getsockname(), timeout=2):
            pass
    finally:
        sock.close()
