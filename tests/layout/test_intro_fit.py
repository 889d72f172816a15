"""The intro card fits every built-in card size in every theme, with the longest sample name
and note: nothing cut, nothing under 7 pt, and a booking QR code a phone can read (dots of
at least 0.33 mm, a white quiet zone of 4 dots all round). Read from the PDF itself."""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber
import pytest

from deckpress.cli import main
from deckpress.sizes import card_sizes
from deckpress.units import MM
from helpers import edit

THEMES = ["bold", "quiet", "editorial"]
SIZES = sorted(card_sizes())
CLIENT = """brand: example
name: Amara Okonkwo-Lindqvist y Santos
programme: Leadership Visibility Sprint
theme: {theme}
note: |
  Jordan, these cards are the small, brave steps we talked about in our sessions.
  Draw one a day, make the ask, and remember that asking is the win, whatever the answer.
  I’m cheering you on, and I can’t wait to hear how your first week goes.
decks:
  - deck: networking
    cards: [HELLO, WU-01]
"""
MIN_MODULE_MM = 0.33
QUIET_MODULES = 4
MODULE_RUNS = 2 * MM  # a QR code's dots are drawn as rectangles one module high


@dataclass
class Qr:
    """Where a QR code's dark modules are on a page, in points from its top left."""

    page: int
    module: float
    x0: float
    top: float
    x1: float
    bottom: float


def build_intro(workspace, runner, monkeypatch, theme: str, size: str):
    """The networking deck at `size` for a client in `theme`, one face a page (pod-pdf)."""
    monkeypatch.chdir(workspace)
    edit(workspace / "cards/networking.yaml", "size: poker", f"size: {size}")
    (workspace / "clients/stress.yaml").write_text(CLIENT.format(theme=theme), encoding="utf-8")
    return runner.invoke(main, ["build", "--client", "stress", "--profile", "pod-pdf",
                                "-o", "output/intro.pdf"])


def find_qr(pages) -> Qr | None:
    """The QR code on the given pages (the intro card's front and back)."""
    for number, page in pages:
        modules = [rect for rect in page.rects
                   if rect["height"] < MODULE_RUNS and rect["non_stroking_color"] is not None
                   and tuple(rect["non_stroking_color"]) != (1, 1, 1)]
        if len(modules) > 50:
            return Qr(number, min(rect["height"] for rect in modules),
                      min(rect["x0"] for rect in modules), min(rect["top"] for rect in modules),
                      max(rect["x1"] for rect in modules),
                      max(rect["bottom"] for rect in modules))
    return None


def quiet_zone_is_white(page, qr: Qr) -> bool:
    """Every pixel between the code and 4 modules around it is (nearly) white."""
    scale = 300 / 72
    image = page.to_image(resolution=300).original.convert("L")
    zone = QUIET_MODULES * qr.module - 0.5  # keep half a point inside the zone's edge
    left, right = qr.x0 - zone, qr.x1 + zone
    top, bottom = qr.top - zone, qr.bottom + zone
    ring = [(x, y) for x in range(int(left * scale), int(right * scale))
            for y in range(int(top * scale), int(bottom * scale))
            if not (qr.x0 * scale - 2 < x < qr.x1 * scale + 2
                    and qr.top * scale - 2 < y < qr.bottom * scale + 2)]
    return min(image.getpixel(point) for point in ring) > 235


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_the_intro_card_fits_with_a_readable_qr_code(workspace, runner, monkeypatch, theme,
                                                    size):
    result = build_intro(workspace, runner, monkeypatch, theme, size)
    assert result.exit_code == 0, result.output
    with pdfplumber.open(workspace / "output/intro.pdf") as pdf:
        intro = [(0, pdf.pages[0]), (1, pdf.pages[1])]  # the intro card's front and back
        text = " ".join(page.extract_text() for _, page in intro)
        for words in ("Okonkwo-Lindqvist", "Santos", "first week goes.", "Maya Okafor",
                      "+1 555 0100", "licensed professional."):
            assert words in text.replace("\n", " "), f"{words!r} missing on {theme}/{size}"
        own = [page for number, page in intro  # the deck's shared back is not the card's
               if number == 0 or "Maya Okafor" in page.extract_text()]
        assert min(char["size"] for page in own for char in page.chars) >= 7 - 1e-6
        qr = find_qr(intro)
        assert qr is not None, f"no QR code on the intro card ({theme}/{size})"
        assert qr.module / MM >= MIN_MODULE_MM
        page = pdf.pages[qr.page]
        zone = QUIET_MODULES * qr.module
        assert qr.x0 - zone >= -0.01 and qr.top - zone >= -0.01
        assert qr.x1 + zone <= page.width + 0.01 and qr.bottom + zone <= page.height + 0.01
        assert quiet_zone_is_white(page, qr), f"the quiet zone is not white ({theme}/{size})"


@pytest.mark.parametrize("theme", THEMES)
def test_on_a_square_card_the_qr_code_is_large_enough_to_aim_at(workspace, runner, monkeypatch,
                                                               theme):
    """A square card has room for a code of 18 mm with its quiet zone: it is not shrunk to the
    10 mm a corner beside the note would leave."""
    result = build_intro(workspace, runner, monkeypatch, theme, "square")
    assert result.exit_code == 0, result.output
    with pdfplumber.open(workspace / "output/intro.pdf") as pdf:
        qr = find_qr([(0, pdf.pages[0]), (1, pdf.pages[1])])
    assert qr is not None
    assert (qr.x1 - qr.x0 + 2 * QUIET_MODULES * qr.module) / MM >= 18
