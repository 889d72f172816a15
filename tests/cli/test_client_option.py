"""`--client` on build, check and worksheets: the client's decks, profile and paper, written to
output/<client>/; what cannot go with it said as a usage mistake."""

from __future__ import annotations

import pdfplumber
import pytest

from deckpress.cli import main
from deckpress.sizes import MM
from helpers import line_of


@pytest.fixture
def invoke(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)

    def invoke(*args: str):
        return runner.invoke(main, list(args))

    return invoke


def page_mm(path) -> tuple[float, float]:
    with pdfplumber.open(path) as pdf:
        return round(pdf.pages[0].width / MM, 1), round(pdf.pages[0].height / MM, 1)


def test_build_writes_the_clients_deck_on_their_profile_into_their_folder(invoke, workspace):
    result = invoke("build", "--client", "amara-okonkwo-lindqvist")
    assert result.exit_code == 0, result.output
    path = workspace / "output/amara-okonkwo-lindqvist/networking-home-a4.pdf"
    assert result.output == f"wrote {path.relative_to(workspace)} (26 cards, 6 pages, " \
                            "27 distinct faces)\n"
    assert page_mm(path) == (210, 297)


def test_a_client_with_two_decks_gets_both_or_the_one_named(invoke, workspace):
    result = invoke("build", "-c", "clients/li-wei.yaml")
    assert result.exit_code == 0, result.output
    assert [line.split()[1] for line in result.output.splitlines()] == [
        "output/li-wei/networking-home-letter.pdf", "output/li-wei/pocket-scripts-home-letter.pdf"]
    (workspace / "output/li-wei/networking-home-letter.pdf").unlink()
    result = invoke("build", "cards/pocket-scripts.yaml", "-c", "li-wei")
    assert result.exit_code == 0 and "pocket-scripts" in result.output
    assert not (workspace / "output/li-wei/networking-home-letter.pdf").exists()


def test_a_profile_on_the_command_line_wins_over_the_clients(invoke, workspace):
    result = invoke("build", "-c", "jordan-rivera", "--profile", "home-a4")
    assert result.exit_code == 0, result.output
    assert page_mm(workspace / "output/jordan-rivera/networking-home-a4.pdf") == (210, 297)


def test_check_and_worksheets_take_the_client(invoke, workspace):
    result = invoke("check", "-c", "amara-okonkwo-lindqvist")
    assert result.exit_code == 0 and "in 26 cards on profile 'home-a4'" in result.output
    result = invoke("worksheets", "-c", "amara-okonkwo-lindqvist")
    assert result.exit_code == 0, result.output
    sheets = workspace / "output/amara-okonkwo-lindqvist/networking-worksheets-a4.pdf"
    assert page_mm(sheets) == (210, 297)
    with pdfplumber.open(sheets) as pdf:
        assert "Amara Okonkwo-Lindqvist y Santos" in pdf.pages[0].extract_text()


@pytest.mark.parametrize(("args", "message"), [
    (["build"], "give a DECK, or a client with --client FILE"),
    (["build", "-c", "li-wei", "-b", "example"], "a client file names its brand; leave out"),
    (["build", "-c", "li-wei", "-o", "one.pdf"], "the client gets 2 decks, so -o cannot name"),
    (["worksheets", "-c", "li-wei", "-o", "one.pdf"], "the client gets 2 decks"),
    (["build", "-c", "jordan-rivra"], "did you mean 'jordan-rivera'?"),
], ids=["nothing", "brand-too", "one-output", "one-worksheet-output", "typo"])
def test_what_cannot_go_with_a_client_is_a_usage_mistake(invoke, workspace, args, message):
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert list((workspace / "output").iterdir()) == []


def test_a_deck_the_client_does_not_get_is_said_at_the_clients_decks(invoke, workspace):
    result = invoke("build", "cards/table-talk.yaml", "-c", "li-wei")
    assert result.exit_code == 1
    line = line_of(workspace / "clients/li-wei.yaml", "decks:")
    assert result.output == (
        f"error: clients/li-wei.yaml:{line}, field 'decks': client Li Wei does not get the "
        "deck table-talk\n  hint: their decks: networking, pocket-scripts; leave out the deck "
        "to build them all\n")


def test_a_failed_client_build_leaves_no_empty_folder(invoke, workspace):
    result = invoke("build", "-c", "sam-reyes", "--profile", "dtc")
    assert result.exit_code == 1 and "square" in result.output
    assert list((workspace / "output").iterdir()) == []


def test_a_roster_that_cannot_be_read_is_named_when_its_client_is_looked_for(invoke, workspace):
    (workspace / "clients/team.csv").write_text(
        "name,brand,deck,labels.counts_when\nRoster Person,example,networking,Hallo\n",
        encoding="utf-8")
    result = invoke("check", "--client", "roster-person")
    assert result.exit_code == 2
    assert "client 'roster-person' not found, and a roster in clients/ cannot be read: " \
           "unknown column 'labels.counts_when'" in result.output
    result = invoke("check", "--client", "clients/team.csv")
    assert result.exit_code == 1
    assert result.output.startswith("error: clients/team.csv, row 1, column "
                                    "'labels.counts_when': unknown column")


def test_a_clients_value_too_long_for_every_card_is_said_once_at_the_client_file(invoke,
                                                                                 workspace):
    long = ("Executive Leadership Transition and Career Reinvention Programme for Senior "
            "Managers and Directors in Financial Services 2027")
    (workspace / "clients" / "jp.yaml").write_text(
        f"brand: example\nname: Jo Park\nprogramme: {long}\ndecks:\n  - deck: networking\n",
        encoding="utf-8")
    result = invoke("check", "--client", "jp")
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    # the cards' backs print it: each layout's problem once, named at the client's line
    assert all(line.startswith("error: clients/jp.yaml:3, card '") for line in errors), errors
    assert all("field 'programme'" in line for line in errors)
    challenge = [line for line in errors if "the challenge card has no room" in line]
    assert len(challenge) == 1 and challenge[0].endswith("(and on 47 more cards)")
    assert "networking.yaml" not in result.output
