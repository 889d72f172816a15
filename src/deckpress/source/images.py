"""Image files a deck or brand names (PNG, JPEG, SVG): read, and refused with a reason and a fix
when they are missing, damaged, of the wrong type or too large to be a picture on a card."""

from __future__ import annotations

import logging
import math
import os
import re
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from reportlab.graphics.shapes import Drawing
from reportlab.lib.utils import ImageReader

from ..units import MAX_POINTS, shown

MIB = 1024 * 1024
MAX_IMAGE_BYTES = 64 * MIB
# a tarot card at 1200 dpi is 12 million pixels, a poker card at 600 dpi 3 million; a picture
# 6000 pixels square takes over half a gigabyte to embed
# a drawing this big is a picture traced point by point: 7 MiB took 5 s and 215 MB to draw,
# and the XML parser drops a path over 10 MB without a word (the icon prints empty)
MAX_SVG_BYTES = 4 * MIB
MAX_IMAGE_PIXELS = 16_000_000
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
    reader: ImageReader | None  # None once drawn into a form: its pixels are not kept
    width: int
    height: int
    mode: str = "RGB"  # Pillow's mode of the file: RGB, RGBA, L, CMYK, ...
    transparent: bool = False  # an alpha channel or a transparent colour


ALPHA_MODES = ("RGBA", "LA", "PA", "La", "RGBa")  # Pillow's modes with an alpha channel


def transparent(image: Image.Image) -> bool:
    """Whether a picture has an alpha channel or a transparent colour."""
    return image.mode in ALPHA_MODES or "transparency" in image.info


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
    suffix = path.suffix.lower()
    if suffix == ".svg" and info.st_size > MAX_SVG_BYTES:
        raise AssetError(f"SVG {path.name} is {info.st_size / MIB:.0f} MiB, more than the "
                         f"{MAX_SVG_BYTES // MIB} MiB deckpress reads (a logo or icon is a few "
                         "KiB)", "simplify the drawing (fewer points), or use a PNG of it")
    if info.st_size > MAX_IMAGE_BYTES:
        raise AssetError(f"image {path.name} is {info.st_size // MIB} MiB, more than the "
                         f"{MAX_IMAGE_BYTES // MIB} MiB deckpress reads",
                         "scale it down or save it compressed (PNG or JPEG)")
    if suffix != ".svg" and suffix not in RASTER_SUFFIXES:
        raise AssetError(f"unsupported image type '{suffix}': {path.name}", "use PNG, JPEG or SVG")


def load_raster(path: Path) -> Raster:
    check_image_file(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # said below
            image = Image.open(path)
        with image:
            if image.width * image.height > MAX_IMAGE_PIXELS:  # read from the header only
                raise AssetError(
                    f"image {path.name} is {image.width} × {image.height} pixels, more than "
                    f"the {MAX_IMAGE_PIXELS // 1_000_000} million deckpress reads",
                    "scale it down: 2,000 pixels across are plenty for a card at 600 dpi")
            image.load()
            width, height = image.size
            mode, see_through = image.mode, transparent(image)
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
    return Raster(reader, width, height, mode, see_through)


def load_vector(path: Path) -> Vector:
    """An SVG as a ReportLab drawing, at its natural size in points."""
    check_image_file(path)
    from svglib.svglib import svg2rlg  # imported lazily: only decks with SVGs pay for it

    try:
        with svglib_messages() as said:  # pictures only from the SVG's own folder
            drawing = svg2rlg(str(path), external_reference_root=str(path.parent))
    except Exception as error:  # svglib raises many kinds of errors for broken input
        raise AssetError(
            f"cannot read SVG {path.name}: {error or type(error).__name__}",
            "the file is damaged or not SVG; open it in a vector editor and save it again",
        ) from None
    dropped = [message for message in said if "image" in message or "reference" in message]
    hrefs = _picture_files(path)
    dropped += [f"{shown(href, 60)} is an SVG, which an <image> cannot show" for href in hrefs
                if href.lower().endswith(".svg") or href.lower().startswith("data:image/svg")]
    dropped += [f"{shown(href, 60)} is not there" for href in hrefs
                if not href.startswith("data:") and not (path.parent / href).is_file()]
    if dropped:  # svglib leaves such a picture out: said here rather than printed and lost
        raise AssetError(f"SVG {path.name} shows a picture deckpress cannot use: "
                         f"{shown(dropped[0], 100)}",
                         "embed the picture in the SVG, or put it in the SVG's folder and "
                         "refer to it by its name")
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
    for shapes, node in enumerate(_nodes(drawing), 1):
        if "Gradient" in type(node).__name__:  # svglib draws it as a shading a form loses
            raise AssetError(f"SVG {path.name} fills a shape with a gradient, which deckpress "
                             "cannot print yet (it would come out black)",
                             "give the shape a flat colour in a vector editor, or export the "
                             "SVG as a PNG of at least 300 dpi at its printed size")
        if shapes > MAX_SVG_SHAPES:
            raise AssetError(f"SVG {path.name} has more than {MAX_SVG_SHAPES:,} shapes, more "
                             "than a logo or icon needs (and slow to draw)",
                             "simplify it in a vector editor, or export it as a PNG")
        problem = _number_problem(node)
        if problem is not None:
            raise AssetError(f"SVG {path.name} holds a number no page can draw: {problem}",
                             "open it in a vector editor and save it again (check its viewBox "
                             "and the sizes of its shapes)")
    for picture in svg_pictures(drawing):
        check_svg_picture(picture.path, path)
    return Vector(drawing, float(drawing.width), float(drawing.height))


MAX_SVG_SHAPES = 20_000  # a detailed logo has a few hundred; 100,000 take half a minute
MAX_SVG_NUMBER = 1e6  # pt, in any coordinate system of the drawing
MIN_SVG_SCALE = 1e-6  # a transform that shrinks more than this leaves nothing to see


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "contents", None) or []:
        yield from _nodes(child)


def _number_problem(node: Any) -> str | None:
    """What is wrong with a number of one shape of an SVG drawing (a coordinate, a size, a
    transform), or None: a number that is not finite or is huge would break the page."""
    for name, value in vars(node).items():
        numbers = [value] if isinstance(value, int | float) else \
            list(value) if isinstance(value, tuple | list) and name != "contents" else []
        for number in numbers:
            if not isinstance(number, int | float) or isinstance(number, bool):
                continue
            if not math.isfinite(number) or abs(number) > MAX_SVG_NUMBER:
                return f"{name} {shown(number, 24)}"
        if name == "transform" and len(numbers) == 6 and any(
                0 < abs(number) < MIN_SVG_SCALE for number in numbers[:4]):
            return f"a scale of {shown(min(abs(n) for n in numbers[:4] if n), 24)}"
    return None


_IMAGE_HREF = re.compile(r"<(?:svg:)?image\b[^>]*?\bhref\s*=\s*[\"']([^\"'#][^\"']*)[\"']",
                         re.IGNORECASE)


def _picture_files(path: Path) -> list[str]:
    """What an SVG's <image> elements show (files by name, and embedded data): svglib passes
    over a missing file, and an SVG shown as a picture, without a word."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return [href for href in _IMAGE_HREF.findall(text)
            if "://" not in href and not href.startswith("/")]


@contextmanager
def svglib_messages() -> Iterator[list[str]]:
    """What svglib says while it reads an SVG, collected instead of printed (it reports a
    picture it leaves out only in its log)."""
    said: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                said.append(record.getMessage())

    logger = logging.getLogger("svglib.svglib")
    handler, propagate = Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield said
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def svg_pictures(drawing: Any) -> Iterator[Any]:
    """The pictures (raster images) inside an SVG drawing."""
    from reportlab.graphics.shapes import Image as Picture

    return (node for node in _nodes(drawing) if isinstance(node, Picture))


def check_svg_picture(picture: Any, svg: Path) -> None:
    """A picture inside an SVG: embedded in it, or a file in the SVG's own folder (or below),
    never one from elsewhere on the disk; and of a size a card can hold."""
    if isinstance(picture, str | Path):
        real = Path(picture).resolve()
        if not real.is_relative_to(svg.parent.resolve()):
            raise AssetError(f"SVG {svg.name} shows a picture from outside its folder: "
                             f"{shown(picture, 60)}",
                             "put the picture in the SVG's folder, or embed it in the SVG")
        check_image_file(real)
        try:
            with Image.open(real) as opened:
                width, height = opened.size
        except (UnidentifiedImageError, OSError, ValueError) as error:
            raise AssetError(f"cannot read the picture {real.name} in SVG {svg.name}: {error}",
                             "export the picture again as PNG or JPEG") from None
    else:  # embedded (a data: URI), already opened: its size is read from its header
        width, height = getattr(picture, "size", (0, 0))
    if width * height > MAX_IMAGE_PIXELS:
        raise AssetError(f"SVG {svg.name} holds a picture of {width} × {height} pixels, more "
                         f"than the {MAX_IMAGE_PIXELS // 1_000_000} million deckpress reads",
                         "scale the picture down in a vector editor")
