"""Find TrueType fonts (built-in and the workspace's fonts/ folder) and register them for drawing.

Only TrueType outlines are used, so every font is embedded (subset) in the PDF.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import DeckError, Where, did_you_mean

DEFAULT_FAMILY = "Noto Sans"
_STYLE_SLOTS = {
    "regular": (False, False),
    "book": (False, False),
    "normal": (False, False),
    "bold": (True, False),
    "italic": (False, True),
    "oblique": (False, True),
    "bold italic": (True, True),
    "bold oblique": (True, True),
}


@dataclass
class Family:
    name: str
    faces: dict[tuple[bool, bool], str] = field(default_factory=dict)  # (bold, italic) -> font

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """The closest face: a missing bold italic falls back to bold, then to regular."""
        for key in ((bold, italic), (bold, False), (False, italic), (False, False)):
            if key in self.faces:
                return self.faces[key]
        return next(iter(self.faces.values()))


@dataclass
class FontBook:
    families: dict[str, Family] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # registered font name -> file
    _covered: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def family(self, name: str, where: Where | None = None) -> Family:
        try:
            return self.families[name]
        except KeyError:
            hint = did_you_mean(name, self.families)
            raise DeckError(
                f"font family '{name}' is not available",
                where,
                (hint + "; " if hint else "")
                + "put its .ttf files (regular, bold, italic) in the workspace's fonts/ folder",
            ) from None

    def label(self, font_name: str) -> str:
        """'Noto Sans Bold' for a registered face name, as users know it."""
        for family in self.families.values():
            for (bold, italic), name in family.faces.items():
                if name == font_name:
                    style = " ".join(word for word, on in (("Bold", bold), ("Italic", italic))
                                     if on)
                    return f"{family.name} {style}".strip()
        return font_name

    def missing(self, font_name: str, text: str) -> str | None:
        """The first character of `text` the font has no glyph for, if any."""
        covered = self._covered.get(font_name)
        if covered is None:
            font = pdfmetrics.getFont(font_name)
            covered = frozenset(map(chr, font.face.charToGlyph)) | frozenset("\n\t")
            self._covered[font_name] = covered
        if covered.issuperset(text):
            return None
        return next(char for char in text if char not in covered)


_PARSED: dict[tuple[str, int, int], TTFont] = {}


def _register(path: Path) -> TTFont:
    """Parse and register one .ttf; the name carries a content hash so two files never collide."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    font = _PARSED.get(key)
    if font is None:
        digest = hashlib.sha1(path.read_bytes()).hexdigest()[:8]
        try:
            font = TTFont(f"{path.stem}-{digest}", str(path))
        except (TTFError, OSError, ValueError, KeyError, IndexError) as error:
            raise DeckError(
                f"cannot use font file: {error}",
                Where(path),
                "use a TrueType (.ttf) font; CFF-based .otf fonts cannot be embedded",
            ) from None
        _PARSED[key] = font
    pdfmetrics.registerFont(font)
    return font


def builtin_font_dir() -> Path:
    return Path(str(resources.files("deckpress").joinpath("fonts")))


def load_fonts(workspace: Path | None) -> FontBook:
    """Built-in families first; a workspace font with the same family and style replaces one."""
    book = FontBook()
    folders = [builtin_font_dir()]
    if workspace is not None and (workspace / "fonts").is_dir():
        folders.append(workspace / "fonts")
    for folder in folders:
        for path in sorted(folder.glob("*.ttf")) + sorted(folder.glob("*.TTF")):
            font = _register(path)
            face = font.face
            family_name = _decode(getattr(face, "familyName", b"")) or path.stem
            style = _decode(getattr(face, "styleName", b"")).lower() or "regular"
            slot = _STYLE_SLOTS.get(style, (("bold" in style), ("italic" in style)))
            family = book.families.setdefault(family_name, Family(family_name))
            family.faces[slot] = font.fontName
            book.files[font.fontName] = path
    for family in book.families.values():
        pdfmetrics.registerFontFamily(
            family.name,
            normal=family.face(False, False),
            bold=family.face(True, False),
            italic=family.face(False, True),
            boldItalic=family.face(True, True),
        )
    return book


def _decode(value: bytes | str) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()
