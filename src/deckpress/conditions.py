"""The printing conditions a PDF/X file's output intent can name, as data
(data/icc/conditions.yaml): each a condition of the ICC's registry and the CMYK profile made
for it that deckpress ships."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Condition:
    """A registered printing condition: what the output intent says, and its ICC profile."""

    identifier: str  # OutputConditionIdentifier, the registry's name for it
    condition: str  # OutputCondition, the name a person reads
    info: str
    registry: str
    profile: Path

    def profile_bytes(self) -> bytes:
        return self.profile.read_bytes()


def _folder() -> Path:
    return Path(str(resources.files("deckpress").joinpath("data/icc")))


@lru_cache(maxsize=1)
def _table() -> tuple[str, dict[str, Condition]]:
    raw: dict[str, Any] = yaml.safe_load((_folder() / "conditions.yaml").read_text("utf-8"))
    conditions = {name: Condition(str(entry["identifier"]), str(entry["condition"]),
                                  str(entry["info"]), str(entry["registry"]),
                                  _folder() / str(entry["profile"]))
                  for name, entry in raw["conditions"].items()}
    return str(raw["default"]), conditions


def condition_names() -> list[str]:
    return list(_table()[1])


def printing_condition(name: str | None) -> Condition:
    """The condition `name` (the default one for None); a KeyError for an unknown name."""
    default, conditions = _table()
    return conditions[default if name is None else name]
