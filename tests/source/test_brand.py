"""Loading a brand: the neutral default, and mistakes named at their line in the brand file."""

from __future__ import annotations

import pytest

from deckpress.errors import DeckError
from deckpress.source.brand import load_brand
from helpers import BRAND, ROOT, failed_build, line_of, sample_line

LOGO = sample_line(BRAND, "logo: logos/harbor.svg")

# (id, edits: [(file, old, new)], extra files {path: text}, expected pieces)
CASES = [
    ("misspelt-brand-key", [(BRAND, "disclaimer:", "disclaimr:")], {},
     [sample_line(BRAND, "disclaimer:"), "unknown key 'disclaimr'",
      "did you mean 'disclaimer'?"]),
    ("invalid-brand-colour", [(BRAND, '"#1D3557"', "navy")], {},
     [sample_line(BRAND, "primary:"), "colours.primary", "'navy' is not a colour"]),
    ("missing-logo", [(BRAND, "logos/harbor.svg", "logos/harbour.svg")], {},
     [LOGO, "field 'logo'", "logo file not found: logos/harbour.svg"]),
    ("corrupt-logo", [(BRAND, "logos/harbor.svg", "logos/broken.png")],
     {"brands/logos/broken.png": "not a png"},
     [LOGO, "cannot read image broken.png", "export it again"]),
    ("brand-not-a-block", [(BRAND, "coach:\n  name: Maya Okafor\n  business: Harbor Career "
                            "Coaching\n  email: maya@harborcoaching.example\n  phone: \"+1 555 "
                            "0100\"\n  website: harborcoaching.example\n", "coach: Maya\n")],
     {}, [sample_line(BRAND, "coach:"), "'coach' should be a block of keys, not a text"]),
]


@pytest.mark.parametrize(("edits", "files", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_a_mistake_in_the_brand_gives_one_clear_message(workspace, runner, monkeypatch, edits,
                                                        files, expected):
    failed_build(workspace, runner, monkeypatch, edits, files, expected=expected)


def test_without_a_brand_file_the_neutral_default_is_used():
    loaded = load_brand(None)
    assert loaded.path is None and loaded.logo is None
    assert loaded.brand.fonts.body == "Noto Sans"
    assert loaded.where("fonts", "body").describe() == "built-in default brand"


def test_a_brand_file_that_is_a_list_is_refused(tmp_path):
    path = tmp_path / "brand.yaml"
    path.write_text("- client\n- coach\n", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_brand(path)
    assert caught.value.problem == ("the brand file must be a block of keys (coach:, logo:, "
                                    "colours: ...), not a list")


def test_the_logo_is_found_beside_the_brand_file(workspace):
    loaded = load_brand(workspace / BRAND)
    assert loaded.logo == (workspace / "brands/logos/harbor.svg").resolve()
    assert loaded.where("colours", "primary").describe().endswith(
        f":{line_of(ROOT / BRAND, 'primary:')}, field 'colours.primary'")
