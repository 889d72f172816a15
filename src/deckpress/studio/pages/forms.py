"""What the brand and client pages share: a file of brands/ or clients/ named in the path,
read and changed one key at a time through the file store, and the refusals every change can
meet given as the JSON the pages show."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ...source.labels import languages
from ...source.themes import themes
from ..cardimages import plain_name
from ..files import MappingFile, Refused, Saved
from ..jsonio import BodyRefused, JSONResponse, read_object, separator_problem
from ..paths import OutsideWorkspace, inside, workspace_files
from ..state import Handler, Studio, file_store, json_error, page, refusal_response, studio_of

STALE = ("This file was changed in another tab or on disk since you opened it. "
         "Reload the page to see it as it is now, then make your change again.")
MAX_KEY_DEPTH = 5


class Missing(Exception):
    """A brand or client the workspace does not have (404)."""


def file_of(folder: str, name: str) -> str:
    """`brands/NAME.yaml`: the only files these pages write; any other name is not found."""
    if not plain_name(name) or name != name.strip():
        raise OutsideWorkspace(f"'{name[:80]}' is not a name in {folder}/")
    return f"{folder}/{name}.yaml"


def existing(studio: Studio, folder: str, name: str) -> Path:
    path = inside(studio.workspace, file_of(folder, name))
    if not path.is_file():
        raise Missing(f"the workspace has no {folder}/{name}.yaml")
    return path


@contextmanager
def refusals() -> Iterator[None]:
    """Raise an answer (a Response) for the refusals a change can meet."""
    try:
        yield
    except (Refused, OutsideWorkspace) as error:
        raise Answer(refusal_response(error, stale=STALE)) from None
    except Missing as missing:
        raise Answer(json_error(404, str(missing))) from None


class Answer(Exception):
    """A response to give instead of the usual one."""

    def __init__(self, response: Response):
        super().__init__(response.status_code)
        self.response = response


def answering(handler: Handler) -> Handler:
    """The handler, with its refusals given as the JSON pages show."""

    async def wrapped(request: Request) -> Response:
        try:
            with refusals():
                return await handler(request)
        except Answer as answer:
            return answer.response

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = read_object(await request.body())
    except BodyRefused as refused:
        raise Answer(json_error(400, refused.message)) from None
    problem = separator_problem(body)
    if problem:
        raise Answer(json_error(422, f"error: {problem}"))
    return body


def key_path(body: dict[str, Any]) -> tuple[str | int, ...]:
    """The key a change names: ["colours", "accent"], ["decks", 0, "cards"]."""
    key = body.get("key")
    if not isinstance(key, list) or not 0 < len(key) <= MAX_KEY_DEPTH or not all(
            (isinstance(part, str) and part) or (isinstance(part, int)
                                                 and not isinstance(part, bool)
                                                 and part >= 0) for part in key):
        raise Answer(json_error(400, "the change names no key (e.g. [\"colours\", \"accent\"])"))
    return tuple(key)


def version_in(body: dict[str, Any]) -> str:
    version = body.get("version")
    if not isinstance(version, str) or not version:
        raise Answer(json_error(400, "the change names no version of the file"))
    return version


def saved(result: Saved, **more: Any) -> JSONResponse:
    return JSONResponse({"version": result.version, "path": result.path, **more})


@dataclass(frozen=True)
class Option:
    value: str
    label: str


def theme_options() -> list[Option]:
    return [Option(name, f"{name} — {theme.summary}") for name, theme in themes().items()]


def language_options() -> list[Option]:
    return [Option(code, f"{language.native} ({code})") for code, language in languages().items()]


def names_in(workspace: Path, folder: str) -> list[str]:
    files = workspace_files(workspace)
    paths = files.brands if folder == "brands" else files.clients
    return [Path(path).stem for path in paths if plain_name(Path(path).stem)]


def nested(data: Any, *keys: str) -> Any:
    """The value at `keys` of nested blocks, None where one is missing or not a block."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def not_found(response: Response) -> Response:
    response.status_code = 404
    return response


def named(request: Request, folder: str) -> tuple[Studio, str]:
    """The studio and the name in the path, which must be a file of `folder` (else 404)."""
    studio = studio_of(request)
    name = request.path_params["name"]
    existing(studio, folder, name)
    return studio, name


Form = Callable[[Studio, str, MappingFile], dict[str, Any]]


async def form_page(request: Request, folder: str, template: str, noun: str,
                    form: Form) -> Response:
    """The page of one brand or client: its form, or why the file cannot be read (a name
    the workspace does not have: 404)."""
    studio = studio_of(request)
    name = request.path_params["name"]
    try:
        existing(studio, folder, name)
        mapping = file_store(studio).read_mapping(file_of(folder, name))
    except (OutsideWorkspace, Missing) as error:
        return not_found(page(request, template, title=f"{noun} not found", missing=str(error)))
    except Refused as refused:
        return page(request, template, title=name, unreadable=refused.message, name=name)
    values = await run_in_threadpool(form, studio, name, mapping)
    title = values.pop("page_title", None) or f"{noun}: {name}"
    return page(request, template, title=title, **values)


def key_change(folder: str) -> Handler:
    """PUT /api/<folder>/{name} {key, version, value}: one key of the file set (None takes
    it away); the file's new version."""

    @answering
    async def change(request: Request) -> Response:
        studio, name = named(request, folder)
        body = await json_body(request)
        result = await run_in_threadpool(file_store(studio).set_key, file_of(folder, name),
                                         version_in(body), key_path(body), body.get("value"))
        return saved(result)

    return change


def checking(folder: str, check: Callable[[Studio, str], dict[str, Any]]) -> Handler:
    """GET /api/<folder>/{name}/check: what `deckpress check` says of the file."""

    @answering
    async def checked(request: Request) -> Response:
        studio, name = named(request, folder)
        return JSONResponse(await run_in_threadpool(check, studio, name))

    return checked
