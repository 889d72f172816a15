"""What `build`, `check` and `worksheets` work on: one deck (with a brand, or the neutral
default), or the deck(s) of one client, each with its printer profile and the place its files
go by default (output/DECK[-BRAND]… or output/CLIENT/DECK…)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import click

from ..errors import DeckError, real_path
from ..inputs import Inputs, load_client_inputs, load_inputs
from ..output.profiles import DEFAULT_PROFILE, Profile, client_profile, load_profile
from ..sizes import Paper
from ..source.client import LoadedClient
from ..source.roster import ClientRef, load_client_ref
from ..source.workspace import output_folder, output_name, workspace_of


@dataclass(frozen=True)
class Target:
    inputs: Inputs
    profile: Profile | None  # None where the command needs none (worksheets)
    deck_path: Path
    brand_path: Path | None  # named on the command line (not through a client)
    client: LoadedClient | None

    @property
    def chosen_profile(self) -> Profile:
        if self.profile is None:
            raise ValueError("this target was made without a profile")
        return self.profile

    def worksheet_paper(self) -> Paper:
        """The client's paper; else the profile's, if the worksheets can use it; else letter."""
        from ..worksheets.plan import worksheet_paper  # loaded only for worksheets

        if self.client is not None:
            return worksheet_paper(self.client.client.paper)
        page = self.profile.page if self.profile is not None else None
        return worksheet_paper(page if page in ("letter", "a4") else "letter")

    def default_output(self, suffix: str) -> Path:
        """Where a file goes unless -o says otherwise; output/ is made if missing and taken
        away again if the run fails before writing into it."""
        folder, made = output_folder(self.inputs.workspace)
        if made:
            _remove_later_if_empty(folder)
        if self.client is None:
            return folder / output_name(self.deck_path, self.brand_path, suffix)
        own = folder / self.client.slug
        if not own.exists():
            own.mkdir()
            _remove_later_if_empty(own)
        return own / output_name(self.deck_path, None, suffix)


def _remove_later_if_empty(folder: Path) -> None:
    """A folder made for a run is taken away again if the run writes nothing into it (Click
    closes contexts innermost first, so a client's folder goes before output/)."""

    def remove() -> None:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()

    click.get_current_context().call_on_close(remove)


def targets(deck: Path | None, brand: Path | None, client: ClientRef | None,
            profile: Profile | None, with_profile: bool = True) -> list[Target]:
    """The deck, or the client's decks (`deck`, if given, must be one of them)."""
    return [load() for load in loaders(deck, brand, client, profile, with_profile)]


def loaders(deck: Path | None, brand: Path | None, client: ClientRef | None,
            profile: Profile | None, with_profile: bool = True,
            lenient: bool = False) -> list[Callable[[], Target]]:
    """`targets`, each still to be loaded: `check` reports what goes wrong in loading one
    deck as a finding, and goes on with the next. A usage mistake is raised at once.
    `lenient`: see `load_inputs`."""
    if client is None:
        if deck is None:
            raise click.UsageError("give a DECK, or a client with --client FILE")
        plain = deck

        def load_deck() -> Target:
            chosen = profile or (load_profile(DEFAULT_PROFILE, workspace_of(plain))
                                 if with_profile else None)
            return Target(load_inputs(plain, brand, lenient), chosen, plain, brand, None)

        return [load_deck]
    if brand is not None:
        raise click.UsageError("--brand and --client: a client file names its brand; leave "
                               "out --brand")
    workspace = workspace_of(client.path)
    try:
        loaded = load_client_ref(client, workspace)
        indexes = _chosen_decks(loaded, deck)
    except DeckError as error:
        failure = error

        def fail() -> Target:
            raise failure

        return [fail]

    def load_one(index: int) -> Target:
        chosen = profile or (client_profile(loaded, workspace) if with_profile else None)
        return Target(load_client_inputs(loaded, index, lenient), chosen,
                      loaded.deck_paths[index],
                      None, loaded)

    return [partial(load_one, index) for index in indexes]


def _chosen_decks(client: LoadedClient, deck: Path | None) -> list[int]:
    indexes = list(range(len(client.deck_paths)))
    if deck is None:
        return indexes
    wanted = real_path(deck)
    indexes = [index for index in indexes if real_path(client.deck_paths[index]) == wanted]
    if not indexes:
        names = ", ".join(path.stem for path in client.deck_paths)
        raise DeckError(f"client {client.client.name} does not get the deck {deck.stem}",
                        client.where("decks"), f"their decks: {names}; leave out the deck "
                        "to build them all")
    return indexes
