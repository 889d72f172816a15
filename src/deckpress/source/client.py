"""Client files: one per client, naming the coach's brand and holding only what is personal
(name, programme, goal, note, start date, which decks and cards, ladder, paper and profile).

The same details can come from a row of a roster spreadsheet (roster.py); both give a
`LoadedClient`, whose every value knows the file and line (or row and column) it came from.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BeforeValidator, Field

from ..errors import DeckError, Where, did_you_mean, real_path
from ..sizes import PaperError, sheet_paper
from ..units import shown
from .deck import LoadedDeck
from .models import (
    CARD_KEYS,
    LANGUAGE_HELP,
    THEME_HELP,
    Card,
    CardData,
    ChosenLanguage,
    Labels,
    Str,
    Strict,
    Text,
    ThemeName,
)
from .validation import CLIENT_FILE, validate
from .workspace import find_brand, find_deck
from .yamlsource import read_yaml, source_text


def _deck_entry(value: Any) -> Any:
    """`- networking` is short for `- deck: networking`."""
    return {"deck": value} if isinstance(value, str) else value


def _date(value: Any) -> Any:
    """A start date as YAML reads it (a date) or as written (`2027-01-11`)."""
    if isinstance(value, datetime.date):
        return value
    text = str(source_text(value)).strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{shown(text)}' is not a date; write it as YYYY-MM-DD, e.g. "
                         "2027-01-11") from None


class DeckChoice(Strict):
    """One deck a client gets, and which of its cards."""

    deck: Str = Field(min_length=1)  # a name in cards/ or a path relative to the client file
    cards: list[Str] | None = None  # exactly these cards, in this order
    categories: list[Str] = Field(default_factory=list)  # only challenges of these
    levels: list[Str] = Field(default_factory=list)
    leave_out: list[Str] = Field(default_factory=list)
    order: Literal["deck", "level"] = "deck"  # level: gentlest first
    extra: list[Card] = Field(default_factory=list)  # the client's own cards, at the end
    programme: Str | None = None  # printed on this deck's backs instead of the client's
    ladder: list[Str] | None = None  # this deck's fear ladder, card ids in order


def _blank(value: Any) -> Any:
    """`note:` with nothing after it is an empty note, as `note: ""` is."""
    return "" if value is None else value


class ClientFile(Strict):
    brand: Str = Field(min_length=1)
    name: Text
    programme: Annotated[Str, BeforeValidator(_blank)] = Field(
        "", validation_alias=AliasChoices("programme", "program"))
    goal: Annotated[Str, BeforeValidator(_blank)] = ""
    note: Annotated[Str, BeforeValidator(_blank)] = ""
    start: Annotated[datetime.date | None, BeforeValidator(_date)] = None
    decks: list[Annotated[DeckChoice, BeforeValidator(_deck_entry)]] = Field(min_length=1)
    ladder: list[Str] = Field(default_factory=list)  # with one deck: its fear ladder
    paper: Str = "letter"
    profile: Str | None = None  # default: home-a4 on A4 paper, else home-letter
    labels: Labels = Field(default_factory=Labels)  # printed words, over the deck's
    language: ChosenLanguage = Field(None, description=LANGUAGE_HELP)  # over the deck's
    theme: ThemeName | None = Field(None, description=THEME_HELP)  # over the brand's


@dataclass(frozen=True)
class ClientDetails:
    """Who a deck is for, as layouts and worksheets print it. From a client file, or from the
    client block of a brand file written before client files existed."""

    name: str = ""
    programme: str = ""
    goal: str = ""
    note: str = ""
    start: datetime.date | None = None

    def context(self) -> dict[str, Any]:
        return {"name": self.name, "programme": self.programme, "program": self.programme,
                "goal": self.goal, "note": self.note,
                "start": self.start.isoformat() if self.start else None}


Locate = Callable[..., Where]  # where a value of the client came from: locate("decks", 0, ...)


@dataclass(frozen=True)
class LoadedClient:
    client: ClientFile
    path: Path  # the client file, or the roster it is a row of
    slug: str  # its output folder's name
    brand_path: Path
    deck_paths: tuple[Path, ...]  # one per deck choice
    locate: Locate = field(repr=False)

    @property
    def details(self) -> ClientDetails:
        client = self.client
        return ClientDetails(client.name, client.programme, client.goal, client.note.strip(),
                             client.start)

    def where(self, *location: str | int) -> Where:
        return self.locate(*location)

    def ladder(self, index: int) -> tuple[list[str], tuple[str | int, ...]]:
        """The fear ladder of the client's `index`th deck, and where it was written."""
        own = self.client.decks[index].ladder
        if own is not None:
            return own, ("decks", index, "ladder")
        return self.client.ladder, ("ladder",)

    @property
    def profile_name(self) -> str:
        if self.client.profile:
            return self.client.profile
        return "home-a4" if self.client.paper.strip().lower() == "a4" else "home-letter"


# Latin letters that do not decompose into a base letter and an accent
_LATIN = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
          "ı": "i", "ŋ": "n", "ħ": "h"}
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
             *(f"lpt{n}" for n in range(1, 10))}  # names Windows will not give a folder
MAX_SLUG = 80


def slug_of(text: str) -> str:
    """A folder name from a client's name: Latin letters without their accents (`Zoë
    Ortega-Díaz` → `zoe-ortega-diaz`, `Jürgen Weiß` → `jurgen-weiss`), letters of other
    scripts as they are (`Αικατερίνη` → `αικατερίνη`), anything else a hyphen."""
    out = []
    for char in unicodedata.normalize("NFKC", text).lower():
        base = "".join(part for part in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(part))
        if base.isascii() and base.isalnum():
            out.append(base)
        elif char in _LATIN:
            out.append(_LATIN[char])
        elif char.isalnum():
            out.append(char)
        else:
            out.append("-")
    slug = re.sub("-+", "-", "".join(out)).strip("-")[:MAX_SLUG].strip("-")
    return slug or "client"


def folder_name_problem(name: str) -> str | None:
    """What keeps `name` from being a client's output folder (one plain name inside output/,
    on every system), if anything."""
    if not name or len(name) > MAX_SLUG:
        return f"a folder name must have 1 to {MAX_SLUG} characters"
    if name.startswith((".", "-")):
        return "a folder name may not start with '.' or '-'"
    if not all(char.isalnum() or char in "-_." for char in name):
        return "a folder name holds only letters, digits, '-', '_' and '.'"
    if name.split(".")[0].lower() in _RESERVED:
        return f"'{name}' is a name Windows keeps for a device"
    return None


def load_client(path: Path, workspace: Path) -> LoadedClient:
    """A client file, its brand and decks found (in the workspace or beside the file)."""
    source = read_yaml(path, "client file", CLIENT_FILE.docs)
    client = validate(source, ClientFile, CLIENT_FILE)

    def locate(*location: str | int) -> Where:
        return source.where(location, None, ".".join(map(str, location)) or None)

    problem = folder_name_problem(path.stem)
    if problem:
        raise DeckError(f"the file name '{shown(path.stem)}' cannot name the client's output "
                        f"folder: {problem}", Where(path),
                        f"rename the file, e.g. {slug_of(client.name)}{path.suffix}")
    return resolve_client(client, path, path.stem, workspace, locate)


def resolve_client(client: ClientFile, path: Path, slug: str, workspace: Path,
                   locate: Locate) -> LoadedClient:
    """The brand and deck files a client names, each found or refused at its line; the paper
    checked too, so that `check` finds what a batch would stop on."""
    try:
        sheet_paper(client.paper, "the worksheets")
    except PaperError as error:
        raise DeckError(error.problem, locate("paper"), error.hint) from None
    if client.ladder and len(client.decks) > 1:
        raise DeckError("with several decks, give each its own ladder", locate("ladder"),
                        "list the card ids under the deck, e.g. decks: [{deck: networking, "
                        "ladder: [WU-01]}]")
    try:
        brand = find_brand(client.brand, workspace, path.parent)
    except DeckError as error:
        raise DeckError(error.problem, locate("brand"), error.hint) from None
    decks: list[Path] = []
    for index, choice in enumerate(client.decks):
        try:
            deck = find_deck(choice.deck, workspace, path.parent)
        except DeckError as error:
            raise DeckError(error.problem, locate("decks", index, "deck"), error.hint) from None
        if any(real_path(deck) == real_path(other) for other in decks):
            raise DeckError(f"the deck {deck.stem} is chosen twice: both would be written to "
                            "the same file", locate("decks", index, "deck"),
                            "choose its cards in one entry (cards, categories, levels and extra "
                            "together)")
        decks.append(deck)
    return LoadedClient(client, path, slug, brand, tuple(decks), locate)


def check_names(clients: list[LoadedClient]) -> None:
    """Two clients may not write the same output folder."""
    seen: dict[str, LoadedClient] = {}
    for one in clients:
        other = seen.get(one.slug)
        if other is not None:
            raise DeckError(
                f"two clients would write the same output folder output/{one.slug}/ "
                f"({other.where().describe() or other.path})", one.where(),
                "give one of them another file name (or, in a roster, another name or an "
                "'id' column)")
        seen[one.slug] = one


def unknown(what: str, value: str, choices: list[str], where: Where) -> DeckError:
    return DeckError(f"unknown {what} '{shown(value)}'", where,
                     did_you_mean(value, choices) or f"use the {what}s of the deck")


def choose_cards(deck: LoadedDeck, client: LoadedClient, index: int) -> LoadedDeck:
    """The deck as the client gets it: the chosen cards, in the chosen order, and the client's
    own cards at the end; every card still named at the line it was written."""
    choice = client.client.decks[index]

    def at(*location: str | int) -> Where:
        return client.where("decks", index, *location)

    picked = _picked(deck, choice, at)
    extra = _extra_cards(deck, choice, at)
    if not picked and not extra:
        raise DeckError(f"the choice of cards from {deck.source.path.name} leaves no cards",
                        at(), "choose fewer categories or levels to leave out, or list cards")
    challenges = [i for i in picked if deck.cards[i].category or deck.cards[i].level]
    if not challenges and not extra and any(c.category or c.level for c in deck.cards):
        raise DeckError(f"the choice of cards from {deck.source.path.name} leaves only cards "
                        "without a category or level (such as how to play)", at(),
                        "check the categories and levels chosen")
    cards = tuple(deck.cards[i] for i in picked) + tuple(card for card, _ in extra)
    first_extra = len(picked)

    def origin(position: int, field_name: str | None) -> Where:
        if position < first_extra:
            original = picked[position]
            return deck.file_card_where(original, deck.cards[original].id, field_name)
        number = extra[position - first_extra][1]
        where = at("extra", number, *([field_name] if field_name else []))
        return replace(where, card=cards[position].id, field=field_name)

    return replace(deck, cards=cards, origin=origin)


def _picked(deck: LoadedDeck, choice: DeckChoice, at: Callable[..., Where]) -> list[int]:
    """Indexes of the deck's cards the choice keeps, in its order."""
    positions = {card.id: number for number, card in enumerate(deck.cards)}
    levels = {level.id: number for number, level in enumerate(deck.settings.levels, 1)}
    card_ids = [*positions, *sorted(deck.left_out)]  # a card left out for a problem is known
    for key, wanted, known, what in (
            ("categories", choice.categories, list(deck.settings.categories), "category"),
            ("levels", choice.levels, list(levels), "level"),
            ("cards", choice.cards or [], card_ids, "card"),
            ("leave_out", choice.leave_out, card_ids, "card")):
        for number, value in enumerate(wanted):
            if value not in known:
                raise unknown(what, value, known, at(key, number))
    if choice.cards is not None:
        picked = [positions[card_id] for card_id in choice.cards if card_id in positions]
    else:
        picked = [number for number, card in enumerate(deck.cards)
                  if (card.category is None or not choice.categories
                      or card.category in choice.categories)
                  and (card.level is None or not choice.levels or card.level in choice.levels)]
    left_out = {positions[card_id] for card_id in choice.leave_out if card_id in positions}
    picked = [number for number in picked if number not in left_out]
    if choice.order == "level":  # cards without a level (how to play, intro) stay first
        picked.sort(key=lambda number: levels.get(deck.cards[number].level or "", 0))
    return picked


def _extra_cards(deck: LoadedDeck, choice: DeckChoice,
                 at: Callable[..., Where]) -> list[tuple[CardData, int]]:
    """The client's own cards, checked like the deck's: keys, category, level, unique id."""
    taken = {card.id for card in deck.cards} | deck.left_out
    allowed = [*CARD_KEYS, *deck.settings.fields]
    levels = [level.id for level in deck.settings.levels]
    found = []
    for number, card in enumerate(choice.extra):
        for key in card.extra:
            if key not in allowed:
                raise DeckError(f"unknown key '{key}'", at("extra", number, key),
                                did_you_mean(key, allowed, list_choices=False)
                                or f"the deck {deck.source.path.name} declares no field "
                                f"'{key}' under 'fields:'")
        if card.id in taken:
            raise DeckError(f"the card id '{card.id}' is already in the deck", at(
                "extra", number, "id"), "give the client's own cards ids of their own, e.g. "
                "with the client's initials")
        taken.add(card.id)
        if card.category is not None and card.category not in deck.settings.categories:
            raise unknown("category", card.category, list(deck.settings.categories),
                          at("extra", number, "category"))
        if card.level is not None and card.level not in levels:
            raise unknown("level", card.level, levels, at("extra", number, "level"))
        found.append((CardData(card), number))
    return found
