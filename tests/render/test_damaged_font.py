"""A font whose glyph table is damaged reads fine and fails only when the PDF is saved (inside
ReportLab's subsetting): said as the font's problem, with its file, for decks and worksheets."""

from __future__ import annotations

import struct

import pytest

from deckpress.cli import main
from deckpress.render.fonts import builtin_font_dir
from helpers import assert_one_error


def damaged_copy(target) -> None:
    """NotoSans Regular with every byte of its glyph table overwritten."""
    data = bytearray((builtin_font_dir() / "NotoSans-Regular.ttf").read_bytes())
    (tables,) = struct.unpack(">H", data[4:6])
    for index in range(tables):
        entry = 12 + 16 * index
        if data[entry:entry + 4] == b"glyf":
            offset, length = struct.unpack(">II", data[entry + 8:entry + 16])
            data[offset:offset + length] = b"\xff" * length
    target.write_bytes(bytes(data))


@pytest.mark.parametrize("command", [["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"],
                                     ["worksheets", "cards/table-talk.yaml", "-o",
                                      "output/ws.pdf"]])
def test_a_damaged_glyph_table_is_the_fonts_problem(workspace, runner, monkeypatch, command):
    monkeypatch.chdir(workspace)
    damaged_copy(workspace / "fonts/NotoSans-Regular.ttf")  # takes the built-in's place
    result = runner.invoke(main, command)
    assert_one_error(result, ["fonts/NotoSans-Regular.ttf", "damaged and cannot be embedded",
                              "replace the font file"])
    assert not list((workspace / "output").iterdir())


def test_damage_found_only_while_saving_is_still_the_fonts_problem(workspace, runner,
                                                                   monkeypatch):
    """Glyphs beyond the ones checked when the font is read (another script) can be damaged
    too: the failure inside ReportLab's save is said as the font's, with no file written."""
    from reportlab.pdfbase import ttfonts

    monkeypatch.chdir(workspace)
    original = ttfonts.TTFontFile.makeSubset

    def fails_while_saving(self, subset):
        if any(code > 126 for code in subset) or len(subset) != 95:
            raise IndexError("list index out of range")
        return original(self, subset)

    monkeypatch.setattr(ttfonts.TTFontFile, "makeSubset", fails_while_saving)
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    assert_one_error(result, ["damaged and cannot be embedded", "replace the font file"])
    assert not list((workspace / "output").iterdir())
