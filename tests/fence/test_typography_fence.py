"""What typography relies on in ReportLab's line breaking: where it breaks and where it does not,
its hyphenation hook, and `laid_out_lines` reading a wrapped paragraph's lines. Canaries fail
once ReportLab changes what deckpress's typography (layout/typography.py) assumes."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from deckpress.render.fonts import load_fonts
from deckpress.render.textfit import TextStyle, make_style
from deckpress.reportlab_internals import laid_out_lines


@pytest.fixture(scope="module")
def font():
    return load_fonts(None).family("Noto Sans").face()


def _words_per_line(markup: str, font: str, width: float, hyphenate: str = "none") -> list[int]:
    paragraph = Paragraph(markup, TextStyle(font, 10, 10, 1.2, black, "left", hyphenate).at(10))
    paragraph.wrap(width, 1000)
    return [line.words for line in laid_out_lines(paragraph)]


RED = '<font color="#FF0000">{}</font>'  # a second run of text: lines of mixed text


@pytest.mark.parametrize("markup", ["Lightning talk: 3\u00a0minutes",
                                    f"Lightning {RED.format('talk')}: 3\u00a0minutes"])
def test_canary_reportlab_never_breaks_a_line_at_a_no_break_space(font, markup):
    width = stringWidth("Lightning talk: 3", font, 10) + 2  # "minutes" would go down alone
    assert _words_per_line(markup.replace("\u00a0", " "), font, width)[-1] == 1
    lines = _words_per_line(markup, font, width)
    assert len(lines) == 2 and lines[-1] == 1  # "3 minutes" went down as one word


def test_canary_reportlab_breaks_at_a_narrow_no_break_space(font):
    """Why typography sets a no-break space where French print has a narrow one."""
    width = stringWidth("Lightning talk: 3", font, 10) + 2
    assert _words_per_line("Lightning talk: 3\u202fminutes", font, width) == [3, 1]


def test_canary_reportlab_takes_a_hyphenation_function_and_adds_the_hyphen(font):
    width = stringWidth("Die Zusammenar-", font, 10) + 1
    paragraph = Paragraph("Die Zusammenarbeit im Team",
                          TextStyle(font, 10, 10, 1.2, black, "left", "de").at(10, True))
    paragraph.wrap(width, 1000)
    assert [words for _, words in paragraph.blPara.lines] == \
        [["Die", "Zusammenar-"], ["beit", "im", "Team"]]


@pytest.mark.parametrize("markup", ["one two three four five six",
                                    f"one {RED.format('two')} three four five six"])
def test_laid_out_lines_give_each_lines_width_and_words(font, markup):
    width = stringWidth("one two three", font, 10) + 1
    paragraph = Paragraph(markup, make_style(font, 10, 1.2, black, "left"))
    paragraph.wrap(width, 1000)
    lines = laid_out_lines(paragraph)
    assert [line.words for line in lines] == [3, 3]
    assert lines[0].width == pytest.approx(stringWidth("one two three", font, 10), abs=0.01)
    assert lines[1].width == pytest.approx(stringWidth("four five six", font, 10), abs=0.01)
