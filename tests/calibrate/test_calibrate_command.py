"""`deckpress calibrate`: where it writes, what it says, and what it refuses."""

from __future__ import annotations

import pdfplumber
from pypdf import PdfReader

from deckpress.cli import main
from helpers import assert_options_mistake


def test_calibrate_writes_into_output_when_there_is_one(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["calibrate", "--paper", "a4"])
    assert result.exit_code == 0, result.output
    assert "wrote calibrate-a4.pdf" in result.output
    assert len(PdfReader(tmp_path / "calibrate-a4.pdf").pages) == 2
    (tmp_path / "output").mkdir()
    result = runner.invoke(main, ["calibrate", "--duplex", "short-edge"])
    assert result.exit_code == 0, result.output
    assert "wrote output/calibrate-letter.pdf" in result.output
    assert "flip on short edge" in result.output


def test_calibrate_with_offset_and_output(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["calibrate", "--back-offset", "1.5mm, -0.5mm", "-o", "c.pdf"])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(tmp_path / "c.pdf") as pdf:
        assert "--back-offset 1.5mm,-0.5mm" in pdf.pages[0].extract_text()


def test_unknown_duplex_and_wrong_suffix_are_usage_errors(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["calibrate", "--duplex", "none"]).exit_code == 2
    result = runner.invoke(main, ["calibrate", "-o", "sheet.png"])
    assert result.exit_code == 2
    assert "does not end in .pdf" in result.output
    assert not list(tmp_path.iterdir())


def test_a_missing_output_folder_is_a_usage_mistake(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["calibrate", "-o", "missing/c.pdf"])
    assert_options_mistake(result, "calibrate",
                           ["missing/c.pdf: the output folder does not exist"])
    assert not list(tmp_path.rglob("*.pdf"))


def test_the_smallest_paper_it_takes_is_200_by_275_mm(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["calibrate", "--paper", "200x275mm", "-v"])
    assert result.exit_code == 0, result.output
    assert "paper: 200x275mm, 200.0×275.0 mm" in result.output
    assert "wrote calibrate-200x275mm.pdf" in result.output
