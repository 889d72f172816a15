"""`deckpress preview`: the PNG's size and pixels (front beside back, card size to pixels, the
contact sheet's grid, the cards chosen), a card that cannot be drawn, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from deckpress.cli import main
from deckpress.output.preview import BACKGROUND, PROBLEM_FILL
from helpers import DECK, prepare

RED, BLUE, GREEN = (255, 0, 0), (0, 0, 255), (0, 160, 0)

# Each card's front is filled with the colour its title names, with a blue band 10 mm deep at
# the top; every back is green. A card whose text is long does not fit its box.
PROBE = """<card>
<front background="{{ card.title }}">
  <rect x="0" y="0" w="{{ size.width }}" h="10" fill="#0000FF"/>
  <text name="words" x="3" y="12" w="20" h="6" size="9" min-size="9">{{ card.text }}</text>
</front>
<back background="#00A000"/>
</card>
"""


def probe_deck(workspace: Path, size: str = "poker", cards: int = 3, extra: str = "") -> str:
    """A deck of `cards` cards A, B, C, … (A red, the rest #FF00FF) on the probe layout."""
    lines = [f"  - {{id: {chr(65 + n)}, title: '{'#FF0000' if n == 0 else '#FF00FF'}', "
             "text: x}" for n in range(cards)]
    prepare(workspace, files={
        "templates/probe.xml": PROBE,
        "cards/probe.yaml": f"title: Probe\nsize: {size}\nlayout: probe\ncards:\n"
                            + "\n".join(lines) + "\n" + extra,
    })
    return "cards/probe.yaml"


def box_of(image: Image.Image, colour: tuple[int, int, int]) -> tuple[int, int, int, int] | None:
    """The bounding box (left, top, right, bottom) of the pixels of exactly `colour`."""
    plain = Image.new("RGB", image.size, colour)
    differs = ImageChops.difference(image.convert("RGB"), plain).convert("L")
    return differs.point(lambda value: 255 if value == 0 else 0).getbbox()


def run_preview(runner, workspace: Path, monkeypatch, *args: str):
    monkeypatch.chdir(workspace)
    return runner.invoke(main, ["preview", *args])


def test_one_card_front_beside_back_at_192_pixels_an_inch(workspace, runner, monkeypatch):
    deck = probe_deck(workspace)
    result = run_preview(runner, workspace, monkeypatch, deck, "--card", "A")
    assert result.exit_code == 0, result.output
    assert "wrote output/probe-preview.png (1 card, front and back)" in result.output
    image = Image.open(workspace / "output/probe-preview.png")
    assert image.info["dpi"] == pytest.approx((192, 192), abs=0.05)
    front_band, front = box_of(image, BLUE), box_of(image, RED)
    back = box_of(image, GREEN)
    assert front_band is not None and front is not None and back is not None
    # the band on top of the red front: 10 mm deep; the card 2.5 × 3.5 in = 480 × 672 px
    assert front_band[3] == front[1]
    assert front_band[3] - front_band[1] == pytest.approx(10 / 25.4 * 192, abs=1)
    card = (front_band[0], front_band[1], front[2], front[3])
    assert (card[2] - card[0], card[3] - card[1]) == (480, 672)
    # the back, the same size, to the right at the same height, a small gap between
    assert (back[2] - back[0], back[3] - back[1]) == (480, 672)
    assert back[1] == card[1] and 0 < back[0] - card[2] <= 48
    # a light background all round
    assert image.getpixel((2, 2)) == BACKGROUND
    assert image.getpixel((image.width - 3, image.height - 3)) == BACKGROUND


@pytest.mark.parametrize(("size", "millimetres"), [
    ("mini", (44.45, 63.5)), ("tarot", (69.85, 120.65)), ("square", (63.5, 63.5)),
    ("business", (88.9, 50.8)), ("70x40mm", (70, 40)),
])
def test_any_card_size_gives_its_own_pixel_size(workspace, runner, monkeypatch, size,
                                                 millimetres):
    deck = probe_deck(workspace, size)
    result = run_preview(runner, workspace, monkeypatch, deck, "--card", "A")
    assert result.exit_code == 0, result.output
    image = Image.open(workspace / "output/probe-preview.png")
    band, back = box_of(image, BLUE), box_of(image, GREEN)
    assert band is not None and back is not None
    expected = tuple(round(mm / 25.4 * 192) for mm in millimetres)
    assert (back[2] - back[0], back[3] - back[1]) == expected
    assert band[2] - band[0] == expected[0]


def test_a_huge_card_is_scaled_down_to_fit_the_screen(workspace, runner, monkeypatch):
    deck = probe_deck(workspace, "1000x500mm")
    result = run_preview(runner, workspace, monkeypatch, deck, "--card", "A", "-o", "big.png")
    assert result.exit_code == 0, result.output
    back = box_of(Image.open(workspace / "big.png"), GREEN)
    assert back is not None and (back[2] - back[0], back[3] - back[1]) == (1200, 600)


def test_cards_chosen_are_shown_in_the_order_named_each_once(workspace, runner, monkeypatch):
    deck = probe_deck(workspace, cards=4)
    result = run_preview(runner, workspace, monkeypatch, deck, "--card", "C", "--card", "A",
                         "--card", "C", "-o", "two.png")
    assert result.exit_code == 0, result.output
    assert "(2 cards, front and back)" in result.output
    image = Image.open(workspace / "two.png")
    red, magenta = box_of(image, RED), box_of(image, (255, 0, 255))
    assert red is not None and magenta is not None
    assert magenta[2] < red[0]  # C (magenta) first, then A (red), side by side
    assert red[1] == magenta[1]


def test_contact_sheet_shows_each_front_once_in_a_grid(workspace, runner, monkeypatch):
    deck = probe_deck(workspace, cards=10, extra="  - {id: K, title: '#FF0000', text: x, "
                                                  "copies: 3}\n")
    result = run_preview(runner, workspace, monkeypatch, deck)
    assert result.exit_code == 0, result.output
    assert "wrote output/probe-preview.png (11 cards)" in result.output
    image = Image.open(workspace / "output/probe-preview.png")
    assert image.info["dpi"] == pytest.approx((96, 96), abs=0.05)
    assert box_of(image, GREEN) is None  # fronts only
    # 11 thumbnails of 240 × 336 px: 8 across, then 3; K's copies shown once
    bands = band_tops(image)
    assert [len(row) for row in bands.values()] == [8, 3]
    first_row = next(iter(bands.values()))
    assert all(right - left == 240 for left, right in first_row)
    red = box_of(image, RED)  # A, first in the first row, and K, third in the second
    assert red is not None and red[0] == first_row[0][0] and red[2] == first_row[2][1]


def band_tops(image: Image.Image) -> dict[int, list[tuple[int, int]]]:
    """Runs of blue pixels along each row that starts a band: {y: [(left, right), …]}."""
    pixels = image.convert("RGB").load()
    rows: dict[int, list[tuple[int, int]]] = {}
    for y in range(1, image.height):
        runs, start = [], None
        for x in range(image.width + 1):
            blue = x < image.width and pixels[x, y] == BLUE and pixels[x, y - 1] != BLUE
            if blue and start is None:
                start = x
            elif not blue and start is not None:
                runs.append((start, x))
                start = None
        if runs:
            rows[y] = runs
    return rows


def test_a_big_deck_shows_its_first_96_cards(workspace, runner, monkeypatch):
    deck = probe_deck(workspace, cards=1, extra="".join(
        f"  - {{id: N{number}, title: '#FF00FF', text: x}}\n" for number in range(100)))
    result = run_preview(runner, workspace, monkeypatch, deck)
    assert result.exit_code == 0, result.output
    assert "(the first 96 of 101 cards; choose others with --card)" in result.output
    bands = band_tops(Image.open(workspace / "output/probe-preview.png"))
    assert sum(len(row) for row in bands.values()) == 96


def test_same_input_gives_the_same_bytes_and_no_varying_metadata(workspace, runner,
                                                                 monkeypatch):
    deck = probe_deck(workspace)
    for name in ("one.png", "two.png"):
        assert run_preview(runner, workspace, monkeypatch, deck, "-o", name).exit_code == 0
    one = (workspace / "one.png").read_bytes()
    assert one == (workspace / "two.png").read_bytes()
    assert b"tIME" not in one and b"tEXt" not in one and b"iCCP" in one


def test_a_card_that_cannot_be_drawn_is_shown_and_the_others_still_are(workspace, runner,
                                                                      monkeypatch):
    deck = probe_deck(workspace, extra="  - {id: LONG, title: '#FF0000', text: many words "
                                       "that will never fit in this small box at all}\n")
    result = run_preview(runner, workspace, monkeypatch, deck, "--card", "LONG", "--card", "B")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "card 'LONG'" in errors[0] and "does not fit" in errors[0]
    assert "(2 cards, front and back; 1 card could not be drawn)" in result.output
    image = Image.open(workspace / "output/probe-preview.png")
    problem, magenta = box_of(image, PROBLEM_FILL), box_of(image, (255, 0, 255))
    assert problem is not None and magenta is not None
    assert problem[2] < magenta[0]  # LONG's front: a red placeholder, left of B's front
    assert box_of(image, RED) is None  # LONG's own colour is nowhere


def test_for_a_client_each_deck_gets_its_preview(workspace, runner, monkeypatch):
    result = run_preview(runner, workspace, monkeypatch, "--client", "li-wei")
    assert result.exit_code == 0, result.output
    assert "wrote output/li-wei/networking-preview.png (14 cards)" in result.output
    assert "wrote output/li-wei/pocket-scripts-preview.png (10 cards)" in result.output


def test_a_clients_cards_are_shown_from_the_deck_that_has_them(workspace, runner,
                                                              monkeypatch):
    result = run_preview(runner, workspace, monkeypatch, "--client", "li-wei", "--card",
                         "WU-01")
    assert result.exit_code == 0, result.output
    assert result.output == "wrote output/li-wei/networking-preview.png (1 card, front and " \
                            "back)\n"
    result = run_preview(runner, workspace, monkeypatch, "--client", "li-wei", "--card",
                         "PS-01", "--card", "WU-01")
    assert result.exit_code == 0, result.output
    assert "networking-preview.png (1 card" in result.output
    assert "pocket-scripts-preview.png (1 card" in result.output


def test_a_card_the_client_does_not_get_is_said_so(workspace, runner, monkeypatch):
    result = run_preview(runner, workspace, monkeypatch, "--client", "li-wei", "--card",
                         "WU-04")
    assert result.exit_code == 2
    assert "Error: cards/networking.yaml: the client does not get card 'WU-04'" in result.output
    assert "The client file chooses which of the deck's cards they get" in result.output


def test_an_unknown_card_is_named_with_the_deck_and_the_closest_id(workspace, runner,
                                                                  monkeypatch):
    result = run_preview(runner, workspace, monkeypatch, DECK, "--card", "wu-01")
    assert result.exit_code == 2
    assert "Error: cards/networking.yaml: the deck has no card 'wu-01'" in result.output
    assert "did you mean 'WU-01'?" in result.output
    assert not (workspace / "output/networking-preview.png").exists()


def test_output_must_be_a_png_and_never_an_input(workspace, runner, monkeypatch):
    result = run_preview(runner, workspace, monkeypatch, DECK, "-o", "deck.pdf")
    assert result.exit_code == 2
    assert "'deck.pdf' is not a .png name" in result.output
    logo = workspace / "brands/logos/harbor.png"
    before = logo.read_bytes()
    result = run_preview(runner, workspace, monkeypatch, DECK, "--brand", "example", "-o",
                         "brands/logos/harbor.png")
    assert result.exit_code == 1
    assert "would replace" in result.output
    assert logo.read_bytes() == before


def test_too_many_cards_and_one_name_for_several_decks_are_refused(workspace, runner,
                                                                  monkeypatch):
    ids = [part for n in range(1, 9) for part in ("--card", f"WU-0{n}")] + \
        [part for n in range(1, 6) for part in ("--card", f"IC-0{n}")]
    result = run_preview(runner, workspace, monkeypatch, DECK, *ids)
    assert result.exit_code == 2
    assert "13 cards named with --card" in result.output
    result = run_preview(runner, workspace, monkeypatch, "--client", "li-wei", "-o", "x.png")
    assert result.exit_code == 2
    assert "cannot name one file" in result.output
