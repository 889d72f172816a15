"""Fillable worksheets work everywhere: the sample client's fillable sheets, written beside the
printed ones, filled in by a script with pypdf and with pikepdf (qpdf's appearances), then
rendered with PDFium and poppler: each value shows once, inside its own box, and nowhere else.

ReportLab shares one appearance drawing between text fields of the same size; a filler that
rewrites it in place showed a value typed into one contact's name in every contact's name."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from pikepdf.form import DefaultAppearanceStreamGenerator, Form
from PIL import Image, ImageChops
from pypdf import PdfReader, PdfWriter

from deckpress.cli import main
from helpers import copy_workspace

MULTILINE = 1 << 12  # the text field flag for an answer over several lines
TOLERANCE = 3  # pixels at 72 dpi: antialiasing at the edge of a box


@pytest.fixture(scope="module")
def fillable(tmp_path_factory) -> dict[str, Path]:
    """The sample client's worksheets, printed and fillable, written by the command."""
    from click.testing import CliRunner

    workspace = copy_workspace(tmp_path_factory.mktemp("fillable") / "ws")
    runner = CliRunner()
    for extra in ([], ["--fillable"]):
        result = runner.invoke(main, ["worksheets", "--client",
                                      str(workspace / "clients" / "jordan-rivera.yaml"), *extra])
        assert result.exit_code == 0, result.output
    folder = workspace / "output" / "jordan-rivera"
    return {"printed": folder / "networking-worksheets-letter.pdf",
            "fillable": folder / "networking-worksheets-fillable-letter.pdf"}


def test_the_fillable_file_is_written_beside_the_printed_one(fillable):
    printed, form = (PdfReader(fillable[name]) for name in ("printed", "fillable"))
    assert not printed.get_fields()
    assert form.get_fields()
    assert len(printed.pages) == len(form.pages)


def test_a_multi_line_answer_is_one_field(fillable):
    fields = PdfReader(fillable["fillable"]).get_fields()
    assert fields
    for name in ("log.WU-04.prediction", "log.WU-04.happened", "log.WU-04.learned",
                 "debrief.surprised", "tracker.notes"):
        assert fields[name]["/FT"] == "/Tx"
        assert fields[name]["/Ff"] & MULTILINE, name
    assert not [name for name in fields if name.endswith((".1", ".2")) and
                not name.startswith(("tracker.day.", "contacts."))]
    assert "log.WU-04.next" in fields and not fields["log.WU-04.next"].get("/Ff", 0) & MULTILINE


def widget(pdf: Path, name: str, state: str | None = None) -> tuple[int, list[float]]:
    """The page index and rectangle of a field's widget (for a radio group, the box whose
    answer is `state`)."""
    for index, page in enumerate(PdfReader(pdf).pages):
        for annotation in page.get("/Annots", []):
            box = annotation.get_object()
            parent = box.get("/Parent")
            title = box.get("/T") or (parent.get_object().get("/T") if parent else None)
            if title != name:
                continue
            if state is None or f"/{state}" in box["/AP"]["/N"]:
                return index, [float(value) for value in box["/Rect"]]
    raise AssertionError(f"no field {name}")


def fill_pypdf(source: Path, target: Path, values: dict[int, dict[str, str]]) -> None:
    writer = PdfWriter(clone_from=PdfReader(source))
    for page, page_values in values.items():
        writer.update_page_form_field_values(writer.pages[page], page_values,
                                             auto_regenerate=False)
    writer.write(target)


def fill_pikepdf(source: Path, target: Path, values: dict[int, dict[str, str]]) -> None:
    with pikepdf.open(source) as pdf:
        form = Form(pdf, DefaultAppearanceStreamGenerator)
        for page_values in values.values():
            for name, value in page_values.items():
                field = form[name]
                if hasattr(field, "states"):  # a radio group: its answer's state
                    field.value = pikepdf.Name(value)
                else:
                    field.value = value
        pdf.save(target)


def render_pdfium(pdf: Path, page: int) -> Image.Image:
    document = pypdfium2.PdfDocument(str(pdf))
    document.init_forms()
    return document[page].render(scale=1, may_draw_forms=True).to_pil().convert("L")


def render_poppler(pdf: Path, page: int) -> Image.Image:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler's pdftoppm is not installed")
    png = subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", "-f", str(page + 1), "-l",
                          str(page + 1), str(pdf)], capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("L")


FILLERS: dict[str, Callable[[Path, Path, dict[int, dict[str, str]]], None]] = {
    "pypdf": fill_pypdf, "pikepdf": fill_pikepdf}
RENDERERS: dict[str, Callable[[Path, int], Image.Image]] = {
    "pdfium": render_pdfium, "poppler": render_poppler}
# text fields with others of exactly their size on their page (contacts' names, the day
# boxes' counts, the log's answers), and one-answer scales
FIELDS = [("contacts.3.name", None, "Ana Souza"), ("contacts.17.outcome", None, "coffee"),
          ("tracker.day.9.asks", None, "3"), ("tracker.day.23.noes", None, "1"),
          ("log.WU-04.prediction", None, "They laugh"), ("log.WU-04.fear_before", "7", "/7"),
          ("log.IC-02.where", None, "Cafe"), ("log.IC-02.belief", "60", "/60"),
          ("ladder.CV-01.actual", None, "4"), ("debrief.questions", None, "How often?")]


@pytest.fixture(scope="module")
def filled(fillable, tmp_path_factory) -> dict[str, tuple[Path, dict[int, list[list[float]]]]]:
    """The fillable sheets filled in by each filler at once, and the boxes filled, by page."""
    source = fillable["fillable"]
    values: dict[int, dict[str, str]] = {}
    boxes: dict[int, list[list[float]]] = {}
    for name, state, value in FIELDS:
        page, rect = widget(source, name, state)
        values.setdefault(page, {})[name] = value
        boxes.setdefault(page, []).append(rect)
    folder = tmp_path_factory.mktemp("filled")
    result = {}
    for filler, fill in FILLERS.items():
        fill(source, folder / f"{filler}.pdf", values)
        result[filler] = (folder / f"{filler}.pdf", boxes)
    return result


def pixels(rect: list[float], height: int) -> tuple[int, int, int, int]:
    """A PDF rectangle as a box of pixels at 72 dpi, from the top left, with the tolerance."""
    left, bottom, right, top = rect
    return (int(left) - TOLERANCE, int(height - top) - TOLERANCE, int(right) + TOLERANCE + 1,
            int(height - bottom) + TOLERANCE + 1)


@pytest.mark.parametrize("filler", sorted(FILLERS))
@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_each_filled_value_shows_once_in_its_own_box(fillable, filled, filler, renderer):
    source = fillable["fillable"]
    path, boxes = filled[filler]
    for page, rects in boxes.items():
        before, after = (RENDERERS[renderer](pdf, page) for pdf in (source, path))
        changed = ImageChops.difference(before, after)
        for rect in rects:
            assert changed.crop(pixels(rect, before.height)).getbbox() is not None, \
                f"page {page + 1}: the box at {rect} shows nothing after {filler} filled it"
        for rect in rects:  # what changed outside every filled box: a value shown twice
            changed.paste(0, pixels(rect, before.height))
        assert changed.getbbox() is None, \
            f"page {page + 1}: {filler}'s values show outside their boxes, at {changed.getbbox()}"


def test_every_text_field_has_an_appearance_of_its_own(fillable):
    """No two text fields share the drawing a filler may rewrite."""
    seen: dict[tuple[int, int], str] = {}
    with pikepdf.open(fillable["fillable"]) as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                if annotation.get("/FT") != "/Tx":
                    continue
                appearance = annotation.AP.N.objgen
                assert appearance not in seen, (annotation.T, seen.get(appearance))
                seen[appearance] = str(annotation.T)
    assert len(seen) > 100
