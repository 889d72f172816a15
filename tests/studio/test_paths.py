"""Browser paths become workspace files only through `inside`: every way out is refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deckpress.studio.paths import (
    OutsideWorkspace,
    inside,
    relative_to_workspace,
    workspace_files,
)


@pytest.mark.parametrize("relative", [
    "../outside.yaml",
    "cards/../../outside.yaml",
    "cards/../cards/../../x",
    "..",
    "/etc/passwd",
    "//etc/passwd",
    "~/secret.yaml",
    "C:/Windows/win.ini",
    "cards\\..\\..\\x.yaml",
    "cards/networking.yaml\x00.png",
    "cards/\nnetworking.yaml",
    "cards//networking.yaml",
    "./cards/networking.yaml",
    "cards/.",
    "",
    "a" * 1001,
])
def test_hostile_paths_are_refused(workspace: Path, relative: str) -> None:
    with pytest.raises(OutsideWorkspace) as refused:
        inside(workspace, relative)
    assert str(workspace.parent) not in str(refused.value)  # nothing about the disk is told


def test_a_link_out_of_the_workspace_is_refused(workspace: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: not yours\n", encoding="utf-8")
    (workspace / "cards" / "evil.yaml").symlink_to(secret)
    (workspace / "brands" / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    for relative in ("cards/evil.yaml", "brands/elsewhere/secret.yaml", "brands/elsewhere"):
        with pytest.raises(OutsideWorkspace):
            inside(workspace, relative)


def test_a_link_loop_is_refused(workspace: Path) -> None:
    loop = workspace / "cards" / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(OutsideWorkspace, match="link loop"):
        inside(workspace, "cards/loop.yaml")


def test_the_workspace_itself_is_not_a_file_of_it(workspace: Path) -> None:
    with pytest.raises(OutsideWorkspace):
        inside(workspace, "cards/..")


@pytest.mark.parametrize("relative, expected", [
    ("cards/networking.yaml", "cards/networking.yaml"),
    ("clients/new-client.yaml", "clients/new-client.yaml"),  # need not exist yet
    ("brands/logos/harbor.png", "brands/logos/harbor.png"),
    ("cards/alias.yaml", "cards/networking.yaml"),  # a link inside is followed
])
def test_plain_paths_are_files_of_the_workspace(workspace: Path, relative: str,
                                                expected: str) -> None:
    (workspace / "cards" / "alias.yaml").symlink_to("networking.yaml")
    path = inside(workspace, relative)
    assert path == workspace.resolve() / expected
    assert relative_to_workspace(workspace, path) == expected


def test_relative_to_workspace_refuses_a_path_elsewhere(workspace: Path, tmp_path: Path) -> None:
    with pytest.raises(OutsideWorkspace):
        relative_to_workspace(workspace, tmp_path / "other.yaml")


def test_workspace_files_lists_what_the_studio_edits(workspace: Path, tmp_path: Path) -> None:
    (workspace / "cards" / ".deckpress-1@host~x.yaml").write_text("", encoding="utf-8")
    (workspace / "fonts" / "Brand-Regular.ttf").write_bytes(b"\x00\x01\x00\x00")
    outside = tmp_path / "out.yaml"
    outside.write_text("title: x\n", encoding="utf-8")
    (workspace / "brands" / "linked-out.yaml").symlink_to(outside)
    files = workspace_files(workspace)
    assert files.decks == ("cards/networking.yaml", "cards/netzwerken.yaml",
                           "cards/pocket-scripts.yaml", "cards/room-openers.csv",
                           "cards/room-openers.yaml", "cards/table-talk.yaml")
    assert files.brands == ("brands/example.yaml", "brands/northstar.yaml")
    assert "clients/jordan-rivera.yaml" in files.clients
    assert "clients/workshop.csv" not in files.clients  # a roster is not a client file
    assert files.fonts == ("fonts/Brand-Regular.ttf",)
    assert files.logos == ("brands/logos/harbor.png", "brands/logos/harbor.svg")


def test_workspace_files_of_a_bare_folder(tmp_path: Path) -> None:
    files = workspace_files(tmp_path)
    assert files.decks == files.brands == files.clients == files.fonts == files.logos == ()


@pytest.mark.skipif(os.name != "posix", reason="links")
def test_a_linked_cards_folder_inside_is_followed(workspace: Path) -> None:
    (workspace / "decks").mkdir()
    (workspace / "decks" / "extra.yaml").write_text("title: x\n", encoding="utf-8")
    (workspace / "cards" / "extra.yaml").symlink_to(workspace / "decks" / "extra.yaml")
    assert "cards/extra.yaml" in workspace_files(workspace).decks


def test_an_encoded_name_is_a_name_not_a_way_up(workspace: Path) -> None:
    """Decoding %2e%2e is the router's job; here it is just a folder's odd name, inside."""
    assert inside(workspace, "%2e%2e/cards") == workspace.resolve() / "%2e%2e" / "cards"
