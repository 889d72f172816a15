"""Clients: each client's decks, cards and intro, edited as a form.

Every change goes through the workspace's file store, as on the brand pages; a client's intro
card is shown as the engine draws it, and the client is checked as `deckpress check --client`
checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ...errors import DeckError
from ...output.profiles import profile_files
from ...source.client import load_client
from ...source.deck import load_deck
from ...source.workspace import find_deck
from ..cardimages import (
    CardProblem,
    Viewpoint,
    card_images,
    error_message,
)
from ..files import FileStore, MappingFile, Refused, Saved
from ..jsonio import JSONResponse
from ..names import name_problem
from ..paths import OutsideWorkspace, relative_to_workspace, workspace_files
from ..state import Studio, file_store, json_error, page, studio_of
from .brands import brand_summary
from .forms import (
    Missing,
    answering,
    checking,
    existing,
    file_of,
    form_page,
    json_body,
    key_change,
    language_options,
    names_in,
    nested,
    saved,
    theme_options,
    version_in,
)

PAPERS = ("letter", "a4")


def deck_names(workspace: Path) -> list[str]:
    """The decks a client can name: the files of cards/, by name."""
    return sorted({Path(path).stem for path in workspace_files(workspace).decks})


def client_summary(studio: Studio, name: str) -> dict[str, Any]:
    try:
        data = file_store(studio).read_mapping(file_of("clients", name)).data
    except (Refused, OutsideWorkspace) as error:
        return {"name": name, "problem": getattr(error, "message", str(error))}
    decks = [entry if isinstance(entry, str) else str(nested(entry, "deck") or "")
             for entry in data.get("decks") or []]
    return {"name": name, "client": data.get("name") or name, "brand": data.get("brand") or "",
            "programme": data.get("programme") or data.get("program") or "",
            "decks": decks, "problem": None}


@dataclass(frozen=True)
class CardRow:
    id: str
    title: str
    category: str
    level: str
    chosen: bool


@dataclass
class DeckPart:
    """One of the client's decks as the page shows it: the deck's cards, which the client
    gets, and the fear ladder."""

    index: int
    deck: str  # as the client file names it
    relative: str | None  # the deck's file in the workspace
    cards: list[CardRow]
    order: str
    extra: list[str]
    ladder: list[str]
    ladder_key: list[str | int]
    chosen_by: str  # how the client file chooses: "cards", "filter" or "all"
    filters: dict[str, list[str]]  # with "filter": categories, levels, leave_out as written
    intro: str | None  # the intro card's id
    problem: str | None


def deck_entry(entry: Any) -> dict[str, Any]:
    return {"deck": entry} if isinstance(entry, str) else dict(entry or {})


def chosen_ids(workspace: Path, client_file: Path, index: int) -> tuple[list[str], str | None]:
    """The ids of the cards the client gets of their `index`th deck, as a build chooses them;
    with the reason instead when the client or deck cannot be read."""
    from ...source.client import choose_cards

    try:
        loaded = load_client(client_file, workspace)
        deck = load_deck(loaded.deck_paths[index], lenient=True)
        return [card.id for card in choose_cards(deck, loaded, index).cards], None
    except DeckError as error:
        return [], error_message(workspace, error)


def deck_parts(studio: Studio, name: str, data: dict[str, Any]) -> list[DeckPart]:
    workspace = studio.workspace
    client_file = existing(studio, "clients", name)
    entries = [deck_entry(entry) for entry in data.get("decks") or []]
    parts = []
    for index, entry in enumerate(entries):
        deck_name = str(entry.get("deck") or "")
        relative, rows, problem, intro = None, [], None, None
        try:
            deck_path = find_deck(deck_name, workspace, client_file.parent)
            relative = relative_to_workspace(workspace, deck_path)
            loaded = load_deck(deck_path, lenient=True)
            rows = [(card.id, card.title, card.category or "", card.level or "",
                     card.layout or loaded.settings.layout) for card in loaded.cards]
        except (DeckError, OutsideWorkspace) as error:
            problem = error_message(workspace, error) if isinstance(error, DeckError) \
                else str(error)
        chosen, why = chosen_ids(workspace, client_file, index) if relative else ([], None)
        problem = problem or why
        intro = next((row[0] for row in rows if row[4] == "intro" and row[0] in chosen), None)
        own_ladder = "ladder" in entry
        ladder_key: list[str | int] = ["decks", index, "ladder"] \
            if own_ladder or len(entries) > 1 else ["ladder"]
        ladder = entry.get("ladder") if ladder_key[0] == "decks" else data.get("ladder")
        filters = {key.replace("_", " "): [str(value) for value in entry[key]]
                   for key in ("categories", "levels", "leave_out")
                   if isinstance(entry.get(key), list) and entry[key]}
        chosen_by = "cards" if entry.get("cards") is not None else "filter" if filters \
            else "all"
        parts.append(DeckPart(
            index, deck_name, relative,
            [CardRow(card_id, title, category, level, card_id in chosen)
             for card_id, title, category, level, _ in rows],
            str(entry.get("order") or "deck"),
            [str(card.get("id")) for card in entry.get("extra") or [] if isinstance(card, dict)],
            [str(rung) for rung in ladder or []], ladder_key, chosen_by, filters, intro,
            problem))
    return parts


def client_form(studio: Studio, name: str, mapping: MappingFile) -> dict[str, Any]:
    workspace = studio.workspace
    person = mapping.data.get("name")
    shown = person.strip() if isinstance(person, str) and person.strip() else name
    return {"name": name, "page_title": f"Client: {shown}",
            "data": mapping.data, "version": mapping.version,
            "path": mapping.path, "parts": deck_parts(studio, name, mapping.data),
            "brands": names_in(workspace, "brands"), "decks": deck_names(workspace),
            "themes": theme_options(), "languages": language_options(), "papers": PAPERS,
            "profiles": sorted(profile_files(workspace))}


@dataclass(frozen=True)
class CardChoice:
    """The checklist of one of the client's decks: its number, the cards ticked (ids, in the
    deck's order) and every id the deck has."""

    index: int
    cards: list[str]
    known: set[str]


def change_cards(store: FileStore, relative: str, version: str, data: dict[str, Any],
                 choice: CardChoice) -> Saved:
    """The client gets exactly the cards chosen of one deck: the rungs of its fear ladder
    that are no longer among them taken off, `cards:` written, and the filters that chose
    before (categories, levels, leave_out) taken out. Each step leaves a valid file; a card
    the deck does not have is refused before anything is written."""
    index, cards = choice.index, choice.cards
    entries = data.get("decks") or []
    if not 0 <= index < len(entries):
        raise Refused(f"error: {relative}: the client has no deck number {index + 1}")
    if not cards:  # refused before the ladder is trimmed: a refusal leaves the file alone
        raise Refused(f"error: {relative}: tick at least one card of deck {index + 1}: a client "
                      "gets some cards of each of their decks")
    entry = deck_entry(entries[index])
    kept = set(cards) | {str(card.get("id")) for card in entry.get("extra") or []
                         if isinstance(card, dict)}
    ladder_key: tuple[str | int, ...] = ("decks", index, "ladder") \
        if "ladder" in entry or len(entries) > 1 else ("ladder",)
    ladder = entry.get("ladder") if ladder_key[0] == "decks" else data.get("ladder")
    result = Saved(relative, version)
    unknown = any(card not in choice.known for card in cards)  # refused below, with nothing written
    if not unknown and isinstance(ladder, list) and any(rung not in kept for rung in ladder):
        rungs = [rung for rung in ladder if rung in kept]
        result = store.set_key(relative, result.version, ladder_key, rungs or None)
    result = store.set_key(relative, result.version, ("decks", index, "cards"), cards)
    for key in ("categories", "levels", "leave_out"):
        if key in entry:
            result = store.set_key(relative, result.version, ("decks", index, key), None)
    return result


def deck_ids(studio: Studio, name: str, data: dict[str, Any], index: int) -> set[str]:
    """The ids of the cards of the client's `index`th deck (none if it cannot be read)."""
    entries = data.get("decks") or []
    if not 0 <= index < len(entries):
        return set()
    try:
        path = find_deck(str(deck_entry(entries[index]).get("deck") or ""), studio.workspace,
                         existing(studio, "clients", name).parent)
        deck = load_deck(path, lenient=True)
    except DeckError:
        return set()
    return {card.id for card in deck.cards} | set(deck.left_out)


async def clients_page(request: Request) -> Response:
    studio = studio_of(request)
    workspace = studio.workspace
    clients = [client_summary(studio, name) for name in names_in(workspace, "clients")]
    brands = [brand_summary(studio, name) for name in names_in(workspace, "brands")]
    rosters = sorted(path.name for path in (workspace / "clients").glob("*.*")
                     if path.suffix.lower() in (".csv", ".tsv", ".xlsx"))
    return page(request, "clients.html", title="Clients", clients=clients, brands=brands,
                decks=deck_names(workspace), rosters=rosters)


async def client_page(request: Request) -> Response:
    return await form_page(request, "clients", "client.html", "Client", client_form)


@answering
async def api_clients(request: Request) -> Response:
    studio = studio_of(request)
    return JSONResponse({"clients": [client_summary(studio, name)
                                     for name in names_in(studio.workspace, "clients")]})


@answering
async def api_new_client(request: Request) -> Response:
    body = await json_body(request)
    values = [body.get(key) for key in ("name", "brand", "deck")]
    if not all(isinstance(value, str) for value in values):
        return json_error(400, "give the client's name, brand and deck")
    name, brand, deck = (str(value) for value in values)
    problem = name_problem(name, "client")
    if problem:
        return json_error(422, f"error: {problem}")
    result = await run_in_threadpool(file_store(studio_of(request)).create_client, name, brand,
                                     deck)
    slug = Path(result.path).stem
    return JSONResponse({"name": slug, "version": result.version, "path": result.path,
                         "url": f"/clients/{slug}"}, status_code=201)


@answering
async def api_client(request: Request) -> Response:
    studio = studio_of(request)
    name = request.path_params["name"]
    existing(studio, "clients", name)
    mapping = file_store(studio).read_mapping(file_of("clients", name))
    parts = await run_in_threadpool(deck_parts, studio, name, mapping.data)
    return JSONResponse({"version": mapping.version, "path": mapping.path, "data": mapping.data,
                         "decks": [{"deck": part.deck, "path": part.relative,
                                    "cards": [row.id for row in part.cards if row.chosen],
                                    "intro": part.intro, "problem": part.problem}
                                   for part in parts]})


api_change_client = key_change("clients")


@answering
async def api_client_cards(request: Request) -> Response:
    """The client's choice of cards of one deck, from the checklist."""
    studio = studio_of(request)
    name = request.path_params["name"]
    existing(studio, "clients", name)
    body = await json_body(request)
    index, cards = body.get("deck"), body.get("cards")
    if not isinstance(index, int) or isinstance(index, bool) or not isinstance(cards, list) \
            or not all(isinstance(card, str) for card in cards):
        return json_error(400, "give the deck's number and the list of card ids")
    store = file_store(studio)
    relative = file_of("clients", name)
    data = store.read_mapping(relative).data
    known = await run_in_threadpool(deck_ids, studio, name, data, index)
    result = await run_in_threadpool(change_cards, store, relative, version_in(body), data,
                                     CardChoice(index, cards, known))
    return saved(result)


def intro_png(studio: Studio, name: str, index: int) -> bytes:
    """The front of the client's intro card, as the engine draws it for them."""
    workspace = studio.workspace
    client_file = existing(studio, "clients", name)
    try:
        loaded = load_client(client_file, workspace)
    except DeckError as error:
        raise CardProblem(error_message(workspace, error)) from None
    if not 0 <= index < len(loaded.deck_paths):
        raise Missing(f"the client {name} has no deck number {index + 1}")
    deck_path = loaded.deck_paths[index]
    chosen, problem = chosen_ids(workspace, client_file, index)
    if problem:
        raise CardProblem(problem)
    deck = load_deck(deck_path, lenient=True)
    intro = next((card.id for card in deck.cards if card.id in chosen and
                  (card.layout or deck.settings.layout) == "intro"), None)
    if intro is None:
        raise CardProblem(f"the deck {deck_path.stem} as {loaded.client.name} gets it has no "
                          "intro card (a card with layout: intro)")
    return card_images(studio).face(relative_to_workspace(workspace, deck_path),
                                    Viewpoint("client", name), intro, "front")


@answering
async def api_intro(request: Request) -> Response:
    studio = studio_of(request)
    name = request.path_params["name"]
    try:
        index = int(request.query_params.get("deck", "0"))
    except ValueError:
        return json_error(400, "deck is the number of the client's deck, from 0")
    try:
        png = await run_in_threadpool(intro_png, studio, name, index)
    except CardProblem as problem:
        return json_error(422, problem.message)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


def check_client(studio: Studio, name: str) -> dict[str, Any]:
    """What `deckpress check --client NAME` finds in each of the client's decks."""
    workspace = studio.workspace
    client_file = existing(studio, "clients", name)
    try:
        loaded = load_client(client_file, workspace)
    except DeckError as error:
        return {"decks": [], "findings": [{"severity": "error",
                                           "line": error_message(workspace, error)}]}
    images = card_images(studio)
    decks, findings = [], []
    for deck_path in loaded.deck_paths:
        relative = relative_to_workspace(workspace, deck_path)
        report = images.report(relative, Viewpoint("client", name))
        decks.append({"deck": relative, "cards": report.cards, "profile": report.profile})
        findings += [{"severity": problem.severity, "line": problem.line}
                     for problem in report.problems]
    return {"decks": decks, "findings": findings}


api_check_client = checking("clients", check_client)


def routes() -> list[BaseRoute]:
    return [
        Route("/clients", clients_page),
        Route("/clients/{name}", client_page),
        Route("/api/clients", api_clients),
        Route("/api/clients", api_new_client, methods=["POST"]),
        Route("/api/clients/{name}", api_client),
        Route("/api/clients/{name}", api_change_client, methods=["PUT"]),
        Route("/api/clients/{name}/cards", api_client_cards, methods=["PUT"]),
        Route("/api/clients/{name}/intro.png", api_intro),
        Route("/api/clients/{name}/check", api_check_client),
    ]
