"""Each adaptation of ReportLab in deckpress/reportlab_internals.py, tested so that the test
fails without it; and canaries that fail once ReportLab no longer needs an adaptation (or
changes what it relies on), so a new ReportLab version is never taken on trust."""

from __future__ import annotations

import io
import itertools
import re
import zlib
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.colors import black
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from deckpress.build import build_deck
from deckpress.render.fonts import load_fonts
from deckpress.render.textfit import TextStyle
from deckpress.reportlab_internals import (
    InlinePicture,
    PictureParagraph,
    binary_streams,
    covered_characters,
    drawing_pictures,
    embed_fonts,
    end_form,
    fragments,
    keep_font_usage,
    overflows_width,
    picture_mark,
    place_pictures,
    rescaled_fragments,
    save_streaming,
    text_inline_images,
    text_runs,
    use_shared_font_form,
)
from deckpress.worksheets import build_worksheets, worksheet_settings
from helpers import ROOT

FADE = """<card>
  <front background="#FFFFFF">
    <rect x="0" y="0" w="{{ size.width | fmt }}" h="{{ size.height | fmt }}" fill="#000000"
          opacity="0.5"/>
  </front>
  <back background="#FFFFFF"/>
</card>
"""
DECK = """title: Fade
size: poker
layout: fade
cards:
  - {id: A, title: One, text: Half black}
"""


def regular_font() -> str:
    return load_fonts(None).family("Noto Sans").face()


def states_by_form(pdf: Path) -> list[tuple[set[str], set[str]]]:
    """(graphics states a form's content uses, states its resources define), per form."""
    found = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for xobject in page.Resources.get("/XObject", {}).values():
                if xobject.get("/Subtype") != "/Form":
                    continue
                used = set(re.findall(rb"/(\w+) gs", xobject.read_bytes()))
                defined = set(xobject.Resources.get("/ExtGState", {}).keys())
                found.append(({name.decode() for name in used},
                              {key.lstrip("/") for key in defined}))
    return found


def test_faces_with_opacity_keep_their_transparency(tmp_path):
    """end_form: a face drawn with opacity defines its graphics state, and prints half black."""
    (tmp_path / "cards").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "fade.xml").write_text(FADE, encoding="utf-8")
    (tmp_path / "cards" / "fade.yaml").write_text(DECK, encoding="utf-8")
    pdf = tmp_path / "fade.pdf"
    build_deck(tmp_path / "cards" / "fade.yaml", pdf, None, "dtc")
    forms = states_by_form(pdf)
    assert any(used for used, _ in forms), "the layout's opacity should use a graphics state"
    for used, defined in forms:
        assert used <= defined, f"a form uses {used - defined} without defining it"
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("L")
    middle = image.getpixel((image.width // 2, image.height // 2))
    assert 110 <= middle <= 145, f"half black over white should be mid grey, not {middle}"


def test_canary_reportlab_forms_still_drop_their_graphics_states():
    """ReportLab's own endForm leaves ExtGState out of a form's resources. If this fails,
    ReportLab has fixed it and end_form's resource fix may go (see reportlab_internals.py)."""
    stream = io.BytesIO()
    canvas = Canvas(stream, invariant=1)
    canvas.beginForm("half")
    canvas.setFillAlpha(0.5)
    canvas.rect(0, 0, 10, 10, fill=1, stroke=0)
    canvas.endForm()
    canvas.doForm("half")
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(stream.getvalue())) as document:
        form = document.pages[0].Resources.XObject["/FormXob.half"]
        assert b" gs" in form.read_bytes()
        assert "/ExtGState" not in form.Resources


def test_a_packed_form_keeps_its_images_and_nested_forms():
    stream = io.BytesIO()
    canvas = Canvas(stream, invariant=1)
    canvas.beginForm("inner")
    canvas.rect(0, 0, 5, 5, fill=1)
    end_form(canvas, "inner")
    canvas.beginForm("outer")
    canvas.doForm("inner")
    end_form(canvas, "outer")
    canvas.doForm("outer")
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(stream.getvalue())) as document:
        outer = document.pages[0].Resources.XObject["/FormXob.outer"]
        assert "/FormXob.inner" in outer.Resources.XObject
        assert outer.get("/Filter") == "/FlateDecode"


def draw_sample(canvas: Canvas, font: str) -> None:
    for page in range(3):
        canvas.setFont(font, 12)
        canvas.drawString(72, 720, f"Page {page + 1}: streamed or not, the same bytes")
        canvas.beginForm(f"f{page}")
        canvas.rect(0, 0, 20, 20, fill=1)
        end_form(canvas, f"f{page}")
        canvas.doForm(f"f{page}")
        canvas.showPage()


class CountingStream(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, data) -> int:  # type: ignore[override]
        self.writes += 1
        return super().write(data)


def test_streamed_save_writes_the_same_bytes_as_a_plain_save_object_by_object():
    font = regular_font()
    with binary_streams():
        plain = io.BytesIO()
        canvas = Canvas(plain, invariant=1, initialFontName=font)
        draw_sample(canvas, font)
        canvas.save()
        streamed = CountingStream()
        canvas = Canvas(streamed, invariant=1, initialFontName=font)
        draw_sample(canvas, font)
        save_streaming(canvas, streamed)
    assert streamed.getvalue() == plain.getvalue()
    objects = plain.getvalue().count(b" obj\n")
    assert streamed.writes > objects, "each object should be written as it is formatted"


def test_streaming_changes_only_the_document_being_saved():
    original = pdfdoc.PDFFile
    font = regular_font()
    stream = io.BytesIO()
    canvas = Canvas(stream, invariant=1, initialFontName=font)
    draw_sample(canvas, font)
    save_streaming(canvas, stream)
    assert pdfdoc.PDFFile is original
    assert "format" not in vars(pdfdoc.PDFDocument) or \
        vars(pdfdoc.PDFDocument)["format"].__globals__["PDFFile"] is original


def test_canary_reportlab_still_collects_its_output_through_pdffile():
    """save_streaming relies on PDFDocument.format making its collector by the global name
    PDFFile; if ReportLab changes that, this fails before any build does."""
    assert "PDFFile" in pdfdoc.PDFDocument.format.__code__.co_names


def test_binary_streams_are_binary_and_the_setting_is_restored(tmp_path):
    before = rl_config.useA85
    with pytest.raises(RuntimeError), binary_streams():
        assert rl_config.useA85 == 0
        raise RuntimeError("a failed build")
    assert rl_config.useA85 == before
    pdf = tmp_path / "deck.pdf"
    build_deck(ROOT / "cards/table-talk.yaml", pdf, ROOT / "brands/example.yaml", "home-a4")
    assert b"ASCII85Decode" not in pdf.read_bytes()
    assert rl_config.useA85 == before


def picture_form(tmp_path: Path, adapted: bool) -> Path:
    """A form holding an inline picture, drawn with binary streams, as an SVG logo is."""
    from PIL import Image

    pdf = tmp_path / "picture.pdf"
    canvas = Canvas(str(pdf))
    with binary_streams():
        canvas.beginForm("picture", 0, 0, 20, 20)
        if adapted:
            with text_inline_images():
                canvas.drawInlineImage(Image.new("RGB", (4, 4), "red"), 0, 0, 20, 20)
        else:
            canvas.drawInlineImage(Image.new("RGB", (4, 4), "red"), 0, 0, 20, 20)
        end_form(canvas, "picture")
        canvas.doForm("picture")
        canvas.showPage()
        canvas.save()
    return pdf


def test_a_picture_inline_in_a_form_is_written_as_text(tmp_path):
    before = rl_config.useA85
    pdf = picture_form(tmp_path, adapted=True)
    assert rl_config.useA85 == before
    with pikepdf.open(pdf) as document:
        assert document.check_pdf_syntax() == []
    page = pdfium.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("RGB")
    assert page.getpixel((10, page.height - 10)) == (255, 0, 0)


def test_canary_reportlab_inline_pictures_in_a_form_still_need_text(tmp_path):
    with pytest.raises(TypeError):
        picture_form(tmp_path, adapted=False)


def field_font_objects(pdf: Path) -> set[tuple[int, int]]:
    """The distinct font objects the fillable fields' appearances refer to."""
    found = set()
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for annotation in page.get("/Annots", []):
                appearance = annotation.get("/AP")
                if appearance is None:
                    continue
                for state in appearance.values():
                    streams = state.values() if isinstance(state, pikepdf.Dictionary) and \
                        "/Resources" not in state else [state]
                    for stream in streams:
                        fonts = stream.get("/Resources", {}).get("/Font", {})
                        found |= {font.objgen for font in fonts.values()}
    return found


def test_fillable_fields_share_one_font_object_per_font(tmp_path):
    pdf = tmp_path / "sheets.pdf"
    build_worksheets(ROOT / "cards/networking.yaml", pdf, ROOT / "brands/example.yaml",
                     worksheet_settings("letter", ("log",), fillable=True, blank=2))
    fonts = field_font_objects(pdf)
    assert len(fonts) == 1, f"one Helvetica object for every field, not {len(fonts)}"


def test_canary_reportlab_acroform_writes_a_font_object_per_field():
    """Without use_shared_font_form every text field gets a font object of its own; if this
    fails, ReportLab shares them itself and SharedFontForm may go."""

    def fields(shared: bool) -> int:
        stream = io.BytesIO()
        canvas = Canvas(stream, invariant=1)
        if shared:
            use_shared_font_form(canvas)
        for index in range(5):
            canvas.acroForm.textfield(name=f"f{index}", x=72, y=700 - 30 * index, width=100,
                                      height=20, fontName="Helvetica")
        canvas.showPage()
        canvas.save()
        return stream.getvalue().count(b"/BaseFont /Helvetica")

    # the page's own Helvetica is one object either way; the five fields add five, or one
    assert fields(shared=False) - fields(shared=True) == 4


def test_each_text_field_gets_an_appearance_of_its_own():
    """ReportLab shares one appearance stream between text fields whose streams and resources
    are equal, which they are once the fields share one font object: a filler that rewrites
    that stream in place shows the value in every one of them. SharedFontForm.txAP gives each
    field its own (tests/worksheets/test_fillable.py fills them)."""
    stream = io.BytesIO()
    canvas = Canvas(stream, invariant=1)
    use_shared_font_form(canvas)
    for index in range(5):
        canvas.acroForm.textfield(name=f"f{index}", x=72, y=700 - 30 * index, width=100,
                                  height=20, fontName="Helvetica", borderWidth=0)
    canvas.showPage()
    canvas.save()
    reader = PdfReader(io.BytesIO(stream.getvalue()))
    appearances = {annotation.get_object()["/AP"].raw_get("/N").idnum
                   for annotation in reader.pages[0]["/Annots"]}
    assert len(appearances) == 5


def test_covered_characters_are_the_fonts_glyphs():
    covered = covered_characters(regular_font())
    assert {"A", "é", "Ω", "Ж", "’"} <= covered
    assert "中" not in covered and "\U0001F600" not in covered


@pytest.mark.parametrize("markup", ["plain words", "<b>bold</b> words"])
def test_overflows_width_finds_a_word_wider_than_the_box(markup):
    style = TextStyle(regular_font(), 10, 10, 1.25, black).at(10)
    fits = Paragraph(f"{markup} that wrap", style)
    fits.wrap(100, 100)
    assert not overflows_width(fits)
    too_wide = Paragraph(f"{markup} Incomprehensibilities", style)
    too_wide.wrap(40, 100)
    assert overflows_width(too_wide)


def test_rescaled_fragments_lay_out_like_text_parsed_at_that_size():
    markup = "Ask <b>someone</b> for <i>ten minutes</i> of advice about the next step " * 3
    style = TextStyle(regular_font(), 12, 6, 1.25, black)
    parsed = fragments(Paragraph(markup, style.at(12)))
    fresh = Paragraph(markup, style.at(9))
    rescaled = Paragraph(markup, style.at(9), frags=rescaled_fragments(parsed, 9 / 12))
    assert fresh.wrap(150, 500) == rescaled.wrap(150, 500)

    def lines(paragraph: Paragraph) -> list[list[tuple[str, str, float]]]:
        return [[(word.text, word.fontName, float(word.fontSize)) for word in line.words]
                for line in paragraph.blPara.lines]

    assert len(lines(fresh)) > 1
    assert lines(fresh) == lines(rescaled)


# --- pictures in text ------------------------------------------------------------------------

TOUCHING = (f"Call them {picture_mark(0)}, then write it down {picture_mark(1)}. "
            f"(Say thanks {picture_mark(2)})")


def laid_out(kind: type, markup: str, width: float, size: float = 10) -> list[str]:
    """The lines of `markup` (its pictures 0.96 em square) at `width` points: text, with @
    for a picture."""
    style = TextStyle(regular_font(), size, size, 1.25, black).at(size)
    paragraph = kind(markup, style)
    place_pictures(fragments(paragraph), [InlinePicture(None, 9.6, 9.6, 0.8)] * 3)
    paragraph.wrap(width, 1000)
    return ["".join("@" if getattr(word, "cbDefn", None) is not None else word.text
                    for word in line.words).strip() for line in paragraph.blPara.lines]


def split_at_a_picture(lines: list[str]) -> bool:
    """Whether a line starts with a mark that touched the picture ending the line before."""
    return any(before.endswith("@") and after[:1] in ",.)"
               for before, after in itertools.pairwise(lines))


def test_pictures_stay_with_the_text_they_touch():
    """PictureParagraph: at no width does a line break between a picture and the comma,
    full stop or bracket written against it; spaces still break."""
    for width in range(40, 200):
        lines = laid_out(PictureParagraph, TOUCHING, width)
        assert not split_at_a_picture(lines), (width, lines)
    assert laid_out(PictureParagraph, TOUCHING, 1000) == \
        ["Call them @, then write it down @. (Say thanks @)"]
    assert laid_out(PictureParagraph, TOUCHING, 45)[:2] == ["Call them", "@, then"]


def test_canary_reportlab_still_breaks_lines_beside_inline_images():
    broken = [width for width in range(40, 200)
              if split_at_a_picture(laid_out(Paragraph, TOUCHING, width))]
    assert broken, "ReportLab keeps inline images with their text: PictureParagraph can go"


def test_picture_marks_are_laid_out_and_drawn_by_the_callback():
    """place_pictures and drawing_pictures: each mark takes its picture's width in the line,
    and is drawn where ReportLab placed it, bottom `drop` below the baseline (in the
    paragraph's own coordinates: drawOn moves the origin to its bottom-left corner)."""
    style = TextStyle(regular_font(), 10, 10, 1.25, black).at(10)
    paragraph = PictureParagraph(f"Hi {picture_mark(0)} there {picture_mark(1)}", style)
    place_pictures(fragments(paragraph), [InlinePicture("first", 9.6, 9.6, 0.8),
                                          InlinePicture("second", 20, 10, 1)])
    paragraph.wrap(300, 100)
    canvas = Canvas(io.BytesIO())
    drawn = []
    with drawing_pictures(canvas, lambda *args: drawn.append(args)):
        paragraph.drawOn(canvas, 50, 100)
    assert "drawImage" not in vars(canvas)  # the canvas is itself again
    font = regular_font()
    first_x = stringWidth("Hi ", font, 10)
    second_x = first_x + 9.6 + stringWidth(" there ", font, 10)
    baseline = 12.5 - 10  # a one-line paragraph: its box's top, less the size
    assert [(name, round(x, 3), round(y, 3), w, h) for name, x, y, w, h in drawn] == [
        ("first", round(first_x, 3), round(baseline - 0.8, 3), 9.6, 9.6),
        ("second", round(second_x, 3), round(baseline - 1, 3), 20, 10)]


def test_without_the_callback_reportlab_cannot_draw_a_picture():
    style = TextStyle(regular_font(), 10, 10, 1.25, black).at(10)
    paragraph = PictureParagraph(f"Hi {picture_mark(0)}", style)
    place_pictures(fragments(paragraph), [InlinePicture("first", 9.6, 9.6, 0.8)])
    paragraph.wrap(300, 100)
    with pytest.raises(Exception):  # noqa: B017  # it takes the picture for a bitmap
        paragraph.drawOn(Canvas(io.BytesIO()), 50, 100)


def test_rescaled_fragments_scale_pictures_with_the_text():
    style = TextStyle(regular_font(), 12, 6, 1.25, black)
    paragraph = PictureParagraph(f"Hi {picture_mark(0)} there", style.at(12))
    parsed = fragments(paragraph)
    place_pictures(parsed, [InlinePicture("first", 12, 12, 1)])
    half = PictureParagraph("", style.at(6), frags=rescaled_fragments(parsed, 0.5))
    half.wrap(300, 100)
    canvas = Canvas(io.BytesIO())
    drawn = []
    with drawing_pictures(canvas, lambda *args: drawn.append(args)):
        half.drawOn(canvas, 0, 0)
    (_, x, y, w, h), = drawn
    assert (w, h) == (6, 6)
    assert y == pytest.approx(6 * 1.25 - 6 - 0.5)
    assert x == pytest.approx(stringWidth("Hi ", regular_font(), 6))
    assert parsed[1].cbDefn.width == 12  # the parsed text is left as it was


def test_text_runs_give_each_fragments_text_font_size_pictures_and_breaks():
    bold = load_fonts(None).family("Noto Sans").face(True, False)
    style = TextStyle(regular_font(), 12, 6, 1.25, black)
    paragraph = PictureParagraph(f"Hi <b>you</b>{picture_mark(0)}<br/>there", style.at(12))
    parsed = fragments(paragraph)
    place_pictures(parsed, [InlinePicture("icon", 11, 11, 1)])
    runs = text_runs(parsed)
    assert [(run.text, run.font, run.size) for run in runs if run.text] == [
        ("Hi ", regular_font(), 12), ("you", bold, 12), ("there", regular_font(), 12)]
    assert [run.picture_width for run in runs if run.picture_width is not None] == [11]
    assert [index for index, run in enumerate(runs) if run.line_break] == [3]


# --- fonts in one fixed encoding ---------------------------------------------------------------


def _face_content(texts: list[str], fixed: bool) -> tuple[bytes, Canvas]:
    """The content of a form drawing `texts` last, after `texts` drawn in another form."""
    fonts = load_fonts(None)
    regular = fonts.family("Noto Sans").face()
    canvas = Canvas(io.BytesIO(), invariant=1, initialFontName=regular)
    if fixed:
        keep_font_usage(canvas, fonts.font_named)
    for number, text in enumerate(texts):
        canvas.beginForm(f"f{number}")
        canvas.setFont(regular, 10)
        canvas.drawString(0, 0, text)
        data = end_form(canvas, f"f{number}")
    return zlib.decompress(data.content), canvas


def test_fixed_encoding_gives_a_character_the_same_code_whatever_came_before():
    alone, _ = _face_content(["café – “yes”"], fixed=True)
    after, _ = _face_content(["naïve ’ — ✓ ő", "café – “yes”"], fixed=True)
    assert alone == after


def test_canary_reportlab_codes_characters_in_the_order_they_are_drawn():
    alone, _ = _face_content(["café – “yes”"], fixed=False)
    after, _ = _face_content(["naïve ’ — ✓ ő", "café – “yes”"], fixed=False)
    assert alone != after  # else the fixed encoding is no longer needed


def test_fixed_encoding_embeds_only_the_characters_drawn(tmp_path):
    fonts = load_fonts(None)
    regular = fonts.family("Noto Sans").face()
    pdf = tmp_path / "text.pdf"
    with binary_streams(), open(pdf, "wb") as stream:
        canvas = Canvas(stream, invariant=1, initialFontName=regular)
        usage = keep_font_usage(canvas, fonts.font_named)
        canvas.setFont(regular, 12)
        canvas.drawString(50, 700, "Ab – “ő”")
        canvas.showPage()
        embed_fonts(canvas, usage)
        save_streaming(canvas, stream)
    with pikepdf.open(pdf) as document:
        fonts_used = document.pages[0].Resources.Font
        # ASCII in one subset; ő (Latin Extended-A) and the quotes and dash (punctuation) in
        # the subsets of their parts of Unicode
        assert len(fonts_used) == 3
        widths = sorted(len(font.Widths) for font in fonts_used.values())
        assert widths[0] <= 256 and all(font.FontDescriptor.get("/FontFile2") is not None
                                        for font in fonts_used.values())
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert text.strip() == "Ab – “ő”"
