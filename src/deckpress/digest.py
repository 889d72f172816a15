"""A digest of deckpress itself: what a build's output depends on besides the user's files."""

from __future__ import annotations

import hashlib
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
