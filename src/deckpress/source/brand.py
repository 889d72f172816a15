"""Load and validate a brand file: the coach's house style and the client's details."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DeckError, Where, real_path
from .images import AssetError, validate_image
from .models import Brand
from .validation import BRAND_FILE, validate
from .yamlsource import YamlSource, read_yaml


@dataclass(frozen=True)
class LoadedBrand:
    brand: Brand
    path: Path | None  # None for the built-in neutral brand
    logo: Path | None
    source: YamlSource | None

    def where(self, *location: str | int) -> Where:
        if self.source is None:
            return Where("built-in default brand")
        return self.source.where(location, None, ".".join(map(str, location)) or None)


def load_brand(path: Path | None) -> LoadedBrand:
    """The brand file's brand, or the neutral default brand when `path` is None."""
    if path is None:
        return LoadedBrand(Brand(), None, None, None)
    source = read_yaml(path, "brand file")
    brand = validate(source, Brand, BRAND_FILE)
    logo = None
    if brand.logo:
        where = source.where(("logo",), None, "logo")
        logo = real_path(path.parent / brand.logo, "logo")
        if not logo.exists() or logo.is_dir():
            raise DeckError(
                f"logo file not found: {brand.logo} (looked in {path.parent})", where,
                "the logo path is relative to the brand file; check its spelling", kind="file")
        try:
            validate_image(logo)
        except AssetError as error:
            raise DeckError(error.problem, where, error.hint, kind="file") from None
    return LoadedBrand(brand, path, logo, source)
