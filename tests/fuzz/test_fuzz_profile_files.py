"""Fuzzing the printer profile loader: a workspace's profiles/NAME.yaml with the real keys and
random values (nan, inf, huge, negative, text, lists, tags) loads, or a DeckError says what is
wrong; never another exception."""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import pytest
import yaml
from fuzz_support import (
    PLAIN_SCALARS,
    TAGS,
    Raw,
    budget,
    document,
    expect_only,
    hostile_numbers,
    hostile_text,
    number_strings,
    numbers,
    rarely,
)
from hypothesis import given
from hypothesis import strategies as st

from deckpress.errors import DeckError
from deckpress.output.profiles import Profile, load_profile

BUILT_IN = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted(Path(str(resources.files("deckpress").joinpath("data/profiles")))
                       .glob("*.yaml"))
}
KEYS = tuple(Profile.model_fields)
CROP_KEYS = ("style", "length", "offset", "width", "edge")
PNG_KEYS = ("pixels", "dpi")
UNITS = ("", "mm", "in", "pt", "cm", " mm", "MM", "px", "%")

# Values the real profiles use, key by key (and a few more that are valid).
SANE = {
    "name": ["x", "home"], "description": ["A profile"], "output": ["sheets", "pages", "png"],
    "page": ["letter", "a4", "A4", "210x297mm", "8.5x11in", "legal", "tabloid"],
    "card": ["poker", "bridge", "business", "mini", "63x88mm"],
    "grid": ["3x3", "2x5", "1x1", "3 x 3", Raw("3x3")],
    "margin": ["0.25in", 0, "5mm", 3.5], "gutter": [0, "2mm", "0.25in"],
    "row_gutter": [0, "2mm"], "bleed": [0, "0.125in", "3mm"], "safe": ["0.125in", "3mm", 9],
    "duplex": ["long-edge", "short-edge", "fold", "none"],
    "back_offset": ["0,0", "1.5mm,-0.5mm", [1, -1], Raw("0,0")],
    "crop_marks": ["none", {"style": "corners", "length": "0.25in", "offset": "3pt",
                            "width": "0.5pt", "edge": "3mm"}],
    "ruler": [True, False], "colour": ["rgb", "cmyk"],
    "page_order": ["interleaved", "fronts-then-backs"],
    "png": [{"pixels": "822x1122", "dpi": 300}, {"pixels": "825x1125", "dpi": 300}],
    "pdfx": ["x-1a", "x-4", "none"], "condition": ["FOGRA39", "CGATS TR 006", "GRACoL"],
}

hostile_scalar = st.one_of(
    hostile_numbers,
    number_strings,
    st.tuples(number_strings, st.sampled_from(UNITS)).map("".join),
    st.tuples(number_strings, number_strings, st.sampled_from(UNITS))
    .map(lambda parts: f"{parts[0]}x{parts[1]}{parts[2]}"),
    st.tuples(number_strings, number_strings).map(",".join),
    hostile_text,
    st.none(),
    st.booleans(),
    st.sampled_from(PLAIN_SCALARS).map(Raw),
    st.tuples(st.sampled_from(TAGS), st.sampled_from(PLAIN_SCALARS))
    .map(lambda parts: Raw(" ".join(parts))),
)
hostile_value = st.one_of(
    hostile_scalar,
    st.lists(hostile_scalar, max_size=3),
    st.dictionaries(st.sampled_from(CROP_KEYS + PNG_KEYS + ("x",)), hostile_scalar, max_size=3),
)


@st.composite
def nested(draw: st.DrawFn, keys: tuple[str, ...], base: dict) -> dict:
    """crop_marks or png: their own keys, some values hostile."""
    result = dict(base)
    for key in draw(st.sets(st.sampled_from(keys), max_size=3)):
        result[key] = draw(hostile_value)
    return result


@st.composite
def profile_text(draw: st.DrawFn) -> str:
    """A built-in profile with one to four keys given random values, some added or dropped."""
    data = dict(draw(st.sampled_from(sorted(BUILT_IN.items())))[1])
    for key in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4)):
        if key in ("crop_marks", "png") and draw(st.booleans()):
            base = SANE[key][-1]
            data[key] = draw(nested(CROP_KEYS if key == "crop_marks" else PNG_KEYS, base))
        elif rarely(draw, 4):
            data[key] = draw(st.sampled_from(SANE[key]))
        else:
            data[key] = draw(hostile_value)
    if rarely(draw, 10):
        data.pop(draw(st.sampled_from(sorted(data))), None)
    if rarely(draw, 15):
        data[draw(st.sampled_from(("margins", "Bleed", "x-anchor", "crop-marks")))] = \
            draw(hostile_value)
    return document(data)


@pytest.fixture(scope="module")
def profile_workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-profiles")
    (root / "profiles").mkdir()
    return root


def load(profile_workspace: Path, text: str) -> Profile:
    (profile_workspace / "profiles" / "fuzz.yaml").write_text(text, encoding="utf-8")
    profile = load_profile("fuzz", profile_workspace)
    profile.summary()  # what `deckpress profiles` prints for every profile it finds
    return profile


@budget()
@given(text=profile_text())
def test_profile_loader_takes_random_values(profile_workspace, text):
    expect_only((DeckError,), lambda: load(profile_workspace, text))


@budget()
@given(text=profile_text())
def test_loaded_profiles_hold_only_finite_numbers(profile_workspace, text):
    """A profile that loads is used for every page: no NaN or infinity in its lengths."""
    profile = expect_only((DeckError,), lambda: load(profile_workspace, text))
    if profile is not None:
        for key in KEYS:
            for number in numbers(getattr(profile, key)):
                assert math.isfinite(number), f"{key}={number!r}"
