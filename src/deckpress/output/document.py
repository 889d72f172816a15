"""A new PDF canvas as every deckpress document starts: deterministic (ReportLab's invariant
mode), compressed, its fonts embedded from the first string, and viewer preferences that ask
for actual size and the right duplex mode when printing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from ..colours import to_cmyk

# The viewer's print dialog: fold sheets and one-sided printing print simplex.
PDF_DUPLEX = {"long-edge": "DuplexFlipLongEdge", "short-edge": "DuplexFlipShortEdge",
              "fold": "Simplex", "none": "Simplex"}


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str | None = None


def pdf_canvas(target: BinaryIO | Path, page: tuple[float, float], font: str, about: Metadata,
               duplex: str | None = None, cmyk: bool = False) -> Canvas:
    """A canvas writing to `target`; `font` is its initial font (a registered TrueType face, so
    nothing falls back to an unembedded standard font), `duplex` the profile's mode, if any."""
    canvas = Canvas(target if not isinstance(target, Path) else str(target), pagesize=page,
                    invariant=1, pageCompression=1, initialFontName=font,
                    enforceColorSpace=to_cmyk if cmyk else None)
    canvas.setTitle(about.title)
    canvas.setAuthor(about.author)
    if about.subject is not None:
        canvas.setSubject(about.subject)
    canvas.setCreator(f"deckpress {__version__}")
    canvas.setViewerPreference("PrintScaling", "None")
    if duplex is not None:
        canvas.setViewerPreference("Duplex", PDF_DUPLEX[duplex])
    return canvas
