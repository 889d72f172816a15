"""`deckpress box`: the tuck box PDF as a user gets it: where it goes, what it shows, every line
on the paper, fonts embedded, the print-service page with bleed, clear refusals, and how it
looks (golden images compared with a pixel tolerance)."""

from __future__ import annotations

import os
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from deckpress.cli import main
from deckpress.output.tuckbox import ONE_PIECE, inner_size, piece
from deckpress.units import MM
from helpers import assert_one_error, assert_usage_error, line_of

GOLDEN = Path(__file__).parent / "golden"
LETTER = (612.0, 792.0)


def make_box(runner, workspace: Path, monkeypatch, *args: str) -> Path:
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "cards/networking.yaml", "--brand", "example", *args])
    assert result.exit_code == 0, result.output
    return workspace / result.output.split("wrote ", 1)[1].split(" (", 1)[0]


def test_box_on_letter_shows_title_coach_and_legend(runner, workspace, monkeypatch):
    pdf = make_box(runner, workspace, monkeypatch)
    assert pdf == workspace / "output" / "networking-example-box.pdf"
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        assert (page.width, page.height) == pytest.approx(LETTER)
        text = page.extract_text()
        for words in ("Brave Asks", "Maya Okafor", "Harbor Career Coaching",
                      "maya@harborcoaching.example", "+1 555 0100", "harborcoaching.example",
                      "cut", "fold", "50 cards at 0.3 mm", "65.5 × 90.4 × 16.0 mm"):
            assert words in text, words
        margin = 6 * MM - 0.5
        drawn = [*page.lines, *page.curves, *page.rects]
        assert len(drawn) > 10
        for item in drawn:
            assert item["x0"] >= margin and item["x1"] <= page.width - margin, item
            assert item["top"] >= margin and item["bottom"] <= page.height - margin, item
        # the title sits on the front panel, left of the back's details
        title = page.search("Brave Asks")[0]
        coach = page.search("Maya Okafor")[0]
        assert title["x1"] < coach["x0"]


def test_every_font_is_embedded(runner, workspace, monkeypatch):
    pdf = make_box(runner, workspace, monkeypatch, "--paper", "a4")
    reader = PdfReader(pdf)
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            fonts.append("/FontFile2" in descriptor)
    assert fonts and all(fonts)
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)


def test_print_service_page_is_the_flat_box_plus_bleed(runner, workspace, monkeypatch):
    pdf = make_box(runner, workspace, monkeypatch, "--profile", "pod-pdf")
    assert pdf.name == "networking-example-box-pod-pdf.pdf"
    flat = piece(ONE_PIECE, inner_size((63.5, 88.9), 50, 0.30))
    bleed = 0.125 * 72
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        assert page.width == pytest.approx(flat.width * MM + 2 * bleed, abs=0.01)
        assert page.height == pytest.approx(flat.height * MM + 2 * bleed, abs=0.01)
        text = page.extract_text()
        assert "Brave Asks" in text and "cut" not in text  # no legend on a print-service page
    image = render(pdf, 72)
    bottom_tuck = flat.panel("back").rect.x + 30
    in_bleed = image.getpixel((round(bottom_tuck * MM + bleed), image.height - 1))
    inside = image.getpixel((round(bottom_tuck * MM + bleed), image.height - round(bleed) - 6))
    assert in_bleed == inside != (255, 255, 255)  # the tuck flap's colour runs into the bleed
    glue = flat.panel("glue").rect  # bare card, though the front's bleed is beside it
    assert image.getpixel((round((glue.x + glue.width / 2) * MM + bleed),
                           round(image.height / 2))) == (255, 255, 255)


def test_thick_stock_makes_two_pieces_on_two_pages(runner, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "cards/networking.yaml", "--stock-mm", "1.2",
                                  "-o", "thick.pdf"])
    assert result.exit_code == 0, result.output
    assert "in two pieces on two pages" in result.output
    with pdfplumber.open(workspace / "thick.pdf") as document:
        assert len(document.pages) == 2
        assert "piece 2 of 2" in document.pages[1].extract_text()


def test_a_box_bigger_than_the_paper_names_the_size_line(runner, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "cards/networking.yaml", "--stock-mm", "1.5",
                                  "--paper", "a4"])
    deck = workspace / "cards" / "networking.yaml"
    assert_one_error(result, [f"cards/networking.yaml:{line_of(deck, 'size:')}", "field 'size'",
                              "does not fit on A4 paper", "65.5 × 90.4 × 76.0 mm",
                              "hint: try --paper letter, thinner stock"])
    assert not (workspace / "output" / "networking-box.pdf").exists()


@pytest.mark.parametrize("value", ["nan", "inf", "0.05", "2"])
def test_bad_stock_is_a_usage_error(runner, workspace, monkeypatch, value):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "cards/networking.yaml", "--stock-mm", value])
    assert_usage_error(result, "--stock-mm", ["give 0.1 to 1.5 (mm)"])


def test_a_sheet_profile_is_refused(runner, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "cards/networking.yaml", "--profile", "home-a4"])
    assert result.exit_code == 2
    assert "dtc or pod-pdf" in result.output


def test_client_box_goes_into_the_clients_folder(runner, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "--client", "jordan-rivera"])
    assert result.exit_code == 0, result.output
    assert "output/jordan-rivera/networking-box.pdf" in result.output


def render(pdf: Path, dpi: float) -> Image.Image:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def differing_share(image: Image.Image, golden: Image.Image, threshold: int = 48) -> float:
    """The share of pixels whose colour differs by more than `threshold` in some channel."""
    difference = ImageChops.difference(image, golden).convert("L").point(
        lambda value: 255 if value > threshold else 0)
    return sum(difference.histogram()[255:]) / (image.width * image.height)


@pytest.mark.parametrize("args, name", [((), "tuckbox-letter.png"),
                                        (("--profile", "pod-pdf"), "tuckbox-pod-pdf.png")])
def test_looks_like_the_golden_image(runner, workspace, monkeypatch, args, name):
    """A change that moves a panel, a line or the title shows here; anti-aliasing does not.
    DECKPRESS_UPDATE_GOLDEN=1 writes the images anew (look at them before committing)."""
    image = render(make_box(runner, workspace, monkeypatch, *args), 40)
    golden = GOLDEN / name
    if os.environ.get("DECKPRESS_UPDATE_GOLDEN"):
        image.save(golden)
    stored = Image.open(golden).convert("RGB")
    assert stored.size == image.size
    assert differing_share(image, stored) < 0.003
