"""The tuck box for a print service written as its profile writes the cards: PDF/X-1a:2003 or
PDF/X-4 with the output intent, boxes and keys the standards ask for, CMYK and no
transparency in X-1a (the logo converted as card pictures are), every font embedded, the same
bytes each time, and looking as the RGB box does."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from PIL import ImageChops, ImageStat
from test_pdfx import (
    MAX_MEAN_CHANNEL_DIFFERENCE,
    images_of,
    operations,
    render,
    streams,
    unembedded_fonts,
    x1a_breaches,
)

from deckpress.box import PLAIN_FILE, BoxFile, plan_box, plan_service_box, write_box
from deckpress.cli import main
from deckpress.colours import to_cmyk
from deckpress.conditions import printing_condition
from deckpress.errors import DeckError
from deckpress.inputs import load_inputs
from deckpress.output.profiles import load_profile, with_pdfx
from deckpress.output.tuckbox import ONE_PIECE, inner_size, piece
from deckpress.sizes import paper
from deckpress.units import MM
from helpers import assert_usage_error, copy_workspace, line_of

BLEED = 0.125 * 72  # dtc and pod-pdf: 0.125 in on every side
FLAT = piece(ONE_PIECE, inner_size((63.5, 88.9), 50, 0.30))  # the sample deck's box, mm
PRIMARY, PAPER = "#1D3557", "#F4EFE6"  # the sample brand's front and back colours
# (name, brand file, profile, --pdfx)
BOXES = [
    ("dtc-x1a", "example", "dtc", "x-1a"),
    ("pod-x1a-png", "pictured", "pod-pdf", "x-1a"),
    ("dtc-x4-png", "pictured", "dtc", "x-4"),
    ("dtc-rgb-png", "pictured", "dtc", "none"),
    ("dtc-rgb", "example", "dtc", "none"),
]


def pictured_brand(ws: Path) -> Path:
    """The sample brand with its logo as an RGBA PNG (transparent round its circle)."""
    text = (ws / "brands/example.yaml").read_text(encoding="utf-8")
    brand = ws / "brands/pictured.yaml"
    brand.write_text(text.replace("logo: logos/harbor.svg", "logo: logos/harbor.png"), "utf-8")
    return brand


def make(ws: Path, brand: str, profile: str, pdfx: str, out: Path) -> list[str]:
    """The box as `deckpress box --profile P --pdfx X` makes it; the conversions it says."""
    inputs = load_inputs(ws / "cards/networking.yaml", ws / f"brands/{brand}.yaml")
    conversions: list = []
    write_box(inputs, out, plan_service_box(inputs, with_pdfx(load_profile(profile, ws), pdfx)),
              None, conversions)
    return [conversion.describe() for conversion in conversions]


@pytest.fixture(scope="module")
def boxes(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("boxpdfx")
    ws = copy_workspace(folder / "ws")
    pictured_brand(ws)
    made: dict[str, object] = {"workspace": ws}
    for name, brand, profile, pdfx in BOXES:
        made[name] = folder / f"{name}.pdf"
        made[f"{name} said"] = make(ws, brand, profile, pdfx, folder / f"{name}.pdf")
    return made


# --- what both standards ask for -----------------------------------------------------------


@pytest.mark.parametrize(("name", "version", "standard", "condition"), [
    ("dtc-x1a", "1.4", "PDF/X-1a:2003", "CGATS TR 006"),
    ("pod-x1a-png", "1.4", "PDF/X-1a:2003", "FOGRA39"),
    ("dtc-x4-png", "1.6", "PDF/X-4", "CGATS TR 006"),
])
def test_the_box_has_what_the_standard_asks_for(boxes, name, version, standard, condition):
    path = boxes[name]
    assert path.read_bytes().startswith(f"%PDF-{version}".encode())
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1 and len(pdf.trailer.ID) == 2
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == standard
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.Title) == "Tuck box: Brave Asks"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == condition
        assert intent.DestOutputProfile.read_bytes() == printing_condition(
            condition).profile.read_bytes()
        with pdf.open_metadata() as meta:
            assert meta.get("pdfxid:GTS_PDFXVersion") == standard
        assert list(unembedded_fonts(pdf)) == []


@pytest.mark.parametrize("name", [name for name, *_ in BOXES])
def test_the_trim_is_the_flat_box_and_the_bleed_the_whole_page(boxes, name):
    width, height = FLAT.width * MM + 2 * BLEED, FLAT.height * MM + 2 * BLEED
    with pikepdf.open(boxes[name]) as pdf:
        page = pdf.pages[0].obj
        media, trim, bleed = ([float(v) for v in page[key]]
                              for key in ("/MediaBox", "/TrimBox", "/BleedBox"))
    assert media == pytest.approx([0, 0, width, height], abs=0.01)
    assert bleed == media
    assert trim == pytest.approx([BLEED, BLEED, width - BLEED, height - BLEED], abs=0.01)


@pytest.mark.parametrize(("name", "brand", "profile", "pdfx"),
                         [box for box in BOXES if box[3] != "none"], ids=lambda value: value)
def test_a_pdfx_box_is_byte_identical_when_made_again(boxes, tmp_path, name, brand, profile,
                                                      pdfx):
    again = tmp_path / f"{name}.pdf"
    make(boxes["workspace"], brand, profile, pdfx, again)
    assert again.read_bytes() == boxes[name].read_bytes()


def test_without_pdfx_the_box_claims_no_standard(boxes):
    for name in ("dtc-rgb", "dtc-rgb-png"):
        with pikepdf.open(boxes[name]) as pdf:
            assert "/OutputIntents" not in pdf.Root and "/GTS_PDFXVersion" not in pdf.docinfo


# --- PDF/X-1a: CMYK and grey only, no transparency -----------------------------------------


@pytest.mark.parametrize("name", ["dtc-x1a", "pod-x1a-png"])
def test_x1a_box_has_no_rgb_and_no_transparency(boxes, name):
    with pikepdf.open(boxes[name]) as pdf:
        assert list(x1a_breaches(pdf)) == []
        content = [op for _, holder, _ in streams(pdf) for op in operations(holder)]
    assert not [op for op in content if re.search(r"\b(rg|RG)$", op) or "DeviceRGB" in op]


def test_x1a_box_colours_are_converted_as_the_cards_are(boxes):
    """The front's navy and the back's paper colour print in the inks `to_cmyk` gives them,
    the same conversion as every colour on the cards."""
    with pikepdf.open(boxes["dtc-x1a"]) as pdf:
        fills = {tuple(round(float(v), 4) for v in op.split()[:4])
                 for _, holder, _ in streams(pdf) for op in operations(holder)
                 if op.endswith(" k")}
    for colour in (PRIMARY, PAPER):
        inks = to_cmyk(colour)
        assert (inks.cyan, inks.magenta, inks.yellow, inks.black) in fills, colour


def test_x1a_logo_is_converted_like_a_card_picture_and_said(boxes):
    assert sorted(boxes["pod-x1a-png said"]) == [
        "harbor.png: RGBA → CMYK (FOGRA39), 600×600 px at 562 dpi → 427×427 px at 400 dpi, "
        "transparency composited onto #1D3557",
        "harbor.png: RGBA → CMYK (FOGRA39), 600×600 px at 842 dpi → 285×285 px at 400 dpi, "
        "transparency composited onto #F4EFE6"]
    with pikepdf.open(boxes["pod-x1a-png"]) as pdf:
        logos = {int(image.Width): image for _, image in images_of(pdf)}
        assert set(logos) == {427, 285}
        assert all(image.ColorSpace == pikepdf.Name.DeviceCMYK and "/SMask" not in image
                   for image in logos.values())
        front, back = (pikepdf.PdfImage(logos[size]).as_pil_image() for size in (427, 285))
    for image, colour in ((front, PRIMARY), (back, PAPER)):  # the corners: the panel's inks
        inks = to_cmyk(colour)
        assert image.getpixel((1, 1)) == tuple(round(ink * 255) for ink in (
            inks.cyan, inks.magenta, inks.yellow, inks.black))
        assert image.getpixel((image.width // 2, image.height // 2)) != image.getpixel((1, 1))


def test_x1a_box_looks_as_the_rgb_box_does(boxes):
    for x1a, rgb in (("dtc-x1a", "dtc-rgb"), ("pod-x1a-png", "dtc-rgb-png")):
        first, second = render(boxes[x1a], 0), render(boxes[rgb], 0)
        assert first.size == second.size
        difference = ImageChops.difference(first, second)
        assert max(ImageStat.Stat(difference).mean) < MAX_MEAN_CHANNEL_DIFFERENCE, x1a


def test_a_cmyk_profile_without_pdfx_gives_a_cmyk_box_claiming_no_standard(tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    inputs = load_inputs(ws / "cards/networking.yaml", ws / "brands/example.yaml")
    cmyk = load_profile("pod-pdf", ws).model_copy(update={"colour": "cmyk"})
    out = write_box(inputs, tmp_path / "box.pdf", plan_service_box(inputs, cmyk))
    with pikepdf.open(out) as pdf:
        assert "/OutputIntents" not in pdf.Root
        content = [op for _, holder, _ in streams(pdf) for op in operations(holder)]
    assert any(op.endswith(" k") for op in content)
    assert not [op for op in content if re.search(r"\b(rg|RG)$", op)]


# --- PDF/X-4: transparency kept --------------------------------------------------------------


def test_x4_box_keeps_the_logos_transparency_and_tags_it_srgb(boxes):
    assert boxes["dtc-x4-png said"] == []
    with pikepdf.open(boxes["dtc-x4-png"]) as pdf:
        page = pdf.pages[0].obj
        assert (str(page.Group.S), str(page.Group.CS)) == ("/Transparency", "/DeviceCMYK")
        logos = [image for _, image in images_of(pdf)]
        assert logos and all(image.ColorSpace[0] == pikepdf.Name.ICCBased for image in logos)
        assert all("/SMask" in image for image in logos)
        assert not [problem for problem in x1a_breaches(pdf) if "rg" in problem.split()]


# --- mistakes --------------------------------------------------------------------------------


def test_an_svg_logo_with_opacity_is_refused_for_x1a_naming_the_logo_line(tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    svg = ws / "brands/logos/harbor.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace(
        'r="48" fill="#1D3557"/>', 'r="48" fill="#1D3557" fill-opacity="0.5"/>'), "utf-8")
    out = tmp_path / "box.pdf"
    out.write_bytes(b"the previous box")
    with pytest.raises(DeckError) as raised:
        make(ws, "example", "dtc", "x-1a", out)
    error = raised.value
    assert f"example.yaml:{line_of(ws / 'brands/example.yaml', 'logo:')}" in str(error)
    assert "harbor.svg is drawn with transparency" in error.problem
    assert "--pdfx x-4" in (error.hint or "")
    assert out.read_bytes() == b"the previous box"
    make(ws, "example", "dtc", "x-4", out)  # PDF/X-4 keeps it
    with pikepdf.open(out) as pdf:
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"


def test_a_home_sheet_is_a_plain_file_and_a_service_box_is_as_its_profile_says(tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    inputs = load_inputs(ws / "cards/networking.yaml", ws / "brands/example.yaml")
    assert plan_box(inputs, paper("letter")).file == PLAIN_FILE == BoxFile(False, None, None)
    dtc = load_profile("dtc", ws)
    assert plan_service_box(inputs, dtc).file == BoxFile(False, None, None)
    x1a = plan_service_box(inputs, with_pdfx(dtc, "x-1a")).file
    assert (x1a, x1a.standard) == (BoxFile(True, "x-1a", "CGATS TR 006"), "PDF/X-1a")
    x4 = plan_service_box(inputs, with_pdfx(load_profile("pod-pdf", ws), "x-4")).file
    assert (x4, x4.standard) == (BoxFile(True, "x-4", "FOGRA39"), "PDF/X-4")


# --- the command line --------------------------------------------------------------------------


def test_box_follows_the_profiles_pdfx_and_the_pdfx_option(workspace, runner, monkeypatch):
    profiles = workspace / "profiles"
    profiles.mkdir(exist_ok=True)
    (profiles / "dtc.yaml").write_text(
        load_profile("dtc", workspace).file.read_text(encoding="utf-8") + "pdfx: x-1a\n",
        encoding="utf-8")
    pictured_brand(workspace)
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "cards/networking.yaml", "-b", "pictured",
                                  "-p", "dtc"])
    assert result.exit_code == 0, result.output
    assert "converted harbor.png: RGBA → CMYK (CGATS TR 006)" in result.output
    assert "for dtc, with bleed, PDF/X-1a)" in result.output
    out = workspace / "output/networking-pictured-box-dtc.pdf"
    with pikepdf.open(out) as pdf:
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
        assert list(x1a_breaches(pdf)) == []
    for option, version in (("x-4", "PDF/X-4"), ("none", None)):
        result = runner.invoke(main, ["box", "cards/networking.yaml", "-b", "pictured",
                                      "-p", "dtc", "--pdfx", option])
        assert result.exit_code == 0, result.output
        with pikepdf.open(out) as pdf:
            found = pdf.docinfo.get("/GTS_PDFXVersion")
            assert (str(found) if found is not None else None) == version


def test_pdfx_without_a_print_service_profile_is_a_usage_mistake(workspace, runner,
                                                                 monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["box", "cards/networking.yaml", "--pdfx", "x-1a"])
    assert_usage_error(result, "--pdfx", ["--profile dtc"])
    assert not (workspace / "output/networking-box.pdf").exists()
