"""The Decks page: the workspace's decks, and each deck's cards as a table a coach edits, the
card being edited drawn beside it by the engine that prints it, with what `check` says about
each card next to it.

Every edit goes through the file store (studio/files/), which keeps the file's comments and
layout and refuses an edit that would make the deck invalid, in the words `deckpress check`
uses. An edit names the version of the file it was made on: a file changed since, in another
tab or in an editor, is not overwritten.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..cardimages import SIDES, CardImages, CardProblem, Report, Viewpoint, card_images, viewpoints
from ..files import Column, DeckTable, FileStore, Refused
from ..jsonio import BodyRefused, JSONResponse, read_object, separator_problem
from ..paths import OutsideWorkspace, inside, workspace_files
from ..state import Handler, Studio, file_store, json_error, page, refusal_response, studio_of

STALE = ("This deck was changed in another tab or on disk since this page opened it: reload "
         "the page to see the changes (yours was not saved).")
NEW_DECK_NAME = re.compile(r"[^a-z0-9]+")
MAX_TITLE = 120
COLUMN_ORDER = ("title", "text", "category", "level", "tip", "counts_when", "*", "copies",
                "layout")  # "*": the deck's own fields
IN_THE_TABLE = ("title", "text", "category", "level", "tip")  # the rest: under a card's "More"


class NotADeck(Exception):
    """A path the page names that is not one of the workspace's decks: 404."""


def deck_path(studio: Studio, relative: str) -> str:
    """`relative` if it names a deck of the workspace (cards/NAME.yaml|.csv|.xlsx)."""
    try:
        inside(studio.workspace, relative)
    except OutsideWorkspace as error:
        raise NotADeck(str(error)) from None
    if relative not in workspace_files(studio.workspace).decks:
        raise NotADeck(f"'{relative[:80]}' is not a deck of the workspace (decks are the "
                       ".yaml, .csv and .xlsx files in cards/)")
    return relative


def viewpoint_of(request: Request) -> Viewpoint:
    try:
        return Viewpoint.parse(request.query_params.get("as"))
    except ValueError:
        return Viewpoint()


# --- pages -------------------------------------------------------------------------------


async def decks_page(request: Request) -> Response:
    studio = studio_of(request)
    entries = await run_in_threadpool(deck_entries, studio)
    return page(request, "decks.html", title="Decks", decks=entries)


def deck_entries(studio: Studio) -> list[dict[str, Any]]:
    """Each deck with its title and number of cards, or why it cannot be read."""
    store = file_store(studio)
    entries: list[dict[str, Any]] = []
    for relative in workspace_files(studio.workspace).decks:
        entry: dict[str, Any] = {"path": relative, "kind": Path(relative).suffix[1:].upper()}
        try:
            table = store.read_deck(relative)
        except Refused as refused:
            entry.update(title=Path(relative).stem, cards=None, problem=refused.message)
        else:
            copies = sum(int(row.values.get("copies") or 1) for row in table.rows)
            entry.update(title=table.title or Path(relative).stem, cards=len(table.rows),
                         copies=copies, problem=None, editable=table.editable,
                         reason=table.read_only_reason)
        entries.append(entry)
    return entries


async def deck_page(request: Request) -> Response:
    studio = studio_of(request)
    try:
        relative = deck_path(studio, request.path_params["path"])
    except NotADeck as missing:
        return not_found(request, str(missing))
    viewpoint = viewpoint_of(request)
    try:
        table = await run_in_threadpool(file_store(studio).read_deck, relative)
    except Refused as refused:
        return page(request, "deck.html", title=Path(relative).stem, path=relative,
                    table=None, problem=refused.message, viewpoints=[], chosen="",
                    selected=None, report=None, table_json="{}")
    images = card_images(studio)
    choices = await run_in_threadpool(viewpoints, studio.workspace,
                                      inside(studio.workspace, relative))
    if viewpoint.value not in {choice.value for choice in choices}:
        viewpoint = Viewpoint()
    # the findings only if already known: the page's script asks for them otherwise, so the
    # page is sent at once and the deck checked once
    report = await run_in_threadpool(images.known_report, relative, viewpoint)
    wanted = request.query_params.get("card")
    ids = [row.id for row in table.rows]
    selected = wanted if wanted in ids else (ids[0] if ids else None)
    columns, more = column_groups(table)
    return page(request, "deck.html", title=table.title or Path(relative).stem, path=relative,
                table=table, problem=None, viewpoints=choices, chosen=viewpoint.value,
                cards_elsewhere=cards_elsewhere(studio, table),
                selected=selected, report=report,
                report_json=json.dumps(report.as_json()) if report is not None else "",
                by_card=report.by_card() if report is not None else {},
                columns=columns, more=more,
                table_json=json.dumps(table_json(table)))


def cards_elsewhere(studio: Studio, table: DeckTable) -> str | None:
    """The deck whose file holds this deck's cards (`cards: {from: FILE}`), to open instead."""
    if table.editable or table.rows or not table.read_only_reason:
        return None
    decks = workspace_files(studio.workspace).decks
    named = [deck for deck in decks if deck in table.read_only_reason and deck != table.path]
    return named[0] if named else None


def shown_columns(table: DeckTable) -> list[Column]:
    """The columns in the order a coach fills them in: what the card says and sorts it by
    first, what most cards leave alone (the layout) last."""
    def place(column: Column) -> int:
        return COLUMN_ORDER.index(column.key) if column.key in COLUMN_ORDER else \
            COLUMN_ORDER.index("*")
    return sorted(table.columns, key=place)


def column_groups(table: DeckTable) -> tuple[list[Column], list[Column]]:
    """The columns the table shows, and those each card keeps under its "More" (the fields
    most cards leave alone): the table then fits beside the preview."""
    columns = shown_columns(table)
    return ([column for column in columns if column.key in IN_THE_TABLE],
            [column for column in columns if column.key not in IN_THE_TABLE])


def not_found(request: Request, message: str) -> Response:
    response = page(request, "deck.html", title="Not found", path=None, table=None,
                    problem=message, viewpoints=[], chosen="", selected=None, report=None,
                    table_json="{}")
    response.status_code = 404
    return response


def table_json(table: DeckTable) -> dict[str, Any]:
    """What the page's script needs of the table: the columns and choices, the version."""
    return {"path": table.path, "version": table.version, "editable": table.editable,
            "columns": [asdict(column) for column in table.columns],
            "choices": {key: [asdict(choice) for choice in choices]
                        for key, choices in table.choices.items()},
            "ids": [row.id for row in table.rows]}


# --- the JSON API ------------------------------------------------------------------------


def api(handler: Callable[[Request, Studio, str, dict[str, Any]], Awaitable[Response]]
        ) -> Handler:
    """A JSON endpoint on one deck: its path checked (404), the body read, the file store's
    refusals said as the conventions say (409 stale, 422 the command line's message)."""

    async def endpoint(request: Request) -> Response:
        studio = studio_of(request)
        try:
            relative = deck_path(studio, request.path_params["path"])
        except NotADeck as missing:
            return json_error(404, str(missing))
        body: dict[str, Any] = {}
        if request.method != "GET":
            try:
                body = read_object(await request.body())
            except BodyRefused as refused:
                return json_error(400, refused.message)
            problem = separator_problem(body)
            if problem:
                return json_error(422, f"error: {problem}")
        try:
            return await handler(request, studio, relative, body)
        except PageStale:
            return json_error(409, STALE)
        except (Refused, OutsideWorkspace) as error:
            return refusal_response(error, stale=STALE)
        except BadRequest as bad:
            return json_error(bad.status, bad.message)

    return endpoint


class PageStale(Exception):
    """The page shows another version of the deck than the one the store has."""


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def version_in(body: dict[str, Any]) -> str:
    version = body.get("version")
    if not isinstance(version, str) or not version:
        raise BadRequest("the request names no version of the file")
    return version


def card_named(store: FileStore, relative: str, version: str, index: int,
               card_id: object = None) -> str:
    """The card an edit is about: the id the page sends (the store checks the version, so the
    card is the one the page shows), else the one at `index` of the version the page has."""
    if isinstance(card_id, str) and card_id:
        return card_id
    table = store.read_deck(relative)
    if table.version != version:
        raise PageStale
    if not 0 <= index < len(table.rows):
        raise BadRequest(f"the deck has no card number {index + 1}", 404)
    return table.rows[index].id


def saved(store: FileStore, relative: str, card_id: str | None) -> dict[str, Any]:
    """The answer to an edit: the file's new version, the card's row as the file now has it
    and where it is."""
    table = store.read_deck(relative)
    ids = [row.id for row in table.rows]
    index = ids.index(card_id) if card_id in ids else None
    row = table.rows[index] if index is not None else None
    return {"version": table.version, "ids": ids, "index": index,
            "row": {"id": row.id, "values": row.values} if row is not None else None}


async def edit_card(request: Request, studio: Studio, relative: str,
                    body: dict[str, Any]) -> Response:
    """One field of one card: POST {field, value, version[, card]}."""
    version = version_in(body)
    field = body.get("field")
    value = body.get("value")
    if not isinstance(field, str) or not field:
        raise BadRequest("the request names no field")
    if value is not None and not isinstance(value, (str, int, list)):
        raise BadRequest("a field's value is text, a number or a list of lines")
    store = file_store(studio)
    index = request.path_params["index"]

    def edit() -> dict[str, Any]:
        card_id = card_named(store, relative, version, index, body.get("card"))
        store.set_card_field(relative, version, card_id, field, value)
        return saved(store, relative, card_id)

    return JSONResponse(await run_in_threadpool(edit))


async def add_card(request: Request, studio: Studio, relative: str,
                   body: dict[str, Any]) -> Response:
    """A new card after card `after` (-1: first): POST {after, version[, values]}."""
    version = version_in(body)
    after = body.get("after", -1)
    if not isinstance(after, int) or isinstance(after, bool):
        raise BadRequest("'after' is the number of the card to add the new one after")
    values = body.get("values") or {}
    if not isinstance(values, dict):
        raise BadRequest("'values' are the new card's fields")
    values = {"title": "New card", "text": "What to do, in a sentence or two.", **values}
    store = file_store(studio)

    def add() -> dict[str, Any]:
        made = store.add_card(relative, version, after, values)
        return saved(store, relative, made.card_id)

    return JSONResponse(await run_in_threadpool(add))


async def remove_card(request: Request, studio: Studio, relative: str,
                      body: dict[str, Any]) -> Response:
    """DELETE {version[, card]}."""
    version = version_in(body)
    store = file_store(studio)
    index = request.path_params["index"]

    def remove() -> dict[str, Any]:
        card_id = card_named(store, relative, version, index, body.get("card"))
        store.remove_card(relative, version, card_id)
        return saved(store, relative, None)

    return JSONResponse(await run_in_threadpool(remove))


async def move_card(request: Request, studio: Studio, relative: str,
                    body: dict[str, Any]) -> Response:
    """POST {to, version[, card]}: the card moved to index `to`."""
    version = version_in(body)
    to = body.get("to")
    if not isinstance(to, int) or isinstance(to, bool):
        raise BadRequest("'to' is the place to move the card to")
    store = file_store(studio)
    index = request.path_params["index"]

    def move() -> dict[str, Any]:
        card_id = card_named(store, relative, version, index, body.get("card"))
        store.move_card(relative, version, card_id, to)
        return saved(store, relative, card_id)

    return JSONResponse(await run_in_threadpool(move))


async def problems(request: Request, studio: Studio, relative: str,
                   body: dict[str, Any]) -> Response:
    """GET ?as=: what `check` finds in the deck, by card (kept until a file changes)."""
    report: Report = await run_in_threadpool(card_images(studio).report, relative,
                                             viewpoint_of(request))
    return JSONResponse(report.as_json())


async def table_part(request: Request, studio: Studio, relative: str,
                     body: dict[str, Any]) -> Response:
    """GET: the cards' table alone, as the page shows it, after cards were added, removed or
    moved (the page swaps it in without losing its place)."""
    viewpoint = viewpoint_of(request)
    table = await run_in_threadpool(file_store(studio).read_deck, relative)
    report = await run_in_threadpool(card_images(studio).report, relative, viewpoint)
    macros = studio.templates.get_template("deck.html").make_module(
        {"request": request, "table": None, "title": "", "problem": ""})
    columns, more = column_groups(table)
    html = macros.cards_table(table, columns, more, report.by_card(),  # type: ignore[attr-defined]
                              request.query_params.get("card"))
    return JSONResponse({"html": str(html), "table": table_json(table),
                         "report": report.as_json()})


async def new_deck(request: Request) -> Response:
    """POST /api/decks {title}: cards/<slug>.yaml, a minimal valid deck to start from."""
    studio = studio_of(request)
    try:
        body = read_object(await request.body())
    except BodyRefused as refused:
        return json_error(400, refused.message)
    title = body.get("title")
    if separator_problem(title):
        return json_error(422, f"error: {separator_problem(title)}")
    if not isinstance(title, str) or not title.strip():
        return json_error(422, "give the new deck a title, e.g. Brave Asks")
    if len(title) > MAX_TITLE * 4:  # before any work on it: spaces alone may not shorten it
        return json_error(422, f"a deck's title is at most {MAX_TITLE} characters")
    title = " ".join(title.split())
    if len(title) > MAX_TITLE:
        return json_error(422, f"a deck's title is at most {MAX_TITLE} characters")
    slug = slug_of(title) or unused_name(studio, "deck")  # a title in another script
    relative = f"cards/{slug}.yaml"
    try:
        path = inside(studio.workspace, relative)
    except OutsideWorkspace as error:
        return refusal_response(error)
    if any(Path(deck).stem == slug for deck in workspace_files(studio.workspace).decks):
        return json_error(422, f"{relative} (or a spreadsheet of that name) already exists: "
                               "give the new deck another title")
    try:
        path.parent.mkdir(exist_ok=True)
        with path.open("x", encoding="utf-8") as file:
            file.write(starter_deck(title))
    except FileExistsError:
        return json_error(422, f"{relative} already exists: give the new deck another title")
    except OSError as error:
        return json_error(422, f"cannot write {relative}: {error.strerror or error}")
    return JSONResponse({"path": relative, "url": f"/decks/{relative}"})


def slug_of(title: str) -> str:
    """The file name a title gives: lower-case letters, digits and hyphens."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return NEW_DECK_NAME.sub("-", plain).strip("-")[:60].strip("-")


def unused_name(studio: Studio, stem: str) -> str:
    """`stem`, else `stem-2`, `stem-3`...: the first no deck of the workspace is named."""
    taken = {Path(deck).stem for deck in workspace_files(studio.workspace).decks}
    number = 1
    while (name := stem if number == 1 else f"{stem}-{number}") in taken:
        number += 1
    return name


def starter_deck(title: str) -> str:
    """A deck with one card, which `check` passes; its comments say what to add next."""
    return (
        "# A deck of cards: edit it in deckpress studio, or in any text editor.\n"
        "# docs/deck-format.md lists every key (categories, levels, fields, layout).\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        "size: poker\n"
        "cards:\n"
        "  - id: C-01\n"
        "    title: First card\n"
        "    text: What to do, in a sentence or two.\n"
    )


# --- preview images -------------------------------------------------------------------------


async def preview(request: Request) -> Response:
    """GET /preview/{deck}?card=ID&side=front|back&as=...: the face as a PNG, drawn by the
    engine that prints it; a card that cannot be drawn is 422 with the command line's words."""
    studio = studio_of(request)
    try:
        relative = deck_path(studio, request.path_params["path"])
    except NotADeck as missing:
        return json_error(404, str(missing))
    card_id = request.query_params.get("card", "")
    side = request.query_params.get("side", "front")
    if not card_id or side not in SIDES:
        return json_error(400, "name the card (?card=ID) and its side (front or back)")
    try:
        viewpoint = Viewpoint.parse(request.query_params.get("as"))
    except ValueError as error:
        return json_error(404, str(error))
    images: CardImages = card_images(studio)
    try:
        png = await run_in_threadpool(images.face, relative, viewpoint, card_id,
                                      "front" if side == "front" else "back")
    except CardProblem as problem:
        return json_error(422, problem.message)
    return Response(png, media_type="image/png")


def routes() -> list[BaseRoute]:
    return [
        Route("/decks", decks_page),
        Route("/api/decks", new_deck, methods=["POST"]),
        Route("/decks/{path:path}", deck_page),
        Route("/api/decks/{path:path}/problems", api(problems)),
        Route("/api/decks/{path:path}/table", api(table_part)),
        Route("/api/decks/{path:path}/cards/{index:int}/move", api(move_card), methods=["POST"]),
        Route("/api/decks/{path:path}/cards/{index:int}", api(edit_card), methods=["POST"]),
        Route("/api/decks/{path:path}/cards/{index:int}", api(remove_card),
              methods=["DELETE"]),
        Route("/api/decks/{path:path}/cards", api(add_card), methods=["POST"]),
        Route("/preview/{path:path}", preview),
    ]
