"""Draw one card face into a PDF Form XObject, so every copy of it is a reference, not a redraw.

Markup measures from the trim's top-left with y down; PDF measures from bottom-left with y up.
The form's box is the trim plus bleed; anything beyond the bleed is cut off by the clip.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from ..colours import hex_of
from ..errors import DeckError, InMarkup, Where
from ..findings import Findings
from ..layout.context import SOURCE_NAMES
from ..layout.markup import Element, Face
from ..reportlab_internals import (
    FormData,
    drawing_pictures,
    end_form,
    fragment_text,
    fragments,
)
from ..sizes import CardBox
from ..source.icons import unknown_icon
from ..source.images import AssetError, is_svg, svg_pictures
from ..units import MM, TOLERANCE, shown
from . import flatten
from .assets import Assets, svg_translucent
from .cmyk_images import form_pixels
from .decksize import text_kind
from .flatten import Flat
from .fonts import FontBook
from .icons import IconForm, as_drawn, icons_in, marked, picture, written
from .preflight import Facts, Underneath, element_warnings, picture_warnings
from .textfit import (
    FittedLine,
    TextOverflow,
    TextStyle,
    WordWidths,
    break_long_words,
    fit_line,
    fit_paragraph,
    words_that_fit,
)

_SMALL = ("; if it is the layout's own wording, the card is too small for layout '{}', made for "
          "portrait cards from bridge to tarot size: use layout: plain")
PORTRAIT_LAYOUTS = {name: _SMALL.format(name) for name in ("challenge", "rules", "intro")}
MIN_QR_MODULE = 0.3 * MM  # smaller dots do not scan reliably once printed


@dataclass(frozen=True)
class FaceSpec(CardBox):
    """What a face is drawn into: the card's box, and where its images live."""

    image_folders: tuple[Path, ...] = ()
    cmyk: bool = False  # the profile prints CMYK: RGB pictures deserve a warning
    pdfx: str | None = None  # the PDF/X standard the file follows: "x-1a", "x-4" or none
    condition: str | None = None  # the printing condition PDF/X names (data/icc/conditions.yaml)
    preflight: bool = False  # `check`: also what only a print shop's preflight asks about


@dataclass(frozen=True)
class Context:
    """Where a face came from (card, layout, side), for its errors and warnings; `source`
    finds where a value a text element names with `from=` was written."""

    where: Where
    layout: str
    side: str
    findings: Findings
    source: Callable[[str, Where], Where] | None = None
    # the size each named text of the face was set at, for a text that is `not-above` it
    sizes: dict[str, float] = field(default_factory=dict, compare=False)
    # the largest size each text of the deck's size (`fit="deck"`) may be set at, by kind
    caps: Mapping[str, float] = field(default_factory=dict, compare=False)
    # the size each text of the deck's size was set at, by kind (see decksize)
    natural: dict[str, float] = field(default_factory=dict, compare=False)
    measuring: bool = False  # texts are fitted, nothing is drawn (see FacePainter.measure)
    settle: bool = True  # measuring: each text's largest size, not just one it fits at
    # the texts' names and kinds set at a size they fit, a larger one perhaps fitting too
    rough: set[str] = field(default_factory=set, compare=False)

    def set_at(self, element: Element, kind: str | None, size: float,
               largest: bool = True) -> None:
        """The text was set at `size` (`largest`: no larger size fits): for the texts
        `not-above` it, and, for a text of the deck's size, its kind's (unnamed texts of one
        kind share one entry: the smallest). Below a text set roughly, a text is too."""
        name = element.values.get("name") or ""
        above = element["not-above"]
        self.sizes[name] = size
        if not largest or (above and above in self.rough):
            self.rough.add(name)
            if kind is not None:
                self.rough.add(kind)
        if kind is not None:
            self.natural[kind] = min(size, self.natural.get(kind, size))

    @property
    def settled(self) -> bool:
        """Whether every text of the deck's size was set at the largest size it fits."""
        return not any(kind in self.rough for kind in self.natural)

    def at(self, element: Element | None) -> Where:
        """The element's place in the layout; or, for one that shows a value of the client's
        or coach's files (`from=`), where that value was written."""
        if element is not None and element.values.get("from") and self.source is not None:
            return self.source(element["from"], self.where)
        label, line = (element.label, element.line) if element is not None else (None, None)
        return self.where.in_markup(InMarkup(self.layout, self.side, label, line))

    def fail(self, element: Element | None, problem: str, hint: str | None = None,
             kind: str = "markup") -> NoReturn:
        raise DeckError(problem, self.at(element), hint, kind)

    def warn(self, element: Element | None, problem: str, hint: str | None, kind: str,
             facts: Facts = ()) -> None:
        self.findings.warn(self.at(element), problem, hint, kind, facts)


class FacePainter:
    """Draws faces on one canvas, each into a form of its own, for one deck's card size."""

    def __init__(self, canvas: Canvas, spec: FaceSpec, fonts: FontBook, default_family: str,
                 assets: Assets):
        self.canvas = canvas
        self.spec = spec
        self.fonts = fonts
        self.default_family = default_family  # for text without a font of its own
        self.assets = assets
        self.widths = WordWidths()  # words measured for fitting, kept for the next face
        self.flat: dict[int, Flat] = {}  # PDF/X-1a: elements drawn flattened, by id (flatten)
        self.drawers: dict[str, Callable[[Element, Context], None]] = {
            "rect": self.rect, "ellipse": self.ellipse, "line": self.line, "text": self.text,
            "image": self.image, "qr": self.qr,
        }

    def prepare(self, face: Face, context: Context) -> None:
        """Create the forms a face needs (SVGs, pictures) before the face's own form begins."""
        self.flat = self._flattened(face, context) if self.spec.pdfx == "x-1a" else {}
        for element in face.elements:
            if element.kind == "text" and "<icon" in element.content:
                self._icons(element, context)
            if element.kind == "image":
                path = self.assets.locate(element["src"], self.spec.image_folders)
                try:
                    if is_svg(path):
                        self.assets.svg_form(self.canvas, path, element["colour"])
                    else:
                        self.assets.raster_form(self.canvas, path, self._variant(element))
                except AssetError as error:
                    context.fail(element, error.problem, error.hint, "file")

    def _flattened(self, face: Face, context: Context) -> dict[int, Flat]:
        """How the face's see-through elements are drawn opaque (PDF/X-1a), by element id."""
        try:
            planned = flatten.plan(face, self._picture, self.spec.condition or "")
        except flatten.FlattenError as error:
            context.fail(error.element, error.problem, error.hint, "transparency")
        return {id(face.elements[index]): flat for index, flat in planned.items()}

    def _picture(self, element: Element) -> flatten.Picture | None:
        """What flattening needs to know of an image element (None if its file cannot be read:
        drawing it says why)."""
        try:
            path = self.assets.locate(element["src"], self.spec.image_folders)
            natural = self.assets.size(path)
            if is_svg(path):
                vector = self.assets.vector(path)
                return flatten.Picture(path.name, True, svg_translucent(vector),
                                       holds_pictures=any(svg_pictures(vector.drawing)))
            raster = self.assets.raster(path)
        except AssetError:
            return None
        drawn = flatten.drawn_size(element, natural)
        return flatten.Picture(path.name, False, raster.transparent, raster.mode,
                               (raster.width, raster.height), drawn)

    def _variant(self, element: Element) -> str:
        flat = self.flat.get(id(element))
        return flat.variant if flat is not None else ""

    def _icons(self, element: Element, context: Context) -> list[IconForm]:
        """The forms of a text's icons, in order, each in the colour of the text around it;
        made before the face's form begins (a form cannot be made inside another)."""
        forms = []
        for name, colour in icons_in(element.content, element["colour"]):
            if name not in self.assets.icons:
                problem, hint = unknown_icon(name, self.assets.icons)
                context.fail(element, problem, hint, "input")
            try:
                forms.append(self.assets.icon_form(self.canvas, name, colour))
            except AssetError as error:
                context.fail(element, error.problem, error.hint, "file")
        return forms

    def draw(self, name: str, face: Face, context: Context) -> FormData:
        """The face as the form `name`."""
        canvas, spec = self.canvas, self.spec
        self.prepare(face, context)
        bleed = spec.bleed
        canvas.beginForm(name, -bleed, -bleed, spec.width + bleed, spec.height + bleed)
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(-bleed, -bleed, spec.width + 2 * bleed, spec.height + 2 * bleed)
        canvas.clipPath(clip, stroke=0, fill=0)
        if face.background is not None:
            canvas.setFillColor(face.background)
            canvas.rect(-bleed, -bleed, spec.width + 2 * bleed, spec.height + 2 * bleed,
                        stroke=0, fill=1)
        underneath = Underneath(hex_of(face.background) if face.background is not None
                                else "#FFFFFF")
        for element in face.elements:
            for concern in element_warnings(element, spec, underneath):
                context.warn(element, concern.problem, concern.hint, concern.kind, concern.facts)
            canvas.saveState()
            self.drawers[element.kind](element, context)
            canvas.restoreState()
        canvas.restoreState()
        return end_form(canvas, name)

    def measure(self, face: Face, context: Context) -> None:
        """The sizes the face's texts fit at (`context.natural`), nothing drawn: what a deck's
        text sizes are found from before its cards are drawn at them."""
        measuring = replace(context, measuring=True)
        for element in face.elements:
            if element.kind == "text":
                self.text(element, measuring)

    # --- shapes ------------------------------------------------------------------------------

    def _box(self, element: Element) -> tuple[float, float, float, float]:
        """(x, y_bottom, w, h) in PDF points from the element's top-left based box."""
        x, y, w, h = element["x"], element["y"], element["w"], element["h"]
        return x, self.spec.height - y - h, w, h

    def _outside_trim(self, x: float, y: float, w: float, h: float) -> bool:
        """Whether a box (top-left based, points) reaches past the card's cut edge."""
        spec = self.spec
        return (x < -TOLERANCE or y < -TOLERANCE or x + w > spec.width + TOLERANCE
                or y + h > spec.height + TOLERANCE)

    def _paint(self, element: Element) -> tuple[int, int]:
        canvas = self.canvas
        flat = self.flat.get(id(element))  # PDF/X-1a: opacity folded into the colours
        fill, stroke = (flat.fill, flat.stroke) if flat else (element["fill"], element["stroke"])
        if fill is not None:
            canvas.setFillColor(fill)
        if stroke is not None:
            canvas.setStrokeColor(stroke)
            canvas.setLineWidth(element["stroke-width"])
        if element["opacity"] < 1 and flat is None:
            canvas.setFillAlpha(element["opacity"])
            canvas.setStrokeAlpha(element["opacity"])
        return int(fill is not None), int(stroke is not None)

    def rect(self, element: Element, context: Context) -> None:
        fill, stroke = self._paint(element)
        if not (fill or stroke):
            return
        x, y, w, h = self._box(element)
        radius = min(element["radius"], w / 2, h / 2)
        if radius > 0:
            self.canvas.roundRect(x, y, w, h, radius, stroke=stroke, fill=fill)
        else:
            self.canvas.rect(x, y, w, h, stroke=stroke, fill=fill)

    def ellipse(self, element: Element, context: Context) -> None:
        fill, stroke = self._paint(element)
        if not (fill or stroke):
            return
        x, y, w, h = self._box(element)
        self.canvas.ellipse(x, y, x + w, y + h, stroke=stroke, fill=fill)

    def line(self, element: Element, context: Context) -> None:
        canvas = self.canvas
        if element["stroke"] is None:
            return
        flat = self.flat.get(id(element))  # PDF/X-1a: opacity folded into the colour
        canvas.setStrokeColor(flat.stroke if flat else element["stroke"])
        canvas.setLineWidth(element["stroke-width"])
        if element["opacity"] < 1 and flat is None:
            canvas.setStrokeAlpha(element["opacity"])
        if element["dash"]:
            pattern = dash_pattern(element["dash"])
            if pattern is None:
                context.fail(element, f"dash=\"{shown(element['dash'])}\" is not a list of "
                             "dash and gap lengths", "write it like dash=\"3 2\" (pt on, pt off; "
                             "each from 0 to 1000, not all 0)")
            canvas.setDash(pattern)
        height = self.spec.height
        canvas.line(element["x1"], height - element["y1"], element["x2"], height - element["y2"])

    # --- text --------------------------------------------------------------------------------

    def text(self, element: Element, context: Context) -> None:
        if not element.content:
            return
        family = self.fonts.family(element["font"] or self.default_family, context.where)
        font = family.face(element["weight"] == "bold", element["style"] == "italic")
        size = self._capped(element, context)
        min_size = element["min-size"] if element["min-size"] is not None else size
        if min_size > size:
            context.fail(element, f"min-size {min_size:g} is larger than size {size:g}")
        kind = _shared_kind(element, context, min_size)
        size = min(size, context.caps.get(kind or "", size))
        x, y, w, h = self._text_box(element, context)
        style = TextStyle(font, size, min_size, element["leading"], element["colour"],
                          element["align"], element["hyphenate"], element["balance"])
        content = element.content
        if element["break-at"]:
            content = break_long_words(content, font, size, w, element["break-at"])
        line = fit_line(content, style, w, h)
        if line is not None:
            self._require_glyphs(element, line.text, font, context)
            context.set_at(element, kind, line.size)
            if not context.measuring:
                self._draw_line(element, line, font, (x, y, w, h))
            return
        pictures = [picture(form, size) for form in self._icons(element, context)]
        content = marked(content)
        if context.measuring:
            style = replace(style, balance=False)  # balancing moves words, not the size
        try:
            fitted = fit_paragraph(content, style, w, h, pictures, self.widths,
                                   settle=context.settle)
        except TextOverflow as overflow:
            self._check_glyphs_of_markup(content, element, style, context)
            if element["from"] and context.source is not None:
                self._too_long(element, style, (w, h), context)
            context.fail(element, _overflow_problem(element, overflow, font, w, h),
                         "shorten the text, or let the layout shrink it further (min-size) "
                         "or give it a larger box" + PORTRAIT_LAYOUTS.get(context.layout, ""),
                         "overflow")
        self._check_glyphs(element, fitted.frags, context)
        context.set_at(element, kind, fitted.size, fitted.largest)
        if context.measuring:
            return
        with drawing_pictures(self.canvas, self._draw_icon):
            fitted.paragraph.drawOn(self.canvas, x,
                                    _bottom(element["valign"], y, h, fitted.height))

    def _text_box(self, element: Element, context: Context) -> tuple[float, float, float, float]:
        """The text's box (as `_box`), if it has room and is inside the card."""
        x, y, w, h = self._box(element)
        if w <= 0 or h <= 0:
            context.fail(element, "the text box has no room: its width or height is 0",
                         "give it a width (w) and height (h) greater than zero")
        if self._outside_trim(element["x"], element["y"], w, h):
            context.fail(element,
                         "the text box reaches past the card's edge, where it would be cut off",
                         "the layout does not suit this card size: move the box inside the card "
                         "(size.width × size.height) or use another layout")
        return x, y, w, h

    def _capped(self, element: Element, context: Context) -> float:
        """The text's size, no larger than the size the text it is `not-above` was set at (a
        card's body beside its title): a title that had to shrink takes its body down with it,
        never below the body's min-size (then the layout is at fault, and says so)."""
        above, size = element["not-above"], element["size"]
        cap = context.sizes.get(above) if above else None
        if cap is None or cap >= size:
            return float(size)
        if element["min-size"] is not None and cap < element["min-size"]:
            context.fail(element, f"the text \"{above}\" was set at {cap:g} pt, smaller than "
                         f"this text's min-size {element['min-size']:g} pt, and this text may "
                         f"not be set larger than it", f"give \"{above}\" a min-size of at "
                         "least this text's min-size, or more room", "overflow")
        return float(cap)

    def _draw_icon(self, icon: IconForm, x: float, y: float, w: float, h: float) -> None:
        """An icon's form scaled into the box the paragraph laid out for it."""
        canvas = self.canvas
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(w / icon.width, h / icon.height)
        canvas.doForm(icon.form)
        canvas.restoreState()

    def _too_long(self, element: Element, style: TextStyle, box: tuple[float, float],
                  context: Context) -> NoReturn:
        """Text from the client's or coach's files that does not fit: said in their words, at
        the line where it was written, with how much of it would fit."""
        path = element["from"]
        label = SOURCE_NAMES.get(path, path)
        words = html.unescape(re.sub(r"<[^>]+>", " ", written(element.content))).split()
        where = context.at(element)
        problem = f"the {context.layout} card has no room for all of the {label}"
        hint = "shorten it"
        if len(words) >= 8 and "<br/>" not in element.content:  # flowing text, not lines
            fit = words_that_fit(words, style, *box)
            problem += f": about {fit} of its {len(words)} words fit"
            hint = f"shorten it to about {fit} words"
        raise DeckError(problem, where, f"{hint}; text on cards is never set smaller than "
                        f"{style.min_size:g} pt", "overflow")

    def _draw_line(self, element: Element, line: FittedLine, font: str,
                   box: tuple[float, float, float, float]) -> None:
        """One line set exactly where a one-line paragraph would put its baseline, in the box
        (x, y bottom, w, h)."""
        canvas = self.canvas
        x, y, w, h = box
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

    def _require_glyphs(self, element: Element, text: str, font: str, context: Context) -> None:
        char = self.fonts.missing(font, text)
        if char is not None:
            context.fail(
                element,
                f"the font {self.fonts.label(font)} has no glyph for '{char}' "
                f"(U+{ord(char):04X})",
                "remove or replace the character, or use a font that has it "
                "(add its .ttf to fonts/ and name it in the brand)", "glyph",
            )

    def _check_glyphs(self, element: Element, parsed: list[object], context: Context) -> None:
        """Every character of the parsed text in the font it is set in (parsed, not laid out:
        layout regroups text with line breaks into line objects)."""
        for fragment in parsed:
            text, font = fragment_text(fragment)
            if text:  # line-break markers carry no text and no font
                self._require_glyphs(element, text, font, context)

    def _check_glyphs_of_markup(self, markup: str, element: Element, style: TextStyle,
                                context: Context) -> None:
        """Before reporting overflow: a missing glyph is the more useful message."""
        paragraph = Paragraph(markup, style.at(style.size))
        self._check_glyphs(element, fragments(paragraph), context)

    # --- pictures ----------------------------------------------------------------------------

    def image(self, element: Element, context: Context) -> None:
        canvas, assets, spec = self.canvas, self.assets, self.spec
        path = assets.locate(element["src"], spec.image_folders)
        x, y, w, h = self._box(element)
        if w <= 0 or h <= 0:
            return  # a picture with no room shows nothing, as a rect of no size does
        try:
            natural_w, natural_h = assets.size(path)
        except AssetError as error:
            context.fail(element, error.problem, error.hint, "file")
        scale_w, scale_h = w / natural_w, h / natural_h
        scale = min(scale_w, scale_h) if element["fit"] == "contain" else max(scale_w, scale_h)
        draw_w, draw_h = natural_w * scale, natural_h * scale
        left, bottom = x + (w - draw_w) / 2, y + (h - draw_h) / 2
        if element["fit"] == "cover":
            clip = canvas.beginPath()
            clip.rect(x, y, w, h)
            canvas.clipPath(clip, stroke=0, fill=0)
        if element["opacity"] < 1 and id(element) not in self.flat:
            canvas.setFillAlpha(element["opacity"])
        if is_svg(path):
            form = assets.svg_form(canvas, path, element["colour"])
            canvas.translate(left, bottom)
            canvas.scale(scale, scale)
            canvas.doForm(form)
            return
        raster = assets.raster(path)
        for concern in picture_warnings(path.name, raster, draw_w, spec):
            context.warn(element, concern.problem, concern.hint, concern.kind, concern.facts)
        variant = self._variant(element)
        form = assets.raster_form(canvas, path, variant)
        width, height = form_pixels(variant, (raster.width, raster.height))
        canvas.translate(left, bottom)
        canvas.scale(draw_w / width, draw_h / height)
        canvas.doForm(form)

    def qr(self, element: Element, context: Context) -> None:
        size = element["size"]
        data = element["data"]
        if not data:
            context.fail(element, "the QR code has no data", "give it data=\"https://…\"")
        widget = QrCodeWidget(data, barLevel="M", barBorder=4, barWidth=size, barHeight=size)
        try:
            widget.qr.make()
        except Exception:  # the encoder signals "too long" with a bare Exception
            context.fail(element, f"the text is too long for a QR code ({len(data)} characters)",
                         "use a shorter link, e.g. from a link shortener", "input")
        if self._outside_trim(element["x"], element["y"], size, size):
            context.fail(element, "the QR code reaches past the card's edge and would not scan",
                         "move it inside the card (size.width × size.height)")
        modules = widget.qr.getModuleCount() + 8  # the code plus its quiet zone
        if size / modules < MIN_QR_MODULE:
            context.fail(
                element,
                f"the QR code's dots would be {size / modules / MM:.2f} mm wide, too small to "
                f"scan when printed ({len(data)} characters in {size / MM:.0f} mm)",
                "use a shorter link or a larger code", "input",
            )
        widget.barFillColor = element["colour"]
        widget.barStrokeColor = element["colour"]
        widget.barStrokeWidth = 0
        x = element["x"]
        y = self.spec.height - element["y"] - size
        if element["background"] is not None:
            self.canvas.setFillColor(element["background"])
            self.canvas.rect(x, y, size, size, stroke=0, fill=1)
        drawing = Drawing(size, size, initialFontName=self.assets.text_font)  # not Helvetica
        drawing.add(widget)
        renderPDF.draw(drawing, self.canvas, x, y)


def _shared_kind(element: Element, context: Context, min_size: float) -> str | None:
    """The kind of text whose size the deck shares (see decksize); None for a text that
    cannot shrink or keeps its own size (`fit="card"`)."""
    if element["fit"] != "deck" or min_size >= element["size"]:
        return None
    return text_kind(context.layout, context.side, element.values.get("name") or "",
                     element["size"], min_size)


def _bottom(valign: str, y: float, h: float, used: float) -> float:
    """Where text `used` points tall starts, aligned in a box from y to y + h (y up)."""
    if valign == "top":
        return y + h - used
    if valign == "middle":
        return y + (h - used) / 2
    return y


def _overflow_problem(element: Element, overflow: TextOverflow, font: str, w: float,
                      h: float) -> str:
    """What does not fit, quoted: the text, or its one word that is wider than the box."""
    words = html.unescape(re.sub(r"<[^>]+>", " ", written(element.content))).split()
    if overflow.too_wide:
        widest = max(words, key=lambda word: stringWidth(as_drawn(word), font, overflow.size))
        return (f"the word \"{shown(widest, 36)}\" is wider than the box "
                f"({w / MM:.1f} mm) even at {overflow.size:g} pt")
    needed, box = overflow.needed / MM, h / MM
    digits = 1 if round(needed, 1) != round(box, 1) else 2
    return (f"text \"{shown(' '.join(words), 36)}\" does not fit: it needs {needed:.{digits}f} mm "
            f"but the box is {box:.{digits}f} mm tall, even at {overflow.size:g} pt")


MAX_DASH = 1000.0  # pt; a dash longer than any card is a mistake


def dash_pattern(text: str) -> list[float] | None:
    """A dash pattern as PDF takes it (pt on, pt off, ...), or None if it is not one: a number
    that is not finite, negative or huge, or only zeros, would break the page."""
    try:
        pattern = [float(part) for part in text.replace(",", " ").split()]
    except ValueError:
        return None
    if not pattern or len(pattern) > 16 or not any(pattern) or \
            not all(0 <= part <= MAX_DASH for part in pattern):  # nan fails every comparison
        return None
    return pattern
