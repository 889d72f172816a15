"""The header and footer of the worksheets with real details: long names, programmes, business
names and disclaimers shrink, give way or wrap, and never run off the page; what cannot fit is
said at its line."""

from __future__ import annotations

import pdfplumber
import pytest

from deckpress.errors import DeckError
from deckpress.inputs import load_client_inputs
from deckpress.source.client import load_client
from deckpress.units import MM
from deckpress.worksheets import plan_worksheets, worksheet_settings
from deckpress.worksheets.margins import MARGIN, share_that_fits
from helpers import edit, line_of

CLIENT = """brand: northstar
name: {name}
programme: {programme}
decks: [networking]
"""
LONG_NAME = "Bartholomew Alexander Okonkwo-Featherstonehaugh de la Vega"
LONG_PROGRAMME = "Executive Presence and Visibility Intensive for Senior Leaders 2027"
DISCLAIMER = ("This is a long disclaimer about the limits of coaching, confidentiality and data "
              "protection, said plainly. ")


def first_page(workspace, name="Sam Reyes", programme="Team Conversations", disclaimer=""):
    """Page 1 of the client's ladder, as pdfplumber reads it: (size, text, chars)."""
    if disclaimer:
        edit(workspace / "brands/northstar.yaml", "disclaimer: >-\n",
             f"disclaimer: >-\n  {disclaimer}\n")
    path = workspace / "clients/long.yaml"
    path.write_text(CLIENT.format(name=name, programme=programme), encoding="utf-8")
    inputs = load_client_inputs(load_client(path, workspace))
    out = workspace / "output/sheets.pdf"
    plan_worksheets(inputs, worksheet_settings("letter", ["ladder"])).write(out)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        return (page.width, page.height), page.extract_text(), page.chars


@pytest.mark.parametrize(("name", "programme", "disclaimer"), [
    ("Sam Reyes", "Team Conversations", ""),
    (LONG_NAME, LONG_PROGRAMME, ""),
    ("Sam Reyes", "Team Conversations", DISCLAIMER),
], ids=["short", "long-name-and-programme", "two-line-disclaimer"])
def test_every_header_and_footer_character_is_on_the_page_and_readable(workspace, name, programme,
                                                                       disclaimer):
    (width, _), text, chars = first_page(workspace, name, programme, disclaimer)
    assert all(char["x0"] >= MARGIN - 0.5 and char["x1"] <= width - MARGIN + 0.5
               for char in chars)
    assert min(char["size"] for char in chars) >= 7 - 1e-6
    flat = " ".join(text.split())
    assert f"{name} · {programme}" in flat
    assert "Dr. Imogen Albrecht-Villanueva · Northstar Leadership" in flat
    assert "please talk to a licensed professional." in flat  # the disclaimer's end


def test_the_deck_title_gives_way_before_the_clients_name_shrinks_below_readable(workspace):
    _, short, _ = first_page(workspace)
    assert "Brave Asks" in short.splitlines()[1]
    _, long, _ = first_page(workspace, LONG_NAME, LONG_PROGRAMME)
    assert "Brave Asks" not in long.splitlines()[1]


def test_a_programme_too_long_for_the_header_is_said_at_its_line(workspace):
    with pytest.raises(DeckError) as caught:
        first_page(workspace, LONG_NAME, LONG_PROGRAMME + " and Their Teams Across Europe")
    message = caught.value.format()
    line = line_of(workspace / "clients/long.yaml", "programme:")
    assert f"long.yaml:{line}, field 'programme': the client's name and programme are too long " \
           "for one line of the worksheets' header" in message
    assert "hint: shorten it" in message


def test_a_disclaimer_too_long_for_two_lines_is_said_at_its_line(workspace):
    with pytest.raises(DeckError) as caught:
        first_page(workspace, disclaimer=DISCLAIMER * 4)
    message = caught.value.format()
    line = line_of(workspace / "brands/northstar.yaml", "disclaimer:")
    assert f"northstar.yaml:{line}, field 'disclaimer': the worksheets' footer has room for 2 " \
           "lines of disclaimer: about " in message
    assert "text on the worksheets is never set smaller than 7 pt" in message


def test_the_footer_keeps_its_place_above_the_bottom_margin(workspace):
    (_, height), _, chars = first_page(workspace, disclaimer=DISCLAIMER)
    assert max(char["bottom"] for char in chars) <= height - 10 * MM


def test_a_programme_one_letter_too_long_never_reads_as_fitting_entirely(workspace):
    """Text that does not fit is never said to fit '100%': the share is floored, at most 99."""
    programme = LONG_PROGRAMME
    for _ in range(60):  # a letter at a time, until the header cannot hold it
        programme += "x"
        try:
            first_page(workspace, LONG_NAME, programme)
        except DeckError as error:
            message = error.format()
            break
    else:
        pytest.fail("the header never ran out of room")
    share = int(message.split("(about ")[1].split("%")[0])
    assert 90 <= share <= 99, message
    assert "100%" not in message


@pytest.mark.parametrize(("share", "said"), [(0.996, 99), (1.0, 99), (0.5, 50), (0.129, 12),
                                             (0.0, 0)])
def test_the_share_that_fits_is_floored_and_below_a_hundred(share, said):
    assert share_that_fits(share) == said
