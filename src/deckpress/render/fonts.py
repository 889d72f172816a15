"""Find TrueType fonts (built-in and the workspace's fonts/ folder) and register them for drawing.

Only TrueType outlines are used, so every font is embedded (subset) in the PDF. Files are only
looked at for their names at first; a family is parsed and registered when a build uses it.
"""

from __future__ import annotations

import hashlib
import re
import struct
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import DeckError, Where, did_you_mean
from ..reportlab_internals import covered_characters, fix_encoding
from ..source.reading import MIB, read_limited
from ..units import MM
from .textfit import count_lines

Slot = tuple[bool, bool]  # (bold, italic)
_SLOTS: dict[str, Slot] = {
    "regular": (False, False), "normal": (False, False), "book": (False, False),
    "roman": (False, False), "bold": (True, False), "italic": (False, True),
    "oblique": (False, True), "bold italic": (True, True), "bold oblique": (True, True),
}
_FALLBACKS = {(True, True): ((True, True), (True, False), (False, True), (False, False)),
              (True, False): ((True, False), (False, False)),
              (False, True): ((False, True), (False, False)),
              (False, False): ((False, False),)}

MAX_FONT_BYTES = 64 * MIB  # the largest CJK fonts are about 20 MiB


@dataclass
class Family:
    name: str
    files: dict[Slot, Path] = field(default_factory=dict)
    faces: dict[Slot, str] = field(default_factory=dict)  # registered font names, once used

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """The closest face: a missing bold italic falls back to bold, then to regular."""
        for key in _FALLBACKS[(bold, italic)]:
            if key in self.faces:
                return self.faces[key]
        return next(iter(self.faces.values()))


@dataclass
class FontBook:
    families: dict[str, Family] = field(default_factory=dict)
    _covered: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _labels: dict[str, str] = field(default_factory=dict, repr=False)
    skipped: list[Path] = field(default_factory=list)  # .otf files, which cannot be embedded
    unreadable: list[DeckError] = field(default_factory=list)  # .ttf files that are not fonts

    def family(self, name: str, where: Where | None = None) -> Family:
        """The family, registered for drawing; an unknown name is a DeckError with a hint."""
        family = self.families.get(name)
        if family is None:
            hint = did_you_mean(name, self.families)
            skipped = ", ".join(path.name for path in self.skipped[:3])
            broken = ", ".join(Path(str(error.where.file)).name for error in self.unreadable[:3])
            raise DeckError(
                f"font family '{name}' is not available",
                where,
                (hint + " Otherwise " if hint else "")
                + "put its .ttf files (regular, bold, italic) in the workspace's fonts/ folder"
                + (f" (the .otf files there, {skipped}, cannot be embedded: use the TrueType "
                   "versions)" if skipped else "")
                + (f" ({broken} in fonts/ could not be read as fonts: replace them with "
                   "working copies)" if broken else ""),
            )
        if not family.faces:
            for slot, path in family.files.items():
                family.faces[slot] = _register(path)
                bold, italic = slot
                style = " ".join(word for word, on in (("Bold", bold), ("Italic", italic)) if on)
                self._labels[family.faces[slot]] = f"{family.name} {style}".strip()
            pdfmetrics.registerFontFamily(
                family.name,
                normal=family.face(False, False),
                bold=family.face(True, False),
                italic=family.face(False, True),
                boldItalic=family.face(True, True),
            )
        return family

    def text_lines(self, text: str, width: float, size: float, font: str,
                   weight: str = "normal", break_at: str = "") -> int:
        """For layouts: the lines `text` (inline markup) takes in a box `width` mm wide at
        `size` pt, set in family `font` (regular or bold), as a text element sets it."""
        face = self.family(font).face(bold=weight == "bold")
        return count_lines(only_inline_tags(str(text)), face, float(size), float(width) * MM,
                           break_at)

    def font_named(self, internal_name: str) -> Any:
        """The registered font whose name inside the PDF is `internal_name` (for faces drawn in
        another process or an earlier build), registering its family if needed."""
        for name, family in self.families.items():
            for slot, path in family.files.items():
                if internal_font_name(path) == internal_name:
                    return pdfmetrics.getFont(self.family(name).faces[slot])
        raise KeyError(internal_name)

    def label(self, font_name: str) -> str:
        """'Noto Sans Bold' for a registered face name, as users know it."""
        return self._labels.get(font_name, font_name)

    def missing(self, font_name: str, text: str) -> str | None:
        """The first character of `text` the font has no glyph for, if any."""
        covered = self._covered.get(font_name)
        if covered is None:
            covered = covered_characters(font_name) | frozenset("\n\t")
            self._covered[font_name] = covered
        if covered.issuperset(text):
            return None
        return next(char for char in text if char not in covered)


# the tags a text element draws (layout/attributes.py INLINE_TAGS, and card text's <icon>)
FOREIGN_TAG = re.compile(r"<(?!/?(?:b|i|u|br|font|sup|sub|icon)\b)")


def only_inline_tags(markup: str) -> str:
    """Markup whose other tags are made text: "<img src=…>" typed into a card's title is
    measured as the words it prints, never opened by ReportLab as a picture or an address."""
    return FOREIGN_TAG.sub("&lt;", markup)


def _register(path: Path) -> str:
    """Parse and register one .ttf under a name no other file (or version of it) can share.

    The registered name never reaches the PDF (fonts appear there by their own PostScript
    names), so it may depend on where the file is.
    """
    stat = path.stat()
    font = _parsed(str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    pdfmetrics.registerFont(font)
    fix_encoding(font, internal_font_name(path))
    name: str = font.fontName
    return name


def internal_font_name(path: Path) -> str:
    """The font's name inside the PDF: from its file's content, so it is the same wherever the
    file is and whichever process draws with it."""
    stat = path.stat()
    return "T" + _file_digest(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _file_digest(file: str, size: int, changed_ns: int) -> str:
    return hashlib.sha1(Path(file).read_bytes()).hexdigest()[:10]


@lru_cache(maxsize=64)
def _parsed(file: str, size: int, changed_ns: int) -> TTFont:
    """The font file, parsed once per version (its size and time of change) in a process: a
    watch rebuilds without parsing the fonts again, and a font replaced on disk is read anew;
    a bounded number kept, so replacing a font many times does not grow memory."""
    path = Path(file)
    digest = hashlib.sha1(repr((file, size, changed_ns)).encode()).hexdigest()[:8]
    try:
        font = TTFont(f"{path.stem}-{digest}", file)
    except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error) as error:
        raise DeckError(
            f"cannot use font file: {error}",
            Where(path),
            "use a TrueType (.ttf) font; CFF-based .otf fonts cannot be embedded",
        ) from None
    try:  # cut out the printable ASCII glyphs, as saving a PDF will: a damaged glyph
        font.face.makeSubset(list(range(32, 127)))  # table is found before registering
    except (TTFError, ValueError, KeyError, IndexError, struct.error):
        raise DeckError("the font file is damaged and cannot be embedded", Where(path),
                        "replace the font file with a fresh copy from its maker") from None
    return font


def builtin_font_dir() -> Path:
    return Path(str(resources.files("deckpress").joinpath("fonts")))


def load_fonts(workspace: Path | None) -> FontBook:
    """Built-in families first; a workspace font with the same family and style replaces one.
    A file that cannot be read as a font is set aside (a warning, and named if a family the
    brand asks for is missing), so it does not stop builds that do not use it."""
    book = FontBook()
    folders = [builtin_font_dir()]
    if workspace is not None and (workspace / "fonts").is_dir():
        folders.append(workspace / "fonts")
    for folder in folders:
        book.skipped += sorted(folder.glob("*.otf")) + sorted(folder.glob("*.OTF"))
        for path in sorted(folder.glob("*.ttf")) + sorted(folder.glob("*.TTF")):
            try:
                family_name, style = font_names(path)
            except DeckError as error:  # a problem only for a build that needs this family
                book.unreadable.append(error)
                continue
            slot = _SLOTS.get(style)
            if slot is None:  # e.g. "Thin" or "SemiBold": usable as a family of its own
                family_name, slot = f"{family_name} {style.title()}", (False, False)
            family = book.families.setdefault(family_name, Family(family_name))
            if slot not in family.files or folder != folders[0]:
                family.files[slot] = path  # a workspace file replaces a built-in one
    return book


def font_names(path: Path) -> tuple[str, str]:
    """(family, style in lower case) from a TrueType file's name table.

    Reading just this table is far cheaper than parsing the font, which waits until the family
    is used. A file that is not a readable TrueType font is reported with its path.
    """
    try:
        data = read_limited(path, "font file", MAX_FONT_BYTES)  # not a pipe, not /dev/zero
        version, tables = struct.unpack(">IH", data[:6])
        if data[:4] == b"ttcf":
            raise ValueError("a TrueType collection (.ttc) holds several fonts; save the one "
                             "you want as its own .ttf (e.g. with a font editor)")
        if version not in (0x00010000, 0x74727565):  # TrueType outlines ('true' on old Macs)
            raise ValueError("not a TrueType font (CFF-based .otf fonts cannot be embedded)")
        directory = {data[12 + 16 * i: 16 + 16 * i]: struct.unpack(">II", data[20 + 16 * i:
                                                                            28 + 16 * i])
                     for i in range(tables)}
        offset, _ = directory[b"name"]
        _, count, strings = struct.unpack(">HHH", data[offset:offset + 6])
        names: dict[int, str] = {}
        for i in range(count):
            platform, encoding, _language, name_id, length, start = struct.unpack(
                ">HHHHHH", data[offset + 6 + 12 * i: offset + 18 + 12 * i])
            if name_id not in (1, 2, 16, 17) or name_id in names:
                continue
            raw = data[offset + strings + start: offset + strings + start + length]
            if platform == 3 and encoding in (0, 1, 10):
                names[name_id] = raw.decode("utf-16-be", "replace")
            elif platform == 1 and encoding == 0:
                names[name_id] = raw.decode("mac_roman", "replace")
        # The legacy names group a family's regular, bold and italic files; other weights carry
        # their weight in the family name ("Montserrat Thin"), so they never take those places.
        family = names.get(1) or names.get(16)
        style = names.get(2) or names.get(17) or "Regular"
        if not family:
            raise ValueError("the font has no family name")
    except (OSError, ValueError, KeyError, struct.error) as error:
        raise DeckError(
            f"cannot use font file: {error}",
            Where(path),
            "use a TrueType (.ttf) font with regular, bold and italic files",
        ) from None
    return family.strip(), style.strip().lower()


@contextmanager
def embedding(book: FontBook) -> Iterator[None]:
    """Fonts are cut down to the glyphs used when the PDF is saved; a font file whose glyph
    table is damaged fails only then, inside ReportLab. That is a DeckError naming the
    workspace font files in use, not a crash."""
    try:
        yield
    except (IndexError, KeyError, ValueError, struct.error, TTFError) as error:
        frames = traceback.extract_tb(error.__traceback__)
        if not any(frame.filename.endswith("ttfonts.py") for frame in frames):
            raise
        builtin = builtin_font_dir()
        used = sorted({path for family in book.families.values() if family.faces
                       for path in family.files.values() if path.parent != builtin})
        names = ", ".join(path.name for path in used) or "the fonts in use"
        raise DeckError(f"a font file is damaged and cannot be embedded ({names})",
                        Where(used[0]) if used else None,
                        "replace the font file with a fresh copy from its maker") from None
