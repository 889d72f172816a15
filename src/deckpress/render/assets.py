"""Images and SVG drawings used by card faces, loaded once per build and embedded once.

Raster images are embedded once by ReportLab (it keys them by content); an SVG becomes one Form
XObject per colour, which every face that shows it references.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Shape, String
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..digest import file_digest
from ..reportlab_internals import end_form, text_inline_images
from ..source.images import AssetError, Raster, Vector, is_svg, load_raster, load_vector
from ..source.workspace import Located, find_picture
from .cmyk_images import ImageConversion, RasterVariant, converted
from .fonts import FontBook
from .icons import IconForm


@dataclass
class Assets:
    """Per-build cache. `text_font` replaces fonts inside SVGs so nothing unembedded slips in."""

    text_font: str
    fonts: FontBook
    rasters: dict[Path, Raster] = field(default_factory=dict)
    vectors: dict[Path, Vector] = field(default_factory=dict)
    forms: dict[tuple[Path, str | None], str] = field(default_factory=dict)
    picture_forms: dict[Path, str] = field(default_factory=dict)
    paths: dict[tuple[str, tuple[Path, ...]], Path] = field(default_factory=dict)
    icons: Mapping[str, Path] = field(default_factory=dict)  # the icons card text can name
    # the pictures drawn as forms since `take_uses`: a face drawn elsewhere names them so
    # they are drawn here too
    uses: set[AssetUse] = field(default_factory=set)
    located: set[Located] = field(default_factory=set)  # pictures looked up since taken
    digests: dict[Path, str] = field(default_factory=dict)
    variants: dict[tuple[Path, str], str] = field(default_factory=dict)  # PDF/X-1a pictures
    conversions: set[ImageConversion] = field(default_factory=set)  # what was converted

    def digest(self, path: Path) -> str:
        """A picture file's content digest: forms are named by what they show."""
        if path not in self.digests:
            self.digests[path] = picture_digest(path)
        return self.digests[path]

    def take_uses(self) -> tuple[AssetUse, ...]:
        uses = tuple(sorted(self.uses))
        self.uses = set()
        return uses

    def draw_use(self, canvas: Canvas, use: AssetUse) -> None:
        """The form of a picture a face drawn elsewhere shows."""
        path = Path(use.path)
        if use.colour is None and not is_svg(path):
            self.raster_form(canvas, path, use.variant)
        else:
            self.svg_form(canvas, path, colour_from(use.colour))

    def locate(self, src: str, folders: tuple[Path, ...]) -> Path:
        """An image's file: absolute, or the first of `folders` that has it (looked up once)."""
        key = (src, folders)
        if key not in self.paths:
            self.paths[key] = find_picture(src, folders)
        self.located.add(Located(src, tuple(map(str, folders)), str(self.paths[key])))
        return self.paths[key]

    def take_located(self) -> tuple[Located, ...]:
        located = tuple(sorted(self.located))
        self.located = set()
        return located

    def size(self, path: Path) -> tuple[float, float]:
        if is_svg(path):
            vector = self.vector(path)
            return vector.width, vector.height
        raster = self.raster(path)
        return float(raster.width), float(raster.height)

    def raster(self, path: Path) -> Raster:
        if path not in self.rasters:
            self.rasters[path] = load_raster(path)
        return self.rasters[path]

    def raster_form(self, canvas: Canvas, path: Path, variant: str = "") -> str:
        """Name of a form holding the picture at one point per pixel, drawn the first time it
        is asked; its decoded pixels are then let go, so a deck of many large pictures holds
        one at a time, not all of them. A `variant` (cmyk_images.RasterVariant) is the
        picture converted for PDF/X-1a, a form of its own at its own pixel size."""
        self.uses.add(AssetUse(str(path), None, variant))
        if variant:
            return self._variant_form(canvas, path, variant)
        if path not in self.picture_forms:
            raster = self.raster(path)
            assert raster.reader is not None
            name = picture_form_name(self.digest(path), None)  # by content: no path in the PDF
            canvas.beginForm(name, 0, 0, raster.width, raster.height)
            canvas.drawImage(raster.reader, 0, 0, raster.width, raster.height, mask="auto")
            end_form(canvas, name)
            self.picture_forms[path] = name
            self.rasters[path] = replace(raster, reader=None)
        return self.picture_forms[path]

    def _variant_form(self, canvas: Canvas, path: Path, variant: str) -> str:
        """The picture converted as `variant` says, drawn at one point per pixel of it."""
        if (path, variant) not in self.variants:
            wanted = RasterVariant.parse(variant)
            raster = self.raster(path)
            name = picture_form_name(self.digest(path), None, variant)
            width, height = wanted.pixels
            canvas.beginForm(name, 0, 0, width, height)
            canvas.drawImage(ImageReader(converted(path, wanted)), 0, 0, width, height)
            end_form(canvas, name)
            self.variants[(path, variant)] = name
            self.conversions.add(ImageConversion(str(path), raster.mode,
                                                 (raster.width, raster.height), variant))
        return self.variants[(path, variant)]

    def vector(self, path: Path) -> Vector:
        """The SVG with its text set in `text_font`; a character that font lacks is refused."""
        if path not in self.vectors:
            vector = load_vector(path)
            for node in _walk(vector.drawing):
                if not isinstance(node, String):
                    continue
                node.fontName = self.text_font
                char = self.fonts.missing(self.text_font, node.text)
                if char is not None:
                    raise AssetError(
                        f"text in {path.name} uses '{char}' (U+{ord(char):04X}), which the "
                        f"font {self.fonts.label(self.text_font)} does not have",
                        "convert the SVG's text to outlines in a vector editor",
                    )
            vector.drawing.initialFontName = self.text_font  # else (unembedded) Helvetica
            self.vectors[path] = vector
        return self.vectors[path]

    def svg_form(self, canvas: Canvas, path: Path, colour: Color | None) -> str:
        """Name of a form holding the SVG at its natural size; drawn the first time it is asked."""
        key = (path, colour.hexval() if colour is not None else None)
        self.uses.add(AssetUse(str(path), colour_key(colour)))
        if key not in self.forms:
            vector = self.vector(path)
            drawing = vector.drawing
            if colour is not None:
                drawing = copy.deepcopy(drawing)
                _recolour(drawing, colour)
            # by content and colour: no path in the PDF, the same name in any process
            name = picture_form_name(self.digest(path), colour_key(colour))
            canvas.beginForm(name, 0, 0, vector.width, vector.height)
            with text_inline_images():  # pictures inside the SVG
                renderPDF.draw(drawing, canvas, 0, 0)
            end_form(canvas, name)
            self.forms[key] = name
        return self.forms[key]

    def icon_form(self, canvas: Canvas, name: str, colour: Color) -> IconForm:
        """The icon `name` (one of `icons`) as a form in `colour`, drawn the first time."""
        path = self.icons[name]
        self.paths.setdefault((f":{name}:", ()), path)  # a file the faces show
        vector = self.vector(path)
        return IconForm(self.svg_form(canvas, path, colour), vector.width, vector.height)


def picture_digest(path: Path) -> str:
    """What names a picture's form: a digest of the file's content."""
    digest = file_digest(path, "sha1")
    if digest is None:
        raise AssetError(f"cannot read {path.name}", "check that the file is there and readable")
    return digest[:16]


def picture_form_name(digest: str, colour: str | None, variant: str = "") -> str:
    """A picture's form: a bitmap (`colour` None) by its content (and the variant it is
    converted to), an SVG by its content and the colour it is drawn in (`colour_key`), the
    same in any process."""
    if colour is None and variant:
        return f"img_{hashlib.sha1(f'{digest} {variant}'.encode()).hexdigest()[:16]}"
    if colour is None:
        return f"img_{digest}"
    return f"svg_{hashlib.sha1(f'{digest} {colour}'.encode()).hexdigest()[:16]}"


@dataclass(frozen=True, order=True)
class AssetUse:
    """A picture a face shows as a form: its file, and for an SVG the colour it is drawn in
    ('-' for its own colours; None for a bitmap); for a bitmap converted for PDF/X-1a, the
    variant (cmyk_images.RasterVariant.key(); '' for the file as it is)."""

    path: str
    colour: str | None
    variant: str = ""


def colour_key(colour: Color | None) -> str:
    """A colour as text that `colour_from` reads back exactly (RGB or CMYK, with alpha)."""
    if colour is None:
        return "-"
    if isinstance(colour, CMYKColor):
        kind = "cmyk"
        values = [colour.cyan, colour.magenta, colour.yellow, colour.black, colour.alpha]
    else:
        kind = "rgb"
        values = [colour.red, colour.green, colour.blue, colour.alpha]
    return kind + ":" + ",".join(repr(float(value)) for value in values)


def colour_from(key: str | None) -> Color | None:
    if key is None or key == "-":
        return None
    kind, _, text = key.partition(":")
    values = [float(value) for value in text.split(",")]
    if kind == "cmyk":
        return CMYKColor(*values[:4], alpha=values[4])
    return Color(*values)


def _walk(node: Shape) -> Iterator[Shape]:
    yield node
    if isinstance(node, Group | Drawing):
        for child in node.contents:
            yield from _walk(child)


def _recolour(drawing: Drawing, colour: Color) -> None:
    for node in _walk(drawing):
        if getattr(node, "fillColor", None) is not None:
            node.fillColor = colour
        if getattr(node, "strokeColor", None) is not None:
            node.strokeColor = colour


def svg_translucent(vector: Vector) -> bool:
    """Whether an SVG draws anything with opacity (fill or stroke), which PDF/X-1a refuses."""
    return any(float(getattr(node, attribute, None) or 1.0) < 1.0 for node in _walk(vector.drawing)
               for attribute in ("fillOpacity", "strokeOpacity"))
