"""Draw one card face into a PDF Form XObject, so every copy of it is a reference, not a redraw.

Markup measures from the trim's top-left with y down; PDF measures from bottom-left with y up.
The form's box is the trim plus bleed; anything beyond the bleed is cut off by the clip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .assets import AssetError, Assets
from .errors import DeckError, Where
from .fonts import FontBook
from .markup import Element, Face
from .pdfwriter import end_form
from .preflight import MIN_DPI, Findings, Underneath, element_warnings, hex_of
from .textfit import TextOverflow, fit_line, fit_paragraph, make_style
from .units import POINTS_PER_UNIT, shown

EDGE_TOLERANCE = 0.01  # pt
_SMALL = ("; if it is the layout's own wording, the card is too small for layout '{}', made for "
          "portrait cards from bridge to tarot size: use layout: plain")
PORTRAIT_LAYOUTS = {name: _SMALL.format(name) for name in ("challenge", "rules", "intro")}
MIN_QR_MODULE = 0.3 * POINTS_PER_UNIT["mm"]  # smaller dots do not scan reliably once printed


@dataclass(frozen=True)
class FaceSpec:
    """What a face is drawn into: trim size and bleed (points), and where its images live."""

    width: float
    height: float
    bleed: float
    image_folders: tuple[Path, ...]
    safe: float = 0.0
    cmyk: bool = False  # the profile prints CMYK: RGB pictures deserve a warning


@dataclass(frozen=True)
class Context:
    """Where a face came from, for error messages."""

    where: Where
    layout: str
    side: str
    findings: Findings | None = None

    def _detail(self, element: Element | None) -> str:
        detail = f"{self.side} of layout '{self.layout}'"
        if element is not None:
            detail += f", {element.label} (markup line {element.line})"
        return detail

    def fail(self, element: Element | None, problem: str, hint: str | None = None):
        raise DeckError(f"{problem} [{self._detail(element)}]", self.where, hint)

    def warn(self, element: Element | None, problem: str, hint: str | None = None) -> None:
        if self.findings is not None:
            self.findings.warn(self.where, f"{problem} [{self._detail(element)}]", hint)


def prepare(canvas: Canvas, face: Face, spec: FaceSpec, assets: Assets, context: Context) -> None:
    """Create the forms a face needs (SVGs) before the face's own form begins."""
    for element in face.elements:
        if element.kind == "image":
            path = assets.locate(element["src"], spec.image_folders)
            try:
                if path.suffix.lower() == ".svg":
                    assets.svg_form(canvas, path, element["colour"])
                else:
                    assets.raster(path)
            except AssetError as error:
                context.fail(element, error.problem, error.hint)


def draw_face(
    canvas: Canvas,
    name: str,
    face: Face,
    spec: FaceSpec,
    fonts: FontBook,
    default_font: str,
    assets: Assets,
    context: Context,
) -> None:
    prepare(canvas, face, spec, assets, context)
    bleed = spec.bleed
    canvas.beginForm(name, -bleed, -bleed, spec.width + bleed, spec.height + bleed)
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(-bleed, -bleed, spec.width + 2 * bleed, spec.height + 2 * bleed)
    canvas.clipPath(clip, stroke=0, fill=0)
    if face.background is not None:
        canvas.setFillColor(face.background)
        canvas.rect(-bleed, -bleed, spec.width + 2 * bleed, spec.height + 2 * bleed, stroke=0,
                    fill=1)
    underneath = Underneath(hex_of(face.background) if face.background is not None else "#FFFFFF")
    for element in face.elements:
        if context.findings is not None:
            for problem, hint in element_warnings(element, spec.width, spec.height, spec.safe,
                                                  underneath):
                context.warn(element, problem, hint)
        canvas.saveState()
        _DRAWERS[element.kind](canvas, element, spec, fonts, default_font, assets, context)
        canvas.restoreState()
    canvas.restoreState()
    end_form(canvas, name)


def _outside_trim(x: float, y: float, w: float, h: float, spec: FaceSpec) -> bool:
    """Whether a box (top-left based, points) reaches past the card's cut edge."""
    return (x < -EDGE_TOLERANCE or y < -EDGE_TOLERANCE or x + w > spec.width + EDGE_TOLERANCE
            or y + h > spec.height + EDGE_TOLERANCE)


def _box(element: Element, spec: FaceSpec) -> tuple[float, float, float, float]:
    """(x, y_bottom, w, h) in PDF points from the element's top-left based box."""
    x, y, w, h = element["x"], element["y"], element["w"], element["h"]
    return x, spec.height - y - h, w, h


def _paint(canvas: Canvas, element: Element) -> tuple[int, int]:
    fill, stroke = element["fill"], element["stroke"]
    if fill is not None:
        canvas.setFillColor(fill)
    if stroke is not None:
        canvas.setStrokeColor(stroke)
        canvas.setLineWidth(element["stroke-width"])
    if element["opacity"] < 1:
        canvas.setFillAlpha(element["opacity"])
        canvas.setStrokeAlpha(element["opacity"])
    return int(fill is not None), int(stroke is not None)


def _rect(canvas, element, spec, fonts, default_font, assets, context) -> None:
    fill, stroke = _paint(canvas, element)
    if not (fill or stroke):
        return
    x, y, w, h = _box(element, spec)
    radius = min(element["radius"], w / 2, h / 2)
    if radius > 0:
        canvas.roundRect(x, y, w, h, radius, stroke=stroke, fill=fill)
    else:
        canvas.rect(x, y, w, h, stroke=stroke, fill=fill)


def _ellipse(canvas, element, spec, fonts, default_font, assets, context) -> None:
    fill, stroke = _paint(canvas, element)
    if not (fill or stroke):
        return
    x, y, w, h = _box(element, spec)
    canvas.ellipse(x, y, x + w, y + h, stroke=stroke, fill=fill)


def _line(canvas, element, spec, fonts, default_font, assets, context) -> None:
    if element["stroke"] is None:
        return
    canvas.setStrokeColor(element["stroke"])
    canvas.setLineWidth(element["stroke-width"])
    if element["opacity"] < 1:
        canvas.setStrokeAlpha(element["opacity"])
    if element["dash"]:
        try:
            pattern = [float(part) for part in element["dash"].replace(",", " ").split()]
        except ValueError:
            context.fail(element, f"dash=\"{element['dash']}\" is not a list of numbers",
                         "write it like dash=\"3 2\" (pt on, pt off)")
        canvas.setDash(pattern)
    canvas.line(element["x1"], spec.height - element["y1"], element["x2"],
                spec.height - element["y2"])


def _text(canvas, element, spec, fonts, default_font, assets, context) -> None:
    if not element.content:
        return
    family = fonts.family(element["font"] or default_font, context.where)
    font = family.face(element["weight"] == "bold", element["style"] == "italic")
    size = element["size"]
    min_size = element["min-size"] if element["min-size"] is not None else size
    if min_size > size:
        context.fail(element, f"min-size {min_size:g} is larger than size {size:g}")
    x, y, w, h = _box(element, spec)
    if _outside_trim(element["x"], element["y"], w, h, spec):
        context.fail(element,
                     "the text box reaches past the card's edge, where it would be cut off",
                     "the layout does not suit this card size: move the box inside the card "
                     "(size.width × size.height) or use another layout")
    line = fit_line(element.content, font, size, element["leading"], w, h)
    if line is not None:
        _require_glyphs(element, line.text, font, fonts, context)
        _draw_line(canvas, element, line, font, x, y, w, h)
        return
    try:
        fitted = fit_paragraph(element.content, font, size, min_size, element["leading"],
                               element["colour"], element["align"], w, h)
    except TextOverflow as overflow:
        _check_glyphs_of_markup(element, font, size, fonts, context)
        words = re.sub(r"<[^>]+>", " ", element.content).split()
        quoted = shown(" ".join(words), 36)
        if overflow.too_wide:
            smallest = overflow.size
            widest = max(words, key=lambda word: stringWidth(word, font, smallest))
            problem = (f"the word \"{shown(widest, 36)}\" is wider than the box "
                       f"({w / POINTS_PER_UNIT['mm']:.1f} mm) even at {overflow.size:g} pt")
        else:
            needed, box = overflow.needed / POINTS_PER_UNIT["mm"], h / POINTS_PER_UNIT["mm"]
            digits = 1 if round(needed, 1) != round(box, 1) else 2
            problem = (f"text \"{quoted}\" does not fit: it needs {needed:.{digits}f} mm but "
                       f"the box is {box:.{digits}f} mm tall, even at {overflow.size:g} pt")
        context.fail(element, problem,
                     "shorten the text, or let the layout shrink it further (min-size) "
                     "or give it a larger box" + PORTRAIT_LAYOUTS.get(context.layout, ""))
    _check_glyphs(element, fitted.frags, fonts, context)
    fitted.paragraph.drawOn(canvas, x, _bottom(element["valign"], y, h, fitted.height))


def _bottom(valign: str, y: float, h: float, used: float) -> float:
    """Where text `used` points tall starts, aligned in a box from y to y + h (y up)."""
    if valign == "top":
        return y + h - used
    if valign == "middle":
        return y + (h - used) / 2
    return y


def _draw_line(canvas, element: Element, line, font: str, x, y, w, h) -> None:
    """One line set exactly where a one-line paragraph would put its baseline."""
    baseline = _bottom(element["valign"], y, h, line.height) + line.height - line.size
    canvas.setFont(font, line.size, line.height)
    canvas.setFillColor(element["colour"])
    align = element["align"]
    if align == "center":
        canvas.drawCentredString(x + w / 2, baseline, line.text)
    elif align == "right":
        canvas.drawRightString(x + w, baseline, line.text)
    else:
        canvas.drawString(x, baseline, line.text)


def _require_glyphs(element: Element, text: str, font: str, fonts: FontBook,
                    context: Context) -> None:
    char = fonts.missing(font, text)
    if char is not None:
        context.fail(
            element,
            f"the font {fonts.label(font)} has no glyph for '{char}' (U+{ord(char):04X})",
            "remove or replace the character, or use a font that has it "
            "(add its .ttf to fonts/ and name it in the brand)",
        )


def _check_glyphs(element: Element, frags: list, fonts: FontBook, context: Context) -> None:
    """Every character of the parsed text in the font it is set in (parsed, not laid out:
    layout regroups text with line breaks into line objects)."""
    for frag in frags:
        text = getattr(frag, "text", "")
        if text:  # line-break markers carry no text and no font
            _require_glyphs(element, text, frag.fontName, fonts, context)


def _check_glyphs_of_markup(element, font, size, fonts, context) -> None:
    """Before reporting overflow: a missing glyph is the more useful message."""
    paragraph = Paragraph(element.content, make_style(font, size, 1.2, element["colour"], "left"))
    _check_glyphs(element, paragraph.frags, fonts, context)


def _image(canvas, element, spec, fonts, default_font, assets, context) -> None:
    path = assets.locate(element["src"], spec.image_folders)
    x, y, w, h = _box(element, spec)
    try:
        natural_w, natural_h = assets.size(path)
    except AssetError as error:
        context.fail(element, error.problem, error.hint)
    scale_w, scale_h = w / natural_w, h / natural_h
    scale = min(scale_w, scale_h) if element["fit"] == "contain" else max(scale_w, scale_h)
    draw_w, draw_h = natural_w * scale, natural_h * scale
    left, bottom = x + (w - draw_w) / 2, y + (h - draw_h) / 2
    if element["fit"] == "cover":
        clip = canvas.beginPath()
        clip.rect(x, y, w, h)
        canvas.clipPath(clip, stroke=0, fill=0)
    if element["opacity"] < 1:
        canvas.setFillAlpha(element["opacity"])
    if path.suffix.lower() == ".svg":
        form = assets.svg_form(canvas, path, element["colour"])
        canvas.translate(left, bottom)
        canvas.scale(scale, scale)
        canvas.doForm(form)
    else:
        raster = assets.raster(path)
        dpi = raster.width / (draw_w / 72)
        if dpi < MIN_DPI - 0.5:
            context.warn(element, f"{path.name} prints at {dpi:.0f} dpi ({raster.width}×"
                         f"{raster.height} px over {draw_w / POINTS_PER_UNIT['mm']:.1f} mm); "
                         f"print shops ask for {MIN_DPI} dpi",
                         f"use an image at least {round(raster.width * MIN_DPI / dpi)} px wide, "
                         "or an SVG")
        if spec.cmyk and raster.mode not in ("CMYK", "L", "1"):
            context.warn(element, f"{path.name} is an {raster.mode} image in a CMYK profile; "
                         "the print shop will convert it", "save it as a CMYK JPEG to control "
                         "the conversion yourself")
        canvas.drawImage(raster.reader, left, bottom, draw_w, draw_h, mask="auto")


def _qr(canvas, element, spec, fonts, default_font, assets, context) -> None:
    size = element["size"]
    data = element["data"]
    if not data:
        context.fail(element, "the QR code has no data", "give it data=\"https://…\"")
    widget = QrCodeWidget(data, barLevel="M", barBorder=4, barWidth=size, barHeight=size)
    try:
        widget.qr.make()
    except Exception:  # the encoder signals "too long" with a bare Exception
        context.fail(element, f"the text is too long for a QR code ({len(data)} characters)",
                     "use a shorter link, e.g. from a link shortener")
    if _outside_trim(element["x"], element["y"], size, size, spec):
        context.fail(element, "the QR code reaches past the card's edge and would not scan",
                     "move it inside the card (size.width × size.height)")
    modules = widget.qr.getModuleCount() + 8  # the code plus its quiet zone
    if size / modules < MIN_QR_MODULE:
        context.fail(
            element,
            f"the QR code's dots would be {size / modules / POINTS_PER_UNIT['mm']:.2f} mm wide, "
            f"too small to scan when printed ({len(data)} characters in "
            f"{size / POINTS_PER_UNIT['mm']:.0f} mm)",
            "use a shorter link or a larger code",
        )
    widget.barFillColor = element["colour"]
    widget.barStrokeColor = element["colour"]
    widget.barStrokeWidth = 0
    x = element["x"]
    y = spec.height - element["y"] - size
    if element["background"] is not None:
        canvas.setFillColor(element["background"])
        canvas.rect(x, y, size, size, stroke=0, fill=1)
    drawing = Drawing(size, size, initialFontName=assets.text_font)  # else Helvetica is set
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


_DRAWERS = {
    "rect": _rect,
    "ellipse": _ellipse,
    "line": _line,
    "text": _text,
    "image": _image,
    "qr": _qr,
}
