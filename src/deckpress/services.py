"""Print services in their own words: what each one checks in the files it is sent, read from
data/services.yaml and keyed by the profile made for it (dtc, mpc, tgc, pod-pdf).

`check` draws a deck as any build does and finds what a print shop would question (preflight);
here a finding a service would flag is said the way the service says it ("DriveThruCards would
flag this: image "photo.png" is 190 dpi; their minimum is 300 dpi"). A finding the service
would not flag (low contrast, a font without its bold file, ...) stays deckpress's own
warning: the service's name is never put on what it does not check.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from .findings import KINDS, Finding


class Check(BaseModel):
    """One upload check: the service's words for a finding of its kind, filled in with the
    finding's facts, and the numbers below which it is flagged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    says: str
    hint: str
    minimum: dict[str, float] = {}

    def flags(self, facts: dict[str, str]) -> bool:
        """Whether a finding with these facts is below the service's minimum (each that it
        sets); one without the fact is flagged, as deckpress found it a problem."""
        for name, least in self.minimum.items():
            value = facts.get(name)
            if value is not None and _number(value) >= least:
                return False
        return True

    def words(self, problem: str, facts: dict[str, str],
              hint: str | None = None) -> tuple[str, str]:
        """(problem, hint) in the service's words; `{problem}` and `{hint}` in them are
        deckpress's own."""
        values = {"problem": problem, "hint": hint or "", **facts,
                  **{f"minimum_{name}": f"{least:g}" for name, least in self.minimum.items()}}
        return self.says.format_map(values), self.hint.format_map(values)


class Service(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    service: str  # its name, as its users know it
    flag: str  # how a finding it would flag begins: "DriveThruCards would flag this"
    guide: str  # where its rules are published
    terms: dict[str, str]  # its words for the safe zone, the cut and the bleed
    checks: dict[str, Check]  # by finding kind (findings.KINDS)
    # kinds whose errors (what deckpress refuses to write, as PDF/X-1a transparency it cannot
    # flatten) are said in the service's words too; other checks word warnings only
    errors: tuple[str, ...] = ()


@cache
def services() -> dict[str, Service]:
    """The print services deckpress knows, by the name of the profile made for each."""
    text = resources.files("deckpress").joinpath("data/services.yaml").read_text("utf-8")
    found = {name: Service.model_validate(entry) for name, entry in yaml.safe_load(text).items()}
    for service in found.values():
        unknown = set(service.checks) - set(KINDS)
        if unknown:  # a mistake in deckpress's own data: a test reads every entry
            raise ValueError(f"services.yaml: {service.service} checks unknown kinds {unknown}")
    return found


def service_for(profile: str) -> Service | None:
    """The print service a profile is made for, if deckpress knows its checks."""
    return services().get(profile)


def in_service_words(finding: Finding, service: Service) -> Finding:
    """The finding as the service says it, when the service would flag it; else as it is."""
    check = service.checks.get(finding.kind)
    facts = dict(finding.facts)
    said = finding.severity == "warning" or finding.kind in service.errors
    if check is None or not said or not check.flags(facts):
        return finding
    try:
        problem, hint = check.words(finding.problem, facts, finding.hint)
    except (KeyError, ValueError):  # a finding without the facts its words need
        return finding
    return replace(finding, problem=f"{service.flag}: {problem}", hint=hint)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("inf")  # not a measurement: nothing to compare, not flagged by number
