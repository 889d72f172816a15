"""The intro card holds up with real details: long names, long addresses and business names,
nothing below 7 pt, gaps closed where details are missing, and a note too long said at the
note's line in plain words."""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber
import pytest

from deckpress.cli import main
from helpers import edit, line_of

CLIENT = """brand: example
name: {name}
programme: {programme}
note: {note}
decks:
  - deck: networking
    cards: [HOW, HELLO, WU-01]
"""
NOTE = "Ana, one small ask a day. Asking is the win, whatever the answer."


@dataclass
class Front:
    """What pdfplumber read from a page, kept after the file is closed."""

    text: str
    words: list[dict]
    chars: list[dict]
    images: list[dict]


def intro_front(workspace, runner, monkeypatch, name="Ana Lima", programme="Spring",
                note=NOTE, brand_edits=()):
    """Build the client's three-card deck one card a page; the intro card's front as
    pdfplumber reads it, or None if the build failed."""
    monkeypatch.chdir(workspace)
    for old, new in brand_edits:
        edit(workspace / "brands/example.yaml", old, new)
    (workspace / "clients" / "ana.yaml").write_text(
        CLIENT.format(name=name, programme=programme, note=note), encoding="utf-8")
    result = runner.invoke(main, ["build", "--client", "ana", "--profile", "dtc",
                                  "-o", "output/ana.pdf"])
    if result.exit_code != 0:
        return result, None
    with pdfplumber.open(workspace / "output/ana.pdf") as pdf:
        page = pdf.pages[2]  # HOW front, HOW back, then the intro card's front
        return result, Front(page.extract_text(), page.extract_words(), page.chars, page.images)


def smallest_text(front: Front) -> float:
    return min(char["size"] for char in front.chars)


DETAILS = {
    "two-surnames": {"name": "María José Fernández-Castellanos de la Vega y Ortiz"},
    "one-long-word": {"name": "Anna Featherstonehaugh-Cholmondeley"},
    "long-programme": {"programme": "Leadership Visibility and Executive Presence Sprint 2027"},
    "long-email": {"brand_edits": [("email: maya@harborcoaching.example",
                                    "email: maya.okafor-rivera@harbor-careercoaching.example")]},
    "long-business": {"brand_edits": [("business: Harbor Career Coaching",
                                       "business: Harbor Career Coaching and Leadership "
                                       "Development Partners")]},
    "no-phone-link-or-logo": {"brand_edits": [('  phone: "+1 555 0100"\n', ""),
                                              ("booking_url: https://harborcoaching.example/book\n",
                                               ""), ("logo: logos/harbor.svg\n", "")]},
}


@pytest.mark.parametrize("details", list(DETAILS.values()), ids=list(DETAILS))
def test_real_details_fit_and_nothing_is_smaller_than_7_pt(workspace, runner, monkeypatch,
                                                         details):
    result, page = intro_front(workspace, runner, monkeypatch, **details)
    assert result.exit_code == 0, result.output
    text = page.text
    for word in details.get("name", "Ana Lima").split():
        assert word in text
    assert smallest_text(page) >= 7 - 1e-6


def test_a_long_email_address_breaks_before_its_at_sign(workspace, runner, monkeypatch):
    """Too long for its line beside the QR code: broken only before '@' and '.', so every
    piece reads as part of an address and nothing is lost."""
    _, page = intro_front(workspace, runner, monkeypatch, **DETAILS["long-email"])
    lines = page.text.splitlines()
    first = lines.index("maya.okafor-rivera")
    address = lines[first:first + 3]
    assert address == ["maya.okafor-rivera", "@harbor-careercoaching", ".example"]


def test_missing_details_leave_no_gap(workspace, runner, monkeypatch):
    _, full = intro_front(workspace, runner, monkeypatch)
    full_note_top = min(word["top"] for word in full.words if word["text"] == "Ana,")
    _, bare = intro_front(workspace, runner, monkeypatch, **DETAILS["no-phone-link-or-logo"])
    text = bare.text
    assert "Book your next session" not in text and "+1 555" not in text
    assert not bare.images and "Maya Okafor" in text
    coach_top = min(word["top"] for word in bare.words if word["text"] == "Maya")
    full_coach_top = min(word["top"] for word in full.words if word["text"] == "Maya")
    assert coach_top > full_coach_top  # the contact block shrinks towards the bottom
    assert min(word["top"] for word in bare.words if word["text"] == "Ana,") == \
        pytest.approx(full_note_top)


def test_a_note_too_long_is_said_at_its_line_in_plain_words(workspace, runner, monkeypatch):
    note = " ".join(["We talked about small, brave steps and about counting asks."] * 12)
    result, _ = intro_front(workspace, runner, monkeypatch, note=note)
    assert result.exit_code == 1
    client = workspace / "clients/ana.yaml"
    first, hint = result.output.strip().splitlines()
    assert first.startswith(f"error: clients/ana.yaml:{line_of(client, 'note:')}, card 'HELLO', "
                            "field 'note': the intro card has no room for all of the personal "
                            "note: about ")
    fit = int(first.split("about ")[1].split()[0])
    assert 30 < fit < 100 and first.endswith(f"of its {len(note.split())} words fit")
    assert hint == f"  hint: shorten it to about {fit} words; text on cards is never set " \
                   "smaller than 7 pt"
    assert "min-size" not in result.output and "layout" not in result.output
    assert not (workspace / "output/ana.pdf").exists()


def test_a_deck_without_a_client_gets_a_name_line_and_the_cards_own_text(workspace, runner,
                                                                        monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", "cards/networking.yaml", "--brand", "example",
                                  "--profile", "dtc", "-o", "output/plain.pdf"])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(workspace / "output/plain.pdf") as pdf:
        text = pdf.pages[2].extract_text()
    assert "THIS DECK BELONGS TO" in text and "This deck is yours" in text
