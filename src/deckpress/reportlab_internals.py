"""Every use of ReportLab's undocumented internals, fenced in this one module.

ReportLab is the PDF writer under deckpress. Where its public API falls short, deckpress adapts
it here, and only here; every other module uses the public API and the functions below. Each
adaptation has a test in tests/fence/ that fails without it, and pyproject.toml admits only
the ReportLab versions the whole test suite passes on: 4.4.10, 4.5.1, 5.0.1 and 5.1.0 (4.2.5
keeps these adaptations working but draws some pages with other operators, which the golden
fingerprints catch). Before widening that range, run the test suite on the new version.

The adaptations:

- `end_form`: ReportLab's form XObjects list fonts and XObjects in their resources but not the
  ExtGState entries that transparency needs (`setFillAlpha` inside a form gives a broken PDF),
  and keep their content uncompressed, with many helper objects, until the document is saved.
  `end_form` closes a form, adds the missing resources and packs it, compressed, at once.
- `save_streaming`: ReportLab assembles the whole file in memory before writing it; this
  writes each object to the output as soon as it is formatted. The bytes are the same. Only
  the one document being saved is changed, never the library's own module.
- `binary_streams`: ReportLab ASCII85-encodes streams by default (its `rl_config.useA85`
  setting): 25 % larger files, slower to write; every PDF deckpress writes uses binary streams.
- `text_inline_images`: with binary streams, ReportLab gives an inline image's data as bytes,
  which a form's content (text) cannot hold: an SVG with a picture inside failed with a
  TypeError. While an SVG is drawn into a form, its pictures are written as ASCII85 text.
- `use_shared_font_form`: ReportLab's AcroForm writes a new font object for every text field's
  appearance; one per font is enough (thousands fewer objects in a long fillable set).
- `covered_characters`, `overflows_width`, `fragments`, `rescaled_fragments`, `text_runs`:
  what a font has glyphs for, and a laid-out paragraph's lines and parsed text (its runs of
  text, fonts, sizes, pictures and line breaks), read from their attributes.
- `picture_mark`, `place_pictures`, `PictureParagraph`, `drawing_pictures`: vector pictures set
  in a line of text like words (icons in card text). ReportLab's own inline `<img>` takes only
  bitmap files; a picture here is parsed as an `<onDraw>` mark, made an inline image of the
  right size in the parsed text, and drawn by a callback where ReportLab would draw the
  bitmap. ReportLab lets a line break on either side of an inline image, even between it and
  the comma after it; `PictureParagraph` breaks lines with a copy of ReportLab's method that
  keeps a picture with the text it touches (only that paragraph, never the library's module).
"""

from __future__ import annotations

import copy
import threading
import types
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.acroform import AcroForm
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFFormXObject,
    PDFName,
    PDFObject,
    PDFResourceDictionary,
    PDFStream,
    xObjectName,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _HSFrag

from .units import TOLERANCE

# --- forms -----------------------------------------------------------------------------------


class PackedForm(PDFObject):
    """What a finished form needs at save time: its box, compressed content and resources.

    ReportLab's form object keeps many helper objects alive until the document is saved;
    with thousands of distinct faces they cost several times the content itself.
    """

    __RefOnly__ = 1

    def __init__(self, form: PDFFormXObject):
        self.bbox = (form.lowerx, form.lowery, form.upperx, form.uppery)
        self.content = zlib.compress(form.stream)
        self.xobjects = form.XObjects or None
        self.states = getattr(form, "ExtGState", None) or None
        self.images = bool(form.hasImages)

    def format(self, document: Any) -> bytes:
        resources = PDFResourceDictionary()
        resources.basicFonts()
        if self.images or self.states:
            resources.allProcs()
        if self.xobjects:
            resources.XObject = self.xobjects
        if self.states:
            resources.ExtGState = self.states
        stream = PDFStream(content=self.content)
        stream.dictionary["Filter"] = PDFName("FlateDecode")  # already compressed
        stream.dictionary["Type"] = PDFName("XObject")
        stream.dictionary["Subtype"] = PDFName("Form")
        stream.dictionary["FormType"] = 1
        stream.dictionary["BBox"] = PDFArray(list(self.bbox))
        stream.dictionary["Matrix"] = PDFArray([1, 0, 0, 1, 0, 0])
        stream.dictionary["Resources"] = resources
        formatted: bytes = stream.format(document)
        return formatted


def end_form(canvas: Canvas, name: str) -> None:
    """`canvas.endForm()`, then the form packed with all its resources (see the module)."""
    canvas.endForm()
    internal = xObjectName(name)
    objects = canvas._doc.idToObject
    objects[internal] = PackedForm(objects[internal])


# --- saving ----------------------------------------------------------------------------------


def _streaming_file(stream: BinaryIO) -> type:
    """ReportLab's output collector, writing to `stream` instead of collecting."""

    class StreamingFile(pdfdoc.PDFFile):
        def __init__(self, pdfVersion: tuple[int, int] = pdfdoc.PDF_VERSION_DEFAULT):
            super().__init__(pdfVersion)  # collects the header
            header: list[bytes] = self.strings
            for chunk in header:
                stream.write(chunk)
            self.strings: list[bytes] = []
            self.write = stream.write

        def format(self, document: Any) -> bytes:
            return b""  # everything is written already

    return StreamingFile


def save_streaming(canvas: Canvas, stream: BinaryIO) -> None:
    """`canvas.save()` for a canvas made on `stream`, writing each object as it is formatted.

    ReportLab's `PDFDocument.format` makes its output collector by the global name `PDFFile`;
    this document alone gets a copy of that method that finds the streaming collector there.
    """
    document = canvas._doc
    method = type(document).format
    code = method.__code__
    if "PDFFile" not in code.co_names:  # the adaptation no longer applies: a bug, not input
        raise RuntimeError("this ReportLab version saves documents in a way deckpress was not "
                           "checked on; see deckpress/reportlab_internals.py")
    namespace = dict(method.__globals__, PDFFile=_streaming_file(stream))
    streaming = types.FunctionType(code, namespace, method.__name__, method.__defaults__,
                                   method.__closure__)
    document.format = types.MethodType(streaming, document)
    canvas.save()


@dataclass
class _Setting:
    """ReportLab's useA85 while deckpress writes: binary while any PDF is being written (in
    any thread), ReportLab's own setting back once none is."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    writers: int = 0
    before: Any = None


_USE_A85 = _Setting()


@contextmanager
def binary_streams() -> Iterator[None]:
    """Binary instead of ASCII85 streams while a PDF is written, then ReportLab's setting back."""
    with _USE_A85.lock:
        if _USE_A85.writers == 0:
            _USE_A85.before = rl_config.useA85
            rl_config.useA85 = 0
        _USE_A85.writers += 1
    try:
        yield
    finally:
        with _USE_A85.lock:
            _USE_A85.writers -= 1
            if _USE_A85.writers == 0:
                rl_config.useA85 = _USE_A85.before


@contextmanager
def text_inline_images() -> Iterator[None]:
    """Inline images as ASCII85 text (the form they are drawn into is still compressed)."""
    with _USE_A85.lock:
        before = rl_config.useA85
        rl_config.useA85 = 1
    try:
        yield
    finally:
        with _USE_A85.lock:
            rl_config.useA85 = before


# --- form fields -----------------------------------------------------------------------------


class SharedFontForm(AcroForm):
    """An AcroForm that writes each font's object once, not once per text field."""

    def __init__(self, canvas: Canvas):
        super().__init__(canvas)
        self._font_refs: dict[str, tuple[str, str]] = {}

    def makeFont(self, fontName: str) -> tuple[str, str]:  # ReportLab names it so
        if fontName not in self._font_refs:
            self._font_refs[fontName] = super().makeFont(fontName)
        return self._font_refs[fontName]


def use_shared_font_form(canvas: Canvas) -> None:
    """Give the canvas a `SharedFontForm`, installed as ReportLab installs its own AcroForm the
    first time `canvas.acroForm` is used."""
    canvas._doc._catalog.AcroForm = canvas.AcroForm = SharedFontForm(canvas)


# --- fonts and paragraphs --------------------------------------------------------------------


def covered_characters(font_name: str) -> frozenset[str]:
    """The characters a registered TrueType font has glyphs for."""
    font = pdfmetrics.getFont(font_name)
    return frozenset(map(chr, font.face.charToGlyph))


def overflows_width(paragraph: Paragraph) -> bool:
    """Whether a wrapped paragraph has a line wider than its box: a word longer than the box is
    wide (words are never split)."""
    layout = paragraph.blPara
    if layout.kind == 0:  # plain lines: (space left, words)
        return any(line[0] < -TOLERANCE for line in layout.lines)
    return any(line.extraSpace < -TOLERANCE for line in layout.lines)


def fragments(paragraph: Paragraph) -> list[Any]:
    """The paragraph's text as parsed (runs of one font and size), before layout regroups it."""
    parsed: list[Any] = paragraph.frags
    return parsed


def fragment_text(fragment: Any) -> tuple[str, str]:
    """(text, font name) of one parsed fragment; a line break has no text."""
    return getattr(fragment, "text", ""), getattr(fragment, "fontName", "")


@dataclass(frozen=True)
class TextRun:
    """One parsed fragment as text measuring needs it: its text, font and size, the width of
    the picture it is (else None), and whether it is a line break (`<br/>`)."""

    text: str
    font: str
    size: float
    picture_width: float | None
    line_break: bool


def text_runs(parsed: Sequence[Any]) -> list[TextRun]:
    """The parsed fragments as `TextRun`s, to estimate a layout without laying it out."""
    runs = []
    for fragment in parsed:
        text, font = fragment_text(fragment)
        picture = _picture_of(fragment)
        runs.append(TextRun(text, font, float(getattr(fragment, "fontSize", 0.0)),
                            None if picture is None else float(fragment.cbDefn.width),
                            bool(getattr(fragment, "lineBreak", False))))
    return runs


def rescaled_fragments(parsed: Sequence[Any], ratio: float) -> list[Any]:
    """Copies of parsed fragments at `ratio` times their type size, to lay the same text out at
    another size without parsing it again."""
    result = []
    for fragment in parsed:
        clone = copy.copy(fragment)
        clone.fontSize = fragment.fontSize * ratio
        if getattr(fragment, "rise", 0):
            clone.rise = fragment.rise * ratio
        picture = _picture_of(fragment)
        if picture is not None:  # a picture in the text grows and shrinks with it
            clone.cbDefn = copy.copy(fragment.cbDefn)
            clone.cbDefn.width = fragment.cbDefn.width * ratio
            clone.cbDefn.height = fragment.cbDefn.height * ratio
            clone.cbDefn.valign = fragment.cbDefn.valign * ratio
        result.append(clone)
    return result


# --- pictures in text ------------------------------------------------------------------------

PICTURE_MARK = "deckpress-picture"  # the <onDraw> name that stands for a picture in a text


@dataclass(frozen=True)
class InlinePicture:
    """A picture set in a line of text like a word: its box at the text's parsed size (points),
    how far the box reaches below the baseline, and what the drawing callback draws."""

    drawn: Any
    width: float
    height: float
    drop: float


def picture_mark(index: int) -> str:
    """Paragraph markup standing for picture `index` of a text (see `place_pictures`)."""
    return f'<onDraw name="{PICTURE_MARK}" label="{index}"/>'


def place_pictures(parsed: Sequence[Any], pictures: Sequence[InlinePicture]) -> None:
    """The picture marks of parsed text made inline images of their pictures' size, laid out
    as ReportLab lays out an <img> (which would only take a bitmap file). Before the layout."""
    for fragment in parsed:
        definition: Any = getattr(fragment, "cbDefn", None)
        if getattr(definition, "name", None) != PICTURE_MARK:
            continue
        picture = pictures[int(definition.label)]
        definition.kind = "img"
        definition.image = picture
        definition.width = picture.width
        definition.height = picture.height
        definition.valign = -picture.drop  # a number: the box's bottom, from the baseline


def _picture_of(fragment: Any) -> InlinePicture | None:
    picture = getattr(getattr(fragment, "cbDefn", None), "image", None)
    return picture if isinstance(picture, InlinePicture) else None


def _touching(before: list[Any], after: list[Any]) -> bool:
    """Whether two of ReportLab's words (a width, then (fragment, text) pieces) meet with no
    space between them at a picture: ReportLab makes a picture a word of its own."""
    if type(before) is not list or type(after) not in (list, _HSFrag) or len(after) < 2:
        return False
    (last, _), (first, text) = before[-1], after[1]
    if getattr(last, "lineBreak", False) or getattr(first, "lineBreak", False):
        return False
    return (_picture_of(last) is not None and (bool(text) or _picture_of(first) is not None)) \
        or (_picture_of(first) is not None and len(before) > 1)


def glued_words(words: list[list[Any]]) -> list[list[Any]]:
    """ReportLab's words with each picture joined to the words it touches, so that a line
    breaks only where there is a space: ":phone:," stays together."""
    result: list[list[Any]] = []
    for word in words:
        if result and _touching(result[-1], word):
            before = result.pop()
            word = type(word)([before[0] + word[0], *before[1:], *word[1:]])
        result.append(word)
    return result


def _glued_line_breaking(method: Callable[..., Any]) -> Callable[..., Any]:
    """A copy of ReportLab's `Paragraph.breakLines` whose words keep pictures with their text:
    it finds the function splitting text into words by its global name `_getFragWords`."""
    code = method.__code__
    if "_getFragWords" not in code.co_names:  # the adaptation no longer applies: a bug
        raise RuntimeError("this ReportLab version breaks lines in a way deckpress was not "
                           "checked on; see deckpress/reportlab_internals.py")
    words_of = method.__globals__["_getFragWords"]

    def glued(*args: Any, **kwargs: Any) -> list[list[Any]]:
        return glued_words(words_of(*args, **kwargs))

    namespace = dict(method.__globals__, _getFragWords=glued)
    return types.FunctionType(code, namespace, method.__name__, method.__defaults__,
                              method.__closure__)


@cache
def _glued_break_lines() -> Callable[..., Any]:
    """Made when first needed: a ReportLab it does not suit fails the text with icons (a bug,
    reported as one), not every command."""
    return _glued_line_breaking(Paragraph.breakLines)


class PictureParagraph(Paragraph):
    """A paragraph with pictures in its text (see `place_pictures`), kept with what they touch."""

    def breakLines(self, *args: Any, **kwargs: Any) -> Any:  # ReportLab names it so
        return _glued_break_lines()(self, *args, **kwargs)


@contextmanager
def drawing_pictures(canvas: Canvas,
                     draw: Callable[[Any, float, float, float, float], None]) -> Iterator[None]:
    """While a paragraph is drawn, its pictures drawn by `draw(picture.drawn, x, y, width,
    height)`: ReportLab draws an inline image with the canvas's `drawImage`, at the box it laid
    out (bottom-left corner, size)."""
    bitmap = canvas.drawImage

    def draw_image(image: Any, x: float, y: float, width: Any = None, height: Any = None,
                   *args: Any, **kwargs: Any) -> Any:
        if isinstance(image, InlinePicture):
            draw(image.drawn, x, y, width, height)
            return None
        return bitmap(image, x, y, width, height, *args, **kwargs)

    canvas.drawImage = draw_image
    try:
        yield
    finally:
        del canvas.drawImage
