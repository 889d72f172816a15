"""Card faces as a picture for the screen: `deckpress preview`.

Takes a small PDF holding one page per face, each exactly the card's trim (so the picture shows
the card as it looks once cut: no bleed, no marks), renders the pages with PDFium and lays them
out on a light grey background: each chosen card's front beside its back, or the fronts of a
whole deck as a contact sheet with the card ids under them. A card that could not be drawn is a
red placeholder naming the problem, so a preview kept open while editing shows it at once.

Sizes are in screen pixels at 96 dpi times a scale: 2 for chosen cards (sharp on a high-density
screen), 1 for the contact sheet. A face is never larger than `MAX_FACE_SIDE` (huge cards are
scaled down), nor smaller than a pixel. The PNG carries its dpi and the sRGB profile and nothing
that varies, so the same cards give the same bytes.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Generator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from ..errors import DeckError
from ..render.fonts import builtin_font_dir
from .png import fitted_caption, render_page, save_png
from .write import atomic_output, check_writable

SCREEN_DPI = 96
PAIR_SCALE = 2  # chosen cards: 192 pixels an inch
SHEET_SCALE = 1  # the contact sheet: 96 pixels an inch
MAX_FACE_SIDE = {PAIR_SCALE: 1200, SHEET_SCALE: 400}  # pixels, for cards of any size
MAX_COLUMNS = {PAIR_SCALE: 2, SHEET_SCALE: 8}  # pairs across; thumbnails across
MAX_WIDTH = 2200  # pixels at scale 1 the columns keep within (wide cards get fewer)

BACKGROUND = (236, 236, 234)  # light warm grey: a white card still stands out
SHADOW = (212, 212, 209)
OUTLINE = (190, 190, 186)
CAPTION = (70, 70, 70)
PROBLEM_FILL = (253, 236, 234)
PROBLEM_INK = (183, 28, 28)
ASIDE_FILL = (246, 246, 244)
ASIDE_INK = (110, 110, 110)

# In pixels at scale 1; multiplied by the scale.
MARGIN = 24
FACE_GAP = 16  # between a card's front and back
TILE_GAP = 24  # between cards
CAPTION_SIZE = 12
CAPTION_ROOM = 26  # caption line under a face
SHADOW_OFFSET = 2


@dataclass(frozen=True)
class Problem:
    """A face that could not be drawn, shown as a placeholder: what went wrong, briefly; or,
    `aside`, the other face of a card whose problem is on this one's other side."""

    problem: str
    aside: bool = False


Face = Image.Image | Problem


@dataclass(frozen=True)
class Tile:
    """One card in the picture: its faces side by side (front, back), a caption under each."""

    faces: tuple[Face, ...]
    captions: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    """Where tiles go: `columns` across, each tile `faces` faces of `face` pixels."""

    columns: int
    rows: int
    faces: int
    face: tuple[int, int]
    scale: int

    def step(self, length: int) -> int:
        return length * self.scale

    @property
    def tile(self) -> tuple[int, int]:
        width = self.faces * self.face[0] + (self.faces - 1) * self.step(FACE_GAP)
        return width, self.face[1] + self.step(CAPTION_ROOM)

    @property
    def size(self) -> tuple[int, int]:
        tile_w, tile_h = self.tile
        margin, gap = self.step(MARGIN), self.step(TILE_GAP)
        # the last captions leave room below them: a little less margin there
        return (2 * margin + self.columns * tile_w + (self.columns - 1) * gap,
                2 * margin + self.rows * tile_h + (self.rows - 1) * gap - self.step(8))

    def origin(self, index: int) -> tuple[int, int]:
        """The top-left pixel of tile `index`, filled row by row."""
        row, column = divmod(index, self.columns)
        tile_w, tile_h = self.tile
        margin, gap = self.step(MARGIN), self.step(TILE_GAP)
        return margin + column * (tile_w + gap), margin + row * (tile_h + gap)

    def face_origin(self, index: int, side: int) -> tuple[int, int]:
        x, y = self.origin(index)
        return x + side * (self.face[0] + self.step(FACE_GAP)), y


def face_pixels(card: tuple[float, float], scale: int) -> tuple[int, int]:
    """A card of `card` points as pixels at 96 dpi × `scale`, scaled down to fit
    MAX_FACE_SIDE, and at least one pixel each way."""
    factor = SCREEN_DPI * scale / 72.0
    longest = max(card) * factor
    if longest > MAX_FACE_SIDE[scale]:
        factor *= MAX_FACE_SIDE[scale] / longest
    return max(1, round(card[0] * factor)), max(1, round(card[1] * factor))


def grid_for(count: int, faces: int, face: tuple[int, int], scale: int) -> Grid:
    """As many columns as fit MAX_WIDTH, at most MAX_COLUMNS, never more than there are
    tiles, and at least one."""
    one = Grid(1, 1, faces, face, scale)
    room = (MAX_WIDTH * scale - one.size[0]) // (one.tile[0] + one.step(TILE_GAP))
    columns = max(1, min(count, MAX_COLUMNS[scale], 1 + room))
    return Grid(columns, max(1, math.ceil(count / columns)), faces, face, scale)


def rendered_faces(pdf: bytes | None, pixels: tuple[int, int]) -> Generator[Image.Image]:
    """Each page of `pdf` (if any) as an opaque RGB image of exactly `pixels`, one at a time;
    closing the generator lets the document go."""
    if pdf is None:
        return
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                image = render_page(page, pixels)
            finally:
                page.close()
            yield image
    finally:
        document.close()


@lru_cache(maxsize=4)
def caption_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(builtin_font_dir() / "NotoSans-Regular.ttf"), size)


class Picture:
    """The preview being put together, tile by tile."""

    def __init__(self, grid: Grid):
        self.grid = grid
        self.image = Image.new("RGB", grid.size, BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)
        self.font = caption_font(grid.step(CAPTION_SIZE))
        self.count = 0

    def add(self, tile: Tile) -> None:
        for side, (face, caption) in enumerate(zip(tile.faces, tile.captions, strict=True)):
            x, y = self.grid.face_origin(self.count, side)
            self._face(face, x, y)
            self._caption(caption, x, y + self.grid.face[1])
        self.count += 1

    def _face(self, face: Face, x: int, y: int) -> None:
        width, height = self.grid.face
        offset = self.grid.step(SHADOW_OFFSET)
        self.draw.rectangle((x + offset, y + offset, x + width - 1 + offset,
                             y + height - 1 + offset), fill=SHADOW)
        if isinstance(face, Problem):
            self._problem(face, x, y)
        else:
            self.image.paste(face, (x, y))
        self.draw.rectangle((x - 1, y - 1, x + width, y + height), outline=OUTLINE)

    def _problem(self, face: Problem, x: int, y: int) -> None:
        """A placeholder with the problem written on it, wrapped to the card's width: red,
        or grey for the side that is only missing because of the other."""
        width, height = self.grid.face
        line = max(1, self.grid.step(2))
        fill, ink = (ASIDE_FILL, ASIDE_INK) if face.aside else (PROBLEM_FILL, PROBLEM_INK)
        self.draw.rectangle((x, y, x + width - 1, y + height - 1), fill=fill, outline=ink,
                            width=line)
        font = self.font
        pad = self.grid.step(8)
        per_line = max(8, int((width - 2 * pad) / max(1.0, font.getlength("n"))))
        lines = textwrap.wrap(face.problem, per_line) if face.aside else \
            ["cannot be drawn:", *textwrap.wrap(face.problem, per_line)]
        height_of_line = round(font.size * 1.35)
        room = max(1, (height - 2 * pad) // height_of_line)
        if len(lines) > room:
            lines = [*lines[:room - 1], lines[room - 1].rstrip() + "…"] if room > 1 else \
                lines[:1]
        self.draw.multiline_text((x + pad, y + pad), "\n".join(lines), fill=ink, font=font,
                                 spacing=height_of_line - font.size)

    def _caption(self, text: str, x: int, y: int) -> None:
        width = self.grid.face[0]
        self.draw.text((x + width / 2, y + self.grid.step(6)),
                       fitted_caption(text, self.font, width), fill=CAPTION, font=self.font,
                       anchor="ma")


def save_preview(image: Image.Image, output: Path, scale: int) -> None:
    """Written atomically: a viewer showing the previous preview never sees half a file."""
    check_writable(output)
    with atomic_output(output) as temp:
        try:
            save_png(image, temp, SCREEN_DPI * scale)
        except OSError as error:
            raise DeckError(f"cannot write the preview: {error.strerror or error}") from None
