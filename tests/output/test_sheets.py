"""Home sheets, measured: card positions on the grid, mirrored and offset backs, fold sheets,
label stock, crop marks and the check ruler."""

from __future__ import annotations

import pdfplumber
import pypdfium2
import pytest
from pypdf import PdfReader

from deckpress.cli import main
from deckpress.output.impose import RULER_LENGTH
from helpers import DECK, crop_mark_lines, flat, page_lines, placements

MM = 72 / 25.4
IN = 72.0
LETTER, A4 = (612.0, 792.0), (210 * MM, 297 * MM)


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


@pytest.mark.parametrize(("name", "page_size", "gutter", "bleed"),
                         [("letter", (612, 792), 0, 0), ("a4", (210 * MM, 297 * MM), 2 * MM, MM)])
def test_crop_marks_mark_every_cut_and_stay_outside_cards_and_bleed(built, name, page_size,
                                                                    gutter, bleed):
    page = PdfReader(built[name]).pages[0]
    lines = crop_mark_lines(page)
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


def test_sheets_have_no_trim_box_of_their_own(outputs):
    page = PdfReader(outputs["plain"]).pages[0]
    assert "/TrimBox" not in page and "/BleedBox" not in page


@pytest.mark.parametrize(
    ("name", "page", "xs", "tops", "card"),
    [
        # the manufacturer templates: Avery 5371, 0.75 in sides, 0.5 in top; 3.5 x 2 in cards
        ("avery-5371", LETTER, [0.75 * IN, 4.25 * IN], [11 * IN - 0.5 * IN - r * 2 * IN
                                                         for r in range(5)], (3.5 * IN, 2 * IN)),
        # Avery C32010: 15 mm sides, 10 mm between columns, 13.5 mm top; 85 x 54 mm cards
        ("avery-c32010", A4, [15 * MM, 110 * MM], [(297 - 13.5 - r * 54) * MM for r in range(5)],
         (85 * MM, 54 * MM)),
    ],
)
def test_business_card_stock_matches_the_label_template(outputs, name, page, xs, tops, card):
    reader = PdfReader(outputs[name])
    front = reader.pages[0]
    assert (float(front.mediabox.width), float(front.mediabox.height)) == pytest.approx(page)
    expected = [(round(x, 3), round(top - card[1], 3)) for top in tops for x in xs]
    assert flat((x, y) for x, y, _ in placements(front)) == pytest.approx(flat(expected),
                                                                        abs=0.01)
    assert crop_mark_lines(front) == []  # nothing printed across the stock's cut lines
    backs = [(x, y) for x, y, _ in placements(reader.pages[1])]
    assert flat(backs) == pytest.approx(flat((page[0] - x - card[0], y) for x, y in expected),
                                        abs=0.01)


def test_short_edge_backs_mirror_top_to_bottom(outputs):
    reader = PdfReader(outputs["short"])
    fronts = [(x, y) for x, y, _ in placements(reader.pages[10])]
    backs = [(x, y) for x, y, _ in placements(reader.pages[11])]
    assert flat(backs) == pytest.approx(flat((x, 792 - y - 252) for x, y in fronts), abs=0.01)
    preferences = reader.trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/Duplex"] == "/DuplexFlipShortEdge"


def test_back_offset_moves_every_back_and_its_marks_and_nothing_else(outputs):
    plain, moved = PdfReader(outputs["plain"]), PdfReader(outputs["offset"])
    for number in (0, 1, 10, 11):
        before, after = placements(plain.pages[number]), placements(moved.pages[number])
        dx, dy = (1.5 * MM, -0.5 * MM) if number % 2 else (0, 0)
        assert flat((x + dx, y + dy) for x, y, _ in before) == pytest.approx(
            flat((x, y) for x, y, _ in after), abs=0.01)
        marks_before = crop_mark_lines(plain.pages[number])
        marks_after = crop_mark_lines(moved.pages[number])
        assert flat((a + dx, b + dy, c + dx, d + dy) for a, b, c, d in marks_before) == \
            pytest.approx(flat(marks_after), abs=0.01)


def test_fold_sheet_puts_each_back_beside_its_front_mirrored_about_the_fold(outputs):
    reader = PdfReader(outputs["fold"])
    assert len(reader.pages) == 13  # 50 cards, 4 a page
    width = 11 * IN
    for page in (reader.pages[0], reader.pages[12]):
        placed = placements(page)
        fronts = [(x, y) for x, y, _ in placed[0::2]]
        backs = [(x, y) for x, y, _ in placed[1::2]]
        assert all(x + 180 <= width / 2 for x, _ in fronts)
        assert flat(backs) == pytest.approx(flat((width - x - 180, y) for x, y in fronts),
                                            abs=0.01)
        fold = [line for line in page_lines(page) if line[0] == line[2] == width / 2]
        assert fold, "the fold line is drawn down the middle"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/Simplex"


def test_full_crop_marks_run_across_margins_and_gutters_but_never_over_a_card(outputs):
    page = PdfReader(outputs["full-cmyk"]).pages[0]
    lines = crop_mark_lines(page)
    slots = [(x, y) for x, y, _ in placements(page)]
    side = 63.5 * MM
    longest = max(abs(y2 - y1) + abs(x2 - x1) for x1, y1, x2, y2 in lines)
    assert longest > 20 * MM  # lines across the margins, not short corner marks
    gutter_pieces = [line for line in lines
                     if line[0] == line[2] and slots[0][1] - 6 * MM < line[1] < slots[0][1]]
    assert gutter_pieces, "vertical cut lines continue through the gutter between rows"
    for x1, y1, x2, y2 in lines:
        for sx, sy in slots:
            inside_x = min(x1, x2) < sx + side + MM and max(x1, x2) > sx - MM
            inside_y = min(y1, y2) < sy + side + MM and max(y1, y2) > sy - MM
            assert not (inside_x and inside_y), "a mark crosses a card or its bleed"


def test_every_home_sheet_carries_a_50_mm_ruler_and_backs_do_not(outputs):
    for name in ("plain", "proof", "fold", "avery-5371", "avery-c32010"):
        reader = PdfReader(outputs[name])
        with pdfplumber.open(outputs[name]) as pdf:
            for number, page in enumerate(pdf.pages):
                text = page.extract_text()
                lengths = [abs(x2 - x1) + abs(y2 - y1) for x1, y1, x2, y2, _ in
                           page_lines(reader.pages[number])]
                has_ruler = "50 mm" in text and any(abs(length - RULER_LENGTH) < 1e-3
                                                    for length in lengths)
                is_front = name == "fold" or number % 2 == 0
                assert has_ruler == is_front, (name, number)


def test_landscape_long_edge_backs_mirror_top_to_bottom(workspace, runner, monkeypatch):
    """A landscape page turned over its long edge (top and bottom) flips top to bottom."""
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/wide.yaml").write_text(
        "page: 11x8.5in\nmargin: 0.25in\nduplex: long-edge\n", encoding="utf-8")
    result = runner.invoke(main, ["build", DECK, "-p", "wide", "-o", "wide.pdf"])
    assert result.exit_code == 0, result.output
    reader = PdfReader(workspace / "wide.pdf")
    fronts = [(x, y) for x, y, _ in placements(reader.pages[0])]
    backs = [(x, y) for x, y, _ in placements(reader.pages[1])]
    assert len(set(y for _, y in fronts)) == 2  # two rows, so a wrong flip would show
    assert flat(backs) == pytest.approx(flat((x, 612 - y - 252) for x, y in fronts), abs=0.01)

