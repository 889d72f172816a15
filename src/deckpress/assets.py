"""Images and SVG drawings used by card faces, loaded once per build and embedded once.

Raster images are embedded once by ReportLab (it keys them by content); an SVG becomes one Form
XObject per colour, which every face that shows it references.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Shape, String
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .fonts import FontBook
from .pdfwriter import end_form

RASTER_SUFFIXES = {".png", ".jpg", ".jpeg"}


class AssetError(ValueError):
    def __init__(self, problem: str, hint: str):
        super().__init__(problem)
        self.problem = problem
        self.hint = hint


@dataclass
class Raster:
    reader: ImageReader
    width: int
    height: int
    mode: str = "RGB"  # Pillow's mode of the file: RGB, RGBA, L, CMYK, ...


@dataclass
class Vector:
    drawing: Drawing
    width: float
    height: float


@dataclass
class Assets:
    """Per-build cache. `text_font` replaces fonts inside SVGs so nothing unembedded slips in."""

    text_font: str
    fonts: FontBook
    rasters: dict[Path, Raster] = field(default_factory=dict)
    vectors: dict[Path, Vector] = field(default_factory=dict)
    forms: dict[tuple[Path, str | None], str] = field(default_factory=dict)
    paths: dict[tuple[str, tuple[Path, ...]], Path] = field(default_factory=dict)

    def locate(self, src: str, folders: tuple[Path, ...]) -> Path:
        """An image's file: absolute, or the first of `folders` that has it (looked up once)."""
        key = (src, folders)
        if key not in self.paths:
            path = Path(src)
            if not path.is_absolute():
                found = (folder / path for folder in folders if (folder / path).exists())
                path = next(found, folders[0] / path).resolve()
            self.paths[key] = path
        return self.paths[key]

    def size(self, path: Path) -> tuple[float, float]:
        if path.suffix.lower() == ".svg":
            vector = self.vector(path)
            return vector.width, vector.height
        raster = self.raster(path)
        return float(raster.width), float(raster.height)

    def raster(self, path: Path) -> Raster:
        if path not in self.rasters:
            self.rasters[path] = _load_raster(path)
        return self.rasters[path]

    def vector(self, path: Path) -> Vector:
        if path not in self.vectors:
            vector = _load_vector(path, self.text_font)
            for node in _walk(vector.drawing):
                char = self.fonts.missing(self.text_font, node.text) if isinstance(
                    node, String) else None
                if char is not None:
                    raise AssetError(
                        f"text in {path.name} uses '{char}' (U+{ord(char):04X}), which the "
                        f"font {self.fonts.label(self.text_font)} does not have",
                        "convert the SVG's text to outlines in a vector editor",
                    )
            self.vectors[path] = vector
        return self.vectors[path]

    def svg_form(self, canvas: Canvas, path: Path, colour: Color | None) -> str:
        """Name of a form holding the SVG at its natural size; drawn the first time it is asked."""
        key = (path, colour.hexval() if colour is not None else None)
        if key not in self.forms:
            vector = self.vector(path)
            drawing = vector.drawing
            if colour is not None:
                drawing = copy.deepcopy(drawing)
                _recolour(drawing, colour)
            name = f"svg_{len(self.forms) + 1}"  # numbered: no path or file read in the PDF
            canvas.beginForm(name, 0, 0, vector.width, vector.height)
            renderPDF.draw(drawing, canvas, 0, 0)
            end_form(canvas, name)
            self.forms[key] = name
        return self.forms[key]


def validate_image(path: Path) -> None:
    """Read an image once to prove it is usable; raises AssetError naming the problem."""
    if path.suffix.lower() == ".svg":
        _load_vector(path, "Helvetica")  # only parsed here; drawing sets the brand's font
    else:
        _load_raster(path)


def check_image_file(path: Path) -> None:
    if not path.is_file():
        raise AssetError(
            f"image file not found: {path}", "check the path; it is relative to the deck file"
        )
    suffix = path.suffix.lower()
    if suffix != ".svg" and suffix not in RASTER_SUFFIXES:
        raise AssetError(f"unsupported image type '{suffix}': {path.name}", "use PNG, JPEG or SVG")


def _load_raster(path: Path) -> Raster:
    check_image_file(path)
    try:
        with Image.open(path) as image:
            image.load()
            width, height = image.size
            mode = image.mode
            if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # deep greyscale: to 8 bits
                reader = ImageReader(image.point(lambda value: value / 256).convert("L"))
            else:
                reader = ImageReader(str(path))
    except Image.DecompressionBombError:
        raise AssetError(f"image {path.name} is too large to be a picture on a card",
                         "scale it down to a few thousand pixels across") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise AssetError(
            f"cannot read image {path.name}: {error}",
            "the file is damaged or not really an image; export it again as PNG or JPEG",
        ) from None
    return Raster(reader, width, height, mode)


def _load_vector(path: Path, text_font: str) -> Vector:
    check_image_file(path)
    from svglib.svglib import svg2rlg  # imported lazily: only decks with SVGs pay for it

    try:
        drawing = svg2rlg(str(path))
    except Exception as error:  # svglib raises many kinds of errors for broken input
        raise AssetError(
            f"cannot read SVG {path.name}: {error}",
            "the file is damaged or not SVG; open it in a vector editor and save it again",
        ) from None
    if drawing is None or not drawing.width or not drawing.height:
        raise AssetError(
            f"cannot read SVG {path.name}: it is damaged, empty or has no size",
            "open it in a vector editor and save it again as plain SVG with a viewBox",
        )
    _replace_fonts(drawing, text_font)
    drawing.initialFontName = text_font  # else the renderer selects (unembedded) Helvetica
    return Vector(drawing, float(drawing.width), float(drawing.height))


def _walk(node: Shape):
    yield node
    if isinstance(node, Group | Drawing):
        for child in node.contents:
            yield from _walk(child)


def _replace_fonts(drawing: Drawing, font: str) -> None:
    for node in _walk(drawing):
        if isinstance(node, String):
            node.fontName = font


def _recolour(drawing: Drawing, colour: Color) -> None:
    for node in _walk(drawing):
        if getattr(node, "fillColor", None) is not None:
            node.fillColor = colour
        if getattr(node, "strokeColor", None) is not None:
            node.strokeColor = colour
