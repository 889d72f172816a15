"""PDF/X-1a:2003 and PDF/X-4 output: the keys, output intent, boxes and metadata the standards
ask for, CMYK and no transparency in X-1a (pictures converted, see-through shapes flattened),
the same bytes each build, and the pages looking as the RGB build does."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from deckpress.build import Options, build_deck
from deckpress.cli import main
from deckpress.colours import to_cmyk
from deckpress.conditions import printing_condition
from deckpress.output import pdfx
from helpers import DECK, assert_one_error, assert_options_mistake, copy_workspace, prepare

# (name, deck, profile, standard, printing condition the profile names)
BUILDS = [
    ("dtc-x1a", "networking", "dtc", "x-1a", "CGATS TR 006"),
    ("pod-x1a", "table-talk", "pod-pdf", "x-1a", "FOGRA39"),
    ("a4-x1a", "networking", "home-a4", "x-1a", "FOGRA39"),
    ("dtc-x4", "networking", "dtc", "x-4", "CGATS TR 006"),
]
VERSION = {"x-1a": ("1.4", "PDF/X-1a:2003", None), "x-4": ("1.6", "PDF/X-4", None)}
# Mean difference per RGB channel (0-255) between the PDF/X page and the RGB page as pdfium
# renders them: drawn colours convert to CMYK by formula and pdfium converts them back by
# another, so dark areas move by a few levels; a colour lost or an RGB picture read as CMYK
# moves them by tens.
MAX_MEAN_CHANNEL_DIFFERENCE = 10.0

PROBE = """<card>
<front>
<rect x="-3" y="-3" w="69.5" h="95" fill="#1D3557"/>
<image x="5" y="5" w="25" h="25" src="logo.png"/>
<rect x="35" y="5" w="22" h="22" fill="#FFFFFF" opacity="0.5"/>
<image x="5" y="35" w="53" h="35" src="photo.jpg"/>
<line x1="5" y1="80" x2="58" y2="80" stroke="#E63946" stroke-width="4" opacity="0.4"/>
</front>
<back/>
</card>
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfx")
    ws = copy_workspace(folder / "ws")
    brand = ws / "brands/example.yaml"
    built = {}
    for name, deck, profile, standard, _ in BUILDS:
        built[name] = folder / f"{name}.pdf"
        build_deck(ws / f"cards/{deck}.yaml", built[name], brand, profile,
                   options=Options(pdfx=standard))
    built["dtc-rgb"] = folder / "dtc-rgb.pdf"
    build_deck(ws / "cards/networking.yaml", built["dtc-rgb"], brand, "dtc")
    built["workspace"] = ws
    return built


def probe_workspace(folder: Path) -> Path:
    """A one-card deck with an RGBA logo and a large RGB photo over a flat colour, and a
    see-through rectangle and line."""
    prepare(folder, files={"cards/d.yaml": "title: T\nsize: poker\nlayout: probe\ncards:\n"
                                           "  - {id: A, title: a, text: x}\n",
                           "templates/probe.xml": PROBE})
    logo = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((50, 50, 350, 350), fill=(230, 57, 70, 255))
    logo.save(folder / "cards/logo.png")
    ramp = Image.linear_gradient("L").resize((2400, 1600))
    Image.merge("RGB", (ramp, ramp.rotate(90), Image.new("L", ramp.size, 160))).save(
        folder / "cards/photo.jpg", quality=90)
    return folder / "cards/d.yaml"


@pytest.fixture(scope="module")
def probe(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("probe")
    deck = probe_workspace(folder)
    results = {}
    for standard in ("x-1a", "x-4", "none"):
        results[standard] = build_deck(deck, folder / f"{standard}.pdf", None, "dtc",
                                       options=Options(pdfx=standard))
    return {"deck": deck, **results}


# --- what both standards ask for -----------------------------------------------------------


@pytest.mark.parametrize(("name", "standard", "identifier"),
                         [(name, standard, identifier) for name, _, _, standard, identifier
                          in BUILDS], ids=[build[0] for build in BUILDS])
def test_the_file_has_what_the_standard_asks_for(made, name, standard, identifier):
    version, pdfx_version, conformance = VERSION[standard]
    assert made[name].read_bytes().startswith(f"%PDF-{version}".encode())
    with pikepdf.open(made[name]) as pdf:
        assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer
        assert len(pdf.trailer.ID) == 2
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == pdfx_version
        assert (str(info.GTS_PDFXConformance) if "/GTS_PDFXConformance" in info
                else None) == conformance
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.Title)  # the deck's title, said again in the XMP below
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == identifier
        assert str(intent.RegistryName) == "http://www.color.org"
        assert intent.DestOutputProfile.N == 4
        assert intent.DestOutputProfile.read_bytes() == printing_condition(
            identifier).profile.read_bytes()
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert f"<pdfxid:GTS_PDFXVersion>{pdfx_version}</pdfxid:GTS_PDFXVersion>" in xmp
        assert f'<rdf:li xml:lang="x-default">{info.Title}</rdf:li>' in xmp
        assert f"<pdf:Producer>{info.Producer}</pdf:Producer>" in xmp
        assert "<xmp:CreateDate>2000-01-01T00:00:00Z</xmp:CreateDate>" in xmp
        assert "<pdf:Trapped>False</pdf:Trapped>" in xmp
        with pdf.open_metadata() as meta:  # a well-formed packet pikepdf reads
            assert meta.get("pdfxid:GTS_PDFXVersion") == pdfx_version
        for page in pdf.pages:
            media, bleed, trim = ([float(v) for v in page.obj[key]]
                                  for key in ("/MediaBox", "/BleedBox", "/TrimBox"))
            assert media[0] <= bleed[0] <= trim[0] and trim[2] <= bleed[2] <= media[2]
            assert media[1] <= bleed[1] <= trim[1] and trim[3] <= bleed[3] <= media[3]
        assert list(unembedded_fonts(pdf)) == []


def test_a_print_service_page_keeps_its_trim_and_a_sheet_is_trimmed_whole(made):
    with pikepdf.open(made["dtc-x1a"]) as pdf:
        page = pdf.pages[0].obj
        assert [float(v) for v in page.TrimBox] == [9, 9, 189, 261]  # 0.125 in of bleed
        assert [float(v) for v in page.BleedBox] == [0, 0, 198, 270]
    with pikepdf.open(made["a4-x1a"]) as pdf:
        for page in pdf.pages:
            assert list(page.obj.TrimBox) == list(page.obj.MediaBox) == list(page.obj.BleedBox)


def test_pdfx_files_are_byte_identical_when_rebuilt(made, tmp_path):
    ws = made["workspace"]
    again = tmp_path / "again.pdf"
    build_deck(ws / "cards/networking.yaml", again, ws / "brands/example.yaml", "dtc",
               options=Options(pdfx="x-1a", jobs=2))
    assert again.read_bytes() == made["dtc-x1a"].read_bytes()


# --- PDF/X-1a: CMYK and grey only, no transparency -----------------------------------------


@pytest.mark.parametrize("name", ["dtc-x1a", "pod-x1a", "a4-x1a"])
def test_x1a_has_no_rgb_and_no_transparency(made, name):
    with pikepdf.open(made[name]) as pdf:
        assert list(x1a_breaches(pdf)) == []


def test_x1a_pages_look_as_the_rgb_pages_do(made):
    for page in (0, 1):
        difference = ImageChops.difference(render(made["dtc-x1a"], page),
                                           render(made["dtc-rgb"], page))
        assert max(ImageStat.Stat(difference).mean) < MAX_MEAN_CHANNEL_DIFFERENCE


def test_x1a_pictures_are_converted_to_cmyk_at_most_400_dpi_and_reported(probe):
    lines = [conversion.describe() for conversion in probe["x-1a"].converted_images]
    assert lines == [
        "logo.png: RGBA → CMYK (CGATS TR 006), 400×400 px at 406 dpi → 394×394 px at 400 dpi, "
        "transparency composited onto #1D3557",
        "photo.jpg: RGB → CMYK (CGATS TR 006), 2400×1600 px at 1161 dpi → 827×551 px at "
        "400 dpi"]
    assert probe["x-4"].converted_images == () and probe["none"].converted_images == ()
    with pikepdf.open(probe["x-1a"].output) as pdf:
        assert list(x1a_breaches(pdf)) == []
        images = {(int(image.Width), int(image.Height)): image for _, image in images_of(pdf)}
        assert set(images) == {(394, 394), (827, 551)}
        assert all(image.ColorSpace == pikepdf.Name.DeviceCMYK for image in images.values())
        logo = pikepdf.PdfImage(images[(394, 394)]).as_pil_image()
    inks = to_cmyk("#1D3557")  # the see-through corner prints in the card's own inks
    assert logo.getpixel((2, 2)) == tuple(round(ink * 255) for ink in (
        inks.cyan, inks.magenta, inks.yellow, inks.black))
    assert logo.getpixel((197, 197)) != logo.getpixel((2, 2))


def test_x1a_flattens_see_through_shapes_over_a_flat_colour(probe):
    # white at opacity 0.5 over #1D3557 is #8E9AAB: drawn opaque, converted as any colour
    blended = to_cmyk("#8E9AAB")
    with pikepdf.open(probe["x-1a"].output) as pdf:
        operators = [op for label, holder, _ in streams(pdf)
                     for op in operations(holder)]
    assert any(op.endswith(" k") and [round(float(v), 4) for v in op.split()[:4]] == [
        round(v, 4) for v in (blended.cyan, blended.magenta, blended.yellow, blended.black)]
        for op in operators)


def test_x1a_pictures_look_as_the_rgb_ones_do(probe):
    difference = ImageChops.difference(render(probe["x-1a"].output, 0),
                                       render(probe["none"].output, 0))
    # the photo's most saturated colours are outside what the press prints: a little more
    assert max(ImageStat.Stat(difference).mean) < MAX_MEAN_CHANNEL_DIFFERENCE * 1.5


def test_x4_keeps_transparency_in_a_cmyk_page_group_and_tags_rgb_pictures_as_srgb(probe):
    with pikepdf.open(probe["x-4"].output) as pdf:
        page = pdf.pages[0].obj
        assert (str(page.Group.S), str(page.Group.CS)) == ("/Transparency", "/DeviceCMYK")
        spaces = [image.ColorSpace for _, image in images_of(pdf)]
        assert spaces and all(space[0] == pikepdf.Name.ICCBased and space[1].N == 3
                              for space in spaces)
        assert any("/SMask" in image for _, image in images_of(pdf))  # the logo's alpha
        rgb = [problem for problem in x1a_breaches(pdf) if "rg" in problem]
        assert rgb == []  # drawn colours are CMYK in X-4 too


# --- mistakes ------------------------------------------------------------------------------


def test_transparency_that_cannot_be_flattened_is_one_clear_error(tmp_path, runner, monkeypatch):
    deck = probe_workspace(tmp_path)
    markup = tmp_path / "templates/probe.xml"
    markup.write_text(PROBE.replace(
        "<line ", '<image x="10" y="40" w="20" h="20" src="logo.png"/>\n<line '), "utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.pdf"
    out.write_bytes(b"the previous build")
    result = runner.invoke(main, ["build", str(deck), "-p", "dtc", "--pdfx", "x-1a",
                                  "-o", str(out)])
    assert_one_error(result, ["d.yaml:5", "card 'A'", "<image> (markup line 7)",
                              "logo.png, which has transparent pixels, over a picture",
                              "--pdfx x-4"])
    assert out.read_bytes() == b"the previous build"
    result = runner.invoke(main, ["build", str(deck), "-p", "dtc", "--pdfx", "x-4",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("value", "hint"), [("x1a", "did you mean 'x-1a'?"),
                                             ("PDF/X-4", "did you mean 'x-4'?")])
def test_an_unknown_pdfx_option_is_answered_with_the_nearest(workspace, runner, monkeypatch,
                                                             value, hint):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", DECK, "--pdfx", value])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"Invalid value for '--pdfx': '{value}' is not one of x-1a, x-4, none" \
        in result.output
    assert f"hint: {hint}" in result.output


@pytest.mark.parametrize("command", ["build", "check"])
def test_pdfx_on_a_png_profile_is_a_usage_mistake(workspace, runner, monkeypatch, command):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, [command, DECK, "--pdfx", "x-1a", "--profile", "mpc"])
    assert_options_mistake(result, command, ["PDF/X does not apply to profile 'mpc': it "
                                             "writes PNG files"])


@pytest.mark.parametrize(("text", "problem", "line", "hint"), [
    ("output: pages\npdfx: x1a\n", "'pdfx' must be one of 'x-1a', 'x-4' (got 'x1a')", 2,
     "did you mean 'x-1a'?"),
    ("output: png\npdfx: x-1a\npng: {pixels: 822x1122}\n", "PDF/X does not apply to profile "
     "'mine': it writes PNG files", 2, "leave out pdfx:"),
    ("output: pages\ncolour: rgb\npdfx: x-1a\n", "pdfx: x-1a prints in CMYK, but the profile "
     "says colour: rgb", 2, "leave out colour:"),
    ("output: pages\npdfx: x-4\ncondition: FOGRA93\n", "unknown printing condition 'FOGRA93'",
     3, "did you mean 'FOGRA39'?"),
])
def test_a_profile_file_pdfx_mistake_names_its_line(workspace, runner, monkeypatch, text,
                                                    problem, line, hint):
    (workspace / "profiles").mkdir(exist_ok=True)
    (workspace / "profiles/mine.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", DECK, "--profile", "mine"])
    assert_one_error(result, [f"mine.yaml:{line}", problem, hint])


def test_check_looks_at_what_build_would_write(tmp_path, runner, monkeypatch):
    deck = probe_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["check", str(deck), "-p", "dtc"]).exit_code == 0
    (tmp_path / "templates/probe.xml").write_text(PROBE.replace(
        'fill="#1D3557"/>', 'fill="#1D3557"/>\n<image x="0" y="0" w="9" h="9" src="photo.jpg"/>'
        '\n<rect x="1" y="1" w="5" h="5" fill="#FFFFFF" opacity="0.5"/>'), "utf-8")
    result = runner.invoke(main, ["check", str(deck), "-p", "dtc", "--pdfx", "x-1a"])
    assert result.exit_code == 1
    assert "<rect> is drawn at opacity 0.5 over a picture" in result.output


# --- reading the file back -----------------------------------------------------------------


def render(path: Path, page: int) -> Image.Image:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[page].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()


def streams(pdf: pikepdf.Pdf):
    """(label, content holder, resources) of every page and form XObject, nested too."""
    seen = set()

    def forms(resources, label):
        for name, xobject in resources.get("/XObject", {}).items():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                inner = xobject.get("/Resources", pikepdf.Dictionary())
                yield f"{label} {name}", xobject, inner
                yield from forms(inner, f"{label} {name}")

    for number, page in enumerate(pdf.pages):
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        yield f"page {number}", page.obj, resources
        yield from forms(resources, f"page {number}")


def images_of(pdf: pikepdf.Pdf):
    found = {}
    for label, _, resources in streams(pdf):
        for name, xobject in resources.get("/XObject", {}).items():
            if xobject.get("/Subtype") == "/Image":
                found[xobject.objgen] = (f"{label} {name}", xobject)
    return list(found.values())


def operations(holder) -> list[str]:
    return [pikepdf.unparse_content_stream([op]).decode("latin-1")
            for op in pikepdf.parse_content_stream(holder)]


def x1a_breaches(pdf: pikepdf.Pdf):
    """Everything PDF/X-1a forbids that deckpress could write: RGB colour operators and
    colour spaces, RGB pictures, soft masks, transparency groups, opacity below 1."""
    for label, holder, resources in streams(pdf):
        yield from stream_breaches(label, holder, resources)
    for label, image in images_of(pdf):
        if image.get("/ColorSpace") not in (pikepdf.Name.DeviceCMYK, pikepdf.Name.DeviceGray):
            yield f"{image.get('/ColorSpace')} picture {label}"
        if "/SMask" in image:
            yield f"soft-masked picture {label}"


def stream_breaches(label: str, holder, resources):
    for op in operations(holder):
        if re.search(r"\b(rg|RG)$", op) or re.search(r"/(DeviceRGB|CalRGB|RGB)\b", op):
            yield f"{op} in {label}"
    if "/Group" in holder:
        yield f"group on {label}"
    for space in resources.get("/ColorSpace", {}).values():
        if "RGB" in str(space) or (isinstance(space, pikepdf.Array)
                                   and space[0] == "/ICCBased" and space[1].N == 3):
            yield f"RGB colour space in {label}"
    for state in resources.get("/ExtGState", {}).values():
        for key in ("/ca", "/CA"):
            if key in state and float(state[key]) < 1:
                yield f"{key} {state[key]} in {label}"
        if "/SMask" in state and state.SMask != pikepdf.Name("/None"):
            yield f"soft mask in {label}"


def unembedded_fonts(pdf: pikepdf.Pdf):
    for label, _, resources in streams(pdf):
        for name, font in resources.get("/Font", {}).items():
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor", {})
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                yield f"{name} in {label}"


# --- what a reviewer found -----------------------------------------------------------------


def test_a_black_and_white_picture_is_grey_in_x1a(tmp_path):
    deck = probe_workspace(tmp_path)
    (tmp_path / "templates/probe.xml").write_text(  # on white: drawn as it is, not composited
        '<card><front><image x="5" y="5" w="25" h="25" src="bw.png"/></front><back/></card>',
        encoding="utf-8")
    Image.open(tmp_path / "cards/logo.png").convert("1").resize((290, 290)).save(
        tmp_path / "cards/bw.png")
    result = build_deck(deck, tmp_path / "x.pdf", None, "dtc", options=Options(pdfx="x-1a"))
    with pikepdf.open(result.output) as pdf:
        assert list(x1a_breaches(pdf)) == []
        assert any(str(image.ColorSpace) == "/DeviceGray" for _, image in images_of(pdf))


def test_the_srgb_profile_of_x4_pictures_is_the_same_bytes_at_any_time(probe):
    """Little CMS dates the profile it makes: the date is fixed, or every build differs."""
    with pikepdf.open(probe["x-4"].output) as pdf:
        profiles = {bytes(image.ColorSpace[1].read_bytes()) for _, image in images_of(pdf)}
    assert len(profiles) == 1
    assert profiles.pop()[24:36] == pdfx.FIXED_ICC_DATE


def test_a_see_through_band_flush_with_the_bleed_edge_is_flattened(tmp_path):
    """A band over a full-bleed background whose edges match to the last bit of a float's
    rounding (sizes worked out in mm): over one flat colour, so it is flattened."""
    deck = probe_workspace(tmp_path)
    (tmp_path / "templates/probe.xml").write_text(
        '<card><front><rect x="{{ size.bleed_box.x }}" y="{{ size.bleed_box.y }}" '
        'w="{{ size.bleed_box.w }}" h="{{ size.bleed_box.h }}" fill="#2A6F97"/>'
        '<rect x="{{ size.bleed_box.x }}" y="{{ size.height - 10 }}" '
        'w="{{ size.bleed_box.w }}" h="{{ 10 + size.bleed }}" fill="#FFFFFF" opacity="0.2"/>'
        "</front><back/></card>", encoding="utf-8")
    result = build_deck(deck, tmp_path / "x.pdf", None, "dtc", options=Options(pdfx="x-1a"))
    with pikepdf.open(result.output) as pdf:
        assert list(x1a_breaches(pdf)) == []
