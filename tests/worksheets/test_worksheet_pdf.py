"""The worksheets PDF read back: sheets and their order, text, page numbers and sizes, form
fields, fonts, and room to write."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from pypdf import PdfReader

from deckpress.worksheets import KINDS
from helpers import DECK, ROOT

MM = 72 / 25.4
TITLES = {"ladder": "Fear ladder", "log": "Challenge log", "tracker": "30-day tracker",
          "debrief": "Debrief", "contacts": "Contacts"}
PAPER_SIZES = {"letter": (612, 792), "a4": (595.28, 841.89)}


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def sheet_of(text: str) -> str:
    """The sheet a page belongs to, read from its header (the first line)."""
    first = re.sub(r"^\d+-day tracker", "30-day tracker", text.strip().splitlines()[0])
    return next(kind for kind, title in TITLES.items() if first.startswith(title))


@pytest.mark.parametrize("name", ["letter", "a4"])
def test_every_kind_is_present_in_order(sheets, name):
    kinds = [sheet_of(text) for text in page_texts(sheets[name])]
    order = list(dict.fromkeys(kinds))
    assert order == list(KINDS)
    assert kinds == sorted(kinds, key=KINDS.index), "each sheet's pages are together"


def test_the_ladder_repeats_its_header_row_on_every_page(sheets):
    ladder = [text for text in page_texts(sheets["letter"]) if sheet_of(text) == "ladder"]
    assert len(ladder) >= 2, "48 rungs need more than one page"
    for text in ladder:
        assert "Expected" in text and "Date done" in text and "Actual fear" in text


def test_client_name_and_card_codes_are_in_the_text(sheets):
    texts = page_texts(sheets["letter"])
    assert all("Jordan Rivera · 30 Brave Asks" in text for text in texts)
    assert all("Maya Okafor" in text and "Coaching, not therapy." in text for text in texts)
    ladder = " ".join(text for text in texts if sheet_of(text) == "ladder")
    deck = (ROOT / DECK).read_text(encoding="utf-8")
    codes = re.findall(r"- id: ([A-Z]{2}-\d\d)", deck)
    assert len(codes) == 48
    for code in codes:
        assert code in ladder
    assert "Three informational interviews in product design" in ladder  # the brand's goal
    log = " ".join(text for text in texts if sheet_of(text) == "log")
    assert "WU-01 · Ask for directions" in log and "TA-08" in log


def test_pages_are_numbered_n_of_m(sheets):
    texts = page_texts(sheets["a4"])
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


@pytest.mark.parametrize("name", ["letter", "a4"])
def test_page_size_follows_the_paper(sheets, name):
    for page in PdfReader(sheets[name]).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            PAPER_SIZES[name], abs=0.01)


def test_no_form_fields_without_fillable(sheets):
    reader = PdfReader(sheets["letter"])
    assert not reader.get_fields()
    assert all("/Annots" not in page for page in reader.pages)


def test_fillable_fields_have_unique_names_and_the_right_types(sheets):
    reader = PdfReader(sheets["fillable"])
    names = []  # a field's name is on its widget, or on the radio group holding its widgets
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            widget = annotation.get_object()
            if "/T" in widget:
                names.append(widget["/T"])
            elif widget["/Parent"].get_object()["/T"] not in names:
                names.append(widget["/Parent"].get_object()["/T"])
    assert len(names) == len(set(names)) > 900  # one field for each multi-line answer
    fields = reader.get_fields()
    assert set(fields) == set(names)
    assert fields["ladder.WU-01.date"]["/FT"] == "/Tx"
    assert fields["log.WU-01.prediction"]["/FT"] == "/Tx"
    radio = 1 << 15  # the field flag that makes a group of buttons one answer
    for scale in ("fear_before", "fear_peak", "fear_after"):
        group = fields[f"log.TA-08.{scale}"]
        assert group["/FT"] == "/Btn" and group["/Ff"] & radio
        assert set(group["/_States_"]) >= {f"/{value}" for value in range(11)}
    assert fields["log.WU-01.belief"]["/Ff"] & radio
    assert set(fields["log.WU-01.belief"]["/_States_"]) >= {"/0", "/50", "/100"}
    assert fields["log.WU-01.outcome"]["/Ff"] & radio
    assert set(fields["log.WU-01.outcome"]["/_States_"]) >= {"/1", "/2", "/3", "/4"}
    assert fields["tracker.day.30"]["/FT"] == "/Btn"
    assert fields["tracker.day.30.asks"]["/FT"] == "/Tx"
    assert "tracker.day.31" not in fields
    assert fields["contacts.20.follow_up"]["/FT"] == "/Tx"
    assert fields["debrief.surprised"]["/FT"] == "/Tx"


def test_fillable_looks_the_same_when_printed(sheets):
    """Fields lie over the drawing without borders or backgrounds of their own."""
    plain = pypdfium2.PdfDocument(str(sheets["letter"]))
    fillable = pypdfium2.PdfDocument(str(sheets["fillable"]))
    assert len(plain) == len(fillable)
    for index in (0, 3, len(plain) - 3):  # ladder, a log block, the tracker
        images = [document[index].render(scale=0.5, may_draw_forms=True).to_pil().tobytes()
                  for document in (plain, fillable)]
        assert images[0] == images[1], f"page {index + 1} differs"
    plain.close()
    fillable.close()


def _fonts(pdf: Path) -> list[dict]:
    import pikepdf

    found = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descriptor = font.get("/FontDescriptor")
                if "/DescendantFonts" in font:
                    descriptor = font.DescendantFonts[0].get("/FontDescriptor")
                found.append({"name": str(font.get("/BaseFont")),
                              "embedded": descriptor is not None and "/FontFile2" in descriptor})
    return found


@pytest.mark.parametrize("name", ["letter", "a4", "fillable"])
def test_every_font_on_the_pages_is_embedded(sheets, name):
    fonts = _fonts(sheets[name])
    assert fonts and all(font["embedded"] for font in fonts), fonts


def test_only_the_typed_in_text_of_fillable_fields_uses_a_viewer_font(sheets):
    """AcroForm fields name a standard font for typed text; the printed page never uses it."""
    import pikepdf

    with pikepdf.open(sheets["fillable"]) as document:
        resources = document.Root.AcroForm.DR.Font
        assert {str(font.BaseFont) for font in resources.values()} <= {"/Helvetica",
                                                                        "/ZapfDingbats"}
    with pikepdf.open(sheets["letter"]) as document:
        assert "/AcroForm" not in document.Root


def test_text_is_readable_and_inside_safe_margins(sheets):
    with pdfplumber.open(sheets["letter"]) as pdf:
        for page in pdf.pages[:5]:
            sizes = {round(char["size"], 1) for char in page.chars}
            assert min(sizes) >= 8.5 - 1e-6  # 8.5 pt only for the footer's disclaimer
            body = [char for char in page.chars if MM * 30 < char["top"] < page.height - 30 * MM]
            assert min(char["size"] for char in body) >= 9 - 1e-6
            for item in page.chars + page.lines + page.rects + page.curves:
                assert item["x0"] >= 18 - 0.01 and item["x1"] <= page.width - 18 + 0.01
                assert item["top"] >= 18 - 0.01 and item["bottom"] <= page.height - 18 + 0.01


def test_write_in_lines_and_tick_boxes_are_big_enough_for_a_pen(sheets):
    with pdfplumber.open(sheets["letter"]) as pdf:
        log_page = pdf.pages[3]
        assert "Challenge log" in log_page.extract_text()
        boxes = [box for box in log_page.rects + log_page.curves  # rounded: drawn as curves
                 if abs(box["width"] - box["height"]) < 0.5 and box["width"] >= 4.5 * MM]
        assert len(boxes) >= 11 * 5 + 4  # five 11-box scales and the four answers
        columns: dict[float, set[float]] = {}  # the write-in lines of each column
        for line in log_page.lines:
            if line["x1"] - line["x0"] > 80 * MM:
                columns.setdefault(round(line["x0"]), set()).add(round(line["top"], 1))
        gaps = [b - a for tops in columns.values() for a, b in itertools.pairwise(sorted(tops))]
        assert gaps and min(gaps) >= 8 * MM - 0.1

