"""Click parameter types: each converts and checks one kind of value the command line takes
(a deck, brand, printer profile, paper, offset, PDF name) and completes it in the shell.

A value an option does not accept is a usage error (exit code 2), said with what would do.
Profiles and brands are looked up in the deck's workspace, so the deck argument is processed
first (it is eager). The modules behind a type (profiles, rosters) are loaded only when a
value is converted or completed, so `deckpress --help` does not wait for them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import CompletionItem

from ..choices import PDFX_MODES
from ..errors import DeckError, did_you_mean
from ..sizes import Paper, PaperError, papers, sheet_paper
from ..source.workspace import (
    brand_names,
    client_names,
    find_brand,
    is_file,
    is_folder,
    workspace_of,
)
from ..units import parse_offset

if TYPE_CHECKING:
    from ..output.profiles import Profile
    from ..source.roster import ClientRef


class ContentError(click.ClickException):
    """A problem in the user's files: exit code 1, one message, no traceback."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def workspace_in(ctx: click.Context | None) -> Path:
    """The workspace of the deck (or client) on the command line, else the current folder."""
    from ..source.roster import ClientRef

    params = ctx.params if ctx is not None else {}
    named = params.get("deck") or params.get("client") or _deck_being_completed()
    if isinstance(named, ClientRef):
        named = named.path
    if isinstance(named, Path) and is_file(named):
        try:
            return workspace_of(named)
        except DeckError:
            pass
    return Path(".")


def _deck_being_completed() -> Path | None:
    """While the shell completes an option's value, Click has not parsed the deck yet: find it
    among the words typed so far (Click's completion scripts pass them as COMP_WORDS)."""
    words = os.environ.get("COMP_WORDS", "").split()
    for word in words[2:]:
        if word.lower().endswith((".yaml", ".yml")) and is_file(Path(word)):
            return Path(word)
    return None


def _complete(names: list[str], incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(name) for name in names if name.startswith(incomplete)]


class DeckParam(click.ParamType):
    """A deck file: it must exist."""

    name = "deck"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        path = Path(value)
        if not is_file(path):
            what = "is a folder, not a deck file" if is_folder(path) else \
                "is not a regular file (a device, pipe or socket)" if os.path.exists(path) \
                else "deck file not found"
            self.fail(f"{what}: {value}\n  hint: give the path of a deck (.yaml, .csv or "
                      ".xlsx); decks usually live in cards/", param, ctx)
        return path

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(incomplete, type="file")]


class NamedFileParam(click.ParamType):
    """A file, or the name of one in a folder of the workspace (completed from that folder)."""

    def find(self, value: str, workspace: Path) -> Any:
        raise NotImplementedError

    def names(self, workspace: Path) -> list[str]:
        raise NotImplementedError

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if not isinstance(value, str):  # converted already
            return value
        try:
            return self.find(str(value), workspace_in(ctx))
        except DeckError as error:
            self.fail(error.format(), param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        return _complete(self.names(workspace_in(ctx)), incomplete) or \
            [CompletionItem(incomplete, type="file")]


class ClientParam(NamedFileParam):
    """A client: a client file, the name of one in the workspace's clients/ folder, or the
    name of a client in a roster there (as `batch` names their output folder)."""

    name = "client"

    def find(self, value: str, workspace: Path) -> ClientRef:
        from ..source.roster import find_client_ref

        return find_client_ref(value, workspace)

    def names(self, workspace: Path) -> list[str]:
        from ..source.roster import roster_clients

        return sorted({*client_names(workspace), *roster_clients(workspace)})


class BatchClientsParam(ClientParam):
    """For `batch`: a folder of clients, a roster, or a client as --client takes it."""

    name = "clients"

    def find(self, value: str, workspace: Path) -> ClientRef:
        from ..source.roster import ClientRef

        return ClientRef(Path(value)) if is_folder(Path(value)) else super().find(value, workspace)


class BrandParam(NamedFileParam):
    """A brand: a file, or the name of one in the workspace's brands/ folder."""

    name = "brand"

    def find(self, value: str, workspace: Path) -> Path:
        return find_brand(value, workspace)

    def names(self, workspace: Path) -> list[str]:
        return brand_names(workspace)


class ProfileParam(click.ParamType):
    """A printer profile by name, built in or in the workspace's profiles/ folder, loaded.

    An unknown name is a usage error; a profile file with a mistake in it is a content error,
    said at its line.
    """

    name = "profile"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Profile:
        from ..output.profiles import Profile, load_profile, profile_files, unknown_profile

        if isinstance(value, Profile):
            return value
        workspace = workspace_in(ctx)
        if str(value) not in profile_files(workspace):
            self.fail(unknown_profile(str(value), workspace).format(), param, ctx)
        try:
            return load_profile(str(value), workspace)
        except DeckError as error:
            raise ContentError(error.format()) from None

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        from ..output.profiles import profile_files

        return _complete(sorted(profile_files(workspace_in(ctx))), incomplete)


class PaperParam(click.ParamType):
    """A paper name or WxH with a unit, suitable for a full-page `document`."""

    name = "paper"

    def __init__(self, document: str):
        self.document = document

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Paper:
        if isinstance(value, Paper):
            return value
        try:
            return sheet_paper(str(value), self.document)
        except PaperError as error:
            self.fail(f"{error.problem}\n  hint: {error.hint}", param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        return _complete(list(papers()), incomplete)


class OffsetParam(click.ParamType):
    """`X,Y` with units, e.g. `1.5mm,-0.5mm`, to points (see units.parse_offset)."""

    name = "offset"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[float, float]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_offset(str(value))
        except ValueError as error:
            self.fail(f"{error}\n  hint: measure it with `deckpress calibrate`; X moves the "
                      "backs right, Y up", param, ctx)


def not_a_pdf_name(path: Path) -> str | None:
    """What is wrong with `path` as the name of a PDF to write, if anything."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return None
    hint = ("\n  hint: PNG files go into a folder: give -o a folder name, with --format png or "
            "an image profile (mpc, tgc)" if suffix == ".png" else "")
    return f"'{path}' does not end in .pdf{hint}"


class PdfPath(click.Path):
    """A PDF file to write: a name ending in .pdf, not a folder."""

    name = "pdf"

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        path = super().convert(value, param, ctx)
        problem = not_a_pdf_name(Path(str(path)))
        if problem:
            self.fail(problem, param, ctx)
        return path


class PdfxParam(click.Choice):
    """`--pdfx`: a PDF/X standard, or none; a near miss ('x1a', 'PDF/X-4') is answered with
    the nearest."""

    def __init__(self) -> None:
        super().__init__(PDFX_MODES, case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = str(value).strip().lower()
        if text in PDFX_MODES:
            return text
        close = did_you_mean(text.replace("/", "").removeprefix("pdf"), PDFX_MODES)
        self.fail(f"'{value}' is not one of {', '.join(PDFX_MODES)}\n  hint: {close}", param,
                  ctx)


class ThemeParam(click.ParamType):
    """The name of a theme (data/themes.yaml), checked and completed."""

    name = "theme"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        from ..source.themes import ThemeProblem, check_theme

        try:
            return check_theme(str(value))
        except ThemeProblem as error:
            self.fail(f"{error}\n  hint: {error.hint}", param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        from ..source.themes import themes

        return _complete(list(themes()), incomplete)
