"""What a client's kit was built from, kept beside it, so an unchanged kit is not built again.

A kit depends on files found by name (a layout, a printer profile, a font family: a new file in
the workspace can take the place of a built-in one) and files found by path (the deck, the
client and brand files, the logo, images). The ledger keeps, for each, a digest of where it was
found and what it held; a kit is up to date when every one of them resolves to the same file
with the same bytes, the options and deckpress are the same, and the files it wrote are still
there, unchanged. Deterministic output makes "unchanged" decidable: the same inputs would give
the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..digest import code_digest

LEDGER = ".deckpress-kit.json"
# An input: the files it was read from, or (for what is not a whole file, like a client that is
# one row of a roster) a digest of its content, made by `content_digest`.
Input = list[Path] | str
Resolve = Callable[[str], Input | None]  # an input found again, as a new build would; None if gone


def place(path: Path, workspace: Path) -> str:
    """Where a file is, as a ledger keeps it: relative to the workspace when it is inside (a
    workspace moved or copied elsewhere keeps its kits up to date), else absolute."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(workspace.resolve()).as_posix()
    except ValueError:
        return str(resolved)


@dataclass
class Digests:
    """File digests for one kit of a workspace, each file read once."""

    workspace: Path
    known: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def of(self, found: Input) -> str:
        """A digest of the files (where they are, and what they hold), or the content digest."""
        if isinstance(found, str):
            return found
        digest = hashlib.sha256()
        for path in found:
            stat = path.stat()
            key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
            if key not in self.known:
                self.known[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            digest.update(place(path, self.workspace).encode())
            digest.update(self.known[key].encode())
        return digest.hexdigest()


def content_digest(text: str) -> str:
    return "content:" + hashlib.sha256(text.encode()).hexdigest()


def record(folder: Path, inputs: dict[str, Input], settings: dict[str, Any],
           outputs: list[str], digests: Digests, summary: dict[str, Any]) -> None:
    """Write the ledger: a digest per input, the settings, a digest per output file, and a
    summary to report when the kit is found up to date."""
    entry = {
        "deckpress": code_digest(),
        "settings": settings,
        "summary": summary,
        "inputs": {key: digests.of(found) for key, found in sorted(inputs.items())},
        "outputs": {name: _output_digest(folder / name) for name in sorted(outputs)},
    }
    _write(folder, entry)


def outputs_digest(entry: dict[str, Any]) -> str:
    """One digest for the files a ledger says its kit holds."""
    return hashlib.sha256(json.dumps(entry.get("outputs", {}), sort_keys=True).encode()
                          ).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def note_zip(folder: Path, zipped: dict[str, Any] | None) -> None:
    """Record (or forget) the zip made of the kit: which kit it holds, and its digest."""
    entry = read(folder)
    if entry is None:
        return
    if zipped is None:
        entry.pop("zip", None)
    else:
        entry["zip"] = zipped
    _write(folder, entry)


def _write(folder: Path, entry: dict[str, Any]) -> None:
    (folder / LEDGER).write_text(json.dumps(entry, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")


def read(folder: Path) -> dict[str, Any] | None:
    try:
        entry = json.loads((folder / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) else None


def up_to_date(folder: Path, settings: dict[str, Any], resolve: Resolve,
               digests: Digests) -> bool:
    """Whether the kit in `folder` is what building it again would give."""
    entry = read(folder)
    if entry is None or entry.get("deckpress") != code_digest() or \
            entry.get("settings") != settings:
        return False
    for key, digest in entry.get("inputs", {}).items():
        found = resolve(key)
        try:
            if found is None or digests.of(found) != digest:
                return False
        except OSError:  # gone, or unreadable now
            return False
    return all(_output_digest(folder / name) == digest
               for name, digest in entry.get("outputs", {}).items())


def recorded_outputs(folder: Path) -> list[str]:
    """The files the last build of the kit wrote (to remove those a new build does not)."""
    entry = read(folder)
    names = entry.get("outputs", {}) if entry else {}
    return [name for name in names if "/" not in name and not name.startswith(".")]


def _output_digest(path: Path) -> str | None:
    """A file's digest; a folder (PNG files) digests its files by name."""
    try:
        if path.is_dir():
            digest = hashlib.sha256()
            for item in sorted(path.iterdir()):
                digest.update(item.name.encode())
                digest.update(hashlib.sha256(item.read_bytes()).digest())
            return digest.hexdigest()
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
