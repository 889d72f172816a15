"""The printer calibration sheet as a PDF, measured as a printer prints it."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.textobject import PDFTextObject

from deckpress.calibrate import gauge_centres, offset_option, write_calibration
from deckpress.errors import DeckError
from deckpress.render.fonts import load_fonts
from deckpress.sizes import paper

MM = 72 / 25.4
LETTER, A4 = (612.0, 792.0), (210 * MM, 297 * MM)
STANDARD_14 = {"Helvetica", "Helvetica-Bold", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}
NEAR = 1e-3  # points: far below anything a printer can show


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("calibrate")
    variants = {
        "letter": ("letter", "long-edge", None),
        "a4": ("a4", "long-edge", None),
        "short": ("letter", "short-edge", None),
        "offset": ("letter", "long-edge", (1.5 * MM, -0.5 * MM)),
        "a4-offset": ("a4", "short-edge", (-1.0 * MM, 2.0 * MM)),
        "a4-short": ("a4", "short-edge", None),
        "smallest": ("200x275mm", "long-edge", (-2.5 * MM, 0.5 * MM)),  # the minimum paper
        "smallest-plain": ("200x275mm", "long-edge", None),
    }
    return {name: write_calibration(folder / f"{name}.pdf", *args)
            for name, args in variants.items()}


def lines(page) -> list[tuple[float, float, float, float]]:
    """Every straight line as (x0, y0, x1, y1) in PDF coordinates, lowest point first."""
    return [(line["x0"], line["y0"], line["x1"], line["y1"]) for line in page.lines]


def uprights(page):
    return [(x0, y0, y1) for x0, y0, x1, y1 in lines(page) if abs(x0 - x1) < NEAR]


def levels(page):
    return [(y0, x0, x1) for x0, y0, x1, y1 in lines(page) if abs(y0 - y1) < NEAR]


def centre_x(char) -> float:
    return (char["x0"] + char["x1"]) / 2


@pytest.mark.parametrize(("name", "size"), [("letter", LETTER), ("a4", A4)])
def test_page_sizes_are_the_paper(sheets, name, size):
    with pdfplumber.open(sheets[name]) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            assert (page.width, page.height) == pytest.approx(size, abs=NEAR)


@pytest.mark.parametrize("name", ["letter", "a4"])
def test_front_crosses_meet_at_the_page_centre_and_the_corners(sheets, name):
    with pdfplumber.open(sheets[name]) as pdf:
        front = pdf.pages[0]
        width, height = front.width, front.height
        for cx, cy in [(width / 2, height / 2), (25 * MM, 25 * MM),
                       (width - 25 * MM, height - 25 * MM)]:
            assert any(x == pytest.approx(cx, abs=NEAR) and y0 < cy - 15 * MM
                       and y1 > cy + 15 * MM for x, y0, y1 in uprights(front))
            assert any(y == pytest.approx(cy, abs=NEAR) and x0 < cx - 15 * MM
                       and x1 > cx + 15 * MM for y, x0, x1 in levels(front))


@pytest.mark.parametrize("name", ["letter", "a4"])
def test_back_tick_v_is_v_millimetres_right_of_the_centre(sheets, name):
    with pdfplumber.open(sheets[name]) as pdf:
        back = pdf.pages[1]
        width, height = back.width, back.height
        ticks = [x for x, y0, y1 in uprights(back)
                 if height / 2 < y0 < height / 2 + 20 * MM]
        for value in (-6, -2.5, -1, 0, 0.5, 3, 6):
            assert any(x == pytest.approx(width / 2 + value * MM, abs=NEAR) for x in ticks), value
        words = back.extract_words(keep_blank_chars=False, x_tolerance=0.5)
        labels = [w for w in words if height / 2 < height - w["bottom"] < height / 2 + 20 * MM
                  and abs((w["x0"] + w["x1"]) / 2 - width / 2) < 7 * MM]
        for value in (-6, -4, -2, 0, 2, 4, 6):
            at = [w for w in labels if (w["x0"] + w["x1"]) / 2 == pytest.approx(
                width / 2 + value * MM, abs=0.6 * MM)]
            assert [w["text"] for w in at] == [f"{value:+d}" if value else "0"], value
            assert at[0]["upright"]  # readable on the back, as printed
        # the upright scale: tick v at y = H/2 + v mm
        levels_near = [y for y, x0, x1 in levels(back)
                       if width / 2 < x0 < width / 2 + 20 * MM]
        for value in (-6, -1.5, 0, 1, 4):
            assert any(y == pytest.approx(height / 2 + value * MM, abs=NEAR)
                       for y in levels_near), value
        upright_labels = {w["text"]: height - (w["top"] + w["bottom"]) / 2 for w in words
                          if width / 2 + 8 * MM < w["x0"] < width / 2 + 16 * MM
                          and abs(height - w["bottom"] - height / 2) < 8 * MM}
        for value in (-6, -2, 0, 4):
            label = f"{value:+d}" if value else "0"
            assert upright_labels[label] == pytest.approx(height / 2 + value * MM, abs=0.6 * MM)


def labels_and_signs(page, bottom: float, band: float):
    return [c for c in page.chars if bottom < c["y0"] < bottom + band]


def zero_ticks(back) -> tuple[list[float], list[float]]:
    """x of every tick with a bold 0 at its end across, y of every one with a bold 0 beside it.

    A zero tick is told from its neighbours by the way it reaches back across the base line,
    towards the cross: it is the one of the ticks next to the label that reaches furthest.
    """
    zeros = [c for c in back.chars if c["text"] == "0" and "Bold" in c["fontname"]]
    across, upright = [], []
    for char in zeros:
        middle = (char["y0"] + char["y1"]) / 2
        below = [(x, y0, y1) for x, y0, y1 in uprights(back)
                 if abs(centre_x(char) - x) < 3 * MM and min(abs(y0 - middle),
                                                                abs(y1 - middle)) < 8 * MM]
        beside = [(y, x0, x1) for y, x0, x1 in levels(back)
                  if min(abs(char["x0"] - x1), abs(char["x1"] - x0)) < 3 * MM
                  and abs(y - middle) < 3 * MM]
        if beside:
            far = max(beside, key=lambda t: max(abs(t[1] - centre_x(char)),
                                                 abs(t[2] - centre_x(char))))
            upright.append(far[0])
        else:
            far = max(below, key=lambda t: max(abs(t[1] - middle), abs(t[2] - middle)))
            assert far[0] == pytest.approx(centre_x(char), abs=0.01)  # the 0 sits on its tick
            across.append(far[0])
    return across, upright


def front_cross_lines(front) -> tuple[list[tuple], list[tuple]]:
    def cross(length: float) -> bool:
        return 30 * MM < length < 45 * MM  # longer than any tick, shorter than the rulers

    ups = [(x, y0, y1) for x, y0, y1 in uprights(front) if cross(y1 - y0)]
    flats = [(y, x0, x1) for y, x0, x1 in levels(front) if cross(x1 - x0)]
    return ups, flats


def readings(front, back, duplex: str, shift: tuple[float, float]):
    """What a user reads through the sheet when the printer moves the back by `shift`.

    Each front line is turned over onto the back page; the reading is the distance, in mm, from
    the zero tick of the scale it crosses to the place it crosses.
    """
    width, height = front.width, front.height
    across_zeros, upright_zeros = zero_ticks(back)
    ups, flats = front_cross_lines(front)
    assert len(ups) == len(flats) == 5
    found = []
    for x, _, _ in ups:
        seen_at = width - x if duplex == "long-edge" else x
        zero = min((z + shift[0] for z in across_zeros), key=lambda z: abs(z - seen_at))
        found.append(round((seen_at - zero) / MM, 6))
    for y, _, _ in flats:
        seen_at = y if duplex == "long-edge" else height - y
        zero = min((z + shift[1] for z in upright_zeros), key=lambda z: abs(z - seen_at))
        found.append(round((seen_at - zero) / MM, 6))
    return found


@pytest.mark.parametrize(("name", "duplex"), [("letter", "long-edge"), ("a4", "long-edge"),
                                              ("short", "short-edge"), ("a4-short", "short-edge")])
def test_turned_over_every_front_line_meets_a_zero_tick(sheets, name, duplex):
    with pdfplumber.open(sheets[name]) as pdf:
        front, back = pdf.pages
        across, upright = zero_ticks(back)
        assert len(across) == len(upright) == 5
        assert readings(front, back, duplex, (0.0, 0.0)) == pytest.approx([0] * 10, abs=1e-4)
        # a printer that moves the back 1.5 mm left and 0.5 mm up is read as X = 1.5, Y = -0.5
        shifted = readings(front, back, duplex, (-1.5 * MM, 0.5 * MM))
        assert shifted == pytest.approx([1.5] * 5 + [-0.5] * 5, abs=1e-4)


@pytest.mark.parametrize(("plain", "moved", "duplex", "offset"), [
    ("letter", "offset", "long-edge", (1.5, -0.5)),
    ("a4-short", "a4-offset", "short-edge", (-1.0, 2.0)),
])
def test_back_offset_moves_every_back_object_and_the_right_one_reads_zero(
        sheets, plain, moved, duplex, offset):
    dx, dy = offset[0] * MM, offset[1] * MM
    with pdfplumber.open(sheets[plain]) as without, pdfplumber.open(sheets[moved]) as with_:
        before, after = without.pages[1], with_.pages[1]
        assert len(before.lines) == len(after.lines) > 100
        assert len(before.chars) == len(after.chars) > 100
        for old, new in zip(lines(before), lines(after), strict=True):
            assert new == pytest.approx((old[0] + dx, old[1] + dy, old[2] + dx, old[3] + dy),
                                        abs=NEAR)
        for old, new in zip(before.chars, after.chars, strict=True):
            assert new["text"] == old["text"]
            assert (new["x0"], new["y0"]) == pytest.approx((old["x0"] + dx, old["y0"] + dy),
                                                           abs=NEAR)
        # a printer that shifts by -offset, corrected by that offset: every reading is 0
        printer = (-dx, -dy)
        assert readings(with_.pages[0], after, duplex, printer) == pytest.approx([0] * 10,
                                                                                 abs=1e-4)
        assert f"--back-offset {offset_option((dx, dy))}" in with_.pages[0].extract_text()


@pytest.mark.parametrize("name", ["letter", "a4"])
def test_rulers_measure_100_and_50_millimetres(sheets, name):
    with pdfplumber.open(sheets[name]) as pdf:
        front = pdf.pages[0]
        rulers = [(y, x0, x1) for y, x0, x1 in levels(front)
                  if x1 - x0 == pytest.approx(100 * MM, abs=NEAR)]
        assert len(rulers) == 1
        y, start, _ = rulers[0]
        ticks = sorted((y1 - y0, x) for x, y0, y1 in uprights(front) if abs(y0 - y) < NEAR)
        assert len(ticks) == 101
        majors = sorted(x for length, x in ticks if length == pytest.approx(ticks[-1][0]))
        assert majors == pytest.approx([start + 10 * k * MM for k in range(11)], abs=NEAR)
        labels = {c["text"] for c in front.chars if c["y0"] > y and c["y0"] < y + 8 * MM}
        assert {"0", "1", "5"} <= labels  # "0", "10" ... "50" ... "100"
        upright = [(x, y0, y1) for x, y0, y1 in uprights(front)
                   if y1 - y0 == pytest.approx(50 * MM, abs=NEAR)]
        assert len(upright) == 1
        x, bottom, _ = upright[0]
        marks = sorted(yy for yy, x0, x1 in levels(front) if abs(x0 - x) < NEAR)
        assert len(marks) == 51
        assert marks[-1] - marks[0] == pytest.approx(50 * MM, abs=NEAR)
        assert marks[0] == pytest.approx(bottom, abs=NEAR)


def test_every_font_embedded_and_none_standard(sheets):
    for path in sheets.values():
        with pikepdf.open(path) as pdf:
            fonts = {}
            for page in pdf.pages:
                for font in page.Resources.Font.values():
                    fonts[str(font.BaseFont)] = font
            assert len(fonts) == 2  # Noto Sans regular and bold
            for name, font in fonts.items():
                assert name.lstrip("/").split("+")[-1] not in STANDARD_14
                descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font \
                    else font.FontDescriptor
                assert "/FontFile2" in descriptor, name
            assert pdf.check_pdf_syntax() == []


@pytest.mark.parametrize(("name", "duplex"), [("letter", "/DuplexFlipLongEdge"),
                                              ("short", "/DuplexFlipShortEdge")])
def test_viewer_preferences_ask_for_actual_size_and_the_duplex_mode(sheets, name, duplex):
    preferences = PdfReader(sheets[name]).trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/PrintScaling"] == "/None"
    assert preferences["/Duplex"] == duplex


def test_the_same_options_give_byte_identical_pdf(tmp_path):
    first = write_calibration(tmp_path / "one.pdf", "a4", "long-edge", (MM, 0.0))
    second = write_calibration(tmp_path / "two.pdf", "a4", "long-edge", (MM, 0.0))
    assert first.read_bytes() == second.read_bytes()


def overlaps(char, left: float, bottom: float, right: float, top: float) -> bool:
    return char["x1"] > left and char["x0"] < right and char["y1"] > bottom and char["y0"] < top


@pytest.mark.parametrize("name", ["letter", "offset", "a4", "a4-offset", "smallest",
                                  "smallest-plain"])
def test_no_text_near_the_crosses_so_the_readings_stay_clear(sheets, name):
    """Nothing within 21 mm of the centre cross, nothing within 3 mm of a corner cross's lines."""
    with pdfplumber.open(sheets[name]) as pdf:
        front = pdf.pages[0]
        centre, *corners = gauge_centres(front.width, front.height)
        reach, air = 19 * MM, 3 * MM
        for char in front.chars:
            box = reach + 2 * MM
            assert not overlaps(char, centre.x - box, centre.y - box, centre.x + box,
                                centre.y + box), char["text"]
            for corner in corners:
                assert not overlaps(char, corner.x - air, corner.y - reach - air,
                                    corner.x + air, corner.y + reach + air), char["text"]
                assert not overlaps(char, corner.x - reach - air, corner.y - air,
                                    corner.x + reach + air, corner.y + air), char["text"]


@pytest.mark.parametrize("options", [("letter", "long-edge", None),
                                     ("a4", "short-edge", (-1.5 * MM, 0.25 * MM))])
def test_every_character_drawn_has_a_glyph_in_the_font(tmp_path, monkeypatch, options):
    """A character the font lacks prints as an empty box and vanishes from the PDF's text, so
    the strings are checked as they are drawn (U+2212, the minus sign, is one Noto Sans lacks)."""
    drawn: list[tuple[str, str]] = []
    format_text = PDFTextObject._formatText  # every string drawn, centred or not, passes here

    def spy(self, text, *args, **kwargs):
        drawn.append((self._fontname, text))
        return format_text(self, text, *args, **kwargs)

    monkeypatch.setattr(PDFTextObject, "_formatText", spy)
    write_calibration(tmp_path / "sheet.pdf", *options)
    book = load_fonts(None)
    book.family("Noto Sans")
    assert {text for _, text in drawn} >= {"-6", "+6", "X", "Y", "0"}
    for font, text in drawn:
        assert book.missing(font, text) is None, text


def test_a_paper_given_by_name_or_as_a_paper_makes_the_same_sheet(tmp_path):
    by_name = write_calibration(tmp_path / "one.pdf", "a4", "short-edge")
    chosen = write_calibration(tmp_path / "two.pdf", paper("a4"), "short-edge")
    assert by_name.read_bytes() == chosen.read_bytes()


@pytest.mark.parametrize(("options", "problem"), [
    (("200x269mm", "long-edge"), "the paper 200×269 mm does not suit the calibration sheet"),
    (("11x8.5in", "long-edge"), "the paper 279×216 mm is landscape; print the calibration "
                                "sheet on portrait paper"),
    (("letter", "none"), "unknown duplex mode 'none'"),
])
def test_a_script_that_asks_for_a_sheet_that_cannot_be_made_gets_a_deck_error(tmp_path, options,
                                                                              problem):
    with pytest.raises(DeckError) as caught:
        write_calibration(tmp_path / "sheet.pdf", *options)
    assert caught.value.problem == problem
    assert not (tmp_path / "sheet.pdf").exists()
