"""Named sizes: card sizes, papers, and the one parser for a paper with its messages."""

import pytest

from deckpress.sizes import MIN_SHEET_PAPER, PaperError, card_sizes, paper, papers, sheet_paper
from deckpress.units import MM

USE_PORTRAIT = "use portrait paper from 200×275 mm up to 500 mm a side; letter and A4 are fine"


def test_card_sizes_and_papers_are_in_points_and_papers_portrait():
    assert card_sizes()["poker"] == pytest.approx((180, 252))
    assert card_sizes()["business"] == pytest.approx((252, 144))  # business cards lie down
    assert papers()["letter"] == (612, 792)
    assert papers()["a4"] == pytest.approx((210 * MM, 297 * MM))
    for width, height in papers().values():
        assert 0 < width <= height


@pytest.mark.parametrize(("text", "size", "label", "display"), [
    ("letter", (612, 792), "letter", "Letter"),
    (" A4 ", (210 * MM, 297 * MM), "a4", "A4"),
    ("Legal", (612, 1008), "legal", "Legal"),
    ("210 x 297 mm", (210 * MM, 297 * MM), "210x297mm", "210 x 297 mm"),
    ("8.5x14in", (612, 1008), "8.5x14in", "8.5x14in"),
])
def test_a_paper_is_a_name_in_any_case_or_a_size(text, size, label, display):
    chosen = paper(text)
    assert chosen.size == pytest.approx(size)
    assert chosen.label == label  # in file names
    assert chosen.display_name == display  # as a print dialog calls it


@pytest.mark.parametrize(("text", "problem", "hint"), [
    ("letr", "unknown paper 'letr'", "did you mean 'letter'? use a paper name (letter, a4,"),
    ("210x297", "unknown paper '210x297'", "add a unit, e.g. 210x297mm"),
    ("folio", "unknown paper 'folio'", "use a paper name (letter, a4, legal, a3, tabloid) or "
                                       "WxH with a unit, e.g. 210x297mm"),
    ("0x297mm", "the page size must be more than 0", "WxH with a unit"),
])
def test_an_unknown_paper_says_what_would_do(text, problem, hint):
    with pytest.raises(PaperError) as caught:
        paper(text)
    assert caught.value.problem == problem
    assert caught.value.hint.startswith(hint) or hint in caught.value.hint


@pytest.mark.parametrize("document", ["the worksheets", "the calibration sheet"])
@pytest.mark.parametrize(("text", "shown"), [
    ("100x150mm", "100×150"), ("148x210mm", "148×210"), ("199x275mm", "199×275"),
    ("200x274mm", "200×274"), ("200x270mm", "200×270"), ("500x501mm", "500×501"),
])
def test_a_paper_too_small_or_too_large_does_not_suit_a_full_page_document(document, text,
                                                                           shown):
    with pytest.raises(PaperError) as caught:
        sheet_paper(text, document)
    assert caught.value.problem == f"the paper {shown} mm does not suit {document}"
    assert caught.value.hint == USE_PORTRAIT


@pytest.mark.parametrize("document", ["the worksheets", "the calibration sheet"])
@pytest.mark.parametrize("text", ["letter", "a4", "legal", "a3", "tabloid", "200x275mm",
                                  "500x500mm"])
def test_letter_a4_and_papers_from_200_by_275_mm_suit(document, text):
    """One minimum for every full-page document: 200×275 mm, what the calibration sheet needs
    (the worksheets took 200×270 before)."""
    assert sheet_paper(text, document).size == pytest.approx(paper(text).size)
    assert pytest.approx((200 * MM, 275 * MM)) == MIN_SHEET_PAPER


@pytest.mark.parametrize(("text", "shown", "upright"), [
    ("297x210mm", "297×210", "210x297mm"),
    ("11x8.5in", "279×216", "215.9x279.4mm"),
])
def test_landscape_paper_is_refused_with_the_same_paper_upright(text, shown, upright):
    with pytest.raises(PaperError) as caught:
        sheet_paper(text, "the calibration sheet")
    assert caught.value.problem == \
        f"the paper {shown} mm is landscape; print the calibration sheet on portrait paper"
    assert caught.value.hint == f"give the same paper upright, width first: --paper {upright}"
    assert sheet_paper(upright, "the calibration sheet").size == pytest.approx(
        tuple(reversed(paper(text).size)))


@pytest.mark.parametrize("text", ["297x210mm", "11x8.5in", "600x400mm", "520x300mm"])
def test_the_hint_for_a_paper_never_suggests_one_that_is_refused(text):
    """Whatever the paper, doing what the hint says gives a paper that suits the document."""
    with pytest.raises(PaperError) as caught:
        sheet_paper(text, "the worksheets")
    suggested = caught.value.hint.partition("--paper ")[2]
    if suggested:
        sheet_paper(suggested, "the worksheets")
    else:
        assert caught.value.hint == USE_PORTRAIT
