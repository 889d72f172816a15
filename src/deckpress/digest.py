"""Digests: of deckpress itself (what a build's output depends on besides the user's files),
and of files, read in pieces so a huge or endless file costs no memory."""

from __future__ import annotations

import hashlib
import os
import stat
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
