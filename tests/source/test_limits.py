"""Inputs that would take unbounded time or memory are refused before they are read: pictures
too large to hold, and files that are not files (pipes, devices)."""

from __future__ import annotations

import os

import pytest
from PIL import Image

from deckpress.cli import main
from deckpress.source.images import MAX_IMAGE_PIXELS
from helpers import assert_one_error, edit

BUILD = ["build", "cards/networking.yaml", "--brand", "example", "-o", "output/n.pdf"]


def use_logo(workspace, name: str) -> None:
    edit(workspace / "brands/example.yaml", "logo: logos/harbor.svg", f"logo: logos/{name}")


def test_a_picture_with_too_many_pixels_is_refused_from_its_header(workspace, runner,
                                                                   monkeypatch):
    monkeypatch.chdir(workspace)
    side = int(MAX_IMAGE_PIXELS ** 0.5) + 10
    Image.new("1", (side, side)).save(workspace / "brands/logos/huge.png")  # a few KB on disk
    use_logo(workspace, "huge.png")
    result = runner.invoke(main, BUILD)
    assert_one_error(result, ["example.yaml:13", "'logo'", f"{side} × {side} pixels",
                              "scale it down"])
    assert not (workspace / "output/n.pdf").exists()


@pytest.mark.parametrize("kind", ["pipe", "device"])
def test_a_picture_that_is_not_a_file_is_refused_without_reading_it(workspace, runner,
                                                                     monkeypatch, kind):
    monkeypatch.chdir(workspace)
    logo = workspace / "brands/logos/odd.png"
    if kind == "pipe":
        os.mkfifo(logo)  # reading it would wait for ever
    else:
        logo.symlink_to("/dev/zero")  # reading it would never end
    use_logo(workspace, "odd.png")
    result = runner.invoke(main, BUILD)
    assert_one_error(result, ["example.yaml:13", "not a regular file (a device, pipe or socket)"])


def test_a_font_file_that_is_not_a_file_is_left_out_with_a_warning(workspace, runner,
                                                                   monkeypatch):
    """Fonts are looked at on every build: a pipe or a link to a device must not hang it."""
    monkeypatch.chdir(workspace)
    (workspace / "fonts/Endless-Regular.ttf").symlink_to("/dev/zero")
    os.mkfifo(workspace / "fonts/Waiting-Regular.ttf")
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    assert result.exit_code == 0, result.output
    for name in ("Endless-Regular.ttf", "Waiting-Regular.ttf"):
        assert f"{name}: font file is not a regular file" in result.output
