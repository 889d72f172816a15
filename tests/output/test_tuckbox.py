"""The tuck box's geometry: sizes from the deck, panels that add up, a closed cut outline
that every fold meets, the notch centred, and how the pieces go on the paper."""

from __future__ import annotations

import math

import pytest

from deckpress.output.tuckbox import (
    ONE_PIECE,
    TWO_PIECES,
    Arc,
    Inner,
    Line,
    check_stock,
    flaps_for,
    inner_size,
    layout,
    piece,
)

POKER = (63.5, 88.9)
LETTER_ROOM = (215.9 - 12, 279.4 - 12 - 9)


def close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return math.dist(a, b) < 1e-6


def test_inner_size_from_card_size_count_and_stock():
    inner = inner_size(POKER, 50, 0.30)
    assert inner.width == pytest.approx(65.5)
    assert inner.height == pytest.approx(90.4)
    assert inner.depth == pytest.approx(16.0)
    assert inner_size(POKER, 100, 0.30).depth == pytest.approx(31.0)


@pytest.mark.parametrize("stock", [float("nan"), float("inf"), 0.05, 1.6, -0.3])
def test_stock_outside_its_range_is_refused(stock):
    with pytest.raises(ValueError, match=r"0\.1–1\.5 mm"):
        check_stock(stock)


def test_one_piece_panels_add_up():
    inner = inner_size(POKER, 50, 0.30)
    flaps = flaps_for(inner)
    box = piece(ONE_PIECE, inner)
    assert box.width == pytest.approx(flaps.glue + 2 * inner.width + 2 * inner.depth)
    assert box.height == pytest.approx(2 * flaps.tuck + 2 * inner.depth + inner.height)
    for name, width in (("front", inner.width), ("back", inner.width), ("side", inner.depth),
                        ("glue", flaps.glue)):
        rect = box.panel(name).rect
        assert (rect.width, rect.height) == pytest.approx((width, inner.height))
    lid = box.panel("lid").rect
    assert (lid.width, lid.height) == pytest.approx((inner.width, inner.depth))
    assert lid.y == pytest.approx(box.panel("back").rect.top)
    assert box.panel("back").rect.x == pytest.approx(lid.x)
    # the front and back are the same height and level, the walls side by side
    walls = [p.rect for p in box.panels if p.name in ("glue", "front", "side", "back")]
    assert [r.x for r in walls] == pytest.approx([0, *[r.right for r in walls[:-1]]])
    assert walls[-1].right == pytest.approx(box.width)


@pytest.mark.parametrize("kinds", [ONE_PIECE, *TWO_PIECES])
def test_outline_is_closed_and_every_fold_ends_on_it(kinds):
    box = piece(kinds, inner_size(POKER, 50, 0.30))
    edges = box.outline
    for edge, following in zip(edges, [*edges[1:], edges[0]], strict=True):
        assert close(edge.end, following.start), (edge, following)
    corners = [edge.start for edge in edges]
    for fold in box.folds:
        for end in (fold.start, fold.end):
            assert any(close(end, corner) for corner in corners), fold
    for edge in edges:  # nothing outside the piece
        for x, y in (edge.start, edge.end):
            assert -1e-6 <= x <= box.width + 1e-6 and -1e-6 <= y <= box.height + 1e-6


def test_notch_is_a_half_circle_centred_on_the_front_top():
    inner = inner_size(POKER, 50, 0.30)
    box = piece(ONE_PIECE, inner)
    front = box.panel("front").rect
    notch = [edge for edge in box.outline if isinstance(edge, Arc) and abs(edge.extent) == 180]
    assert len(notch) == 1
    assert notch[0].centre == pytest.approx((front.x + front.width / 2, front.top))
    assert notch[0].radius == pytest.approx(11.0)
    assert min(notch[0].start[1], notch[0].point_at(-90)[1]) == pytest.approx(front.top - 11)


def test_tuck_flaps_have_four_rounded_corners_and_shoulders():
    box = piece(ONE_PIECE, inner_size(POKER, 50, 0.30))
    corners = [edge for edge in box.outline if isinstance(edge, Arc) and abs(edge.extent) == 90]
    assert len(corners) == 4
    back = box.panel("back").rect
    tuck_folds = [fold for fold in box.folds if isinstance(fold, Line)
                  and fold.start[1] == fold.end[1] and fold.start[0] > back.x
                  and fold.end[0] < back.right]
    assert len(tuck_folds) == 2  # lid/tuck and bottom/tuck, inset by the shoulders


def test_small_deck_still_gets_usable_flaps():
    flaps = flaps_for(Inner(65.5, 90.4, 4.0))
    assert flaps.tuck == 12 and flaps.dust == 8 and flaps.glue == 3  # within the 4 mm side


@pytest.mark.parametrize("cards", [1, 5, 10, 15, 20, 25, 50, 100, 200])
def test_the_glue_flap_is_never_wider_than_the_side_it_glues_to(cards):
    inner = inner_size(POKER, cards, 0.30)
    flaps = flaps_for(inner)
    assert 0 < flaps.glue < inner.depth
    assert flaps.glue <= 12
    if inner.depth >= 7:
        assert flaps.glue >= 6


def test_poker_deck_fits_letter_in_one_piece_a_thick_one_in_two_pages():
    pages = layout(inner_size(POKER, 50, 0.30), LETTER_ROOM)
    assert pages is not None and len(pages) == 1 and len(pages[0]) == 1
    placed = pages[0][0]
    width, height = placed.size
    assert placed.x >= 0 and placed.y >= 0
    assert placed.x + width <= LETTER_ROOM[0] and placed.y + height <= LETTER_ROOM[1]
    assert placed.x == pytest.approx(LETTER_ROOM[0] - placed.x - width)  # centred
    pages = layout(inner_size(POKER, 50, 1.2), LETTER_ROOM)
    assert pages is not None and [len(page) for page in pages] == [1, 1]
    assert layout(inner_size(POKER, 200, 1.5), LETTER_ROOM) is None


@pytest.mark.parametrize("room, one, two", [(LETTER_ROOM, 119, 210),
                                            ((210 - 12, 297 - 12 - 9), 109, 239)])
def test_how_many_poker_cards_fit_as_the_docs_say(room, one, two):
    def pieces(cards: int) -> int:
        pages = layout(inner_size(POKER, cards, 0.30), room)
        return 0 if pages is None else sum(len(page) for page in pages)

    assert pieces(one) == 1 and pieces(one + 1) == 2
    assert pieces(two) == 2 and pieces(two + 1) == 0
