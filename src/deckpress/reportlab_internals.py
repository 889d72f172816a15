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
- `keep_font_usage`, `fix_encoding`, `embed_fonts`: ReportLab codes the characters of a
  TrueType font in the order a document first draws them and names fonts in the order first
  used, so the same face drawn in two documents (a worker process, an earlier build) is other
  bytes. A document that keeps a `FontUsage` gives each character of a font one fixed code and
  the font a name from its file's content, notes the characters drawn, and embeds only the
  subsets used, each cut down to those characters, as ReportLab embeds a font.
- `add_form`, `drop_form`: a form drawn in one document carried to another as `FormData`.
- `binary_streams`: ReportLab ASCII85-encodes streams by default (its `rl_config.useA85`
  setting): 25 % larger files, slower to write; every PDF deckpress writes uses binary streams.
- `text_inline_images`: with binary streams, ReportLab gives an inline image's data as bytes,
  which a form's content (text) cannot hold: an SVG with a picture inside failed with a
  TypeError. While an SVG is drawn into a form, its pictures are written as ASCII85 text.
- `use_shared_font_form`: ReportLab's AcroForm writes a new font object for every text field's
  appearance; one per font is enough (thousands fewer objects in a long fillable set). And it
  shares one appearance stream between text fields of the same size, which a filler may
  rewrite in place (the value then shows in all of them): each text field gets its own.
- `covered_characters`, `overflows_width`, `fragments`, `rescaled_fragments`, `text_runs`,
  `laid_out_lines`:
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
import weakref
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.acroform import AcroForm
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFFormXObject,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFResourceDictionary,
    PDFStream,
    xObjectName,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _HSFrag

from .units import TOLERANCE

# --- forms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormData:
    """A finished form as plain data, the same in any process: its box, compressed content, the
    forms it shows (internal names) and the graphics states it sets (name, key, value)."""

    bbox: tuple[float, float, float, float]
    content: bytes
    xobjects: tuple[str, ...] = ()
    states: tuple[tuple[str, str, Any], ...] = ()
    images: bool = False


def _form_data(form: PDFFormXObject) -> FormData:
    xobjects = tuple(form.XObjects.dict) if form.XObjects else ()
    states: list[tuple[str, str, Any]] = []
    for name, state in (getattr(form, "ExtGState", None) or PDFDictionary({})).dict.items():
        states += [(name, key, value) for key, value in state.dict.items()]
    return FormData((form.lowerx, form.lowery, form.upperx, form.uppery),
                    zlib.compress(form.stream), xobjects, tuple(states), bool(form.hasImages))


class PackedForm(PDFObject):
    """What a finished form needs at save time: its box, compressed content and resources.

    ReportLab's form object keeps many helper objects alive until the document is saved;
    with thousands of distinct faces they cost several times the content itself.
    """

    __RefOnly__ = 1

    def __init__(self, data: FormData):
        self.data = data

    def format(self, document: Any) -> bytes:
        data = self.data
        resources = PDFResourceDictionary()
        resources.basicFonts()
        if data.images or data.states:
            resources.allProcs()
        if data.xobjects:
            resources.XObject = PDFDictionary({name: PDFObjectReference(name)
                                               for name in data.xobjects})
        if data.states:
            states: dict[str, dict[str, Any]] = {}
            for name, key, value in data.states:
                states.setdefault(name, {})[key] = value
            resources.ExtGState = PDFDictionary({name: PDFDictionary(values)
                                                 for name, values in states.items()})
        stream = PDFStream(content=data.content)
        stream.dictionary["Filter"] = PDFName("FlateDecode")  # already compressed
        stream.dictionary["Type"] = PDFName("XObject")
        stream.dictionary["Subtype"] = PDFName("Form")
        stream.dictionary["FormType"] = 1
        stream.dictionary["BBox"] = PDFArray(list(data.bbox))
        stream.dictionary["Matrix"] = PDFArray([1, 0, 0, 1, 0, 0])
        stream.dictionary["Resources"] = resources
        formatted: bytes = stream.format(document)
        return formatted


def end_form(canvas: Canvas, name: str) -> FormData:
    """`canvas.endForm()`, then the form packed with all its resources (see the module)."""
    canvas.endForm()
    internal = xObjectName(name)
    objects = canvas._doc.idToObject
    data = _form_data(objects[internal])
    objects[internal] = PackedForm(data)
    return data


def add_form(canvas: Canvas, name: str, data: FormData) -> None:
    """A form drawn elsewhere (another process, an earlier build) added under `name`."""
    canvas._doc.Reference(PackedForm(data), xObjectName(name))


def drop_form(canvas: Canvas, name: str) -> None:
    """Forget a form drawn only to be carried elsewhere, so the scratch document stays small."""
    del canvas._doc.idToObject[xObjectName(name)]


def has_form(canvas: Canvas, name: str) -> bool:
    return xObjectName(name) in canvas._doc.idToObject


# --- fonts in one fixed encoding --------------------------------------------------------------
#
# ReportLab gives each character of a TrueType font its code in a document in the order the
# characters are first drawn, and names each font by the order fonts are first used. A face
# drawn in another process, or in an earlier build, would then mean other characters here.
# With a fixed encoding every character of a font has one code (from the font alone: ASCII
# and Latin-1 keep their own, the rest follow in Unicode order, 254 to a subset) and the font
# one name (from its file's digest), so a face's content is the same wherever it is drawn.
# Only the subsets a document uses are embedded, each cut down to the characters used.

FONT_USAGE = "_deckpress_font_usage"  # the attribute a document's FontUsage is kept in


@dataclass
class _Tracked:
    """A font's fixed codes in one document, and the characters drawn with it."""

    codes: dict[int, int]
    fresh: set[int] = field(default_factory=set)  # drawn since the last `FontUsage.take`
    used: set[int] = field(default_factory=set)


def fixed_codes(char_to_glyph: dict[int, int]) -> tuple[dict[int, int], int]:
    """Every character's code (subset × 256 + code in the subset), and the number of subsets.

    Code 0 is .notdef and code 32 the space in every subset (word spacing acts on code 32)."""
    codes = {0: 0}
    for char in (*range(32, 127), *range(0xA1, 0x100)):
        if char in char_to_glyph:
            codes[char] = char
    code = 256
    for char in sorted(char_to_glyph):
        if char in codes or char == 0xA0:  # ReportLab draws a no-break space as a space
            continue
        while code & 0xFF in (0, 32):
            code += 1
        codes[char] = code
        code += 1
    return codes, (code >> 8) + 1


class FixedStates(weakref.WeakKeyDictionary[Any, Any]):
    """A font's per-document states (ReportLab's `font.state`); a document that keeps a
    `FontUsage` gets the fixed encoding, any other ReportLab's own."""

    def __init__(self, font: Any, internal_name: str):
        super().__init__()
        self.font = font
        self.internal_name = internal_name
        self._codes: tuple[dict[int, int], int] | None = None

    def codes(self) -> tuple[dict[int, int], int]:
        if self._codes is None:
            self._codes = fixed_codes(self.font.face.charToGlyph)
        return self._codes

    def __getitem__(self, document: Any) -> Any:
        try:
            return super().__getitem__(document)
        except KeyError:
            usage: FontUsage | None = getattr(document, FONT_USAGE, None)
            if usage is None:
                raise
            state = usage.state_for(self.font, self.internal_name, *self.codes())
            self[document] = state
            return state


def fix_encoding(font: Any, internal_name: str) -> None:
    """Give a registered TrueType font its fixed encoding in documents that keep a FontUsage,
    which note the characters of each string drawn (ReportLab splits every string it draws
    in a TrueType font into subsets first)."""
    if isinstance(font.state, FixedStates):
        return
    font.state = FixedStates(font, internal_name)
    split = type(font).splitString

    def noting_split(text: Any, document: Any, encoding: str = "utf-8") -> Any:
        parts = split(font, text, document, encoding)
        usage: FontUsage | None = getattr(document, FONT_USAGE, None)
        if usage is not None:
            usage.note(internal_name, text)
        return parts

    font.splitString = noting_split


class FontUsage:
    """Which characters of which fonts a document draws, faces from elsewhere included; its
    fonts are embedded by `embed_fonts` just before saving."""

    def __init__(self, resolve: Callable[[str], Any]):
        self.resolve = resolve  # a font's internal name -> the registered font
        self.tracked: dict[str, _Tracked] = {}
        self.fonts: dict[str, Any] = {}

    def state_for(self, font: Any, internal_name: str, codes: dict[int, int],
                  subsets: int) -> Any:
        state = type(font).State(1)
        if internal_name not in self.tracked:
            self.tracked[internal_name] = _Tracked(codes)
        self.fonts.setdefault(internal_name, font)
        state.assignments = codes  # every character has its code: none is added
        state.internalName = internal_name
        state.subsets = [[] for _ in range(subsets)]
        state.frozen = 1
        return state

    def note(self, internal_name: str, text: str | bytes) -> None:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        self.tracked[internal_name].fresh.update(map(ord, text))

    def take(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """The characters drawn since the last call, by font."""
        taken = []
        for name in sorted(self.tracked):
            tracked = self.tracked[name]
            if tracked.fresh:
                taken.append((name, tuple(sorted(tracked.fresh))))
                tracked.used |= tracked.fresh
                tracked.fresh = set()
        return tuple(taken)

    def add(self, used: Sequence[tuple[str, Sequence[int]]], canvas: Canvas) -> None:
        """Characters a face drawn elsewhere uses."""
        for name, chars in used:
            if name not in self.tracked:
                self.resolve(name).state[canvas._doc]  # makes its state, tracked
            self.tracked[name].used.update(chars)


def keep_font_usage(canvas: Canvas, resolve: Callable[[str], Any]) -> FontUsage:
    """Draw this canvas's TrueType text in the fixed encoding; the usage to embed at the end."""
    usage = FontUsage(resolve)
    setattr(canvas._doc, FONT_USAGE, usage)
    return usage


@dataclass(frozen=True)
class _FixedSubsets:
    """A font's used subsets, embedded as ReportLab embeds a font (`TTFont.addObjects`)."""

    font: Any
    internal_name: str
    chars: tuple[tuple[int, int], ...]  # (code, character)

    def addObjects(self, document: Any) -> None:  # ReportLab names it so
        subsets: dict[int, list[int]] = {}
        for code, char in self.chars:
            subset = subsets.setdefault(code >> 8, [])
            subset += [0] * ((code & 0xFF) + 1 - len(subset))
            subset[code & 0xFF] = char
        face = self.font.face
        for number in sorted(subsets):
            subset = subsets[number]
            name = f"{self.internal_name}+{number}"
            base = b"".join((ttfonts.SUBSETN(number), b"+", face.name, face.subfontNameX))
            base_name = base.decode("pdfdoc")
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {face.name.decode('latin-1')} subset {number}"
            font.Name = name
            font.BaseFont = base_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = PDFArray(list(map(face.getCharWidth, subset)))
            cmap = PDFStream()
            cmap.content = ttfonts.makeToUnicodeCMap(base_name, subset)
            if document.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            font.ToUnicode = document.Reference(cmap, "toUnicodeCMap:" + base_name)
            font.FontDescriptor = face.addSubsetObjects(document, base_name, subset)
            document.Reference(font, name)
            document.idToObject["BasicFonts"].dict[name] = font


def embed_fonts(canvas: Canvas, usage: FontUsage) -> None:
    """Before saving: each font's used subsets, in the order of the fonts' names."""
    document = canvas._doc
    usage.take()
    for name in sorted(usage.tracked):
        tracked = usage.tracked[name]
        codes = tracked.codes
        used = tracked.used | ({32} if 0xA0 in tracked.used else set())  # drawn as a space
        chars = sorted((codes[char], char) for char in used if char in codes and char)
        if not chars:
            continue
        font = usage.fonts[name]
        document.fontMapping[font.fontName] = "/" + name
        document.delayedFonts.append(_FixedSubsets(font, name, tuple(chars)))


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
    """An AcroForm that writes each font's object once, not once per text field, and gives
    each text field an appearance stream of its own.

    ReportLab shares one appearance stream between all text fields of the same size and
    value (its `_refMap`, keyed by the stream's `_af_refstr`); a program that fills a field
    by rewriting that stream in place then shows the value in every field of that size.
    Check boxes and radio buttons keep shared on/off appearances: filling one sets its
    state (/AS, /V), never its drawings.
    """

    def __init__(self, canvas: Canvas):
        super().__init__(canvas)
        self._font_refs: dict[str, tuple[str, str]] = {}
        self._text_appearances = 0

    def makeFont(self, fontName: str) -> tuple[str, str]:  # ReportLab names it so
        if fontName not in self._font_refs:
            self._font_refs[fontName] = super().makeFont(fontName)
        return self._font_refs[fontName]

    def txAP(self, *args: Any, **kwargs: Any) -> Any:  # ReportLab names it so
        """A text field's appearance, never found equal to another's: a key of its own."""
        stream = super().txAP(*args, **kwargs)
        self._text_appearances += 1
        stream._af_refstr = f"{stream._af_refstr}\n% field {self._text_appearances}"
        return stream


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


@dataclass(frozen=True)
class LaidOutLine:
    """One line of a wrapped paragraph: the width its text takes and how many words it has
    (a hyphenated word's head counts as a word)."""

    width: float
    words: int


def laid_out_lines(paragraph: Paragraph) -> list[LaidOutLine]:
    """The lines of a wrapped paragraph, read from its layout (`blPara`): plain lines are
    (space left, words), lines of mixed text keep the space left and a word count."""
    layout = paragraph.blPara
    style = paragraph.style
    room = paragraph.width - style.leftIndent - style.rightIndent
    if layout.kind == 0:
        return [LaidOutLine(room - space, len(words)) for space, words in layout.lines]
    return [LaidOutLine(room - line.extraSpace, line.wordCount) for line in layout.lines]
