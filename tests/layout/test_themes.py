"""Themes: chosen in a brand or a client file (the client's wins), checked where they are
written, found by the loader after the workspace's own layouts, with their fonts used only
where the brand names none; listed by `deckpress themes`; and the default (bold) look itself:
the level said once, the title never smaller than the text, a card without a tip composed
for its text."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from deckpress.build import Options, build_deck, deck_layouts
from deckpress.cli import main
from deckpress.inputs import load_client_inputs, load_inputs
from deckpress.layout.templates import theme_template_dir
from deckpress.source.client import load_client
from deckpress.source.themes import DEFAULT_THEME, themes
from helpers import assert_one_error, edit, line_of

# the themes with layouts of their own (the default's are the built-ins themselves)
THEME_FOLDERS = sorted(name for name in themes() if theme_template_dir(name).is_dir()
                       and any(theme_template_dir(name).glob("*.xml")))
PLAIN_BRAND = """colours: {primary: "#1D3557", secondary: "#F4EFE6", accent: "#E07A5F"}
"""


def brand_file(workspace: Path, text: str, name: str = "plain") -> Path:
    """A brand without fonts, saved a while ago (a build does not trust a file saved moments
    before it began to be up to date)."""
    path = workspace / "brands" / f"{name}.yaml"
    path.write_text(PLAIN_BRAND + text, encoding="utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))
    return path


def fonts_in(pdf: Path) -> set[str]:
    with pdfplumber.open(pdf) as document:
        return {char["fontname"].split("+")[-1] for page in document.pages
                for char in page.chars}


def test_the_brand_chooses_the_theme_and_its_folder_comes_after_the_workspace(workspace):
    brand = brand_file(workspace, "theme: quiet\n")
    inputs = load_inputs(workspace / "cards/networking.yaml", brand)
    assert inputs.theme == "quiet"
    folders = deck_layouts(inputs).folders
    assert folders[0] == workspace / "templates"
    assert folders[-1].name == "templates" and folders[-1] != workspace / "templates"
    if theme_template_dir("quiet").is_dir():
        assert folders[1] == theme_template_dir("quiet")


def test_without_a_theme_the_deck_is_drawn_in_the_default_one(workspace):
    inputs = load_inputs(workspace / "cards/networking.yaml", workspace / "brands/example.yaml")
    assert inputs.theme == DEFAULT_THEME == "bold"
    assert load_inputs(workspace / "cards/networking.yaml").theme == "bold"


def test_a_clients_theme_wins_over_its_brands(workspace):
    edit(workspace / "brands/example.yaml", "disclaimer:", "theme: quiet\ndisclaimer:")
    edit(workspace / "clients/li-wei.yaml", "paper: letter", "paper: letter\ntheme: editorial")
    client = load_client(workspace / "clients/li-wei.yaml", workspace)
    assert load_client_inputs(client).theme == "editorial"
    other = load_client(workspace / "clients/jordan-rivera.yaml", workspace)
    assert load_client_inputs(other).theme == "quiet"  # the brand's, in the same batch


@pytest.mark.parametrize(("file", "anchor", "written"), [
    ("brands/example.yaml", "disclaimer:", "theme: quite\n"),
    ("clients/li-wei.yaml", "paper: letter", "theme: Quiet\n"),
])
def test_an_unknown_theme_is_said_at_its_line_with_the_closest(workspace, runner, monkeypatch,
                                                                file, anchor, written):
    edit(workspace / file, anchor, written + anchor)
    monkeypatch.chdir(workspace)
    args = ["build", "--client", "li-wei"] if file.startswith("clients") else \
        ["build", "cards/networking.yaml", "--brand", "example"]
    result = runner.invoke(main, args)
    line = line_of(workspace / file, "theme:")
    assert_one_error(result, [f"{file}:{line}, field 'theme': unknown theme",
                              "did you mean 'quiet'?", "bold, quiet, editorial"])


def test_a_themes_fonts_fill_only_what_the_brand_leaves_unnamed(workspace, tmp_path):
    deck = workspace / "cards/networking.yaml"
    unnamed = load_inputs(deck, brand_file(workspace, "theme: editorial\n")).brand.brand.fonts
    assert (unnamed.heading, unnamed.body) == ("Noto Serif", "Noto Sans")
    own = load_inputs(deck, brand_file(workspace, "theme: editorial\nfonts: {heading: Noto Sans}\n",
                                       "own")).brand.brand.fonts
    assert (own.heading, own.body) == ("Noto Sans", "Noto Sans")
    pdf = tmp_path / "editorial.pdf"
    build_deck(deck, pdf, workspace / "brands/plain.yaml", "home-letter")
    assert "NotoSerif-Bold" in fonts_in(pdf)  # the titles, in the theme's heading font


@pytest.mark.parametrize("theme", ["bold", *THEME_FOLDERS])
def test_a_workspace_layout_wins_over_every_theme(workspace, runner, monkeypatch, theme,
                                                  tmp_path):
    monkeypatch.chdir(workspace)
    assert runner.invoke(main, ["eject", "challenge"]).exit_code == 0
    edit(workspace / "templates/challenge.xml", ">{{ card.id }}</text>",
         ">No. {{ card.id }}</text>")
    pdf = tmp_path / "deck.pdf"
    build_deck(workspace / "cards/networking.yaml", pdf,
               brand_file(workspace, f"theme: {theme}\n"), "home-letter")
    with pdfplumber.open(pdf) as document:
        assert "No. WU-01" in document.pages[0].extract_text()


@pytest.mark.parametrize("theme", THEME_FOLDERS)
def test_eject_takes_the_named_themes_copy(workspace, runner, monkeypatch, theme):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["eject", "challenge", "--theme", theme])
    assert result.exit_code == 0, result.output
    assert f"(theme {theme})" in result.output
    own = theme_template_dir(theme) / "challenge.xml"
    text = (workspace / "templates/challenge.xml").read_text("utf-8")
    expected = own if own.is_file() else theme_template_dir(theme).parent.parent / "challenge.xml"
    assert text.endswith(expected.read_text("utf-8"))
    assert text.startswith("{#- Copied from deckpress's built-in layout 'challenge', "
                           f"theme {theme}.")


def test_eject_and_layouts_refuse_an_unknown_theme(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    for args in (["eject", "plain", "--theme", "editoral"], ["layouts", "--theme", "editoral"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2
        assert "unknown theme 'editoral'" in result.output
        assert "did you mean 'editorial'?" in result.output
    assert not (workspace / "templates/plain.xml").exists()


def test_themes_lists_each_with_its_summary_and_fonts(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["themes"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    names = [line for line in lines if not line.startswith(" ")]
    assert names == ["bold (the default)", "quiet", "editorial"]
    assert "  fonts: Noto Serif (headings), Noto Sans (text)" in lines
    for theme in themes().values():
        assert theme.summary.split()[0] in result.output
    assert runner.invoke(main, ["themes", "-q"]).output.split() == ["bold", "quiet", "editorial"]


def test_themes_marks_the_brands_theme_and_the_fonts_it_draws_in(workspace, runner,
                                                                 monkeypatch):
    monkeypatch.chdir(workspace)
    brand_file(workspace, "theme: editorial\nfonts: {body: Noto Serif}\n")
    result = runner.invoke(main, ["themes", "--brand", "plain"])
    assert result.exit_code == 0, result.output
    assert "editorial (brand plain's)" in result.output.splitlines()
    assert "  fonts: Noto Serif (headings), Noto Serif (text) with this brand" in result.output
    brand_file(workspace, "theme: editorail\n")
    result = runner.invoke(main, ["themes", "--brand", "plain"])
    assert result.exit_code == 1 and "did you mean 'editorial'?" in result.output


@pytest.mark.parametrize("theme", THEME_FOLDERS)
def test_a_theme_changed_and_back_gives_the_clean_builds(workspace, theme):
    """The face cache keys each card by the layout folders it is drawn from: a build after a
    theme change never takes a face of the other theme."""
    deck = workspace / "cards/pocket-scripts.yaml"
    out = workspace / "output"

    def build(name: str, chosen: str, cache: bool) -> bytes:
        brand = brand_file(workspace, f"theme: {chosen}\n")
        build_deck(deck, out / name, brand, "home-letter", options=Options(face_cache=cache))
        return (out / name).read_bytes()

    clean_bold, clean_other = build("a.pdf", "bold", False), build("b.pdf", theme, False)
    assert clean_bold != clean_other
    assert build("1.pdf", "bold", True) == clean_bold
    assert build("2.pdf", theme, True) == clean_other
    assert build("3.pdf", "bold", True) == clean_bold
    assert build("4.pdf", theme, True) == clean_other


def test_a_theme_change_is_not_up_to_date(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    brand_file(workspace, "theme: bold\n")
    args = ["build", "cards/pocket-scripts.yaml", "--brand", "plain", "-o", "output/t.pdf"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "up to date" in runner.invoke(main, args).output
    before = (workspace / "output/t.pdf").read_bytes()
    brand_file(workspace, "theme: editorial\n")
    again = runner.invoke(main, args)
    assert again.exit_code == 0 and "up to date" not in again.output
    assert (workspace / "output/t.pdf").read_bytes() != before  # serif titles now


# --- the default look -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bold_fronts(tmp_path_factory) -> dict[str, list[dict]]:
    """Each card's front of the sample decks (one face a page), as pdfplumber's chars."""
    from helpers import copy_workspace

    workspace = copy_workspace(tmp_path_factory.mktemp("bold") / "ws")
    edit(workspace / "cards/networking.yaml", "    tip: '“Excuse me, which way is the library "
         "from here?”'\n", "")
    edit(workspace / "cards/networking.yaml", "    counts_when: You asked. Their answer is a "
         "bonus.\n", "")
    fronts: dict[str, list[dict]] = {}
    for name in ("networking", "table-talk", "pocket-scripts"):
        pdf = workspace / "output" / f"{name}.pdf"
        build_deck(workspace / "cards" / f"{name}.yaml", pdf, workspace / "brands/example.yaml",
                   "pod-pdf")
        with pdfplumber.open(pdf) as document:
            for page in document.pages[::2]:  # front, back, front, back...
                words = (page.extract_text() or "").split()
                for code in set(words) & CODES:
                    fronts[code] = [dict(char) for char in page.chars]
    return fronts


CODES = {"WU-01", "WU-02", "WU-03", "TT-01", "PS-01"}


def _lines(chars: list[dict]) -> list[tuple[float, str]]:
    """Each line's size and text, top to bottom."""
    rows: dict[float, list[dict]] = {}
    for char in chars:
        rows.setdefault(round(char["top"]), []).append(char)
    return [(max(char["size"] for char in row), "".join(char["text"] for char in row))
            for _, row in sorted(rows.items())]


def test_the_level_is_said_once_in_words(bold_fronts):
    text = "".join(char["text"] for char in bold_fronts["WU-03"])
    assert text.count("level 1 of 3") == 1


@pytest.mark.parametrize("card", ["TT-01", "PS-01"])
def test_a_prompt_cards_label_is_legible_and_its_title_not_smaller_than_its_text(bold_fronts,
                                                                                 card):
    lines = _lines(bold_fronts[card])
    label, title, text = lines[0], lines[1], lines[2]
    assert label[1].isupper() and label[0] >= 6.5
    assert title[0] >= text[0] >= 10  # the question is the card's point: set large


def test_a_prompt_cards_text_sits_in_the_middle_of_its_room(bold_fronts):
    chars = bold_fronts["TT-01"]
    sizes = Counter(round(char["size"], 1) for char in chars)
    body = [char for char in chars  # the question: most of the card's letters
            if round(char["size"], 1) == sizes.most_common(1)[0][0]]
    middle = (min(char["top"] for char in body) + max(char["bottom"] for char in body)) / 2
    assert 0.4 < middle / 180 < 0.65  # a square card 180 pt high: no blank lower half


def test_a_card_without_a_tip_sets_its_challenge_larger(bold_fronts):
    def challenge_size(card: str) -> float:
        lines = _lines(bold_fronts[card])
        return lines[3][0]  # band, level, title, then the challenge

    assert challenge_size("WU-01") > challenge_size("WU-02")


@pytest.mark.parametrize("theme", ["bold", *THEME_FOLDERS])
def test_the_workspace_prompt_layout_builds_under_every_theme(workspace, tmp_path, theme):
    """templates/prompt.xml extends "plain.xml" and replaces its `body` block: each theme's
    plain.xml gives that block the same room and sizes and keeps the title outside it."""
    pdf = tmp_path / "table-talk.pdf"
    build_deck(workspace / "cards/table-talk.yaml", pdf,
               brand_file(workspace, f"theme: {theme}\n"), "pod-pdf")
    with pdfplumber.open(pdf) as document:
        fronts = document.pages[::2]  # front, back, front, back...
        assert len(fronts) == 16
        page = fronts[0]
        chars = page.chars
        text = page.extract_text()
    assert "Comfort" in text and "TT-01" in text
    title = [char for char in chars if char["top"] < page.height * 0.4
             and char["size"] == max(c["size"] for c in chars if c["text"] != "“")]
    question = page.search("What small, everyday")[0]
    mark = [char for char in chars if char["text"] == "“"]
    assert "".join(char["text"] for char in title) == "Comfort"
    assert mark and mark[0]["size"] > title[0]["size"]  # the override's quote mark is drawn
    question_size = next(char["size"] for char in chars if char["text"] == "W")
    assert title[0]["size"] >= question_size >= 10
    assert max(char["bottom"] for char in title) < question["top"]  # not-above="title"
