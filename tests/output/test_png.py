"""PNG export: exact pixel sizes, sRGB and dpi, orientation, contact sheet, and folder safety;
the PNGs of the print-service profiles; the same bytes with several jobs and repeated faces."""

from __future__ import annotations

import datetime
import errno
import io
import os
import re
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageCms
from reportlab.pdfgen.canvas import Canvas

from deckpress.build import build_pngs
from deckpress.cli import main
from deckpress.errors import DeckError
from deckpress.output import png as export
from deckpress.output.png import MANIFEST, PngSize, contact_sheet_layout, export_pngs
from deckpress.render.fonts import load_fonts
from helpers import DECK, edit

MPC = PngSize((822, 1122))  # poker 2.5 × 3.5 in + 36 px (0.12 in) bleed per side, at 300 dpi
TGC = PngSize((825, 1125))  # poker + 0.125 in bleed per side

RED = (255, 0, 0)
GREEN = (0, 160, 0)
BLUE = (40, 80, 200)
BLACK = (0, 0, 0)
BACK = (230, 200, 40)


def px(pixels: float) -> float:
    """Points for a pixel count at 300 dpi."""
    return pixels * 72 / 300


def fill(canvas: Canvas, colour: tuple[int, int, int], x: float, y: float, w: float,
         h: float) -> None:
    canvas.setFillColorRGB(*(channel / 255 for channel in colour))
    canvas.rect(x, y, w, h, stroke=0, fill=1)


def make_pod_pdf(path: Path, cards: int, pixels: tuple[int, int], bleed: float = 36) -> Path:
    """A POD-like PDF: per card a blue front then a yellow back, page = trim + bleed.

    Fronts have a red square filling the top-left bleed corner, a green one in the bottom-right
    bleed corner and a black square over pixels x 100–200, y 500–600 (from the top-left), so the
    position, orientation and scale of the rendering can be checked pixel by pixel. Backs leave
    their top-left 50 × 50 px unpainted.
    """
    width, height = px(pixels[0]), px(pixels[1])
    canvas = Canvas(str(path), pagesize=(width, height), invariant=1)
    face = load_fonts(None).family("Noto Sans").face()
    for number in range(1, cards + 1):
        canvas.setTrimBox((px(bleed), px(bleed), width - px(bleed), height - px(bleed)))
        fill(canvas, BLUE, 0, 0, width, height)
        fill(canvas, RED, 0, height - px(bleed), px(bleed), px(bleed))
        fill(canvas, GREEN, width - px(bleed), 0, px(bleed), px(bleed))
        fill(canvas, BLACK, px(100), height - px(600), px(100), px(100))
        canvas.setFont(face, 14)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.drawCentredString(width / 2, height / 2, f"Card {number}")
        canvas.showPage()
        canvas.setTrimBox((px(bleed), px(bleed), width - px(bleed), height - px(bleed)))
        fill(canvas, BACK, px(50), 0, width - px(50), height)
        fill(canvas, BACK, 0, 0, px(50), height - px(50))
        canvas.showPage()
    canvas.save()
    return path


def face_names(cards: int) -> list[str]:
    return [f"{n:03d}-WU-{n:02d}-{side}" for n in range(1, cards + 1) for side in ("front", "back")]


def near(colour: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 3) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {entry.name: entry.read_bytes() for entry in sorted(folder.iterdir())}


def leftovers(parent: Path) -> list[str]:
    return [entry.name for entry in parent.iterdir() if entry.name.startswith(".deckpress-")]


@pytest.fixture(scope="module")
def mpc_pdf(tmp_path_factory) -> Path:
    return make_pod_pdf(tmp_path_factory.mktemp("pdf") / "mpc.pdf", 3, MPC.pixels)


@pytest.fixture(scope="module")
def mpc_export(mpc_pdf, tmp_path_factory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("out") / "images"
    labels = ["Warm-up 1", "Warm-up 2 with a label far too long to fit", "Warm-up 3"]
    return folder, export_pngs(mpc_pdf, folder, face_names(3), MPC, labels=labels)


@pytest.mark.parametrize(("size", "bleed"), [(MPC, 36), (TGC, 37.5)])
def test_every_png_is_exact_srgb_rgb_at_300_dpi(tmp_path, size, bleed):
    pixels = size.pixels
    pdf = make_pod_pdf(tmp_path / "deck.pdf", 2, pixels, bleed)
    written = export_pngs(pdf, tmp_path / "out", face_names(2), size)
    assert len(written) == 4
    for path in written:
        with Image.open(path) as image:
            assert image.size == pixels
            assert image.mode == "RGB"
            assert [round(value) for value in image.info["dpi"]] == [300, 300]
            profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
            assert "sRGB" in ImageCms.getProfileDescription(profile)


def test_faces_keep_position_orientation_and_scale(mpc_export):
    _, written = mpc_export
    with Image.open(written[0]) as front:
        assert near(front.getpixel((0, 0)), RED)
        assert near(front.getpixel((35, 35)), RED)
        assert near(front.getpixel((37, 37)), BLUE)
        assert near(front.getpixel((821, 1121)), GREEN)
        assert near(front.getpixel((786, 1086)), GREEN)
        assert near(front.getpixel((784, 1084)), BLUE)
        assert near(front.getpixel((99, 550)), BLUE)
        assert near(front.getpixel((100, 550)), BLACK)
        assert near(front.getpixel((199, 599)), BLACK)
        assert near(front.getpixel((200, 550)), BLUE)
        assert near(front.getpixel((150, 600)), BLUE)
    with Image.open(written[1]) as back:
        assert back.getpixel((10, 10)) == (255, 255, 255)
        assert near(back.getpixel((60, 10)), BACK)
        assert near(back.getpixel((10, 60)), BACK)
        assert near(back.getpixel((411, 561)), BACK)


def test_files_are_named_by_the_caller_and_sort_front_then_back(mpc_export):
    folder, written = mpc_export
    assert [path.name for path in written] == [name + ".png" for name in face_names(3)]
    pngs = sorted(path.name for path in folder.glob("*.png"))
    assert pngs == ["001-WU-01-back.png", "001-WU-01-front.png", "002-WU-02-back.png",
                    "002-WU-02-front.png", "003-WU-03-back.png", "003-WU-03-front.png",
                    "contact-sheet.png"]
    listed = export.previous_export(folder)
    assert listed is not None and sorted(listed) == pngs
    assert sorted(entry.name for entry in folder.iterdir()) == sorted([*pngs, MANIFEST])


def test_contact_sheet_shows_the_fronts_cut_at_trim_with_captions(mpc_export):
    folder, _ = mpc_export
    with Image.open(folder / "contact-sheet.png") as sheet:
        # 3 fronts in one row: 3 × (150 + 16) + 16 wide; thumbnails of the 750 × 1050 px trim are
        # 150 × 210, plus a 22 px caption line and 16 px gaps above and below.
        assert sheet.size == (514, 264)
        assert sheet.mode == "RGB"
        assert [round(value) for value in sheet.info["dpi"]] == [150, 150]
        assert "icc_profile" in sheet.info
        for column in range(3):
            left = 16 + column * 166
            assert near(sheet.getpixel((left + 75, 16 + 40)), BLUE, 8)  # a front, not a back
            assert near(sheet.getpixel((left + 1, 16 + 1)), BLUE, 8)  # trimmed: no red corner
            caption = sheet.crop((left, 16 + 210 + 2, left + 150, 16 + 210 + 22))
            darkest = min(low for low, _ in caption.getextrema())
            assert darkest < 128  # some caption text is drawn
        assert sheet.getpixel((8, 8)) == (255, 255, 255)  # white gaps


def test_contact_sheet_grid_and_maximum_size():
    poker = MPC.pixels
    layout = contact_sheet_layout(20, poker, labelled=False)
    assert (layout.columns, layout.rows) == (8, 3)
    assert layout.thumb[0] == 150
    small = contact_sheet_layout(2, poker, labelled=True)
    assert (small.columns, small.rows) == (2, 1)
    huge = contact_sheet_layout(500, poker, labelled=True)
    assert max(huge.size) <= export.SHEET_MAX_SIDE
    assert huge.thumb[0] < 150


def test_all_pages_on_contact_sheet_when_no_name_says_front(tmp_path, mpc_pdf):
    names = [f"face-{n}" for n in range(1, 7)]
    export_pngs(mpc_pdf, tmp_path / "out", names, MPC)
    with Image.open(tmp_path / "out" / "contact-sheet.png") as sheet:
        assert sheet.size == (6 * 166 + 16, 16 + 210 + 16)
        assert near(sheet.getpixel((16 + 166 + 75, 56)), BACK, 8)  # second page is a back


def test_no_contact_sheet_when_not_wanted(tmp_path, mpc_pdf):
    export_pngs(mpc_pdf, tmp_path / "out", face_names(3), MPC, contact_sheet=None)
    assert not (tmp_path / "out" / "contact-sheet.png").exists()
    assert len(list((tmp_path / "out").glob("*.png"))) == 6


def test_export_is_byte_identical(tmp_path, mpc_pdf):
    export_pngs(mpc_pdf, tmp_path / "a", face_names(3), MPC, labels=["a", "b", "c"])
    export.srgb_profile.cache_clear()
    export_pngs(mpc_pdf, tmp_path / "b", face_names(3), MPC, labels=["a", "b", "c"])
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    with Image.open(tmp_path / "a" / "001-WU-01-front.png") as image:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
        # not the time of the run, which LittleCMS would stamp into the profile
        assert profile.profile.creation_date == datetime.datetime(2024, 1, 1)
        assert set(image.info) == {"icc_profile", "dpi"}  # no text chunks, no time


def test_page_one_pixel_off_is_rendered_at_exactly_the_wanted_size(tmp_path):
    pdf = make_pod_pdf(tmp_path / "off.pdf", 1, (823, 1121))
    written = export_pngs(pdf, tmp_path / "out", face_names(1), MPC)
    with Image.open(written[0]) as front:
        assert front.size == MPC.pixels
        assert near(front.getpixel((0, 0)), RED)
        assert near(front.getpixel((821, 1121)), GREEN)  # bleed still reaches the far edges


def test_wrong_page_size_is_refused_with_the_arithmetic(tmp_path):
    pdf = make_pod_pdf(tmp_path / "tgc.pdf", 1, (831, 1131), bleed=40)
    with pytest.raises(DeckError) as caught:
        export_pngs(pdf, tmp_path / "out", face_names(1), MPC)
    message = caught.value.format()
    assert "page 1 ('001-WU-01-front')" in message
    assert "70.4 × 95.8 mm" in message
    assert "831 × 1131 px at 300 dpi" in message
    assert "expected 822 × 1122 px" in message
    assert "card size or bleed does not match the profile" in message
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path) == []


def test_one_name_per_page_is_required(tmp_path, mpc_pdf):
    with pytest.raises(DeckError, match="6 pages but 5 image names"):
        export_pngs(mpc_pdf, tmp_path / "out", face_names(3)[:5], MPC)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("names, problem", [
    (["a", "a", "b", "c", "d", "e"], "both be called 'a.png'"),
    (["a", "b", "c", "d", "e", "contact-sheet"], "both be called 'contact-sheet.png'"),
    (["a", "b", "c", "d", "e", "sub/f"], "cannot be the name"),
])
def test_bad_names_are_refused(tmp_path, mpc_pdf, names, problem):
    with pytest.raises(DeckError, match=re.escape(problem)):
        export_pngs(mpc_pdf, tmp_path / "out", names, MPC)


def test_contact_sheet_must_be_a_png(tmp_path, mpc_pdf):
    with pytest.raises(DeckError, match=r"must be a \.png file"):
        export_pngs(mpc_pdf, tmp_path / "out", face_names(3), MPC, contact_sheet="sheet.jpg")


def test_labels_must_match_the_fronts(tmp_path, mpc_pdf):
    with pytest.raises(DeckError, match="2 labels were given for 3 card fronts"):
        export_pngs(mpc_pdf, tmp_path / "out", face_names(3), MPC, labels=["a", "b"])


def test_folder_with_other_files_is_refused_and_untouched(tmp_path, mpc_pdf):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes")
    (folder / "001-WU-01-front.png").write_bytes(b"my own picture")
    before = snapshot(folder)
    with pytest.raises(DeckError) as caught:
        export_pngs(mpc_pdf, folder, face_names(3), MPC)
    assert "folder is not empty" in caught.value.problem
    assert "'001-WU-01-front.png' and 1 more" in caught.value.problem
    assert "empty or new folder" in (caught.value.hint or "")
    assert snapshot(folder) == before
    assert leftovers(tmp_path) == []


def test_file_added_to_a_previous_export_blocks_replacing_it(tmp_path, mpc_pdf):
    folder = tmp_path / "out"
    export_pngs(mpc_pdf, folder, face_names(3), MPC, contact_sheet=None)
    (folder / "client-notes.txt").write_text("keep me")
    with pytest.raises(DeckError, match=r"client-notes\.txt"):
        export_pngs(mpc_pdf, folder, face_names(3), MPC, contact_sheet=None)
    assert (folder / "client-notes.txt").read_text() == "keep me"


def test_empty_folder_is_used(tmp_path, mpc_pdf):
    (tmp_path / "out").mkdir()
    export_pngs(mpc_pdf, tmp_path / "out", face_names(3), MPC)
    assert len(list((tmp_path / "out").glob("*.png"))) == 7


def test_previous_export_is_replaced_as_a_whole(tmp_path, mpc_pdf):
    folder = tmp_path / "out"
    export_pngs(mpc_pdf, folder, face_names(3), MPC)
    smaller = make_pod_pdf(tmp_path / "two.pdf", 2, MPC.pixels)
    names = [f"{n:03d}-XY-{n:02d}-{side}" for n in (1, 2) for side in ("front", "back")]
    export_pngs(smaller, folder, names, MPC)
    assert sorted(entry.name for entry in folder.iterdir()) == sorted(
        [MANIFEST, "contact-sheet.png", *(name + ".png" for name in names)])
    assert leftovers(tmp_path) == []


def failing_at(monkeypatch, call: int, stop: BaseException) -> list[object]:
    """Page rendering that raises `stop` at its `call`-th page; the pages asked for."""
    real_render = export.render_page
    calls: list[object] = []

    def failing_render(page, pixels):
        calls.append(page)
        if len(calls) == call:
            raise stop
        return real_render(page, pixels)

    monkeypatch.setattr(export, "render_page", failing_render)
    return calls


def test_failure_midway_leaves_the_previous_export_intact(tmp_path, mpc_pdf, monkeypatch):
    folder = tmp_path / "out"
    export_pngs(mpc_pdf, folder, face_names(3), MPC)
    before = snapshot(folder)
    calls = failing_at(monkeypatch, 3, DeckError("the renderer gave up"))
    other = make_pod_pdf(tmp_path / "other.pdf", 3, MPC.pixels)
    with pytest.raises(DeckError, match="renderer gave up"):
        export_pngs(other, folder, face_names(3), MPC)
    assert len(calls) == 3
    assert snapshot(folder) == before
    assert leftovers(tmp_path) == []


def test_folder_that_is_a_file_is_refused(tmp_path, mpc_pdf):
    target = tmp_path / "out"
    target.write_text("a file")
    with pytest.raises(DeckError, match="not a folder"):
        export_pngs(mpc_pdf, target, face_names(3), MPC)
    assert target.read_text() == "a file"


def test_missing_parent_is_refused_with_a_hint(tmp_path, mpc_pdf):
    with pytest.raises(DeckError) as caught:
        export_pngs(mpc_pdf, tmp_path / "nowhere" / "out", face_names(3), MPC)
    assert "parent does not exist" in caught.value.problem
    assert "mkdir -p" in (caught.value.hint or "")


def test_unreadable_pdf_is_a_deck_error(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    with pytest.raises(DeckError, match="cannot read the PDF"):
        export_pngs(broken, tmp_path / "out", face_names(1), MPC)
    assert not (tmp_path / "out").exists()


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


# --- faster exports: repeated faces rendered once, PNGs encoded by several threads ------------

BACKS_REPEAT = [None, None, None, 1, None, 1]  # make_pod_pdf: every card has the same back


def count_renders(monkeypatch) -> list[int]:
    """Record each page rendered (by its page object's index) while the test runs."""
    rendered: list[int] = []
    real_render = export.render_page

    def counting_render(page, pixels):
        rendered.append(len(rendered))
        return real_render(page, pixels)

    monkeypatch.setattr(export, "render_page", counting_render)
    return rendered


def test_two_jobs_and_repeated_faces_give_the_same_bytes(tmp_path, mpc_pdf):
    labels = ["a", "b", "c"]
    export_pngs(mpc_pdf, tmp_path / "one", face_names(3), MPC, labels=labels)
    export_pngs(mpc_pdf, tmp_path / "two", face_names(3), MPC, labels=labels, jobs=2)
    export_pngs(mpc_pdf, tmp_path / "same", face_names(3), MPC, labels=labels, jobs=2,
                same_as=BACKS_REPEAT)
    one = snapshot(tmp_path / "one")
    assert len(one) == 8  # six faces, the contact sheet, the manifest
    assert snapshot(tmp_path / "two") == one
    assert snapshot(tmp_path / "same") == one
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_repeated_face_is_rendered_once_and_its_file_is_a_copy(tmp_path, mpc_pdf, monkeypatch,
                                                                  jobs):
    rendered = count_renders(monkeypatch)
    written = export_pngs(mpc_pdf, tmp_path / "out", face_names(3), MPC, jobs=jobs,
                          same_as=BACKS_REPEAT)
    assert len(rendered) == 4  # three fronts and one back for six pages
    backs = [written[1], written[3], written[5]]
    assert backs[0].read_bytes() == backs[1].read_bytes() == backs[2].read_bytes()
    assert len({path.stat().st_ino for path in backs}) == 3  # copies, not links
    assert all(path.stat().st_nlink == 1 for path in backs)
    backs[1].write_bytes(b"edited by the user")
    assert backs[0].read_bytes() != b"edited by the user"


def test_the_contact_sheet_shows_every_front_even_a_repeated_one(tmp_path, mpc_pdf, monkeypatch):
    names = [f"face-{n}" for n in range(1, 7)]  # no '-front': every page is on the sheet
    export_pngs(mpc_pdf, tmp_path / "all", names, MPC, labels=list("abcdef"))
    rendered = count_renders(monkeypatch)
    export_pngs(mpc_pdf, tmp_path / "once", names, MPC, labels=list("abcdef"), jobs=2,
                same_as=BACKS_REPEAT)
    assert len(rendered) == 4
    assert snapshot(tmp_path / "once") == snapshot(tmp_path / "all")
    with Image.open(tmp_path / "once" / "contact-sheet.png") as sheet:
        for column in (1, 3, 5):  # the backs, each in its own cell
            assert near(sheet.getpixel((16 + column * 166 + 75, 56)), BACK, 8)


@pytest.mark.parametrize("same_as", [[None] * 5, [None, 0, 2, None, None, None],
                                     [None, None, None, None, None, 7], [0, *[None] * 5]])
def test_same_as_must_name_an_earlier_page_for_every_page(tmp_path, mpc_pdf, same_as):
    with pytest.raises(ValueError, match="same_as"):
        export_pngs(mpc_pdf, tmp_path / "out", face_names(3), MPC, same_as=same_as)
    assert not (tmp_path / "out").exists()


def test_jobs_must_be_at_least_one(tmp_path, mpc_pdf):
    with pytest.raises(ValueError, match="jobs"):
        export_pngs(mpc_pdf, tmp_path / "out", face_names(3), MPC, jobs=0)


def test_a_full_disk_while_encoding_in_parallel_is_a_deck_error(tmp_path, mpc_pdf, monkeypatch):
    folder = tmp_path / "out"
    export_pngs(mpc_pdf, folder, face_names(3), MPC)
    before = snapshot(folder)
    real_save = export.save_png
    saved: list[Path] = []

    def filling_disk(image, path, dpi, compress_level=6):
        saved.append(path)
        if len(saved) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_save(image, path, dpi, compress_level)

    monkeypatch.setattr(export, "save_png", filling_disk)
    with pytest.raises(DeckError) as caught:
        export_pngs(mpc_pdf, folder, face_names(3), MPC, jobs=2)
    assert caught.value.problem == "cannot write the images: No space left on device"
    assert snapshot(folder) == before
    assert leftovers(tmp_path) == []
    assert not any(thread.name.startswith("deckpress-png") for thread in threading.enumerate())


def test_a_full_disk_while_copying_a_repeated_face_is_a_deck_error(tmp_path, mpc_pdf,
                                                                    monkeypatch):
    def full(source, copy):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export, "copy_file", full)
    with pytest.raises(DeckError, match="cannot write the images: No space left on device"):
        export_pngs(mpc_pdf, tmp_path / "out", face_names(3), MPC, jobs=2, same_as=BACKS_REPEAT)
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("stop", [DeckError("the renderer gave up"), KeyboardInterrupt()])
def test_a_failure_or_ctrl_c_in_parallel_leaves_no_temp_folder_and_no_thread(
        tmp_path, mpc_pdf, monkeypatch, stop):
    folder = tmp_path / "out"
    export_pngs(mpc_pdf, folder, face_names(3), MPC)
    before = snapshot(folder)
    failing_at(monkeypatch, 4, stop)
    with pytest.raises(type(stop)):
        export_pngs(mpc_pdf, folder, face_names(3), MPC, jobs=2)
    assert snapshot(folder) == before
    assert leftovers(tmp_path) == []
    assert not any(thread.name.startswith("deckpress-png") for thread in threading.enumerate())


def test_unreadable_pdf_is_the_same_deck_error_with_two_jobs(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    with pytest.raises(DeckError, match="cannot read the PDF"):
        export_pngs(broken, tmp_path / "out", face_names(1), MPC, jobs=2)
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path) == []


def test_a_real_deck_gives_the_same_bytes_with_two_jobs_and_repeated_faces(workspace,
                                                                          monkeypatch):
    """The mpc export of the sample deck, as `build` makes it, then again from the same PDF with
    two jobs and with each face that repeats an earlier one (equal bytes) marked as such."""
    real_export = export.export_pngs
    again: dict[str, dict[str, bytes]] = {}

    def export_three_ways(pdf, folder, names, size, **options):
        written = real_export(pdf, folder, names, size, **options)
        options = {key: value for key, value in options.items() if key not in ("jobs", "same_as")}
        first_with: dict[bytes, int] = {}
        same_as = [first_with.setdefault(path.read_bytes(), index) for index, path in
                   enumerate(written)]
        repeats = [None if earlier == index else earlier for index, earlier in enumerate(same_as)]
        assert sum(earlier is not None for earlier in repeats) >= 40  # the backs repeat
        for jobs, marked in ((2, None), (2, repeats), (1, repeats)):
            copy = folder.parent / f"again-{jobs}-{marked is not None}"
            real_export(pdf, copy, names, size, **options, jobs=jobs, same_as=marked)
            again[copy.name] = snapshot(copy)
        return written

    monkeypatch.setattr(export, "export_pngs", export_three_ways)
    build_pngs(workspace / DECK, workspace / "png", profile="mpc")
    made = snapshot(workspace / "png")
    assert len(made) == 102 and len(again) == 3
    for name, files in again.items():
        assert files == made, name
