"""The Build and download page: choose a client (or none), a deck and brand, a printer profile
(each shown with a drawing of its sheet and its numbers) and what to make; watch it build; take
the files away. Every build is the `deckpress` command a coach would type (studio/jobs.py), so
the checks and the messages are the command line's own.

Downloads come only from the workspace's output/ folder: a folder (a client's kit, a set of
PNG files) comes as a zip made on the spot."""

from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2.filters import do_filesizeformat
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from ..jobs import KINDS, BadRequest, Jobs, worksheet_papers, workspace_choices
from ..jsonio import BodyRefused, JSONResponse, read_object
from ..paths import OutsideWorkspace, inside
from ..profiles import ProfileCard, deck_card, profile_cards
from ..state import Studio, json_error, kept, page, studio_of
from .home import client_labels

NOT_HERE = "Only files the studio made, in the workspace's output/ folder, can be downloaded."
STORED = (".png", ".jpg", ".jpeg", ".zip", ".pdf")  # already compressed: zipped as they are
MAX_LISTED = 300  # files of output/ listed on the page
MADE_HERE = ("deck", "worksheets", "png", "box", "kit")  # the form's choices (batch: its button)


def jobs_of(studio: Studio) -> Jobs:
    """The studio's one list of builds, made when first needed (the app stops it on shutdown)."""
    return kept(studio, "jobs", Jobs, lambda: Jobs(studio.workspace))


# --- the page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutputEntry:
    """A file or folder of output/, as the page offers it."""

    path: str  # relative to the workspace, posix
    name: str
    folder: bool
    size: int
    depth: int


def output_entries(workspace: Path) -> list[OutputEntry]:
    """What output/ holds, two levels deep (a kit folder and what is in it), newest first at
    the top level; deckpress's own hidden folders (the face cache, scratch files) left out."""
    root = workspace / "output"
    if not root.is_dir() or root.is_symlink():
        return []
    entries: list[OutputEntry] = []

    def entry(path: Path, depth: int) -> OutputEntry:
        folder = path.is_dir()
        size = 0 if folder else path.stat().st_size
        return OutputEntry(path.relative_to(workspace).as_posix(), path.name, folder, size, depth)

    def visible(folder: Path) -> list[Path]:
        return [path for path in folder.iterdir() if not path.name.startswith(".")
                and not path.is_symlink()]

    for path in sorted(visible(root), key=lambda item: item.stat().st_mtime, reverse=True):
        entries.append(entry(path, 0))
        if path.is_dir():
            entries += [entry(inner, 1) for inner in sorted(visible(path))]
        if len(entries) >= MAX_LISTED:
            break
    return entries[:MAX_LISTED]


def form_context(studio: Studio) -> dict[str, Any]:
    """What the form offers: the workspace's clients, decks, brands and profiles."""
    workspace = studio.workspace
    choices = workspace_choices(workspace)
    return {"title": "Build and download", "choices": choices,
            "profiles": profile_cards(workspace), "kinds": {kind: KINDS[kind]
                                                           for kind in MADE_HERE},
            "papers": worksheet_papers(), "jobs": [view.as_json() for view in
                                                 jobs_of(studio).list()],
            "files": output_entries(workspace)}


async def build_page(request: Request) -> Response:
    studio = studio_of(request)
    context = await run_in_threadpool(form_context, studio)
    # "Build & download" on a client's page: that client chosen already
    return page(request, "build.html", chosen_client=request.query_params.get("client"),
                client_labels=client_labels(studio.workspace, list(context["choices"].clients)),
                **context)


# --- the jobs ----------------------------------------------------------------------------


async def api_submit(request: Request) -> Response:
    """POST {kind, client, deck, profile, options}: the build queued, {id, job}; a name the
    workspace does not have is 422 with the message saying so."""
    try:
        body = read_object(await request.body())
    except BodyRefused as refused:
        return json_error(400, refused.message)
    fields = {key: body.get(key) for key in ("kind", "client", "deck", "profile")}
    options = body.get("options") or {}
    if not all(value is None or isinstance(value, str) for value in fields.values()) \
            or not isinstance(options, dict) or not isinstance(fields["kind"], str):
        return json_error(400, "kind, client, deck and profile are names; options an object")
    jobs = jobs_of(studio_of(request))
    try:
        job_id = await run_in_threadpool(jobs.submit, fields["kind"], fields["client"],
                                         fields["deck"], fields["profile"], options)
    except BadRequest as refused:
        return json_error(refused.status, refused.message)
    return JSONResponse({"id": job_id, "job": jobs.status(job_id).as_json()})


async def api_job(request: Request) -> Response:
    """GET: the job as it is now (the page asks every half second while it runs)."""
    try:
        view = jobs_of(studio_of(request)).status(request.path_params["job"])
    except KeyError:
        return json_error(404, "no such build (the studio remembers the builds since it started)")
    return JSONResponse(view.as_json())


async def api_profiles(request: Request) -> Response:
    """GET ?deck=cards/NAME.yaml: each profile drawn with that deck's cards, and whether it
    suits them; without a deck, with the default size."""
    studio = studio_of(request)
    relative = request.query_params.get("deck") or None
    if relative is not None and relative not in workspace_choices(studio.workspace).decks:
        return json_error(404, f"'{relative[:80]}' is not a deck of the workspace")

    def cards() -> list[ProfileCard]:
        card = deck_card(studio.workspace / relative) if relative is not None else None
        return profile_cards(studio.workspace, card)

    return JSONResponse({"profiles": [card.as_json()
                                      for card in await run_in_threadpool(cards)]})


def output_json(entry: OutputEntry) -> dict[str, Any]:
    """One entry of output/ as the page redraws it after a build, its size written as the
    page's own listing writes it."""
    return {"path": entry.path, "name": entry.name, "folder": entry.folder,
            "depth": entry.depth, "size": "" if entry.folder else do_filesizeformat(entry.size)}


async def api_output(request: Request) -> Response:
    """GET: what output/ holds now (the page asks when a build ends)."""
    entries = await run_in_threadpool(output_entries, studio_of(request).workspace)
    return JSONResponse({"files": [output_json(entry) for entry in entries]})


async def api_jobs(request: Request) -> Response:
    return JSONResponse({"jobs": [view.as_json() for view in jobs_of(studio_of(request)).list()]})


# --- downloads ---------------------------------------------------------------------------


class NotDownloadable(Exception):
    """A path that is not something the studio made: 404, saying only that."""


def downloadable(workspace: Path, relative: str) -> Path:
    """The file or folder `relative` names, which must be inside the workspace's output/
    folder (links followed) and not one of deckpress's hidden ones."""
    try:
        path = inside(workspace, relative)
    except OutsideWorkspace:
        raise NotDownloadable(NOT_HERE) from None
    output = (workspace / "output").resolve()
    if path == output or not path.is_relative_to(output) or not path.exists():
        raise NotDownloadable(NOT_HERE)
    if any(part.startswith(".") for part in path.relative_to(output).parts):
        raise NotDownloadable(NOT_HERE)
    return path


def zip_folder(folder: Path, output: Path) -> Path:
    """The folder as a zip in a temporary file (removed once sent): its files under the
    folder's name, those that are in output/ once links are followed, hidden ones left out."""
    handle, name = tempfile.mkstemp(prefix="deckpress-download-", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(name, "w") as archive:
            for path in sorted(folder.rglob("*")):
                relative = path.relative_to(folder)
                if any(part.startswith(".") for part in relative.parts) or not path.is_file() \
                        or not path.resolve().is_relative_to(output):
                    continue
                kind = zipfile.ZIP_STORED if path.suffix.lower() in STORED \
                    else zipfile.ZIP_DEFLATED
                archive.write(path, f"{folder.name}/{relative.as_posix()}", compress_type=kind)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def download_name(path: Path, output: Path) -> str:
    """The name a file is saved under in the browser's downloads: a client's files carry the
    client's folder name, so two clients' decks never meet as the same name there."""
    folders = path.resolve().relative_to(output).parts[:-1]
    return "-".join((*folders, path.name))


async def download(request: Request) -> Response:
    """GET /download/output/...: the file as an attachment, a folder as a zip of it."""
    workspace = studio_of(request).workspace
    try:
        path = downloadable(workspace, request.path_params["path"])
    except NotDownloadable as refused:
        return json_error(404, str(refused))
    if path.is_dir():
        archive = await run_in_threadpool(zip_folder, path, (workspace / "output").resolve())
        return FileResponse(archive, media_type="application/zip",
                            filename=f"{path.name}.zip",
                            background=BackgroundTask(os.unlink, archive))
    return FileResponse(path, filename=download_name(path, (workspace / "output").resolve()))


def routes() -> list[BaseRoute]:
    return [
        Route("/build", build_page),
        Route("/api/profiles", api_profiles),
        Route("/api/jobs", api_jobs, methods=["GET"]),
        Route("/api/output", api_output),
        Route("/api/jobs", api_submit, methods=["POST"]),
        Route("/api/jobs/{job}", api_job),
        Route("/download/{path:path}", download),
    ]
