"""`deckpress report`: fillable worksheets made by the CLI, filled in by pypdf as a client's app
would, read back into a report PDF and a CSV; partly filled sheets; every kind of bad input is
one message, exit code 1, and nothing written."""

from __future__ import annotations

import csv
import datetime
import filecmp
import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from deckpress.cli import main
from helpers import ROOT, copy_workspace

spec = importlib.util.spec_from_file_location("filled_sample", ROOT / "docs" /
                                              "make_filled_sample.py")
assert spec is not None and spec.loader is not None
filled_sample = importlib.util.module_from_spec(spec)
spec.loader.exec_module(filled_sample)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """A workspace, Jordan's fillable worksheets, and Sam's and Li's (other clients)."""
    ws = copy_workspace(tmp_path_factory.mktemp("report") / "ws")
    runner = CliRunner()
    sheets = {}
    for client, name in (("jordan-rivera", "jordan"), ("sam-reyes", "sam")):
        out = ws / f"{name}-blank.pdf"
        result = runner.invoke(main, ["worksheets", "--client", str(ws / "clients" /
                                      f"{client}.yaml"), "--fillable", "-o", str(out)])
        assert result.exit_code == 0, result.output
        sheets[name] = out
    out = ws / "jordan-log.pdf"  # the log alone, blank blocks, for a second sheet
    result = runner.invoke(main, ["worksheets", "--client", str(ws / "clients" /
                                  "jordan-rivera.yaml"), "--fillable", "--kind", "log",
                                  "--blank", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheets["jordan-log"] = out
    sheets["ws"] = ws
    return sheets


def fill(blank: Path, values: dict[str, str], out: Path) -> Path:
    filled_sample.fill(blank, values, out)
    return out


def sample_values(blank: Path) -> dict[str, str]:
    return filled_sample.sample_values(dict(PdfReader(blank).get_fields() or {}))


def run(ws: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args, "--client",
                                       str(ws / "clients" / "jordan-rivera.yaml")])
    return result.exit_code, result.output


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_a_filled_worksheet_becomes_a_report_and_a_csv(made, tmp_path):
    ws = made["ws"]
    filled = fill(made["jordan"], sample_values(made["jordan"]), tmp_path / "filled.pdf")
    code, output = run(ws, str(filled), "-o", str(tmp_path / "report.pdf"))
    assert code == 0, output
    assert "7 asks logged" in output
    text = pdf_text(tmp_path / "report.pdf")
    assert "Progress report" in text and "Jordan Rivera" in text
    # asks and no's from the tracker's 12 days, the streak days 8 to 12, the rung RE-02
    assert "\n11 4 5 7 of 9\nasks made no's collected longest streak hardest rung reached" \
        in text
    assert "RE-02 · Ask the host a question" in text
    assert "Fear before, at its peak and after" in text
    assert "Strangers mostly like being asked for help" in text
    said = " ".join(text.split("\n"))  # RE-02, left half done
    assert "RE-02, Jan 22: nothing under what I fear will happen, belief not rated, fear " \
        "after not rated, nothing under what actually happened, belief not re-rated, " \
        "nothing under what I learned, no next step." in said
    assert len(PdfReader(tmp_path / "report.pdf").pages) <= 2
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report.csv").read_text("utf-8"))))
    asks = [row for row in rows if row["record"] == "ask"]
    assert [row["card"] for row in asks][:3] == ["WU-01", "WU-04", "IC-02"]
    assert asks[0]["fear_before"] == "4" and asks[0]["answer"] == "yes"
    assert asks[1]["learned"] == "A no can come with something better"
    assert len([row for row in rows if row["record"] == "day"]) == 12
    assert len([row for row in rows if row["record"] == "rung"]) == 9


def test_the_report_is_the_same_bytes_each_time_with_every_font_embedded(made, tmp_path):
    ws = made["ws"]
    filled = fill(made["jordan"], sample_values(made["jordan"]), tmp_path / "filled.pdf")
    for name in ("a.pdf", "b.pdf"):
        assert run(ws, str(filled), "-o", str(tmp_path / name))[0] == 0
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    for page in PdfReader(tmp_path / "a.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_a_partly_filled_sheet_says_what_is_missing(made, tmp_path):
    ws = made["ws"]
    values = {"log.WU-01.date": "Jan 11", "log.WU-01.fear_before": "/6",
              "log.WU-04.date": "2027-01-12", "log.WU-04.outcome": "/2"}
    filled = fill(made["jordan"], values, tmp_path / "partly.pdf")
    code, output = run(ws, str(filled), "-o", str(tmp_path / "partly-report.pdf"))
    assert code == 0, output
    text = pdf_text(tmp_path / "partly-report.pdf")
    assert "The tracker is empty" in text
    assert "\n2 1 2 2 of 9\n" in text  # all from the log: two days in a row, WU-04 rung 2
    assert "WU-01, Jan 11: nothing under who / where" in " ".join(text.split("\n"))


def test_two_sheets_of_one_programme_are_read_together(made, tmp_path):
    ws = made["ws"]
    first = fill(made["jordan"], sample_values(made["jordan"]), tmp_path / "week2.pdf")
    extra = {"log.1.date": "2027-01-25", "log.1.card": "ic-05", "log.1.fear_before": "/5",
             "log.1.outcome": "/1"}
    second = fill(made["jordan-log"], extra, tmp_path / "week3.pdf")
    code, output = run(ws, str(first), str(second), "-o", str(tmp_path / "both.pdf"))
    assert code == 0, output
    assert "8 asks logged" in output
    text = pdf_text(tmp_path / "both.pdf")
    # the tracker counts the asks; the ask on the second sheet reaches rung 8
    assert "\n11 4 5 8 of 9\n" in text and "IC-05 · Ask for honest feedback" in text


def bad(ws: Path, tmp_path: Path, *files: Path) -> str:
    out = tmp_path / "bad-report.pdf"
    code, output = run(ws, *(str(file) for file in files), "-o", str(out))
    assert code == 1, output
    assert "Traceback" not in output and output.count("error:") == 1
    assert not out.exists() and not out.with_suffix(".csv").exists()
    return output


def test_a_file_that_is_not_a_pdf(made, tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("just words")
    assert "this file is not a PDF" in bad(made["ws"], tmp_path, path)


def test_a_pdf_that_is_not_a_deckpress_worksheet(made, tmp_path):
    plain = tmp_path / "plain.pdf"
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(plain)
    assert "is not a fillable deckpress worksheet (it has no form fields)" in \
        bad(made["ws"], tmp_path, plain)


def test_a_worksheet_of_another_client(made, tmp_path):
    output = bad(made["ws"], tmp_path, made["sam"])
    assert "this worksheet is for client Sam Reyes, not for Jordan Rivera" in output


def test_sheets_of_two_clients_together(made, tmp_path):
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["report", str(made["jordan"]), str(made["sam"]),
                                       "-o", str(out)])
    assert result.exit_code == 1
    assert "is client Sam Reyes's, but jordan-blank.pdf is client Jordan Rivera's" in \
        result.output
    assert not out.exists()


def test_an_encrypted_pdf(made, tmp_path):
    writer = PdfWriter(clone_from=made["jordan"])
    writer.encrypt("secret", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    assert "the PDF is encrypted" in bad(made["ws"], tmp_path, locked)


def test_a_damaged_pdf(made, tmp_path):
    damaged = tmp_path / "damaged.pdf"
    data = made["jordan"].read_bytes()
    damaged.write_bytes(data[:200] + b"\x00" * 500)
    assert "the PDF is damaged" in bad(made["ws"], tmp_path, damaged)


@pytest.mark.parametrize("field, value, said", [
    ("ladder.WU-01.expected", "14", "14 is out of range: this takes 0 to 10"),
    ("tracker.day.3.asks", "lots", "'lots' is not a whole number"),
    ("log.WU-01.fear_before", "/14", "14 is out of range: this takes 0 to 10"),
])
def test_a_value_out_of_range(made, tmp_path, field, value, said):
    filled = fill(made["jordan"], {field: value}, tmp_path / "odd.pdf")
    output = bad(made["ws"], tmp_path, filled)
    assert said in output and f"field '{field}'" in output and "odd.pdf" in output


def test_the_same_sheet_given_twice(made, tmp_path):
    filled = fill(made["jordan"], sample_values(made["jordan"]), tmp_path / "once.pdf")
    assert "this worksheet was given twice" in bad(made["ws"], tmp_path, filled, filled)


def test_a_day_filled_on_two_copies(made, tmp_path):
    first = fill(made["jordan"], {"tracker.day.2.asks": "1"}, tmp_path / "one.pdf")
    second = fill(made["jordan"], {"tracker.day.2.asks": "2"}, tmp_path / "two.pdf")
    output = bad(made["ws"], tmp_path, first, second)
    assert "field 'tracker.day.2.asks': this field is filled in on one.pdf too" in output


def test_one_card_logged_twice_on_one_date(made, tmp_path):
    values = {"log.1.date": "2027-01-25", "log.1.card": "IC-05", "log.2.date": "Jan 25",
              "log.2.card": "IC-05"}
    filled = fill(made["jordan-log"], values, tmp_path / "twice.pdf")
    assert "card IC-05 is logged twice for 2027-01-25" in bad(made["ws"], tmp_path, filled)


def test_the_sample_filled_worksheet_ships_and_reads_back(made, tmp_path):
    sample = ROOT / "filled" / "jordan-rivera-week2.pdf"
    assert filecmp.cmp(sample, ROOT / "src/deckpress/samples/filled" / sample.name,
                       shallow=False)
    code, output = run(made["ws"], str(sample), "-o", str(tmp_path / "sample.pdf"))
    assert code == 0, output
    assert "Strangers mostly like being asked for help" in pdf_text(tmp_path / "sample.pdf")


def test_a_pdf_with_too_many_form_fields(made, tmp_path):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    field = writer._add_object(DictionaryObject({NameObject("/T"): TextStringObject("x"),
                                                 NameObject("/FT"): NameObject("/Tx")}))
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([field] * 20_001)})
    crowded = tmp_path / "crowded.pdf"
    writer.write(crowded)
    assert "more than 20,000 form fields" in bad(made["ws"], tmp_path, crowded)


def test_the_csv_must_be_named_csv(made, tmp_path):
    result = CliRunner().invoke(main, ["report", str(made["jordan"]), "--csv",
                                       str(tmp_path / "data.txt")])
    assert result.exit_code == 2 and "does not end in .csv" in result.output


def test_without_client_the_report_goes_to_the_workspace_output_folder(made, tmp_path,
                                                                         monkeypatch):
    ws = made["ws"]
    filled = fill(made["jordan"], sample_values(made["jordan"]), tmp_path / "filled.pdf")
    monkeypatch.chdir(ws)
    result = CliRunner().invoke(main, ["report", str(filled)])
    assert result.exit_code == 0, result.output
    assert "wrote output/jordan-rivera-report.pdf and output/jordan-rivera-report.csv" in \
        result.output
    assert "Harbor Career Coaching" in pdf_text(ws / "output" / "jordan-rivera-report.pdf")


def words(path: Path) -> str:
    """The PDF's text with its lines joined, as a sentence reads across a wrap."""
    return " ".join(pdf_text(path).split())


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_an_impossible_date_is_said_and_kept_out_of_the_date_column(made, tmp_path):
    values = {**sample_values(made["jordan"]), "ladder.WU-01.date": "2027-02-30",
              "log.WU-04.date": "2027-13-01"}
    filled = fill(made["jordan"], values, tmp_path / "odd-dates.pdf")
    code, output = run(made["ws"], str(filled), "-o", str(tmp_path / "r.pdf"))
    assert code == 0, output
    text = words(tmp_path / "r.pdf")
    assert "Not filled in, or not read" in text
    assert "The date '2027-02-30' of rung 1, WU-01 (odd-dates.pdf) could not be read as a " \
        "date." in text
    assert "The date '2027-13-01' of WU-04 (odd-dates.pdf) could not be read as a date." in text
    rows = csv_rows(tmp_path / "r.csv")
    rung = next(row for row in rows if row["record"] == "rung" and row["card"] == "WU-01")
    ask = next(row for row in rows if row["record"] == "ask" and row["card"] == "WU-04")
    assert (rung["date"], rung["date_as_typed"]) == ("", "2027-02-30")
    assert (ask["date"], ask["date_as_typed"]) == ("", "2027-13-01")
    # every other date is a real one, written YYYY-MM-DD (the ladder's "Jan 12" too)
    dates = [row["date"] for row in rows if row["date"]]
    assert "2027-01-12" in [row["date"] for row in rows if row["record"] == "rung"]
    assert all(datetime.date.fromisoformat(date) for date in dates)


def test_every_empty_part_of_a_log_block_is_said_in_the_order_the_sheet_asks(made, tmp_path):
    values = {"log.WU-01.date": "2027-01-11", "log.WU-01.fear_before": "/5"}
    filled = fill(made["jordan"], values, tmp_path / "bare.pdf")
    code, output = run(made["ws"], str(filled), "-o", str(tmp_path / "r.pdf"))
    assert code == 0, output
    assert "WU-01, Jan 11: nothing under who / where, nothing under what I fear will happen, " \
        "belief not rated, fear at its peak not rated, fear after not rated, nothing under " \
        "what actually happened, no answer ticked, belief not re-rated, nothing under what " \
        "I learned, no next step." in words(tmp_path / "r.pdf")


def test_a_cut_off_pdf_gives_one_clean_message_and_no_library_lines(tmp_path):
    """Run as a user runs it (a process of its own, where pypdf's log lines reach stderr)."""
    sample = ROOT / "filled" / "jordan-rivera-week2.pdf"
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(sample.read_bytes()[:30000])
    result = subprocess.run([sys.executable, "-m", "deckpress", "report", "cut.pdf"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: cut.pdf: the PDF is damaged: its pages or form fields cannot be read",
        "  hint: save it again from the app it was filled in, or ask the client to send it "
        "again"]
    assert not (tmp_path / "output").exists()


def test_every_bad_value_of_every_sheet_is_said_at_once(made, tmp_path):
    first = fill(made["jordan"], {"ladder.WU-01.expected": "six", "tracker.day.3.asks": "-1",
                                  "log.WU-01.fear_peak": "/12"}, tmp_path / "week1.pdf")
    second = fill(made["jordan-log"], {"log.1.card": "IC-05", "log.1.belief": "/120"},
                  tmp_path / "week2.pdf")
    output = bad(made["ws"], tmp_path, first, second)
    assert "4 values in the filled worksheets cannot be used" in output
    said = ("week1.pdf, field 'ladder.WU-01.expected': 'six' is not a whole number",
            "week1.pdf, field 'log.WU-01.fear_peak': 12 is out of range",
            "week1.pdf, field 'tracker.day.3.asks': -1 is out of range: this takes 0 to 1000",
            "week2.pdf, field 'log.1.belief': 120 is out of range")
    for line in said:
        assert line in output, line
    places = [output.index(line) for line in said]
    assert places == sorted(places)  # sheet by sheet, in the order of the sheet's pages


def test_averages_say_one_ask_in_the_singular(made, tmp_path):
    values = {"log.WU-01.date": "2027-01-11", "log.WU-01.fear_peak": "/6",
              "log.WU-01.fear_after": "/2"}
    filled = fill(made["jordan"], values, tmp_path / "one.pdf")
    assert run(made["ws"], str(filled), "-o", str(tmp_path / "r.pdf"))[0] == 0
    text = words(tmp_path / "r.pdf")
    assert "fear went from 6.0 at its peak to 2.0 after (1 ask)." in text
    assert "(1 asks)" not in text


def test_every_csv_row_names_its_sheet(made, tmp_path):
    filled = fill(made["jordan"], sample_values(made["jordan"]), tmp_path / "week2.pdf")
    assert run(made["ws"], str(filled), "-o", str(tmp_path / "r.pdf"))[0] == 0
    rows = csv_rows(tmp_path / "r.csv")
    assert {row["record"] for row in rows} == {"ask", "day", "rung"}
    assert {row["sheet"] for row in rows} == {"week2.pdf"}


def test_a_csv_in_a_missing_folder_names_the_csv_option(made, tmp_path):
    filled = fill(made["jordan"], sample_values(made["jordan"]), tmp_path / "week2.pdf")
    code, output = run(made["ws"], str(filled), "-o", str(tmp_path / "r.pdf"), "--csv",
                       str(tmp_path / "nowhere" / "r.csv"))
    assert code != 0 and "the output folder does not exist" in output
    assert "choose another path with --csv" in output and " -o" not in output.split("hint")[1]
    assert not (tmp_path / "r.pdf").exists()


def test_pypdf_is_quiet_only_while_a_sheet_is_read(made):
    import logging

    from deckpress.report.read import read_sheet

    logger = logging.getLogger("pypdf")
    before = logger.level
    read_sheet(ROOT / "filled" / "jordan-rivera-week2.pdf")
    assert logger.level == before and logger.isEnabledFor(logging.WARNING)


def test_a_sheet_full_of_bad_values_lists_the_first_fifty(made, tmp_path):
    values = {f"tracker.day.{day}.asks": "many" for day in range(1, 31)}
    values |= {f"tracker.day.{day}.noes": "-2" for day in range(1, 31)}
    filled = fill(made["jordan"], values, tmp_path / "full.pdf")
    output = bad(made["ws"], tmp_path, filled)
    assert "60 values in the filled worksheets cannot be used" in output
    assert output.count("full.pdf, field 'tracker.day.") == 50 and "… and 10 more" in output
