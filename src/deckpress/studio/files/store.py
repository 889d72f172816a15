"""The file store: one per studio; its locks keep two edits of one file from interleaving,
an edit based on an older version is refused, and every write is atomic."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ...output.write import current_umask, scratch_prefix
from ...source.client import slug_of
from ..paths import inside
from .cards import CardList
from .csvedit import CsvCards
from .model import (
    KNOWN_VERSIONS,
    DeckTable,
    KeyPath,
    MappingFile,
    Refused,
    Saved,
    StaleFile,
    decoded,
    kind_of,
    read_bytes,
    version_of,
)
from .reading import fields_beside, read_deck, read_mapping
from .validation import problems_of
from .yamlcards import YamlCards
from .yamledit import dump_yaml, load_yaml, set_in, yaml_for


@dataclass
class FileStore:
    """Reads and edits the files of one workspace; the app keeps one, whose locks keep two
    edits of one file from interleaving (call it from a worker thread: it reads and writes
    files)."""

    workspace: Path
    _locks: dict[Path, threading.Lock] = field(default_factory=dict, init=False, repr=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    # the problems of the versions this store wrote last, so the next edit need not look again
    _known: dict[tuple[Path, str], list[tuple[Any, ...]]] = field(
        default_factory=dict, init=False, repr=False)

    @contextmanager
    def _locked(self, path: Path) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(path, threading.Lock())
        with lock:
            yield

    # reading

    def read_deck(self, relative: str) -> DeckTable:
        return read_deck(self.workspace, relative)

    def read_mapping(self, relative: str) -> MappingFile:
        return read_mapping(self.workspace, relative)

    # editing a deck

    def set_card_field(self, relative: str, version: str, card_id: str, field_name: str,
                       value: str | int | list[str] | None) -> Saved:
        """One value of one card; None or "" takes an optional key away."""
        if field_name == "id":
            raise Refused("a card's id is not changed here: it is printed on the cards and "
                          "named on worksheets and in client files")

        def change(cards: CardList) -> str:
            cards.set(card_id, field_name, value)
            return card_id

        return self._edit_cards(relative, version, change)

    def add_card(self, relative: str, version: str, after: int,
                 values: dict[str, Any]) -> Saved:
        """A new card after the card at index `after` (-1: first), with a fresh id unless
        `values` gives one."""
        return self._edit_cards(relative, version, lambda cards: cards.add(after, values))

    def remove_card(self, relative: str, version: str, card_id: str) -> Saved:
        def change(cards: CardList) -> str:
            cards.remove(card_id)
            return card_id

        return self._edit_cards(relative, version, change)

    def move_card(self, relative: str, version: str, card_id: str, to_index: int) -> Saved:
        def change(cards: CardList) -> str:
            cards.move(card_id, to_index)
            return card_id

        return self._edit_cards(relative, version, change)

    def _edit_cards(self, relative: str, version: str,
                    change: Callable[[CardList], str]) -> Saved:
        kind = kind_of(relative)
        if kind == "deck-xlsx":
            raise Refused(f"{relative} is an Excel workbook: edit it in your spreadsheet "
                          "program (the studio edits decks kept as YAML or CSV)")
        if kind not in ("deck", "deck-csv"):
            raise Refused(f"{relative} is not a deck")

        def edit(text: str) -> tuple[str, str]:
            cards: CardList = YamlCards.of(text, relative) if kind == "deck" \
                else CsvCards(text, fields_beside(self.workspace, relative))
            card_id = change(cards)
            return cards.text(), card_id

        return self._edit(relative, version, kind, edit)

    # editing a brand, a client or a deck's settings

    def set_key(self, relative: str, version: str, key_path: KeyPath, value: Any) -> Saved:
        """The value at `key_path` of a brand or client file, or of a deck file's settings
        (blocks made as needed); None takes the key away."""
        kind = kind_of(relative)
        if kind not in ("brand", "client", "deck"):
            raise Refused(f"{relative} is not a brand, client or deck file")
        if not key_path:
            raise Refused("say which key to set")
        if kind == "deck" and key_path[:1] == ("cards",):
            raise Refused("a deck's cards are edited card by card")

        def edit(text: str) -> tuple[str, None]:
            yaml, data = load_yaml(text, relative)
            if not isinstance(data, CommentedMap):
                raise Refused(f"{relative} is not a block of keys; fix it in a text editor")
            set_in(data, key_path, value)
            return dump_yaml(yaml, data), None

        return self._edit(relative, version, kind, edit)

    def create_client(self, name: str, brand: str, deck: str) -> Saved:
        """clients/SLUG.yaml for a new client, from the smallest file that builds; refused
        if a client of that name is there already."""
        name = name.strip()
        if not name:
            raise Refused("give the client's name")
        relative = f"clients/{slug_of(name)}.yaml"
        path = inside(self.workspace, relative)
        text = dump_yaml(yaml_for(""), CommentedMap(
            [("brand", brand), ("name", name), ("decks", [CommentedMap([("deck", deck)])])]))
        text += "\n# yaml-language-server: $schema=../schemas/client.schema.json\n"
        data = text.encode("utf-8")
        with self._locked(path):
            try:
                path.parent.mkdir(exist_ok=True)
            except OSError as error:
                raise Refused(f"cannot make the clients/ folder: {error.strerror}") from None
            if path.exists() or path.is_symlink():
                raise Refused(f"{relative} exists already: open it to edit that client, or "
                              "give the new client's full name")
            self._refuse_problems(relative, "client", data, [])
            _write_atomic(path, data)
        return Saved(relative, version_of(data))

    # the one way a file is written

    def _edit(self, relative: str, version: str, kind: str,
              edit: Callable[[str], tuple[str, str | None]]) -> Saved:
        path = inside(self.workspace, relative)
        with self._locked(path):
            before = read_bytes(path, relative)
            current = version_of(before)
            if current != version:
                raise StaleFile(relative, current)
            text, card_id = edit(decoded(before, relative))
            bom = b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b""
            after = bom + text.encode("utf-8")
            if after == before:
                return Saved(relative, current, card_id)
            known = self._known.get((path, current))
            if known is None:
                known = [problem.key for problem in problems_of(self.workspace, relative, kind,
                                                              before)]
            still = self._refuse_problems(relative, kind, after, known)
            _write_atomic(path, after)
            self._remember(path, version_of(after), still)
        return Saved(relative, version_of(after), card_id)

    def _refuse_problems(self, relative: str, kind: str, data: bytes,
                         known: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Refuse `data` if it has a problem the file did not have (`known`); else the
        problems it still has."""
        found = problems_of(self.workspace, relative, kind, data)
        new = [problem.line for problem in found if problem.key not in known]
        if new:
            raise Refused("\n".join(new), new)
        return [problem.key for problem in found]

    def _remember(self, path: Path, version: str, problems: list[tuple[Any, ...]]) -> None:
        with self._guard:
            self._known[(path, version)] = problems
            while len(self._known) > KNOWN_VERSIONS:
                del self._known[next(iter(self._known))]


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a temporary file beside `path`, then rename it over `path`: a reader sees the old
    file or the new, never half of one. Permissions are kept."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~current_umask()
    try:
        handle, temporary = tempfile.mkstemp(prefix=scratch_prefix(), suffix=".tmp",
                                             dir=path.parent)
    except OSError as error:
        raise Refused(f"cannot write {path.name}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        raise Refused(f"cannot write {path.name}: {error.strerror}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
