"""The `worksheets` command and `build --with-worksheets`: which sheets, papers, and every
mistake in a worksheet template or the brand said once, keeping the previous output."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from deckpress.cli import main
from helpers import BRAND, DECK, JORDAN, assert_one_error, assert_options_mistake, edit, sample_line


def page_texts(pdf) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def sheet_of(text: str) -> str:
    """The sheet a page belongs to, read from its header (the first line)."""
    first = re.sub(r"^\d+-day tracker", "30-day tracker", text.strip().splitlines()[0])
    titles = {"ladder": "Fear ladder", "log": "Challenge log", "tracker": "30-day tracker",
              "debrief": "Debrief", "contacts": "Contacts"}
    return next(kind for kind, title in titles.items() if first.startswith(title))


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


def test_blank_log_blocks(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["worksheets", DECK, "--kind", "log", "--blank", "3",
                                  "--fillable"])
    assert result.exit_code == 0, result.output
    out = workspace / "output" / "networking-worksheets-fillable-letter.pdf"
    assert f"wrote output/{out.name}" in result.output
    assert "log: 3 blank blocks" in result.output
    text = " ".join(page_texts(out))
    assert "Ask no. 3" in text and "Ask no. 4" not in text and "WU-01" not in text
    assert len(PdfReader(out).pages) == 2  # the first with the introduction, then two a page
    fields = PdfReader(out).get_fields()
    assert fields["log.3.card"]["/FT"] == "/Tx"


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
    edit(workspace / JORDAN, "ladder: [WU-01, WU-04,", "ladder: [WU-01, XX-99,")
    result = runner.invoke(main, ["build", "--client", "jordan-rivera", "--with-worksheets"])
    assert result.exit_code == 1
    assert "the ladder lists card 'XX-99'" in result.output
    assert list((workspace / "output").iterdir()) == []  # not even the deck
    check = runner.invoke(main, ["check", "--client", "jordan-rivera"])
    assert check.exit_code == 0  # the deck itself builds, as `build` without the option shows
    assert f"warning: {sample_line(JORDAN, 'ladder:')}, field 'ladder.1'" in check.output
    assert "the worksheets would fail: the ladder lists card 'XX-99'" in check.output
    assert runner.invoke(main, ["build", "--client", "jordan-rivera", "-q"]).exit_code == 0


def test_paper_given_as_a_size(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["worksheets", DECK, "--paper", "8.5x14in", "-k", "debrief"])
    assert result.exit_code == 0, result.output
    out = workspace / "output/networking-worksheets-8.5x14in.pdf"
    page = PdfReader(out).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((612, 1008))


def test_named_papers_beyond_letter_and_a4(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["worksheets", DECK, "--paper", "legal", "-k", "ladder"])
    assert result.exit_code == 0, result.output
    page = PdfReader(workspace / "output/networking-worksheets-legal.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((612, 1008))


BAD_TEMPLATE = "templates/worksheets/debrief.xml"


# (id, args, files {path: text}, brand edits [(old, new)], expected pieces)
ERRORS = [
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
     [], ["the field name 'a' is used twice (first on markup line 2)", "markup line 3"]),
    ("scale-wider-than-its-column", [], {BAD_TEMPLATE: "<worksheet title='x'>\n"
                                       "<columns widths='* 60mm'><column/><column>\n"
                                       "<scale name='s' label='Fear'/></column></columns>\n"
                                       "</worksheet>\n"},
     [], ["the 11 boxes of the scale 'Fear' need 76 mm, more than the 60 mm of their place",
          "a wider column"]),
    ("columns-without-a-width-each", [], {BAD_TEMPLATE: "<worksheet title='x'>\n"
                                        "<columns widths='* 60mm'><column/></columns>\n"
                                        "</worksheet>\n"},
     [], ["these <columns> hold 1 <column> elements but give 2 widths", "markup line 2",
          "one width per <column>"]),
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
    ("brand-text-without-glyph", [], {}, [(BRAND, "name: Maya Okafor", "name: Maya 漢")],
     [sample_line(BRAND, "name: Maya Okafor"), "field 'coach.name'", "no glyph for '漢'"]),
    ("client-text-without-glyph", [], {}, [(JORDAN, "name: Jordan Rivera", "name: Jordan 漢")],
     [sample_line(JORDAN, "name: Jordan Rivera"), "field 'name'", "no glyph for '漢'"]),
    ("card-title-without-glyph", [], {},
     [(DECK, "title: Ask for directions", "title: Ask for directions 漢")],
     [sample_line(DECK, "title: Ask for directions"), "card 'WU-01', field 'title'",
      "no glyph for '漢' (U+6F22), which the worksheets print"]),
    ("level-label-without-glyph", [], {}, [(DECK, "label: Warm\n", "label: Warm 漢\n")],
     [sample_line(DECK, "label: Warm"), "field 'label'", "no glyph for '漢'"]),
    ("ladder-unknown-card", [], {}, [(JORDAN, "ladder: [WU-01, WU-04,", "ladder: [WU-01, WU-99,")],
     [sample_line(JORDAN, "ladder: [WU-01"), "field 'ladder.1'",
      "card 'WU-99', which is not in the deck", "did you mean 'WU-0"]),
]


def test_blank_blocks_without_the_log_are_a_usage_mistake(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["worksheets", DECK, "--kind", "ladder", "--blank", "2"])
    assert_options_mistake(result, "worksheets",
                           ["--blank sets the blocks of the log", "add --kind log"])
    assert list((workspace / "output").iterdir()) == []


@pytest.mark.parametrize(("args", "files", "edits", "expected"),
                         [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_bad_input_gives_one_clear_message_and_keeps_the_previous_output(
        workspace, runner, monkeypatch, args, files, edits, expected):
    monkeypatch.chdir(workspace)
    previous = workspace / "output/sheets.pdf"
    previous.write_bytes(b"%PDF previous")
    for file, text in files.items():
        (workspace / file).parent.mkdir(exist_ok=True, parents=True)
        (workspace / file).write_text(text, encoding="utf-8")
    for file, old, new in edits:
        edit(workspace / file, old, new)
    result = runner.invoke(main, ["worksheets", DECK, "--client", "jordan-rivera", "-o",
                                  "output/sheets.pdf", *args])
    assert_one_error(result, expected)
    assert previous.read_bytes() == b"%PDF previous"
    assert sorted(p.name for p in (workspace / "output").iterdir()) == ["sheets.pdf"]

