"""Uploaded logos and fonts: their type read from their bytes, their size bounded, their
names made safe, never stored over another file or outside the workspace."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from deckpress.render.fonts import builtin_font_dir
from deckpress.studio.files import Refused
from deckpress.studio.uploads import MAX_FONT_BYTES, MAX_LOGO_BYTES, safe_name, save_upload

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
       b'<rect width="40" height="20" fill="#1C6E74"/></svg>')


def png(colour: str = "#1C6E74", size: int = 8) -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(stream, "PNG")
    return stream.getvalue()


def jpeg() -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (8, 8), "#A9482E").save(stream, "JPEG")
    return stream.getvalue()


def font() -> bytes:
    return (builtin_font_dir() / "NotoSans-Regular.ttf").read_bytes()


@pytest.mark.parametrize("kind, filename, data, stored", [
    ("logo", "My Logo.PNG", png(), "brands/logos/my-logo.png"),
    ("logo", "photo.jpeg", jpeg(), "brands/logos/photo.jpg"),
    ("logo", "mark.svg", SVG, "brands/logos/mark.svg"),
    ("logo", "mark.png", SVG, "brands/logos/mark.svg"),  # the bytes decide the suffix
    ("logo", "../../../etc/evil.png", png(), "brands/logos/evil.png"),
    ("logo", "C:\\Users\\coach\\Zoë's logo!!.png", png(), "brands/logos/zoe-s-logo.png"),
    ("logo", ".hidden.png", png(), "brands/logos/hidden.png"),
    ("logo", "", png(), "brands/logos/logo.png"),
    ("font", "Brand Sans-Regular.TTF", font(), "fonts/brand-sans-regular.ttf"),
    ("font", "Brand.otf", font(), "fonts/brand.ttf"),  # TrueType outlines: a .ttf
])
def test_an_upload_is_stored_under_a_safe_name(workspace: Path, kind: str, filename: str,
                                               data: bytes, stored: str) -> None:
    assert save_upload(workspace, kind, filename, data) == stored
    assert (workspace / stored).read_bytes() == data
    leftovers = [path.name for path in (workspace / stored).parent.iterdir()
                 if path.name.startswith(".")]
    assert leftovers == []


@pytest.mark.parametrize("filename, stem", [
    ("Logo.png", "logo"),
    ("a/b/c.png", "c"),
    ("..png", "logo"),
    ("---.png", "logo"),
    ("日本.png", "logo"),
    ("Ünïcödé Logo.png", "unicode-logo"),
    ("x" * 200 + ".png", "x" * 100),
    ("report.final.v2.png", "report.final.v2"),
    ("evil-..-x.png", "evil-.-x"),
    ("a...b.png", "a.b"),
    ("con.png", "con-logo"),
    ("COM1.png", "com1-logo"),
    ("lpt9.v2.png", "lpt9-logo.v2"),
    ("nul", "nul-logo"),
    ("console.png", "console"),
])
def test_safe_name(filename: str, stem: str) -> None:
    assert safe_name(filename, "logo") == stem


def test_a_name_taken_is_never_overwritten(workspace: Path) -> None:
    original = (workspace / "brands/logos/harbor.png").read_bytes()
    first = save_upload(workspace, "logo", "harbor.png", png("#000000"))
    second = save_upload(workspace, "logo", "harbor.png", png("#FFFFFF"))
    assert (first, second) == ("brands/logos/harbor-2.png", "brands/logos/harbor-3.png")
    assert (workspace / "brands/logos/harbor.png").read_bytes() == original
    assert save_upload(workspace, "logo", "harbor.png", original) == "brands/logos/harbor.png"
    assert save_upload(workspace, "logo", "HARBOR.png", png("#000000")) == first  # same bytes


@pytest.mark.parametrize("kind, filename, data, message", [
    ("font", "brand.ttf", png(), "'brand.ttf' is a PNG image: a font is a TrueType"),
    ("font", "brand.ttf", b"OTTO" + bytes(100), "CFF outlines"),
    ("font", "brand.ttf", b"wOFF" + bytes(100), "web font"),
    ("font", "brand.ttf", b"ttcf" + bytes(100), "TrueType collection"),
    ("font", "brand.ttf", b"\x00\x01\x00\x00" + bytes(100), "cannot use font file"),
    ("logo", "logo.png", font(), "not an image deckpress reads"),
    ("logo", "logo.png", b"%PDF-1.7\n", "is a PDF document"),
    ("logo", "logo.png", b"\x89PNG\r\n\x1a\n" + bytes(40), "cannot read image"),
    ("logo", "logo.png", b"", "is empty"),
    ("logo", "logo.gif", b"GIF89a" + bytes(20), "is a GIF image"),
    ("picture", "logo.png", png(), "unknown kind of upload"),
])
def test_a_file_of_the_wrong_type_is_refused(workspace: Path, kind: str, filename: str,
                                             data: bytes, message: str) -> None:
    before = sorted(path.name for path in (workspace / "brands/logos").iterdir())
    with pytest.raises(Refused, match=message.replace("(", r"\(").replace(")", r"\)")):
        save_upload(workspace, kind, filename, data)
    assert sorted(path.name for path in (workspace / "brands/logos").iterdir()) == before
    assert not list((workspace / "fonts").glob("*.ttf"))


@pytest.mark.parametrize("kind, limit", [("logo", MAX_LOGO_BYTES), ("font", MAX_FONT_BYTES)])
def test_an_oversized_file_is_refused(workspace: Path, kind: str, limit: int) -> None:
    data = (png() if kind == "logo" else font())
    data += bytes(limit + 1 - len(data))
    with pytest.raises(Refused, match=f"more than the {limit // (1024 * 1024)} MB"):
        save_upload(workspace, kind, "big.png", data)
    assert (limit, MAX_LOGO_BYTES, MAX_FONT_BYTES) == (limit, 5 * 1024 * 1024, 10 * 1024 * 1024)


ENTITY = (b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
          b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
          b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&b;</text></svg>')
EXTERNAL = (b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')


@pytest.mark.parametrize("data, message", [
    (ENTITY, "document type or entities"),
    (EXTERNAL, "document type or entities"),
    (b'<!doctype svg><svg xmlns="http://www.w3.org/2000/svg"/>', "document type"),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', "not an SVG drawing"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "not a well-formed SVG"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\xff</svg>', "not UTF-8"),
])
def test_an_unsafe_or_broken_svg_is_refused(workspace: Path, data: bytes, message: str) -> None:
    with pytest.raises(Refused, match=message):
        save_upload(workspace, "logo", "mark.svg", data)
    assert not (workspace / "brands/logos/mark.svg").exists()


def test_a_logos_folder_linked_outside_is_refused(workspace: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    logos = workspace / "brands" / "logos"
    for path in logos.iterdir():
        path.unlink()
    logos.rmdir()
    logos.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(Refused, match="leads outside"):
        save_upload(workspace, "logo", "logo.png", png())
    assert list(elsewhere.iterdir()) == []


def test_a_missing_fonts_folder_is_made(tmp_path: Path) -> None:
    assert save_upload(tmp_path, "font", "Brand.ttf", font()) == "fonts/brand.ttf"
    assert (tmp_path / "fonts" / "brand.ttf").is_file()


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fonts").write_text("not a folder", encoding="utf-8")
    with pytest.raises(Refused, match="cannot store the file in fonts/"):
        save_upload(tmp_path, "font", "Brand.ttf", font())
