"""One card's face as a PNG, and a deck's `check` findings by card, for the Decks page.

Both come from the engine the command line uses: the faces are drawn as `deckpress preview`
draws them (the deck's layouts, its brand and fonts, the profile's bleed cut off, the texts
at the sizes the whole deck sets), and the findings are those `deckpress check` lists. The
page shows a deck as nobody in particular gets it, with one of the workspace's brands, or as
one client gets it (the client's brand, theme, intro and choice of cards).

Drawing takes a moment, so what was drawn is kept, keyed by the state of the workspace's
files: a repeat is instant and any edit, in the studio or in an editor, draws afresh. The
engine keeps some settings in ReportLab's and PDFium's modules, which are not made for two
drawings at once, so every drawing and check of the studio holds one lock.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Literal, TypeVar

from ..build import Options, deck_for, deck_layouts, face_spec_for
from ..check import check_deck
from ..cli.targets import Target, loaders
from ..errors import DeckError, Where, combined
from ..findings import Finding, Findings
from ..inputs import Inputs
from ..output.preview import Face
from ..output.preview import Problem as FaceProblem
from ..output.profiles import Profile
from ..preview import CardDrawing, CompiledLayouts
from ..render.cards import CardSource
from ..render.deckfaces import DeckFaces
from ..source.client import load_client
from ..source.roster import ClientRef
from .paths import OutsideWorkspace, inside
from .state import Studio, kept

PREVIEW_DPI = 150  # sharp enough beside the table, quick to draw and send
MAX_IMAGES = 400  # faces kept (a few hundred kB each at most)
MAX_REPORTS = 24  # decks' check findings kept
WATCHED = ("cards", "brands", "clients", "fonts", "icons", "templates", "profiles")
MAX_WATCHED_FILES = 5000  # a workspace holding more is still watched, by its first files
Side = Literal["front", "back"]
SIDES: tuple[Side, Side] = ("front", "back")

Kept = TypeVar("Kept")


class CardProblem(Exception):
    """A face that cannot be drawn, or a deck that cannot be loaded: `message` is what the
    command line says about it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Viewpoint:
    """Who the deck is seen as: nobody in particular ("" in a URL), a brand of the workspace
    ("brand:NAME") or a client ("client:NAME")."""

    kind: Literal["plain", "brand", "client"] = "plain"
    name: str = ""

    @classmethod
    def parse(cls, text: str | None) -> Viewpoint:
        """The viewpoint a page names; ValueError for anything else."""
        if not text:
            return cls()
        kind, _, name = text.partition(":")
        if kind not in ("brand", "client") or not plain_name(name):
            raise ValueError(f"'{text[:60]}' is not a brand or client of the workspace "
                             "(brand:NAME or client:NAME)")
        return cls("brand" if kind == "brand" else "client", name)

    @property
    def value(self) -> str:
        return "" if self.kind == "plain" else f"{self.kind}:{self.name}"

    def file(self, workspace: Path) -> Path | None:
        """The brand or client file, which must be there; None for no brand."""
        if self.kind == "plain":
            return None
        folder = "brands" if self.kind == "brand" else "clients"
        try:
            path = inside(workspace, f"{folder}/{self.name}.yaml")
        except OutsideWorkspace as error:
            raise CardProblem(str(error)) from None
        if not path.is_file():
            raise CardProblem(f"the workspace has no {self.kind} '{self.name}' "
                              f"({folder}/{self.name}.yaml)")
        return path


def plain_name(name: str) -> bool:
    """A name of a file in brands/ or clients/: no folder, nothing hidden."""
    return bool(name) and len(name) <= 200 and "/" not in name and "\\" not in name \
        and not name.startswith(".") and name.isprintable()


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def viewpoints(workspace: Path, deck: Path) -> list[Choice]:
    """What the page offers to preview the deck as: no brand, each brand, and each client who
    gets this deck (a client file that cannot be read is left out: its own page says why)."""
    found = [Choice("", "No brand (plain)")]
    found += [Choice(f"brand:{path.stem}", f"Brand: {path.stem}")
              for path in sorted((workspace / "brands").glob("*.yaml"))
              if plain_name(path.stem)]
    wanted = deck.resolve()
    for path in sorted((workspace / "clients").glob("*.yaml")):
        if not plain_name(path.stem):
            continue
        try:
            client = load_client(path, workspace)
        except (DeckError, OSError):
            continue
        if any(deck_path.resolve() == wanted for deck_path in client.deck_paths):
            found.append(Choice(f"client:{path.stem}", f"Client: {client.client.name}"))
    return found


def workspace_state(workspace: Path) -> str:
    """A fingerprint of every file a deck's look can depend on (name, size, time written): a
    change to any of them, made here or in an editor, is a new state."""
    digest = hashlib.sha256()
    count = 0
    for folder in WATCHED:
        for root, folders, files in os.walk(workspace / folder):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or count >= MAX_WATCHED_FILES:
                    continue
                path = Path(root) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue
                count += 1
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def shown_place(workspace: Path, where: Where) -> str:
    """`file:line, card 'X', field 'Y'` as `check` says it, the file named from the workspace
    (the studio's own folder is nobody's business: a file outside it goes by its name)."""
    if where.file is not None and not Path(where.file).resolve().is_relative_to(
            workspace.resolve()):
        where = replace(where, file=Path(Path(where.file).name))
    return where.describe(workspace)


@dataclass(frozen=True)
class Problem:
    """One finding of `check`, for the page: the card and field it is at, and its words."""

    severity: str  # "error" | "warning"
    card: str | None
    field: str | None
    problem: str  # the problem and its hint, without the place (shown at the card)
    line: str  # the whole line as `check` prints it

    def as_json(self) -> dict[str, str | None]:
        return {"severity": self.severity, "card": self.card, "field": self.field,
                "problem": self.problem, "line": self.line}


def problem_of(workspace: Path, finding: Finding) -> Problem:
    where = finding.where
    problem = finding.problem + (f" [{where.markup.describe()}]" if where.markup else "")
    problem += f" (hint: {finding.hint})" if finding.hint else ""
    place = shown_place(workspace, where)
    line = f"{finding.severity}: {place}: {problem}" if place else \
        f"{finding.severity}: {problem}"
    return Problem(finding.severity, where.card, where.field, problem, line)


def error_message(workspace: Path, error: DeckError) -> str:
    """A DeckError as the command line says it, each problem on a line of its own."""
    return "\n".join(problem_of(workspace, Finding.of(one)).line for one in error.each or [error])


@dataclass(frozen=True)
class Report:
    """The deck's findings, as `check` found them for one viewpoint."""

    problems: tuple[Problem, ...]
    cards: int | None  # cards to print, None when the deck could not be loaded
    profile: str | None
    # a client's: the ids of the deck's cards they get (with those left out for a mistake)
    theirs: tuple[str, ...] | None = None

    def by_card(self) -> dict[str, list[Problem]]:
        found: dict[str, list[Problem]] = {}
        for problem in self.problems:
            if problem.card is not None:
                found.setdefault(problem.card, []).append(problem)
        return found

    @property
    def general(self) -> list[Problem]:
        """The findings about no card in particular (the brand, a font, the deck's size)."""
        return [problem for problem in self.problems if problem.card is None]

    def as_json(self) -> dict[str, object]:
        return {"problems": [problem.as_json() for problem in self.problems],
                "cards": self.cards, "profile": self.profile, "theirs": self.theirs,
                "errors": sum(problem.severity == "error" for problem in self.problems),
                "warnings": sum(problem.severity == "warning" for problem in self.problems)}


class Recent(OrderedDict[tuple[str, ...], Kept]):
    """The last `size` things made, by key, the oldest let go first."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def keep(self, key: tuple[str, ...], value: Kept) -> Kept:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
        return value

    def find(self, key: tuple[str, ...]) -> Kept | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value


FaceImage = bytes | CardProblem


class CardImages:
    """The faces and findings of the workspace's decks, drawn on demand and kept."""

    def __init__(self, workspace: Path, lock: threading.Lock):
        self.workspace = workspace
        self.lock = lock  # held while the engine draws or checks (see the module's docstring)
        self.compiled = CompiledLayouts()  # layouts compiled, cards' text sizes measured
        self.faces: Recent[FaceImage] = Recent(MAX_IMAGES)
        self.reports: Recent[Report] = Recent(MAX_REPORTS)

    def face(self, deck: str, viewpoint: Viewpoint, card_id: str, side: Side) -> bytes:
        """The PNG of one face of the card `card_id`; CardProblem when it cannot be drawn."""
        key = (workspace_state(self.workspace), deck, viewpoint.value, card_id)
        found = self.faces.find((*key, side))
        if found is None:
            with self.lock:
                found = self.faces.find((*key, side))
                if found is None:
                    for one_side, drawn in zip(SIDES, self._draw(deck, viewpoint, card_id),
                                               strict=True):
                        self.faces.keep((*key, one_side), drawn)
                    found = self.faces[(*key, side)]
        if isinstance(found, CardProblem):
            raise found
        return found

    def report(self, deck: str, viewpoint: Viewpoint) -> Report:
        """What `deckpress check` finds in the deck, seen from `viewpoint`."""
        key = (workspace_state(self.workspace), deck, viewpoint.value)
        found = self.reports.find(key)
        if found is None:
            with self.lock:
                found = self.reports.find(key) or self.reports.keep(
                    key, self._check(deck, viewpoint))
        return found

    def known_report(self, deck: str, viewpoint: Viewpoint) -> Report | None:
        """The findings, if the deck was checked as its files are now: a page shows them at
        once, and asks for them when they are not known yet."""
        return self.reports.find((workspace_state(self.workspace), deck, viewpoint.value))

    def _loader(self, deck: str, viewpoint: Viewpoint) -> Callable[[], Target]:
        try:
            deck_path = inside(self.workspace, deck)
        except OutsideWorkspace as error:
            raise CardProblem(str(error)) from None
        file = viewpoint.file(self.workspace)
        client = ClientRef(file) if viewpoint.kind == "client" and file is not None else None
        brand = file if viewpoint.kind == "brand" else None
        return loaders(deck_path, brand, client, None, lenient=True)[0]

    def _check(self, deck: str, viewpoint: Viewpoint) -> Report:
        try:
            load = self._loader(deck, viewpoint)
        except CardProblem as problem:
            return Report((Problem("error", None, None, problem.message,
                                   f"error: {problem.message}"),), None, None)
        result = check_deck(partial(inputs_and_profile, load), Options(jobs=1))
        problems = tuple(problem_of(self.workspace, finding) for finding in result.findings.items)
        profile = result.job.profile.name if result.job is not None else None
        theirs = None
        if viewpoint.kind == "client" and result.job is not None:
            theirs = tuple(dict.fromkeys([*(card.id for card in result.job.inputs.deck.cards),
                                          *(problem.card for problem in problems
                                            if problem.card is not None)]))
        return Report(problems, result.cards, profile, theirs)

    def _draw(self, deck: str, viewpoint: Viewpoint, card_id: str) -> tuple[FaceImage, FaceImage]:
        """Both faces of the card (a card is drawn whole), or the problem each shows."""
        try:
            inputs, profile = inputs_and_profile(self._loader(deck, viewpoint))
            index = card_index(inputs, card_id, viewpoint)
            images = drawn_faces(inputs, profile, index, self.compiled)
        except DeckError as error:
            problem = CardProblem(error_message(self.workspace, error))
            return problem, problem
        except CardProblem as problem:
            return problem, problem
        except Exception as surprise:  # an engine surprise is a message, never a server error
            unexpected = CardProblem(f"this card could not be drawn ({type(surprise).__name__}: "
                                     f"{surprise}); run `deckpress check` on the deck to see "
                                     "more")
            return unexpected, unexpected
        return images


def inputs_and_profile(load: Callable[[], Target]) -> tuple[Inputs, Profile]:
    target = load()
    return target.inputs, target.chosen_profile


def card_index(inputs: Inputs, card_id: str, viewpoint: Viewpoint) -> int:
    """Where the card is in the deck as loaded; a card left out for its own mistakes, or
    one the client does not get, is a problem saying so."""
    deck = inputs.deck
    for index, card in enumerate(deck.cards):
        if card.id == card_id:
            return index
    own = [error for error in deck.problems if error.where.card == card_id]
    if own:
        raise combined(own)
    if viewpoint.kind == "client":
        raise CardProblem(f"client {viewpoint.name} does not get card '{card_id}': their client "
                          "file chooses which of the deck's cards they get")
    raise CardProblem(f"the deck has no card '{card_id}'")


def drawn_faces(inputs: Inputs, profile: Profile, index: int,
                compiled: CompiledLayouts) -> tuple[FaceImage, FaceImage]:
    """The card's front and back as PNGs at PREVIEW_DPI, drawn as `deckpress preview` draws
    them: the texts at the sizes the whole deck sets (measured once, then kept in
    `compiled`); the problem instead when the card cannot be drawn."""
    layouts = deck_layouts(inputs)
    layouts.env.bytecode_cache = compiled
    source = CardSource(deck_for(inputs), inputs.fonts, layouts, face_spec_for(inputs, profile))
    body = source.fonts.family(source.target.brand.brand.fonts.body).face()
    caps = DeckFaces(source, body, 1, Findings()).caps(compiled.sizes)
    pixels = (max(1, round(inputs.deck.width * PREVIEW_DPI / 72)),
              max(1, round(inputs.deck.height * PREVIEW_DPI / 72)))
    drawing = CardDrawing(source, 2, pixels, Findings(), caps)
    faces = dict(drawing.cards([index]))[index]
    if drawing.failed:
        problem = CardProblem(error_message(inputs.workspace, drawing.failed[0]))
        return problem, problem
    front, back = (png_bytes(face) for face in faces)
    return front, back


def png_bytes(face: Face) -> bytes:
    if isinstance(face, FaceProblem):  # not given when the card failed; said all the same
        raise CardProblem(face.problem)
    buffer = io.BytesIO()
    face.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def card_images(studio: Studio) -> CardImages:
    """The studio's one CardImages, made when first needed."""
    return kept(studio, "card_images", CardImages,
                lambda: CardImages(studio.workspace, engine_lock(studio)))


def engine_lock(studio: Studio) -> threading.Lock:
    """The lock every drawing of the studio holds (a build drawing in a thread holds it too)."""
    lock = studio.extras.setdefault("engine_lock", threading.Lock())
    assert isinstance(lock, type(threading.Lock()))
    return lock
