"""Printer profiles: YAML data describing paper, margins, bleed, duplex and crop marks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .errors import DeckError, Where, did_you_mean
from .units import parse_length, parse_size, shown, to_mm
from .yamlsource import read_yaml


def _length(value: object) -> float:
    return parse_length(value if isinstance(value, str | int | float) else str(value), "mm")


Length = Annotated[float, BeforeValidator(_length), Field(ge=0)]


class CropMarks(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    length: Length = 18.0
    offset: Length = 3.0
    width: Length = 0.5
    edge: Length = 7.2


class Profile(BaseModel):
    """All lengths in points once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    description: str = ""
    page: str
    margin: Length
    gutter: Length = 0.0
    bleed: Length = 0.0
    safe: Length = 9.0  # inset from the trim that layouts keep text inside
    duplex: Literal["long-edge", "short-edge", "none"] = "long-edge"
    crop_marks: CropMarks | None = Field(default_factory=CropMarks)

    @property
    def page_size(self) -> tuple[float, float]:
        return paper_size(self.page)


@cache
def papers() -> dict[str, tuple[float, float]]:
    text = resources.files("deckpress").joinpath("data/papers.yaml").read_text("utf-8")
    return {name: parse_size(value) for name, value in yaml.safe_load(text).items()}


def paper_size(page: str) -> tuple[float, float]:
    if page in papers():
        return papers()[page]
    return parse_size(page)


@dataclass(frozen=True)
class ProfileSource:
    name: str
    path: Path


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
        raise DeckError(
            f"unknown printer profile '{shown(name)}'",
            None,
            (did_you_mean(name, files) or "") + " (see `deckpress profiles`)",
        )
    return read_profile(files[name], name)


def read_profile(path: Path, name: str) -> Profile:
    source = read_yaml(path, "profile file")
    if not isinstance(source.data, dict):
        raise DeckError("a profile must be a mapping of keys", Where(path, 1))
    try:
        profile = Profile.model_validate({"name": name, **source.data})
    except ValidationError as error:
        problem = error.errors()[0]
        location = tuple(problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = f"unknown key '{location[-1]}'"
        elif problem["type"] == "missing":
            message = f"missing required field '{location[-1]}'"
        elif problem["type"] == "greater_than_equal":
            message = f"must not be negative (got {problem.get('input')!r})"
        raise DeckError(
            message,
            source.where(location, None, ".".join(map(str, location))),
            "see docs/profiles.md for every profile key",
        ) from None
    if 2 * profile.bleed > profile.gutter + 1e-6:
        raise DeckError(
            f"the bleed ({to_mm(profile.bleed):.2f} mm) is more than half the gutter "
            f"({to_mm(profile.gutter):.2f} mm), so neighbouring cards' bleeds would overlap",
            source.where(("bleed",), None, "bleed"),
            "make the gutter at least twice the bleed, or use bleed: 0 with cards that touch "
            "(gutter: 0, shared cut lines)",
        )
    try:
        profile.page_size  # noqa: B018 - validates the page name
    except ValueError:
        raise DeckError(
            f"unknown paper '{profile.page}'",
            source.where(("page",), None, "page"),
            (did_you_mean(profile.page, papers()) or "")
            + " or give WxH with a unit, e.g. 210x297mm",
        ) from None
    return profile
