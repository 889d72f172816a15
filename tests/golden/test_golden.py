"""Golden fingerprints of the sample decks on every kind of output, the worksheets and the
calibration sheet: a change in what any page draws shows here, named by case, page and object.

A fingerprint holds, per page, its boxes and a digest of its decompressed drawing, and per
form, image or font it uses, a digest of what it draws or its name: independent of how the
file compresses or numbers its objects. After a change meant to alter the output, look at the
pages, then regenerate and commit the new fingerprints:

    DECKPRESS_GOLDEN=regenerate .venv/bin/pytest tests/golden

A failing run writes what it found to tests/golden/actual/ (not kept in git) to compare.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest

import deckpress
from deckpress.build import Options, build_deck, prepare_job, write_deck
from deckpress.calibrate import write_calibration
from deckpress.inputs import load_client_inputs
from deckpress.output.profiles import load_profile
from deckpress.source.client import load_client
from deckpress.worksheets import build_worksheets, plan_worksheets, worksheet_settings
from helpers import copy_workspace

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "fingerprints.json"
ACTUAL = HERE / "actual"
REGENERATE = os.environ.get("DECKPRESS_GOLDEN") == "regenerate"
CMYK_PROFILE = "page: a4\nmargin: 5mm\ngutter: 2mm\nbleed: 1mm\nsafe: 3.5mm\ncolour: cmyk\n" \
               "crop_marks: {style: full}\n"


Make = Callable[[Path, Path], None]  # (workspace, pdf to write)


def deck(name: str, brand: str | None, profile: str, **options: Any) -> Make:
    def make(workspace: Path, pdf: Path) -> None:
        build_deck(workspace / "cards" / f"{name}.yaml", pdf,
                   workspace / "brands" / f"{brand}.yaml" if brand else None, profile,
                   options=Options(**options))
    return make


def sheets(paper: str, fillable: bool = False) -> Make:
    def make(workspace: Path, pdf: Path) -> None:
        build_worksheets(workspace / "cards" / "networking.yaml", pdf,
                         workspace / "brands" / "example.yaml",
                         worksheet_settings(paper, fillable=fillable))
    return make


def client_deck(name: str) -> Make:
    """The client's first deck on the client's profile, as `build --client` makes it."""
    def make(workspace: Path, pdf: Path) -> None:
        client = load_client(workspace / "clients" / f"{name}.yaml", workspace)
        write_deck(prepare_job(load_client_inputs(client),
                               load_profile(client.profile_name, workspace)), pdf)
    return make


def client_sheets(name: str) -> Make:
    def make(workspace: Path, pdf: Path) -> None:
        client = load_client(workspace / "clients" / f"{name}.yaml", workspace)
        plan_worksheets(load_client_inputs(client),
                        worksheet_settings(client.client.paper)).write(pdf)
    return make


def calibration(paper: str, duplex: str, offset: tuple[float, float] | None = None) -> Make:
    def make(workspace: Path, pdf: Path) -> None:
        write_calibration(pdf, paper, duplex, offset)
    return make


# A deck per built-in layout, drawn in each theme with layouts of its own (and the default):
# every card of it one face a page. The brand names no fonts, so each theme's fonts are used.
THEME_BRAND = """theme: {theme}
coach: {{name: Maya Okafor, business: Harbor Career Coaching, email: maya@harbor.example}}
booking_url: https://harbor.example/book
colours: {{primary: "#1D3557", secondary: "#F4EFE6", accent: "#E07A5F"}}
disclaimer: Coaching, not therapy.
"""
THEME_DECK = """title: Brave Asks
subtitle: Small acts of courage
size: poker
layout: {layout}
fields: [steps]
levels:
  - {{id: warm, label: Warm}}
  - {{id: bold, label: Bold}}
categories:
  warm-up: {{label: Warm-up asks, colour: "#9C5F12", icon: spark}}
  plain: {{label: Conversations, colour: "#1F6F6F"}}
cards:
  - {{id: A-1, title: Ask for directions, text: Ask a stranger for directions., category: warm-up,
      level: warm, tip: "“Excuse me, which way?”", counts_when: You asked.}}
  - {{id: A-2, title: Ask for a reference, text: Ask a former manager to
      be a reference for you., category: plain, level: bold, tip: "“Would you?”"}}
  - {{id: A-3, title: Compliment and ask, text: Give a stranger a sincere compliment and ask
      one question about it.}}
  - {{id: A-4, title: How to play, text: One card a day., steps: [Draw a card., Do the ask.,
      Log it.]}}
"""
THEME_LAYOUTS = ("challenge", "plain", "rules", "intro")
THEMES_DRAWN = ["bold", *sorted(
    folder.name for folder in (Path(deckpress.__file__).parent / "templates" / "themes").glob("*")
    if any(folder.glob("*.xml")))]


def themed(theme: str, layout: str) -> Make:
    def make(workspace: Path, pdf: Path) -> None:
        brand = workspace / "brands" / f"theme-{theme}.yaml"
        brand.write_text(THEME_BRAND.format(theme=theme), encoding="utf-8")
        deck = workspace / "cards" / f"layout-{layout}.yaml"
        deck.write_text(THEME_DECK.format(layout=layout), encoding="utf-8")
        build_deck(deck, pdf, brand, "pod-pdf")
    return make


CASES: dict[str, Make] = {
    "networking-home-letter": deck("networking", "example", "home-letter"),
    "networking-home-a4-proof": deck("networking", "example", "home-a4", proof=True),
    "networking-short-edge-offset": deck("networking", "example", "home-a4",
                                         duplex="short-edge", back_offset=(4.25, -1.5)),
    "networking-fold": deck("networking", "example", "home-letter-fold"),
    "networking-dtc": deck("networking", "example", "dtc"),
    "networking-neutral-cmyk": deck("networking", None, "cmyk-a4"),
    "table-talk-pod": deck("table-talk", "example", "pod-pdf"),
    "pocket-scripts-avery": deck("pocket-scripts", "example", "avery-5371"),
    "worksheets-letter": sheets("letter"),
    "worksheets-a4-fillable": sheets("a4", fillable=True),
    "client-amara-networking": client_deck("amara-okonkwo-lindqvist"),
    "client-sam-table-talk": client_deck("sam-reyes"),
    "client-li-wei-worksheets": client_sheets("li-wei"),
    "calibrate-letter": calibration("letter", "long-edge"),
    "calibrate-a4-short-edge-offset": calibration("a4", "short-edge", (2.8, -1.4)),
}
CASES.update({f"theme-{theme}-{layout}": themed(theme, layout)
              for theme in THEMES_DRAWN for layout in THEME_LAYOUTS})


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def fingerprint(pdf: Path) -> dict[str, Any]:
    objects: dict[str, str] = {}

    def visit(resources: Any, prefix: str) -> None:
        if resources is None:
            return
        for name, font in resources.get("/Font", {}).items():
            objects[f"font {name}"] = str(font.get("/BaseFont"))  # names are document-wide
        for name, xobject in resources.get("/XObject", {}).items():
            key = f"{prefix}{xobject.get('/Subtype')} {name}"
            if key in objects:
                continue
            objects[key] = digest(xobject.read_bytes())
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"), f"{prefix}{name}/")

    pages = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            boxes = " ".join(
                f"{box[1:]} " + ",".join(f"{float(value):g}" for value in page.obj[box])
                for box in ("/MediaBox", "/TrimBox", "/BleedBox") if box in page.obj)
            contents = b"".join(stream.read_bytes() for stream in
                                (page.Contents if isinstance(page.Contents, pikepdf.Array)
                                 else [page.Contents]))
            fields = "|".join(str(annotation.get("/T")) for annotation in page.get("/Annots", []))
            pages.append(f"{boxes} drawing {digest(contents)}"
                         + (f" fields {digest(fields.encode())}" if fields else ""))
            visit(page.get("/Resources"), "")
    return {"pages": pages, "objects": dict(sorted(objects.items()))}


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    found = []
    if len(expected["pages"]) != len(actual["pages"]):
        found.append(f"{len(actual['pages'])} pages, expected {len(expected['pages'])}")
    for number, (want, got) in enumerate(zip(expected["pages"], actual["pages"],
                                             strict=False), start=1):
        if want != got:
            found.append(f"page {number}: {want} -> {got}")
    for key in sorted(set(expected["objects"]) | set(actual["objects"])):
        if expected["objects"].get(key) != actual["objects"].get(key):
            found.append(f"{key}: {expected['objects'].get(key)} -> {actual['objects'].get(key)}")
    return found


@pytest.fixture(scope="module")
def golden_workspace(tmp_path_factory) -> Path:
    workspace = copy_workspace(tmp_path_factory.mktemp("golden") / "ws")
    (workspace / "profiles").mkdir()
    (workspace / "profiles" / "cmyk-a4.yaml").write_text(CMYK_PROFILE, encoding="utf-8")
    return workspace


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_matches_its_golden_fingerprint(case, golden_workspace, expected, tmp_path):
    pdf = tmp_path / f"{case}.pdf"
    CASES[case](golden_workspace, pdf)
    actual = fingerprint(pdf)
    if REGENERATE:
        stored = json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}
        stored[case] = actual
        EXPECTED.write_text(json.dumps(dict(sorted(stored.items())), indent=1) + "\n",
                            encoding="utf-8")  # a page or an object a line: diffs stay readable
        return
    assert case in expected, f"no fingerprint for {case}: regenerate (see the module docstring)"
    found = differences(expected[case], actual)
    if found:
        ACTUAL.mkdir(exist_ok=True)
        (ACTUAL / f"{case}.json").write_text(json.dumps(actual, indent=1), encoding="utf-8")
        (ACTUAL / f"{case}.pdf").write_bytes(pdf.read_bytes())
    assert not found, f"{case} draws differently:\n  " + "\n  ".join(found[:20])


@pytest.mark.skipif(REGENERATE, reason="the fingerprints are being written")
def test_every_fingerprint_belongs_to_a_case(expected):
    assert set(expected) == set(CASES)

