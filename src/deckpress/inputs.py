"""The user's files for one deck, loaded and validated once: the deck (as the client gets it),
the brand (or the neutral default), the client (if any) and the fonts; shared by the deck build,
its worksheets and `check`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TypeVar

from .errors import DeckError, Where, combined
from .output.guard import Protected, protected_inputs
from .render.fonts import FontBook, load_fonts
from .source.brand import LoadedBrand, load_brand
from .source.client import ClientDetails, LoadedClient, choose_cards
from .source.deck import LoadedDeck, load_deck
from .source.icons import misnamed_icons
from .source.labels import LabelTable, labels_for, language_for
from .source.themes import DEFAULT_THEME, themes
from .source.workspace import workspace_of

Loaded = TypeVar("Loaded")


@dataclass(frozen=True)
class Inputs:
    deck: LoadedDeck
    brand: LoadedBrand
    fonts: FontBook
    client: LoadedClient | None = None
    deck_index: int = 0  # which of the client's decks this is

    @property
    def workspace(self) -> Path:
        return self.deck.workspace

    def protected(self) -> Protected:
        """The files this build reads, which no output of it may replace."""
        named = [*((path, "the deck") for path in self.deck.source.files),
                 (self.brand.path, "the brand"),
                 (self.brand.logo, "the logo"),
                 (self.client.path if self.client is not None else None, "the client file"),
                 *((icon, "an icon") for icon in self.deck.icons.values())]
        return protected_inputs(self.workspace,
                                [(path, role) for path, role in named if path is not None])

    @property
    def person(self) -> ClientDetails:
        """Who the deck is for: the client file's details, else those a brand file written
        before client files existed holds, else nobody (a name line to fill in)."""
        if self.client is not None:
            return self.client.details
        brand = self.brand.brand
        return ClientDetails(brand.client.name, brand.client.program, brand.client.goal,
                             brand.intro.strip())

    @cached_property
    def labels(self) -> LabelTable:
        """The words the built-in layouts and worksheets print, as this deck and client set
        them."""
        return labels_for(self.deck, self.brand, self.client)

    @property
    def language(self) -> str:
        """The language this deck prints its built-in words and dates in (ISO 639-1)."""
        return language_for(self.deck, self.brand, self.client)

    @property
    def theme(self) -> str:
        """The look of the built-in layouts: the client's theme, else the brand's, else bold."""
        return theme_of(self.brand, self.client)

    @property
    def programme(self) -> str:
        """What the deck's backs name besides the coach: the client's programme for this deck.
        Never a brand's: a brand serves every deck and every client."""
        if self.client is None:
            return ""
        own = self.client.client.decks[self.deck_index].programme
        return own if own is not None else self.client.client.programme

    @property
    def ladder(self) -> tuple[list[str], Callable[[int], Where]]:
        """The card ids of the fear ladder, if chosen, and where the i-th was named."""
        if self.client is not None:
            client = self.client
            ladder, location = client.ladder(self.deck_index)
            return ladder, lambda index: client.where(*location, index)
        brand = self.brand
        return brand.brand.ladder, lambda index: brand.where("ladder", index)

    def warnings(self) -> list[tuple[Where, str, str]]:
        """(where, problem, hint) for details that would be silently ignored."""
        found = []
        brand = self.brand.brand
        legacy = [key for key, value in (("client", brand.client.model_dump(exclude_defaults=True)),
                                         ("intro", brand.intro), ("ladder", brand.ladder))
                  if value]
        if self.client is not None and legacy:
            found.append((self.brand.where(legacy[0]),
                          f"the brand's {' and '.join(legacy)} "
                          f"{'are' if len(legacy) > 1 else 'is'} ignored: client "
                          f"{self.client.client.name}'s own details are used",
                          "keep the coach's details in the brand, and each client's in a client "
                          "file (see docs/clients.md)"))
        intro_cards = [card for card in self.deck.cards
                       if (card.layout or self.deck.settings.layout) == "intro"]
        if self.client is None and brand.intro.strip() and intro_cards:
            found.append((self.brand.where("intro"),
                          f"the brand's intro: is printed on the intro card instead of card "
                          f"{intro_cards[0].id}'s own text",
                          "fine for a deck for one client; for several clients, give each "
                          "client a file with a note: (see docs/clients.md)"))
        for path in misnamed_icons(self.workspace):
            found.append((Where(path), f"the icon {path.name} cannot be written in card text: "
                          "its name is not lower-case letters, digits and hyphens",
                          "rename it, e.g. icons/my-icon.svg is written :my-icon:"))
        return found


def load_inputs(deck_path: Path, brand_path: Path | None = None,
                lenient: bool = False) -> Inputs:
    """The deck, the brand and the fonts, every brand font checked to exist; the problems of
    all of them reported together. With `lenient` (for `check`), cards with a problem are left
    out of the deck and their problems kept in `deck.problems` (see `load_deck`)."""
    return _inputs(partial(load_deck, deck_path, lenient), brand_path,
                   workspace_of(deck_path), lenient)


def load_client_inputs(client: LoadedClient, index: int = 0, lenient: bool = False) -> Inputs:
    """The client's `index`th deck with the cards the client gets, and the client's brand."""

    def chosen() -> LoadedDeck:
        deck = load_deck(client.deck_paths[index], lenient)
        try:
            return choose_cards(deck, client, index)
        except DeckError as error:
            raise combined([*deck.problems, *(error.each or [error])]) from None

    return _inputs(chosen, client.brand_path, workspace_of(client.deck_paths[index]), lenient,
                   client, index)


def _inputs(load: Callable[[], LoadedDeck], brand_path: Path | None, workspace: Path,
            lenient: bool, client: LoadedClient | None = None, index: int = 0) -> Inputs:
    found: list[DeckError] = []
    deck = _attempt(load, found)
    brand = _attempt(partial(load_brand, brand_path, lenient), found)
    if brand is not None:
        brand = with_theme_fonts(brand, theme_of(brand, client))
    fonts = load_fonts(workspace)
    if brand is not None:
        for family, where in ((brand.brand.fonts.body, brand.where("fonts", "body")),
                              (brand.brand.fonts.heading, brand.where("fonts", "heading"))):
            _attempt(partial(fonts.family, family, where), found)
    # with `lenient`, a brand's own problems (kept in it, its wrong values at their defaults)
    # do not stop the deck being rendered for `check`; a missing font does
    if deck is None or brand is None or found:
        raise combined([*(deck.problems if deck is not None else ()),
                        *(brand.problems if brand is not None else ()), *found])
    return Inputs(deck, brand, fonts, client, index)


def theme_of(brand: LoadedBrand, client: LoadedClient | None) -> str:
    """The theme a deck is drawn in: the client's, else the brand's, else the default."""
    chosen = client.client.theme if client is not None else None
    return chosen or brand.brand.theme or DEFAULT_THEME


def with_theme_fonts(brand: LoadedBrand, theme: str) -> LoadedBrand:
    """The brand with the theme's font in each slot (heading, body) its file leaves unnamed."""
    fonts = brand.brand.fonts
    chosen = themes()[theme]
    unnamed = {slot: getattr(chosen, slot) for slot in ("heading", "body")
               if slot not in fonts.model_fields_set}
    if not unnamed:
        return brand
    return replace(brand, brand=brand.brand.model_copy(
        update={"fonts": fonts.model_copy(update=unnamed)}))


def _attempt(load: Callable[[], Loaded], found: list[DeckError]) -> Loaded | None:
    """What `load` gives, or None with its problems added to `found`."""
    try:
        return load()
    except DeckError as error:
        found += error.each or [error]
        return None
