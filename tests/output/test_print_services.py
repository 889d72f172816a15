"""Print-service PDFs: one face per page, page = trim + bleed, trim and bleed boxes, no marks."""

from __future__ import annotations

import pdfplumber
import pytest
from pypdf import PdfReader

from deckpress.build import build_deck, build_pngs
from helpers import crop_mark_lines, page_lines, placements

IN = 72.0


def box(page, name: str) -> list[float]:
    return [round(float(value), 3) for value in page[name]]


@pytest.mark.parametrize(("name", "width", "height", "pages"),
                         [("dtc", 2.75 * IN, 3.75 * IN, 100),
                          ("pod-pdf", 2.75 * IN, 2.75 * IN, 32)])
def test_print_service_pdf_is_one_face_per_page_with_trim_and_bleed_boxes(outputs, name, width,
                                                                          height, pages):
    reader = PdfReader(outputs[name])
    assert len(reader.pages) == pages
    bleed = 0.125 * IN
    for page in reader.pages:
        assert box(page, "/MediaBox") == pytest.approx([0, 0, width, height], abs=0.001)
        assert box(page, "/BleedBox") == pytest.approx([0, 0, width, height], abs=0.001)
        assert box(page, "/TrimBox") == pytest.approx(
            [bleed, bleed, width - bleed, height - bleed], abs=0.001)
        assert [(x, y) for x, y, _ in placements(page)] == [(round(bleed, 3), round(bleed, 3))]
        assert crop_mark_lines(page) == [] and page_lines(page) == []  # no marks in the file


def test_print_service_pages_alternate_front_and_back(outputs):
    with pdfplumber.open(outputs["dtc"]) as pdf:
        texts = [pdf.pages[i].extract_text() for i in range(4)]
    assert "How to play" in texts[0] and "Brave Asks" in texts[1]
    assert "THIS DECK BELONGS TO" in texts[2] and "Brave Asks" in texts[3]
    reader = PdfReader(outputs["dtc"])
    backs = {placements(reader.pages[i])[0][2] for i in range(1, 100, 2)}
    assert len(backs) == 1  # the shared back, on every even page


def test_print_service_files_are_byte_identical_when_rebuilt(outputs, tmp_path):
    ws = outputs["workspace"]
    brand = ws / "brands/example.yaml"
    again = tmp_path / "dtc.pdf"
    build_deck(ws / "cards/networking.yaml", again, brand, "dtc")
    assert again.read_bytes() == outputs["dtc"].read_bytes()
    folder = tmp_path / "mpc"
    build_pngs(ws / "cards/networking.yaml", folder, brand, "mpc")
    for name in ("001-HOW-front.png", "050-TA-08-back.png", "contact-sheet.png"):
        assert (folder / name).read_bytes() == (outputs["mpc"] / name).read_bytes(), name

