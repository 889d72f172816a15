"""A two-page calibration sheet that measures how far a duplex printer shifts the back side.

The front carries thin crosses (at the centre and 25 mm in from each corner), rulers to check the
printer did not scale the page, and instructions. The back carries, behind each cross, two
scales in millimetres. Held against a window, the front's lines show through and cross the back's
scales; the numbers read there are the `--back-offset X,Y` to build with.

Why the readings are the correction: tick v of a scale is drawn at (centre + v). If the printer
moves the back by s, tick v lands at (centre + v + s); the front's line is at the centre, so it
crosses the tick with v = -s, which is exactly the offset that undoes the shift. The convention is
the one `build --back-offset` uses: X moves everything on the back page right and Y moves it up,
in the back page's own coordinates (as you look at the back of the sheet).

Geometry is in points, PDF orientation (origin bottom-left, y up), in small pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .choices import CALIBRATION_DUPLEX_MODES
from .errors import DeckError, did_you_mean
from .output.document import Metadata, pdf_canvas
from .output.guard import protected_inputs
from .output.impose import mirror_point
from .output.write import atomic_output, check_writable
from .render.fonts import FontBook, load_fonts
from .reportlab_internals import binary_streams
from .sizes import Paper, PaperError, sheet_paper
from .units import MM, shown, to_mm

DUPLEX_MODES = CALIBRATION_DUPLEX_MODES
FLIP_WORDS = {"long-edge": "flip on long edge", "short-edge": "flip on short edge"}
DOCUMENT = "the calibration sheet"  # how messages about its paper name it

CORNER_INSET = 25 * MM  # corner crosses this far in from both edges
CROSS_HALF = 19 * MM  # each front line runs this far either side of its cross centre
SCALE_GAP = 8.5 * MM  # from a cross centre to each scale's base line: the two scales never meet
SCALE_REACH = 6.0  # mm either side of 0
SCALE_STEP = 0.5  # mm between ticks
HALF_TICK, ODD_TICK, EVEN_TICK, FAR_TICK = 1.2 * MM, 1.9 * MM, 2.6 * MM, 4.8 * MM
ZERO_OVERSHOOT = 1.2 * MM
LABEL_SIZE = 6.0
TEXT_SIZE, TEXT_LEADING = 9, 11  # the instructions
NEAR_ROW, FAR_ROW = 3.0 * MM, 5.4 * MM  # label rows beyond the base line
FAR_COLUMN = 6.2 * MM  # the outer labels of an upright scale sit in a column further out
CROSS_WIDTH, TICK_WIDTH, ZERO_WIDTH = 0.4, 0.3, 0.6
DIGIT_HEIGHT = 0.714  # Noto Sans figures, in em: centres a label on its tick
INK = (0.12, 0.14, 0.16)
MUTED = (0.36, 0.39, 0.43)


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    """One mark of a scale: `value` in mm is the reading it stands for."""

    value: float
    length: float
    label: str | None  # the signed reading printed at it: "-4", "0", "+2"
    far: bool = False  # label in the outer row, so neighbouring labels never touch

    @property
    def zero(self) -> bool:
        return self.value == 0


def scale_ticks(reach: float = SCALE_REACH, step: float = SCALE_STEP) -> list[Tick]:
    """Ticks from -reach to +reach mm: half millimetres short, whole ones longer, every second
    millimetre longer still and labelled with its sign, so a reading is never ambiguous; the
    labels alternate between two rows so they never touch."""
    count = round(reach / step)
    ticks = []
    for index in range(-count, count + 1):
        value = round(index * step, 6)
        whole = value == int(value)
        even = whole and int(value) % 2 == 0
        label = (f"{int(value):+d}" if value else "0") if even else None
        far = even and int(value) % 4 != 0  # rows alternate: -6 -2 +2 +6 further out
        length = FAR_TICK if far else EVEN_TICK if even else ODD_TICK if whole else HALF_TICK
        ticks.append(Tick(value, length, label, far))
    return ticks


def tick_position(centre: float, value: float) -> float:
    """Where the tick for reading `value` (mm) goes on a scale whose 0 is at `centre`.

    If the printer moves the back by s, this tick lands at centre + value + s; the front's line
    sits at centre, so the reading there is value = -s: the offset that undoes the shift.
    """
    return centre + value * MM


def gauge_centres(width: float, height: float, inset: float = CORNER_INSET) -> tuple[Point, ...]:
    """Cross centres on the front: the page centre, then top-left, top-right, bottom-left and
    bottom-right, `inset` in from both edges, so a skew or rotation shows as unequal readings."""
    return (
        Point(width / 2, height / 2),
        Point(inset, height - inset),
        Point(width - inset, height - inset),
        Point(inset, inset),
        Point(width - inset, inset),
    )


def behind(point: Point, width: float, height: float, duplex: str) -> Point:
    """The back page position that prints behind `point` of the front.

    The sheet is portrait: turning it over its long edge mirrors about the vertical centre line
    (x -> W - x); over its short edge, about the horizontal one (y -> H - y).
    """
    if duplex not in DUPLEX_MODES:
        raise ValueError(f"unknown duplex mode '{duplex}'")
    return Point(*mirror_point(point.x, point.y, width, height, duplex))


def inward(point: Point, width: float, height: float) -> tuple[int, int]:
    """Directions (+1 or -1 in x and y) towards the page centre: scales grow that way, so a
    corner's scales stay clear of the paper edge. The centre's scales go right and up."""
    return (1 if point.x <= width / 2 else -1, 1 if point.y <= height / 2 else -1)


def calibration_paper(paper: str) -> Paper:
    """The paper, or a DeckError saying which would do: portrait, letter or A4 or similar."""
    try:
        return sheet_paper(paper, DOCUMENT)
    except PaperError as error:
        raise DeckError(error.problem, None, error.hint) from None


def default_output(paper: str, folder: Path) -> Path:
    """output/calibrate-PAPER.pdf when `folder` has an output/ folder (a workspace), else
    calibrate-PAPER.pdf in `folder` itself."""
    name = "calibrate-" + re.sub(r"[^A-Za-z0-9.]+", "-", paper.lower()).strip("-") + ".pdf"
    return folder / "output" / name if (folder / "output").is_dir() else folder / name


def offset_words(offset: tuple[float, float]) -> str:
    """`X = 1.5 mm, Y = -0.5 mm` for the sheet: a plain minus, as it is typed."""
    return f"X = {_mm(offset[0])} mm, Y = {_mm(offset[1])} mm"


def offset_option(offset: tuple[float, float]) -> str:
    """`1.5mm,-0.5mm`: the offset as it is typed."""
    return f"{_mm(offset[0], '-')}mm,{_mm(offset[1], '-')}mm"


def _mm(points: float, minus: str = "-") -> str:
    text = f"{to_mm(points):.2f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return text.replace("-", minus)


@dataclass(frozen=True)
class Step:
    text: str
    commands: tuple[str, ...] = ()  # typed exactly like this, each on a line of its own


def instructions(paper: Paper, duplex: str, offset: tuple[float, float] | None) -> list[Step]:
    """The steps printed on the front, in plain words."""
    flip = FLIP_WORDS[duplex]
    steps = [
        Step(f"Print this PDF on {paper.display_name} paper, two-sided, {flip}, at actual size "
             "(100%), not “fit to page” or “shrink to fit”. Use the paper you print cards on."),
        Step("Check the size: lay a real ruler along the 100 mm and 50 mm rulers below. If they "
             "measure anything else, the printer scaled the page; switch scaling off and print "
             "again."),
        Step("Hold the sheet against a window or a lamp, back side towards you: the lines of this "
             "side show through. Where the upright line of the centre cross crosses the scale "
             "marked X, read X; where the level line crosses the scale marked Y, read Y. Each "
             "tick is half a millimetre; the numbers carry their sign."),
        Step("Read the four corners too. If they agree with the centre, the whole back is "
             "shifted evenly. If they differ by more than about 0.5 mm, the paper turns a little "
             "as it feeds, which an offset cannot undo; use the centre reading."),
        Step("Build with your readings in millimetres, e.g. X = 1.5 and Y = -0.5, or keep them "
             "in a profile of your own, profiles/my-printer.yaml:",
             ("deckpress build cards/DECK.yaml --back-offset 1.5mm,-0.5mm",
              "back_offset: 1.5mm,-0.5mm")),
    ]
    if offset is None:
        steps.append(Step("To check, make this sheet again with your readings and print it: "
                          "every reading is then 0.",
                          (f"deckpress calibrate --paper {paper.text} --back-offset X,Y",)))
    else:
        steps.append(Step(
            f"Made with --back-offset {offset_option(offset)}: the back is already moved by "
            f"{offset_words(offset)}, so with the right offset every reading is 0. If not, "
            f"new X = {_mm(offset[0])} + reading X, new Y = {_mm(offset[1])} + reading Y."
        ))
    return steps


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str


def sheet_fonts(book: FontBook) -> Fonts:
    family = book.family("Noto Sans")
    return Fonts(family.face(), family.face(bold=True))


def write_calibration(output: Path, paper: Paper | str = "letter", duplex: str = "long-edge",
                      offset: tuple[float, float] | None = None) -> Path:
    """Write the two-page sheet (front, back) atomically; `offset` moves the back page."""
    if duplex not in DUPLEX_MODES:
        raise DeckError(f"unknown duplex mode '{shown(duplex)}'", None,
                        did_you_mean(duplex, DUPLEX_MODES))
    sheet = calibration_paper(paper) if isinstance(paper, str) else paper
    check_writable(output)
    workspace = Path.cwd() if (Path.cwd() / "cards").is_dir() else None
    protected_inputs(workspace, []).check(output, "the calibration sheet")
    fonts = sheet_fonts(load_fonts(None))
    about = Metadata(f"Printer calibration sheet ({sheet.text}, {FLIP_WORDS[duplex]})",
                     "deckpress")
    with atomic_output(output) as temp, binary_streams():
        canvas = pdf_canvas(temp, sheet.size, fonts.regular, about, duplex)
        draw_front(canvas, sheet, duplex, offset, fonts)
        canvas.showPage()
        draw_back(canvas, sheet.size, duplex, offset or (0.0, 0.0), fonts)
        canvas.showPage()
        canvas.save()
    return output


def draw_front(canvas: Canvas, paper: Paper, duplex: str, offset: tuple[float, float] | None,
               fonts: Fonts) -> None:
    width, height = paper.size
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(CROSS_WIDTH)
    for centre in gauge_centres(width, height):
        canvas.line(centre.x, centre.y - CROSS_HALF, centre.x, centre.y + CROSS_HALF)
        canvas.line(centre.x - CROSS_HALF, centre.y, centre.x + CROSS_HALF, centre.y)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(fonts.bold, 17)
    canvas.drawCentredString(width / 2, height - 22 * MM, "Printer calibration sheet")
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(fonts.regular, 8.5)
    canvas.drawCentredString(
        width / 2, height - 28 * MM,
        f"front · {paper.display_name}, {_mm(width)} × {_mm(height)} mm · {FLIP_WORDS[duplex]}",
    )
    narrow = width - 2 * (CORNER_INSET + CROSS_HALF + 4 * MM)  # between the corner crosses
    y = draw_paragraph(canvas, "It measures how far your printer shifts the back of the paper, "
                       "so card backs can be moved to sit exactly behind their fronts.",
                       (width - narrow) / 2, height - 35 * MM, narrow, fonts.regular)
    left = CORNER_INSET + 5 * MM  # below the corner crosses the text may run wider
    wide = width - 2 * left
    y = min(y - 2 * MM, height - CORNER_INSET - CROSS_HALF - 4 * MM)
    for number, step in enumerate(instructions(paper, duplex, offset), start=1):
        checking = offset is not None and number == 6
        font = fonts.bold if checking else fonts.regular
        if not checking:
            canvas.setFont(fonts.bold, 9)
            canvas.drawString(left, y, f"{number}.")
        y = draw_paragraph(canvas, step.text, left + 5 * MM, y, wide - 5 * MM, font)
        for command in step.commands:
            y = draw_paragraph(canvas, command, left + 10 * MM, y, wide - 10 * MM, fonts.bold)
        y -= 3
    draw_rulers(canvas, width, height, fonts)
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(fonts.regular, 7)
    canvas.drawCentredString(width / 2, 12 * MM,
                             f"deckpress {__version__} · the back is on the other side")


def draw_paragraph(canvas: Canvas, text: str, x: float, y: float, width: float,
                   font: str) -> float:
    """Text wrapped to `width` from baseline y down; returns the baseline for what follows."""
    canvas.setFillColorRGB(*INK)
    canvas.setFont(font, TEXT_SIZE)
    for line in simpleSplit(text, font, TEXT_SIZE, width):
        canvas.drawString(x, y, line)
        y -= TEXT_LEADING
    return y


def draw_rulers(canvas: Canvas, width: float, height: float, fonts: Fonts) -> None:
    """A 100 mm ruler across and a 50 mm one upright: both directions of scaling show."""
    centre_x, centre_y = width / 2, height / 2
    across = Point(centre_x - 50 * MM, centre_y - 36 * MM)
    draw_mm_ruler(canvas, across, 100, horizontal=True, fonts=fonts)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(fonts.regular, 8.5)
    canvas.drawCentredString(centre_x, across.y - 5 * MM,
                             "100 mm: check with a real ruler")
    upright = Point(centre_x + 20 * MM, centre_y - 100 * MM)
    draw_mm_ruler(canvas, upright, 50, horizontal=False, fonts=fonts)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(fonts.regular, 8.5)
    canvas.drawRightString(upright.x - 4 * MM, upright.y + 25 * MM - 3,
                           "50 mm: check with a real ruler")


def draw_mm_ruler(canvas: Canvas, start: Point, length_mm: int, horizontal: bool,
               fonts: Fonts) -> None:
    """Millimetre ticks from `start`, longer every 5 mm, labelled every 10 mm."""
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(TICK_WIDTH)
    end = length_mm * MM
    if horizontal:
        canvas.line(start.x, start.y, start.x + end, start.y)
    else:
        canvas.line(start.x, start.y, start.x, start.y + end)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(fonts.regular, LABEL_SIZE)
    for mm in range(length_mm + 1):
        size = 4 * MM if mm % 10 == 0 else 2.6 * MM if mm % 5 == 0 else 1.6 * MM
        along = mm * MM
        if horizontal:
            canvas.line(start.x + along, start.y, start.x + along, start.y + size)
            if mm % 10 == 0:
                canvas.drawCentredString(start.x + along, start.y + size + 1 * MM, str(mm))
        else:
            canvas.line(start.x, start.y + along, start.x + size, start.y + along)
            if mm % 10 == 0:
                canvas.drawString(start.x + size + 1 * MM,
                                  start.y + along - DIGIT_HEIGHT * LABEL_SIZE / 2, str(mm))


def draw_back(canvas: Canvas, page: tuple[float, float], duplex: str,
              offset: tuple[float, float], fonts: Fonts) -> None:
    """Everything on the back moves by `offset` (right and up on this page), like a deck's backs
    with --back-offset, so a right offset makes every reading 0."""
    width, height = page
    canvas.saveState()
    canvas.translate(*offset)
    for front in gauge_centres(width, height):
        centre = behind(front, width, height, duplex)
        direction = inward(centre, width, height)
        draw_scale(canvas, centre, "x", direction[1], fonts)
        draw_scale(canvas, centre, "y", direction[0], fonts)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(fonts.bold, 17)
    canvas.drawCentredString(width / 2, height - 22 * MM, "Back: read the scales here")
    narrow = width - 2 * (CORNER_INSET + CROSS_HALF + 4 * MM)
    draw_paragraph(canvas, "Hold the sheet against a window or a lamp with this side towards "
                   "you. Where the front's upright line crosses a scale marked X, read X; where "
                   "its level line crosses a scale marked Y, read Y. Left of 0 and below 0 are "
                   "negative. The numbers are the offset to build with: X moves the backs right, "
                   "Y moves them up.", (width - narrow) / 2, height - 32 * MM, narrow,
                   fonts.regular)
    draw_readings_form(canvas, width, height, fonts)
    canvas.restoreState()


def draw_scale(canvas: Canvas, centre: Point, axis: str, outward: int, fonts: Fonts) -> None:
    """Ticks along `axis` ("x": across, at x = centre.x + v mm; "y": upright, at y = centre.y +
    v mm), on a base line `SCALE_GAP` beyond the centre on the `outward` side."""
    along_centre, across_centre = (centre.x, centre.y) if axis == "x" else (centre.y, centre.x)

    def point(along: float, across: float) -> tuple[float, float]:
        return (along, across) if axis == "x" else (across, along)

    base = across_centre + outward * SCALE_GAP
    start, end = (tick_position(along_centre, -SCALE_REACH),
                  tick_position(along_centre, SCALE_REACH))
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(TICK_WIDTH)
    canvas.line(*point(start, base), *point(end, base))
    label = _label_across if axis == "x" else _label_upright
    far = FAR_ROW if axis == "x" else FAR_COLUMN
    for tick in scale_ticks():
        along = tick_position(along_centre, tick.value)
        inner = base - outward * (ZERO_OVERSHOOT if tick.zero else 0)
        canvas.setLineWidth(ZERO_WIDTH if tick.zero else TICK_WIDTH)
        canvas.line(*point(along, inner), *point(along, base + outward * tick.length))
        if tick.label is not None:
            label(canvas, along, base, outward * (far if tick.far else NEAR_ROW), tick.label,
                  fonts.bold if tick.zero else fonts.regular)
    if axis == "x":
        label(canvas, start - 2.6 * MM, base, outward * NEAR_ROW, "X", fonts.bold)
    else:
        label(canvas, end + 2.2 * MM, base, outward * NEAR_ROW, "Y", fonts.bold)


def _label_across(canvas: Canvas, x: float, base: float, beyond: float, text: str,
                  font: str) -> None:
    """A label centred on x, `beyond` the base line (up if positive, down if negative), on the
    side the ticks grow to."""
    canvas.setFillColorRGB(*INK)
    canvas.setFont(font, LABEL_SIZE)
    y = base + beyond if beyond > 0 else base + beyond - DIGIT_HEIGHT * LABEL_SIZE
    canvas.drawCentredString(x, y, text)


def _label_upright(canvas: Canvas, y: float, base: float, beyond: float, text: str,
                   font: str) -> None:
    """A label centred on height y, `beyond` the base line (right if positive, left if
    negative), on the ticks' side."""
    canvas.setFillColorRGB(*INK)
    canvas.setFont(font, LABEL_SIZE)
    baseline = y - DIGIT_HEIGHT * LABEL_SIZE / 2
    if beyond > 0:
        canvas.drawString(base + beyond, baseline, text)
    else:
        canvas.drawRightString(base + beyond, baseline, text)


READING_PLACES = ("centre", "top left", "top right", "bottom left", "bottom right")


def draw_readings_form(canvas: Canvas, width: float, height: float, fonts: Fonts) -> None:
    """Write-in blanks for the five readings, named as seen on this side."""
    left = width / 2 - 40 * MM
    y = height / 2 - 40 * MM
    canvas.setFillColorRGB(*INK)
    canvas.setFont(fonts.bold, 10)
    canvas.drawString(left, y, "Your readings (mm), as seen on this side")
    canvas.setStrokeColorRGB(*MUTED)
    canvas.setLineWidth(0.5)
    canvas.setFont(fonts.regular, 9)
    for place in READING_PLACES:
        y -= 8 * MM
        canvas.drawString(left, y, place)
        for column, axis in ((32 * MM, "X ="), (58 * MM, "Y =")):
            canvas.drawString(left + column, y, axis)
            canvas.line(left + column + 7 * MM, y - 1, left + column + 22 * MM, y - 1)
