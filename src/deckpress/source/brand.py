"""Load and validate a brand file: the coach's house style and the client's details."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DeckError, Where, combined, real_path
from .images import AssetError, validate_image
from .models import Brand
from .validation import BRAND_FILE, validate_repairing
from .yamlsource import YamlSource, read_yaml


@dataclass(frozen=True)
class LoadedBrand:
    brand: Brand
    path: Path | None  # None for the built-in neutral brand
    logo: Path | None
    source: YamlSource | None
    problems: tuple[DeckError, ...] = ()  # with `load_brand(lenient=True)`

    def where(self, *location: str | int) -> Where:
        if self.source is None:
            return Where("built-in default brand")
        return self.source.where(location, None, ".".join(map(str, location)) or None)


def load_brand(path: Path | None, lenient: bool = False) -> LoadedBrand:
    """The brand file's brand, or the neutral default brand when `path` is None. Every problem
    is found in one pass; with `lenient` (for `check`) they are kept in `problems` instead of
    raised, each wrong value left at its default, so the brand's fonts can be checked too."""
    if path is None:
        return LoadedBrand(Brand(), None, None, None)
    source = read_yaml(path, "brand file")
    brand, found = validate_repairing(source, Brand, BRAND_FILE)
    if brand is None:
        raise combined(found)
    logo = None
    if brand.logo:
        try:
            logo = _logo(path, brand.logo, source.where(("logo",), None, "logo"))
        except DeckError as error:
            found.append(error)
    found.sort(key=lambda error: error.where.line or 0)
    if found and not lenient:
        raise combined(found)
    return LoadedBrand(brand, path, logo, source, tuple(found))


def _logo(brand_path: Path, logo: str, where: Where) -> Path:
    """The logo file, found beside the brand file and checked to be a usable image."""
    found = real_path(brand_path.parent / logo, "logo")
    if not found.exists() or found.is_dir():
        raise DeckError(
            f"logo file not found: {logo} (looked in {brand_path.parent})", where,
            "the logo path is relative to the brand file; check its spelling", kind="file")
    try:
        validate_image(found)
    except AssetError as error:
        raise DeckError(error.problem, where, error.hint, kind="file") from None
    return found
