"""Builds shared by the output tests: one per printer profile and a few option variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckpress.build import Options, build_deck, build_pngs
from helpers import copy_workspace, edit

MM = 72 / 25.4


@pytest.fixture(scope="session")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """One build per profile (and a few option variants), shared by the tests of this folder."""
    folder = tmp_path_factory.mktemp("profiles")
    ws = copy_workspace(folder / "ws")
    edit(ws / "cards/pocket-scripts.yaml", "size: business", "size: 85x54mm")
    (ws / "cards/pocket-a4.yaml").write_text(
        (ws / "cards/pocket-scripts.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    edit(ws / "cards/pocket-scripts.yaml", "size: 85x54mm", "size: business")
    brand = ws / "brands/example.yaml"
    plan = {
        "dtc": ("networking", "dtc", Options()),
        "pod-pdf": ("table-talk", "pod-pdf", Options()),
        "avery-5371": ("pocket-scripts", "avery-5371", Options()),
        "avery-c32010": ("pocket-a4", "avery-c32010", Options()),
        "fold": ("networking", "home-letter-fold", Options()),
        "short": ("networking", "home-letter", Options(duplex="short-edge")),
        "offset": ("networking", "home-letter", Options(back_offset=(1.5 * MM, -0.5 * MM))),
        "plain": ("networking", "home-letter", Options()),
        "proof": ("networking", "home-a4", Options(proof=True)),
    }
    built = {}
    for name, (deck, profile, options) in plan.items():
        out = folder / f"{name}.pdf"
        build_deck(ws / "cards" / f"{deck}.yaml", out, brand, profile, options=options)
        built[name] = out
    (ws / "profiles").mkdir()
    (ws / "profiles/full-cmyk.yaml").write_text(
        "page: a4\nmargin: 5mm\ngutter: 6mm\nbleed: 1mm\ncolour: cmyk\n"
        "crop_marks:\n  style: full\n  offset: 1mm\n  edge: 3mm\n", encoding="utf-8")
    built["full-cmyk"] = folder / "full-cmyk.pdf"
    build_deck(ws / "cards/table-talk.yaml", built["full-cmyk"], brand, "full-cmyk")
    for service in ("mpc", "tgc"):
        built[service] = folder / service
        build_pngs(ws / "cards/networking.yaml", built[service], brand, service)
    built["workspace"] = ws
    return built
