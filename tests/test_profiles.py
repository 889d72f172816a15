"""Every printer profile's output, measured: page sizes, page boxes, card positions, marks,
mirrored and offset backs, fold sheets, PNG pixel sizes, CMYK, the proof overlay and the
preflight `check`."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image, ImageCms
from pypdf import PdfReader

from deckpress.build import Options, build_deck, build_pngs
from deckpress.cli import main
from deckpress.impose import RULER_LENGTH, Rect, crop_marks, ruler_spot, sheet_layout
from deckpress.profiles import load_profile, profile_files
from helpers import copy_workspace, crop_mark_lines, edit, page_lines, placements

MM = 72 / 25.4
IN = 72.0
LETTER, A4 = (612.0, 792.0), (210 * MM, 297 * MM)
DECK = "cards/networking.yaml"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """One build per profile (and a few option variants), shared by the tests below."""
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


def flat(items) -> list[float]:
    """Lists of points flattened, for pytest.approx."""
    return [value for item in items for value in item]


def box(page, name: str) -> list[float]:
    return [round(float(value), 3) for value in page[name]]


@pytest.mark.parametrize(("name", "width", "height", "pages"),
                         [("dtc", 2.75 * IN, 3.75 * IN, 100),
                          ("pod-pdf", 2.75 * IN, 2.75 * IN, 32)])
def test_print_service_pdf_is_one_face_per_page_with_trim_and_bleed_boxes(outputs, name, width,
                                                                          height, pages):
    reader = PdfReader(outputs[name])
    assert len(reader.pages) == pages
    bleed = 0.125 * IN
    for page in reader.pages:
        assert box(page, "/MediaBox") == pytest.approx([0, 0, width, height], abs=0.001)
        assert box(page, "/BleedBox") == pytest.approx([0, 0, width, height], abs=0.001)
        assert box(page, "/TrimBox") == pytest.approx(
            [bleed, bleed, width - bleed, height - bleed], abs=0.001)
        assert [(x, y) for x, y, _ in placements(page)] == [(round(bleed, 3), round(bleed, 3))]
        assert crop_mark_lines(page) == [] and page_lines(page) == []  # no marks in the file


def test_print_service_pages_alternate_front_and_back(outputs):
    with pdfplumber.open(outputs["dtc"]) as pdf:
        texts = [pdf.pages[i].extract_text() for i in range(4)]
    assert "How to play" in texts[0] and "Brave Asks" in texts[1]
    assert "Jordan Rivera" in texts[2] and "Brave Asks" in texts[3]
    reader = PdfReader(outputs["dtc"])
    backs = {placements(reader.pages[i])[0][2] for i in range(1, 100, 2)}
    assert len(backs) == 1  # the shared back, on every even page


def test_sheets_have_no_trim_box_of_their_own(outputs):
    page = PdfReader(outputs["plain"]).pages[0]
    assert "/TrimBox" not in page and "/BleedBox" not in page


@pytest.mark.parametrize(
    ("name", "page", "xs", "tops", "card"),
    [
        # the manufacturer templates: Avery 5371, 0.75 in sides, 0.5 in top; 3.5 x 2 in cards
        ("avery-5371", LETTER, [0.75 * IN, 4.25 * IN], [11 * IN - 0.5 * IN - r * 2 * IN
                                                         for r in range(5)], (3.5 * IN, 2 * IN)),
        # Avery C32010: 15 mm sides, 10 mm between columns, 13.5 mm top; 85 x 54 mm cards
        ("avery-c32010", A4, [15 * MM, 110 * MM], [(297 - 13.5 - r * 54) * MM for r in range(5)],
         (85 * MM, 54 * MM)),
    ],
)
def test_business_card_stock_matches_the_label_template(outputs, name, page, xs, tops, card):
    reader = PdfReader(outputs[name])
    front = reader.pages[0]
    assert (float(front.mediabox.width), float(front.mediabox.height)) == pytest.approx(page)
    expected = [(round(x, 3), round(top - card[1], 3)) for top in tops for x in xs]
    assert flat((x, y) for x, y, _ in placements(front)) == pytest.approx(flat(expected),
                                                                        abs=0.01)
    assert crop_mark_lines(front) == []  # nothing printed across the stock's cut lines
    backs = [(x, y) for x, y, _ in placements(reader.pages[1])]
    assert flat(backs) == pytest.approx(flat((page[0] - x - card[0], y) for x, y in expected),
                                        abs=0.01)


def test_short_edge_backs_mirror_top_to_bottom(outputs):
    reader = PdfReader(outputs["short"])
    fronts = [(x, y) for x, y, _ in placements(reader.pages[10])]
    backs = [(x, y) for x, y, _ in placements(reader.pages[11])]
    assert flat(backs) == pytest.approx(flat((x, 792 - y - 252) for x, y in fronts), abs=0.01)
    preferences = reader.trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/Duplex"] == "/DuplexFlipShortEdge"


def test_back_offset_moves_every_back_and_its_marks_and_nothing_else(outputs):
    plain, moved = PdfReader(outputs["plain"]), PdfReader(outputs["offset"])
    for number in (0, 1, 10, 11):
        before, after = placements(plain.pages[number]), placements(moved.pages[number])
        dx, dy = (1.5 * MM, -0.5 * MM) if number % 2 else (0, 0)
        assert flat((x + dx, y + dy) for x, y, _ in before) == pytest.approx(
            flat((x, y) for x, y, _ in after), abs=0.01)
        marks_before = crop_mark_lines(plain.pages[number])
        marks_after = crop_mark_lines(moved.pages[number])
        assert flat((a + dx, b + dy, c + dx, d + dy) for a, b, c, d in marks_before) == \
            pytest.approx(flat(marks_after), abs=0.01)


def test_fold_sheet_puts_each_back_beside_its_front_mirrored_about_the_fold(outputs):
    reader = PdfReader(outputs["fold"])
    assert len(reader.pages) == 13  # 50 cards, 4 a page
    width = 11 * IN
    for page in (reader.pages[0], reader.pages[12]):
        placed = placements(page)
        fronts = [(x, y) for x, y, _ in placed[0::2]]
        backs = [(x, y) for x, y, _ in placed[1::2]]
        assert all(x + 180 <= width / 2 for x, _ in fronts)
        assert flat(backs) == pytest.approx(flat((width - x - 180, y) for x, y in fronts),
                                            abs=0.01)
        fold = [line for line in page_lines(page) if line[0] == line[2] == width / 2]
        assert fold, "the fold line is drawn down the middle"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/Simplex"


def test_full_crop_marks_run_across_margins_and_gutters_but_never_over_a_card(outputs):
    page = PdfReader(outputs["full-cmyk"]).pages[0]
    lines = crop_mark_lines(page)
    slots = [(x, y) for x, y, _ in placements(page)]
    side = 63.5 * MM
    longest = max(abs(y2 - y1) + abs(x2 - x1) for x1, y1, x2, y2 in lines)
    assert longest > 20 * MM  # lines across the margins, not short corner marks
    gutter_pieces = [line for line in lines
                     if line[0] == line[2] and slots[0][1] - 6 * MM < line[1] < slots[0][1]]
    assert gutter_pieces, "vertical cut lines continue through the gutter between rows"
    for x1, y1, x2, y2 in lines:
        for sx, sy in slots:
            inside_x = min(x1, x2) < sx + side + MM and max(x1, x2) > sx - MM
            inside_y = min(y1, y2) < sy + side + MM and max(y1, y2) > sy - MM
            assert not (inside_x and inside_y), "a mark crosses a card or its bleed"


def operators(pdf: Path) -> set[bytes]:
    """Every operator in every content stream and form of the file."""
    found: set[bytes] = set()
    with pikepdf.open(pdf) as document:
        for stream in document.objects:
            if isinstance(stream, pikepdf.Stream) and stream.get("/Subtype") != "/Image" and \
                    stream.get("/Type") != "/XRef" and "/Length1" not in stream:
                try:
                    found |= {op for _, op in ((o.operands, bytes(o.operator))
                                               for o in pikepdf.parse_content_stream(stream))}
                except pikepdf.PdfError:
                    continue
    return found


def test_cmyk_profile_writes_no_rgb_colours(outputs):
    cmyk = operators(outputs["full-cmyk"])
    assert {b"k", b"K"} & cmyk
    assert not {b"rg", b"RG"} & cmyk
    assert {b"rg"} & operators(outputs["plain"])  # the same check sees RGB when it is there


def test_proof_overlay_covers_every_card_only_when_asked(outputs):
    proof, plain = PdfReader(outputs["proof"]), PdfReader(outputs["plain"])
    placed = [name for page in proof.pages for *_, name in placements(page)]
    assert sum(name.endswith("proof") for name in placed) == 100  # over every front and every back
    assert not any("proof" in name for page in plain.pages for *_, name in placements(page))


def test_every_home_sheet_carries_a_50_mm_ruler_and_backs_do_not(outputs):
    for name in ("plain", "proof", "fold", "avery-5371", "avery-c32010"):
        reader = PdfReader(outputs[name])
        with pdfplumber.open(outputs[name]) as pdf:
            for number, page in enumerate(pdf.pages):
                text = page.extract_text()
                lengths = [abs(x2 - x1) + abs(y2 - y1) for x1, y1, x2, y2, _ in
                           page_lines(reader.pages[number])]
                has_ruler = "50 mm" in text and any(abs(length - RULER_LENGTH) < 1e-3
                                                    for length in lengths)
                is_front = name == "fold" or number % 2 == 0
                assert has_ruler == is_front, (name, number)


def test_ruler_avoids_cards_and_marks_and_finds_a_side_margin_when_needed():
    sheet = sheet_layout(*LETTER, 180, 252, margin=18, gutter=0, bleed=0)
    marks = crop_marks(sheet, 18, 3, 3 * MM)
    obstacles = [*sheet.slots, *(line.box() for line in marks)]
    spot = ruler_spot(*LETTER, obstacles, 3 * MM)
    assert spot is not None and not spot.vertical
    ruler = Rect(spot.x, spot.y, 59 * MM, 2.6 * MM)
    assert not any(ruler.overlaps(ob) for ob in obstacles)
    assert spot.x > 36 and spot.x + 59 * MM < 216  # centred between two marks
    tight = sheet_layout(*LETTER, 44.45 * MM, 63.5 * MM, margin=1 * MM, gutter=0, bleed=0)
    tight_marks = crop_marks(tight, 18, 3, 3 * MM)
    side = ruler_spot(*LETTER, [*tight.slots, *(m.box() for m in tight_marks)], 3 * MM)
    assert side is None or side.vertical


def test_every_output_passes_the_pdf_structure_check(outputs):
    for name, path in outputs.items():
        if path.suffix == ".pdf":
            with pikepdf.open(path) as document:
                assert document.check_pdf_syntax() == [], name


def test_png_faces_have_the_exact_pixel_sizes_and_sort_front_with_back(outputs):
    for service, size in (("mpc", (822, 1122)), ("tgc", (825, 1125))):
        files = sorted(p.name for p in outputs[service].glob("*.png"))
        assert len(files) == 101 and "contact-sheet.png" in files
        faces = [f for f in files if f != "contact-sheet.png"]
        assert faces[:4] == ["001-HOW-back.png", "001-HOW-front.png", "002-HELLO-back.png",
                             "002-HELLO-front.png"]
        for name in (faces[0], faces[-1]):
            with Image.open(outputs[service] / name) as image:
                assert image.size == size and image.mode == "RGB"
                assert round(image.info["dpi"][0]) == 300
                profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
                assert "sRGB" in ImageCms.getProfileDescription(profile)


def test_png_faces_bleed_to_the_edge(outputs):
    """The category band and the back colour run into the bleed: no white at the file edge."""
    with Image.open(outputs["tgc"] / "003-WU-01-front.png") as image:
        front = image.convert("RGB")
    with Image.open(outputs["tgc"] / "003-WU-01-back.png") as image:
        back = image.convert("RGB")
    assert front.getpixel((0, 0)) == front.getpixel((60, 60)) != (255, 255, 255)
    assert back.getpixel((0, 0)) == back.getpixel((824, 1124)) != (255, 255, 255)


def test_profiles_are_listed_with_their_numbers(runner):
    result = runner.invoke(main, ["profiles"])
    assert result.exit_code == 0
    for name in ("home-letter", "home-a4", "home-letter-fold", "avery-5371", "avery-c32010",
                 "dtc", "mpc", "tgc", "pod-pdf"):
        assert re.search(rf"^{name}$", result.output, re.MULTILINE), name
    text = " ".join(result.output.split())
    assert "PNG 822×1122 px at 300 dpi" in text
    assert "grid 2x5" in text and "crop marks none" in text


def test_every_builtin_profile_loads():
    for name in profile_files(None):
        assert load_profile(name, None).name == name


def test_a_workspace_profile_stores_a_back_offset(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/my-printer.yaml").write_text(
        "page: letter\nmargin: 0.25in\nback_offset: 1mm,-2mm\n", encoding="utf-8")
    result = runner.invoke(main, ["build", DECK, "-p", "my-printer", "-o", "o.pdf", "-q"])
    assert result.exit_code == 0, result.output
    cli = runner.invoke(main, ["build", DECK, "-p", "my-printer", "-o", "p.pdf", "-q",
                               "--back-offset", "0,0"])
    assert cli.exit_code == 0
    stored, overridden = PdfReader("o.pdf").pages[1], PdfReader("p.pdf").pages[1]
    assert flat((x - MM, y + 2 * MM) for x, y, _ in placements(stored)) == pytest.approx(
        flat((x, y) for x, y, _ in placements(overridden)), abs=0.01)


def test_check_passes_the_samples(runner, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    for deck, profile in (("cards/networking.yaml", "home-letter"),
                          ("cards/networking.yaml", "dtc"),
                          ("cards/table-talk.yaml", "home-a4"),
                          ("cards/pocket-scripts.yaml", "avery-5371")):
        result = runner.invoke(main, ["check", deck, "--brand", "example", "-p", profile])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("0 errors, 0 warnings")


def test_check_lists_every_problem_one_per_line(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    long = "Ask a stranger for directions to somewhere nearby " * 8
    edit(workspace / DECK, "Ask a stranger for directions to somewhere nearby", long)
    edit(workspace / DECK, "Ask a barista, bookseller", "Ask a barista 漢, bookseller")
    (workspace / "templates/prompt.xml").write_text(
        '{% extends "builtin/challenge.xml" %}{% block front %}{{ super() }}'
        '<text x="0.5" y="40" w="20" h="8" colour="#DDDDDD">faint</text>'
        '<image x="30" y="40" w="20" h="20" src="{{ logo_png }}"/>{% endblock %}',
        encoding="utf-8")
    Image.new("RGB", (60, 60), "#336699").save(workspace / "cards/small.png")
    edit(workspace / DECK, "layout: challenge", "layout: prompt")
    edit(workspace / "templates/prompt.xml", "{{ logo_png }}", "small.png")
    result = runner.invoke(main, ["check", DECK, "--brand", "example"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    warnings = [line for line in lines if line.startswith("warning:")]
    assert any("card 'WU-01'" in line and "does not fit: it needs" in line for line in errors)
    assert any("card 'WU-02'" in line and "no glyph for '漢'" in line for line in errors)
    assert any("low contrast" in line and "#DDDDDD on #FFFFFF" in line for line in warnings)
    assert any("outside the safe zone" in line for line in warnings)
    assert any("small.png prints at 76 dpi" in line for line in warnings)

    def count(found: list[str]) -> int:  # a repeated finding says on how many more cards
        return sum(1 + int(re.search(r"\(and on (\d+) more cards?\)$", line).group(1))
                   if "(and on" in line else 1 for line in found)

    assert lines[-1].startswith(f"{count(errors)} errors, {count(warnings)} warnings")
    assert len(warnings) == 3 and count(warnings) > 3 * 40  # each said once, not per card
    assert "Traceback" not in result.output


def test_build_prints_warnings_but_still_writes(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "templates/prompt.xml").write_text(
        '{% extends "builtin/challenge.xml" %}{% block front %}{{ super() }}'
        '<text x="10" y="40" w="20" h="8" colour="#EEEEEE">faint</text>{% endblock %}',
        encoding="utf-8")
    edit(workspace / DECK, "layout: challenge", "layout: prompt")
    result = runner.invoke(main, ["build", DECK, "-o", "out.pdf"])
    assert result.exit_code == 0
    assert "warning:" in result.output and "low contrast" in result.output
    assert (workspace / "out.pdf").exists()


def test_check_reports_a_profile_mismatch_without_drawing(runner, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    result = runner.invoke(main, ["check", DECK, "-p", "avery-c32010"])
    assert result.exit_code == 1
    assert "is made for 85x54mm cards" in result.output
    assert result.output.splitlines()[-1] == "1 error, 0 warnings"


def test_unembedded_fonts_are_found(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    from deckpress.preflight import unembedded_fonts

    path = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 72, "not embedded")
    canvas.save()
    assert unembedded_fonts(path) == ["Helvetica"]


def test_check_warns_about_rgb_pictures_in_a_cmyk_profile(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/press.yaml").write_text(
        "page: a4\nmargin: 5mm\ngutter: 2mm\nbleed: 1mm\ncolour: cmyk\n", encoding="utf-8")
    Image.new("RGB", (900, 900), "#336699").save(workspace / "cards/photo.png")
    Image.new("CMYK", (900, 900), (10, 60, 0, 5)).save(workspace / "cards/photo.jpg")
    (workspace / "templates/prompt.xml").write_text(
        '{% extends "builtin/challenge.xml" %}{% block front %}{{ super() }}'
        '<image x="10" y="40" w="20" h="20" src="photo.png"/>'
        '<image x="35" y="40" w="20" h="20" src="photo.jpg"/>{% endblock %}', encoding="utf-8")
    edit(workspace / DECK, "layout: challenge", "layout: prompt")
    result = runner.invoke(main, ["check", DECK, "-p", "press"])
    assert result.exit_code == 0, result.output
    assert "photo.png is an RGB image in a CMYK profile" in result.output
    assert "photo.jpg is" not in result.output


def test_print_service_files_are_byte_identical_when_rebuilt(outputs, tmp_path):
    ws = outputs["workspace"]
    brand = ws / "brands/example.yaml"
    again = tmp_path / "dtc.pdf"
    build_deck(ws / "cards/networking.yaml", again, brand, "dtc")
    assert again.read_bytes() == outputs["dtc"].read_bytes()
    folder = tmp_path / "mpc"
    build_pngs(ws / "cards/networking.yaml", folder, brand, "mpc")
    for name in ("001-HOW-front.png", "050-TA-08-back.png", "contact-sheet.png"):
        assert (folder / name).read_bytes() == (outputs["mpc"] / name).read_bytes(), name


def test_png_build_replaces_its_previous_export_and_keeps_it_when_a_build_fails(
        workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    first = runner.invoke(main, ["build", "cards/table-talk.yaml", "-p", "tgc", "-o", "png"])
    assert first.exit_code == 1 and "made for poker cards" in first.output
    result = runner.invoke(main, ["build", DECK, "-p", "tgc", "-o", "png"])
    assert result.exit_code == 0, result.output
    assert "wrote png (50 cards, 100 PNG files" in result.output
    before = {p.name: p.read_bytes() for p in (workspace / "png").iterdir()}
    edit(workspace / DECK, "Ask a stranger for directions", "Ask a stranger 漢 for directions")
    failed = runner.invoke(main, ["build", DECK, "-p", "tgc", "-o", "png"])
    assert failed.exit_code == 1 and "no glyph" in failed.output
    assert {p.name: p.read_bytes() for p in (workspace / "png").iterdir()} == before
    assert [p.name for p in workspace.iterdir() if p.name.startswith(".deckpress")] == []


@pytest.mark.parametrize(("rgb", "cmyk"), [
    ((1, 0, 0), (0, 1, 1, 0)),
    ((0, 0, 0), (0, 0, 0, 1)),
    ((1, 1, 1), (0, 0, 0, 0)),
    ((0.5, 0.5, 0.5), (0, 0, 0, 0.5)),  # greys use black ink only
    ((0.2, 0.4, 0.8), (0.75, 0.5, 0, 0.2)),
])
def test_rgb_to_cmyk(rgb, cmyk):
    from reportlab.lib.colors import Color

    from deckpress.colours import to_cmyk

    result = to_cmyk(Color(*rgb))
    assert (result.cyan, result.magenta, result.yellow, result.black) == pytest.approx(cmyk)


@pytest.mark.parametrize("name", ["Maximiliana Alexandra Smith-Jones",
                                  "Anna Featherstonehaugh-Cholmondeley"])
def test_a_long_client_name_fits_the_cards(workspace, runner, monkeypatch, name):
    monkeypatch.chdir(workspace)
    edit(workspace / "brands/example.yaml", "name: Jordan Rivera", f"name: {name}")
    result = runner.invoke(main, ["check", DECK, "--brand", "example"])
    assert result.exit_code == 0, result.output


def test_check_lists_every_validation_problem_of_the_deck(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    edit(workspace / DECK, "    title: Ask for directions\n", "")
    edit(workspace / DECK, "    title: Ask for their pick\n", "")
    edit(workspace / DECK, "    title: Compliment and ask\n",
         "    title: Compliment and ask\n    copies: three\n")
    built = runner.invoke(main, ["build", DECK])
    assert built.exit_code == 1 and "(and 2 more problems)" in built.output
    result = runner.invoke(main, ["check", DECK])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any("card 'WU-01'" in line and "missing required field 'title'" in line
               for line in lines)
    assert any("card 'WU-02'" in line and "missing required field 'title'" in line
               for line in lines)
    assert any("card 'WU-03'" in line and "'copies' must be a whole number" in line
               for line in lines)
    assert "more problem" not in result.output
    assert lines[-1] == "3 errors, 0 warnings"


def test_landscape_long_edge_backs_mirror_top_to_bottom(workspace, runner, monkeypatch):
    """A landscape page turned over its long edge (top and bottom) flips top to bottom."""
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/wide.yaml").write_text(
        "page: 11x8.5in\nmargin: 0.25in\nduplex: long-edge\n", encoding="utf-8")
    result = runner.invoke(main, ["build", DECK, "-p", "wide", "-o", "wide.pdf"])
    assert result.exit_code == 0, result.output
    reader = PdfReader(workspace / "wide.pdf")
    fronts = [(x, y) for x, y, _ in placements(reader.pages[0])]
    backs = [(x, y) for x, y, _ in placements(reader.pages[1])]
    assert len(set(y for _, y in fronts)) == 2  # two rows, so a wrong flip would show
    assert flat(backs) == pytest.approx(flat((x, 612 - y - 252) for x, y in fronts), abs=0.01)


@pytest.mark.parametrize("deck", ["cards/networking.yaml", "cards/pocket-scripts.yaml"])
def test_the_longest_allowed_card_id_prints_in_the_built_in_layouts(workspace, runner,
                                                                    monkeypatch, deck):
    monkeypatch.chdir(workspace)
    old = "id: WU-01" if "networking" in deck else "id: PS-01"
    edit(workspace / deck, old, "id: WWWWWWWWWWWWWWWW")  # 16 characters, the widest letters
    if "networking" in deck:  # the rules card's layout too
        edit(workspace / deck, "id: HOW", "id: MMMMMMMMMMMMMMMM")
    result = runner.invoke(main, ["check", deck, "--brand", "example", "-p",
                                  "home-letter" if "networking" in deck else "avery-5371"])
    assert result.exit_code == 0, result.output


def test_a_brand_font_without_bold_or_italic_files_is_a_warning():
    from deckpress.build import missing_styles, prepare_job
    from deckpress.preflight import Findings

    root = Path(__file__).resolve().parent.parent
    job = prepare_job(root / DECK, root / "brands/example.yaml", "home-letter")
    complete = Findings()
    missing_styles(job, complete)
    assert complete.items == []  # the bundled families have every style
    family = job.fonts.family("Noto Sans")
    family.files = {slot: path for slot, path in family.files.items() if slot == (False, False)}
    found = Findings()
    missing_styles(job, found)
    [warning] = found.warnings
    assert warning.where.field == "fonts.body"
    assert "Noto Sans has no bold or italic file" in warning.problem
