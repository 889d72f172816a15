"""Plain-ReportLab baseline for the deckpress benchmark.

Draws the same "challenge" cards that deckpress draws for a deck YAML, directly on the page with
a ReportLab canvas and platypus Paragraphs: no templates, no markup, no per-card forms, no
validation beyond what YAML loading does. It exists so bench_build.py can tell how much of a
deckpress build is the unavoidable PDF work and how much is deckpress's own pipeline.

Choices, kept close to what a careful hand-written script would do:

* The deck is read with PyYAML's safe loader (`yaml.safe_load` semantics), using the libyaml
  C build `CSafeLoader` when PyYAML has it, as deckpress does; the pure-Python loader alone
  takes about 3 s on the 5,400-card deck, which would say nothing about deckpress.

* US Letter, 3×3 poker cards (63.5×88.9 mm) centred on the page, no gutter, no bleed;
  each sheet is a fronts page followed by a backs page mirrored for long-edge duplex; crop
  marks on every cut line in the margins (same geometry as deckpress's home-letter profile).
* Fonts: the four Noto Sans TTFs bundled with deckpress, registered once with TTFont and
  embedded (subset) by ReportLab.
* Icons: each built-in SVG is converted once with svglib, recoloured, and drawn once into a
  Form XObject; every card places that form with doForm (one form per icon and colour).
* Title, challenge and tip are Paragraphs that shrink in 0.25 pt steps down to the same minimum
  sizes as the deckpress layout, so both tools set the text at the same sizes; single-line
  labels (category, level, card code, footer) and the back's text are plain drawString calls.
* Each card is drawn straight onto the sheet (translate, draw, restore), fronts and backs alike.

Run it:  python benchmarks/baseline_reportlab.py DECK.yaml OUT.pdf
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "deckpress"

CARD_W, CARD_H = 63.5 * mm, 88.9 * mm
COLUMNS, ROWS = 3, 3
SAFE = 0.125 * inch
MARGIN_MARK = {"length": 0.25 * inch, "offset": 3.0, "width": 0.5, "edge": 3 * mm}

INK_HEX = "#1F2328"
INK = HexColor(INK_HEX)
GREY = HexColor("#5F656C")
PRIMARY = "#2F3A45"  # deckpress's neutral default brand
ACCENT = "#B08850"

FONT = "BaseSans"
FONT_BOLD = "BaseSans-Bold"
FONT_ITALIC = "BaseSans-Italic"
FONT_BOLD_ITALIC = "BaseSans-BoldItalic"


# --- small helpers -------------------------------------------------------------------------


def _rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def mix(first: str, second: str, amount: float) -> str:
    """`amount` of `second` mixed into `first`, as #RRGGBB."""
    a, b = _rgb(first), _rgb(second)
    return "#" + "".join(f"{round(max(0.0, min(1.0, x + (y - x) * amount)) * 255):02X}"
                         for x, y in zip(a, b, strict=True))


def tint(colour: str, amount: float) -> str:
    return mix("#FFFFFF", colour, amount)


def shade(colour: str, amount: float) -> str:
    return mix(colour, "#000000", amount)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio."""

    def luminance(colour: str) -> float:
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: str) -> str:
    """White or near-black text, whichever has more contrast on `background`."""
    white = contrast("#FFFFFF", background) >= contrast(INK_HEX, background)
    return "#FFFFFF" if white else INK_HEX


def legible(colour: str, background: str = "#FFFFFF", ratio: float = 4.5) -> str:
    """`colour` moved towards the readable text colour until it reaches `ratio` contrast."""
    target, amount, adjusted = readable_on(background), 0.0, colour
    while contrast(adjusted, background) < ratio and amount < 1.0:
        amount = min(1.0, amount + 0.05)
        adjusted = mix(colour, target, amount)
    if contrast(adjusted, background) < ratio:
        adjusted = max(("#000000", "#FFFFFF"), key=lambda ink: contrast(ink, background))
    return adjusted


def muted_on(background: str) -> str:
    """A softer secondary text colour on `background`."""
    return legible(mix(readable_on(background), background, 0.35), background)


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def inline(text: str | None) -> str:
    """Escape text for a Paragraph; **bold** and *italic* become tags."""
    if not text:
        return ""
    out = escape(" ".join(str(text).split()))
    out = _BOLD.sub(r"<b>\1</b>", out)
    return _ITALIC.sub(r"<i>\1</i>", out)


def register_fonts(font_dir: Path) -> None:
    faces = {
        FONT: "NotoSans-Regular.ttf",
        FONT_BOLD: "NotoSans-Bold.ttf",
        FONT_ITALIC: "NotoSans-Italic.ttf",
        FONT_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD_ITALIC)


def fitted(markup: str, font: str, size: float, min_size: float, leading: float,
           width: float, height: float) -> tuple[Paragraph, float]:
    """The paragraph at the largest size (0.25 pt steps) whose wrapped height fits the box."""
    while True:
        style = ParagraphStyle("p", fontName=font, fontSize=size, leading=size * leading,
                               textColor=INK)
        paragraph = Paragraph(markup, style)
        _, used = paragraph.wrap(width, height)
        if used <= height + 0.01 or size <= min_size:
            return paragraph, used
        size = max(min_size, size - 0.25)


def icon_form(canvas: Canvas, svg: Path, colour: Color, name: str) -> tuple[str, float, float]:
    """Convert an SVG once, recolour it, draw it into a form; returns (name, width, height)."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(svg))
    stack: list = [drawing]
    while stack:
        node = stack.pop()
        if isinstance(node, Group | Drawing):
            stack.extend(node.contents)
        if getattr(node, "fillColor", None) is not None:
            node.fillColor = colour
        if getattr(node, "strokeColor", None) is not None:
            node.strokeColor = colour
    canvas.beginForm(name, 0, 0, drawing.width, drawing.height)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.endForm()
    return name, float(drawing.width), float(drawing.height)


# --- layout --------------------------------------------------------------------------------


@dataclass
class Style:
    """Per-category drawing values, computed once."""

    colour: Color  # band
    on_colour: Color  # icon, category label, level dots
    level_colour: Color
    rule: Color
    panel: Color
    counts_colour: str  # "Counts when:" (a Paragraph <font color>)
    code_colour: Color
    label: str
    icon: tuple[str, float, float] | None


def category_style(canvas: Canvas, key: str, category: dict, icon_dir: Path) -> Style:
    colour = category["colour"]
    on_colour = readable_on(colour)
    panel = tint(colour, 0.11)
    icon = None
    if category.get("icon"):
        svg = icon_dir / f"{category['icon']}.svg"
        icon = icon_form(canvas, svg, HexColor(on_colour), f"icon_{key}")
    return Style(
        colour=HexColor(colour),
        on_colour=HexColor(on_colour),
        level_colour=HexColor(muted_on(colour)),
        rule=HexColor(legible(colour, "#FFFFFF", 3)),
        panel=HexColor(panel),
        counts_colour=legible(shade(colour, 0.15), panel),
        code_colour=HexColor(legible(colour)),
        label=category["label"].upper(),
        icon=icon,
    )


def slots() -> list[tuple[float, float]]:
    """Bottom-left corners of the card trims, row by row from the top-left."""
    page_w, page_h = letter
    left = (page_w - COLUMNS * CARD_W) / 2
    top = (page_h + ROWS * CARD_H) / 2
    return [(left + column * CARD_W, top - (row + 1) * CARD_H)
            for row in range(ROWS) for column in range(COLUMNS)]


def crop_lines() -> list[tuple[float, float, float, float]]:
    page_w, page_h = letter
    positions = slots()
    xs = sorted({round(v, 6) for x, _ in positions for v in (x, x + CARD_W)})
    ys = sorted({round(v, 6) for _, y in positions for v in (y, y + CARD_H)})
    length, offset, edge = MARGIN_MARK["length"], MARGIN_MARK["offset"], MARGIN_MARK["edge"]
    top, bottom, left, right = ys[-1] + offset, ys[0] - offset, xs[0] - offset, xs[-1] + offset
    lines = []
    for x in xs:
        lines.append((x, top, x, min(top + length, page_h - edge)))
        lines.append((x, bottom, x, max(bottom - length, edge)))
    for y in ys:
        lines.append((left, y, max(left - length, edge), y))
        lines.append((right, y, min(right + length, page_w - edge), y))
    return lines


def draw_marks(canvas: Canvas, lines, mirrored: bool) -> None:
    page_w = letter[0]
    canvas.setLineWidth(MARGIN_MARK["width"])
    canvas.setStrokeColorRGB(0, 0, 0)
    for x1, y1, x2, y2 in lines:
        if mirrored:
            x1, x2 = page_w - x1, page_w - x2
        canvas.line(x1, y1, x2, y2)


def draw_front(canvas: Canvas, card: dict, style: Style, level: tuple[str, int, int],
               footer: str) -> None:
    W, H, S = CARD_W, CARD_H, SAFE
    band = 18 * mm
    inner = W - 2 * S - 2 * mm
    x0 = S + 1 * mm

    def top(y: float) -> float:  # distance from the card's top edge to PDF y
        return H - y

    canvas.setFillColor(style.colour)
    canvas.rect(0, H - band, W, band, stroke=0, fill=1)

    icon_box = 8.5 * mm
    label_x = x0
    if style.icon is not None:
        name, natural_w, natural_h = style.icon
        scale = min(icon_box / natural_w, icon_box / natural_h)
        canvas.saveState()
        canvas.translate(x0 + (icon_box - natural_w * scale) / 2,
                         top(band / 2 + icon_box / 2) + (icon_box - natural_h * scale) / 2)
        canvas.scale(scale, scale)
        canvas.doForm(name)
        canvas.restoreState()
        label_x = x0 + icon_box + 3 * mm

    canvas.setFillColor(style.on_colour)  # category: bottom of its line on the band's middle
    canvas.setFont(FONT_BOLD, 7.5)
    canvas.drawString(label_x, top(band / 2) + 0.25 * 7.5, style.label)
    label, number, count = level
    canvas.setFillColor(style.level_colour)
    canvas.setFont(FONT, 6.5)
    canvas.drawString(label_x, top(band / 2 + 0.4 * mm) - 6.5,
                      f"{label} · level {number} of {count}")

    canvas.setLineWidth(0.7)
    canvas.setStrokeColor(style.on_colour)
    canvas.setFillColor(style.on_colour)
    cy = top(band / 2)
    for step in range(1, count + 1):
        cx = W - S - 1 * mm - (count - step + 1) * 3.6 * mm + 0.9 * mm + 1.35 * mm
        if step <= number:
            canvas.circle(cx, cy, 1.35 * mm, stroke=0, fill=1)
        else:
            canvas.circle(cx, cy, 1.15 * mm, stroke=1, fill=0)

    title_h = 11 * mm
    paragraph, used = fitted(inline(card["title"]), FONT_BOLD, 13.5, 9.5, 1.15, inner, title_h)
    paragraph.drawOn(canvas, x0, top(band + 2.5 * mm) - title_h)  # bottom-aligned

    canvas.setStrokeColor(style.rule)
    canvas.setLineWidth(1.6)
    canvas.line(S + 1.2 * mm, top(band + 15 * mm), S + 11.2 * mm, top(band + 15 * mm))

    footer_h = 3.6 * mm
    tip, counts = card.get("tip"), card.get("counts_when")
    panel_bottom = H - S - footer_h - 1.2 * mm
    panel_top = panel_bottom - 22 * mm if (tip or counts) else panel_bottom
    text_top = band + 17.5 * mm
    text_h = max(panel_top - 1.5 * mm - text_top, 1 * mm)
    paragraph, used = fitted(inline(card["text"]), FONT, 10, 7.5, 1.3, inner, text_h)
    paragraph.drawOn(canvas, x0, top(text_top) - used)

    if tip or counts:
        canvas.setFillColor(style.panel)
        canvas.roundRect(S, top(panel_bottom), W - 2 * S, panel_bottom - panel_top, 2 * mm,
                         stroke=0, fill=1)
        parts = []
        if tip:
            parts.append(f"<i>{inline(tip)}</i>")
        if counts:
            parts.append(f'<b><font color="{style.counts_colour}">Counts when:</font></b> '
                         f"{inline(counts)}")
        box_h = panel_bottom - panel_top - 3.2 * mm
        paragraph, used = fitted("<br/>".join(parts), FONT, 8, 6.3, 1.3,
                                 W - 2 * S - 4.4 * mm, box_h)
        paragraph.drawOn(canvas, S + 2.2 * mm,
                         top(panel_top + 1.6 * mm) - box_h + (box_h - used) / 2)

    canvas.setFillColor(style.code_colour)  # code and footer sit on the safe line
    canvas.setFont(FONT_BOLD, 6.5)
    canvas.drawString(x0, S + 0.25 * 6.5, str(card["id"]))
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 6)
    canvas.drawRightString(W - S - 1 * mm, S + 0.25 * 6, footer)


def draw_back(canvas: Canvas, title: str, subtitle: str) -> None:
    W, H, S = CARD_W, CARD_H, SAFE
    canvas.setFillColor(HexColor(PRIMARY))
    canvas.rect(0, 0, W, H, stroke=0, fill=1)
    # The block (mark, title, rule, subtitle) is centred above a 5 mm footer zone.
    mark, title_h, sub_h = 24 * mm, 13 * mm, (8 * mm if subtitle else 0)
    block = mark + 4 * mm + title_h + 3 * mm + sub_h
    block_top = S + max((H - 2 * S - 5 * mm - block) / 2, 0)
    centre_y = H - block_top - mark / 2
    canvas.setStrokeColor(HexColor(legible(ACCENT, PRIMARY, 3)))
    canvas.setLineWidth(1.2)
    canvas.circle(W / 2, centre_y, mark / 2, stroke=1, fill=0)
    canvas.setLineWidth(0.5)
    canvas.circle(W / 2, centre_y, mark * 0.375, stroke=1, fill=0)
    canvas.setFillColor(HexColor(readable_on(PRIMARY)))
    canvas.setFont(FONT_BOLD, 26)
    canvas.drawCentredString(W / 2, centre_y - 13, title[:1])
    title_top = block_top + mark + 4 * mm
    canvas.setFont(FONT_BOLD, 16)  # one line, centred in its box
    canvas.drawCentredString(W / 2, H - title_top - (title_h + 16 * 1.15) / 2 + 16 * 0.15, title)
    rule_y = H - (title_top + title_h + 1.5 * mm)
    canvas.setLineWidth(1.5)
    canvas.line(W / 2 - 5 * mm, rule_y, W / 2 + 5 * mm, rule_y)
    if subtitle:
        canvas.setFillColor(HexColor(muted_on(PRIMARY)))
        canvas.setFont(FONT, 7.5)
        canvas.drawCentredString(W / 2, H - (title_top + title_h + 3 * mm) - 7.5, subtitle)


def build(deck_path: Path, output: Path, font_dir: Path | None = None,
          icon_dir: Path | None = None) -> dict:
    """Build the deck at `deck_path` into `output`; returns {'pages': n, 'cards': n}."""
    font_dir = font_dir or PACKAGE / "fonts"
    icon_dir = icon_dir or PACKAGE / "data" / "icons"
    with open(deck_path, encoding="utf-8") as stream:
        # The safe loader, in its libyaml (C) build when PyYAML has one, as deckpress uses.
        deck = yaml.load(stream, Loader=SAFE_LOADER)
    register_fonts(font_dir)

    page_w = letter[0]
    canvas = Canvas(str(output), pagesize=letter, invariant=1, pageCompression=1,
                    initialFontName=FONT)
    canvas.setTitle(deck["title"])
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setViewerPreference("Duplex", "DuplexFlipLongEdge")

    styles = {key: category_style(canvas, key, category, icon_dir)
              for key, category in (deck.get("categories") or {}).items()}
    level_ids = [level["id"] for level in deck.get("levels") or []]
    levels = {level["id"]: (level["label"], number + 1, len(level_ids))
              for number, level in enumerate(deck.get("levels") or [])}

    cards = [card for card in deck["cards"] for _ in range(card.get("copies", 1))]
    for card in cards:
        if card.get("layout", deck.get("layout")) != "challenge" or not (
                card.get("category") and card.get("level")):
            raise ValueError(f"card {card.get('id')}: this baseline draws only challenge cards "
                             "with a category and a level")
    positions = slots()
    marks = crop_lines()
    title, subtitle = deck["title"], deck.get("subtitle", "")
    pages = 0
    for start in range(0, len(cards), len(positions)):
        sheet = cards[start : start + len(positions)]
        for card, (x, y) in zip(sheet, positions, strict=False):
            canvas.saveState()
            canvas.translate(x, y)
            draw_front(canvas, card, styles[card["category"]], levels[card["level"]], title)
            canvas.restoreState()
        draw_marks(canvas, marks, mirrored=False)
        canvas.showPage()
        for _card, (x, y) in zip(sheet, positions, strict=False):
            canvas.saveState()
            canvas.translate(page_w - x - CARD_W, y)  # long-edge flip: mirror about the centre
            draw_back(canvas, title, subtitle)
            canvas.restoreState()
        draw_marks(canvas, marks, mirrored=True)
        canvas.showPage()
        pages += 2
    canvas.save()
    return {"pages": pages, "cards": len(cards)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build a challenge deck with plain ReportLab.")
    parser.add_argument("deck", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = build(args.deck, args.output)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.output} ({result['cards']} cards, {result['pages']} pages) "
          f"in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
