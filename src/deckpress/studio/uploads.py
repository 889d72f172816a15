"""Logos and fonts sent from the studio, stored in the workspace where the command line finds
them: logos in brands/logos/, fonts in fonts/.

What a file is comes from its bytes, never from its name: a PNG named .ttf is a PNG, and is
refused as a font. An SVG is parsed without its document type, so entities (which can make a
few bytes stand for gigabytes, or read other files) are refused before anything is stored. A
name already taken is never overwritten: the new file gets -2, -3, ... (a file with the very
same bytes is simply the one already there). Each file is read once as deckpress will read
it, so what is stored can also be printed.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import DeckError
from ..output.write import current_umask, scratch_prefix
from ..source.images import AssetError, validate_image
from .files import Refused
from .paths import OutsideWorkspace, inside

MIB = 1024 * 1024
MAX_LOGO_BYTES = 5 * MIB
MAX_FONT_BYTES = 10 * MIB
MAX_NAME = 100  # characters of a stored file's name, before its suffix
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                            *(f"lpt{n}" for n in range(1, 10))})  # Windows gives no file these
MAX_TAKEN = 1000  # name-2 … name-1000: past that, the folder is surely being flooded


@dataclass(frozen=True)
class Kind:
    folder: str
    limit: int
    what: str
    fallback_name: str


KINDS = {
    "logo": Kind("brands/logos", MAX_LOGO_BYTES, "a logo (PNG, JPEG or SVG)", "logo"),
    "font": Kind("fonts", MAX_FONT_BYTES, "a font (TrueType .ttf)", "font"),
}

SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def save_upload(workspace: Path, kind: str, filename: str, data: bytes) -> str:
    """Store an uploaded logo or font; the path it was stored at, relative to the workspace."""
    chosen = KINDS.get(kind)
    if chosen is None:
        raise Refused(f"unknown kind of upload '{kind}': send a logo or a font")
    if not data:
        raise Refused(f"{_shown(filename)} is empty")
    if len(data) > chosen.limit:
        raise Refused(f"{_shown(filename)} is {len(data) / MIB:.1f} MB, more than the "
                      f"{chosen.limit // MIB} MB {chosen.what} may have")
    suffix = logo_type(data, filename) if kind == "logo" else font_type(data, filename)
    try:
        folder = inside(workspace, chosen.folder)
    except OutsideWorkspace:
        raise Refused(f"the workspace's {chosen.folder}/ folder leads outside it (a link)") \
            from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = _written(folder, data, suffix)
    except OSError as error:
        raise Refused(f"cannot store the file in {chosen.folder}/: {error.strerror}") from None
    try:
        _check_usable(kind, temporary, filename)
        stored = _placed(folder, temporary, safe_name(filename, chosen.fallback_name), suffix,
                         data)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return f"{chosen.folder}/{stored}"


def _shown(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return f"'{name[:60]}'" if name else "the file"


def safe_name(filename: str, fallback: str) -> str:
    """The stem to store a file under: its name's last part, without accents, in lower case,
    only a-z, 0-9, '.', '_' and '-' (anything else a '-'), not starting with '.' or '-'."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    clean = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower())
    clean = re.sub(r"\.{2,}", ".", clean)  # never a `..` in a stored name
    clean = re.sub(r"-{2,}", "-", clean).strip(".-_")[:MAX_NAME].strip(".-_")
    head, dot, rest = clean.partition(".")
    if head in RESERVED_NAMES:  # `con.png` or `con.v2.png` cannot be copied to Windows
        clean = f"{head}-{fallback}{dot}{rest}"
    return clean or fallback


def logo_type(data: bytes, filename: str) -> str:
    """The suffix a logo is stored with, from its bytes: .png, .jpg or .svg."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if _looks_like_xml(data):
        check_svg(data, filename)
        return ".svg"
    found = _known_type(data)
    raise Refused(f"{_shown(filename)} is {found or 'not an image deckpress reads'}: a logo "
                  "is a PNG, JPEG or SVG file")


def font_type(data: bytes, filename: str) -> str:
    """The suffix a font is stored with, from its bytes: .ttf (TrueType outlines; the command
    line sets other fonts aside)."""
    head = data[:4]
    if head in (b"\x00\x01\x00\x00", b"true"):
        return ".ttf"
    if head == b"OTTO":
        raise Refused(f"{_shown(filename)} is an OpenType font with CFF outlines, which "
                      "deckpress cannot embed: use a TrueType (.ttf) version of the font")
    if head == b"ttcf":
        raise Refused(f"{_shown(filename)} is a TrueType collection (.ttc) of several fonts: "
                      "save the one you want as its own .ttf")
    if head in (b"wOFF", b"wOF2"):
        raise Refused(f"{_shown(filename)} is a web font (WOFF): download the .ttf version "
                      "of the font")
    found = _known_type(data)
    raise Refused(f"{_shown(filename)} is {found or 'not a font file'}: a font is a TrueType "
                  "(.ttf) file")


def _known_type(data: bytes) -> str | None:
    """What a file that is not what was asked for is, to say so."""
    if data.startswith(b"\x89PNG"):
        return "a PNG image"
    if data.startswith(b"\xff\xd8\xff"):
        return "a JPEG image"
    if data.startswith(b"%PDF"):
        return "a PDF document"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if data.startswith(b"PK\x03\x04"):
        return "a zip archive (or an Office document)"
    if _looks_like_xml(data):
        return "an SVG or other XML text"
    return None


def _looks_like_xml(data: bytes) -> bool:
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype"))


def check_svg(data: bytes, filename: str) -> None:
    """An SVG without a document type (so no entities) whose root is <svg>."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(f"{_shown(filename)} is not UTF-8 text; save the SVG as UTF-8") from None
    if re.search(r"<!\s*(doctype|entity)", text, re.IGNORECASE):
        raise Refused(f"{_shown(filename)} declares a document type or entities (<!DOCTYPE, "
                      "<!ENTITY>), which deckpress does not accept in an SVG; save it again as "
                      "plain SVG from a vector editor")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        raise Refused(f"{_shown(filename)} is not a well-formed SVG: {error}") from None
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace not in (
            None, SVG_NAMESPACE):
        raise Refused(f"{_shown(filename)} is XML but not an SVG drawing (its root is "
                      f"<{etree.QName(root).localname}>)")


def _written(folder: Path, data: bytes, suffix: str) -> Path:
    """The bytes in a temporary file in `folder` (named as deckpress names its temporary
    files, so a run killed halfway leaves nothing a later run does not clear)."""
    handle, name = tempfile.mkstemp(prefix=scratch_prefix(), suffix=suffix, dir=folder)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.chmod(name, 0o666 & ~current_umask())
    return Path(name)


def _check_usable(kind: str, path: Path, filename: str) -> None:
    """Read the file as a build will; what a build would refuse is refused now."""
    try:
        if kind == "logo":
            validate_image(path)
        else:
            from ..render.fonts import font_names

            font_names(path)
    except AssetError as error:
        problem = error.problem.replace(path.name, _shown(filename).strip("'"))
        raise Refused(f"{problem} (hint: {error.hint})") from None
    except DeckError as error:
        raise Refused(f"{_shown(filename)}: {error.problem}"
                      + (f" (hint: {error.hint})" if error.hint else "")) from None


def _placed(folder: Path, temporary: Path, stem: str, suffix: str, data: bytes) -> str:
    """Give the temporary file its name: STEM.SUFFIX, else STEM-2.SUFFIX, ...; a file there
    with the same bytes is the one stored. A hard link claims a name only if it is free, so
    two uploads at once never take the same one."""
    for number in range(1, MAX_TAKEN + 1):
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        target = folder / name
        if _same_bytes(target, data):
            return name
        try:
            os.link(temporary, target)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: claim the name by creating it
            try:
                with open(target, "xb") as stream:
                    stream.write(data)
            except FileExistsError:
                continue
        return name
    raise Refused(f"{folder.name}/ holds {MAX_TAKEN} files named {stem}: rename the file "
                  "before sending it")


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False
