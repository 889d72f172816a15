"""`--watch`: run a build (or preview) again whenever a file it reads changes, and keep going.

What is watched: the workspace's input folders (cards/, brands/, clients/, templates/, fonts/,
profiles/, icons/ and every folder inside them) and the folder of each file the run reads from
elsewhere (a deck, brand, client, logo or icon outside them), each folder without its
subfolders, so a deck kept in a big folder does not watch everything below it. Built-in layouts
and fonts do not change while deckpress runs. Ignored: the files the run writes, the output/
folder, deckpress's temporary files (.deckpress-…) and editors' swap and backup files, so a
build never sets itself off.

The watch loop takes the run and the stream of changes as functions, so a test can drive it
with a list of change sets. A run reports its own result or errors and says what to watch
next: the folders can change with the files (a deck now naming another brand), and then the
watcher starts again on the new ones. Changes made while a run is going are gathered by the
watcher and lead to one more run, not one per change.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import click

from ..errors import DeckError, display_path
from ..output.guard import INPUT_FOLDERS, PACKAGE
from ..source.workspace import workspace_of

if TYPE_CHECKING:
    from ..inputs import Inputs

DEBOUNCE_MS = 300  # the longest a burst of changes (an editor's save) is gathered for
STEP_MS = 40  # this long without a further change and the run starts
MAX_FOLDERS = 2000  # watched folders; a workspace has a handful
TEMPORARY = re.compile(r"^\.deckpress-")
# the folders a build reads from, and the workspace's own inline icons
WATCHED_FOLDERS = tuple(dict.fromkeys((*INPUT_FOLDERS, "icons")))


@dataclass(frozen=True)
class Scope:
    """The folders to watch (each without its subfolders) and the paths whose changes do not
    count (what the run writes, and the output folders)."""

    folders: frozenset[Path]
    ignored: frozenset[Path]

    def relevant(self, changed: Iterable[Path]) -> list[Path]:
        """The changed paths a run depends on."""
        return sorted(path for path in changed if not TEMPORARY.match(path.name)
                      and not any(path == place or place in path.parents
                                  for place in self.ignored))


class Changes(Protocol):
    def __call__(self, scope: Scope) -> Iterable[set[Path]]: ...


def scope_of(ran: Ran) -> Scope:
    """What to watch after a run: its workspaces' input folders, the folders of the files it
    read (or could name, when loading them failed), and not what it wrote."""
    read = [path for path in ran.read
            if path is not None and PACKAGE not in path.absolute().parents]  # built-in icons
    # a file linked in from elsewhere changes where it really is: that folder is watched too
    folders = {place.parent for path in read for place in _places(path)}
    workspaces = sorted({workspace.absolute() for workspace in ran.workspaces})
    for workspace in workspaces:
        for name in WATCHED_FOLDERS:  # walked no further than what can be watched
            folders.update(islice(subfolders(workspace / name), MAX_FOLDERS))
    ignored = {workspace / "output" for workspace in workspaces}
    ignored.update(path.absolute() for path in ran.written)
    kept = sorted(folder for folder in folders if folder.is_dir())[:MAX_FOLDERS]
    return Scope(frozenset(kept), frozenset(ignored))


def _places(path: Path) -> tuple[Path, ...]:
    """Where a file is named, and where it really is when it is a link."""
    try:
        return path.absolute(), path.resolve()
    except (OSError, RuntimeError):  # a link that leads round in a loop
        return (path.absolute(),)


def subfolders(folder: Path) -> Iterator[Path]:
    """`folder` and every folder inside it, hidden ones and links to folders left out."""
    if not folder.is_dir():
        return
    for root, names, _ in os.walk(folder):
        names[:] = sorted(name for name in names if not name.startswith("."))
        yield Path(root)


def watch_loop(run: Callable[[], Scope], changes: Changes) -> None:
    """Run, then run again after each relevant change, until the changes end (a stop) or
    Ctrl-C is pressed while waiting; Ctrl-C during a run stops that run as it stops any
    command (the KeyboardInterrupt goes on)."""
    scope = run()
    while True:
        stream = iter(changes(scope))
        while True:
            try:
                changed = next(stream)
            except (StopIteration, KeyboardInterrupt):
                return
            if not scope.relevant(changed):
                continue
            following = run()
            moved = following.folders != scope.folders
            scope = following
            if moved:  # watch the new folders from now on
                break


class Stop(Protocol):
    """Something set when watching is to stop (a threading.Event)."""

    def is_set(self) -> bool: ...


def file_changes(scope: Scope, stop: Stop | None = None) -> Iterator[set[Path]]:
    """The changed paths in the scope's folders, a set per burst, as watchfiles gathers them
    (also while the caller is busy running). Editors' swap and backup files and deckpress's
    temporary files are left out."""
    import watchfiles  # loaded only to watch: it takes a while

    if not scope.folders:
        return
    quiet = watchfiles.DefaultFilter(ignore_entity_patterns=(
        *watchfiles.DefaultFilter.ignore_entity_patterns, TEMPORARY.pattern))
    for batch in watchfiles.watch(*scope.folders, watch_filter=quiet, debounce=DEBOUNCE_MS,
                                  step=STEP_MS, recursive=False, stop_event=stop,
                                  raise_interrupt=True):
        yield {Path(path) for _, path in batch}


def failure_message(error: DeckError | OSError) -> str:
    """An error as the command would print it if it were not watching; but every problem of
    the files, not only the first: while watching, the coach fixes them one save at a time."""
    if isinstance(error, DeckError):
        return "\n".join(f"error: {one.format()}" for one in error.each or [error])
    place = f"{error.filename}: " if error.filename else ""
    return f"error: {place}{error.strerror or error}"


def guarded(run: Callable[[], Scope], fallback: Callable[[], Scope]) -> Callable[[], Scope]:
    """`run` as a watch runs it: a mistake in the files (or a refusal of the system) is printed
    as the command prints it, and the watch goes on, over the `fallback` scope: the files named
    on the command line."""

    def attempt() -> Scope:
        try:
            return run()
        except (DeckError, OSError) as error:
            click.echo(failure_message(error), err=True)
            return fallback()

    return attempt


def watching_line(scope: Scope) -> str:
    """The folders watched, those inside another left out: 'watching cards/, brands/ …'."""
    tops = sorted(display_path(folder) + "/" for folder in scope.folders
                  if not any(parent in scope.folders for parent in folder.parents))
    listed = ", ".join(tops[:6]) + (f" and {len(tops) - 6} more" if len(tops) > 6 else "")
    return f"watching {listed or 'nothing'} for changes (Ctrl-C to stop)"


@dataclass(frozen=True)
class Ran:
    """What one run read (the files it could name, and the workspaces whose folders it reads
    from) and wrote, and whether a card failed."""

    read: list[Path | None]
    written: list[Path]
    workspaces: list[Path] = field(default_factory=list)
    failed: bool = False

    def __add__(self, other: Ran) -> Ran:
        return Ran([*self.read, *other.read], [*self.written, *other.written],
                   [*self.workspaces, *other.workspaces], self.failed or other.failed)


def named_on_command_line(deck: Path | None, brand: Path | None, client: Path | None,
                          output: Path | None) -> Ran:
    """What the command line names: watched even when loading them fails."""
    workspaces = []
    for path in (deck, client):
        try:
            workspaces += [workspace_of(path)] if path is not None else []
        except DeckError:  # a link that leads round in a loop: its folder alone
            continue
    return Ran([deck, brand, client], [output] if output is not None else [], workspaces)


def what_ran(targets: Iterable[Inputs], written: list[Path], failed: bool = False) -> Ran:
    """What runs over these decks read, and wrote."""
    chosen = list(targets)
    return Ran([path for inputs in chosen for path in input_files(inputs)], written,
               [inputs.workspace for inputs in chosen], failed)


def input_files(inputs: Inputs) -> list[Path | None]:
    """The files a deck's run reads that may lie outside the workspace's folders."""
    return [*inputs.deck.source.files, inputs.brand.path, inputs.brand.logo,
            inputs.client.path if inputs.client is not None else None,
            *inputs.deck.icons.values()]


def watch_command(run: Callable[[], Ran], command_line: Ran, say: Callable[[str], None],
                  changes: Changes | None = None) -> None:
    """Run, say what is watched, and run again after every change until Ctrl-C (exit code 0:
    stopping is how a watch ends, not a run cut short; Ctrl-C during a run is exit code 130,
    as for any command)."""
    announced = False

    def scoped() -> Scope:
        return scope_of(run() + command_line)

    def announce() -> Scope:
        nonlocal announced
        scope = guarded(scoped, lambda: scope_of(command_line))()
        if not announced:
            say(watching_line(scope))
            announced = True
        return scope

    watch_loop(announce, changes or file_changes)
    say("stopped watching")
