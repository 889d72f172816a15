"""Flow markup, the vocabulary worksheet templates produce: parsed into typed blocks, every
mistake named at its markup line, and every element documented."""

from __future__ import annotations

import re

import pytest

from deckpress.layout.attributes import MarkupError
from deckpress.worksheets import KINDS
from deckpress.worksheets.flow import ELEMENTS, field_names, parse_worksheet
from helpers import ROOT

DOCS = ROOT / "docs" / "worksheets.md"
BLOCKS_HINT = ("<{}> holds <heading>, <paragraph>, <lines>, <fields>, <scale>, <choices>, "
               "<table>, <calendar>, <block>, <columns>, <rule>, <space>, <pagebreak>")


def sheet(body: str) -> str:
    return f'<worksheet title="x">\n{body}\n</worksheet>'


def test_flow_markup_knows_its_lines():
    with pytest.raises(MarkupError) as caught:
        parse_worksheet('<worksheet title="x">\n<table widths="*">\n<row>\n'
                        "<cell write='a' tick='b'/>\n</row>\n</table>\n</worksheet>")
    assert caught.value.line == 4 and "either write" in caught.value.problem
    with pytest.raises(MarkupError, match="cannot be inside <worksheet>"):
        parse_worksheet('<worksheet title="x"><cell/></worksheet>')
    with pytest.raises(MarkupError, match="needs the attribute 'title'"):
        parse_worksheet("<worksheet/>")


def test_every_element_and_attribute_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    for element, attributes in ELEMENTS.items():
        section = re.search(rf"### `<{element}>`.*?(?=\n### |\n## |\Z)", docs, re.DOTALL)
        assert section, f"<{element}> has no section in docs/worksheets.md"
        for attribute in attributes:
            assert f"`{attribute}`" in section.group(0), f"{element}.{attribute} undocumented"
    for kind in KINDS:
        assert f"### {kind}" in docs


@pytest.mark.parametrize(("markup", "problem", "line", "hint"), [
    ('<sheet title="x"/>', "the markup must start with <worksheet>, not <sheet>", 1,
     'wrap the template in <worksheet title="…">'),
    (sheet("<?php echo 1 ?>"), "processing instructions are not allowed", 2, None),
    (sheet("<b>bold</b>"), "unknown element <b>", 2, None),  # inline only inside text
    (sheet("<block>\n<row/></block>"), "<row> cannot be inside <block>", 3,
     BLOCKS_HINT.format("block")),
    (sheet("<fields><row/></fields>"), "<row> cannot be inside <fields>", 2,
     "<fields> holds <field> elements only"),
    (sheet('<lines name="a"><rule/></lines>'), "<rule> cannot be inside <lines>", 2,
     "<lines> must be empty"),
    (sheet('<scale name="s" from="5" to="5"/>'), "<scale> needs to= greater than from=", 2,
     None),
    (sheet('<table widths="*">hello<row/></table>'), "text directly inside <table>: 'hello'", 2,
     "<table> holds <row> elements only"),
    (sheet('<fields>\n<field name="a"/>oops</fields>'), "stray text after <field>: 'oops'", 3,
     "put text in a <paragraph>"),
    (sheet('<lines name="a b"/>'), "<lines> attribute name=\"a b\": 'a b' is not a field "
     "name; use letters, digits, '.', '_' and '-'", 2, None),
    (sheet('<choices name="c" options="a||b"/>'), "<choices> attribute options=\"a||b\": "
     "'a||b' has an empty option; separate options with |", 2, None),
    (sheet('<table widths=" "><row/></table>'), "<table> attribute widths=\" \": give at "
     "least one width", 2, None),
])
def test_invalid_flow_markup_is_refused_at_its_line(markup, problem, line, hint):
    with pytest.raises(MarkupError) as caught:
        parse_worksheet(markup)
    assert (caught.value.problem, caught.value.line, caught.value.hint) == (problem, line, hint)


def test_every_block_parses_into_typed_values():
    root = parse_worksheet(sheet(
        '<heading level="2">Hi <i>there</i></heading>\n'
        '<paragraph style="note" align="center" size="12">P</paragraph>\n'
        '<block><fields><field name="f1" width="2"/><field name="given" value="Jordan"/>'
        "</fields></block>\n"
        '<table widths="20 *" stripes="false"><row header="true"><cell>A</cell><cell>B</cell>'
        '</row><row><cell write="t.1"/><cell tick="t.2" align="center"/></row>'
        "<row><cell/><cell>x</cell></row></table>\n"
        '<calendar name="cal" days="2" columns="2"/>\n<space h="5"/><rule/><pagebreak/>\n'
        '<lines name="l" count="2" spacing="10mm"/><scale name="sc" from="1" to="3" step="1" '
        'suffix="%"/>\n<choices name="ch" options="a | b"/>'))
    heading, paragraph, block, table, calendar, space, rule, pagebreak, lines, scale, choices = \
        root.children
    assert (heading.kind, heading["level"], heading.text) == ("heading", 2, "Hi <i>there</i>")
    assert (paragraph["style"], paragraph["align"], paragraph["size"]) == ("note", "center", 12)
    assert block.children[0].children[0]["width"] == 2
    assert table["widths"] == (pytest.approx(20 * 72 / 25.4), None)
    assert table["stripes"] is False and table.children[0]["header"] is True
    assert table.children[1].children[1]["align"] == "center"
    assert (calendar["days"], calendar["columns"]) == (2, 2)
    assert space["h"] == pytest.approx(5 * 72 / 25.4)
    assert (rule.kind, pagebreak.kind) == ("rule", "pagebreak")
    assert lines["spacing"] == pytest.approx(10 * 72 / 25.4)
    assert (scale["from"], scale["to"], scale["suffix"]) == (1, 3, "%")
    assert choices["options"] == ("a", "b")
    assert [name for name, _ in field_names(root)] == [
        "f1", "t.1", "t.2", "cal.1", "cal.2", "cal.1.asks", "cal.1.noes", "cal.2.asks",
        "cal.2.noes", "l", "sc", "ch"]  # a printed value and a plain cell: no field; lines: one


def test_notes_stand_directly_in_the_worksheet_only():
    node = parse_worksheet(sheet('<notes name="n" label="Notes"/>\n<block><rule/></block>'))
    assert node.children[0].kind == "notes" and node.children[0]["least"] > 0
    with pytest.raises(MarkupError) as caught:
        parse_worksheet(sheet('<block>\n<notes name="n"/>\n</block>'))
    assert caught.value.line == 3 and "<notes> cannot be inside <block>" in caught.value.problem
    assert "directly inside <worksheet>" in (caught.value.hint or "")
    with pytest.raises(MarkupError, match="too little room for handwriting"):
        parse_worksheet(sheet('<notes name="n" spacing="6mm"/>'))
