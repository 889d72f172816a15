"""Editing the workspace's files from the studio, so that the files stay the truth.

Every edit is made to the same YAML (or CSV) file the command line reads, and keeps what the
coach wrote around it: comments, blank lines, key order and quoting (YAML is edited in
ruamel's round-trip mode; a CSV keeps every row it does not touch byte for byte). Before it
is written, the edited file is checked with the command line's own loaders, in a mirror of the
workspace, so an edit that would break the file is refused with the very lines
`deckpress check` would print for it. An edit the file already had problems before is let
through as long as it adds none, so a broken file can be mended one step at a time.

Two pages editing one file: every read returns the file's version (the sha256 of its bytes),
every edit carries the version it was based on, and an edit based on an older version is
refused with `StaleFile` (the page asks to reload). Nothing is merged: a refused edit is
safer than a merged one the coach did not see.

The stages, one module each:
  model.py       what the pages get (DeckTable, MappingFile, Saved), refusals, versions
  yamledit.py    round-trip YAML: load, dump, set a key keeping comments and styles
  cards.py       CardList: the cards of a deck, whatever its format
  yamlcards.py   a YAML deck's cards, edited in place
  csvedit.py     a CSV deck's cards, rows not edited kept byte for byte
  reading.py     a deck as a table, a brand or client file's keys
  validation.py  the mirror of the workspace and the command line's messages for it
  store.py       FileStore: locks, versions, the check before and the atomic write
"""

from .model import (
    Choice,
    Column,
    DeckRow,
    DeckTable,
    KeyPath,
    MappingFile,
    Refused,
    Saved,
    StaleFile,
    version_of,
)
from .reading import read_deck, read_mapping
from .store import FileStore

__all__ = ["Choice", "Column", "DeckRow", "DeckTable", "FileStore", "KeyPath", "MappingFile",
           "Refused", "Saved", "StaleFile", "read_deck", "read_mapping", "version_of"]
