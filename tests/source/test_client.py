"""Client files: what is personal, read and checked; the cards a client gets; and every mistake
said once with its file, line, field and a hint."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from deckpress.errors import DeckError
from deckpress.source.client import choose_cards, folder_name_problem, load_client, slug_of
from deckpress.source.deck import load_deck
from helpers import ROOT, line_of

HEAD = "brand: example\nname: Ada Byron\n"


def client_file(workspace: Path, text: str, name: str = "ada.yaml") -> Path:
    path = workspace / "clients" / name
    path.write_text(text, encoding="utf-8")
    return path


def cards_of(workspace: Path, text: str, index: int = 0) -> list[str]:
    client = load_client(client_file(workspace, text), workspace)
    deck = choose_cards(load_deck(client.deck_paths[index]), client, index)
    return [card.id for card in deck.cards]


def test_a_client_file_holds_what_is_personal():
    client = load_client(ROOT / "clients/jordan-rivera.yaml", ROOT)
    assert client.slug == "jordan-rivera"
    assert client.brand_path == ROOT / "brands/example.yaml"
    assert client.deck_paths == (ROOT / "cards/networking.yaml",)
    details = client.details
    assert (details.name, details.programme) == ("Jordan Rivera", "30 Brave Asks")
    assert details.start == datetime.date(2027, 1, 11)
    assert details.note.startswith("Jordan, these cards") and not details.note.endswith("\n")
    assert client.profile_name == "home-letter"


@pytest.mark.parametrize(("paper", "profile"), [("a4", "home-a4"), ("A4", "home-a4"),
                                                ("letter", "home-letter"),
                                                ("210x297mm", "home-letter")])
def test_the_profile_follows_the_paper_unless_named(workspace, paper, profile):
    client = load_client(client_file(workspace, HEAD + f"decks: [networking]\npaper: {paper}\n"),
                         workspace)
    assert client.profile_name == profile


def test_program_is_a_name_for_programme(workspace):
    client = load_client(client_file(workspace, HEAD + "program: Spring\ndecks: [networking]\n"),
                         workspace)
    assert client.details.programme == "Spring"


def test_only_the_levels_chosen_and_the_cards_without_a_level(workspace):
    deck = load_deck(ROOT / "cards/networking.yaml")
    bold = [card.id for card in deck.cards if card.level in (None, "bold")]
    assert cards_of(workspace, HEAD + "decks:\n  - deck: networking\n    levels: [bold]\n") == \
        bold
    assert len(bold) == 2 + 12


@pytest.mark.parametrize(("choice", "expected"), [
    ("categories: [the-ask]\n    levels: [warm]", ["HOW", "HELLO", "TA-01", "TA-02"]),
    ("cards: [TA-01, HELLO, WU-01]", ["TA-01", "HELLO", "WU-01"]),
    ("categories: [warm-up]\n    leave_out: [HOW, WU-01, WU-02]",
     ["HELLO", "WU-03", "WU-04", "WU-05"]),
])
def test_a_choice_of_cards(workspace, choice, expected):
    chosen = cards_of(workspace, HEAD + f"decks:\n  - deck: networking\n    {choice}\n")
    assert chosen[:len(expected)] == expected


def test_cards_without_a_category_or_level_stay_and_come_first_in_level_order(workspace):
    chosen = cards_of(workspace, HEAD + "decks:\n  - deck: networking\n    order: level\n")
    deck = load_deck(ROOT / "cards/networking.yaml")
    level_of = {card.id: card.level for card in deck.cards}
    assert chosen[:2] == ["HOW", "HELLO"]
    levels = [level_of[card] for card in chosen[2:]]
    assert levels == sorted(levels, key=["warm", "stretch", "bold"].index)
    assert len(chosen) == 50


def test_the_clients_own_cards_come_last_and_errors_name_the_client_file(workspace):
    text = HEAD + ("decks:\n  - deck: networking\n    cards: [WU-01]\n    extra:\n"
                   "      - {id: AB-01, title: Mine, text: My own ask, category: the-ask, "
                   "level: bold, steps: [one]}\n")
    client = load_client(client_file(workspace, text), workspace)
    deck = choose_cards(load_deck(client.deck_paths[0]), client, 0)
    assert [card.id for card in deck.cards] == ["WU-01", "AB-01"]
    assert deck.cards[1].extra == {"steps": ["one"]}
    networking = workspace / "cards/networking.yaml"
    assert deck.card_where(0).describe() == \
        f"{networking}:{line_of(networking, 'id: WU-01')}, card 'WU-01'"
    assert deck.card_where(1, "text").describe() == \
        f"{client.path}:{line_of(client.path, 'AB-01')}, card 'AB-01', field 'text'"


@pytest.mark.parametrize(("name", "slug"), [
    ("Zoë Ortega-Díaz", "zoe-ortega-diaz"),
    ("Jürgen Weiß", "jurgen-weiss"),
    ("Søren Ærø", "soren-aero"),
    ("Łukasz Żółć", "lukasz-zolc"),
    ("Αικατερίνη Παπαδοπούλου", "αικατερίνη-παπαδοπούλου"),  # other scripts stay as they are
    ("Екатерина Смирнова", "екатерина-смирнова"),
    ("李 Wei", "李-wei"),
    ("Dr. Anne-Marie  O'Neil", "dr-anne-marie-o-neil"),
    ("***", "client"),
])
def test_the_slug_of_a_name_is_a_folder_name_that_keeps_every_letter(name, slug):
    assert slug_of(name) == slug
    assert folder_name_problem(slug) is None


@pytest.mark.parametrize(("name", "problem"), [
    ("..", "may not start with '.'"), (".", "may not start with '.'"),
    (".deckpress", "may not start with '.'"), ("a/b", "only letters, digits"),
    ("../../etc", "may not start with '.'"), ("/tmp/x", "only letters, digits"),
    ("CON", "Windows keeps for a device"), ("aux.txt", "Windows keeps"), ("", "1 to 80"),
    ("x" * 81, "1 to 80"),
])
def test_a_folder_name_that_would_leave_output_or_break_a_system_is_refused(name, problem):
    assert problem in (folder_name_problem(name) or "")


MISTAKES = [
    ("unknown-brand", "brand: exampel\nname: Ada\ndecks: [networking]\n", "brand: exampel",
     "brand 'exampel' not found", "did you mean 'example'?"),
    ("unknown-deck", HEAD + "decks: [netwrking]\n", "decks: [netwrking]",
     "deck 'netwrking' not found", "did you mean 'networking'?"),
    ("unknown-card", HEAD + "decks:\n  - deck: networking\n    cards: [WU-01, WU-77]\n",
     "cards: [WU-01", "unknown card 'WU-77'", "did you mean 'WU-07'?"),
    ("unknown-left-out", HEAD + "decks:\n  - deck: networking\n    leave_out: [HLLO]\n",
     "leave_out:", "unknown card 'HLLO'", "did you mean 'HELLO'?"),
    ("unknown-category", HEAD + "decks:\n  - deck: networking\n    categories: [rooms, onlin]\n",
     "categories:", "unknown category 'onlin'", "did you mean 'online'?"),
    ("unknown-level", HEAD + "decks:\n  - deck: networking\n    levels: [hot]\n", "levels:",
     "unknown level 'hot'", "expected one of: bold, stretch, warm"),
    ("leaves-no-cards", HEAD + "decks:\n  - deck: networking\n    cards: []\n", "- deck:",
     "leaves no cards", "choose fewer"),
    ("leaves-only-intro", HEAD + "decks:\n  - deck: networking\n    cards: [HOW, HELLO]\n",
     "- deck:", "leaves only cards without a category or level", "check the categories"),
    ("extra-unknown-key", HEAD + "decks:\n  - deck: networking\n    extra:\n      - {id: X-1, "
     "title: t, text: x, tipp: y}\n", "tipp", "unknown key 'tipp'", "did you mean 'tip'?"),
    ("extra-id-taken", HEAD + "decks:\n  - deck: networking\n    extra:\n      - {id: WU-01, "
     "title: t, text: x}\n", "id: WU-01", "the card id 'WU-01' is already in the deck",
     "ids of their own"),
    ("extra-unknown-level", HEAD + "decks:\n  - deck: networking\n    extra:\n      - {id: X-1, "
     "title: t, text: x, level: boldest}\n", "boldest", "unknown level 'boldest'",
     "did you mean 'bold'?"),
    ("bad-date", HEAD + "start: 2027-13-01\ndecks: [networking]\n", "start:",
     "'2027-13-01' is not a date; write it as YYYY-MM-DD", None),
    ("misspelt-key", HEAD + "nmae: x\ndecks: [networking]\n", "nmae",
     "unknown key 'nmae'", "did you mean 'name'?"),
    ("no-decks", HEAD + "decks: []\n", "decks: []", "'decks' needs at least one entry", None),
    ("no-name", "brand: example\ndecks: [networking]\n", "brand:",
     "missing required field 'name'", "add 'name: ...' here"),
    ("ladder-with-two-decks", HEAD + "decks: [networking, table-talk]\nladder: [WU-01]\n",
     "ladder:", "with several decks, give each its own ladder", "list the card ids under"),
    ("same-deck-twice", HEAD + "decks: [networking, {deck: networking, levels: [bold]}]\n",
     "decks:", "the deck networking is chosen twice", "choose its cards in one entry"),
    ("unknown-paper", HEAD + "decks: [networking]\npaper: tabloidish\n", "paper:",
     "unknown paper 'tabloidish'", None),
]


@pytest.mark.parametrize(("text", "at", "problem", "hint"), [case[1:] for case in MISTAKES],
                         ids=[case[0] for case in MISTAKES])
def test_a_mistake_in_a_client_file_is_one_message_at_its_line(workspace, text, at, problem,
                                                                hint):
    path = client_file(workspace, text)
    with pytest.raises(DeckError) as caught:
        client = load_client(path, workspace)
        choose_cards(load_deck(client.deck_paths[0]), client, 0)
    error = caught.value
    assert problem in error.problem
    assert error.where.describe().startswith(f"{path}:{line_of(path, at)}")
    if hint is not None:
        assert hint in (error.hint or "")


def test_a_client_file_that_is_not_utf8_names_the_byte(workspace):
    path = workspace / "clients" / "latin.yaml"
    path.write_bytes("brand: example\nname: Zo\xeb\ndecks: [networking]\n".encode("latin-1"))
    with pytest.raises(DeckError) as caught:
        load_client(path, workspace)
    assert caught.value.problem == "client file is not UTF-8 text (byte 23)"
    assert caught.value.hint == "save the file as UTF-8"


def test_a_key_left_blank_is_an_empty_value(workspace):
    text = HEAD + "programme:\ngoal:\nnote:\ndecks: [networking]\n"
    client = load_client(client_file(workspace, text), workspace).client
    assert (client.programme, client.goal, client.note) == ("", "", "")
