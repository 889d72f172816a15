"""Pictures inside SVG logos and icons (common in logos exported from design tools) are drawn,
and read only from the SVG's own folder."""

from __future__ import annotations

import base64
import io

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from deckpress.cli import main
from helpers import assert_one_error

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'width="40" height="20"><rect width="20" height="20" fill="#0000FF"/>'
       '<image x="20" y="0" width="20" height="20" xlink:href="{href}"/></svg>')
BUILD = ["build", "cards/networking.yaml", "--brand", "example", "-o", "output/n.pdf"]


def red_png(size: tuple[int, int] = (8, 8)) -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", size, "#FF0000").save(stream, "PNG")
    return stream.getvalue()


def red_share(pdf, page_number: int) -> float:
    """How much of the page is pure red, as a viewer shows it."""
    page = pdfium.PdfDocument(pdf)[page_number].render(scale=0.5).to_pil().convert("RGB")
    red, green, blue = page.split()
    strong = red.point(lambda value: 255 if value > 200 else 0)
    no_green = green.point(lambda value: 255 if value < 60 else 0)
    no_blue = blue.point(lambda value: 255 if value < 60 else 0)
    both = ImageChops.multiply(ImageChops.multiply(strong, no_green), no_blue)
    return both.histogram()[255] / (page.width * page.height)


def test_an_embedded_picture_is_drawn(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    href = "data:image/png;base64," + base64.b64encode(red_png()).decode()
    (workspace / "brands/logos/harbor.svg").write_text(SVG.format(href=href), encoding="utf-8")
    result = runner.invoke(main, BUILD)
    assert result.exit_code == 0, result.output
    with pikepdf.open(workspace / "output/n.pdf") as pdf:
        assert pdf.check_pdf_syntax() == []
    assert red_share(workspace / "output/n.pdf", 1) > 0.005  # the backs show the logo


def test_a_picture_beside_the_svg_is_drawn(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "brands/logos/red.png").write_bytes(red_png())
    (workspace / "brands/logos/harbor.svg").write_text(SVG.format(href="red.png"),
                                                       encoding="utf-8")
    result = runner.invoke(main, BUILD)
    assert result.exit_code == 0, result.output
    assert red_share(workspace / "output/n.pdf", 1) > 0.005


def test_a_picture_from_outside_the_svgs_folder_is_refused(workspace, runner, monkeypatch,
                                                          tmp_path):
    monkeypatch.chdir(workspace)
    (tmp_path / "private.png").write_bytes(red_png())
    escape = "../" * len((workspace / "brands/logos").parts) + str(tmp_path / "private.png")[1:]
    (workspace / "brands/logos/harbor.svg").write_text(SVG.format(href=escape),
                                                       encoding="utf-8")
    result = runner.invoke(main, BUILD)
    assert_one_error(result, ["example.yaml:13", "shows a picture deckpress cannot use",
                              "embed the picture in the SVG"])
    assert not (workspace / "output/n.pdf").exists()


def test_a_huge_embedded_picture_is_refused(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    stream = io.BytesIO()
    Image.new("1", (8000, 8000)).save(stream, "PNG")
    href = "data:image/png;base64," + base64.b64encode(stream.getvalue()).decode()
    (workspace / "brands/logos/harbor.svg").write_text(SVG.format(href=href), encoding="utf-8")
    result = runner.invoke(main, BUILD)
    assert_one_error(result, ["example.yaml:13", "8000 × 8000 pixels"])


@pytest.mark.parametrize("href", ["/etc/hostname", "../../../../../../../../etc/hostname",
                                  "missing.png", "harbor.svg",
                                  "data:image/svg+xml;base64,PHN2Zy8+"])
def test_a_picture_svglib_would_leave_out_is_said_not_dropped(workspace, runner, monkeypatch,
                                                              href):
    monkeypatch.chdir(workspace)
    (workspace / "brands/logos/harbor.svg").write_text(SVG.format(href=href), encoding="utf-8")
    result = runner.invoke(main, BUILD)
    assert_one_error(result, ["example.yaml:13", "shows a picture deckpress cannot use"])
    assert "Refusing" not in result.output.splitlines()[0][:10]


def test_a_picture_is_drawn_once_and_its_pixels_let_go(tmp_path):
    """Large pictures are held one at a time: once in its form, a picture's pixels are gone."""
    from reportlab.pdfgen.canvas import Canvas

    from deckpress.render.assets import Assets
    from deckpress.render.fonts import load_fonts

    picture = tmp_path / "red.png"
    picture.write_bytes(red_png((300, 200)))
    assets = Assets("Helvetica", load_fonts(None))
    canvas = Canvas(str(tmp_path / "x.pdf"))
    name = assets.raster_form(canvas, picture)
    assert assets.raster_form(canvas, picture) == name  # one form, however often shown
    raster = assets.raster(picture)
    assert raster.reader is None and (raster.width, raster.height) == (300, 200)


def test_a_gradient_is_refused_rather_than_printed_black(workspace, runner, monkeypatch):
    """A gradient fill becomes a shading that the logo's form would lose: one error, at the
    brand's logo line, rather than a black logo in every file."""
    monkeypatch.chdir(workspace)
    (workspace / "brands/logos/harbor.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs>'
        '<linearGradient id="g"><stop offset="0" stop-color="#ff0000"/>'
        '<stop offset="1" stop-color="#0000ff"/></linearGradient></defs>'
        '<rect width="100" height="100" fill="url(#g)"/></svg>', encoding="utf-8")
    result = runner.invoke(main, BUILD)
    assert_one_error(result, ["example.yaml:13", "harbor.svg", "gradient", "flat colour"])
    assert not (workspace / "output/n.pdf").exists()


def test_a_picture_inside_an_svg_is_refused_in_pdfx_x1a(workspace, runner, monkeypatch):
    """PDF/X-1a takes no RGB picture, and deckpress converts the pictures it draws, not those
    inside an SVG: said as a mistake in the layout, with what to do, not as a fault of its own."""
    monkeypatch.chdir(workspace)
    data = "data:image/png;base64," + base64.b64encode(red_png()).decode()
    (workspace / "brands/logos/harbor.svg").write_text(SVG.format(href=data), encoding="utf-8")
    result = runner.invoke(main, [*BUILD, "--profile", "dtc", "--pdfx", "x-1a"])
    assert result.exit_code == 1, result.output
    assert "an SVG with a picture (a bitmap) inside it" in result.output
    assert "--pdfx x-4" in result.output and "deckpress's fault" not in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(main, [*BUILD, "--profile", "dtc", "--pdfx", "x-4"])
    assert result.exit_code == 0, result.output
