"""The face cache: faces drawn by the last build of a deck, kept in the workspace, so the next
build draws only the cards that changed.

A card is found again by a digest of everything its faces are drawn from: the card's own
values (with its category and level), the deck's shared values (title, brand, client,
labels, sizes), the layout it uses, and the build's surroundings (deckpress's code and
ReportLab's version, every layout file, every font file's content, the icons, the card
size, bleed and safe zone, the profile's colour space). A face that shows pictures is taken
only while each picture is still found at the same file, with the same content. A face that
gave a warning is not kept (its warning would name the card's old line), and neither is a
card that failed. So a face from the cache is the face a clean build would draw, and the PDF
is the same file (tested).

The cache is one file per deck, brand, client and profile in output/.deckpress-cache/: a
line of JSON saying its format, surroundings and the digest of the rest, then the faces as
JSON, holding only what the last build used. It is written whole after a build succeeds; a
file that cannot be read, does not match its digest, or was written by another version or
for other surroundings counts as empty, and a face entry that is not what deckpress writes is
drawn again. Deleting the folder is always safe: the next build draws everything again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import reportlab

from ..digest import code_digest, file_digest, keep_whole
from ..layout.context import CardContexts
from ..reportlab_internals import FormData
from ..source.icons import inline_icons
from ..source.workspace import Located
from .assets import AssetUse, colour_from, picture_form_name
from .cards import CardSource
from .cmyk_images import RasterVariant
from .decksize import Sizes
from .fonts import internal_font_name
from .records import CardRecord, FaceRecord

CACHE_FOLDER = ".deckpress-cache"
FORMAT = 3  # 2: faces keep their texts' natural sizes and caps (fit: deck); 3: and whether
# those sizes are each text's largest or only sizes it fits at
MAX_CACHE_BYTES = 256 * 1024 * 1024  # a bigger file is not read (it was not written by us)


def _canonical(value: Any) -> str:
    """JSON with a type for what JSON has no type for, so a date never equals its text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=lambda item: f"{type(item).__name__}:{item}")


def _sha(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _files_digest(folder: Path) -> str:
    """Every file under `folder`: its place and content (nothing if there is no folder)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def surroundings(source: CardSource, contexts: CardContexts) -> str:
    """What every face of the build is drawn from besides its card (see the module)."""
    fonts = {name: {str(slot): internal_font_name(path) for slot, path in family.files.items()}
             for name, family in source.fonts.families.items()}
    workspace = source.deck.workspace
    icons = {name: str(path) for name, path in inline_icons(workspace).items()}
    layouts = [_files_digest(folder) for folder in source.layouts.folders]
    spec = source.spec
    return _sha(code_digest(), reportlab.Version, _canonical(fonts), _canonical(icons),
                _canonical(layouts), _canonical([spec.width, spec.height, spec.bleed,
                                                 spec.safe, [str(folder) for folder in
                                                             spec.image_folders], spec.cmyk,
                                                 spec.pdfx, spec.condition]),
                source.target.brand.brand.fonts.body, _canonical(contexts.shared))


def card_key(source: CardSource, contexts: CardContexts, index: int, around: str) -> str:
    deck = source.deck
    card = deck.cards[index]
    context = contexts.card(deck, index)
    own = {name: context[name] for name in ("card", "category", "level")}
    return _sha(around, card.layout or deck.settings.layout, _canonical(own))


def cache_file(workspace: Path, slot: str) -> Path:
    return workspace / "output" / CACHE_FOLDER / f"faces-{slot}.json"


def slot_of(*parts: str) -> str:
    """The cache file of one deck as one brand, client and profile make it."""
    return _sha(*parts)[:20]


# --- reading ---------------------------------------------------------------------------------
# A cache file is checked whole (its digest) and each face entry by shape, type and range: a
# file damaged on disk, or made by hand, is never drawn from; at worst its faces are drawn again.

XOBJECT = re.compile(r"FormXob\.(img|svg)_[0-9a-f]{16}")
STATE = re.compile(r"gRLs\d{1,4}")
FONT = re.compile(r"T[0-9a-f]{10}")
HEX16 = re.compile(r"[0-9a-f]{16}")
STATE_KEYS = frozenset({"CA", "ca", "OP", "op", "OPM", "BM"})
MAX_COORDINATE = 100_000.0  # points: far beyond any card


def _expect(condition: bool) -> None:
    """A ValueError for an entry that is not what deckpress writes."""
    if not condition:
        raise ValueError("not a face entry deckpress wrote")


def _number(value: Any) -> float:
    _expect(isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value) <= MAX_COORDINATE)
    return float(value)


def _flag(value: Any) -> bool:
    _expect(isinstance(value, bool))
    return bool(value)


def _text(value: Any, pattern: re.Pattern[str] | None = None) -> str:
    _expect(isinstance(value, str) and (pattern is None or pattern.fullmatch(value) is not None))
    return str(value)


def _list(value: Any) -> list[Any]:
    _expect(isinstance(value, list))
    return list(value)


def _state(item: Any) -> tuple[str, str, Any]:
    name, key, value = _list(item)
    _expect(key in STATE_KEYS)
    if not (isinstance(value, str) and re.fullmatch(r"true|false|/[A-Za-z]{1,20}", value)):
        value = _number(value)
    return _text(name, STATE), str(key), value


def _form(entry: Any) -> FormData:
    _expect(isinstance(entry, dict))
    bbox = tuple(_number(value) for value in _list(entry["bbox"]))
    _expect(len(bbox) == 4)
    _expect(isinstance(entry["images"], bool))
    return FormData((bbox[0], bbox[1], bbox[2], bbox[3]),
                    base64.b64decode(_text(entry["content"]), validate=True),
                    tuple(_text(name, XOBJECT) for name in _list(entry["xobjects"])),
                    tuple(_state(item) for item in _list(entry["states"])), entry["images"])


def _fonts(entry: Any) -> tuple[tuple[str, tuple[int, ...]], ...]:
    fonts = []
    for item in _list(entry):
        name, chars = _list(item)
        codes = tuple(_list(chars))
        _expect(set(map(type, codes)) <= {int} and
                (not codes or (min(codes) >= 0 and max(codes) <= 0x10FFFF)))
        fonts.append((_text(name, FONT), codes))
    return tuple(fonts)


def _asset(item: Any) -> AssetUse:
    path, colour, variant = _list(item)
    if colour is not None:
        colour_from(_text(colour))  # readable back, or a ValueError
    if variant:
        RasterVariant.parse(_text(variant))  # readable back, or a ValueError
    return AssetUse(_text(path), colour, _text(variant))


def _located(item: Any) -> Located:
    src, folders, path = _list(item)
    return Located(_text(src), tuple(_text(folder) for folder in _list(folders)), _text(path))


def _sizes(entry: Any) -> Sizes:
    sizes = []
    for item in _list(entry):
        kind, size = _list(item)
        sizes.append((_text(kind), _number(size)))
    _expect(sizes == sorted(sizes) and all(0 < size <= 1000 for _, size in sizes))
    return tuple(sizes)


def _face(entry: dict[str, Any]) -> FaceRecord:
    return FaceRecord(_form(entry["form"]), _fonts(entry["fonts"]),
                      tuple(_asset(item) for item in _list(entry["assets"])), (),
                      tuple(_located(item) for item in _list(entry["located"])),
                      _sizes(entry["natural"]), _sizes(entry["caps"]), _flag(entry["exact"]))


@dataclass
class FaceCache:
    """The faces of the last build, looked up by card; what this build uses, to keep."""

    file: Path
    around: str
    fonts: frozenset[str] = frozenset()  # the fonts this build can embed (internal names)
    cards: dict[str, list[str]] = field(default_factory=dict)
    faces: dict[str, dict[str, Any]] = field(default_factory=dict)
    digests: dict[str, str | None] = field(default_factory=dict)  # picture files, this build
    # each face entry read once, however many cards show it (a shared back: every card), and
    # each picture's place looked up once: most faces name the same few icons
    _read: dict[str, FaceRecord | None] = field(default_factory=dict, repr=False)
    _found: dict[Located, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, file: Path, around: str, fonts: frozenset[str]) -> FaceCache:
        """The cache file's faces; none when it is missing, damaged, or from other
        surroundings."""
        cache = cls(file, around, fonts)
        try:
            if not file.is_file() or file.stat().st_size > MAX_CACHE_BYTES:
                return cache
            head, _, body = file.read_bytes().partition(b"\n")
            header = json.loads(head)
            if header.get("format") != FORMAT or header.get("around") != around or \
                    header.get("digest") != hashlib.sha256(body).hexdigest():
                return cache
            data = json.loads(body)
            cards, faces = data["cards"], data["faces"]
            if isinstance(cards, dict) and isinstance(faces, dict):
                cache.cards, cache.faces = cards, faces
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            pass
        return cache

    def picture_digest(self, path: str) -> str | None:
        """The digest a picture's form is named by (None: no such file now)."""
        if path not in self.digests:
            digest = file_digest(Path(path), "sha1")
            self.digests[path] = digest[:16] if digest is not None else None
        return self.digests[path]

    def card(self, index: int, key: str) -> CardRecord | None:
        """The card's record from the cache, if every face of it is there and still true."""
        keys = self.cards.get(key)
        if not isinstance(keys, list) or len(keys) != 2:
            return None
        new: dict[str, FaceRecord] = {}
        for face_key in keys:
            face = self._face(face_key)
            if face is None:
                return None
            new[face_key] = face
        return CardRecord(index, (keys[0], keys[1]), new)

    def _face(self, key: Any) -> FaceRecord | None:
        """A face of the cache, if sound and still true (`_checked`), read once per build."""
        if not isinstance(key, str):
            return None
        if key not in self._read:
            self._read[key] = self._checked(key)
        return self._read[key]

    def still_found(self, located: Located) -> bool:
        if located not in self._found:
            self._found[located] = located.still_found()
        return self._found[located]

    def entry(self, key: str, face: FaceRecord) -> dict[str, Any] | None:
        """The file's entry of `face` if this build took it from the file as it is (not drawn
        again), to keep without writing it out again."""
        return self.faces[key] if face is self._read.get(key) else None

    def _checked(self, key: str) -> FaceRecord | None:
        """A face of the cache, if sound and still true: each picture it names found at the
        same file, with the content its forms are named by; its fonts among this build's."""
        entry = self.faces.get(key)
        try:
            _expect(isinstance(entry, dict))
            assert isinstance(entry, dict)
            face = _face(entry)
            pictures = entry["pictures"]
            _expect(isinstance(pictures, dict)
                    and all(HEX16.fullmatch(str(digest)) for digest in pictures.values()))
        except (KeyError, TypeError, ValueError):
            return None
        forms = {"FormXob." + picture_form_name(pictures.get(use.path, ""),
                                                 None if use.colour is None else use.colour,
                                                 use.variant)
                 for use in face.assets}
        if not set(face.form.xobjects) <= forms or \
                not {name for name, _ in face.fonts} <= self.fonts or \
                not all(self.still_found(located) for located in face.located) or \
                any(self.picture_digest(path) != digest for path, digest in pictures.items()) or \
                any(use.path not in pictures for use in face.assets):
            return None
        return face


# --- writing ---------------------------------------------------------------------------------


def _face_entry(face: FaceRecord, cache: FaceCache) -> dict[str, Any] | None:
    pictures = {use.path: cache.picture_digest(use.path) for use in face.assets}
    if None in pictures.values():
        return None
    form = face.form
    return {
        "form": {"bbox": list(form.bbox), "content": base64.b64encode(form.content).decode(),
                 "xobjects": list(form.xobjects), "states": [list(state) for state in
                                                             form.states],
                 "images": form.images},
        "fonts": [[name, list(chars)] for name, chars in face.fonts],
        "assets": [[use.path, use.colour, use.variant] for use in face.assets],
        "located": [[one.src, list(one.folders), one.path] for one in face.located],
        "pictures": pictures,
        "natural": [list(item) for item in face.natural],
        "caps": [list(item) for item in face.caps],
        "exact": face.exact,
    }


def save(cache: FaceCache, cards: dict[str, tuple[str, str]],
         faces: dict[str, FaceRecord]) -> None:
    """Keep what this build drew (cards by key) for the next one; a face with warnings is not
    kept, nor the cards that show it. A cache that cannot be written is left out: the build
    itself has succeeded."""
    entries: dict[str, dict[str, Any]] = {}
    kept: dict[str, list[str]] = {}
    for key, pair in cards.items():
        if any(faces[face].findings for face in pair):
            continue
        for face in pair:
            if face not in entries:
                entry = cache.entry(face, faces[face]) or _face_entry(faces[face], cache)
                if entry is None:
                    break
                entries[face] = entry
        else:
            kept[key] = list(pair)
    if kept == cache.cards and entries.keys() == cache.faces.keys():
        return  # the same faces as the file holds
    body = json.dumps({"cards": kept, "faces": {key: entries[key] for key in sorted(entries)}},
                      separators=(",", ":")).encode()
    header = json.dumps({"format": FORMAT, "around": cache.around,
                         "digest": hashlib.sha256(body).hexdigest()}).encode()
    keep_whole(cache.file, header + b"\n" + body)
