"""Text fitting with typography: hyphenation is tried at each size before the text shrinks,
and a balanced title never ends on one word alone where the box allows."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black
from reportlab.pdfbase.pdfmetrics import stringWidth

from deckpress.render.fonts import load_fonts
from deckpress.render.textfit import TextOverflow, TextStyle, fit_paragraph
from deckpress.reportlab_internals import laid_out_lines


@pytest.fixture(scope="module")
def font():
    return load_fonts(None).family("Noto Sans").face()


def test_hyphenation_keeps_text_at_full_size_where_it_would_shrink(font):
    text = "Die Zusammenarbeit im Team"
    width = stringWidth("Die Zusammenar-", font, 10) + 1
    height = 2 * 10 * 1.25 + 0.5  # two lines at 10 pt
    plain = fit_paragraph(text, TextStyle(font, 10, 6, 1.25, black), width, height)
    hyphenated = fit_paragraph(text, TextStyle(font, 10, 6, 1.25, black, "left", "de"),
                               width, height)
    assert plain.size < 10
    assert hyphenated.size == 10
    assert [words for _, words in hyphenated.paragraph.blPara.lines] == \
        [["Die", "Zusammenar-"], ["beit", "im", "Team"]]


def test_a_word_that_cannot_break_well_still_shrinks_or_overflows(font):
    style = TextStyle(font, 10, 10, 1.25, black, "left", "de")
    with pytest.raises(TextOverflow):  # "Arbeit" has 6 letters: never hyphenated
        fit_paragraph("Arbeit", style, stringWidth("Arbeit", font, 10) - 5, 100)


TITLE = "Ask one stranger a question"


def _last_line_words(fitted):
    return laid_out_lines(fitted.paragraph)[-1].words


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_a_balanced_title_does_not_end_on_one_word(font, align):
    width = stringWidth("Ask one stranger a", font, 12) + 2  # "question" alone below
    plain = fit_paragraph(TITLE, TextStyle(font, 12, 12, 1.2, black, align), width, 40)
    assert _last_line_words(plain) == 1
    balanced = fit_paragraph(TITLE, TextStyle(font, 12, 12, 1.2, black, align, balance=True),
                             width, 40)
    lines = laid_out_lines(balanced.paragraph)
    assert len(lines) == 2 and lines[-1].words == 2  # "a question"
    assert balanced.size == plain.size and balanced.height == plain.height
    lefts = balanced.paragraph.style.leftIndent
    assert lefts >= 0 and lefts + max(line.width for line in lines) <= width + 0.01


def test_balance_gives_up_when_narrower_lines_would_need_another_line(font):
    text = "Networking questions"
    width = stringWidth("Networking", font, 12) + 2
    fitted = fit_paragraph(text, TextStyle(font, 12, 12, 1.2, black, balance=True), width, 40)
    assert [line.words for line in laid_out_lines(fitted.paragraph)] == [1, 1]


def test_text_that_hyphens_make_narrow_enough_but_not_short_enough_is_said_too_tall(font):
    style = TextStyle(font, 10, 10, 1.25, black, "left", "de")
    word = "Gehaltsverhandlungsvorbereitung"
    width = stringWidth("Gehaltsverhandlungs-", font, 10) + 1  # the word fits only hyphenated
    with pytest.raises(TextOverflow) as raised:
        fit_paragraph(f"Die {word} in zehn Minuten", style, width, 10 * 1.25 + 0.5)
    assert not raised.value.too_wide  # the height is what does not fit, not a word
