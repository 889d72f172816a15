"""PDF → one PNG per card face, for print services that take images rather than a PDF.

The PNGs are rendered from the print-on-demand PDF (one face per page, trim + bleed), so the
images and the PDF never disagree. Each PNG has exactly the pixel size the service asks for, is
opaque RGB tagged sRGB with its dpi recorded, and is byte-identical from one run to the next.

The export is a folder, written as a whole: everything is rendered into a temporary folder
beside it and only then put in place, so a failed run leaves the previous export untouched.

Most of the time goes into encoding the PNGs, so it runs in several threads when asked (PDFium,
which is not thread-safe, renders in the calling thread only), and a face that repeats an
earlier one (a back shared by every card) is rendered and encoded once, its file then copied.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import struct
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageCms, ImageDraw, ImageFont

from ..errors import DeckError, Where
from ..render.fonts import builtin_font_dir
from ..units import MM, shown
from .write import current_umask, output_path, scratch_prefix

MANIFEST = ".deckpress-export"
_MANIFEST_HEADER = "# deckpress export: files written by deckpress, replaced on the next export\n"

# Contact sheet: thumbnails about 1 in wide at 150 dpi, light gaps, at most 8 columns, and never
# more than SHEET_MAX_SIDE pixels high (bigger decks get smaller thumbnails) so it can be mailed.
SHEET_DPI = 150
THUMB_WIDTH = 150
MIN_THUMB_WIDTH = 60
MAX_COLUMNS = 8
GAP = 16
CAPTION_SIZE = 14
SHEET_MAX_SIDE = 4000
OUTLINE = (208, 208, 208)
CAPTION_COLOUR = (64, 64, 64)
WHITE = (255, 255, 255)

# zlib level of the card images: 3 encodes a face in about two thirds of the time of the default
# 6 for files 5–8 % larger (measured on the sample decks, see benchmarks/README.md); the
# pixels are the same either way, and so are the bytes from one run to the next.
FACE_COMPRESS_LEVEL = 3


# ---------------------------------------------------------------------------------------------
# sizes


@dataclass(frozen=True)
class PngSize:
    """What every exported face must be: its exact size in pixels, and the dpi recorded in it."""

    pixels: tuple[int, int]
    dpi: int = 300


def pixels_at(points: float, dpi: float) -> float:
    """The exact (unrounded) pixel count of a length in points at `dpi`."""
    return points / 72.0 * dpi


def page_fits(page_points: tuple[float, float], pixels: tuple[int, int], dpi: float) -> bool:
    """True when the page at `dpi` is within one pixel of `pixels` on both axes."""
    # PDFium reports page sizes as 32-bit floats: allow for their last digit
    return all(abs(pixels_at(points, dpi) - wanted) <= 1.0 + 1e-3
               for points, wanted in zip(page_points, pixels, strict=True))


def size_mismatch(page_number: int, name: str, page_points: tuple[float, float],
                  size: PngSize, pdf: Path) -> DeckError:
    """The message for a page whose size does not give the pixel size the service wants."""
    pixels, dpi = size.pixels, size.dpi
    width_mm, height_mm = (points / MM for points in page_points)
    got_w, got_h = (round(pixels_at(points, dpi)) for points in page_points)
    want_w, want_h = (pixels_in / dpi * 25.4 for pixels_in in pixels)
    return DeckError(
        f"page {page_number} ('{shown(name)}') is {width_mm:.1f} × {height_mm:.1f} mm, which gives "
        f"{got_w} × {got_h} px at {dpi} dpi; expected {pixels[0]} × {pixels[1]} px",
        Where(pdf),
        f"the card size or bleed does not match the profile: {pixels[0]} × {pixels[1]} px at "
        f"{dpi} dpi is a page of {want_w:.1f} × {want_h:.1f} mm (trim plus bleed on each side)",
    )


# ---------------------------------------------------------------------------------------------
# rendering


def render_page(page: pdfium.PdfPage, pixels: tuple[int, int]) -> Image.Image:
    """The page as an opaque RGB image of exactly `pixels`, on white.

    PDFium scales the page to the bitmap size given, separately per axis. A page that is within
    one pixel of `pixels` at the target dpi (checked before) is thus stretched by less than one
    pixel over ~800: invisible, and the bleed still reaches every edge. Cropping or padding the
    last row instead would cut off content or leave a white line at the edge of the bleed, and
    pypdfium2's own `render(scale=...)` rounds the size up per axis, which can add a pixel when
    the page size is a hair over an exact pixel count (822/300 in is not exact in points).
    """
    width, height = pixels
    bitmap = pdfium.PdfBitmap.new_native(width, height, pdfium_c.FPDFBitmap_BGR,
                                         rev_byteorder=True)
    try:
        pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xFFFFFFFF)  # opaque white
        flags = pdfium_c.FPDF_ANNOT | pdfium_c.FPDF_REVERSE_BYTE_ORDER
        pdfium_c.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, flags)
        # a copy outliving the bitmap: PIL keeps RGB in 4 bytes a pixel, so it cannot share the
        # bitmap's 3-byte rows and copies them (a second copy would cost a millisecond a face)
        image: Image.Image = bitmap.to_pil()
        return image
    finally:
        bitmap.close()


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An sRGB ICC profile with a fixed creation date, so equal inputs give equal files.

    LittleCMS stamps the current time into the profile header (bytes 24–35); the profile has no
    ID checksum (bytes 84–99 are zero), so fixing the date keeps the profile valid.
    """
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
    return bytes(data)


def save_png(image: Image.Image, path: Path, dpi: int, compress_level: int = 6) -> None:
    """Write a PNG with the sRGB profile and dpi, and nothing that varies (no time, no text)."""
    with open(path, "wb") as stream:
        image.save(stream, "PNG", icc_profile=srgb_profile(), dpi=(dpi, dpi),
                   compress_level=compress_level)
        stream.flush()
        os.fsync(stream.fileno())


def trim_pixels(page: pdfium.PdfPage, pixels: tuple[int, int]) -> tuple[int, int, int, int]:
    """The trim box in image pixels (left, top, right, bottom): the card as it is cut.

    The whole image when the page has no trim box or is rotated (thumbnails then show the bleed).
    """
    width, height = pixels
    if page.get_rotation() != 0:
        return 0, 0, width, height
    crop_left, crop_bottom, crop_right, crop_top = page.get_cropbox()
    left, bottom, right, top = page.get_trimbox()
    scale_x = width / (crop_right - crop_left)
    scale_y = height / (crop_top - crop_bottom)
    box = (round((left - crop_left) * scale_x), round((crop_top - top) * scale_y),
           round((right - crop_left) * scale_x), round((crop_top - bottom) * scale_y))
    inside = (0 <= box[0] < box[2] <= width) and (0 <= box[1] < box[3] <= height)
    return box if inside else (0, 0, width, height)


# ---------------------------------------------------------------------------------------------
# contact sheet


@dataclass(frozen=True)
class ContactSheetGrid:
    columns: int
    rows: int
    thumb: tuple[int, int]
    caption_height: int

    @property
    def cell(self) -> tuple[int, int]:
        return self.thumb[0] + GAP, self.thumb[1] + self.caption_height + GAP

    @property
    def size(self) -> tuple[int, int]:
        cell_w, cell_h = self.cell
        return self.columns * cell_w + GAP, self.rows * cell_h + GAP

    def origin(self, index: int) -> tuple[int, int]:
        """Top-left pixel of thumbnail `index`, filled row by row."""
        row, column = divmod(index, self.columns)
        return GAP + column * self.cell[0], GAP + row * self.cell[1]


def contact_sheet_layout(count: int, card: tuple[int, int], labelled: bool) -> ContactSheetGrid:
    """A grid of thumbnails ~1 in wide, up to MAX_COLUMNS across, within SHEET_MAX_SIDE.

    A deck too big for that gets more columns first, then smaller thumbnails (down to
    MIN_THUMB_WIDTH, where the sheet may finally exceed the limit rather than become useless).
    """
    caption = round(CAPTION_SIZE * 1.6) if labelled else 0
    count = max(1, count)
    layout = ContactSheetGrid(1, count, (MIN_THUMB_WIDTH, 1), caption)
    for width in range(THUMB_WIDTH, MIN_THUMB_WIDTH - 1, -10):
        thumb = (width, max(1, round(width * card[1] / card[0])))
        for columns in range(min(MAX_COLUMNS, count), count + 1):
            layout = ContactSheetGrid(columns, math.ceil(count / columns), thumb, caption)
            if layout.size[0] > SHEET_MAX_SIDE:
                break
            if layout.size[1] <= SHEET_MAX_SIDE:
                return layout
    return layout


def fitted_caption(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """The label, cut short with an ellipsis so it fits under its thumbnail."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


class ContactSheet:
    """The deck's fronts as small thumbnails on one white sheet, filled in as pages render."""

    def __init__(self, count: int, card: tuple[int, int], labels: Sequence[str] | None):
        self.layout = contact_sheet_layout(count, card, labels is not None)
        self.labels = labels
        self.image = Image.new("RGB", self.layout.size, WHITE)
        self.draw = ImageDraw.Draw(self.image)
        font_path = builtin_font_dir() / "NotoSans-Regular.ttf"
        self.font = ImageFont.truetype(str(font_path), CAPTION_SIZE) if labels else None

    def place(self, position: int, thumb: Image.Image) -> None:
        """Put the thumbnail of front number `position` in its cell, outlined and captioned.

        Cells do not overlap, so thumbnails may be placed in any order with the same result.
        """
        layout = self.layout
        x, y = layout.origin(position)
        self.image.paste(thumb, (x, y))
        self.draw.rectangle((x - 1, y - 1, x + layout.thumb[0], y + layout.thumb[1]),
                            outline=OUTLINE)
        if self.labels is not None and self.font is not None:
            text = fitted_caption(self.labels[position], self.font, layout.thumb[0])
            self.draw.text((x + layout.thumb[0] / 2, y + layout.thumb[1] + 4), text,
                           fill=CAPTION_COLOUR, font=self.font, anchor="ma")


def thumbnail(face: Image.Image, trim: tuple[int, int, int, int],
              thumb: tuple[int, int]) -> Image.Image:
    """The face cut at its trim box and shrunk to the contact sheet's thumbnail size."""
    return face.crop(trim).resize(thumb, Image.Resampling.LANCZOS)


def front_pages(names: Sequence[str]) -> list[int]:
    """Indexes of the pages shown on the contact sheet: those named '…-front', else all pages."""
    fronts = [index for index, name in enumerate(names) if name.endswith("-front")]
    return fronts or list(range(len(names)))


# ---------------------------------------------------------------------------------------------
# the export folder


def check_names(names: Sequence[str], contact_sheet: str | None, pdf: Path) -> None:
    """Names must be plain, distinct file names that do not clash with the sheet or manifest."""
    seen: set[str] = set()
    reserved = {MANIFEST, *([contact_sheet] if contact_sheet else [])}
    for name in names:
        file_name = name + ".png"
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise DeckError(f"'{shown(name)}' cannot be the name of an exported image",
                            Where(pdf), "use a plain file name without folders or a leading dot")
        if file_name in seen or file_name in reserved:
            raise DeckError(f"two exported images would both be called '{shown(file_name)}'",
                            Where(pdf), "give every card face its own name")
        seen.add(file_name)


def previous_export(folder: Path) -> list[str] | None:
    """The files a previous export wrote in `folder`, or None if it is not an export folder."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return None
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return [line for line in lines  # plain names only: never reach outside the folder
            if line and not line.startswith(("#", ".")) and "/" not in line and "\\" not in line]


def check_folder(folder: Path) -> None:
    """Refuse, before any work, a folder that cannot be written or holds files of the user's."""
    parent = folder.parent
    if not parent.is_dir():
        raise DeckError(f"the output folder's parent does not exist: {parent}", Where(folder),
                        f"create it first (mkdir -p {parent}) or choose another folder with -o")
    if folder.exists() and not folder.is_dir():
        raise DeckError("the output path exists and is not a folder", Where(folder),
                        "choose a new or empty folder for the images with -o", kind="option")
    if not folder.is_dir():
        return
    ours = set(previous_export(folder) or []) | {MANIFEST}
    foreign = sorted(entry.name for entry in folder.iterdir()
                     if (entry.name not in ours or not entry.is_file() or entry.is_symlink())
                     and not entry.name.startswith(".deckpress-"))  # deckpress's own scratch
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise DeckError(
            f"the folder is not empty: it holds files deckpress did not write "
            f"('{shown(foreign[0])}'{more})",
            Where(folder),
            "choose an empty or new folder with -o; deckpress only replaces its own exports",
            kind="option",
        )


def write_manifest(folder: Path, files: Sequence[str]) -> None:
    text = _MANIFEST_HEADER + "".join(name + "\n" for name in files)
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def remove_export(folder: Path) -> None:
    """Delete an old export: only the files its manifest lists, then the folder if now empty."""
    for name in [*(previous_export(folder) or []), MANIFEST]:
        (folder / name).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # something else turned up in it: leave it be
        folder.rmdir()


def put_in_place(temp: Path, folder: Path) -> None:
    """Move the finished temp folder onto `folder`, replacing a previous export as a whole.

    The old export is first renamed aside and deleted only once the new one is in place; if the
    second rename fails the old one is moved back.
    """
    mode = folder.stat().st_mode & 0o7777 if folder.is_dir() else 0o777 & ~current_umask()
    os.chmod(temp, mode)  # mkdtemp makes it private; the export keeps normal permissions
    if not folder.exists():
        os.rename(temp, folder)
        return
    aside = Path(tempfile.mkdtemp(prefix=scratch_prefix(), suffix=".old", dir=folder.parent))
    aside.rmdir()  # only the unique name is needed
    os.rename(folder, aside)
    try:
        os.rename(temp, folder)
    except OSError:
        os.rename(aside, folder)
        raise
    with contextlib.suppress(OSError):  # the new export is in place; a leftover is harmless
        remove_export(aside)


def open_pdf(pdf: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(pdf)
    except (pdfium.PdfiumError, OSError) as error:
        raise DeckError(f"cannot read the PDF to export: {error}", Where(pdf)) from None


def check_pages(document: pdfium.PdfDocument, names: Sequence[str], size: PngSize,
                pdf: Path) -> None:
    """One name per page, and every page within one pixel of the wanted size, before rendering."""
    if len(names) != len(document):
        raise DeckError(f"the PDF has {len(document)} pages but {len(names)} image names were "
                        "given", Where(pdf), "give exactly one name per page (card face)")
    for index, name in enumerate(names):
        page_points = document.get_page_size(index)
        if not page_fits(page_points, size.pixels, size.dpi):
            raise size_mismatch(index + 1, name, page_points, size, pdf)


# ---------------------------------------------------------------------------------------------
# the faces: each distinct one rendered once, encoded and written by `jobs` threads


@dataclass(frozen=True)
class FacePlan:
    """The faces to write: a file per page, in `folder`, and the contact sheet's thumbnails."""

    folder: Path
    names: tuple[str, ...]
    original: tuple[int, ...]  # per page: the first page with the same face (often itself)
    size: PngSize
    thumb: tuple[int, int] | None  # the contact sheet's thumbnail size; None: no sheet
    shown: frozenset[int]  # the rendered pages whose thumbnail the contact sheet shows

    @property
    def rendered(self) -> list[int]:
        """The pages rendered and encoded: one per distinct face."""
        return [index for index, original in enumerate(self.original) if index == original]

    def path(self, index: int) -> Path:
        return self.folder / (self.names[index] + ".png")


def original_pages(same_as: Sequence[int | None] | None, count: int) -> tuple[int, ...]:
    """Per page, the first page with the same face: itself unless `same_as` names an earlier
    one (chains lead back to the first)."""
    if same_as is None:
        return tuple(range(count))
    if len(same_as) != count:
        raise ValueError(f"same_as has {len(same_as)} entries for {count} pages")
    original: list[int] = []
    for index, earlier in enumerate(same_as):
        if earlier is not None and not 0 <= earlier < index:
            raise ValueError(f"same_as[{index}] is {earlier}, not an earlier page")
        original.append(index if earlier is None else original[earlier])
    return tuple(original)


def render_face(document: pdfium.PdfDocument, index: int,
                pixels: tuple[int, int]) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """Page `index` as an image of exactly `pixels`, and its trim box in that image."""
    page = document[index]
    try:
        return render_page(page, pixels), trim_pixels(page, pixels)
    finally:
        page.close()


def finish_face(plan: FacePlan, index: int, face: Image.Image,
                trim: tuple[int, int, int, int]) -> Image.Image | None:
    """Encode and write the face's PNG; return its thumbnail when the contact sheet shows it.

    Safe in a worker thread: it touches no PDFium object, only the image it is given.
    """
    save_png(face, plan.path(index), plan.size.dpi, FACE_COMPRESS_LEVEL)
    if plan.thumb is None or index not in plan.shown:
        return None
    return thumbnail(face, trim, plan.thumb)


def render_faces(document: pdfium.PdfDocument, plan: FacePlan, jobs: int,
                 on_face: Callable[[int, Image.Image | None], None]) -> None:
    """Render each distinct face and write it, calling `on_face` with its thumbnail, in order.

    PDFium is not thread-safe, so pages are rendered here, one at a time; encoding (most of the
    time, and PIL lets go of the GIL while it compresses) runs in `jobs` threads. At most
    2 × jobs faces are held at once. When anything fails, or Ctrl-C is pressed, the threads
    finish what they started and start nothing more before the error goes on.
    """
    pixels = plan.size.pixels
    if jobs == 1:
        for index in plan.rendered:
            on_face(index, finish_face(plan, index, *render_face(document, index, pixels)))
        return
    pending: deque[tuple[int, Future[Image.Image | None]]] = deque()
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="deckpress-png")
    try:
        for index in plan.rendered:
            face, trim = render_face(document, index, pixels)
            pending.append((index, pool.submit(finish_face, plan, index, face, trim)))
            while len(pending) > 2 * jobs or (pending and pending[0][1].done()):
                done, future = pending.popleft()
                on_face(done, future.result())
        while pending:
            done, future = pending.popleft()
            on_face(done, future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # nothing writes into the folder after


def copy_repeated_faces(plan: FacePlan, jobs: int) -> None:
    """Give each page whose face repeats an earlier one the bytes of that page's file, in `jobs`
    threads (each copy waits for the disk: fsync).

    A copy, never a link: editing one image must not change another.
    """
    copies = [(plan.path(original), plan.path(index))
              for index, original in enumerate(plan.original) if index != original]
    if jobs == 1:
        for source, copy in copies:
            copy_file(source, copy)
        return
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="deckpress-png") as pool:
        futures = [pool.submit(copy_file, source, copy) for source, copy in copies]
        for future in futures:
            future.result()  # a copy that failed (a full disk) stops the export here


def copy_file(source: Path, copy: Path) -> None:
    """Write the bytes of `source` to a new file `copy`, on disk before it returns."""
    data = source.read_bytes()
    with open(copy, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


# ---------------------------------------------------------------------------------------------
# the export


def export_pngs(  # noqa: PLR0913 - the two keyword-only knobs tune speed, not what is made
    pdf: Path, folder: Path, names: Sequence[str], size: PngSize,
    contact_sheet: str | None = "contact-sheet.png", labels: Sequence[str] | None = None, *,
    jobs: int = 1, same_as: Sequence[int | None] | None = None,
) -> list[Path]:
    """Render page i of `pdf` to folder/names[i] + ".png" at exactly `size.pixels`.

    Returns the paths of the card images, in page order (the contact sheet is not included).
    The pixels must be the page size at the dpi to within one pixel, or a DeckError names the
    page.

    The contact sheet (skipped when `contact_sheet` is None) shows the fronts: the pages whose
    name ends in "-front", or every page when no name does, each cut to its trim box. `labels`,
    if given, holds one caption per thumbnail (per front), shown under it.

    `same_as[i]`, when given and not None, is an earlier page whose face page i repeats (same
    size, trim box and drawing): page i is then not rendered, and its file gets a copy of that
    page's bytes. `jobs` threads encode the PNGs (the pages are rendered in this one). The files
    are byte-identical whatever `jobs` and `same_as` (when what it says is true).

    `folder` must be new, empty or a previous export (marked by a `.deckpress-export` manifest
    listing its files); a previous export is replaced as a whole, only once the new one is done.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    original = original_pages(same_as, len(names))
    pdf, folder = Path(pdf), output_path(Path(folder))
    check_request(pdf, names, size, contact_sheet, labels)
    check_folder(folder)
    document = open_pdf(pdf)
    try:
        check_pages(document, names, size, pdf)
        try:
            temp = Path(tempfile.mkdtemp(prefix=scratch_prefix(), suffix=".tmp", dir=folder.parent))
        except OSError as error:
            raise DeckError(f"cannot write to the folder {folder.parent}: {error.strerror}",
                            Where(folder), "choose a folder you can write to with -o") from None
        try:
            sheet = None if contact_sheet is None else front_sheet(document, names, size, labels)
            plan = face_plan(temp, names, original, size, sheet.layout.thumb if sheet else None)
            _fill(document, plan, jobs, sheet, contact_sheet)
            put_in_place(temp, folder)
        except OSError as error:
            raise DeckError(f"cannot write the images: {error.strerror or error}",
                            Where(folder)) from None
        finally:
            if temp.exists():
                shutil.rmtree(temp)  # a failed run leaves no temp folder; ours alone, all of it
    finally:
        document.close()
    return [folder / (name + ".png") for name in names]


def check_request(pdf: Path, names: Sequence[str], size: PngSize, contact_sheet: str | None,
                  labels: Sequence[str] | None) -> None:
    """Refuse, before touching anything, sizes, names and labels that cannot make an export."""
    pixels, dpi = size.pixels, size.dpi
    if any(side <= 0 for side in pixels) or dpi <= 0:
        raise DeckError(f"cannot export images of {pixels[0]} × {pixels[1]} px at {dpi} dpi",
                        Where(pdf), "the pixel size and dpi must be positive")
    if not names:
        raise DeckError("there are no card faces to export", Where(pdf))
    check_names(names, contact_sheet, pdf)
    if contact_sheet is not None:
        if not contact_sheet.endswith(".png"):
            raise DeckError(f"the contact sheet '{shown(contact_sheet)}' must be a .png file",
                            Where(pdf))
        check_names([contact_sheet.removesuffix(".png")], None, pdf)
    fronts = front_pages(names)
    if labels is not None and len(labels) != len(fronts):
        raise DeckError(f"{len(labels)} labels were given for {len(fronts)} card fronts",
                        Where(pdf), "give one label per card front")


def face_plan(folder: Path, names: Sequence[str], original: tuple[int, ...], size: PngSize,
              thumb: tuple[int, int] | None) -> FacePlan:
    """The faces to write into `folder`, with thumbnails of `thumb` pixels for the fronts."""
    shown = frozenset(original[front] for front in front_pages(names))
    return FacePlan(folder, tuple(names), original, size, thumb, shown)


def front_sheet(document: pdfium.PdfDocument, names: Sequence[str], size: PngSize,
                labels: Sequence[str] | None) -> ContactSheet:
    """An empty contact sheet for the fronts, its thumbnails in the proportions of the cut card."""
    fronts = front_pages(names)
    page = document[fronts[0]]
    try:
        left, top, right, bottom = trim_pixels(page, size.pixels)
    finally:
        page.close()
    return ContactSheet(len(fronts), (right - left, bottom - top), labels)


def _fill(document: pdfium.PdfDocument, plan: FacePlan, jobs: int, sheet: ContactSheet | None,
          contact_sheet: str | None) -> None:
    """Everything the export holds, written into the plan's folder: faces, sheet, manifest."""
    positions: dict[int, list[int]] = {}  # a rendered page: where the sheet shows it
    for position, front in enumerate(front_pages(plan.names)):
        positions.setdefault(plan.original[front], []).append(position)

    def on_face(index: int, thumb: Image.Image | None) -> None:
        if sheet is not None and thumb is not None:
            for position in positions[index]:
                sheet.place(position, thumb)

    render_faces(document, plan, jobs, on_face)
    copy_repeated_faces(plan, jobs)
    files = [name + ".png" for name in plan.names]
    if sheet is not None and contact_sheet is not None:
        save_png(sheet.image, plan.folder / contact_sheet, SHEET_DPI)
        files.append(contact_sheet)
    write_manifest(plan.folder, files)
