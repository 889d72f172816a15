"""Form XObjects with complete resources, compressed as soon as they are drawn.

ReportLab's form XObjects list fonts and XObjects in their resources but not the ExtGState
entries that transparency needs (`setFillAlpha` inside a form gives a broken PDF), and keep
their content uncompressed until the whole document is saved. `end_form` closes a form, adds
the missing resources and compresses its content at once, so a large deck's memory stays low.
"""

from __future__ import annotations

import zlib

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
