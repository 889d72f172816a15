"""The hidden field that says whose worksheet a fillable PDF is, and of which deck; and dates
read as clients type them."""

from __future__ import annotations

import datetime
import json

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from deckpress.cli import main
from deckpress.report.model import read_date
from deckpress.worksheets.identity import FIELD, Identity, IdentityError, read
from helpers import copy_workspace


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    ws = copy_workspace(tmp_path_factory.mktemp("identity") / "ws")
    made = {}
    for name, extra in (("fillable", ["--fillable"]), ("plain", [])):
        out = ws / f"{name}.pdf"
        result = CliRunner().invoke(main, ["worksheets", "--client", str(ws / "clients" /
                                    "jordan-rivera.yaml"), "--kind", "ladder", *extra,
                                    "-o", str(out)])
        assert result.exit_code == 0, result.output
        made[name] = out
    return made


def test_a_fillable_sheet_names_its_client_deck_and_rungs_in_a_hidden_field(sheets):
    reader = PdfReader(sheets["fillable"])
    identity = read(reader.get_fields() or {})
    assert identity is not None
    assert (identity.client, identity.client_file, identity.deck_file, identity.brand_file) == \
        ("Jordan Rivera", "jordan-rivera", "networking", "example")
    assert identity.kinds == ["ladder"] and identity.start == datetime.date(2027, 1, 11)
    assert identity.rungs[:3] == ["WU-01", "WU-04", "IC-02"]
    assert identity.title_of("WU-01") == "Ask for directions"
    widget = next(annotation.get_object() for annotation in reader.pages[0]["/Annots"]
                  if annotation.get_object().get("/T") == FIELD)
    assert widget["/F"] & 2  # hidden: never shown, never printed
    assert widget["/Ff"] & 1  # read-only


def test_a_plain_sheet_has_no_fields(sheets):
    assert not PdfReader(sheets["plain"]).get_fields()


@pytest.mark.parametrize("value, said", [
    ("{not json", "not the JSON deckpress writes"),
    (json.dumps({"format": 2}), "made by a newer deckpress (format 2)"),
    (json.dumps({"format": 1, "deck": "D"}), "has a wrong value at 'deck_file'"),
    ("", "empty or too long"),
])
def test_an_unreadable_identity_is_said(value, said):
    with pytest.raises(IdentityError, match=said.replace("(", r"\(").replace(")", r"\)")):
        read({FIELD: {"/V": value}})


def test_no_identity_field_is_none():
    assert read({"log.WU-01.date": {"/V": "x"}}) is None


@pytest.mark.parametrize("text, language, expected", [
    ("2027-01-12", "en", datetime.date(2027, 1, 12)),
    ("1/12/27", "en", datetime.date(2027, 1, 12)),
    ("12.01.2027", "de", datetime.date(2027, 1, 12)),
    ("12.01.2027", "en", datetime.date(2027, 1, 12)),  # day first: only that is in the programme
    ("Jan 12", "en", datetime.date(2027, 1, 12)),
    ("Tuesday", "en", None),
])
def test_dates_as_clients_type_them(text, language, expected):
    identity = Identity(format=1, deck="D", deck_file="d", kinds=["log"], days=30, rungs=[],
                        language=language, start=datetime.date(2027, 1, 11))
    assert read_date(text, identity) == expected
