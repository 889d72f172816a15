"""Filled worksheets read back: each PDF opened with pypdf, refused clearly if it is not a
fillable deckpress worksheet (or is encrypted, damaged, too big), and its form fields taken
as plain text values, keyed by field name.

Radio buttons answer with the name of the box ticked (`/7`), check boxes with their on-state
(`/Yes`); an untouched box is `/Off` or nothing, and an empty text field is left out.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import IndirectObject

from ..errors import DeckError, Where
from ..worksheets.identity import Identity, IdentityError, read

MAX_BYTES = 64 * 1024 * 1024  # the largest sheets (200 log blocks, 366 days) are 6.4 MB
MAX_FIELDS = 20_000  # the largest sheets have 4,215; pypdf reads about 2,000 a second
MAX_PAGES = 2_000
OFF = ("", "Off", "/Off")

NOT_OURS = "make the sheets with `deckpress worksheets … --fillable`, fill them in, and give " \
    "those files"


@dataclass(frozen=True)
class FilledSheet:
    """One filled worksheet: which programme it belongs to and what was filled in."""

    path: Path
    identity: Identity
    values: dict[str, str]  # field name -> the value, empty fields left out
    digest: str  # of the file's bytes: the same file given twice is said

    def where(self, field: str | None = None) -> Where:
        return Where(self.path, field=field)


def read_sheet(path: Path) -> FilledSheet:
    """The filled worksheet at `path`, or a DeckError naming it and saying why it cannot be
    read."""
    data = _bytes(path)
    with quiet_pdf_library():
        reader = _reader(path, data)
        try:
            if len(reader.pages) > MAX_PAGES:
                raise DeckError(f"the PDF has {len(reader.pages)} pages, more than worksheets "
                                f"ever have ({MAX_PAGES})", Where(path), NOT_OURS)
            fields = form_fields(reader, path)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            raise _damaged(path) from None
    try:
        identity = read(fields)
    except IdentityError as error:
        raise DeckError(f"this deckpress worksheet cannot be read: {error}", Where(path),
                        "make it again with `deckpress worksheets … --fillable`; a newer "
                        "sheet needs a newer deckpress") from None
    if identity is None:
        problem = "is not a fillable deckpress worksheet" + (
            " (it has no form fields)" if not fields else
            " (its form fields were not made by deckpress)")
        raise DeckError(f"this PDF {problem}", Where(path), NOT_OURS)
    return FilledSheet(path, identity, _values(fields), hashlib.sha256(data).hexdigest())


@contextlib.contextmanager
def quiet_pdf_library() -> Iterator[None]:
    """While a filled PDF is read, pypdf's own log lines and warnings ("EOF marker not found",
    "Ignoring wrong pointing object") are not shown: a damaged file gets deckpress's one
    message instead. The logger's level is put back afterwards."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def form_fields(reader: PdfReader, path: Path) -> dict[str, dict[str, Any]]:
    """Each form field's full name, value and type, as pypdf's `get_fields` gives them, but
    read in one pass that does not open the widgets of a field with a type of its own (a
    radio button's boxes): four times fewer objects to parse, as deckpress's sheets hold no
    fields below a field with a type. At most MAX_FIELDS, each visited once."""
    form: Any = reader.root_object.get("/AcroForm")
    if form is None:
        return {}
    top: Any = form.get_object().get("/Fields") or []
    if len(top) > MAX_FIELDS:
        raise _too_many(path)
    stack: list[tuple[Any, str, Any]] = [(node, "", None) for node in reversed(top)]
    seen: set[int] = set()
    fields: dict[str, dict[str, Any]] = {}
    while stack:
        node, parent, kind = stack.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue  # a field listed twice, or a loop of kids
            seen.add(node.idnum)
        if len(seen) > 4 * MAX_FIELDS:
            raise _too_many(path)
        field = node.get_object()
        part = field.get("/T")
        name = (f"{parent}.{part}" if parent else str(part)) if part is not None else parent
        kind = field.get("/FT", kind)
        if part is not None:
            fields[name] = {"/V": field.get("/V"), "/FT": kind}
            if len(fields) > MAX_FIELDS:
                raise _too_many(path)
        if "/FT" not in field:  # a field that only groups others: its kids are fields
            stack += [(kid, name, kind) for kid in reversed(field.get("/Kids") or [])]
    return fields


def _too_many(path: Path) -> DeckError:
    return DeckError(f"the PDF has more than {MAX_FIELDS:,} form fields, more than worksheets "
                     "ever have", Where(path), NOT_OURS)


def _bytes(path: Path) -> bytes:
    """The file's bytes: a regular file of at most MAX_BYTES."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise DeckError(f"cannot read the worksheet: {error.strerror}", Where(path),
                        "give the path of a filled worksheet PDF") from None
    if not os.path.isfile(path):
        raise DeckError("this is not a regular file", Where(path),
                        "give the path of a filled worksheet PDF")
    if info.st_size > MAX_BYTES:
        raise DeckError(f"the file is {info.st_size / 2**20:.0f} MiB, more than a worksheet "
                        f"ever is ({MAX_BYTES // 2**20} MiB)", Where(path), NOT_OURS)
    with open(path, "rb") as stream:
        data = stream.read(MAX_BYTES + 1)
    if not data.lstrip()[:5] == b"%PDF-":
        raise DeckError("this file is not a PDF", Where(path), NOT_OURS)
    return data


def _reader(path: Path, data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise _damaged(path) from None
    if encrypted:
        raise DeckError("the PDF is encrypted (it has a password or restrictions), so its "
                        "fields cannot be read", Where(path),
                        "open it in the app it was filled in and save or export a copy "
                        "without a password")
    return reader


def _damaged(path: Path) -> DeckError:
    return DeckError("the PDF is damaged: its pages or form fields cannot be read",
                     Where(path), "save it again from the app it was filled in, or ask the "
                     "client to send it again")


def _values(fields: Mapping[str, Any]) -> dict[str, str]:
    """Each filled field's value as text: `/7` becomes `7`; empty and untouched ones are left
    out."""
    values: dict[str, str] = {}
    for name, field in fields.items():
        value = field.get("/V") if isinstance(field, Mapping) else None
        if isinstance(value, list):  # a list box's several choices; worksheets have none
            value = ", ".join(str(item) for item in value)
        if value is None:
            continue
        text = str(value).strip()
        if text in OFF:
            continue
        values[str(name)] = text[1:] if text.startswith("/") and field.get("/FT") == "/Btn" \
            else text
    return values
