"""Text fitting: the largest size that fits the box, down to the minimum, or an overflow."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from deckpress.render.fonts import load_fonts
from deckpress.render.textfit import (
    TextOverflow,
    TextStyle,
    WordWidths,
    count_lines,
    fit_line,
    fit_paragraph,
    make_style,
    measured_words,
    size_grid,
    styled_runs,
)
from deckpress.reportlab_internals import TextRun, overflows_width
from deckpress.units import TOLERANCE


@pytest.fixture(scope="module")
def regular():
    return load_fonts(None).family("Noto Sans").face()


def style(font: str, size: float, min_size: float) -> TextStyle:
    return TextStyle(font, size, min_size, 1.25, black, "left")


def test_text_that_fits_keeps_its_size(regular):
    fitted = fit_paragraph("Short.", style(regular, 10, 6), 100, 40)
    assert fitted.size == 10


def test_long_text_shrinks_until_it_fits(regular):
    text = "word " * 60
    fitted = fit_paragraph(text, style(regular, 12, 6), 150, 60)
    assert 6 <= fitted.size < 12
    assert fitted.height <= 60.01
    with pytest.raises(TextOverflow):  # one step larger would not have fitted
        fit_paragraph(text, style(regular, fitted.size + 0.25, fitted.size + 0.25), 150, 60)


def test_text_that_cannot_fit_is_refused(regular):
    with pytest.raises(TextOverflow) as caught:
        fit_paragraph("word " * 200, style(regular, 10, 8), 100, 20)
    assert caught.value.size == 8 and caught.value.needed > 20


def test_a_word_wider_than_the_box_is_an_overflow_not_a_split(regular):
    with pytest.raises(TextOverflow) as caught:
        fit_paragraph("Incomprehensibilities", style(regular, 10, 9), 30, 100)
    assert caught.value.too_wide


def test_a_short_plain_label_is_set_as_one_line_without_paragraph_layout(regular):
    line = fit_line("  Warm   up ", style(regular, 10, 6), 100, 20)
    assert line is not None and (line.text, line.size) == ("Warm up", 10)
    assert line.height == pytest.approx(12.5)
    assert fit_line("<b>Warm</b> up", style(regular, 10, 6), 100, 20) is None  # markup
    assert fit_line("Warm up", style(regular, 10, 6), 10, 20) is None  # too wide: a paragraph


# --- the estimated start: as few layouts as possible, the same sizes as a search step by step


@pytest.fixture
def layouts(monkeypatch):
    """How many times ReportLab lays out a paragraph (Paragraph.wrap), counted."""
    count = [0]
    wrap = Paragraph.wrap

    def counted(self, *args, **kwargs):
        count[0] += 1
        return wrap(self, *args, **kwargs)

    monkeypatch.setattr(Paragraph, "wrap", counted)
    return count


def step_by_step(markup: str, text_style: TextStyle, width: float, height: float):
    """The reference: every size from the largest down, laid out until one fits; (size, height
    used, too wide) of the size that fits, or of the smallest if none does."""
    for size in size_grid(text_style.size, text_style.min_size):
        paragraph = Paragraph(markup, text_style.at(size))
        _, used = paragraph.wrap(width, height)
        too_wide = overflows_width(paragraph)
        if used <= height + TOLERANCE and not too_wide:
            return size, used, False
    return size, used, too_wide


CHALLENGE = ("Ask someone you met this month for <b>ten minutes</b> of advice about the next "
             "step in your search, and write down one thing they said that surprised you.")
TEXTS = [
    ("word " * 60, 12, 6, 150, 60),
    (CHALLENGE, 10, 7.5, 150, 40),
    (CHALLENGE, 10, 7.5, 150, 50),
    (CHALLENGE, 10, 7.5, 100, 75),
    (CHALLENGE, 10, 7.3, 118, 50),  # the minimum, off the 0.25 pt grid, is the size found
    ("Name<br/>Title at Company<br/>name@example.com", 11, 6, 120, 30),
    ("<i>Counts when:</i> you sent it, <b>even</b> if nobody answered yet.", 8, 6.25, 90, 20),
    ("Thank the host, then ask who else <font size='14'>should</font> be in the room.",
     10, 7, 110, 30),
    ("Short but shrinking", 20, 8, 60, 20),
]


@pytest.mark.parametrize(("markup", "size", "min_size", "width", "height"), TEXTS)
def test_a_shrinking_text_gets_the_size_a_step_by_step_search_finds(
        regular, layouts, markup, size, min_size, width, height):
    text_style = style(regular, size, min_size)
    expected, expected_height, _ = step_by_step(markup, text_style, width, height)
    layouts[0] = 0
    fitted = fit_paragraph(markup, text_style, width, height)
    assert fitted.size == expected
    assert fitted.height == pytest.approx(expected_height)
    # laid out at the size found and, when it shrank, one step up, which did not fit
    assert layouts[0] == (1 if fitted.size == size else 2)


def test_a_text_that_fits_at_its_size_is_laid_out_once(regular, layouts):
    fitted = fit_paragraph(CHALLENGE, style(regular, 10, 6), 200, 200)
    assert fitted.size == 10 and layouts[0] == 1


@pytest.mark.parametrize(("markup", "width", "height"), [
    ("word " * 200, 100, 20),  # too tall even at the minimum
    ("Ask about Incomprehensibilities", 40, 100),  # a word too wide
])
def test_overflow_is_reported_as_a_step_by_step_search_reports_it(regular, markup, width,
                                                                  height):
    text_style = style(regular, 10, 8)
    size, used, too_wide = step_by_step(markup, text_style, width, height)
    with pytest.raises(TextOverflow) as caught:
        fit_paragraph(markup, text_style, width, height)
    assert (caught.value.size, caught.value.too_wide) == (size, too_wide)
    assert caught.value.needed == pytest.approx(used)
    assert caught.value.available == height


def test_words_are_measured_once_per_font_and_size(regular):
    widths = WordWidths()
    fit_paragraph("Ask, then ask again.", style(regular, 10, 6), 30, 100, widths=widths)
    fit_paragraph("ask again", style(regular, 10, 6), 30, 100, widths=widths)
    assert {text for _, _, text in widths.known} == {"Ask,", "then", "ask", "again.", "again",
                                                     " "}
    assert widths.width("ask", regular, 10) == pytest.approx(stringWidth("ask", regular, 10))


def test_the_estimate_keeps_pictures_with_the_text_they_touch(regular):
    runs = [TextRun("Call ", regular, 10, None, False), TextRun("", "", 10, 9.6, False),
            TextRun(", then", regular, 10, None, False)]
    words = measured_words(runs, WordWidths())
    assert [word.width for word in words] == pytest.approx([
        stringWidth("Call", regular, 10), 9.6 + stringWidth(",", regular, 10),
        stringWidth("then", regular, 10)])
    assert words[0].space_after == pytest.approx(stringWidth(" ", regular, 10))


COUNTED = [
    "Ask for a table by the window",
    "Tom&#39;s &quot;best&quot; idea &amp; R&amp;D, 10\u00a0km away",
    "<i>Try it at the café on the corner; they will not mind at all.</i>",
    "<b>Counts when:</b> You started the conversation. Any answer counts, even a short one.",
    "<b>bold <i>both at once</i> and bold</b> and plain again, with more words after it",
    "a<b>b</b>c d<i>e</i>f " * 6,
]


@pytest.mark.parametrize("markup", COUNTED)
@pytest.mark.parametrize("weight", ["regular", "bold"])
@pytest.mark.parametrize("width", [60.0, 97.5, 141.3, 220.0])
def test_lines_counted_from_word_widths_are_a_layouts_lines(markup, weight, width):
    """Plain text and text with only <b> and <i> is counted without a layout (layouts ask
    for the lines of every title): always the lines a paragraph breaks it into, also where a
    bold base's </b> returns to bold."""
    family = load_fonts(None).family("Noto Sans")
    face = family.face(bold=weight == "bold")
    assert styled_runs(markup, face, 9.5) is not None
    paragraph = Paragraph(markup, make_style(face, 9.5, 1.0, black, "left"))
    paragraph.wrap(width, 1e6)
    assert count_lines(markup, face, 9.5, width) == len(paragraph.blPara.lines)


def test_other_markup_is_counted_by_a_layout():
    face = load_fonts(None).family("Noto Sans").face()
    assert styled_runs('<font color="red">red</font> text', face, 9) is None
    assert styled_runs("   ", face, 9) is None
    assert styled_runs("</b>unopened", face, 9) is None
