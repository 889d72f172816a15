"""The PDF as a document: text, reused forms, viewer preferences, colour space, the proof
overlay, byte-identical rebuilds and a clean structure."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
from pypdf import PdfReader

from deckpress.build import build_deck
from helpers import placements


def test_text_of_the_sample_deck_is_on_the_pages(built):
    with pdfplumber.open(built["letter"]) as pdf:
        first = pdf.pages[0].extract_text()
        back = pdf.pages[1].extract_text()
    for piece in ("How to play", "Jordan Rivera", "Ask for directions", "WU-01", "Counts when:",
                  "Book your next session", "Coaching, not therapy"):
        assert piece in first
    assert "Brave Asks" in back


def xobject_names(reader) -> dict[str, set[int]]:
    """Every named XObject in the document (pages and, recursively, forms): name -> objects."""
    names: dict[str, set[int]] = {}

    def walk(resources):
        for name, ref in ((resources or {}).get("/XObject") or {}).items():
            first_visit = ref.idnum not in {i for ids in names.values() for i in ids}
            names.setdefault(str(name), set()).add(ref.idnum)
            if first_visit:
                walk(ref.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return names


def test_each_face_is_drawn_once_and_the_logo_embedded_once(built):
    reader = PdfReader(built["letter"])
    placed = [name for page in reader.pages for *_, name in placements(page)]
    backs = {name for number, page in enumerate(reader.pages) if number % 2
             for *_, name in placements(page)}
    assert len(placed) == 100
    assert len(backs) == 1  # one shared back, referenced by all 50 cards
    assert len(set(placed)) == 51  # 50 distinct fronts + that back
    svg_forms = {name: ids for name, ids in xobject_names(reader).items() if "svg_" in name}
    assert all(len(ids) == 1 for ids in svg_forms.values())
    # the logo, six category icons and three icons in card text (coffee, laptop, phone)
    assert len(svg_forms) == 10  # each embedded once


def test_viewer_preferences_ask_for_actual_size_and_long_edge_duplex(built):
    reader = PdfReader(built["letter"])
    preferences = reader.trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/PrintScaling"] == "/None"
    assert preferences["/Duplex"] == "/DuplexFlipLongEdge"


def test_same_input_gives_byte_identical_pdf(workspace, tmp_path):
    first, second = tmp_path / "one.pdf", tmp_path / "two.pdf"
    deck = workspace / "cards" / "networking.yaml"
    brand = workspace / "brands" / "example.yaml"
    build_deck(deck, first, brand, "home-a4")
    build_deck(deck, second, brand, "home-a4")
    assert first.read_bytes() == second.read_bytes()


def test_structure_passes_qpdf_checks(built):
    """qpdf (through pikepdf) re-reads every object and stream: offsets, xref, encodings."""
    import pikepdf

    for name, path in built.items():
        with pikepdf.open(path) as pdf:
            assert pdf.check_pdf_syntax() == [], name
            assert len(pdf.pages) == len(PdfReader(path).pages)


def operators(pdf: Path) -> set[bytes]:
    """Every operator in every content stream and form of the file."""
    found: set[bytes] = set()
    with pikepdf.open(pdf) as document:
        for stream in document.objects:
            if isinstance(stream, pikepdf.Stream) and stream.get("/Subtype") != "/Image" and \
                    stream.get("/Type") != "/XRef" and "/Length1" not in stream:
                try:
                    found |= {op for _, op in ((o.operands, bytes(o.operator))
                                               for o in pikepdf.parse_content_stream(stream))}
                except pikepdf.PdfError:
                    continue
    return found


def test_cmyk_profile_writes_no_rgb_colours(outputs):
    cmyk = operators(outputs["full-cmyk"])
    assert {b"k", b"K"} & cmyk
    assert not {b"rg", b"RG"} & cmyk
    assert {b"rg"} & operators(outputs["plain"])  # the same check sees RGB when it is there


def test_proof_overlay_covers_every_card_only_when_asked(outputs):
    proof, plain = PdfReader(outputs["proof"]), PdfReader(outputs["plain"])
    placed = [name for page in proof.pages for *_, name in placements(page)]
    assert sum(name.endswith("proof") for name in placed) == 100  # over every front and every back
    assert not any("proof" in name for page in plain.pages for *_, name in placements(page))


def test_every_output_passes_the_pdf_structure_check(outputs):
    for name, path in outputs.items():
        if path.suffix == ".pdf":
            with pikepdf.open(path) as document:
                assert document.check_pdf_syntax() == [], name

