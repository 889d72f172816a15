"""`deckpress report`: filled worksheets read back into a progress report for the coach's next
session, and a CSV of the same data.

read.py opens each filled PDF and takes its form fields (and the hidden field that says which
client and deck it is for); model.py turns them into the programme's asks, days and rungs,
checked; draw.py draws the branded report, csv.py writes the CSV. Nothing is written until
everything has been read and drawn, and then both files are put in place atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DeckError, Where
from ..output.guard import check_distinct, protected_inputs
from ..output.write import atomic_output, check_writable
from ..render.fonts import load_fonts
from ..sizes import sheet_paper
from ..source.brand import load_brand
from ..source.client import LoadedClient
from ..source.workspace import output_folder
from .csv import report_csv
from .draw import Branding, report_pdf
from .model import Programme, programme
from .read import FilledSheet, read_sheet

MAX_SHEETS = 100


@dataclass(frozen=True)
class Report:
    """A report drawn and ready to write."""

    programme: Programme
    pdf: bytes
    csv: str
    name: str  # CLIENT (or DECK, for sheets made without a client): the default file name
    inputs: tuple[Path, ...]  # the files read, which the outputs may not replace


def make_report(paths: list[Path], client: LoadedClient | None = None,
                brand_path: Path | None = None, workspace: Path = Path(".")) -> Report:
    """Read the filled sheets and draw their report; nothing is written."""
    if len(paths) > MAX_SHEETS:
        raise DeckError(f"{len(paths)} worksheets were given; a report reads at most "
                        f"{MAX_SHEETS}", None, "give the sheets of one client and deck")
    sheets = [read_sheet(path) for path in paths]
    if client is not None:
        for sheet in sheets:
            check_client(sheet, client)
    data = programme(sheets)
    identity = data.identity
    if brand_path is None and client is not None:
        brand_path = client.brand_path
    if brand_path is None and identity.brand_file:
        named = workspace / "brands" / f"{identity.brand_file}.yaml"
        brand_path = named if named.is_file() else None
    brand = load_brand(brand_path)
    fonts = load_fonts(workspace)
    paper = sheet_paper(client.client.paper if client is not None else "letter", "the report")
    pdf = report_pdf(data, Branding.of(brand, fonts), paper.size)
    inputs = (*paths, *((brand_path,) if brand_path else ()), *((brand.logo,) if brand.logo
                                                                 else ()))
    return Report(data, pdf, report_csv(data), identity.client_file or identity.deck_file,
                  inputs)


def check_client(sheet: FilledSheet, client: LoadedClient) -> None:
    """A sheet given with --client must be that client's, and of one of their decks."""
    identity = sheet.identity
    if identity.client_file != client.slug:
        whose = f"client {identity.client}" if identity.client_file else \
            "no client (it was made without --client)"
        raise DeckError(f"this worksheet is for {whose}, not for {client.client.name}",
                        Where(sheet.path), f"give {client.client.name}'s own worksheets, or "
                        "leave out --client")
    decks = [path.stem for path in client.deck_paths]
    if identity.deck_file not in decks:
        raise DeckError(f"this worksheet is for the deck '{identity.deck}', which "
                        f"{client.client.name} does not get", Where(sheet.path),
                        f"their decks: {', '.join(decks)}")


def default_outputs(report: Report, workspace: Path) -> Path:
    """output/CLIENT-report.pdf in the workspace (output/ made if missing)."""
    folder, _ = output_folder(workspace)
    return folder / f"{report.name}-report.pdf"


def _for_csv(hint: str | None) -> str | None:
    """A hint about the output path, said of --csv."""
    return hint.replace(" with -o", " with --csv").replace("-o output/deck.pdf",
                                                          "--csv output/report.csv") \
        if hint else hint


def write_report(report: Report, pdf_path: Path, csv_path: Path, workspace: Path) -> None:
    """Both files, or neither: each written beside its place and renamed in."""
    check_writable(pdf_path)
    try:
        check_writable(csv_path)
    except DeckError as error:  # its hints name -o, the PDF's option: this path is --csv's
        raise DeckError(error.problem, error.where, _for_csv(error.hint), error.kind) from None
    check_distinct([(pdf_path, "the report"), (csv_path, "the CSV")])
    protected = protected_inputs(workspace, [(path, "a file read") for path in report.inputs])
    protected.check(pdf_path, "the report")
    protected.check(csv_path, "the CSV")
    with atomic_output(pdf_path) as pdf_temp, atomic_output(csv_path) as csv_temp:
        pdf_temp.write_bytes(report.pdf)
        csv_temp.write_bytes(report.csv.encode("utf-8"))


__all__ = ["Report", "default_outputs", "make_report", "write_report"]
