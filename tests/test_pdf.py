"""The produced PDFs, read back: pages, card positions, mirrored backs, fonts, text, reuse."""

from __future__ import annotations

import pdfplumber
import pypdfium2
import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from deckpress.build import build_deck
from helpers import crop_mark_lines as page_lines
from helpers import placements

MM = 72 / 25.4
STANDARD_14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}


def expected_slots(page_w, page_h, card_w, card_h, gutter, columns, rows):
    left = (page_w - (columns * card_w + (columns - 1) * gutter)) / 2
    top = (page_h + rows * card_h + (rows - 1) * gutter) / 2
    return [(round(left + c * (card_w + gutter), 3), round(top - (r + 1) * card_h - r * gutter, 3))
            for r in range(rows) for c in range(columns)]


@pytest.mark.parametrize(
    ("name", "page_size", "card", "gutter"),
    [
        ("letter", (612, 792), (180, 252), 0),
        ("a4", (210 * MM, 297 * MM), (180, 252), 2 * MM),
    ],
)
def test_fronts_on_the_grid_and_backs_mirrored_for_long_edge(built, name, page_size, card,
                                                             gutter):
    reader = PdfReader(built[name])
    assert len(reader.pages) == 12  # 50 cards: 6 sheets, each a fronts page and a backs page
    slots = expected_slots(*page_size, *card, gutter, 3, 3)
    for number, page in enumerate(reader.pages):
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(page_size, abs=0.01)
        placed = placements(page)
        cards_here = 9 if number < 10 else 5
        positions = [value for x, y, _ in placed for value in (x, y)]
        if number % 2 == 0:
            expected = [value for slot in slots[:cards_here] for value in slot]
        else:  # the back of slot i sits at the slot's mirror image about the page's centre
            expected = [value for x, y in slots[:cards_here]
                        for value in (page_size[0] - x - card[0], y)]
        assert positions == pytest.approx(expected, abs=0.01)


def all_fonts(reader) -> dict[str, object]:
    """Every font dictionary used by pages and, recursively, by the forms they draw."""
    fonts: dict[str, object] = {}
    seen: set[int] = set()

    def walk(resources):
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
        for xobject in (resources.get("/XObject") or {}).values():
            key = xobject.idnum if isinstance(xobject, IndirectObject) else id(xobject)
            if key in seen:
                continue
            seen.add(key)
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return fonts


def test_every_font_is_embedded_and_none_is_a_standard_font(built):
    for pdf in built.values():
        fonts = all_fonts(PdfReader(pdf))
        assert fonts, "no fonts found at all"
        for name, font in fonts.items():
            assert name.lstrip("/").split("+")[-1] not in STANDARD_14
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{name} is not embedded"


def test_text_of_the_sample_deck_is_on_the_pages(built):
    with pdfplumber.open(built["letter"]) as pdf:
        first = pdf.pages[0].extract_text()
        back = pdf.pages[1].extract_text()
    for piece in ("How to play", "Jordan Rivera", "Ask for directions", "WU-01", "Counts when:",
                  "Book your next session", "Coaching, not therapy"):
        assert piece in first
    assert "Brave Asks" in back


def test_greek_and_cyrillic_reach_the_page(built):
    with pdfplumber.open(built["table-talk"]) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    for word in ("Καλημέρα", "Привет", "déjà", "¡Hola!"):
        assert word in text


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
    assert len(svg_forms) == 7  # the logo and six category icons, each embedded once


def test_viewer_preferences_ask_for_actual_size_and_long_edge_duplex(built):
    reader = PdfReader(built["letter"])
    preferences = reader.trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/PrintScaling"] == "/None"
    assert preferences["/Duplex"] == "/DuplexFlipLongEdge"


@pytest.mark.parametrize(("name", "page_size", "gutter", "bleed"),
                         [("letter", (612, 792), 0, 0), ("a4", (210 * MM, 297 * MM), 2 * MM, MM)])
def test_crop_marks_mark_every_cut_and_stay_outside_cards_and_bleed(built, name, page_size,
                                                                    gutter, bleed):
    page = PdfReader(built[name]).pages[0]
    lines = page_lines(page)
    slots = expected_slots(*page_size, 180, 252, gutter, 3, 3)
    cuts_x = {round(v, 2) for x, _ in slots for v in (x, x + 180)}
    cuts_y = {round(v, 2) for _, y in slots for v in (y, y + 252)}
    assert {round(x1, 2) for x1, _, x2, _ in lines if x1 == x2} == cuts_x
    assert {round(y1, 2) for _, y1, _, y2 in lines if y1 == y2} == cuts_y
    assert len(lines) == 2 * (len(cuts_x) + len(cuts_y))  # both ends of every cut line
    for x1, y1, x2, y2 in lines:
        assert min(x1, x2) > 0 and max(x1, x2) < page_size[0]
        assert min(y1, y2) > 0 and max(y1, y2) < page_size[1]
        for sx, sy in slots:
            overlap_x = min(x1, x2) < sx + 180 + bleed and max(x1, x2) > sx - bleed
            overlap_y = min(y1, y2) < sy + 252 + bleed and max(y1, y2) > sy - bleed
            assert not (overlap_x and overlap_y), "a crop mark touches a card"


def render(pdf, index, scale=0.5):
    document = pypdfium2.PdfDocument(str(pdf))
    image = document[index].render(scale=scale).to_pil().convert("RGB")
    document.close()
    return image


def test_backs_land_behind_their_fronts_when_the_sheet_is_flipped(built):
    """Pixels: on the last, partly filled sheet, flipping the backs page left-to-right puts a
    back exactly where there is a front, and nothing where there is none."""
    fronts = render(built["letter"], 10)
    backs = render(built["letter"], 11).transpose(0)  # FLIP_LEFT_RIGHT: turn over the long edge
    scale = 0.5
    for x, y in expected_slots(612, 792, 180, 252, 0, 3, 3):
        centre = (int((x + 90) * scale), int((792 - y - 126) * scale))
        band = (centre[0], int((792 - y - 252 + 8) * scale))  # top of a front: its colour band
        front_has_card = fronts.getpixel(band) != (255, 255, 255)
        back_pixel = backs.getpixel(centre)
        back_has_card = back_pixel != (255, 255, 255)
        assert front_has_card == back_has_card, (x, y)


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
