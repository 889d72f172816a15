"""Brands: the coach's house style, edited as a form.

Every change goes through the workspace's file store, one key at a time, so the file keeps its
comments and key order and an edit the command line would refuse is refused here with its
words. What a brand's colours do to the cards (text too faint on its background) is found as
`deckpress check` finds it, by drawing a deck the brand is used with.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ...build import Options
from ...check import check_deck
from ...cli.targets import loaders
from ...colours import contrast, parse_colour, readable_on
from ...errors import DeckError
from ...findings import Finding
from ...render.fonts import load_fonts
from ...source.brand import load_brand
from ...source.client import folder_name_problem, load_client, slug_of
from ...source.deck import load_deck
from ...source.models import Colours, Fonts
from ...source.themes import DEFAULT_THEME
from ..cardimages import (
    engine_lock,
    error_message,
    inputs_and_profile,
    problem_of,
)
from ..files import MappingFile, Refused, StaleFile
from ..jsonio import JSONResponse
from ..names import name_problem
from ..paths import OutsideWorkspace, inside, relative_to_workspace, workspace_files
from ..state import Studio, file_store, json_error, page, studio_of
from ..uploads import KINDS as UPLOAD_KINDS
from ..uploads import MAX_NAME as MAX_UPLOAD_NAME
from ..uploads import save_upload
from .forms import (
    Answer,
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
)

COLOUR_KEYS = ("primary", "secondary", "accent")
NEW_BRAND = """\
# {title}: the coach's house style and contact details, used for every client
# of this brand (each client has a file of their own in clients/). The logo path is
# relative to this file. Colours are hex: primary a dark brand colour, secondary a light
# paper tone, accent a warm highlight. See docs/deck-format.md#brands for every key.

coach:
  name: {name}
colours:
  primary: "{colours.primary}"
  secondary: "{colours.secondary}"
  accent: "{colours.accent}"
fonts:
  heading: {fonts.heading}
  body: {fonts.body}

# yaml-language-server: $schema=../schemas/brand.schema.json
"""


def font_families(workspace: Path) -> list[str]:
    """The families a brand can name: the bundled ones and those in the workspace's fonts/."""
    return sorted(load_fonts(workspace).families)


def workspace_fonts(workspace: Path) -> list[str]:
    return [Path(path).name for path in workspace_files(workspace).fonts]


def brand_summary(studio: Studio, name: str) -> dict[str, Any]:
    """What the list of brands shows of one: the coach, the colours, the logo."""
    try:
        data = file_store(studio).read_mapping(file_of("brands", name)).data
    except (Refused, OutsideWorkspace) as error:
        return {"name": name, "problem": getattr(error, "message", str(error))}
    defaults = Colours()
    colours = {key: colour_or(nested(data, "colours", key), getattr(defaults, key))
               for key in COLOUR_KEYS}
    return {"name": name, "coach": nested(data, "coach", "name") or "",
            "business": nested(data, "coach", "business") or "", "colours": colours,
            "logo": bool(data.get("logo")), "problem": None}


def colour_or(value: Any, default: str) -> str:
    """The colour as #RRGGBB, or `default` when the file's value is not one (yet)."""
    try:
        colour = parse_colour(str(value))
    except ValueError:
        return default
    return "#" + "".join(f"{round(c * 255):02X}" for c in (colour.red, colour.green, colour.blue))


def brand_form(studio: Studio, name: str, mapping: MappingFile) -> dict[str, Any]:
    data = mapping.data
    defaults_colours, defaults_fonts = Colours(), Fonts()
    colours = {key: colour_or(nested(data, "colours", key), getattr(defaults_colours, key))
               for key in COLOUR_KEYS}
    written = {key: nested(data, "colours", key) for key in COLOUR_KEYS}
    fonts = {key: nested(data, "fonts", key) or getattr(defaults_fonts, key)
             for key in ("heading", "body")}
    legacy = [key for key in ("client", "intro", "ladder") if key in data]
    return {"name": name, "data": data, "version": mapping.version, "path": mapping.path,
            "colours": colours, "written_colours": written, "fonts": fonts,
            "families": font_families(studio.workspace),
            "workspace_fonts": workspace_fonts(studio.workspace),
            "themes": theme_options(), "default_theme": DEFAULT_THEME,
            "languages": language_options(), "legacy": legacy,
            "clients": clients_of_brand(studio.workspace, name),
            "preview": brand_preview(studio.workspace, name)}


def brand_preview(workspace: Path, brand: str) -> dict[str, Any]:
    """The cards the brand's page shows as they print: the deck's intro card, its first
    challenge front and back."""
    deck = brand_deck(workspace, brand)
    if deck is None:
        return {"deck": None, "cards": []}
    try:
        loaded = load_deck(inside(workspace, deck), lenient=True)
    except (DeckError, OutsideWorkspace):
        return {"deck": None, "cards": []}
    cards = []
    intro = next((card for card in loaded.cards
                  if (card.layout or loaded.settings.layout) == "intro"), None)
    if intro is not None:
        cards.append({"id": intro.id, "side": "front", "label": "Intro card"})
    challenge = next((card for card in loaded.cards if card.category), None) or \
        (loaded.cards[0] if loaded.cards else None)
    if challenge is not None:
        cards += [{"id": challenge.id, "side": "front", "label": f"{challenge.id}, front"},
                  {"id": challenge.id, "side": "back", "label": "Back"}]
    return {"deck": deck, "cards": cards}


def clients_of_brand(workspace: Path, brand: str) -> list[str]:
    found = []
    for client in names_in(workspace, "clients"):
        try:
            path = inside(workspace, file_of("clients", client))
            if load_client(path, workspace).brand_path.stem == brand:
                found.append(client)
        except (DeckError, OutsideWorkspace, OSError):
            continue
    return found


def brand_deck(workspace: Path, brand: str) -> str | None:
    """The deck the brand's colours are checked on: the first deck of one of its clients,
    else the first deck of the workspace."""
    for client in clients_of_brand(workspace, brand):
        try:
            loaded = load_client(inside(workspace, file_of("clients", client)), workspace)
            return relative_to_workspace(workspace, loaded.deck_paths[0])
        except (DeckError, OutsideWorkspace, OSError):
            continue
    decks = workspace_files(workspace).decks
    yaml_decks = [deck for deck in decks if deck.endswith((".yaml", ".yml"))]
    return next(iter(yaml_decks or decks), None)


def brand_concern(finding: Finding, brand_file: Path) -> bool:
    """A finding the brand's page shows: low contrast anywhere, and anything said of the
    brand file itself (a font it names that is missing, a logo that cannot be read)."""
    if finding.kind == "contrast":
        return True
    file = finding.where.file
    try:
        return file is not None and Path(file).resolve() == brand_file.resolve()
    except OSError:
        return False


def check_brand(studio: Studio, name: str) -> dict[str, Any]:
    """What `deckpress check DECK --brand NAME` says about the brand's colours and files, on
    the deck the brand is used with, and the contrast of each colour on the paper colour."""
    workspace = studio.workspace
    brand_file = existing(studio, "brands", name)
    deck = brand_deck(workspace, name)
    lines: list[dict[str, str]] = []
    if deck is not None:
        load = loaders(inside(workspace, deck), brand_file, None, None, lenient=True)[0]
        with engine_lock(studio):
            result = check_deck(partial(inputs_and_profile, load), Options(jobs=1))
        seen: set[str] = set()
        for finding in result.findings.items:
            if not brand_concern(finding, brand_file):
                continue
            problem = problem_of(workspace, finding)
            if problem.line not in seen:
                seen.add(problem.line)
                lines.append({"severity": problem.severity, "line": problem.line})
    return {"deck": deck, "findings": lines, "ratios": colour_ratios(brand_file)}


def colour_ratios(brand_file: Path) -> list[dict[str, str]]:
    """Each colour's contrast with the paper colour (secondary) and with the text deckpress
    would set on it, as the layouts' `readable_on` chooses it."""
    try:
        colours = load_brand(brand_file, lenient=True).brand.colours
    except DeckError:
        return []
    paper = colours.secondary
    found = []
    for key in COLOUR_KEYS:
        colour = getattr(colours, key)
        text = readable_on(colour)
        found.append({"key": key, "colour": colour,
                      "on_paper": f"{contrast(colour, paper):.1f}" if key != "secondary" else "",
                      "text": text, "with_text": f"{contrast(text, colour):.1f}"})
    return found


def new_brand_text(title: str, coach: str) -> str:
    return NEW_BRAND.format(title=" ".join(title.split()) or "A brand",
                            name=json.dumps(coach, ensure_ascii=False),
                            colours=Colours(), fonts=Fonts())


def create_brand(studio: Studio, title: str) -> str:
    """brands/<slug>.yaml for a new brand named `title`; its name. Refused (as the command
    line would refuse the file) if the title makes no usable name or the brand exists."""
    slug = slug_of(title)
    problem = folder_name_problem(slug)
    if not title.strip() or problem:
        raise Refused(f"error: cannot name a brand file after '{title[:80]}': "
                      f"{problem or 'give a name'}")
    relative = file_of("brands", slug)
    path = inside(studio.workspace, relative)
    path.parent.mkdir(exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(new_brand_text(title, title))
    except FileExistsError:
        raise Refused(f"error: {relative}: a brand of this name is already there "
                      f"(hint: open it, or choose another name)") from None
    try:
        load_brand(path)
    except DeckError as error:
        path.unlink()
        raise Refused(error_message(studio.workspace, error)) from None
    return slug


async def brands_page(request: Request) -> Response:
    studio = studio_of(request)
    brands = [brand_summary(studio, name) for name in names_in(studio.workspace, "brands")]
    return page(request, "brands.html", title="Brands", brands=brands)


async def brand_page(request: Request) -> Response:
    return await form_page(request, "brands", "brand.html", "Brand", brand_form)


@answering
async def api_brands(request: Request) -> Response:
    studio = studio_of(request)
    return JSONResponse({"brands": [brand_summary(studio, name)
                                    for name in names_in(studio.workspace, "brands")]})


@answering
async def api_new_brand(request: Request) -> Response:
    body = await json_body(request)
    title = body.get("name")
    if not isinstance(title, str):
        return json_error(400, "give the brand's name")
    problem = name_problem(title, "brand")
    if problem:
        return json_error(422, f"error: {problem}")
    slug = await run_in_threadpool(create_brand, studio_of(request), title)
    return JSONResponse({"name": slug, "url": f"/brands/{slug}"}, status_code=201)


@answering
async def api_brand(request: Request) -> Response:
    studio = studio_of(request)
    name = request.path_params["name"]
    existing(studio, "brands", name)
    mapping = file_store(studio).read_mapping(file_of("brands", name))
    return JSONResponse({"version": mapping.version, "path": mapping.path, "data": mapping.data})


api_change_brand = key_change("brands")


api_check_brand = checking("brands", check_brand)


@answering
async def api_logo(request: Request) -> Response:
    """The brand's logo as the cards use it, for the page to show."""
    studio = studio_of(request)
    name = request.path_params["name"]
    brand_file = existing(studio, "brands", name)
    logo = file_store(studio).read_mapping(file_of("brands", name)).data.get("logo")
    if not isinstance(logo, str) or not logo:
        raise Missing(f"the brand {name} has no logo")
    path = inside(studio.workspace, relative_to_workspace(
        studio.workspace, brand_file.parent / logo))
    types = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
             ".svg": "image/svg+xml"}
    kind = types.get(path.suffix.lower())
    if kind is None or not path.is_file():
        raise Missing(f"the logo {logo} is not there")
    return Response(path.read_bytes(), media_type=kind,
                    headers={"Cache-Control": "no-store",
                             "Content-Security-Policy": "default-src 'none'; style-src "
                                                        "'unsafe-inline'; img-src data:"})


async def uploaded(request: Request, kind: str) -> tuple[str, bytes, dict[str, str]]:
    """The file sent as the form's `file` (read no further than one byte past what a file of
    its kind may have, so the store can say it is too large), and the form's other fields."""
    try:
        async with request.form(max_files=1, max_fields=8) as form:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise Answer(json_error(400, f"send the {kind} as the form's 'file'"))
            data = await upload.read(UPLOAD_KINDS[kind].limit + 1)
            fields = {key: value for key, value in form.items() if isinstance(value, str)}
            return upload.filename or "", data, fields
    except HTTPException as unreadable:  # the form parser's refusal, e.g. a name of 5000 bytes
        raise Answer(json_error(400, f"the {kind} could not be read from the form "
                                f"({unreadable.detail}); if its file name is very long, "
                                f"rename it to at most {MAX_UPLOAD_NAME} characters and send "
                                "it again")) from None


@answering
async def api_upload_logo(request: Request) -> Response:
    """A logo file put in brands/logos/ and named in the brand file."""
    studio = studio_of(request)
    name = request.path_params["name"]
    existing(studio, "brands", name)
    filename, data, fields = await uploaded(request, "logo")
    version = fields.get("version")
    if not version:
        return json_error(400, "send the logo with the brand's 'version'")
    relative = file_of("brands", name)
    if file_store(studio).read_mapping(relative).version != version:
        raise StaleFile(relative, None)
    logos = studio.workspace / UPLOAD_KINDS["logo"].folder
    before = await run_in_threadpool(files_in, logos)
    stored = await run_in_threadpool(save_upload, studio.workspace, "logo", filename, data)
    logo = "logos/" + Path(stored).name
    try:
        result = await run_in_threadpool(file_store(studio).set_key, relative, version,
                                         ("logo",), logo)
    except Exception:  # the brand refused it: a logo nothing names is not left behind
        if Path(stored).name not in before:
            (studio.workspace / stored).unlink(missing_ok=True)
        raise
    return saved(result, logo=logo)


def files_in(folder: Path) -> set[str]:
    """The names in `folder` (none when it is not there yet)."""
    try:
        return {path.name for path in folder.iterdir()}
    except OSError:
        return set()


@answering
async def api_upload_font(request: Request) -> Response:
    """A font file put in fonts/; the families the brands can name now."""
    studio = studio_of(request)
    filename, data, _ = await uploaded(request, "font")
    stored = await run_in_threadpool(save_upload, studio.workspace, "font", filename, data)
    return JSONResponse({"font": Path(stored).name,
                         "families": font_families(studio.workspace)}, status_code=201)


def routes() -> list[BaseRoute]:
    return [
        Route("/brands", brands_page),
        Route("/brands/{name}", brand_page),
        Route("/api/brands", api_brands),
        Route("/api/brands", api_new_brand, methods=["POST"]),
        Route("/api/brands/{name}", api_brand),
        Route("/api/brands/{name}", api_change_brand, methods=["PUT"]),
        Route("/api/brands/{name}/check", api_check_brand),
        Route("/api/brands/{name}/logo", api_logo),
        Route("/api/brands/{name}/logo", api_upload_logo, methods=["POST"]),
        Route("/api/fonts", api_upload_font, methods=["POST"]),
    ]
