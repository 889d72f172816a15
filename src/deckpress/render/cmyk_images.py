"""Pictures made ready for PDF/X-1a: CMYK or grey only, no transparency, no more pixels than
print needs.

RGB (and palette) pixels go through a real ICC transform, sRGB to the printing condition's
profile (data/icc), relative colorimetric with black point compensation: colours the press
can print stay as they are, the rest move to the nearest it can. Grey pictures stay grey (black
ink). Transparent pixels, and a picture's opacity, are composited in CMYK onto the flat colour
beneath, converted as every drawn colour is (`colours.to_cmyk`), so a logo's see-through
background prints in exactly the inks of the card around it. Pictures above MAX_DPI at their
printed size are scaled down to it; none is ever scaled up.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageCms

from ..colours import to_cmyk
from ..conditions import printing_condition
from ..source.images import transparent

MAX_DPI = 400  # more than this at the printed size is only weight: scaled down to it
# what PDF/X-1a takes as it is (DeviceCMYK, DeviceGray); a 1-bit picture is made grey, as
# ReportLab would embed it as RGB
KEPT_MODES = ("CMYK", "L")


@dataclass(frozen=True)
class RasterVariant:
    """A picture as PDF/X-1a prints it: for a printing condition, at a pixel size, and, where
    pixels are see-through, composited onto a flat colour at an opacity."""

    condition: str
    pixels: tuple[int, int]
    dpi: int  # at the printed size, for the report
    background: str | None  # '#RRGGBB' beneath the picture, where it is see-through
    opacity: float = 1.0

    def key(self) -> str:
        """The variant as text (what a face record and the face cache keep), read by `parse`."""
        return "|".join((self.condition, f"{self.pixels[0]}x{self.pixels[1]}", str(self.dpi),
                         self.background or "-", repr(self.opacity)))

    @classmethod
    def parse(cls, key: str) -> RasterVariant:
        condition, pixels, dpi, background, opacity = key.split("|")
        width, height = (int(part) for part in pixels.split("x"))
        return cls(condition, (width, height), int(dpi),
                   None if background == "-" else background, float(opacity))

    @classmethod
    def fitting(cls, mode: str, pixels: tuple[int, int], drawn: tuple[float, float],
                condition: str, background: str | None,
                opacity: float) -> RasterVariant | None:
        """The variant a picture of `pixels` drawn `drawn` points wide and high prints as; None
        when it prints as it is (CMYK or grey, opaque, not too many pixels)."""
        dpi = pixels[0] / (drawn[0] / 72) if drawn[0] > 0 else 0.0
        scale = MAX_DPI / dpi if dpi > MAX_DPI else 1.0
        size = (max(1, round(pixels[0] * scale)), max(1, round(pixels[1] * scale)))
        if mode in KEPT_MODES and background is None and size == pixels:
            return None
        return cls(condition, size, round(dpi * scale), background, opacity)


@dataclass(frozen=True, order=True)
class ImageConversion:
    """A line of the build's report: a picture converted for PDF/X."""

    file: str
    mode: str  # the file's own Pillow mode
    pixels: tuple[int, int]
    variant: str  # RasterVariant.key()

    def describe(self) -> str:
        variant = RasterVariant.parse(self.variant)
        to = "grey" if self.mode in ("L", "1") and variant.background is None else "CMYK"
        old_dpi = round(variant.dpi * self.pixels[0] / variant.pixels[0])
        text = (f"{Path(self.file).name}: {self.mode} → {to} ({variant.condition}), "
                f"{self.pixels[0]}×{self.pixels[1]} px at {old_dpi} dpi")
        if variant.pixels != self.pixels:
            text += f" → {variant.pixels[0]}×{variant.pixels[1]} px at {variant.dpi} dpi"
        if variant.background is not None:
            text += f", transparency composited onto {variant.background}"
        return text


def form_pixels(variant: str, own: tuple[int, int]) -> tuple[int, int]:
    """The pixels of a picture's form: the variant's, or the file's `own` for none."""
    return RasterVariant.parse(variant).pixels if variant else own


@lru_cache(maxsize=4)
def _transform(condition: str) -> ImageCms.ImageCmsTransform:
    """sRGB to the condition's CMYK profile, made once per process."""
    srgb = ImageCms.createProfile("sRGB")
    cmyk = ImageCms.getOpenProfile(str(printing_condition(condition).profile))
    return ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def converted(path: Path, variant: RasterVariant) -> Image.Image:
    """The picture at `path` as `variant` says: CMYK (or grey), opaque, at its pixel size."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            image.load()
            alpha = _alpha(image) if variant.background is not None else None
            pixels = _colour_pixels(image)
    if pixels.size != variant.pixels:
        pixels = pixels.resize(variant.pixels, Image.Resampling.LANCZOS)
        alpha = alpha.resize(variant.pixels, Image.Resampling.LANCZOS) if alpha else None
    if pixels.mode == "RGB":
        inks = ImageCms.applyTransform(pixels, _transform(variant.condition))
        assert inks is not None  # None only when converting in place
        pixels = inks
    if variant.background is None:
        return pixels
    if pixels.mode != "CMYK":  # grey composited onto a colour: black ink only
        pixels = _grey_as_cmyk(pixels)
    if alpha is None or variant.opacity < 1:
        solid = Image.new("L", pixels.size, 255) if alpha is None else alpha
        alpha = solid.point(lambda value: round(value * variant.opacity))
    inks = to_cmyk(variant.background)
    beneath = Image.new("CMYK", pixels.size, tuple(round(ink * 255) for ink in (
        inks.cyan, inks.magenta, inks.yellow, inks.black)))
    return Image.composite(pixels, beneath, alpha)


def _alpha(image: Image.Image) -> Image.Image | None:
    if transparent(image):
        return image.convert("RGBA").getchannel("A")
    return None


def _colour_pixels(image: Image.Image) -> Image.Image:
    """The picture's colours without alpha: CMYK and grey as they are, the rest as RGB."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        return image.point(lambda value: value / 256).convert("L")
    if image.mode in ("CMYK", "L"):
        return image.copy()
    if image.mode == "1":
        return image.convert("L")
    if image.mode == "LA":
        return image.getchannel("L")
    return image.convert("RGBA").convert("RGB") if image.mode != "RGB" else image.copy()


def _grey_as_cmyk(grey: Image.Image) -> Image.Image:
    """Grey pixels as black ink alone, as `to_cmyk` prints a grey."""
    empty = Image.new("L", grey.size, 0)
    return Image.merge("CMYK", (empty, empty, empty, ImageChops.invert(grey.convert("L"))))
