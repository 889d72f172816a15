"""Inputs that would take unbounded time or memory are refused before they are read: pictures
too large to hold, and files that are not files (pipes, devices)."""

from __future__ import annotations

import json
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


def test_an_svg_icon_traced_point_by_point_is_refused(workspace, runner, monkeypatch):
    """One path of 5 MiB: drawn in seconds, or dropped by the XML parser when bigger."""
    monkeypatch.chdir(workspace)
    (workspace / "icons").mkdir()
    points = " ".join(f"L{index % 24} {index % 23}" for index in range(750_000))
    (workspace / "icons/traced.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0 {points}"/>'
        "</svg>", encoding="utf-8")
    edit(workspace / "cards/networking.yaml", "even if you already know the way.",
         "even if you already know the way :traced:.")
    result = runner.invoke(main, BUILD)
    assert_one_error(result, ["traced.svg", "more than the 4 MiB deckpress reads",
                              "simplify the drawing"])
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


def test_a_pasted_book_in_a_brand_field_is_refused_at_its_line(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    brand = workspace / "brands/example.yaml"
    text = brand.read_text(encoding="utf-8")
    start = text.index("disclaimer:")
    end = text.index("\n", start)
    brand.write_text(text[:start] + "disclaimer: " + "word " * 1_000_000 + text[end:],
                     encoding="utf-8")
    result = runner.invoke(main, BUILD)
    assert_one_error(result, ["example.yaml", "'disclaimer'", "is too long", "at most 5000"])


@pytest.mark.parametrize(("steps", "expected"), [
    (["x" * 6000], "a text of 6,000 characters, more than 5,000"),
    ([f"step {number}" for number in range(60)], "the list has 60 items, more than 50"),
    ([["a", "b"]], "a list or block inside a custom field cannot be printed"),
])
def test_a_custom_field_too_large_to_print_is_said_at_its_line(workspace, runner, monkeypatch,
                                                               steps, expected):
    monkeypatch.chdir(workspace)
    deck = workspace / "cards/networking.yaml"
    text = deck.read_text(encoding="utf-8")
    start = text.index("    steps:\n")
    end = text.index("\n  - id:", start)
    deck.write_text(text[:start] + f"    steps: {json.dumps(steps)}" + text[end:],
                    encoding="utf-8")
    result = runner.invoke(main, ["build", "cards/networking.yaml", "-o", "output/n.pdf"])
    assert_one_error(result, ["card 'HOW', field 'steps'", expected, "a custom field holds"])


def test_a_client_note_too_long_is_said_in_plain_words(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    client = workspace / "clients/li-wei.yaml"
    client.write_text("brand: example\nname: Li Wei\ndecks: [networking]\nnote: "
                      + "word " * 1500 + "\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "--client", "li-wei"])
    assert_one_error(result, ["li-wei.yaml:4", "'note' is too long", "at most 5000"])


def test_a_deck_that_would_print_more_cards_than_a_file_can_hold(workspace, runner,
                                                                 monkeypatch):
    monkeypatch.chdir(workspace)
    deck = workspace / "cards/table-talk.yaml"
    text = deck.read_text(encoding="utf-8")
    for number in range(1, 12):
        text = text.replace(f"  - id: TT-{number:02d}\n",
                            f"  - id: TT-{number:02d}\n    copies: 1000\n", 1)
    deck.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    assert_one_error(result, ["table-talk.yaml", "'cards'", "prints 11,005 cards",
                              "split it into several decks"])


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!custom"])
def test_a_yaml_tag_on_a_card_is_refused_as_on_a_value(workspace, runner, monkeypatch, tag):
    monkeypatch.chdir(workspace)
    edit(workspace / "cards/table-talk.yaml", "  - id: TT-01\n", f"  - {tag}\n    id: TT-01\n")
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    assert_one_error(result, ["table-talk.yaml:28", "unsupported YAML tag"])


def test_a_layout_that_is_a_pipe_is_said_to_be_one(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    os.mkfifo(workspace / "templates/waiting.xml")
    edit(workspace / "cards/table-talk.yaml", "layout: prompt", "layout: waiting")
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    assert_one_error(result, ["templates/waiting.xml", "layout 'waiting' is not a regular file"])


def test_a_roster_cell_beyond_what_csv_reads_is_that_rosters_mistake(workspace, runner,
                                                                    monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "clients/huge.csv").write_text(
        "name,brand,deck\n" + "x" * 200_000 + ",example,networking\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", "--no-worksheets", "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "clients/huge.csv: row 2 cannot be read" in result.output
    assert "Jordan Rivera" in result.output and "built" in result.output  # the others built
    assert "bug" not in result.output


def test_a_font_collection_renamed_ttf_is_said_to_be_one(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "fonts/Many-Regular.ttf").write_bytes(b"ttcf\x00\x01\x00\x00" + b"\x00" * 64)
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    assert result.exit_code == 0, result.output
    assert "Many-Regular.ttf: cannot use font file: a TrueType collection (.ttc)" in result.output
