"""Printer profiles: YAML data describing paper, grid, bleed, duplex, marks and output kind."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import DeckError, Where, did_you_mean
from .impose import ImpositionError, Sheet, card_page, fold_area, parse_grid, sheet_layout
from .load import card_sizes
from .units import parse_length, parse_offset, parse_size, shown, to_mm
from .yamlsource import YamlSource, read_yaml, source_text


def _length(value: object) -> float:
    return parse_length(value if isinstance(value, str | int | float) else str(value), "mm")


Length = Annotated[float, BeforeValidator(_length), Field(ge=0)]


def _offset(value: object) -> tuple[float, float]:
    if isinstance(value, list | tuple) and len(value) == 2:
        value = ",".join(str(part) for part in value)
    return parse_offset(str(value))


def _pixels(value: object) -> tuple[int, int]:
    parts = str(value).lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(part.strip().isdigit() and int(part) > 0 for part in parts):
        raise ValueError(f"'{shown(value)}' is not a pixel size; write it like 822x1122")
    return int(parts[0]), int(parts[1])


DUPLEX_MODES = ("long-edge", "short-edge", "fold", "none")


class CropMarks(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    style: Literal["corners", "full", "none"] = "corners"
    length: Length = 18.0
    offset: Length = 3.0
    width: Length = 0.5
    edge: Length = 7.2


class Png(BaseModel):
    """What an image service checks: the exact pixel size of every face file, at a dpi."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pixels: Annotated[tuple[int, int], BeforeValidator(_pixels)]
    dpi: int = Field(300, gt=0)


class Profile(BaseModel):
    """All lengths in points once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    description: str = ""
    output: Literal["sheets", "pages", "png"] = "sheets"
    page: str | None = None  # sheets only: pages and png are the card plus its bleed
    card: str | None = None  # the card size the profile is made for, if only one
    # columns x rows; default: as many as fit. YAML reads an unquoted 0x3 as a number, so the
    # value is taken as written.
    grid: Annotated[str | None, BeforeValidator(source_text)] = None
    margin: Length = 0.0
    gutter: Length = 0.0
    row_gutter: Length | None = None  # default: the gutter
    bleed: Length = 0.0
    safe: Length = 9.0  # inset from the trim that layouts keep text inside
    duplex: Literal["long-edge", "short-edge", "fold", "none"] = "long-edge"
    back_offset: Annotated[tuple[float, float], BeforeValidator(_offset)] = (0.0, 0.0)
    crop_marks: CropMarks = Field(default_factory=CropMarks)
    ruler: bool = True  # the 50 mm check ruler on sheets
    colour: Literal["rgb", "cmyk"] = "rgb"
    page_order: Literal["interleaved", "fronts-then-backs"] = "interleaved"
    png: Png | None = None
    _source: YamlSource | None = PrivateAttr(default=None)  # for messages that name a line

    def where(self, key: str) -> Where | None:
        """The profile file and line of `key`, for a message about it."""
        if self._source is None:
            return None
        return self._source.where((key,), None, key)

    @field_validator("crop_marks", mode="before")
    @classmethod
    def _no_marks(cls, value: Any) -> Any:
        return {"style": "none"} if value is None or value == "none" else value

    @model_validator(mode="after")
    def _needs_page(self) -> Profile:
        if self.output == "sheets" and self.page is None:
            raise ValueError("missing required field 'page' (sheets need a paper size)")
        if self.output == "png" and self.png is None:
            raise ValueError("missing required field 'png' (output: png needs the pixel size "
                             "every file must have, e.g. png: {pixels: 822x1122, dpi: 300})")
        return self

    @property
    def page_size(self) -> tuple[float, float] | None:
        return paper_size(self.page) if self.page is not None else None

    @property
    def card_size(self) -> tuple[float, float] | None:
        if self.card is None:
            return None
        return card_sizes().get(self.card) or parse_size(self.card)

    @property
    def grid_size(self) -> tuple[int, int] | None:
        return parse_grid(self.grid) if self.grid is not None else None

    def layout(self, card_width: float, card_height: float) -> Sheet:
        """Where the fronts go; raises ImpositionError with the arithmetic if they do not fit."""
        if self.output != "sheets":
            return card_page(card_width, card_height, self.bleed)
        page_width, page_height = self.page_size
        area = fold_area(page_width, page_height) if self.duplex == "fold" else None
        return sheet_layout(page_width, page_height, card_width, card_height, self.margin,
                            self.gutter, self.bleed, self.row_gutter, self.grid_size, area)

    def summary(self) -> str:
        """The numbers `deckpress profiles` shows."""
        parts = []
        if self.output == "sheets":
            width, height = self.page_size
            parts.append(f"page {self.page} ({to_mm(width):.1f}×{to_mm(height):.1f} mm)")
            parts.append(f"grid {self.grid or 'as many as fit'}")
            parts.append(f"margin {to_mm(self.margin):.2f} mm")
            gutter = f"gutter {to_mm(self.gutter):.2f} mm"
            if self.row_gutter is not None and self.row_gutter != self.gutter:
                gutter += f" (rows {to_mm(self.row_gutter):.2f} mm)"
            parts.append(gutter)
        else:
            parts.append("one card per " + ("page" if self.output == "pages" else "PNG file")
                         + ", trim + bleed")
        if self.card:
            parts.append(f"{self.card} cards")
        parts.append(f"bleed {to_mm(self.bleed):.2f} mm")
        parts.append(f"safe {to_mm(self.safe):.2f} mm")
        if self.output == "sheets":
            parts.append(f"duplex {self.duplex}")
            if any(self.back_offset):
                parts.append("back offset {:.2f},{:.2f} mm".format(*map(to_mm, self.back_offset)))
            parts.append(f"crop marks {self.crop_marks.style}")
        elif self.output == "pages":
            parts.append(f"page order {self.page_order}")
        if self.png is not None:
            parts.append(f"PNG {self.png.pixels[0]}×{self.png.pixels[1]} px at {self.png.dpi} dpi")
        parts.append(self.colour.upper())
        return ", ".join(parts)


def pixel_mismatch(profile: Profile, card_width: float, card_height: float) -> str | None:
    """Why a card (plus the profile's bleed) cannot come out at the profile's exact pixel size,
    or None if it can (to within the one pixel that rounding allows)."""
    if profile.png is None:
        return None
    dpi = profile.png.dpi
    pixels = [(side + 2 * profile.bleed) * dpi / 72 for side in (card_width, card_height)]
    wanted = profile.png.pixels
    if all(abs(got - want) <= 1 + 1e-6 for got, want in zip(pixels, wanted, strict=True)):
        return None
    return (f"a {to_mm(card_width):.1f}×{to_mm(card_height):.1f} mm card with "
            f"{to_mm(profile.bleed):.2f} mm bleed is {pixels[0]:.0f}×{pixels[1]:.0f} px at "
            f"{dpi} dpi, but profile '{profile.name}' asks for {wanted[0]}×{wanted[1]} px")


@cache
def papers() -> dict[str, tuple[float, float]]:
    text = resources.files("deckpress").joinpath("data/papers.yaml").read_text("utf-8")
    return {name: parse_size(value) for name, value in yaml.safe_load(text).items()}


def paper_size(page: str) -> tuple[float, float]:
    if page in papers():
        return papers()[page]
    return parse_size(page)


def profile_files(workspace: Path | None) -> dict[str, Path]:
    """Built-in profiles, then the workspace's profiles/ folder, which overrides or adds."""
    folder = Path(str(resources.files("deckpress").joinpath("data/profiles")))
    found = {path.stem: path for path in sorted(folder.glob("*.yaml"))}
    if workspace is not None and (workspace / "profiles").is_dir():
        found.update({path.stem: path for path in sorted((workspace / "profiles").glob("*.yaml"))})
    return found


def load_profile(name: str, workspace: Path | None) -> Profile:
    files = profile_files(workspace)
    if name not in files:
        close = did_you_mean(name, files, list_choices=False)
        raise DeckError(
            f"unknown printer profile '{shown(name)}'",
            None,
            (f"{close} " if close else "") + "see `deckpress profiles` for the list",
        )
    return read_profile(files[name], name)


_MESSAGES = {
    "missing": "missing required field '{field}'",
    "bool_parsing": "must be true or false (got {input!r})",
    "bool_type": "must be true or false (got {input!r})",
    "string_type": "must be text (got {input!r}); put it in quotes",
    "int_parsing": "must be a whole number (got {input!r})",
    "greater_than_equal": "must not be negative (got {input!r})",
    "greater_than": "must be more than 0 (got {input!r})",
}


def read_profile(path: Path, name: str) -> Profile:
    source = read_yaml(path, "profile file", "docs/profiles.md")
    if not isinstance(source.data, dict):
        raise DeckError("a profile must be a block of keys (page:, margin:, ...)", Where(path, 1),
                        "see docs/profiles.md, or copy a built-in profile and change it")
    try:
        profile = Profile.model_validate({"name": name, **source.data})
    except ValidationError as error:
        problem = error.errors()[0]
        location = tuple(problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        hint = "see docs/profiles.md for every profile key"
        if problem["type"] == "extra_forbidden":
            message = f"unknown key '{location[-1]}'"
            keys = (CropMarks if len(location) > 1 else Profile).model_fields
            hint = did_you_mean(str(location[-1]), keys, list_choices=False) or hint
        elif problem["type"] == "literal_error":
            choices = problem["ctx"]["expected"].replace(" or ", ", ")
            message = f"must be one of {choices} (got {shown(problem.get('input'))!r})"
        elif problem["type"] in _MESSAGES:
            field = location[-1] if location else "page"
            message = _MESSAGES[problem["type"]].format(field=field, input=problem.get("input"))
        where = source.where(location, None, ".".join(map(str, location))) if location else \
            Where(path, 1)
        raise DeckError(message, where, hint) from None
    profile._source = source
    _check_paper(profile, source)
    _check_margins(profile, source)
    _check_fit(profile, source)
    return profile


def _check_margins(profile: Profile, source) -> None:
    """Margins that leave no room at all are a mistake in the profile, whatever the cards."""
    if profile.page_size is None:
        return
    width, height = profile.page_size
    if 2 * profile.margin >= min(width, height) - 1e-6:
        raise DeckError(
            f"margins of {to_mm(profile.margin):.1f} mm leave no room on the "
            f"{to_mm(width):.1f}×{to_mm(height):.1f} mm page",
            source.where(("margin",), None, "margin"),
            "the margin is kept clear on every side: use a few millimetres, e.g. 5mm",
        )


def _check_paper(profile: Profile, source) -> None:
    if profile.page is not None:
        try:
            if min(profile.page_size) <= 0:
                raise DeckError("the page size must be more than 0",
                                source.where(("page",), None, "page"),
                                "give a paper name (letter, a4) or WxH with a unit, e.g. 210x297mm")
        except ValueError:
            raise DeckError(
                f"unknown paper '{shown(profile.page)}'",
                source.where(("page",), None, "page"),
                (did_you_mean(profile.page, papers()) or "")
                + " or give WxH with a unit, e.g. 210x297mm",
            ) from None
    for key, parse in (("card", lambda: profile.card_size), ("grid", lambda: profile.grid_size)):
        try:
            parse()
        except ValueError as error:
            raise DeckError(str(error), source.where((key,), None, key),
                            "see docs/profiles.md for every profile key") from None


def _check_fit(profile: Profile, source) -> None:
    """Bleed against gutters always; the whole grid when the profile names its card size."""
    gutters = [profile.gutter, profile.gutter if profile.row_gutter is None else profile.row_gutter]
    if profile.output == "sheets" and profile.grid_size != (1, 1) and \
            2 * profile.bleed > min(gutters) + 1e-6:
        raise DeckError(
            f"the bleed ({to_mm(profile.bleed):.2f} mm) is more than half the gutter "
            f"({to_mm(min(gutters)):.2f} mm), so neighbouring cards' bleeds would overlap",
            source.where(("bleed",), None, "bleed"),
            "make the gutter at least twice the bleed, or use bleed: 0 with cards that touch "
            "(gutter: 0, shared cut lines)",
        )
    if profile.card_size is None:
        return
    if profile.png is not None:
        problem = pixel_mismatch(profile, *profile.card_size)
        if problem:
            raise DeckError(problem, source.where(("png", "pixels"), None, "png.pixels"),
                            "make the pixels match the card and bleed, or the bleed match the "
                            "service's pixel size")
    try:
        profile.layout(*profile.card_size)
    except ImpositionError as error:
        key = "grid" if profile.grid else "page"
        raise DeckError(
            f"the {profile.card} cards do not fit: {error}",
            source.where((key,), None, key),
            "use a larger page, smaller margins or gutters, or fewer columns/rows",
        ) from None
