"""End to end: a small generated deck (hostile text, random numbers) built to a PDF either
stops with a DeckError, or gives a PDF that qpdf finds sound, whose content streams hold only
PDF operators (no `nan`, `inf` or `1e309` written where a number belongs)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from fuzz_support import (
    E2E_EXAMPLES,
    budget,
    document,
    expect_only,
    hostile_numbers,
    hostile_text,
    number_strings,
    rarely,
)
from hypothesis import given
from hypothesis import strategies as st

from deckpress.build import build_deck
from deckpress.errors import DeckError

PDF_OPERATORS = frozenset((
    "b", "B", "b*", "B*", "BDC", "BI", "BMC", "BT", "BX", "c", "cm", "CS", "cs", "d", "d0", "d1",
    "Do", "DP", "EI", "EMC", "ET", "EX", "f", "F", "f*", "G", "g", "gs", "h", "i", "ID", "j", "J",
    "K", "k", "l", "m", "M", "MP", "n", "q", "Q", "re", "RG", "rg", "ri", "s", "S", "SC", "sc",
    "SCN", "scn", "sh", "T*", "Tc", "Td", "TD", "Tf", "Tj", "TJ", "TL", "Tm", "Tr", "Ts", "Tw",
    "Tz", "v", "w", "W", "W*", "y", "'", '"',
))

# A layout of the workspace's own that puts a card's number field `n` straight into the
# markup, as a custom layout may (a bar whose length is a score, a font size, a spacing).
PROBE = """<card>
<front>
<rect x="{{ size.safe|fmt }}" y="{{ size.safe|fmt }}" w="{{ card.n|fmt }}" h="{{ card.n }}"
      fill="#336699" opacity="0.5"/>
<line x1="2" y1="2" x2="{{ card.n }}" y2="{{ card.n|fmt }}" stroke-width="{{ card.n }}"
      dash="{{ card.n }} 2"/>
<text x="{{ size.safe|fmt }}" y="12" w="{{ (size.width - 2 * size.safe)|fmt }}"
      h="{{ (size.height - 24)|fmt }}" size="{{ card.n }}" min-size="5"
      leading="{{ card.n }}">{{ card.text|inline }}</text>
<qr x="2" y="{{ (size.height - 14)|fmt }}" size="{{ card.n|fmt }}" data="{{ card.title }}"/>
</front>
<back background="#223344">
<text x="3" y="3" w="{{ (size.width - 6)|fmt }}" h="{{ (size.height - 6)|fmt }}"
      colour="#FFFFFF" size="12" min-size="4" align="center" valign="middle">{{ deck.title }}</text>
</back>
</card>
"""
LAYOUTS = ("plain", "challenge", "rules", "intro", "probe")
PROFILES = ("home-letter", "dtc", "home-a4", "home-letter-fold", "pod-pdf")
SIZES = ("poker", "bridge", "tarot", "mini", "square", "business")
UNITS = ("mm", "in", "pt", "cm")


# What the bundled fonts can draw, and still hard to set: stars and underscores as markdown
# reads them, XML specials, combining marks, invisible format characters (joiners, bidi
# overrides, soft hyphens, BOM), Greek and Cyrillic, very long words.
FONT_SAFE = (
    "a", "Z", " ", "  ", "\n", "\n\n", "\t", "*", "**", "***", "_", "__", "<", ">", "&", "&amp;",
    "\"", "'", "\\", "#", ":", "{", "}", "{{ x }}", "<b>", "</i>", "<br/>", "é", "ß", "ẞ", "Ω",
    "Жизнь", "ﬁ", "\u0301", "\u0336\u0336", "e\u0301\u0302\u0303", "\u00ad", "\u200b",
    "\u200d", "\u200f", "\u202e", "\u2028", "\ufeff", "\u00a0", "–", "“", "”", "…", "-",
    "W" * 300, "supercalifragilistic" * 10, "a\u0301" * 100, "x" * 2000, "** **", "*a*b**c",
)
# What they cannot (each a DeckError naming the character) or what validation refuses.
EXOTIC = ("😀", "👩🏽‍💻", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "中文",
          "\x00", "\x0b", "\x1b", "\x7f", "\x85", "\uffff", "\ue000", "\U0010ffff", "\u2212")
latin = st.characters(min_codepoint=0x20, max_codepoint=0x24F,
                      exclude_categories=("Cc", "Cs", "Co", "Cn"))


def field_text(exotic: bool) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(FONT_SAFE), st.text(latin, max_size=12),
                       *((st.sampled_from(EXOTIC), hostile_text) if exotic else ()))
    return st.lists(pieces, min_size=1, max_size=10).map("".join) \
        .map(lambda text: text if text.strip() else text + "x")


@st.composite
def size(draw: st.DrawFn) -> str:
    if not rarely(draw, 4):
        return draw(st.sampled_from(SIZES))
    number = st.one_of(st.sampled_from(("63.5", "88.9", "2.5", "3.5", "70", "120.65", "40")),
                       number_strings)
    width, height = draw(number), draw(number)
    return f"{width}x{height}{draw(st.sampled_from(UNITS))}"


@st.composite
def card(draw: st.DrawFn, index: int, text: st.SearchStrategy[str]) -> dict:
    result = {
        "id": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,18}", fullmatch=True))
        if rarely(draw, 8) else f"C-{index}",
        "title": draw(text),
        "text": draw(text),
        "n": draw(st.one_of(st.sampled_from((3, 0.5, 12, "4mm")), hostile_numbers,
                            number_strings)),
    }
    if draw(st.booleans()):
        result["tip"] = draw(text)
    if draw(st.booleans()):
        result["counts_when"] = draw(text)
    if draw(st.booleans()):
        result["steps"] = draw(st.lists(text, max_size=5))
    if draw(st.booleans()):
        result["category"] = "c"
        result["level"] = "l"
    if rarely(draw, 4):
        result["copies"] = draw(st.one_of(st.integers(-1, 3), st.sampled_from((1000, 1001)),
                                          hostile_numbers))
    return result


@st.composite
def deck(draw: st.DrawFn) -> str:
    """A deck of one to four cards; in one deck of four, text the fonts cannot draw too."""
    text = field_text(exotic=rarely(draw, 4))
    cards = [draw(card(index, text)) for index in range(draw(st.integers(1, 4)))]
    data = {
        "title": draw(text),
        "subtitle": draw(text) if draw(st.booleans()) else "",
        "size": draw(size()),
        "layout": draw(st.sampled_from(LAYOUTS)),
        "fields": ["steps", "n"],
        "levels": [{"id": "l", "label": draw(text)}],
        "categories": {"c": {"label": draw(text),
                             "colour": draw(st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True)),
                             "icon": draw(st.sampled_from(("spark", "people", "star")))}},
        "cards": cards,
    }
    return document(data)


@pytest.fixture(scope="module")
def build_workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-build")
    for folder in ("cards", "templates", "output"):
        (root / folder).mkdir()
    (root / "templates" / "probe.xml").write_text(PROBE, encoding="utf-8")
    return root


def content_streams(pdf: pikepdf.Pdf):
    """(where, stream) of every page's contents and every form drawn, forms within forms."""
    seen: set[tuple[int, int]] = set()

    def forms(resources, where):
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        for name, xobject in xobjects.items():
            if xobject.get("/Subtype") != "/Form" or xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            yield f"{where} {name}", xobject
            yield from forms(xobject.get("/Resources"), f"{where} {name}")

    for number, page in enumerate(pdf.pages, 1):
        yield f"page {number}", page.obj
        yield from forms(page.obj.get("/Resources"), f"page {number}")


def bad_operators(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    for where, stream in content_streams(pdf):
        for _operands, operator in pikepdf.parse_content_stream(stream):
            if str(operator) not in PDF_OPERATORS:
                found.append(f"{where}: {operator}")
    return found


@budget(E2E_EXAMPLES)
@given(text=deck(), profile=st.sampled_from(PROFILES))
def test_generated_decks_build_to_sound_pdfs_or_say_why_not(build_workspace, text, profile):
    deck_file = build_workspace / "cards" / "fuzz.yaml"
    deck_file.write_text(text, encoding="utf-8")
    out = build_workspace / "output" / "fuzz.pdf"
    out.unlink(missing_ok=True)
    result = expect_only((DeckError,), lambda: build_deck(deck_file, out, None, profile))
    if result is None:
        assert not out.exists(), "a failed build left a PDF behind"
        return
    with pikepdf.open(out) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert bad_operators(pdf) == []
