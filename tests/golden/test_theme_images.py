"""Each theme's cards as a coach sees them, compared with golden images with a pixel tolerance:
a change that moves a band, a title or a rule shows here; anti-aliasing does not.

DECKPRESS_UPDATE_GOLDEN=1 writes the images anew: look at them before committing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from deckpress.cli import main
from helpers import copy_workspace, differing_share

GOLDEN = Path(__file__).parent / "themes"
SCALE = 1 / 3  # of the preview's 192 px per inch: enough to see the layout, small to keep
CASES = {  # name -> deck and the cards shown front beside back
    "challenge": ("cards/networking.yaml", ("WU-04", "HOW", "HELLO")),
    "plain": ("cards/pocket-scripts.yaml", ("PS-01", "PS-02")),
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_workspace(tmp_path_factory.mktemp("themes") / "ws")
    example = (folder / "brands" / "example.yaml").read_text(encoding="utf-8")
    for theme in ("quiet", "editorial"):
        (folder / "brands" / f"{theme}.yaml").write_text(
            f"theme: {theme}\n{example}", encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("theme", ["bold", "quiet", "editorial"])
def test_each_theme_looks_like_its_golden_image(workspace, monkeypatch, theme, case):
    monkeypatch.chdir(workspace)
    deck, cards = CASES[case]
    brand = "example" if theme == "bold" else theme
    out = workspace / "output" / f"{theme}-{case}.png"
    args = ["preview", deck, "--brand", brand, "-o", str(out)]
    for card in cards:
        args += ["--card", card]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    with Image.open(out) as shown:
        image = shown.convert("RGB").resize((round(shown.width * SCALE),
                                             round(shown.height * SCALE)), Image.LANCZOS)
    golden = GOLDEN / f"{theme}-{case}.png"
    if os.environ.get("DECKPRESS_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        image.save(golden, optimize=True)
    stored = Image.open(golden).convert("RGB")
    assert stored.size == image.size
    assert differing_share(image, stored) < 0.003
