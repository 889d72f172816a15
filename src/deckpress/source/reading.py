"""Reading the user's files: only regular files, and only up to a size far above any real
deck, brand, client file or roster. A link to /dev/zero, a pipe or a huge file is refused at
once instead of being read without end."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import DeckError, Where

MIB = 1024 * 1024
MAX_TEXT = 16 * MIB  # a deck of 10,000 long cards is about 5 MiB
MAX_SPREADSHEET = 64 * MIB


def check_regular(path: Path, what: str, limit: int) -> int:
    """The file's size, if it is a regular file no larger than `limit`; else a DeckError.
    A missing file raises FileNotFoundError, for the caller to word."""
    info = os.stat(path)  # follows links: what counts is what they lead to
    if stat.S_ISDIR(info.st_mode):
        raise DeckError(f"{what} is a folder, not a file", Where(path))
    if not stat.S_ISREG(info.st_mode):
        raise DeckError(f"{what} is not a regular file (a device, pipe or socket)", Where(path),
                        "give the path of a file saved on disk")
    if info.st_size > limit:
        raise DeckError(f"{what} is {info.st_size / MIB:.0f} MiB, more than the "
                        f"{limit // MIB} MiB deckpress reads", Where(path),
                        "check that this is the right file; split a very large one")
    return info.st_size


def read_limited(path: Path, what: str, limit: int = MAX_TEXT) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (checked again while reading, in
    case it grows)."""
    check_regular(path, what, limit)
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise DeckError(f"{what} grew past {limit // MIB} MiB while it was read", Where(path))
    return data
