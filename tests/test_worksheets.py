"""Worksheets: the PDFs are read back for sheets, order, text, form fields, sizes and fonts."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from pypdf import PdfReader

from deckpress.cli import main
from deckpress.markup import MarkupError
from deckpress.worksheets import KINDS, build_worksheets
from deckpress.worksheets.flow import ELEMENTS, parse_worksheet
from helpers import ROOT, copy_workspace, edit

DECK = "cards/networking.yaml"
MM = 72 / 25.4
TITLES = {"ladder": "Fear ladder", "log": "Challenge log", "tracker": "30-day tracker",
          "debrief": "Debrief", "contacts": "Contacts"}
PAPER_SIZES = {"letter": (612, 792), "a4": (595.28, 841.89)}
DOCS = ROOT / "docs" / "worksheets.md"


@pytest.fixture(scope="session")
def sheets(tmp_path_factory) -> dict[str, Path]:
    """The sample deck's worksheets, built once: both papers, and fillable on letter."""
    folder = tmp_path_factory.mktemp("worksheets")
    ws = copy_workspace(folder / "ws")
    outputs = {}
    for name, paper, fillable in (("letter", "letter", False), ("a4", "a4", False),
                                  ("fillable", "letter", True)):
        out = folder / f"{name}.pdf"
        build_worksheets(ws / DECK, out, ws / "brands" / "example.yaml", paper,
                         fillable=fillable)
        outputs[name] = out
    return outputs


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def sheet_of(text: str) -> str:
    """The sheet a page belongs to, read from its header (the first line)."""
    first = re.sub(r"^\d+-day tracker", "30-day tracker", text.strip().splitlines()[0])
    return next(kind for kind, title in TITLES.items() if first.startswith(title))


@pytest.mark.parametrize("name", ["letter", "a4"])
def test_every_kind_is_present_in_order(sheets, name):
    kinds = [sheet_of(text) for text in page_texts(sheets[name])]
    order = list(dict.fromkeys(kinds))
    assert order == list(KINDS)
    assert kinds == sorted(kinds, key=KINDS.index), "each sheet's pages are together"


def test_kinds_come_in_the_fixed_order_whatever_order_they_are_asked_in(workspace, runner,
                                                                        monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["worksheets", DECK, "--kind", "contacts", "--kind", "ladder",
                                  "--kind", "tracker", "--days", "14", "-o", "output/w.pdf"])
    assert result.exit_code == 0, result.output
    assert "ladder, tracker, contacts" in result.output
    kinds = [sheet_of(text) for text in page_texts(workspace / "output/w.pdf")]
    assert list(dict.fromkeys(kinds)) == ["ladder", "tracker", "contacts"]
    tracker = " ".join(text for text in page_texts(workspace / "output/w.pdf")
                       if text.startswith("14-day tracker"))
    assert re.search(r"\b14\b", tracker) and not re.search(r"\b15\b", tracker)


def test_the_ladder_repeats_its_header_row_on_every_page(sheets):
    ladder = [text for text in page_texts(sheets["letter"]) if sheet_of(text) == "ladder"]
    assert len(ladder) >= 2, "48 rungs need more than one page"
    for text in ladder:
        assert "Expected" in text and "Date done" in text and "Actual fear" in text


def test_client_name_and_card_codes_are_in_the_text(sheets):
    texts = page_texts(sheets["letter"])
    assert all("Jordan Rivera · 30 Brave Asks" in text for text in texts)
    assert all("Maya Okafor" in text and "Coaching, not therapy." in text for text in texts)
    ladder = " ".join(text for text in texts if sheet_of(text) == "ladder")
    deck = (ROOT / DECK).read_text(encoding="utf-8")
    codes = re.findall(r"- id: ([A-Z]{2}-\d\d)", deck)
    assert len(codes) == 48
    for code in codes:
        assert code in ladder
    assert "Three informational interviews in product design" in ladder  # the brand's goal
    log = " ".join(text for text in texts if sheet_of(text) == "log")
    assert "WU-01 · Ask for directions" in log and "TA-08" in log


def test_pages_are_numbered_n_of_m(sheets):
    texts = page_texts(sheets["a4"])
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


@pytest.mark.parametrize("name", ["letter", "a4"])
def test_page_size_follows_the_paper(sheets, name):
    for page in PdfReader(sheets[name]).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            PAPER_SIZES[name], abs=0.01)


def test_no_form_fields_without_fillable(sheets):
    reader = PdfReader(sheets["letter"])
    assert not reader.get_fields()
    assert all("/Annots" not in page for page in reader.pages)


def test_fillable_fields_have_unique_names_and_the_right_types(sheets):
    reader = PdfReader(sheets["fillable"])
    names = []  # a field's name is on its widget, or on the radio group holding its widgets
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            widget = annotation.get_object()
            if "/T" in widget:
                names.append(widget["/T"])
            elif widget["/Parent"].get_object()["/T"] not in names:
                names.append(widget["/Parent"].get_object()["/T"])
    assert len(names) == len(set(names)) > 1000
    fields = reader.get_fields()
    assert set(fields) == set(names)
    assert fields["ladder.WU-01.date"]["/FT"] == "/Tx"
    assert fields["log.WU-01.prediction.1"]["/FT"] == "/Tx"
    radio = 1 << 15  # the field flag that makes a group of buttons one answer
    for scale in ("fear_before", "fear_peak", "fear_after"):
        group = fields[f"log.TA-08.{scale}"]
        assert group["/FT"] == "/Btn" and group["/Ff"] & radio
        assert set(group["/_States_"]) >= {f"/{value}" for value in range(11)}
    assert fields["log.WU-01.belief"]["/Ff"] & radio
    assert set(fields["log.WU-01.belief"]["/_States_"]) >= {"/0", "/50", "/100"}
    assert fields["log.WU-01.outcome"]["/Ff"] & radio
    assert set(fields["log.WU-01.outcome"]["/_States_"]) >= {"/1", "/2", "/3", "/4"}
    assert fields["tracker.day.30"]["/FT"] == "/Btn"
    assert fields["tracker.day.30.asks"]["/FT"] == "/Tx"
    assert "tracker.day.31" not in fields
    assert fields["contacts.20.follow_up"]["/FT"] == "/Tx"
    assert fields["debrief.surprised.4"]["/FT"] == "/Tx"


def test_fillable_looks_the_same_when_printed(sheets):
    """Fields lie over the drawing without borders or backgrounds of their own."""
    plain = pypdfium2.PdfDocument(str(sheets["letter"]))
    fillable = pypdfium2.PdfDocument(str(sheets["fillable"]))
    assert len(plain) == len(fillable)
    for index in (0, 3, len(plain) - 3):  # ladder, a log block, the tracker
        images = [document[index].render(scale=0.5, may_draw_forms=True).to_pil().tobytes()
                  for document in (plain, fillable)]
        assert images[0] == images[1], f"page {index + 1} differs"
    plain.close()
    fillable.close()


def _fonts(pdf: Path) -> list[dict]:
    import pikepdf

    found = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descriptor = font.get("/FontDescriptor")
                if "/DescendantFonts" in font:
                    descriptor = font.DescendantFonts[0].get("/FontDescriptor")
                found.append({"name": str(font.get("/BaseFont")),
                              "embedded": descriptor is not None and "/FontFile2" in descriptor})
    return found


@pytest.mark.parametrize("name", ["letter", "a4", "fillable"])
def test_every_font_on_the_pages_is_embedded(sheets, name):
    fonts = _fonts(sheets[name])
    assert fonts and all(font["embedded"] for font in fonts), fonts


def test_only_the_typed_in_text_of_fillable_fields_uses_a_viewer_font(sheets):
    """AcroForm fields name a standard font for typed text; the printed page never uses it."""
    import pikepdf

    with pikepdf.open(sheets["fillable"]) as document:
        resources = document.Root.AcroForm.DR.Font
        assert {str(font.BaseFont) for font in resources.values()} <= {"/Helvetica",
                                                                        "/ZapfDingbats"}
    with pikepdf.open(sheets["letter"]) as document:
        assert "/AcroForm" not in document.Root


def test_text_is_readable_and_inside_safe_margins(sheets):
    with pdfplumber.open(sheets["letter"]) as pdf:
        for page in pdf.pages[:5]:
            sizes = {round(char["size"], 1) for char in page.chars}
            assert min(sizes) >= 8.5 - 1e-6  # 8.5 pt only for the footer's disclaimer
            body = [char for char in page.chars if MM * 30 < char["top"] < page.height - 30 * MM]
            assert min(char["size"] for char in body) >= 9 - 1e-6
            for item in page.chars + page.lines + page.rects + page.curves:
                assert item["x0"] >= 18 - 0.01 and item["x1"] <= page.width - 18 + 0.01
                assert item["top"] >= 18 - 0.01 and item["bottom"] <= page.height - 18 + 0.01


def test_write_in_lines_and_tick_boxes_are_big_enough_for_a_pen(sheets):
    with pdfplumber.open(sheets["letter"]) as pdf:
        log_page = pdf.pages[3]
        assert "Challenge log" in log_page.extract_text()
        boxes = [box for box in log_page.rects + log_page.curves  # rounded: drawn as curves
                 if abs(box["width"] - box["height"]) < 0.5 and box["width"] >= 4.5 * MM]
        assert len(boxes) >= 11 * 5 + 4  # five 11-box scales and the four answers
        full_lines = sorted({round(line["top"], 1) for line in log_page.lines
                             if line["x1"] - line["x0"] > 150 * MM})
        gaps = [b - a for a, b in itertools.pairwise(full_lines)]
        assert gaps and min(gaps) >= 8 * MM - 0.1


def test_the_same_input_gives_the_same_bytes(workspace):
    for fillable in (False, True):
        first, second = workspace / "output/1.pdf", workspace / "output/2.pdf"
        for out in (first, second):
            build_worksheets(workspace / DECK, out, workspace / "brands/example.yaml", "a4",
                             ["ladder", "log"], fillable, blank=3)
        assert first.read_bytes() == second.read_bytes()


def test_blank_log_blocks(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["worksheets", DECK, "--kind", "log", "--blank", "3",
                                  "--fillable"])
    assert result.exit_code == 0, result.output
    out = workspace / "output" / "networking-worksheets-letter.pdf"
    assert f"wrote output/{out.name}" in result.output
    text = " ".join(page_texts(out))
    assert "Ask no. 3" in text and "Ask no. 4" not in text and "WU-01" not in text
    fields = PdfReader(out).get_fields()
    assert fields["log.3.card"]["/FT"] == "/Tx"


def test_brand_ladder_chooses_the_rungs_and_their_order(workspace):
    edit(workspace / "brands/example.yaml", "# ladder: [WU-01, WU-04, IC-02, CV-01, TA-01]",
         "ladder: [TA-01, WU-01, CV-01]")
    out = workspace / "output/ladder.pdf"
    build_worksheets(workspace / DECK, out, workspace / "brands/example.yaml", "letter",
                     ["ladder"])
    text = page_texts(out)[0]
    assert text.index("TA-01") < text.index("WU-01") < text.index("CV-01")
    assert "WU-02" not in text


def test_a_workspace_template_overrides_the_built_in_one(workspace):
    (workspace / "templates/worksheets").mkdir(exist_ok=True)
    (workspace / "templates/worksheets/debrief.xml").write_text(
        '{% extends "builtin/debrief.xml" %}\n{% block intro %}'
        "<paragraph>Bring this page to our Friday call.</paragraph>{% endblock %}\n",
        encoding="utf-8")
    out = workspace / "output/debrief.pdf"
    build_worksheets(workspace / DECK, out, None, "letter", ["debrief"])
    text = page_texts(out)[0]
    assert "Bring this page to our Friday call." in text
    assert "What surprised me" in text
    assert "Jordan" not in text  # the neutral brand: no client name


def test_build_with_worksheets_writes_both_files(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", DECK, "--brand", "example", "--profile", "home-a4",
                                  "--with-worksheets"])
    assert result.exit_code == 0, result.output
    deck = workspace / "output/networking-example-home-a4.pdf"
    sheets = workspace / "output/networking-example-worksheets-a4.pdf"  # as `worksheets` names it
    assert deck.is_file() and sheets.is_file()
    page = PdfReader(sheets).pages[0]
    assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.01)
    assert f"wrote output/{sheets.name}" in result.output


def test_build_with_worksheets_checks_them_before_writing_the_deck(workspace, runner,
                                                                   monkeypatch):
    monkeypatch.chdir(workspace)
    edit(workspace / "brands/example.yaml", "client:\n", "ladder: [WU-01, XX-99]\nclient:\n")
    result = runner.invoke(main, ["build", DECK, "--brand", "example", "--with-worksheets"])
    assert result.exit_code == 1
    assert "the ladder lists card 'XX-99'" in result.output
    assert list((workspace / "output").iterdir()) == []  # not even the deck
    check = runner.invoke(main, ["check", DECK, "--brand", "example"])
    assert check.exit_code == 0  # the deck itself builds, as `build` without the option shows
    assert "warning: brands/example.yaml:5, field 'ladder.1'" in check.output
    assert "the worksheets would fail: the ladder lists card 'XX-99'" in check.output
    assert runner.invoke(main, ["build", DECK, "--brand", "example", "-q"]).exit_code == 0


def test_paper_given_as_a_size(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["worksheets", DECK, "--paper", "8.5x14in", "-k", "debrief"])
    assert result.exit_code == 0, result.output
    out = workspace / "output/networking-worksheets-8.5x14in.pdf"
    page = PdfReader(out).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((612, 1008))


BAD_TEMPLATE = "templates/worksheets/debrief.xml"

# (id, args, files {path: text}, brand edits [(old, new)], expected pieces)
ERRORS = [
    ("unknown-kind", ["--kind", "lader"], {}, [],
     ["unknown worksheet kind 'lader'", "did you mean 'ladder'?"]),
    ("blank-without-the-log", ["--kind", "ladder", "--blank", "2"], {}, [],
     ["--blank sets the blocks of the log", "add --kind log"]),
    ("zero-days", ["--days", "0"], {}, [], ["the tracker cannot have 0 days", "1 to 366"]),
    ("too-many-days", ["--days", "367"], {}, [], ["cannot have 367 days"]),
    ("bad-paper", ["--paper", "b5"], {}, [], ["unknown paper 'b5'", "210x297mm"]),
    ("misspelt-paper", ["--paper", "leter"], {}, [], ["did you mean 'letter'?"]),
    ("paper-too-small", ["--paper", "100x150mm"], {}, [],
     ["the paper 100×150 mm does not suit the worksheets", "from 200×270 mm"]),
    ("paper-a5", ["--paper", "148x210mm"], {}, [], ["148×210 mm does not suit"]),
    ("paper-landscape", ["--paper", "297x210mm"], {}, [], ["297×210 mm does not suit"]),
    ("block-taller-than-a-page", [], {BAD_TEMPLATE: "<worksheet title='Big'>\n"
                                      "<lines name='a' count='40'/>\n</worksheet>\n"}, [],
     ["a block of the worksheets", "taller than a page", "fewer write-in lines"]),
    ("template-syntax", [], {BAD_TEMPLATE: "<worksheet title='x'>\n{% if x %}\n</worksheet>\n"},
     [], ["templates/worksheets/debrief.xml:3", "template syntax error"]),
    ("template-undefined", [], {BAD_TEMPLATE: "<worksheet title='x'>\n\n{{ client.nickname }}"
                                              "\n</worksheet>\n"},
     [], ["templates/worksheets/debrief.xml:3", "undefined value in worksheet template",
          "nickname"]),
    ("unknown-element", [], {BAD_TEMPLATE: "<worksheet title='x'>\n<heding>Hi</heding>\n"
                                           "</worksheet>\n"},
     [], ["templates/worksheets/debrief.xml", "unknown element <heding>",
          "did you mean 'heading'?", "markup line 2"]),
    ("unknown-attribute", [], {BAD_TEMPLATE: "<worksheet title='x'>\n<lines name='a' cont='2'/>"
                                             "\n</worksheet>\n"},
     [], ["<lines> has no attribute 'cont'", "did you mean 'count'?", "markup line 2"]),
    ("duplicate-field", [], {BAD_TEMPLATE: "<worksheet title='x'>\n<lines name='a'/>\n"
                                           "<lines name='a'/>\n</worksheet>\n"},
     [], ["the field name 'a.1' is used twice (first on markup line 2)", "markup line 3"]),
    ("lines-too-close", [], {BAD_TEMPLATE: "<worksheet title='x'>\n"
                                           "<lines name='a' spacing='5mm'/>\n</worksheet>\n"},
     [], ["spacing=\"5mm\"", "at least 8 mm"]),
    ("tiny-text", [], {BAD_TEMPLATE: "<worksheet title='x'>\n"
                                     "<paragraph size='7'>Hi</paragraph>\n</worksheet>\n"},
     [], ["too small to read"]),
    ("missing-glyph", [], {BAD_TEMPLATE: "<worksheet title='x'>\n<paragraph>Hi 漢</paragraph>\n"
                                         "</worksheet>\n"},
     [], ["templates/worksheets/debrief.xml", "Noto Sans has no glyph for '漢' (U+6F22)",
          "markup line 2"]),
    ("brand-text-without-glyph", [], {}, [("name: Jordan Rivera", "name: Jordan 漢")],
     ["brands/example.yaml:6", "field 'client.name'", "no glyph for '漢'"]),
    ("ladder-unknown-card", [], {}, [("# ladder: [WU-01, WU-04, IC-02, CV-01, TA-01]",
                                      "ladder: [WU-01, WU-99]")],
     ["brands/example.yaml:", "field 'ladder.1'", "card 'WU-99', which is not in the deck",
      "did you mean 'WU-0"]),
]


@pytest.mark.parametrize(("args", "files", "brand_edits", "expected"),
                         [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_bad_input_gives_one_clear_message_and_keeps_the_previous_output(
        workspace, runner, monkeypatch, args, files, brand_edits, expected):
    monkeypatch.chdir(workspace)
    previous = workspace / "output/sheets.pdf"
    previous.write_bytes(b"%PDF previous")
    for file, text in files.items():
        (workspace / file).parent.mkdir(exist_ok=True, parents=True)
        (workspace / file).write_text(text, encoding="utf-8")
    for old, new in brand_edits:
        edit(workspace / "brands/example.yaml", old, new)
    result = runner.invoke(main, ["worksheets", DECK, "--brand", "example", "-o",
                                  "output/sheets.pdf", *args])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: ")
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("error")]) == 1
    for piece in expected:
        assert piece in result.output
    assert previous.read_bytes() == b"%PDF previous"
    assert sorted(p.name for p in (workspace / "output").iterdir()) == ["sheets.pdf"]


def test_flow_markup_knows_its_lines():
    with pytest.raises(MarkupError) as caught:
        parse_worksheet('<worksheet title="x">\n<table widths="*">\n<row>\n'
                        "<cell write='a' tick='b'/>\n</row>\n</table>\n</worksheet>")
    assert caught.value.line == 4 and "either write" in caught.value.problem
    with pytest.raises(MarkupError, match="cannot be inside <worksheet>"):
        parse_worksheet('<worksheet title="x"><cell/></worksheet>')
    with pytest.raises(MarkupError, match="needs the attribute 'title'"):
        parse_worksheet("<worksheet/>")


def test_every_element_and_attribute_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    for element, attributes in ELEMENTS.items():
        section = re.search(rf"### `<{element}>`.*?(?=\n### |\n## |\Z)", docs, re.DOTALL)
        assert section, f"<{element}> has no section in docs/worksheets.md"
        for attribute in attributes:
            assert f"`{attribute}`" in section.group(0), f"{element}.{attribute} undocumented"
    for kind in KINDS:
        assert f"### {kind}" in docs


def test_named_papers_beyond_letter_and_a4(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["worksheets", DECK, "--paper", "legal", "-k", "ladder"])
    assert result.exit_code == 0, result.output
    page = PdfReader(workspace / "output/networking-worksheets-legal.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((612, 1008))
