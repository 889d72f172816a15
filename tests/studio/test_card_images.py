"""One card's faces drawn for the Decks page, and the deck's check findings by card: drawn by
the engine that prints, kept until a file of the workspace changes, safe from threads."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from deckpress.errors import Where
from deckpress.studio.cardimages import (
    CardImages,
    CardProblem,
    Viewpoint,
    shown_place,
    viewpoints,
    workspace_state,
)

DECK = "cards/networking.yaml"


@pytest.fixture
def images(workspace: Path) -> CardImages:
    return CardImages(workspace, threading.Lock())


def picture(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_a_face_is_the_card_at_150_dpi(images: CardImages) -> None:
    front = picture(images.face(DECK, Viewpoint(), "WU-01", "front"))
    back = picture(images.face(DECK, Viewpoint(), "WU-01", "back"))
    assert front.size == back.size == (375, 525)  # poker: 2.5 × 3.5 in
    assert ImageChops.difference(front, back).getbbox() is not None


def test_a_repeat_is_kept_and_any_change_to_a_file_draws_afresh(images: CardImages,
                                                                 workspace: Path) -> None:
    first = images.face(DECK, Viewpoint("brand", "example"), "WU-01", "back")
    assert images.face(DECK, Viewpoint("brand", "example"), "WU-01", "back") is first
    brand = workspace / "brands" / "example.yaml"
    text = brand.read_text(encoding="utf-8")
    assert 'primary: "#1D3557"' in text
    brand.write_text(text.replace('primary: "#1D3557"', 'primary: "#00AA00"'), encoding="utf-8")
    again = images.face(DECK, Viewpoint("brand", "example"), "WU-01", "back")
    assert again is not first
    assert ImageChops.difference(picture(first), picture(again)).getbbox() is not None


def test_the_state_of_the_workspace_changes_with_its_files(workspace: Path) -> None:
    before = workspace_state(workspace)
    assert workspace_state(workspace) == before
    (workspace / "fonts" / "extra.ttf").write_bytes(b"not really a font")
    assert workspace_state(workspace) != before


def test_threads_asking_at_once_get_each_their_own_card(images: CardImages) -> None:
    wanted = [("WU-01", "front"), ("WU-02", "front"), ("WU-01", "back"), ("IC-01", "front")] * 2
    with ThreadPoolExecutor(4) as pool:
        drawn = list(pool.map(lambda ask: images.face(DECK, Viewpoint(), *ask), wanted))
    for (card, side), data in zip(wanted, drawn, strict=True):
        alone = CardImages(images.workspace, threading.Lock()).face(DECK, Viewpoint(), card, side)
        assert ImageChops.difference(picture(data), picture(alone)).getbbox() is None


def test_a_card_the_client_does_not_get_is_a_problem(images: CardImages) -> None:
    with pytest.raises(CardProblem, match="li-wei does not get card 'WU-03'"):
        images.face(DECK, Viewpoint("client", "li-wei"), "WU-03", "front")
    with pytest.raises(CardProblem, match="no card 'NOPE'"):
        images.face(DECK, Viewpoint(), "NOPE", "back")


def test_a_card_left_out_for_its_mistakes_says_them(images: CardImages, workspace: Path) -> None:
    deck = workspace / DECK
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace("    level: warm\n", "    level: lukewarm\n", 1), encoding="utf-8")
    broken = next(row for row in text.split("  - id: ")[1:] if "    level: warm\n" in row)
    card_id = broken.split("\n", 1)[0].strip()
    with pytest.raises(CardProblem) as problem:
        images.face(DECK, Viewpoint(), card_id, "front")
    assert f"card '{card_id}'" in problem.value.message
    assert "lukewarm" in problem.value.message
    assert str(workspace) not in problem.value.message  # named from the workspace
    report = images.report(DECK, Viewpoint())
    assert [p.card for p in report.problems if p.severity == "error"] == [card_id]


def test_a_deck_that_cannot_be_loaded_is_one_finding(images: CardImages, workspace: Path) -> None:
    (workspace / DECK).write_text("title: Broken\nsize: napkin\n"
                                  "cards:\n  - {id: A, title: A, text: A}\n", encoding="utf-8")
    report = images.report(DECK, Viewpoint())
    assert report.cards is None
    assert report.problems and report.problems[0].severity == "error"
    assert any("napkin" in problem.line for problem in report.problems)


def test_the_report_is_kept_until_a_file_changes(images: CardImages, workspace: Path) -> None:
    first = images.report(DECK, Viewpoint())
    assert first.problems == () and first.cards == 50
    assert images.report(DECK, Viewpoint()) is first


@pytest.mark.parametrize("text", ["brand:../clients/x", "client:", "shop:x", "brand:a/b",
                                  "brand:.hidden", "client:a\\b"])
def test_a_viewpoint_names_a_file_of_brands_or_clients_only(text: str) -> None:
    with pytest.raises(ValueError):
        Viewpoint.parse(text)


def test_viewpoints_offer_each_brand_and_the_clients_who_get_the_deck(workspace: Path) -> None:
    offered = {choice.value: choice.label
               for choice in viewpoints(workspace, workspace / DECK)}
    assert offered[""].startswith("No brand")
    assert offered["brand:example"] == "Brand: example"
    assert offered["client:li-wei"] == "Client: Li Wei"
    table_talk = {choice.value for choice in viewpoints(workspace,
                                                        workspace / "cards/table-talk.yaml")}
    assert "client:li-wei" not in table_talk


def test_places_are_named_from_the_workspace(workspace: Path) -> None:
    where = Where(workspace / DECK, 12, "WU-01", "title")
    assert shown_place(workspace, where) == "cards/networking.yaml:12, card 'WU-01', field 'title'"
    assert shown_place(workspace, Where(Path("/elsewhere/x.yaml"))) == "x.yaml"
