"""Image files a deck or brand names (PNG, JPEG, SVG): read, and refused with a reason and a fix
when they are missing, damaged, of the wrong type or too large to be a picture on a card."""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from reportlab.graphics.shapes import Drawing
from reportlab.lib.utils import ImageReader

from ..units import MAX_POINTS, shown

MIB = 1024 * 1024
MAX_IMAGE_BYTES = 64 * MIB
# a whole A4 page at 600 dpi is 35 million pixels; a picture on a card needs far fewer, and a
# larger one would take gigabytes to hold
MAX_IMAGE_PIXELS = 40_000_000
MAX_SVG_SIDE = MAX_POINTS  # pt; an SVG is scaled to its box, but its own size must be real

RASTER_SUFFIXES = {".png", ".jpg", ".jpeg"}


class AssetError(ValueError):
    """An image that cannot be used; the caller says where it was named."""

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


def is_svg(path: Path) -> bool:
    return path.suffix.lower() == ".svg"


def validate_image(path: Path) -> None:
    """Read an image once to prove it is usable; raises AssetError naming the problem."""
    if is_svg(path):
        load_vector(path)
    else:
        load_raster(path)


def check_image_file(path: Path) -> None:
    """A regular file of a supported type and a size a picture can have: a pipe, a device or a
    huge file is refused before it is read."""
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is None or stat.S_ISDIR(info.st_mode):
        raise AssetError(
            f"image file not found: {path}", "check the path; it is relative to the deck file"
        )
    if not stat.S_ISREG(info.st_mode):
        raise AssetError(f"image {path.name} is not a regular file (a device, pipe or socket)",
                         "give the path of an image file saved on disk")
    if info.st_size > MAX_IMAGE_BYTES:
        raise AssetError(f"image {path.name} is {info.st_size // MIB} MiB, more than the "
                         f"{MAX_IMAGE_BYTES // MIB} MiB deckpress reads",
                         "scale it down or save it compressed (PNG or JPEG)")
    suffix = path.suffix.lower()
    if suffix != ".svg" and suffix not in RASTER_SUFFIXES:
        raise AssetError(f"unsupported image type '{suffix}': {path.name}", "use PNG, JPEG or SVG")


def load_raster(path: Path) -> Raster:
    check_image_file(path)
    try:
        with Image.open(path) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:  # read from the header only
                raise AssetError(
                    f"image {path.name} is {image.width} × {image.height} pixels, more than "
                    f"the {MAX_IMAGE_PIXELS // 1_000_000} million deckpress reads",
                    "scale it down: 2,000 pixels across are plenty for a card at 600 dpi")
            image.load()
            width, height = image.size
            mode = image.mode
            if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # deep greyscale: to 8 bits
                reader = ImageReader(image.point(lambda value: value / 256).convert("L"))
            else:
                reader = ImageReader(str(path))
    except AssetError:
        raise
    except Image.DecompressionBombError:
        raise AssetError(f"image {path.name} is too large to be a picture on a card",
                         "scale it down to a few thousand pixels across") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise AssetError(
            f"cannot read image {path.name}: {error}",
            "the file is damaged or not really an image; export it again as PNG or JPEG",
        ) from None
    return Raster(reader, width, height, mode)


def load_vector(path: Path) -> Vector:
    """An SVG as a ReportLab drawing, at its natural size in points."""
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
    if not all(math.isfinite(side) and 0.01 <= side <= MAX_SVG_SIDE
               for side in (float(drawing.width), float(drawing.height))):
        raise AssetError(
            f"SVG {path.name} says it is {shown(drawing.width, 24)} × "
            f"{shown(drawing.height, 24)} pt, which no page can hold",
            "open it in a vector editor and save it again with a real width and height (or a "
            "viewBox)",
        )
    return Vector(drawing, float(drawing.width), float(drawing.height))
