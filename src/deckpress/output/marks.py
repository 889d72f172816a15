"""What a sheet carries besides cards: crop marks, the 50 mm check ruler, the fold line, and
the proof overlay.

Geometry comes from impose.py; this module only draws it.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from ..reportlab_internals import end_form
from ..sizes import CardBox
from ..units import MM
from .impose import RULER_BOX, RULER_LENGTH, Imposition, Line, RulerSpot

MARK_GREY = (0.35, 0.35, 0.35)
PROOF_TRIM = (0.85, 0.1, 0.1)  # red: where the cut goes
PROOF_SAFE = (0.05, 0.45, 0.85)  # blue, dashed: keep text inside
PROOF_BLEED = (0.1, 0.65, 0.35)  # green, dotted: how far colour must run


def draw_crop_marks(canvas: Canvas, lines: list[Line], width: float) -> None:
    """Black hairlines `width` points wide."""
    if not lines:
        return
    canvas.saveState()
    canvas.setLineWidth(width)
    canvas.setStrokeColorRGB(0, 0, 0)
    for line in lines:
        canvas.line(line.x1, line.y1, line.x2, line.y2)
    canvas.restoreState()


def draw_check_ruler(canvas: Canvas, spot: RulerSpot, font: str) -> None:
    """A 50 mm scale with 5 mm ticks: measure it after printing to catch "fit to page"."""
    depth = RULER_BOX[1]
    canvas.saveState()
    canvas.translate(spot.x, spot.y)
    if spot.vertical:  # runs up the page, its ticks pointing inwards from the left edge
        canvas.translate(depth, 0)
        canvas.rotate(90)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.35)
    base = 0.2 * MM
    canvas.line(0, base, RULER_LENGTH, base)
    for step in range(11):
        x = step * 5 * MM
        tall = depth - 0.3 * MM if step in (0, 10) else (0.55 if step % 2 == 0 else 0.35) * depth
        canvas.line(x, base, x, base + tall)
    canvas.setFillColorRGB(*MARK_GREY)
    canvas.setFont(font, 5.5)
    canvas.drawString(RULER_LENGTH + 1.2 * MM, base + 0.2 * MM, "50 mm")
    canvas.restoreState()


def draw_fold_line(canvas: Canvas, sheet: Imposition, edge: float, font: str) -> None:
    """A dashed line down the middle of a fold sheet, labelled at both ends."""
    middle = sheet.page_width / 2
    canvas.saveState()
    canvas.setStrokeColorRGB(*MARK_GREY)
    canvas.setLineWidth(0.5)
    canvas.setDash([4, 3])
    canvas.line(middle, edge, middle, sheet.page_height - edge)
    canvas.setFillColorRGB(*MARK_GREY)
    canvas.setFont(font, 6)
    for y in (edge + 2, sheet.page_height - edge - 8):
        canvas.drawRightString(middle - 2, y, "fold")
    canvas.restoreState()


def draw_proof_form(canvas: Canvas, spec: CardBox) -> str:
    """Trim, safe zone and bleed lines, drawn once and laid over every card by --proof."""
    name = "proof"
    bleed, safe, width, height = spec.bleed, spec.safe, spec.width, spec.height
    canvas.beginForm(name, -bleed - 1, -bleed - 1, width + bleed + 1, height + bleed + 1)
    canvas.setLineWidth(0.5)
    if bleed > 0:
        canvas.setStrokeColorRGB(*PROOF_BLEED)
        canvas.setDash([1, 1.5])
        canvas.rect(-bleed, -bleed, width + 2 * bleed, height + 2 * bleed, stroke=1, fill=0)
    canvas.setStrokeColorRGB(*PROOF_TRIM)
    canvas.setDash([])
    canvas.rect(0, 0, width, height, stroke=1, fill=0)
    if safe > 0:
        canvas.setStrokeColorRGB(*PROOF_SAFE)
        canvas.setDash([3, 2])
        canvas.rect(safe, safe, width - 2 * safe, height - 2 * safe, stroke=1, fill=0)
    end_form(canvas, name)
    return name
