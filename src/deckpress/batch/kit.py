"""One client's kit: in output/<client>/, each of the client's decks as the profile prints it
(a PDF, or a folder of PNG files) and its worksheets, and optionally output/<client>.zip to send.

A kit is built in a scratch folder that takes the kit folder's place as a whole, so a failure
leaves the previous kit as it was; it is skipped when its ledger says nothing it depends on has
changed.
`make_kit` is the unit of work that batch runs hand to worker processes (or a cluster): it
takes and returns plain, picklable values.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..build import BuildResult, prepare_job, write_deck, write_pngs
from ..errors import DeckError, Where
from ..findings import Findings
from ..inputs import Inputs, load_client_inputs, theme_of
from ..layout.templates import Layouts
from ..output.guard import protected_inputs
from ..output.profiles import client_profile, profile_files
from ..output.write import atomic_output, current_umask, remove_leftovers, scratch_prefix
from ..render.fonts import load_fonts
from ..source.brand import load_brand
from ..source.client import LoadedClient, load_client
from ..source.icons import workspace_icons
from ..source.roster import roster_row
from ..worksheets import WorksheetPlan, plan_worksheets, worksheet_settings
from ..worksheets.templates import templates_for
from . import ledger
from .ledger import Digests

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the same bytes every time


@dataclass(frozen=True)
class KitOptions:
    force: bool = False  # build even when up to date
    zip: bool = False  # also output/<client>.zip
    worksheets: bool = True


@dataclass(frozen=True)
class KitTask:
    """Which client to build: a client file, or a roster and the client's row (only that row
    is read and checked again), with the folder name the plan gave it. Paths are absolute, so
    a worker anywhere on a shared file system finds them."""

    source: Path
    slug: str
    workspace: Path
    options: KitOptions = KitOptions()
    row: int | None = None


@dataclass(frozen=True)
class KitResult:
    slug: str
    name: str
    status: str  # "built", "up to date" or "failed"
    cards: int = 0
    pages: int = 0
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    error: str | None = None
    files: tuple[str, ...] = ()  # what the kit holds, relative to output/<client>/


def client_digest(client: LoadedClient, workspace: Path) -> str:
    """What the kit takes from the client: their details and choices, and the files those name
    (a roster's other rows, or a comment in a client file, do not count)."""
    return ledger.content_digest(json.dumps([
        client.client.model_dump(mode="json"), client.slug,
        ledger.place(client.brand_path, workspace),
        [ledger.place(path, workspace) for path in client.deck_paths]], sort_keys=True))


def make_kit(task: KitTask) -> KitResult:
    """Build one client's kit, or find it up to date; a problem is a failed result, never an
    exception, so one client's mistake never stops the others."""
    started = time.perf_counter()
    name = task.slug
    try:
        client = _load(task)
        name = client.client.name
        result = Kit(client, task.workspace, task.options).build()
    except DeckError as error:
        return KitResult(task.slug, name, "failed", seconds=time.perf_counter() - started,
                         error=error.format())
    except OSError as error:  # the system refused: a read-only folder, a full disk, ...
        problem = DeckError(f"cannot write the kit: {error.strerror or error}",
                            Where(task.workspace / "output" / task.slug),
                            "check that output/ can be written to and the disk is not full")
        return KitResult(task.slug, name, "failed", seconds=time.perf_counter() - started,
                         error=problem.format())
    return KitResult(task.slug, name, result.status, result.cards, result.pages,
                     time.perf_counter() - started, result.warnings, None, result.files)


def _load(task: KitTask) -> LoadedClient:
    client = roster_row(task.source, task.workspace, task.row) if task.row is not None \
        else load_client(task.source, task.workspace)
    if client.slug != task.slug:
        raise DeckError(f"the client of output/{task.slug}/ is no longer in this file",
                        client.where(), "it changed while the batch ran: run the batch again")
    return client


@dataclass
class Built:
    status: str
    cards: int = 0
    pages: int = 0
    warnings: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


@dataclass
class Kit:
    client: LoadedClient
    workspace: Path
    options: KitOptions
    digests: Digests = field(init=False)

    def __post_init__(self) -> None:
        self.digests = Digests(self.workspace)

    @property
    def folder(self) -> Path:
        return self.workspace / "output" / self.client.slug

    @property
    def zip_path(self) -> Path:
        return self.workspace / "output" / f"{self.client.slug}.zip"

    def settings(self) -> dict[str, object]:
        """The options that change what the kit holds (--zip does not: the zip is beside it)."""
        return {"worksheets": self.options.worksheets}

    def check_zip_path(self) -> None:
        """Refuse, before anything is built, a zip path that leads to one of the inputs."""
        client = self.client
        inputs = [(client.path, "the client file"), (client.brand_path, "the brand"),
                  *((path, "a deck") for path in client.deck_paths)]
        protected_inputs(self.workspace, inputs).check(self.zip_path, "the kit's zip")

    def build(self) -> Built:
        if self.options.zip:
            self.check_zip_path()
        resolver = Resolver(self.workspace, self.client)
        if not self.options.force and ledger.up_to_date(self.folder, self.settings(),
                                                        resolver.resolve, self.digests):
            summary = (ledger.read(self.folder) or {}).get("summary", {})
            built = Built("up to date", summary.get("cards", 0), summary.get("pages", 0),
                          files=tuple(ledger.recorded_outputs(self.folder)))
        else:
            zipped = (ledger.read(self.folder) or {}).get("zip")
            built = self._rebuild()
            ledger.note_zip(self.folder, zipped)  # which kit the zip beside it holds
        self._keep_zip(list(built.files))
        return built

    def _rebuild(self) -> Built:
        """Every file of the kit made in a scratch folder, which then takes the kit folder's
        place whole: a failure anywhere leaves the previous kit as it was."""
        output = self.workspace / "output"
        output.mkdir(exist_ok=True)
        remove_leftovers(output)  # of kits whose batch was killed
        scratch = None
        try:
            scratch = Path(tempfile.mkdtemp(prefix=scratch_prefix(),
                                            suffix=f".{self.client.slug}", dir=output))
            os.chmod(scratch, 0o777 & ~current_umask())  # mkdtemp makes it private
            made, inputs = self._make(scratch)
            cards = sum(result.cards for result in made.values())
            pages = sum(result.pages for result in made.values())
            ledger.record(scratch, inputs, self.settings(), list(made), self.digests,
                          {"cards": cards, "pages": pages})
            _keep_own_files(self.folder, scratch)
            _swap(scratch, self.folder)
        finally:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
        warnings = tuple(finding.line() for result in made.values()
                         for finding in result.findings.items)
        return Built("built", cards, pages, warnings, tuple(made))

    def _make(self, temp: Path) -> tuple[dict[str, BuildResult], dict[str, ledger.Input]]:
        """Every file of the kit, written into `temp`; what they were made from."""
        client = self.client
        made: dict[str, BuildResult] = {}
        depends: dict[str, ledger.Input] = {"client": client_digest(client, self.workspace)}
        profile = client_profile(client, self.workspace)
        depends[f"profile:{profile.name}"] = [profile_files(self.workspace)[profile.name]]
        for index, deck_path in enumerate(client.deck_paths):
            inputs = load_client_inputs(client, index)
            job = prepare_job(inputs, profile)
            stem = deck_path.stem
            if profile.output == "png":
                name = f"{stem}-{profile.name}"
                made[name] = write_pngs(job, temp / name)
            else:
                name = f"{stem}-{profile.name}.pdf"
                made[name] = write_deck(job, temp / name)
            depends.update(_deck_inputs(inputs, made[name], job.layouts.used, index,
                                        self.workspace))
            if self.options.worksheets:
                plan = plan_worksheets(inputs, worksheet_settings(client.client.paper))
                sheets = f"{stem}-worksheets-{plan.pagination.paper.label}.pdf"
                written = plan.write(temp / sheets)
                made[sheets] = BuildResult(written.output, written.pages, 0, 0, Findings())
                depends.update(_sheet_inputs(plan))
        return made, depends

    def _keep_zip(self, names: list[str]) -> None:
        """With --zip, output/<client>.zip made again whenever it is not the kit as it is now;
        without, a zip deckpress made of an earlier kit is taken away rather than left stale."""
        entry = ledger.read(self.folder) or {}
        kit = ledger.outputs_digest(entry)
        recorded = entry.get("zip") or {}
        current = ledger.file_digest(self.zip_path)
        if self.options.zip:
            if current is None or recorded != {"kit": kit, "digest": current}:
                self._zip(names)
                ledger.note_zip(self.folder, {"kit": kit,
                                              "digest": ledger.file_digest(self.zip_path)})
        elif current is not None and recorded.get("digest") == current and \
                recorded.get("kit") != kit:
            self.zip_path.unlink()
            ledger.note_zip(self.folder, None)

    def _zip(self, names: list[str]) -> None:
        """output/<client>.zip: the kit, the same bytes for the same kit."""
        with atomic_output(self.zip_path) as temp, zipfile.ZipFile(temp, "w") as archive:
            for name in sorted(names):
                path = self.folder / name
                for item in sorted([path, *path.rglob("*")] if path.is_dir() else [path]):
                    if item.is_file():
                        arcname = f"{self.client.slug}/{item.relative_to(self.folder)}"
                        info = zipfile.ZipInfo(arcname, ZIP_TIME)
                        info.compress_type = zipfile.ZIP_DEFLATED
                        info.external_attr = 0o644 << 16
                        archive.writestr(info, item.read_bytes())


def _keep_own_files(old: Path, new: Path) -> None:
    """Files a coach put in a kit folder (not written by deckpress) move into the new one."""
    if not old.is_dir() or old.is_symlink():
        return
    ours = {*ledger.recorded_outputs(old), ledger.LEDGER}
    for entry in old.iterdir():
        if entry.name not in ours and not (new / entry.name).exists():
            os.rename(entry, new / entry.name)


def _swap(new: Path, target: Path) -> None:
    """`new` takes `target`'s place; the old folder is set aside, and put back if the move
    fails, then removed."""
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=scratch_prefix(), suffix=f".{target.name}.old",
                                  dir=target.parent))
    os.rename(target, aside / target.name)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(aside / target.name, target)
        raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _deck_inputs(inputs: Inputs, result: BuildResult, layouts: dict[str, str],
                 index: int, workspace: Path) -> dict[str, list[Path]]:
    """What one deck of the kit depends on: the files it was read from and the files found
    by name (layouts, fonts)."""
    depends: dict[str, list[Path]] = {
        f"deck:{index}": [inputs.deck.source.path],
        "brand": [inputs.brand.path] if inputs.brand.path else [],
    }
    for path in inputs.deck.source.files[1:]:  # a spreadsheet of cards, or the settings beside
        depends[f"source:{ledger.place(path, workspace)}"] = [path]
    logo = [inputs.brand.logo] if inputs.brand.logo is not None else []
    for path in (*logo, *inputs.deck.icons.values(), *result.images):
        depends[f"image:{ledger.place(path, workspace)}"] = [path]
    for name in layouts:
        depends[f"layout:{name}"] = [Path(layouts[name])]
    # icons are found by name, a workspace's in icons/ first: a new one may replace a built-in
    depends["icons"] = list(workspace_icons(workspace).values())
    for family in inputs.fonts.families.values():
        if family.faces:  # registered: used by this build
            depends[f"font:{family.name}"] = [family.files[slot]
                                              for slot in sorted(family.files)]
    return depends


def _sheet_inputs(plan: WorksheetPlan) -> dict[str, list[Path]]:
    return {f"sheet:{name}": [Path(path)] for name, path in plan.templates_used.items()}


@dataclass
class Resolver:
    """Finds an input of a ledger again, as a new build would find it today."""

    workspace: Path
    client: LoadedClient
    _layouts: Layouts | None = None
    _sheets: Layouts | None = None

    def resolve(self, key: str) -> ledger.Input | None:
        kind, _, name = key.partition(":")
        try:
            return self._resolve(kind, name)
        except (DeckError, KeyError, OSError, ValueError):
            return None

    def _resolve(self, kind: str, name: str) -> ledger.Input | None:
        if kind == "client":
            return client_digest(self.client, self.workspace)
        if kind == "deck":
            return [self.client.deck_paths[int(name)]]
        if kind == "brand":
            return [self.client.brand_path]
        if kind in ("image", "source"):
            return [self.workspace / name]  # relative to the workspace, or absolute
        if kind == "profile":
            return [profile_files(self.workspace)[name]]
        if kind == "icons":
            return list(workspace_icons(self.workspace).values())
        if kind in ("layout", "sheet"):
            return [self._template(kind, name)]
        if kind == "font":
            family = load_fonts(self.workspace).families[name]
            return [family.files[slot] for slot in sorted(family.files)]
        return None

    def _template(self, kind: str, name: str) -> Path:
        if kind == "layout":
            self._layouts = self._layouts or Layouts(self.workspace, theme=self._theme())
            layouts = self._layouts
        else:
            self._sheets = self._sheets or templates_for(self.workspace)
            layouts = self._sheets
        _, filename, _ = layouts.env.loader.get_source(layouts.env, name)  # type: ignore[union-attr]
        if filename is None:
            raise KeyError(name)
        return Path(filename)

    def _theme(self) -> str:
        """The theme a build would draw the client's cards in today (its layouts are found
        in that theme's folder first)."""
        return theme_of(load_brand(self.client.brand_path), self.client)

