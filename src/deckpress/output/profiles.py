"""Printer profiles: YAML data describing paper, grid, bleed, duplex, marks and output kind;
found among the built-ins and in a workspace's profiles/ folder, and checked against a deck.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from ..conditions import condition_names
from ..errors import DeckError, Where, did_you_mean
from ..sizes import PaperError, card_sizes, paper
from ..source.client import LoadedClient
from ..source.validation import PROFILE_FILE, validate
from ..source.yamlsource import YamlSource, read_yaml, source_text
from ..units import parse_length, parse_offset, parse_size, shown, to_mm
from .impose import (
    Imposition,
    ImpositionError,
    Spacing,
    card_page,
    fold_area,
    parse_grid,
    sheet_layout,
)

DOCS = PROFILE_FILE.docs
DEFAULT_PROFILE = "home-letter"


def _length(value: object) -> float:
    points = parse_length(value if isinstance(value, str | int | float) else str(value), "mm")
    if points < 0:
        raise ValueError(f"'{shown(value)}' must not be negative")
    return points


Length = Annotated[float, BeforeValidator(_length)]


def _offset(value: object) -> tuple[float, float]:
    if isinstance(value, list | tuple) and len(value) == 2:
        value = ",".join(str(part) for part in value)
    return parse_offset(str(value))


def _no_pdfx(value: object) -> object:
    """None for no PDF/X; `X-1A` as `x-1a`, as the command line takes it."""
    if isinstance(value, str):
        value = value.strip().lower()
    return None if value is None or value == "none" else value


def _pixels(value: object) -> tuple[int, int]:
    parts = str(value).lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(part.strip().isdigit() and int(part) > 0 for part in parts):
        raise ValueError(f"'{shown(value)}' is not a pixel size; write it like 822x1122")
    return int(parts[0]), int(parts[1])


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
    # PDF/X-1a or PDF/X-4 (output/pdfx.py); either implies colour: cmyk
    pdfx: Annotated[Literal["x-1a", "x-4"] | None, BeforeValidator(_no_pdfx)] = None
    # the registered printing condition PDF/X output names (data/icc/conditions.yaml)
    condition: str | None = None
    page_order: Literal["interleaved", "fronts-then-backs"] = "interleaved"
    png: Png | None = None
    _source: YamlSource | None = PrivateAttr(default=None)  # for messages that name a line

    @property
    def file(self) -> Path | None:
        """The file the profile was read from."""
        return self._source.path if self._source is not None else None

    def where(self, key: str) -> Where | None:
        """The profile file and line of `key`, for a message about it."""
        if self._source is None:
            return None
        return self._source.where((key,), None, key)

    @field_validator("crop_marks", mode="before")
    @classmethod
    def _no_marks(cls, value: Any) -> Any:
        return {"style": "none"} if value is None or value == "none" else value

    @model_validator(mode="before")
    @classmethod
    def _pdfx_prints_cmyk(cls, data: Any) -> Any:
        """PDF/X output names a CMYK printing condition: its drawn colours are CMYK."""
        if isinstance(data, dict) and _no_pdfx(data.get("pdfx")) is not None \
                and "colour" not in data:
            data = {**data, "colour": "cmyk"}  # a colour: rgb beside it is said at its line
        return data

    @model_validator(mode="after")
    def _needs_page(self) -> Profile:
        if self.output == "sheets" and self.page is None:
            raise ValueError("missing required field 'page' (sheets need a paper size)")
        if self.output == "png" and self.png is None:
            raise ValueError("missing required field 'png' (output: png needs the pixel size "
                             "every file must have, e.g. png: {pixels: 822x1122, dpi: 300})")
        return self

    @property
    def page_size(self) -> tuple[float, float]:
        """The paper of a sheet profile (checked when the profile is read)."""
        if self.page is None:
            raise ValueError(f"profile '{self.name}' prints one card per page, not sheets")
        return paper(self.page).size

    @property
    def card_size(self) -> tuple[float, float] | None:
        if self.card is None:
            return None
        return card_sizes().get(self.card) or parse_size(self.card)

    @property
    def grid_size(self) -> tuple[int, int] | None:
        return parse_grid(self.grid) if self.grid is not None else None

    def impose(self, card_width: float, card_height: float) -> Imposition:
        """Where the fronts go; raises ImpositionError with the arithmetic if they do not fit."""
        if self.output != "sheets":
            return card_page(card_width, card_height, self.bleed)
        page = self.page_size
        area = fold_area(*page) if self.duplex == "fold" else None
        spacing = Spacing(self.margin, self.gutter, self.bleed, self.row_gutter)
        return sheet_layout(page, (card_width, card_height), spacing, self.grid_size, area)

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
        if self.pdfx is not None:
            parts.append(f"PDF/{self.pdfx.upper()}")
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


# --- finding and reading profiles --------------------------------------------------------


def profile_files(workspace: Path | None) -> dict[str, Path]:
    """Built-in profiles, then the workspace's profiles/ folder, which overrides or adds."""
    folder = Path(str(resources.files("deckpress").joinpath("data/profiles")))
    found = {path.stem: path for path in sorted(folder.glob("*.yaml"))}
    if workspace is not None and (workspace / "profiles").is_dir():
        found.update({path.stem: path for path in sorted((workspace / "profiles").glob("*.yaml"))})
    return found


def unknown_profile(name: str, workspace: Path | None) -> DeckError:
    close = did_you_mean(name, profile_files(workspace), list_choices=False)
    return DeckError(f"unknown printer profile '{shown(name)}'", None,
                     (f"{close} " if close else "") + "see `deckpress profiles` for the list")


def load_profile(name: str, workspace: Path | None) -> Profile:
    files = profile_files(workspace)
    if name not in files:
        raise unknown_profile(name, workspace)
    return read_profile(files[name], name)


def client_profile(client: LoadedClient, workspace: Path) -> Profile:
    """The profile a client file names (or the one its paper implies); an unknown name is said
    at the client's line."""
    files = profile_files(workspace)
    if client.profile_name not in files:
        error = unknown_profile(client.profile_name, workspace)
        raise DeckError(error.problem, client.where("profile"), error.hint)
    return read_profile(files[client.profile_name], client.profile_name)


def read_profile(path: Path, name: str) -> Profile:
    source = read_yaml(path, "profile file", DOCS)
    profile = validate(source, Profile, PROFILE_FILE, extra={"name": name})
    profile._source = source
    _check_paper(profile, source)
    _check_margins(profile, source)
    _check_fit(profile, source)
    _check_pdfx(profile, source)
    return profile


def _check_pdfx(profile: Profile, source: YamlSource) -> None:
    """PDF/X is a PDF: not for PNG files; the printing condition must be one deckpress has."""
    if profile.pdfx is not None and profile.output == "png":
        raise DeckError(pdfx_on_png(profile), source.where(("pdfx",), None, "pdfx"),
                        "leave out pdfx:, or use output: pages for a PDF", kind="profile")
    if profile.pdfx is not None and profile.colour != "cmyk":
        raise DeckError(f"pdfx: {profile.pdfx} prints in CMYK, but the profile says colour: "
                        f"{profile.colour}", source.where(("colour",), None, "colour"),
                        "leave out colour: (PDF/X implies cmyk)", kind="profile")
    if profile.condition is not None and profile.condition not in condition_names():
        by_case = {name.casefold().replace(" ", ""): name for name in condition_names()}
        same = by_case.get(profile.condition.casefold().replace(" ", ""))
        close = f"did you mean '{same}'?" if same else did_you_mean(profile.condition,
                                                                     condition_names())
        raise DeckError(f"unknown printing condition '{shown(profile.condition)}'",
                        source.where(("condition",), None, "condition"),
                        (f"{close}; " if close else "") + "see the Colour section of "
                        f"{DOCS}", kind="profile")


def pdfx_on_png(profile: Profile) -> str:
    return (f"PDF/X does not apply to profile '{profile.name}': it writes PNG files, and "
            "PDF/X is a kind of PDF")


def _check_margins(profile: Profile, source: YamlSource) -> None:
    """Margins that leave no room at all are a mistake in the profile, whatever the cards."""
    if profile.page is None:
        return
    width, height = profile.page_size
    if 2 * profile.margin >= min(width, height) - 1e-6:
        raise DeckError(
            f"margins of {to_mm(profile.margin):.1f} mm leave no room on the "
            f"{to_mm(width):.1f}×{to_mm(height):.1f} mm page",
            source.where(("margin",), None, "margin"),
            "the margin is kept clear on every side: use a few millimetres, e.g. 5mm",
        )


def _check_paper(profile: Profile, source: YamlSource) -> None:
    if profile.page is not None:
        try:
            paper(profile.page)
        except PaperError as error:
            raise DeckError(error.problem, source.where(("page",), None, "page"),
                            error.hint) from None
    for key, parse in (("card", lambda: profile.card_size), ("grid", lambda: profile.grid_size)):
        try:
            parse()
        except ValueError as error:
            raise DeckError(str(error), source.where((key,), None, key),
                            f"see {DOCS} for every profile key") from None


def _check_fit(profile: Profile, source: YamlSource) -> None:
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
        profile.impose(*profile.card_size)
    except ImpositionError as error:
        key = "grid" if profile.grid else "page"
        raise DeckError(
            f"the {profile.card} cards do not fit: {error}",
            source.where((key,), None, key),
            "use a larger page, smaller margins or gutters, or fewer columns/rows",
        ) from None


# --- a profile for one deck and one run ----------------------------------------------------


def with_pdfx(profile: Profile, pdfx: str | None) -> Profile:
    """The profile with `--pdfx` applied ("none" writes a plain PDF), or a DeckError where it
    does not apply."""
    if pdfx is None:
        return profile
    if pdfx == "none":
        return profile.model_copy(update={"pdfx": None})
    if profile.output == "png":
        raise DeckError(pdfx_on_png(profile), None,
                        "leave out --pdfx, or choose a PDF profile such as dtc or pod-pdf",
                        kind="option")
    return profile.model_copy(update={"pdfx": pdfx, "colour": "cmyk"})


def with_overrides(profile: Profile, duplex: str | None = None,
                   back_offset: tuple[float, float] | None = None) -> Profile:
    """The profile with `--duplex` and `--back-offset` applied, or a DeckError where they do
    not apply."""
    update: dict[str, Any] = {}
    if back_offset is not None and (profile.output != "sheets"
                                    or (duplex or profile.duplex) == "fold"):
        raise DeckError(f"--back-offset does not apply here: profile '{profile.name}' "
                        + ("writes one card per page" if profile.output != "sheets"
                           else "prints fold sheets, which are not turned over in the printer"),
                        None, "leave out --back-offset", kind="option")
    if duplex is not None:
        if profile.output != "sheets":
            raise DeckError(f"--duplex does not apply to profile '{profile.name}': it writes one "
                            "card per page, and the print service turns them itself", None,
                            "leave out --duplex, or choose a sheet profile such as home-letter",
                            kind="option")
        update["duplex"] = duplex
    if back_offset is not None:
        update["back_offset"] = back_offset
    return profile.model_copy(update=update) if update else profile


def impose_deck(profile: Profile, width: float, height: float, size_name: str,
                size_where: Where) -> Imposition:
    """Where a deck's cards go on the profile's pages, once the profile is known to suit the
    cards: their size (for profiles made for one size), the safe zone, the grid."""
    wanted = profile.card_size
    if wanted is not None and (abs(wanted[0] - width) >= 0.01 or abs(wanted[1] - height) >= 0.01):
        raise DeckError(
            f"profile '{profile.name}' is made for {profile.card} cards "
            f"({to_mm(wanted[0]):.1f}×{to_mm(wanted[1]):.1f} mm), but this deck's cards are "
            f"{size_name} ({to_mm(width):.1f}×{to_mm(height):.1f} mm)",
            size_where,
            f"set size: {profile.card} in the deck, or choose a profile for {size_name} cards "
            "(deckpress profiles lists them)", kind="profile",
        )
    if 4 * profile.safe > min(width, height):  # layouts keep text inside the zone
        raise DeckError(
            f"the safe zone of profile '{profile.name}' ({to_mm(profile.safe):.1f} mm from each "
            f"edge) leaves too little of a {to_mm(width):.1f}×{to_mm(height):.1f} mm "
            "card for the layouts", profile.where("safe"),
            "print services use about 3 mm (0.125 in); keep it under a quarter of the card's "
            "shorter side", kind="profile",
        )
    try:
        return profile.impose(width, height)
    except ImpositionError as error:
        if profile.grid is not None:  # the profile asked for more than its page holds
            raise DeckError(f"the grid of profile '{profile.name}' does not fit: {error}",
                            profile.where("grid"),
                            "use fewer columns or rows, a smaller bleed or smaller margins or "
                            "gutters, or leave out grid: to fit as many as the page takes",
                            kind="profile") from None
        raise DeckError(f"the cards do not fit profile '{profile.name}': {error}", size_where,
                        "choose a smaller card size or another profile", kind="profile") from None
