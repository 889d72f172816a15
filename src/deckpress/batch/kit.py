"""One client's kit: in output/<client>/, each of the client's decks as the profile prints it
(a PDF, or a folder of PNG files) and its worksheets, and optionally output/<client>.zip to send.

A kit is built in a scratch folder and put in place as a whole, so a failure leaves the
previous kit as it was; it is skipped when its ledger says nothing it depends on has changed.
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
from ..inputs import Inputs, load_client_inputs
from ..layout.templates import Layouts
from ..output.profiles import load_profile, profile_files
from ..output.write import atomic_output
from ..render.fonts import load_fonts
from ..source.client import LoadedClient, load_client
from ..source.roster import is_roster, roster_rows
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
    """Which client (a client file, or a roster and the client's folder name) to build."""

    source: Path
    slug: str
    workspace: Path
    options: KitOptions = KitOptions()


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


def load_clients(source: Path, workspace: Path) -> list[LoadedClient]:
    """The clients of a client file (one) or of a roster (the rows without mistakes: another
    row's mistake is not this client's)."""
    if is_roster(source):
        return [row for row in roster_rows(source, workspace) if isinstance(row, LoadedClient)]
    return [load_client(source, workspace)]


def client_digest(client: LoadedClient) -> str:
    """What the kit takes from the client: their details and choices, and the files those name
    (a roster's other rows, or a comment in a client file, do not count)."""
    return ledger.content_digest(json.dumps([
        client.client.model_dump(mode="json"), client.slug, str(client.brand_path),
        [str(path) for path in client.deck_paths]], sort_keys=True))


def make_kit(task: KitTask) -> KitResult:
    """Build one client's kit, or find it up to date; a problem is a failed result, never an
    exception, so one client's mistake never stops the others."""
    started = time.perf_counter()
    name = task.slug
    try:
        clients = {one.slug: one for one in load_clients(task.source, task.workspace)}
        if task.slug not in clients:
            raise DeckError(f"no client for output/{task.slug}/ in this file any more", Where(
                task.source), "it changed while the batch ran: run the batch again")
        client = clients[task.slug]
        name = client.client.name
        kit = Kit(client, task.workspace, task.options)
        result = kit.build()
    except DeckError as error:
        return KitResult(task.slug, name, "failed", seconds=time.perf_counter() - started,
                         error=error.format())
    return KitResult(task.slug, name, result.status, result.cards, result.pages,
                     time.perf_counter() - started, result.warnings, None, result.files)


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
    digests: Digests = field(default_factory=Digests)

    @property
    def folder(self) -> Path:
        return self.workspace / "output" / self.client.slug

    @property
    def zip_path(self) -> Path:
        return self.workspace / "output" / f"{self.client.slug}.zip"

    def settings(self) -> dict[str, object]:
        return {"zip": self.options.zip, "worksheets": self.options.worksheets}

    def build(self) -> Built:
        resolver = Resolver(self.workspace, self.client)
        if not self.options.force and ledger.up_to_date(self.folder, self.settings(),
                                                        resolver.resolve, self.digests):
            summary = (ledger.read(self.folder) or {}).get("summary", {})
            files = tuple(ledger.recorded_outputs(self.folder))
            if self.options.zip and not self.zip_path.is_file():
                self._zip(list(files))  # deleted since: made again from the kit as it is
            return Built("up to date", summary.get("cards", 0), summary.get("pages", 0),
                         files=files)
        output = self.workspace / "output"
        output.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f".deckpress-{self.client.slug}-",
                                         dir=output) as scratch:
            temp = Path(scratch)
            made, inputs = self._make(temp)
            self._install(temp, made)
        cards = sum(result.cards for result in made.values())
        pages = sum(result.pages for result in made.values())
        ledger.record(self.folder, inputs, self.settings(), list(made), self.digests,
                      {"cards": cards, "pages": pages})
        if self.options.zip:
            self._zip(list(made))
        warnings = tuple(finding.line() for result in made.values()
                         for finding in result.findings.items)
        return Built("built", cards, pages, warnings, tuple(made))

    def _make(self, temp: Path) -> tuple[dict[str, BuildResult], dict[str, ledger.Input]]:
        """Every file of the kit, written into `temp`; what they were made from."""
        client = self.client
        made: dict[str, BuildResult] = {}
        depends: dict[str, ledger.Input] = {"client": client_digest(client)}
        profile = load_profile(client.profile_name, self.workspace)
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
            depends.update(_deck_inputs(inputs, made[name], job.layouts.used, index))
            if self.options.worksheets:
                plan = plan_worksheets(inputs, worksheet_settings(client.client.paper))
                sheets = f"{stem}-worksheets-{plan.pagination.paper.label}.pdf"
                written = plan.write(temp / sheets)
                made[sheets] = BuildResult(written.output, written.pages, 0, 0, Findings())
                depends.update(_sheet_inputs(plan))
        return made, depends

    def _install(self, temp: Path, made: dict[str, BuildResult]) -> None:
        """The new kit in place of the old: each file or folder replaced, stale ones removed."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in made:
            _replace(temp / name, self.folder / name)
        for name in ledger.recorded_outputs(self.folder):
            if name not in made:
                stale = self.folder / name
                if stale.is_dir() and not stale.is_symlink():
                    shutil.rmtree(stale)
                else:
                    stale.unlink(missing_ok=True)

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


def _replace(source: Path, target: Path) -> None:
    """Move a finished file or folder onto `target`; a folder there is set aside first and
    removed once the new one is in place."""
    if not (target.is_dir() and not target.is_symlink()):
        os.replace(source, target)
        return
    aside = target.with_name(f".{target.name}.old")
    shutil.rmtree(aside, ignore_errors=True)
    os.rename(target, aside)
    os.rename(source, target)
    shutil.rmtree(aside, ignore_errors=True)


def _deck_inputs(inputs: Inputs, result: BuildResult, layouts: dict[str, str],
                 index: int) -> dict[str, list[Path]]:
    """What one deck of the kit depends on: the files it was read from and the files found
    by name (layouts, fonts)."""
    depends: dict[str, list[Path]] = {
        f"deck:{index}": [inputs.deck.source.path],
        "brand": [inputs.brand.path] if inputs.brand.path else [],
    }
    logo = [inputs.brand.logo] if inputs.brand.logo is not None else []
    for path in (*logo, *inputs.deck.icons.values(), *result.images):
        depends[f"image:{path}"] = [path]
    for name in layouts:
        depends[f"layout:{name}"] = [Path(layouts[name])]
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
            return client_digest(self.client)
        if kind == "deck":
            return [self.client.deck_paths[int(name)]]
        if kind == "brand":
            return [self.client.brand_path]
        if kind == "image":
            return [Path(name)]
        if kind == "profile":
            return [profile_files(self.workspace)[name]]
        if kind in ("layout", "sheet"):
            return [self._template(kind, name)]
        if kind == "font":
            family = load_fonts(self.workspace).families[name]
            return [family.files[slot] for slot in sorted(family.files)]
        return None

    def _template(self, kind: str, name: str) -> Path:
        if kind == "layout":
            self._layouts = self._layouts or Layouts(self.workspace)
            layouts = self._layouts
        else:
            self._sheets = self._sheets or templates_for(self.workspace)
            layouts = self._sheets
        _, filename, _ = layouts.env.loader.get_source(layouts.env, name)  # type: ignore[union-attr]
        if filename is None:
            raise KeyError(name)
        return Path(filename)

