"""Planning the worksheets: settings as a script gives them, the brand's ladder, workspace
templates, and the same bytes for the same input."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from deckpress.errors import DeckError
from deckpress.inputs import load_client_inputs
from deckpress.source.client import load_client
from deckpress.worksheets import KINDS, build_worksheets, plan_worksheets, worksheet_settings
from helpers import DECK, LEGACY_BRAND, ROOT, edit


def page_texts(pdf) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def test_settings_default_to_every_sheet_on_letter_in_the_fixed_order():
    settings = worksheet_settings()
    assert settings.kinds == KINDS
    assert (settings.paper.label, settings.fillable, settings.days, settings.blank) == (
        "letter", False, 30, None)
    chosen = worksheet_settings("A4", ["contacts", "log", "log"], True, 7, 3)
    assert chosen.kinds == ("log", "contacts")
    assert (chosen.paper.label, chosen.fillable, chosen.days, chosen.blank) == ("a4", True, 7, 3)


@pytest.mark.parametrize(("arguments", "problem", "hint"), [
    ({"kinds": ["lader"]}, "unknown worksheet kind 'lader'", "did you mean 'ladder'?"),
    ({"days": 0}, "the tracker cannot have 0 days", "give --days a number from 1 to 366"),
    ({"days": 367}, "the tracker cannot have 367 days", "give --days a number from 1 to 366"),
    ({"blank": 0}, "cannot print 0 blank log blocks", "give --blank a number from 1 to 200"),
    ({"kinds": ["ladder"], "blank": 2}, "--blank sets the blocks of the log, which is not "
     "among the chosen sheets (ladder)", "add --kind log, or leave out --blank"),
    ({"paper": "b5"}, "unknown paper 'b5'", "use a paper name (letter, a4, legal, a3, tabloid) "
     "or WxH with a unit, e.g. 210x297mm"),
    ({"paper": "148x210mm"}, "the paper 148×210 mm does not suit the worksheets",
     "use portrait paper from 200×275 mm up to 500 mm a side; letter and A4 are fine"),
    ({"paper": "297x210mm"}, "the paper 297×210 mm is landscape; print the worksheets on "
     "portrait paper", "give the same paper upright, width first: --paper 210x297mm"),
])
def test_settings_a_script_gives_wrongly_are_a_deck_error_with_a_hint(arguments, problem, hint):
    with pytest.raises(DeckError) as caught:
        worksheet_settings(**arguments)
    assert (caught.value.problem, caught.value.hint) == (problem, hint)


def test_the_same_input_gives_the_same_bytes(workspace):
    for fillable in (False, True):
        first, second = workspace / "output/1.pdf", workspace / "output/2.pdf"
        for out in (first, second):
            build_worksheets(workspace / DECK, out, workspace / "brands/example.yaml",
                             worksheet_settings("a4", ["ladder", "log"], fillable, blank=3))
        assert first.read_bytes() == second.read_bytes()


def test_the_clients_ladder_chooses_the_rungs_and_their_order(workspace):
    edit(workspace / "clients/jordan-rivera.yaml", "ladder: [WU-01, WU-04, IC-02, ON-01, CV-01, "
         "CV-03, RE-02, IC-05, TA-01]", "ladder: [TA-01, WU-01, CV-01]")
    edit(workspace / "clients/jordan-rivera.yaml", "levels: [warm, stretch]", "levels: []")
    out = workspace / "output/ladder.pdf"
    inputs = load_client_inputs(load_client(workspace / "clients/jordan-rivera.yaml", workspace))
    plan_worksheets(inputs, worksheet_settings("letter", ["ladder"])).write(out)
    text = page_texts(out)[0]
    assert text.index("TA-01") < text.index("WU-01") < text.index("CV-01")
    assert "WU-02" not in text


def test_a_brand_written_with_its_client_still_chooses_the_ladder(workspace):
    legacy = workspace / "brands/legacy.yaml"
    legacy.write_text(LEGACY_BRAND.read_text(encoding="utf-8").replace(
        "# ladder: [WU-01, WU-04, IC-02, CV-01, TA-01]", "ladder: [TA-01, WU-01, CV-01]").replace(
        "../../brands/logos/", "logos/"), encoding="utf-8")
    out = workspace / "output/ladder.pdf"
    build_worksheets(workspace / DECK, out, legacy, worksheet_settings("letter", ["ladder"]))
    text = page_texts(out)[0]
    assert text.index("TA-01") < text.index("WU-01") < text.index("CV-01")
    assert "Jordan Rivera · 30 Brave Asks" in text


def test_a_workspace_template_overrides_the_built_in_one(workspace):
    (workspace / "templates/worksheets").mkdir(exist_ok=True)
    (workspace / "templates/worksheets/debrief.xml").write_text(
        '{% extends "builtin/debrief.xml" %}\n{% block intro %}'
        "<paragraph>Bring this page to our Friday call.</paragraph>{% endblock %}\n",
        encoding="utf-8")
    out = workspace / "output/debrief.pdf"
    build_worksheets(workspace / DECK, out, None, worksheet_settings("letter", ["debrief"]))
    text = page_texts(out)[0]
    assert "Bring this page to our Friday call." in text
    assert "What surprised me" in text
    assert "Jordan" not in text  # the neutral brand: no client name


@pytest.mark.parametrize(("insert", "expected"), [
    ('<scale name="s" from="0" to="100000000"/>', "would have more than 101 boxes"),
    ('<paragraph>{{ "abc " * 100000 }}</paragraph>', "characters, more than the 20,000"),
    ('{% for i in range(60000) %}<rule/>{% endfor %}', "elements, more than the 50,000"),
])
def test_a_worksheet_too_large_to_lay_out_is_refused_at_once(workspace, runner, monkeypatch,
                                                             insert, expected):
    from deckpress.cli import main

    monkeypatch.chdir(workspace)
    builtin = (ROOT / "src/deckpress/templates/worksheets/debrief.xml").read_text("utf-8")
    (workspace / "templates/worksheets/debrief.xml").write_text(
        builtin.replace("<paragraph>", insert + "\n<paragraph>", 1), encoding="utf-8")
    result = runner.invoke(main, ["worksheets", "cards/table-talk.yaml", "--kind", "debrief",
                                  "-o", "output/ws.pdf"])
    assert result.exit_code == 1, result.output
    assert expected in result.output and "Traceback" not in result.output
