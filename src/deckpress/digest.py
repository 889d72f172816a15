"""Digests: of deckpress itself (what a build's output depends on besides the user's files),
and of files, read in pieces so a huge or endless file costs no memory; and the files of
digests deckpress keeps between runs (the face cache, build ledgers), written whole."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

from . import __version__


@cache
def code_digest() -> str:
    """deckpress's own code and data, so a new deckpress rebuilds every kit."""
    digest = hashlib.sha256(__version__.encode())
    root = Path(str(resources.files("deckpress")))
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


CHUNK = 1 << 20
MAX_DIGESTED = 1 << 30  # a file bigger than any input deckpress takes is not read


def file_digest(path: Path, algorithm: str = "sha256") -> str | None:
    """The content digest of a regular file; None for anything else (missing, a folder, a
    device or pipe, unreadable, or larger than any input can be). Opened without waiting, so a
    named pipe with no writer is said to be no file rather than waited on for ever."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DIGESTED:
        os.close(descriptor)
        return None
    with open(descriptor, "rb", closefd=True) as stream:
        digest = hashlib.new(algorithm)
        try:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        except OSError:
            return None
    return digest.hexdigest()


def keep_whole(file: Path, data: bytes) -> None:
    """Write a file deckpress keeps for itself whole (a temporary file beside it, then
    renamed); one that cannot be written is left out: it only saves work next time."""
    folder = file.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=f".{file.stem}-", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(name, file)
    except OSError:
        Path(name).unlink(missing_ok=True)
