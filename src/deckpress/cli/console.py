"""What the commands print, and how a failure ends: -q/-v on every command, a progress bar on
a terminal, one message per user mistake, and a saved traceback for a bug (exit code 3)."""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import INTERRUPTED, DeckError
from .params import ContentError

Command = TypeVar("Command", bound=Callable[..., Any])

QUIET, NORMAL, VERBOSE = 0, 1, 2


class InternalError(click.ClickException):
    """A bug in deckpress, not a mistake in the user's files: exit code 3."""

    exit_code = 3

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


class Console:
    """Prints at the chosen level: results (not with -q), details (only with -v)."""

    def __init__(self, level: int = NORMAL):
        self.level = level

    @property
    def quiet(self) -> bool:
        return self.level == QUIET

    def say(self, message: str, err: bool = False) -> None:
        if self.level >= NORMAL:
            click.echo(message, err=err)

    def detail(self, message: str) -> None:
        if self.level >= VERBOSE:
            click.echo(message, err=True)


def verbosity(command: Command) -> Command:
    """-q/--quiet and -v/--verbose, passed to the command as `console`."""

    @click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
    @click.option("--verbose", "-v", is_flag=True,
                  help="Also say which files were used and how long it took.")
    @functools.wraps(command)
    def wrapper(*args: Any, quiet: bool, verbose: bool, **kwargs: Any) -> Any:
        if quiet and verbose:
            raise click.UsageError("-q/--quiet and -v/--verbose cannot be used together")
        level = QUIET if quiet else VERBOSE if verbose else NORMAL
        return command(*args, console=Console(level), **kwargs)

    return wrapper  # type: ignore[return-value]


def progress_lines() -> bool:
    """DECKPRESS_PROGRESS=lines: the studio reads a command's output a line at a time, so
    progress comes as lines `progress: N/M ...` on stderr instead of a bar."""
    return os.environ.get("DECKPRESS_PROGRESS") == "lines"


def progress_wanted(console: Console) -> bool:
    return not console.quiet and (sys.stderr.isatty() or progress_lines())


class Progress:
    """A progress bar on an interactive terminal, for decks big enough to wait for; a line for
    each tenth of the deck when the studio runs the command."""

    MIN_CARDS = 200

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar: Any = None
        self.lines = progress_lines()
        self.tenths = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if self.lines:
            if done * 10 // total > self.tenths or done == total:
                self.tenths = done * 10 // total
                click.echo(f"progress: {done}/{total} cards", err=True)
            return
        if total < self.MIN_CARDS:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="drawing cards", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class Group(click.Group):
    """Runs a command and turns what went wrong into one message and an exit code: 1 for a
    problem in the user's files or system, 2 for options that do not go together, 3 for a bug
    (the traceback is saved to a file)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """SIGTERM (a service stopping, `kill`) stops a command as Ctrl-C does: what was being
        written is removed, the previous outputs are left as they were."""
        with terminate_as_interrupt():
            return super().main(*args, **kwargs)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:  # a stop while the command line is read: as one while the command runs
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise _interrupted() from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM: the temporary files are gone by now
            raise _interrupted() from None
        except DeckError as error:
            if error.kind == "option":  # options that do not go together: a usage mistake
                raise click.UsageError(error.format(), _command_context(ctx)) from None
            raise ContentError(error.format()) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:  # the system refused: a full disk, a path too long, ...
            place = f"{error.filename}: " if error.filename else ""
            raise ContentError(f"{place}{error.strerror or error}") from None
        except Exception as error:  # anything else is a bug
            raise InternalError(bug_report(error)) from None


def _interrupted() -> click.exceptions.Exit:
    click.echo("interrupted: nothing more was written; the previous outputs are as they were",
               err=True)
    return click.exceptions.Exit(INTERRUPTED)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM raises KeyboardInterrupt (in the main thread only: a
    signal handler cannot be set from another)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _command_context(ctx: click.Context) -> click.Context:
    """A context for the command that ran, so the usage line shown is that command's."""
    name = ctx.invoked_subcommand
    command = ctx.command.get_command(ctx, name) if isinstance(ctx.command, click.Group) \
        and name else None
    return click.Context(command, info_name=name, parent=ctx) if command else ctx


def bug_report(error: Exception) -> str:
    """The message for a bug, with the traceback saved where the user can send it."""
    details = "".join(traceback.format_exception(error))
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"deckpress-error-{stamp}-{os.getpid()}.txt"
    summary = f"internal error: {type(error).__name__}: {error}"
    advice = "this is a bug in deckpress, not a problem in your files"
    try:
        path = Path(tempfile.gettempdir()) / name
        path.write_text(f"deckpress {__version__}\n{' '.join(sys.argv)}\n\n{details}",
                        encoding="utf-8")
    except OSError:
        return f"{summary}\n  {advice}; please report it with this traceback:\n{details}"
    return (f"{summary}\n  {advice}; the details were saved to {path}: please send that file "
            "with your report")

