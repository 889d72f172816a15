"""`language:` in a brand, deck or client file: the built-in words in that language, every
label translated into every language, and a mistyped language said at its line."""

from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest
import yaml

from deckpress.cli import main
from deckpress.errors import DeckError
from deckpress.inputs import load_client_inputs
from deckpress.source.brand import load_brand
from deckpress.source.client import load_client
from deckpress.source.deck import load_deck
from deckpress.source.labels import (
    DEFAULT_LANGUAGE,
    label_defaults,
    labels_for,
    language_for,
    language_labels,
    languages,
    placeholders,
)
from deckpress.source.roster import load_roster
from helpers import edit, line_of

TRANSLATED = [code for code in languages() if code != DEFAULT_LANGUAGE]


def test_the_languages_the_issue_asks_for_are_there():
    assert set(languages()) >= {"en", "de", "fr", "es", "pt", "pl"}


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_label_is_in_every_language_with_its_placeholders(code):
    """A key missing, left over, empty, with other placeholders or with a character its label
    may not hold is caught here, not on a client's sheet."""
    folder = resources.files("deckpress").joinpath("data/labels")
    written = yaml.safe_load(folder.joinpath(f"{code}.yaml").read_text("utf-8"))
    defaults = label_defaults()
    assert list(written) == list(defaults), "same keys, in the order of data/labels.yaml"
    for key, text in written.items():
        assert isinstance(text, str) and text.strip(), f"{code}: {key} is empty"
        assert Counter(placeholders(text)) == Counter(defaults[key].placeholders), (code, key)
        assert not set(defaults[key].without) & set(text), (code, key)
        text.format(**{name: 1 for name in defaults[key].placeholders})  # a braced mistake


def test_every_language_file_is_listed():
    folder = resources.files("deckpress").joinpath("data/labels")
    files = {entry.name.removesuffix(".yaml") for entry in folder.iterdir()
             if entry.name.endswith(".yaml")}
    assert files == set(TRANSLATED)


def test_a_german_deck_prints_german_labels(workspace):
    deck = load_deck(workspace / "cards" / "netzwerken.yaml")
    brand = load_brand(workspace / "brands" / "example.yaml")
    assert language_for(deck, brand, None) == "de"
    labels = labels_for(deck, brand, None)
    assert labels.texts["counts_when"] == "Zählt, wenn:"
    assert labels.fill("level", label="Leicht", number=1, count=3) == "Leicht · Stufe 1 von 3"
    assert labels.where("counts_when") is None  # a built-in word, not set in a file


def test_a_label_set_in_a_file_wins_over_the_languages_own(workspace):
    deck_file = workspace / "cards" / "netzwerken.yaml"
    edit(deck_file, "language: de\n", 'language: de\nlabels:\n  counts_when: "Geschafft, wenn:"\n')
    deck = load_deck(deck_file)
    labels = labels_for(deck, load_brand(None), None)
    assert labels.texts["counts_when"] == "Geschafft, wenn:"
    assert labels.texts["ladder_title"] == "Angstleiter"


def test_the_client_wins_over_the_deck_and_the_deck_over_the_brand(workspace):
    brand_file = workspace / "brands" / "example.yaml"
    brand_file.write_text(brand_file.read_text("utf-8") + "language: fr\n", encoding="utf-8")
    brand = load_brand(brand_file)
    english = load_deck(workspace / "cards" / "networking.yaml")
    german = load_deck(workspace / "cards" / "netzwerken.yaml")
    assert language_for(english, brand, None) == "fr"  # the deck does not say: the brand's
    assert language_for(german, brand, None) == "de"
    assert language_for(english, load_brand(None), None) == "en"
    client_file = workspace / "clients" / "ana.yaml"
    client_file.write_text("brand: example\nname: Ana Lima\nlanguage: pt\n"
                           "decks: [netzwerken]\n", encoding="utf-8")
    inputs = load_client_inputs(load_client(client_file, workspace))
    assert inputs.language == "pt"
    assert inputs.labels.texts["ladder_title"] == "Escada do medo"


@pytest.mark.parametrize(("written", "guess"), [
    ("German", "de"), ("deutsch", "de"), ("DE", "de"), ("fr-FR", "fr"), ("pt_BR", "pt"),
    ("esp", "es"), ("xx", None)])
def test_an_unknown_language_is_said_at_its_line_with_the_nearest(workspace, runner,
                                                                  monkeypatch, written, guess):
    monkeypatch.chdir(workspace)
    deck_file = workspace / "cards" / "netzwerken.yaml"
    edit(deck_file, "\nlanguage: de\n", f"\nlanguage: {written}\n")
    result = runner.invoke(main, ["check", "cards/netzwerken.yaml"])
    assert result.exit_code == 1
    line = line_of(deck_file, f"language: {written}", after="layout: challenge")
    assert f"cards/netzwerken.yaml:{line}, field 'language': unknown language '{written}'" \
        in result.output
    assert (f"did you mean '{guess}'?" in result.output) == (guess is not None)
    assert "de (German), fr (French), es (Spanish), pt (Portuguese), pl (Polish)" \
        in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["deck", "brand", "client"])
@pytest.mark.parametrize("written", ["language:", "language: ~", 'language: ""'])
def test_an_empty_language_is_said_at_its_line_not_taken_as_the_default(
        workspace, runner, monkeypatch, kind, written):
    """`language:` with nothing after it means a language was meant: the line is named and the
    languages listed, as for a mistyped one (a roster's empty cell is a value left out)."""
    monkeypatch.chdir(workspace)
    files = {"deck": workspace / "cards" / "networking.yaml",
             "brand": workspace / "brands" / "example.yaml",
             "client": workspace / "clients" / "jordan-rivera.yaml"}
    changed = files[kind]
    changed.write_text(changed.read_text("utf-8") + f"{written}\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "--client", "jordan-rivera"])
    assert result.exit_code == 1, result.output
    line = len(changed.read_text("utf-8").splitlines())
    shown = changed.relative_to(workspace).as_posix()
    assert f"{shown}:{line}, field 'language':" in result.output
    assert "empty" in result.output or "unknown language ''" in result.output
    assert "en (English), de (German), fr (French), es (Spanish), pt (Portuguese), pl (Polish)" \
        in result.output
    assert result.output.count("error:") == 1 and "Traceback" not in result.output


def test_an_unknown_language_in_a_client_file_names_the_client_file(workspace, runner,
                                                                    monkeypatch):
    monkeypatch.chdir(workspace)
    client_file = workspace / "clients" / "ana.yaml"
    client_file.write_text("brand: example\nname: Ana Lima\ndecks: [networking]\n"
                           "language: portugese\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "--client", "ana"])
    assert result.exit_code == 1
    assert "clients/ana.yaml:4, field 'language': unknown language 'portugese'" in result.output
    assert "did you mean 'pt'?" in result.output


def test_a_roster_row_chooses_its_language(workspace):
    roster = workspace / "clients" / "group.csv"
    roster.write_text("name,brand,deck,language\nAna Lima,example,networking,es\n"
                      "Ben Roth,example,networking,\n", encoding="utf-8")
    clients = load_roster(roster, workspace)
    languages_chosen = [load_client_inputs(client).language for client in clients]
    assert languages_chosen == ["es", "en"]


def test_a_wrong_language_in_a_roster_is_said_at_its_cell(workspace):
    roster = workspace / "clients" / "group.csv"
    roster.write_text("name,brand,deck,language\nAna Lima,example,networking,spanish\n",
                      encoding="utf-8")
    with pytest.raises(DeckError) as raised:
        load_roster(roster, workspace)
    assert "row 2, column 'language'" in str(raised.value)
    assert raised.value.hint is not None and "did you mean 'es'?" in raised.value.hint


def test_the_languages_own_labels_are_plain_tables():
    assert language_labels("en")["counts_when"] == label_defaults()["counts_when"].text
