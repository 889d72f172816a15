"""Worksheets sized for a programme: the ladder climbs 8 to 15 rungs (the client's, or picked
evenly across the levels), the log has a block per card the client will do (or ten blank
ones), two to a page, the tracker dates its days from the client's start; each sheet and the
console say what was chosen."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from deckpress.cli import main
from deckpress.units import MM
from deckpress.worksheets.programme import shares, spread
from helpers import DECK, edit


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def sheet_pages(texts: list[str], title: str) -> list[str]:
    return [text for text in texts if text.strip().startswith(title)]


def run(runner, *arguments: str) -> str:
    result = runner.invoke(main, ["worksheets", *arguments])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_sample_client_prints_a_programme_not_a_page_per_card(runner, workspace):
    output = run(runner, "--client", str(workspace / "clients" / "jordan-rivera.yaml"))
    assert "ladder: the 9 rungs chosen; log: a block for each of the 9 rungs" in output
    pdf = workspace / "output" / "jordan-rivera" / "networking-worksheets-letter.pdf"
    texts = page_texts(pdf)
    assert len(texts) == 9
    ladder = sheet_pages(texts, "Fear ladder")
    assert len(ladder) == 1 and "9 rungs, chosen for you, in the order to climb them." in ladder[0]
    log = sheet_pages(texts, "Challenge log")
    assert len(log) == 5  # the introduction and a block, then two a page
    assert "9 blocks, one for each card you will try." in log[0]
    headings = re.findall(r"^([A-Z]{2}-\d\d) · ", "\n".join(log), re.MULTILINE)
    assert headings == ["WU-01", "WU-04", "IC-02", "ON-01", "CV-01", "CV-03", "RE-02", "IC-05",
                        "TA-01"]
    assert [len(re.findall(r"^[A-Z]{2}-\d\d · ", page, re.MULTILINE)) for page in log] == \
        [1, 2, 2, 2, 2]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_deck_without_a_client_gets_a_picked_ladder_and_ten_blank_blocks(runner, workspace,
                                                                           paper):
    out = workspace / "output" / "w.pdf"
    output = run(runner, str(workspace / DECK), "--paper", paper, "-o", str(out))
    assert ("ladder: 12 of 48 challenges, picked across the levels; log: 10 blank blocks"
            in output)
    texts = page_texts(out)
    ladder = " ".join(sheet_pages(texts, "Fear ladder"))
    assert "12 of the 48 challenges in your deck, picked evenly from the gentlest to the boldest." \
        in ladder
    rungs = re.findall(r"^ ?(\d+)\n([A-Z]{2}-\d\d)\n.* · (Warm|Stretch|Bold)$", ladder,
                       re.MULTILINE)
    assert [int(step) for step, _, _ in rungs] == list(range(1, 13))
    levels = Counter(level for _, _, level in rungs)
    assert levels == {"Warm": 5, "Stretch": 4, "Bold": 3}  # 20, 16 and 12 cards of 48
    order = ["Warm", "Stretch", "Bold"]
    assert [level for _, _, level in rungs] == sorted((level for _, _, level in rungs),
                                                     key=order.index)
    log = sheet_pages(texts, "Challenge log")
    # two blocks a page; on letter, the first page holds the introduction and one
    assert len(log) == {"letter": 6, "a4": 5}[paper]
    assert "Ask no. 10" in log[-1] and "Ask no. 11" not in " ".join(log)
    assert "write the code of the card you drew" in log[0]
    assert len(texts) == 1 + len(log) + 1 + 1 + 1


def test_a_small_deck_puts_every_challenge_on_the_ladder(runner, workspace):
    out = workspace / "output" / "w.pdf"
    output = run(runner, str(workspace / "cards" / "netzwerken.yaml"), "--kind", "ladder",
                 "-o", str(out))
    assert "ladder: all 15 challenges" in output and "log:" not in output
    text = page_texts(out)[0]
    assert "Alle 15 Aufgaben deines Sets, die leichteste zuerst." in text


def test_a_client_who_lists_cards_gets_a_block_for_each(runner, workspace):
    client = workspace / "clients" / "li-wei.yaml"
    out = workspace / "output" / "w.pdf"
    output = run(runner, str(workspace / DECK), "--client", str(client), "--kind", "log",
                 "-o", str(out))
    assert "log: a block for each of the 12 cards chosen" in output
    text = "\n".join(page_texts(out))
    assert re.findall(r"^([A-Z]{2}-\d\d) · ", text, re.MULTILINE) == [
        "WU-01", "WU-02", "WU-05", "IC-01", "IC-03", "ON-02", "ON-04", "CV-02", "CV-05", "RE-01",
        "TA-02", "TA-03"]  # the cards, not the seven rungs of the ladder; no HOW or HELLO


def test_blank_overrides_the_client_choice(runner, workspace):
    out = workspace / "output" / "w.pdf"
    output = run(runner, "--client", str(workspace / "clients" / "jordan-rivera.yaml"),
                 "--kind", "log", "--blank", "4", "-o", str(out))
    assert "log: 4 blank blocks" in output
    text = "\n".join(page_texts(out))
    assert "Ask no. 4" in text and "WU-01" not in text


def test_the_tracker_dates_its_days_from_the_start_or_leaves_lines_for_them(runner, workspace):
    dated, undated = workspace / "output" / "dated.pdf", workspace / "output" / "undated.pdf"
    run(runner, "--client", str(workspace / "clients" / "jordan-rivera.yaml"), "--kind",
        "tracker", "--fillable", "-o", str(dated))
    client = workspace / "clients" / "amara-okonkwo-lindqvist.yaml"
    edit(client, "start: 2027-02-01\n", "")
    run(runner, "--client", str(client), "--kind", "tracker", "--fillable", "-o", str(undated))
    text = page_texts(dated)[0]
    assert "Mon, Jan 11" in text and "Tue, Jan 12" in text and "Tue, Feb 9" in text
    fields = PdfReader(dated).get_fields()
    assert "tracker.day.1.date" not in fields and "tracker.start" not in fields
    fields = PdfReader(undated).get_fields()
    assert fields["tracker.day.1.date"]["/FT"] == "/Tx" and "tracker.day.30.date" in fields
    assert fields["tracker.start"]["/FT"] == "/Tx"


def test_the_header_title_is_typeset_like_the_cards(runner, workspace):
    client = workspace / "clients" / "jordan-rivera.yaml"
    client.write_text(client.read_text(encoding="utf-8") +
                      "labels:\n  log_title: Jordan's \"brave\" log\n", encoding="utf-8")
    out = workspace / "output" / "w.pdf"
    run(runner, "--client", str(client), "--kind", "log", "-o", str(out))
    assert page_texts(out)[0].startswith("Jordan’s “brave” log")


def test_fillable_and_printed_files_have_their_own_names(runner, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    printed = run(runner, DECK, "--kind", "debrief")
    fillable = run(runner, DECK, "--kind", "debrief", "--fillable")
    assert "wrote output/networking-worksheets-letter.pdf" in printed
    assert "wrote output/networking-worksheets-fillable-letter.pdf" in fillable
    assert not PdfReader(workspace / "output" / "networking-worksheets-letter.pdf").get_fields()
    assert PdfReader(workspace / "output" / "networking-worksheets-fillable-letter.pdf"
                     ).get_fields()


@pytest.mark.parametrize(("sizes", "total", "expected"), [
    ([20, 16, 12], 12, [5, 4, 3]),
    ([40, 1, 1], 12, [10, 1, 1]),  # every level at least one
    ([3, 30], 12, [1, 11]),
    ([2, 2, 2], 12, [2, 2, 2]),  # never more than a level holds
])
def test_shares_split_the_rungs_between_levels(sizes, total, expected):
    assert shares(sizes, total) == expected


def test_spread_picks_evenly_through_the_cards():
    assert spread(list(range(20)), 5) == [2, 6, 10, 14, 18]
    assert spread(list(range(3)), 3) == [0, 1, 2]


@pytest.mark.parametrize(("language", "order_said", "gentlest_said"), [
    ("en", "in the order your coach chose for you", "the gentlest at the top"),
    ("de", "in der Reihenfolge, die dein Coach für dich gewählt hat", "die leichteste ganz oben"),
])
def test_a_ladder_in_the_clients_own_order_does_not_claim_the_gentlest_is_at_the_top(
        runner, workspace, language, order_said, gentlest_said):
    client = workspace / "clients" / "jordan-rivera.yaml"
    edit(client, "paper: letter\n", f"paper: letter\nlanguage: {language}\n")
    out = workspace / "output" / "ladder.pdf"
    run(runner, "--client", str(client), "--kind", "ladder", "-o", str(out))
    text = " ".join(" ".join(page_texts(out)).split())
    assert order_said in text
    assert gentlest_said not in text


def test_a_ladder_picked_by_level_still_says_the_gentlest_is_at_the_top(runner, workspace):
    out = workspace / "output" / "ladder.pdf"
    run(runner, str(workspace / DECK), "--kind", "ladder", "-o", str(out))
    text = " ".join(" ".join(page_texts(out)).split())
    assert "the gentlest at the top" in text
    assert "your coach chose" not in text


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize(("language", "notes"), [("en", "Notes for my coach"),
                                                  ("de", "Notizen für meinen Coach")])
def test_no_log_page_is_left_half_empty(runner, workspace, paper, language, notes):
    """Where the next block does not fit (the first page on letter: the introduction and one
    block; the last page of an odd count on A4), ruled notes lines fill the room; a page that
    holds two blocks gets none."""
    client = workspace / "clients" / "jordan-rivera.yaml"
    edit(client, "paper: letter\n", f"paper: letter\nlanguage: {language}\n")
    out = workspace / "output" / "log.pdf"
    run(runner, "--client", str(client), "--kind", "log", "--paper", paper, "-o", str(out))
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            text = page.extract_text()
            blocks = len(re.findall(r"^[A-Z]{2}-\d\d · ", text, re.MULTILINE))
            assert (notes in text) == (blocks == 1), (paper, page.page_number, text)
            drawn = page.lines + page.curves + page.rects
            lowest = max(item["bottom"] for item in drawn if item["bottom"] < page.height - 27 * MM)
            assert page.height - 27 * MM - lowest < 30 * MM, (paper, page.page_number)
            gaps = sorted({round(line["top"], 1) for line in page.lines
                           if line["width"] > page.width / 2 and line["top"] > 40 * MM and
                           line["bottom"] < page.height - 27 * MM})
            assert all(b - a >= 8 * MM - 0.1 for a, b in pairwise(gaps))


def test_the_notes_that_fill_a_page_are_one_field_when_fillable(runner, workspace):
    client = workspace / "clients" / "jordan-rivera.yaml"
    out = workspace / "output" / "log.pdf"
    run(runner, "--client", str(client), "--kind", "log", "--fillable", "-o", str(out))
    fillable = next((workspace / "output").glob("log*fillable*.pdf"), out)
    fields = PdfReader(fillable).get_fields() or {}
    assert fields["log.WU-01.notes"]["/FT"] == "/Tx"  # the first page's room, on letter
    assert "log.WU-04.notes" not in fields  # IC-02 fits under it: no room to fill
