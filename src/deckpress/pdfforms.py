"""Form XObjects with complete resources.

ReportLab's form XObjects list fonts and XObjects in their resources but not the ExtGState
entries that transparency needs (`setFillAlpha` inside a form gives a broken PDF). `end_form`
closes a form and adds them.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFResourceDictionary, xObjectName
from reportlab.pdfgen.canvas import Canvas


def end_form(canvas: Canvas, name: str) -> None:
    canvas.endForm()
    form = canvas._doc.idToObject[xObjectName(name)]
    states = getattr(form, "ExtGState", None)
    if states:
        resources = PDFResourceDictionary()
        resources.basicFonts()
        resources.allProcs()
        if form.XObjects:
            resources.XObject = form.XObjects
        resources.ExtGState = states
        form.Resources = resources
