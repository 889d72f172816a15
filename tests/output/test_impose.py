"""Imposition as numbers: slots, mirrored backs and crop marks, without drawing anything."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deckpress.output.impose import (
    RULER_BOX,
    ImpositionError,
    Rect,
    Spacing,
    back_slot,
    crop_marks,
    flip_axis,
    mirror_line,
    ruler_spot,
    sheet_layout,
)

MM = 72 / 25.4
LETTER = (612.0, 792.0)
A4 = (210 * MM, 297 * MM)
POKER = (2.5 * 72, 3.5 * 72)


def test_home_letter_is_three_by_three_edge_to_edge_and_centred():
    sheet = sheet_layout(LETTER, POKER, Spacing(18, 0, 0))
    assert (sheet.columns, sheet.rows) == (3, 3)
    xs = sorted({slot.x for slot in sheet.slots})
    ys = sorted({slot.y for slot in sheet.slots})
    assert xs == pytest.approx([36, 216, 396])  # 0.5 in side margins, cards touch
    assert ys == pytest.approx([18, 270, 522])  # 0.25 in top and bottom
    assert all(s.width == pytest.approx(180) and s.height == pytest.approx(252)
               for s in sheet.slots)
    first = sheet.slots[0]
    assert (first.x, first.top) == pytest.approx((36, 792 - 18))  # reading order from top-left


def test_home_a4_has_gutters_that_hold_both_bleeds():
    sheet = sheet_layout(A4, (63 * MM, 88 * MM), Spacing(5 * MM, 2 * MM, 1 * MM))
    assert (sheet.columns, sheet.rows) == (3, 3)
    left = min(s.x for s in sheet.slots)
    right = max(s.right for s in sheet.slots)
    assert left == pytest.approx(A4[0] - right)  # centred
    assert (sheet.slots[1].x - sheet.slots[0].right) / MM == pytest.approx(2)


def test_cards_too_big_for_the_page_are_refused_with_the_arithmetic():
    with pytest.raises(ImpositionError, match=r"needs 120\.0×300\.0 mm.*only 199\.8×286\.8 mm"):
        sheet_layout(A4, (120 * MM, 300 * MM), Spacing(5.1 * MM, 0, 0))


def test_bleed_wider_than_half_the_gutter_is_refused():
    with pytest.raises(ImpositionError, match="overlap"):
        sheet_layout(A4, POKER, Spacing(10, 2 * MM, 2 * MM))


def test_long_edge_back_mirrors_about_the_page_centre():
    front = Rect(40, 100, 180, 252)
    back = back_slot(front, 612, 792, "long-edge")
    assert (back.x, back.y) == (612 - 220, 100)
    short = back_slot(front, 612, 792, "short-edge")
    assert (short.x, short.y) == (40, 792 - 352)


@settings(max_examples=200, deadline=None)
@given(
    card_w=st.floats(30, 130), card_h=st.floats(30, 130),
    margin=st.floats(0, 30), gutter=st.floats(0, 20), bleed_share=st.floats(0, 0.5),
    duplex=st.sampled_from(["long-edge", "short-edge"]),
)
def test_geometry_properties(card_w, card_h, margin, gutter, bleed_share, duplex):
    bleed = gutter * bleed_share
    card_w, card_h = card_w * MM, card_h * MM
    try:
        sheet = sheet_layout(LETTER, (card_w, card_h),
                             Spacing(margin * MM, gutter * MM, bleed * MM))
    except ImpositionError:
        return
    bleed_boxes = [slot.grown(sheet.bleed) for slot in sheet.slots]
    for box in bleed_boxes:  # every card and its bleed is on the paper, inside the margins
        assert box.x >= margin * MM - 1e-6 and box.right <= LETTER[0] - margin * MM + 1e-6
        assert box.y >= margin * MM - 1e-6 and box.top <= LETTER[1] - margin * MM + 1e-6
    for first, second in zip(sheet.slots, sheet.slots[1:], strict=False):  # trims never overlap
        assert first.right <= second.x + 1e-6 or first.y >= second.top - 1e-6
    for slot in sheet.slots:  # turning the sheet over twice puts every card back
        back = back_slot(slot, *LETTER, duplex)
        twice = back_slot(back, *LETTER, duplex)
        assert (twice.x, twice.y) == pytest.approx((slot.x, slot.y))
        assert back.width == slot.width and back.height == slot.height
        assert back.grown(sheet.bleed).x >= -1e-6
    for line in crop_marks(sheet, length=18, offset=3, edge=5):
        for box in bleed_boxes:  # a crop mark never touches a card or its bleed
            inside_x = box.x - 1e-6 <= min(line.x1, line.x2) and max(line.x1, line.x2) <= box.right
            overlaps_y = min(line.y1, line.y2) < box.top and max(line.y1, line.y2) > box.y
            overlaps_x = min(line.x1, line.x2) < box.right and max(line.x1, line.x2) > box.x
            inside_y = box.y - 1e-6 <= min(line.y1, line.y2) and max(line.y1, line.y2) <= box.top
            assert not ((inside_x or overlaps_x) and (inside_y or overlaps_y))
        assert min(line.x1, line.x2) >= 5 - 1e-6 and max(line.x1, line.x2) <= LETTER[0] - 5 + 1e-6
        assert min(line.y1, line.y2) >= 5 - 1e-6 and max(line.y1, line.y2) <= LETTER[1] - 5 + 1e-6
        twice = mirror_line(mirror_line(line, *LETTER, duplex), *LETTER, duplex)
        assert (twice.x1, twice.y1, twice.x2, twice.y2) == pytest.approx(
            (line.x1, line.y1, line.x2, line.y2))


def test_crop_marks_extend_every_cut_line():
    sheet = sheet_layout(LETTER, POKER, Spacing(18, 0, 0))
    marks = crop_marks(sheet, length=18, offset=3, edge=7.2)
    vertical = {line.x1 for line in marks if line.x1 == line.x2}
    horizontal = {line.y1 for line in marks if line.y1 == line.y2}
    assert sorted(vertical) == pytest.approx([36, 216, 396, 576])
    assert sorted(horizontal) == pytest.approx([18, 270, 522, 774])
    assert len(marks) == 16  # each cut line marked at both ends


@pytest.mark.parametrize(
    ("duplex", "page", "axis"),
    [
        ("long-edge", (612, 792), "x"),  # portrait: the long edges are the sides
        ("short-edge", (612, 792), "y"),
        ("long-edge", (792, 612), "y"),  # landscape: the long edges are top and bottom
        ("short-edge", (792, 612), "x"),
        ("fold", (792, 612), "x"),  # folded about its vertical centre line
        ("none", (612, 792), None),
    ],
)
def test_the_flip_mirrors_the_axis_the_sheet_turns_about(duplex, page, axis):
    assert flip_axis(duplex, *page) == axis
    front = Rect(40, 100, 180, 252)
    back = back_slot(front, *page, duplex)
    expected = {"x": (page[0] - 220, 100), "y": (40, page[1] - 352), None: (40, 100)}[axis]
    assert (back.x, back.y) == expected


def test_ruler_avoids_cards_and_marks_and_finds_a_side_margin_when_needed():
    sheet = sheet_layout(LETTER, POKER, Spacing(18, 0, 0))
    marks = crop_marks(sheet, 18, 3, 3 * MM)
    obstacles = [*sheet.slots, *(line.box() for line in marks)]
    spot = ruler_spot(*LETTER, obstacles, 3 * MM)
    assert spot is not None and not spot.vertical
    ruler = Rect(spot.x, spot.y, *RULER_BOX)
    assert not any(ruler.overlaps(ob) for ob in obstacles)
    assert spot.x > 36 and spot.x + RULER_BOX[0] < 216  # centred between two marks
    # business cards with a 1 mm margin leave no room along the top or bottom: up the side
    tight = sheet_layout(LETTER, (44.45 * MM, 63.5 * MM), Spacing(1 * MM, 0, 0))
    tight_obstacles = [*tight.slots, *(m.box() for m in crop_marks(tight, 18, 3, 3 * MM))]
    side = ruler_spot(*LETTER, tight_obstacles, 3 * MM)
    assert side is not None and side.vertical
    upright = Rect(side.x, side.y, RULER_BOX[1], RULER_BOX[0])
    assert not any(upright.overlaps(ob) for ob in tight_obstacles)
    assert side.x >= 3 * MM and upright.top <= LETTER[1] - 3 * MM


def test_no_ruler_when_cards_cover_the_page():
    full = sheet_layout(LETTER, (204, 264), Spacing(0, 0, 0))
    assert (full.columns, full.rows) == (3, 3)
    assert ruler_spot(*LETTER, list(full.slots), 3 * MM) is None


def test_a_grid_that_is_asked_for_is_centred_or_refused_with_the_arithmetic():
    sheet = sheet_layout(LETTER, POKER, Spacing(18, 0, 0), grid=(2, 2))
    assert (sheet.columns, sheet.rows) == (2, 2)
    assert min(s.x for s in sheet.slots) == pytest.approx(LETTER[0] - max(s.right
                                                                          for s in sheet.slots))
    with pytest.raises(ImpositionError, match=r"4 × 63\.5 mm cards \+ 3 × 0\.0 mm gutters"):
        sheet_layout(LETTER, POKER, Spacing(18, 0, 0), grid=(4, 1))
