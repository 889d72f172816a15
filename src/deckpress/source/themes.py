"""Themes: the card looks deckpress ships, described in data/themes.yaml. A theme is chosen
by name (`theme:` in a brand or client file); its layouts are a folder of templates (see
layout/templates.py) and its fonts stand in for the fonts a brand file does not name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

import yaml

from ..errors import did_you_mean

THEMES_FILE = "data/themes.yaml"
DEFAULT_THEME = "bold"  # the layouts in templates/ itself


@dataclass(frozen=True)
class Theme:
    name: str
    summary: str
    heading: str  # font families, where the brand names none
    body: str


class ThemeProblem(ValueError):
    """An unknown theme's name, and the hint naming the closest (validation reads `hint`)."""

    def __init__(self, problem: str, hint: str):
        super().__init__(problem)
        self.hint = hint


@cache
def themes() -> Mapping[str, Theme]:
    """Every theme, in the order of the data file (the default first)."""
    text = resources.files("deckpress").joinpath(THEMES_FILE).read_text("utf-8")
    return MappingProxyType({
        name: Theme(name, " ".join(str(entry["summary"]).split()),
                    str(entry["fonts"]["heading"]), str(entry["fonts"]["body"]))
        for name, entry in yaml.safe_load(text).items()})


def check_theme(name: str) -> str:
    """`name` if it is a theme; ThemeProblem naming the closest else."""
    if name in themes():
        return name
    close = did_you_mean(name.strip().lower(), themes(), list_choices=False)
    raise ThemeProblem(f"unknown theme '{name}'",
                       (f"{close} " if close else "")
                       + "the themes are " + ", ".join(themes())
                       + " (deckpress themes shows them)")
