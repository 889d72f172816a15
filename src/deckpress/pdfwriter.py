"""Two adaptations of ReportLab's PDF writer, so large decks stay correct and small in memory.

- `end_form`: ReportLab's form XObjects list fonts and XObjects in their resources but not the
  ExtGState entries that transparency needs (`setFillAlpha` inside a form gives a broken PDF),
  and keep their content uncompressed, with many helper objects, until the document is saved.
  `end_form` closes a form, adds the missing resources and packs it, compressed, at once.
- `binary_streams`: ReportLab ASCII85-encodes streams by default: 25 % larger files, slower
  to write; every PDF deckpress writes uses binary streams instead.
- `streaming_save`: ReportLab assembles the whole file in memory before writing it; this
  writes each object to the output as soon as it is formatted. The bytes are the same.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
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

    def format(self, document) -> bytes:
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
        return stream.format(document)


def end_form(canvas: Canvas, name: str) -> None:
    canvas.endForm()
    internal = xObjectName(name)
    canvas._doc.idToObject[internal] = PackedForm(canvas._doc.idToObject[internal])


@contextmanager
def streaming_save(stream: BinaryIO) -> Iterator[None]:
    """While active, a canvas created on `stream` writes its objects there as it saves."""

    class StreamingFile(pdfdoc.PDFFile):
        def __init__(self, pdfVersion=pdfdoc.PDF_VERSION_DEFAULT):
            super().__init__(pdfVersion)  # collects the header
            for chunk in self.strings:
                stream.write(chunk)
            self.strings = []
            self.write = stream.write

        def format(self, document) -> bytes:
            return b""  # everything is written already

    original = pdfdoc.PDFFile
    pdfdoc.PDFFile = StreamingFile
    try:
        yield
    finally:
        pdfdoc.PDFFile = original


@contextmanager
def binary_streams() -> Iterator[None]:
    """Binary instead of ASCII85 streams while a PDF is written, then ReportLab's setting back."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before
