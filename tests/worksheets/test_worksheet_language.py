"""A deck or client in another language: the worksheets print its words, and the tracker
dates its days in it (from the client's start date), read back from the PDF's text."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from deckpress.cli import main

GERMAN_CLIENT = """brand: example
name: Lena Brandt
start: 2027-03-01
decks: [netzwerken]
paper: a4
"""


def sheets(runner, workspace: Path, client: str, *kinds: str) -> list[str]:
    path = workspace / "clients" / "lena.yaml"
    path.write_text(client, encoding="utf-8")
    out = workspace / "output" / "sheets.pdf"
    options = [option for kind in kinds for option in ("--kind", kind)]
    result = runner.invoke(main, ["worksheets", "--client", str(path), "-o", str(out),
                                  *options])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as document:
        return [page.extract_text() or "" for page in document.pages]


def test_a_german_tracker_prints_german_words_and_dates(runner, workspace):
    [page] = sheets(runner, workspace, GERMAN_CLIENT, "tracker")
    assert page.startswith("30-Tage-Tracker")
    assert "Startdatum 1. März 2027" in page
    assert "Mo., 1. März" in page and "Di., 30. März" in page  # day 1 and day 30
    assert "Fragen" in page and "Neins" in page and "Am Ende" in page
    assert "Seite 1 von 1" in page
    assert "Mon" not in page and "asks" not in page


def test_every_german_sheet_prints_german_labels(runner, workspace):
    pages = sheets(runner, workspace, GERMAN_CLIENT)
    titles = [page.split("\n", 1)[0] for page in pages]
    assert titles[0] == "Angstleiter" and titles[-2:] == ["Rückblick", "Kontakte"]
    assert "Protokoll" in titles and "30-Tage-Tracker" in titles
    text = "\n".join(pages)
    assert "Erwartete" in text and "Keine Antwort" in text and "Wer / wo" in text
    for english in ("Fear ladder", "Challenge log", "Debrief", "Page 1 of"):
        assert english not in text


def test_the_clients_language_wins_and_dates_follow_it(runner, workspace):
    [page] = sheets(runner, workspace, GERMAN_CLIENT + "language: fr\n", "tracker")
    assert page.startswith("Suivi sur 30 jours")
    assert "1 mars 2027" in page and "lun. 1 mars" in page


def test_an_english_tracker_dates_its_days_only_with_a_start_date(runner, workspace):
    english = GERMAN_CLIENT.replace("netzwerken", "networking")
    [dated] = sheets(runner, workspace, english, "tracker")
    assert "Start date March 1, 2027" in dated and "Mon, Mar 1" in dated
    [undated] = sheets(runner, workspace, english.replace("start: 2027-03-01\n", ""), "tracker")
    assert "Mon, Mar 1" not in undated and "2027" not in undated
