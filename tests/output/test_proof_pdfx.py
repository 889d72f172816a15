"""`build --proof` with PDF/X: the proof is drawn as the print master is (CMYK, pictures
converted, transparency flattened), so what it shows is what prints, but it is an ordinary
PDF: it carries trim, safe-zone and bleed lines over every card, so it claims no PDF/X (no
output intent, no version keys), and a preflight refuses it if it is uploaded by mistake."""

from __future__ import annotations

import pikepdf
import pytest
from test_pdfx import images_of, probe_workspace, x1a_breaches

from deckpress.build import Options, build_deck
from deckpress.cli import main
from helpers import DECK


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("proof")
    deck = probe_workspace(folder)
    made = {}
    for standard in ("x-1a", "x-4"):
        for proof in (False, True):
            name = f"{standard}{'-proof' if proof else ''}"
            made[name] = build_deck(deck, folder / f"{name}.pdf", None, "dtc",
                                    options=Options(pdfx=standard, proof=proof)).output
    return made


def claims(pdf: pikepdf.Pdf) -> list[str]:
    """What in a file says it is PDF/X."""
    found = []
    if "/OutputIntents" in pdf.Root:
        found.append("output intent")
    if "/GTS_PDFXVersion" in pdf.docinfo or "/GTS_PDFXConformance" in pdf.docinfo:
        found.append("PDF/X version in the document information")
    if "/Metadata" in pdf.Root and b"GTS_PDFX" in pdf.Root.Metadata.read_bytes():
        found.append("PDF/X version in the XMP metadata")
    return found


@pytest.mark.parametrize("standard", ["x-1a", "x-4"])
def test_a_proof_claims_no_pdfx_and_the_print_master_does(built, standard):
    with pikepdf.open(built[f"{standard}-proof"]) as pdf:
        assert claims(pdf) == []
        assert "/FormXob.proof" in pdf.pages[0].obj.Resources.XObject  # the lines are there
    with pikepdf.open(built[standard]) as pdf:
        assert claims(pdf) == ["output intent", "PDF/X version in the document information",
                               "PDF/X version in the XMP metadata"]
        assert "/FormXob.proof" not in pdf.pages[0].obj.Resources.XObject


def test_a_proof_is_drawn_as_the_x1a_print_master_is(built):
    """CMYK colours, the lines too, and the very pictures the print master holds (converted
    to CMYK, see-through pixels composited): the proof shows what prints."""
    with pikepdf.open(built["x-1a-proof"]) as proof, pikepdf.open(built["x-1a"]) as master:
        assert list(x1a_breaches(proof)) == []
        pictures = [sorted(bytes(image.read_raw_bytes()) for _, image in images_of(pdf))
                    for pdf in (proof, master)]
        assert pictures[0] == pictures[1] and len(pictures[0]) == 2
        for page_proof, page_master in zip(proof.pages, master.pages, strict=True):
            for key in ("/MediaBox", "/TrimBox", "/BleedBox"):
                assert list(page_proof.obj[key]) == list(page_master.obj[key])


def test_build_proof_with_pdfx_writes_a_plain_copy_beside_the_print_master(workspace, runner,
                                                                          monkeypatch):
    monkeypatch.chdir(workspace)
    for args in ([], ["--proof"]):
        result = runner.invoke(main, ["build", DECK, "--brand", "example", "-p", "dtc",
                                      "--pdfx", "x-1a", "-j", "1", *args])
        assert result.exit_code == 0, result.output
    with pikepdf.open(workspace / "output/networking-example-dtc-proof.pdf") as pdf:
        assert claims(pdf) == []
    with pikepdf.open(workspace / "output/networking-example-dtc.pdf") as pdf:
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
