"""Fonts: the built-in and workspace families, glyph checks, and every font embedded."""

from __future__ import annotations

import shutil

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from deckpress.cli import main
from deckpress.inputs import load_inputs
from deckpress.render.fonts import builtin_font_dir, font_names, load_fonts
from deckpress.render.preflight import font_style_warnings, unembedded_fonts
from helpers import BRAND, DECK, ROOT, failed_build, sample_line

STANDARD_14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}

# (id, edits: [(file, old, new)], extra files {path: text}, expected pieces)
CASES = [
    ("missing-glyph", [(DECK, "Ask a stranger for directions", "Ask a stranger 漢 for directions")],
     {}, ["card 'WU-01'", "Noto Sans has no glyph for '漢' (U+6F22)", "hint:"]),
    ("missing-glyph-after-a-line-break", [(BRAND, "name: Maya Okafor", 'name: "Maya 李"')], {},
     [sample_line(BRAND, "coach:"), "card 'HELLO'", "field 'coach'",
      "no glyph for '李' (U+674E)"]),
    ("brand-font-damaged", [(BRAND, "body: Noto Sans", "body: Broken")],
     {"fonts/Broken.ttf": "not a font at all"},
     [sample_line(BRAND, "body: Noto Sans"), "font family 'Broken' is not available",
      "Broken.ttf in fonts/ could not be read as fonts"]),
    ("brand-font-only-as-otf", [(BRAND, "body: Noto Sans", "body: Fancy Sans")],
     {"fonts/FancySans-Regular.otf": "OTTO" + "\0" * 40},
     [sample_line(BRAND, "body: Noto Sans"), "field 'fonts.body'",
      "font family 'Fancy Sans' is not available", "FancySans-Regular.otf",
      "cannot be embedded"]),
    ("brand-font-that-does-not-exist", [(BRAND, "heading: Noto Serif", "heading: Noto Serf")], {},
     [sample_line(BRAND, "heading: Noto Serif"), "fonts.heading",
      "font family 'Noto Serf' is not available", "did you mean 'Noto Serif'?"]),
]


@pytest.mark.parametrize(("edits", "files", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_a_font_problem_gives_one_clear_message(workspace, runner, monkeypatch, edits, files,
                                                expected):
    failed_build(workspace, runner, monkeypatch, edits, files, expected=expected)


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("Broken.ttf", "not a font at all", "cannot use font file"),
    ("Cff.ttf", "OTTO" + "\0" * 40, "cannot use font file: not a TrueType font"),
])
def test_a_damaged_font_file_the_brand_does_not_use_is_a_warning(workspace, runner, monkeypatch,
                                                                 name, content, problem):
    monkeypatch.chdir(workspace)
    (workspace / "fonts" / name).write_text(content, encoding="utf-8")
    result = runner.invoke(main, ["build", DECK, "--brand", "example"])
    assert result.exit_code == 0, result.output
    assert f"warning: fonts/{name}: {problem}" in result.output
    assert "it is left out" in result.output


def test_fonts_in_the_workspace_are_registered(workspace):
    shutil.copy(builtin_font_dir() / "NotoSerif-Italic.ttf", workspace / "fonts" / "Own.ttf")
    book = load_fonts(workspace)
    assert str(book.families["Noto Serif"].files[(False, True)]).endswith("Own.ttf")
    italic = book.family("Noto Serif").face(False, True)
    assert book.label(italic) == "Noto Serif Italic"


def test_extra_weights_of_a_family_do_not_take_the_regular_place(workspace):
    """A folder with Thin and SemiBold files beside Regular and Bold, as font sites ship them."""
    fonts = workspace / "fonts"
    for name in ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic"):
        shutil.copy(builtin_font_dir() / f"{name}.ttf", fonts / f"Own{name}.ttf")
    # A different weight: same family name in the typographic names, its own legacy family.
    thin = fonts / "AAA-Thin.ttf"
    shutil.copy(builtin_font_dir() / "NotoSerif-Regular.ttf", thin)
    book = load_fonts(workspace)
    regular = book.families["Noto Sans"].files[(False, False)]
    assert regular.name == "OwnNotoSans-Regular.ttf"
    assert font_names(thin) == ("Noto Serif", "regular")


def test_a_brand_font_without_bold_or_italic_files_is_a_warning():
    inputs = load_inputs(ROOT / DECK, ROOT / BRAND)
    assert font_style_warnings(inputs.brand, inputs.fonts) == []  # the bundled families are full
    family = inputs.fonts.family("Noto Sans")
    family.files = {slot: path for slot, path in family.files.items() if slot == (False, False)}
    [(where, problem, hint)] = font_style_warnings(inputs.brand, inputs.fonts)
    assert where.field == "fonts.body"
    assert problem == ("the font Noto Sans has no bold or italic file, so bold and italic text "
                       "prints in its regular face")
    assert hint == "add the Noto Sans Bold And Italic .ttf files to fonts/"


def all_fonts(reader) -> dict[str, object]:
    """Every font dictionary used by pages and, recursively, by the forms they draw."""
    fonts: dict[str, object] = {}
    seen: set[int] = set()

    def walk(resources):
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
        for xobject in (resources.get("/XObject") or {}).values():
            key = xobject.idnum if isinstance(xobject, IndirectObject) else id(xobject)
            if key in seen:
                continue
            seen.add(key)
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return fonts


def test_every_font_is_embedded_and_none_is_a_standard_font(built):
    for pdf in built.values():
        fonts = all_fonts(PdfReader(pdf))
        assert fonts, "no fonts found at all"
        for name, font in fonts.items():
            assert name.lstrip("/").split("+")[-1] not in STANDARD_14
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{name} is not embedded"
        assert unembedded_fonts(pdf) == []


def test_unembedded_fonts_are_found(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 72, "not embedded")
    canvas.save()
    assert unembedded_fonts(path) == ["Helvetica"]


def test_greek_and_cyrillic_reach_the_page(built):
    with pdfplumber.open(built["table-talk"]) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    for word in ("Καλημέρα", "Привет", "déjà", "¡Hola!"):
        assert word in text
