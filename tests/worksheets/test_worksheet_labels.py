"""The worksheets' words (titles, prompts, column headings, the day boxes, the page numbers)
come from the labels table, which a brand, deck or client file changes one key at a time."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pypdf import PdfReader

from deckpress.cli import main
from helpers import LENA_CLIENT, edit, line_of

CLIENT = LENA_CLIENT

GERMAN = """  page: "Seite {page} von {count}"
  ladder_title: Angstleiter
  ladder_expected: Erwartete Angst
  log_title: Mutprotokoll
  log_answer_no_reply: Keine Antwort
  log_fear_low: ruhig
  tracker_title: "{days}-Tage-Tracker"
  tracker_asks: Fragen
  tracker_noes: Neins
  tracker_day: "Tag {day}: {what}"
  tracker_asked: gefragt
  debrief_intro: Nimm dir zehn Minuten & schau zurück <bitte>.
  contacts_name: Name, Vorname
"""


def sheets(runner, workspace: Path, labels: str, *options: str) -> Path:
    client = workspace / "clients" / "lena.yaml"
    client.write_text(CLIENT + labels, encoding="utf-8")
    out = workspace / "output" / "sheets.pdf"
    result = runner.invoke(main, ["worksheets", "--client", str(client), "-o", str(out),
                                  *options])
    assert result.exit_code == 0, result.output
    return out


def pages_text(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


def test_a_clients_labels_print_on_every_sheet(runner, workspace):
    pages = pages_text(sheets(runner, workspace, GERMAN))
    text = "\n".join(pages)
    assert pages[0].startswith("Angstleiter") and "Erwartete" in pages[0]
    assert f"Seite 1 von {len(pages)}" in pages[0] and "Page 1" not in text
    assert "Mutprotokoll" in text and "Keine Antwort" in text and "No reply" not in text
    assert "0 = ruhig" in text
    tracker = next(page for page in pages if page.startswith("30-Tage-Tracker"))
    assert tracker.count("Fragen") == 30 and tracker.count("Neins") == 30
    assert tracker.count("asks") == 1  # in the paragraph above, which was not renamed
    assert "Nimm dir zehn Minuten & schau zurück <bitte>." in text  # printed as written
    assert "Name, Vorname" in text
    # what was not renamed prints as ever
    assert "Challenge" in pages[0] and "Debrief" in text and "Their answer" in text


def test_the_day_boxes_fields_are_named_in_the_labels_words(runner, workspace):
    pdf = sheets(runner, workspace, GERMAN, "--fillable", "--kind", "tracker")
    names = {str(field.get("/TU")) for field in PdfReader(pdf).get_fields().values()}
    assert {"Tag 1: gefragt", "Tag 1: Fragen", "Tag 30: Neins"} <= names
    assert not any(name.startswith("Day ") for name in names)


def test_a_deck_s_labels_print_and_the_clients_win(runner, workspace):
    deck = workspace / "cards" / "networking.yaml"
    edit(deck, "layout: challenge\n", "layout: challenge\nlabels:\n  ladder_title: Leiter\n"
         "  contacts_title: Kontakte\n")
    text = "\n".join(pages_text(sheets(runner, workspace, "  ladder_title: Angstleiter\n",
                                       "--kind", "ladder", "--kind", "contacts")))
    assert "Angstleiter" in text and "Leiter\n" not in text and "Kontakte" in text


def test_day_words_too_long_for_their_box_are_said_at_their_line(runner, workspace):
    client = workspace / "clients" / "lena.yaml"
    client.write_text(CLIENT + "  tracker_noes: Ablehnungen erhalten insgesamt\n",
                      encoding="utf-8")
    result = runner.invoke(main, ["worksheets", "--client", str(client), "--kind", "tracker",
                                  "-o", str(workspace / "output" / "t.pdf")])
    assert result.exit_code == 1, result.output
    assert (f"clients/lena.yaml:{line_of(client, 'tracker_noes')}, field "
            "'labels.tracker_noes': the words in the tracker's day boxes") in result.output
    assert "hint: shorten the labels tracker_asks and tracker_noes" in result.output
    assert not (workspace / "output" / "t.pdf").exists()


def test_answers_too_wide_for_the_page_are_refused(runner, workspace):
    client = workspace / "clients" / "lena.yaml"
    client.write_text(CLIENT + "  log_answer_other: " + "etwas ganz anderes " * 4 + "\n",
                      encoding="utf-8")
    result = runner.invoke(main, ["worksheets", "--client", str(client), "--kind", "log",
                                  "-o", str(workspace / "output" / "t.pdf")])
    assert result.exit_code == 1, result.output
    assert "the answers to tick after 'Their answer'" in result.output
    assert "past the edge of their place on the worksheet" in result.output
    assert "log_answer_other" in result.output


def test_a_character_missing_from_the_font_is_said_at_the_label(runner, workspace):
    client = workspace / "clients" / "lena.yaml"
    client.write_text(CLIENT + '  page: "ページ {page} / {count}"\n', encoding="utf-8")
    result = runner.invoke(main, ["worksheets", "--client", str(client),
                                  "-o", str(workspace / "output" / "t.pdf")])
    assert result.exit_code == 1, result.output
    assert (f"clients/lena.yaml:{line_of(client, 'page:')}, field 'labels.page': "
            "Noto Sans has no glyph for 'ペ'") in result.output


def test_a_long_word_in_a_table_heading_is_set_smaller_not_broken(runner, workspace,
                                                                 monkeypatch):
    """ReportLab would split "Tatsächliche" inside the word to fit its 23 mm column."""
    monkeypatch.chdir(workspace)
    out = sheets(runner, workspace, '  ladder_actual: "Tatsächliche Angst 0–10"\n',
                 "--kind", "ladder")
    with pdfplumber.open(out) as document:
        words = document.pages[0].extract_words(extra_attrs=["size"])
    heading = [word for word in words if word["text"].startswith("Tats")]
    assert [word["text"] for word in heading] == ["Tatsächliche"]
    assert 7 <= heading[0]["size"] < 9.5  # the other headings keep their size
    assert {word["size"] for word in words if word["text"] == "Challenge"} == {9.5}


def test_a_word_too_long_for_its_column_even_small_is_named(runner, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    client = workspace / "clients" / "lena.yaml"
    client.write_text(CLIENT + "  ladder_card: Herausforderungskarte\n", encoding="utf-8")
    out = workspace / "output" / "sheets.pdf"
    result = runner.invoke(main, ["worksheets", "--client", str(client), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("error: the word 'Herausforderungskarte' does not fit in "
                                    "its column of the ladder sheet's table (15 mm of room)"), \
        result.output
    assert "docs/labels.md" in result.output and not out.exists()


def test_a_card_id_too_long_for_its_column_is_still_printed_whole(runner, workspace,
                                                                  monkeypatch):
    """An id is the deck's, not a heading: when it is too wide even small, it wraps."""
    monkeypatch.chdir(workspace)
    edit(workspace / "cards/networking.yaml", "- id: WU-01\n", "- id: NETWORK-INTRO-1\n")
    client = workspace / "clients" / "lena.yaml"
    client.write_text(CLIENT.replace("WU-01", "NETWORK-INTRO-1").replace("labels:\n", ""),
                      encoding="utf-8")
    out = workspace / "output" / "sheets.pdf"
    result = runner.invoke(main, ["worksheets", "--client", str(client), "-o", str(out),
                                  "--kind", "ladder"])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as document:
        words = document.pages[0].extract_words()
    column = next(word["x0"] for word in words if word["text"] == "Card")
    in_column = [word["text"] for word in words if abs(word["x0"] - column) < 1]
    assert "".join(in_column[1:-1]) == "NETWORK-INTRO-1" and in_column[-1] == "WU-02"


def test_a_sheet_title_too_long_for_the_header_is_named_at_its_label(runner, workspace,
                                                                    monkeypatch):
    """Drawn on one line beside the logo, the rest would run off the page."""
    monkeypatch.chdir(workspace)
    client = workspace / "clients" / "lena.yaml"
    client.write_text(CLIENT + "  ladder_title: " + " ".join(["Leiter"] * 40) + "\n",
                      encoding="utf-8")
    out = workspace / "output" / "sheets.pdf"
    result = runner.invoke(main, ["worksheets", "--client", str(client), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"error: clients/lena.yaml:{line_of(client, 'ladder_title')}"
                                    ", field 'labels.ladder_title': the title of the ladder sheet")
    assert "too long for the page header" in result.output and not out.exists()
