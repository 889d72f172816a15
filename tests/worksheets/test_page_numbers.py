"""The worksheets are laid out once: "page n of m" is filled in after the last page, right on
every page and exactly where it was always drawn; `check` measures the same layout without
drawing it and finds every mistake writing them would."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from deckpress.cli import main
from deckpress.errors import DeckError
from deckpress.inputs import load_client_inputs
from deckpress.source.client import load_client
from deckpress.worksheets import (
    build_worksheets,
    check_worksheets,
    margins,
    plan_worksheets,
    worksheet_settings,
)
from deckpress.worksheets.margins import MARGIN
from helpers import DECK, LENA_CLIENT, line_of

CLIENT = LENA_CLIENT


def labels_at_right(pdf: Path, label_start: str) -> list[tuple[str, float]]:
    """Each page's footer label (the words from `label_start` on, on the label's line) and
    where its last character ends."""
    found = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            line = next(line for line in page.extract_text_lines()
                        if label_start in line["text"])
            text = line["text"][line["text"].index(label_start):]
            found.append((text, line["x1"]))
    return found


@pytest.mark.parametrize("blank", [1, 40])
def test_every_page_says_its_number_and_the_right_total(workspace, blank):
    out = workspace / "output/log.pdf"
    build_worksheets(workspace / DECK, out, workspace / "brands/example.yaml",
                     worksheet_settings("letter", ["log"], blank=blank))
    pages = len(PdfReader(out).pages)
    assert pages == 1 if blank == 1 else pages > 1
    labels = labels_at_right(out, "Page ")
    assert [text for text, _ in labels] == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
    assert all(right == pytest.approx(612 - MARGIN, abs=0.01) for _, right in labels)


def test_fillable_worksheets_keep_their_fields_and_their_page_numbers(workspace):
    out = workspace / "output/fillable.pdf"
    build_worksheets(workspace / DECK, out, workspace / "brands/example.yaml",
                     worksheet_settings("a4", ["log", "tracker"], fillable=True, blank=5))
    reader = PdfReader(out)
    pages = len(reader.pages)
    assert [text for text, _ in labels_at_right(out, "Page ")] == [
        f"Page {n} of {pages}" for n in range(1, pages + 1)]
    fields = reader.get_fields()
    assert fields["log.5.card"]["/FT"] == "/Tx" and "tracker.day.30" in fields


def test_a_label_with_the_count_first_is_right_aligned_too(workspace, runner):
    client = workspace / "clients/lena.yaml"
    client.write_text(CLIENT + '  page: "{count} Seiten, hier {page}."\n', encoding="utf-8")
    out = workspace / "output/sheets.pdf"
    result = runner.invoke(main, ["worksheets", "--client", str(client), "-o", str(out),
                                  "--kind", "log", "--blank", "12"])
    assert result.exit_code == 0, result.output
    labels = labels_at_right(out, "Seiten")
    pages = len(labels)
    assert pages > 1
    assert [text for text, _ in labels] == [f"Seiten, hier {n}." for n in range(1, pages + 1)]
    assert all(right == pytest.approx(612 - MARGIN, abs=0.01) for _, right in labels)


def test_more_pages_than_the_room_kept_lays_the_footer_out_again(workspace, monkeypatch):
    """Room is kept for "Page 999 of 999"; a longer document (here: room for 9 pages only)
    is laid out again with the footer fitted around the longer numbers."""
    monkeypatch.setattr(margins, "RESERVED_PAGES", 9)
    client = workspace / "clients/lena.yaml"
    client.write_text(CLIENT.replace("labels:\n", ""), encoding="utf-8")
    inputs = load_client_inputs(load_client(client, workspace))
    plan = plan_worksheets(inputs, worksheet_settings("letter", ["log"], blank=40))
    assert plan.pages >= 10 and plan.pagination.text.page_digits == 2
    out = workspace / "output/long.pdf"
    plan.write(out)
    labels = labels_at_right(out, "Page ")
    assert [text for text, _ in labels] == [
        f"Page {n} of {plan.pages}" for n in range(1, plan.pages + 1)]
    assert check_worksheets(inputs, worksheet_settings("letter", ["log"], blank=40)) == \
        plan.pages


def test_the_same_worksheets_give_the_same_bytes_however_many_pages(workspace):
    outputs = []
    for name in ("1.pdf", "2.pdf"):
        out = workspace / "output" / name
        build_worksheets(workspace / DECK, out, workspace / "brands/example.yaml",
                         worksheet_settings("letter", ["log", "debrief"], blank=40))
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_page_label_too_long_for_the_footer_is_said_at_its_line(workspace):
    client = workspace / "clients/lena.yaml"
    long_label = "Seite {page} von insgesamt {count} Seiten dieses Arbeitsblattes " * 3
    client.write_text(CLIENT + f'  page: "{long_label.strip()}"\n', encoding="utf-8")
    inputs = load_client_inputs(load_client(client, workspace))
    with pytest.raises(DeckError) as caught:
        plan_worksheets(inputs, worksheet_settings("letter", ["ladder"]))
    message = caught.value.format()
    assert f"lena.yaml:{line_of(client, 'page:')}, field 'labels.page': the page label " \
           "'Seite {page} von insgesamt {count} Seit…' is too long for the worksheets' " \
           "footer" in message
    assert "hint: shorten the label page" in message


LAYOUT_MISTAKES = [
    ("answers-too-wide", "  log_answer_other: " + "etwas ganz anderes " * 4 + "\n", None,
     "the answers to tick after 'Their answer'"),
    ("word-too-long-for-its-column", "  ladder_card: Herausforderungskarte\n", None,
     "the word 'Herausforderungskarte' does not fit"),
    ("day-words-too-long", "  tracker_noes: Ablehnungen erhalten insgesamt\n", None,
     "the words in the tracker's day boxes"),
    ("page-label-too-long", '  page: "' + "Seite {page} von {count}, " * 6 + '"\n', None,
     "the page label"),
    ("block-taller-than-a-page", "", "<worksheet title='Big'>\n<lines name='a' count='40'/>\n"
     "</worksheet>\n", "taller than a page"),
]


@pytest.mark.parametrize(("labels", "debrief", "expected"),
                         [case[1:] for case in LAYOUT_MISTAKES],
                         ids=[case[0] for case in LAYOUT_MISTAKES])
def test_check_finds_what_writing_the_worksheets_would(workspace, runner, monkeypatch, labels,
                                                       debrief, expected):
    monkeypatch.chdir(workspace)
    client = workspace / "clients/lena.yaml"
    client.write_text(CLIENT + labels if labels else CLIENT.replace("labels:\n", ""),
                      encoding="utf-8")
    if debrief:
        (workspace / "templates/worksheets").mkdir(exist_ok=True)
        (workspace / "templates/worksheets/debrief.xml").write_text(debrief, encoding="utf-8")
    inputs = load_client_inputs(load_client(client, workspace))
    settings = worksheet_settings("letter")
    with pytest.raises(DeckError) as planned:
        plan_worksheets(inputs, settings)
    with pytest.raises(DeckError) as checked:
        check_worksheets(inputs, settings)
    assert checked.value.format() == planned.value.format()
    assert expected in planned.value.problem
    result = runner.invoke(main, ["check", "--client", str(client)])
    assert f"the worksheets would fail: {planned.value.problem}" in result.output
