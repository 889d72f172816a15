"""Write output atomically: a temp file beside the target, then a rename.

A failed or interrupted build never leaves a half-written file and never truncates the previous
good output. Temporary files and folders are named for the process and machine that made them,
so a later build can remove what a killed one left behind without touching one still at work.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import DeckError, Where

LEFTOVER = re.compile(r"^\.deckpress-(\d+)@([^~/]*)~")


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname())[:64]


def scratch_prefix() -> str:
    """The start of the name of every temporary file or folder deckpress makes."""
    return f".deckpress-{os.getpid()}@{_host()}~"


def remove_leftovers(folder: Path, own: bool = False) -> list[str]:
    """Remove the temporary files and folders that builds killed on this machine left in
    `folder` (a process that no longer runs), and with `own` this process's too (once it has
    stopped building); the names removed."""
    removed: list[str] = []
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(".deckpress-")]
    except OSError:
        return removed
    host = _host()
    for entry in entries:
        match = LEFTOVER.match(entry.name)
        if match is None or match.group(2) != host:
            continue
        pid = int(match.group(1))
        if _running(pid) and not (own and pid == os.getpid()):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue  # another build removed it first, or it cannot be: left for later
        removed.append(entry.name)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or a number that is not a process id: keep
    return True


def output_path(target: Path) -> Path:
    """The file that will really be written: a symlink is followed, so it keeps pointing at it."""
    if not target.is_symlink():
        return target
    try:
        return target.resolve(strict=False)
    except (RuntimeError, OSError):
        raise DeckError("the output path is a symbolic link that leads nowhere (a loop)",
                        Where(target), "remove the link or choose another path with -o") from None


def check_writable(target: Path) -> None:
    """Fail before the (possibly long) build if the output cannot be written."""
    target = output_path(target)
    folder = target.parent
    if not folder.exists():
        raise DeckError(
            f"the output folder does not exist: {folder}",
            Where(target),
            f"create it first (mkdir -p {folder}) or choose another path with -o", kind="option",
        )
    if not folder.is_dir():
        raise DeckError(f"the output folder is not a folder: {folder}", Where(target),
                        "choose another path with -o", kind="option")
    if target.is_dir():
        raise DeckError("the output path is a folder", Where(target),
                        "give a file name, e.g. -o output/deck.pdf")
    if target.exists() and not target.is_file():
        raise DeckError("the output path exists and is not a regular file (a device or pipe?)",
                        Where(target), "give the path of a .pdf file")
    try:  # a real probe: permission bits alone do not tell (read-only mounts, root, ACLs)
        handle, probe = tempfile.mkstemp(prefix=scratch_prefix(), suffix=".probe", dir=folder)
    except OSError as error:
        raise DeckError(
            f"cannot write to the folder {folder}: {error.strerror}",
            Where(target),
            "choose a folder you can write to with -o, or fix its permissions",
        ) from None
    os.close(handle)
    os.unlink(probe)
    remove_leftovers(folder)


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """A temp file beside `target` to write; renamed onto `target` only if the block succeeds.

    Call `check_writable` first, before the work that fills the file.
    """
    target = output_path(target)
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~current_umask()
    # named before it is made, so a stop at any moment once it exists leaves nothing behind
    temp = target.parent / f"{scratch_prefix()}{os.urandom(8).hex()}.tmp"
    try:
        try:
            with open(temp, "xb"):
                pass
        except OSError as error:
            raise DeckError(f"cannot write the output: {error.strerror}", Where(target)) from None
        yield temp
        with open(temp, "rb+") as stream:
            os.fsync(stream.fileno())
        os.chmod(temp, mode)  # a rebuilt file keeps the permissions the old one had
        os.replace(temp, target)
    except OSError as error:
        raise DeckError(f"cannot write the output: {error.strerror or error}",
                        Where(target)) from None
    finally:
        if temp.exists():
            temp.unlink()
