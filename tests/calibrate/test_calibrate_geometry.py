"""The calibration sheet's geometry and words, as pure functions: no PDF."""

from __future__ import annotations

import pytest

from deckpress.calibrate import (
    Point,
    behind,
    default_output,
    gauge_centres,
    instructions,
    inward,
    offset_option,
    scale_ticks,
    tick_position,
)
from deckpress.sizes import paper

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


def test_scale_ticks_every_half_millimetre_labelled_every_millimetre():
    ticks = scale_ticks()
    assert [t.value for t in ticks] == [v / 2 for v in range(-12, 13)]
    labelled = {t.value: t.label for t in ticks if t.label is not None}
    assert labelled == {-6.0: "-6", -4.0: "-4", -2.0: "-2", 0.0: "0", 2.0: "+2", 4.0: "+4",
                        6.0: "+6"}
    assert [t.zero for t in ticks].count(True) == 1


@pytest.mark.parametrize("value", [-6, -2.5, 0, 0.5, 4])
def test_tick_v_sits_v_millimetres_from_the_centre(value):
    assert tick_position(300.0, value) == pytest.approx(300.0 + value * MM)


@pytest.mark.parametrize("shift", [-1.5, -0.5, 0.0, 1.0, 2.5])
def test_a_printer_shift_is_read_as_the_offset_that_undoes_it(shift):
    """Tick v lands at centre + v + shift; the front line at the centre reads v = -shift."""
    centre = 306.0
    read = [t.value for t in scale_ticks()
            if tick_position(centre, t.value) + shift * MM == pytest.approx(centre)]
    assert read == [-shift]


def test_gauges_at_the_centre_and_25mm_in_from_each_corner():
    centres = gauge_centres(*A4)
    assert centres[0] == Point(A4[0] / 2, A4[1] / 2)
    corners = {(round(p.x / MM, 6), round(p.y / MM, 6)) for p in centres[1:]}
    assert corners == {(25, 25), (185, 25), (25, 272), (185, 272)}


def test_behind_mirrors_about_the_edge_the_sheet_turns_over():
    point = Point(30.0, 50.0)
    assert behind(point, 600, 800, "long-edge") == Point(570.0, 50.0)
    assert behind(point, 600, 800, "short-edge") == Point(30.0, 750.0)
    for duplex in ("long-edge", "short-edge"):  # turning over twice gives the point back
        assert behind(behind(point, 600, 800, duplex), 600, 800, duplex) == point
    with pytest.raises(ValueError):
        behind(point, 600, 800, "none")


def test_scales_grow_towards_the_page_centre():
    assert inward(Point(20, 20), 600, 800) == (1, 1)
    assert inward(Point(580, 780), 600, 800) == (-1, -1)
    assert inward(Point(300, 400), 600, 800) == (1, 1)


def test_default_output_prefers_an_output_folder(tmp_path):
    assert default_output("a4", tmp_path) == tmp_path / "calibrate-a4.pdf"
    assert default_output("210x297mm", tmp_path) == tmp_path / "calibrate-210x297mm.pdf"
    (tmp_path / "output").mkdir()
    assert default_output("Letter", tmp_path) == tmp_path / "output" / "calibrate-letter.pdf"


def test_offset_is_shown_as_it_is_typed():
    assert offset_option((1.5 * MM, -0.5 * MM)) == "1.5mm,-0.5mm"
    assert offset_option((0.0, -0.0)) == "0mm,0mm"


def test_instructions_match_the_duplex_mode_and_the_offset_used():
    first = instructions(paper("a4"), "short-edge", None)[0].text
    assert "on A4 paper, two-sided, flip on short edge, at actual size" in first
    assert instructions(paper("a4"), "short-edge", None)[-1].commands == (
        "deckpress calibrate --paper a4 --back-offset X,Y",)
    checked = instructions(paper("letter"), "long-edge", (1.5 * MM, -0.5 * MM))[-1].text
    assert "Made with --back-offset 1.5mm,-0.5mm" in checked
    assert "X = 1.5 mm, Y = -0.5 mm" in checked
