"""`deckpress box`: the tuck box PDF as a user gets it: where it goes, what it shows, every line
on the paper, fonts embedded, the print-service page with bleed, clear refusals, and how it
looks (golden images compared with a pixel tolerance)."""

from __future__ import annotations

import os
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from deckpress.box import LEGEND_SIZE, MARGIN_MM, BoxPlan, Legend, legend_lines
from deckpress.cli import main
from deckpress.output.tuckbox import ONE_PIECE, inner_size, piece
from deckpress.render.fonts import load_fonts
from deckpress.source.labels import languages, merged_labels
from deckpress.units import MM
from helpers import assert_one_error, assert_usage_error, differing_share, edit, line_of

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
                              "hint: it is too big for letter and A4 paper alike: try thinner "
                              "stock"])
    assert "--paper" not in result.output  # letter does not hold it either
    assert not (workspace / "output" / "networking-box.pdf").exists()


def test_the_paper_hint_names_only_a_paper_the_box_fits(runner, workspace, monkeypatch):
    """66 mm deep fits A4 in two pieces but not letter: on letter the hint says A4, and the
    box is made on A4 as said."""
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "cards/networking.yaml", "--stock-mm", "1.3"])
    assert_one_error(result, ["does not fit on Letter paper", "hint: try --paper a4, or thinner"])
    result = runner.invoke(main, ["box", "cards/networking.yaml", "--stock-mm", "1.3",
                                  "--paper", "a4"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", [("--profile", "pod-pdf"), ("--paper", "a4")])
def test_a_box_thicker_than_a_tuck_box_holds_is_refused(runner, workspace, monkeypatch, args):
    """600 cards would make a box 181 mm deep: no tuck flap holds that, on paper or at a print
    service (which sells boxes of its own)."""
    monkeypatch.chdir(workspace)
    deck = workspace / "cards" / "networking.yaml"
    edit(deck, "  - id: HOW\n", "  - id: HOW\n    copies: 551\n")
    result = runner.invoke(main, ["box", "cards/networking.yaml", *args])
    assert_one_error(result, ["cards/networking.yaml", "field 'cards'", "600 cards",
                              "181 mm deep", "up to 80 mm thick"])
    assert ("sells boxes of its own" in result.output) == (args[0] == "--profile")
    assert not list((workspace / "output").glob("*box*"))


def char_size(char: dict) -> float:
    """A character's type size; for text turned a quarter (the sides' title), pdfplumber's
    `size` is the glyph's advance, and its box's width across the line is the size."""
    return char["size"] if char["upright"] else char["x1"] - char["x0"]


def test_a_long_one_word_title_is_hyphenated_large_not_set_tiny(runner, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    edit(workspace / "cards" / "netzwerken.yaml", "title: Mutig fragen",
         "title: Netzwerkkompetenzentwicklungsprogramm")
    result = runner.invoke(main, ["box", "cards/netzwerken.yaml", "-o", "long.pdf"])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(workspace / "long.pdf") as document:
        page = document.pages[0]
        words = page.extract_words()
        title = [word for word in words if word["text"].endswith("-") or "programm" in
                 word["text"]]
        assert [word["text"] for word in title] == ["Netzwerk-", "kompetenz-",
                                                    "entwicklungs-", "programm"]
        sizes = {round(char["size"]) for char in page.chars if char["text"] == "N"}
        assert min(sizes) >= 16, sizes  # it was 7 pt, on one line
        front = next(rect for rect in page.rects if rect["width"] > 150)  # the front panel
        for word in title:
            assert front["x0"] + 5 * MM <= word["x0"] and word["x1"] <= front["x1"] - 5 * MM


@pytest.mark.parametrize(("title", "expected"), [
    ("Small Brave Asks for a Bigger Network",  # greedily: Small Brave / Asks for a / Bigger /
     ["Small Brave", "Asks for", "a Bigger", "Network"]),
    ("A Year of Small Brave Asks for the Quiet Networker",  # … / Asks for the / Quiet / …
     ["A Year of", "Small Brave", "Asks for", "the Quiet", "Networker"]),
])
def test_a_long_title_is_balanced_on_the_front(runner, workspace, monkeypatch, title,
                                               expected):
    """The lines share the words out evenly rather than leaving one alone on a line."""
    monkeypatch.chdir(workspace)
    edit(workspace / "cards" / "networking.yaml", "title: Brave Asks", f'title: "{title}"')
    result = runner.invoke(main, ["box", "cards/networking.yaml", "-o", "long.pdf"])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(workspace / "long.pdf") as document:
        lines = document.pages[0].extract_text_lines()
    front = [line["text"] for line in lines if line["chars"][0]["upright"]
             and line["chars"][0]["size"] > 12]
    assert front == expected


@pytest.mark.parametrize(("title", "spine"), [
    ("Brave Asks: thirty small and courageous steps towards the network you want",
     "Brave Asks"),
    ("The Surprisingly Courageous Networking Challenge Deck For Introverted Engineers", None),
])
def test_a_title_too_long_for_the_sides_is_shortened_or_left_out_with_a_warning(
        runner, workspace, monkeypatch, title, spine):
    monkeypatch.chdir(workspace)
    edit(workspace / "cards" / "networking.yaml", "title: Brave Asks", f'title: "{title}"')
    result = runner.invoke(main, ["box", "cards/networking.yaml", "-o", "long.pdf"])
    assert result.exit_code == 0, result.output
    deck = workspace / "cards" / "networking.yaml"
    assert f"warning: cards/networking.yaml:{line_of(deck, 'title:')}, field 'title': the " \
           "title is too long for the box's sides at 6 pt or more" in result.output
    with pdfplumber.open(workspace / "long.pdf") as document:
        page = document.pages[0]
        assert min(char_size(char) for char in page.chars) >= 6  # it was 4 to 5 pt
        upright = "".join(char["text"] for char in page.chars if not char["upright"])
    assert upright == (spine or "") * 2  # along both sides, or on neither


def test_the_legend_speaks_the_decks_language(runner, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "cards/netzwerken.yaml", "--paper", "a4", "-o",
                                  "de.pdf"])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(workspace / "de.pdf") as document:
        page = document.pages[0]
        text = page.extract_text()
        for words in ("schneiden", "falzen", "Schachtel innen 65,5 × 90,4 × ", "Karten à 0,3 mm",
                      "In Originalgröße drucken."):
            assert words in text, words
        assert "cut" not in text and "Print at actual size" not in text
        legend = [char for char in page.chars if char["bottom"] > page.height - 12 * MM]
        assert min(char["size"] for char in legend) > 6.5  # the German fits the width


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


@pytest.mark.parametrize("language", list(languages()))
def test_every_languages_legend_fits_an_a4_sheet_at_full_size(language):
    """The legend is set smaller only for a coach's own longer words, never for deckpress's."""
    labels = merged_labels((), language)
    font = load_fonts(None).family("Noto Sans").face()
    inner = inner_size((63.5, 88.9), 250, 0.30)
    for pieces, pages in ((1, [[None]]), (2, [[None], [None]]), (2, [[None, None]])):
        plan = BoxPlan(inner, 250, 0.30, pages, (595.28, 841.89), (0, 0), None)  # type: ignore
        assert plan.pieces == pieces
        size, how = legend_lines(plan, Legend(None, labels, language), 2)  # type: ignore
        room = 595.28 - 2 * MARGIN_MM * MM
        assert stringWidth(how, font, LEGEND_SIZE) <= room, (language, how)
        assert stringWidth(size, font, LEGEND_SIZE) <= room - 150, (language, size)
