"""Layouts: the inline filter, workspace overrides, the sandbox, and template errors."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from deckpress.build import build_deck
from deckpress.errors import DeckError, Where
from deckpress.layout.templates import Layouts, inline
from helpers import failed_build

TEMPLATE_HEAD = '{% extends "builtin/challenge.xml" %}\n{% block front %}\n'


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("plain", "plain"),
        ("**bold** and *italic*", "<b>bold</b> and <i>italic</i>"),
        ("a < b & c", "a &lt; b &amp; c"),
        ("one\ntwo", "one two"),
        ("one\n\ntwo", "one<br/>two"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("<b>not markup</b>", "&lt;b&gt;not markup&lt;/b&gt;"),
    ],
)
def test_inline_filter(text, markup):
    assert str(inline(text)) == markup


def test_workspace_layout_overrides_builtin_and_can_extend_it(workspace, tmp_path):
    (workspace / "templates" / "challenge.xml").write_text(
        '{% extends "builtin/challenge.xml" %}{% block back %}'
        '<text x="5" y="5" w="50" h="10">OVERRIDDEN BACK</text>{% endblock %}',
        encoding="utf-8",
    )
    out = tmp_path / "o.pdf"
    build_deck(workspace / "cards" / "networking.yaml", out)
    with pdfplumber.open(out) as pdf:
        assert "OVERRIDDEN BACK" in pdf.pages[1].extract_text()
        assert "Ask for directions" in pdf.pages[0].extract_text()  # front still built-in


def test_sandbox_blocks_python_internals(workspace):
    (workspace / "templates" / "evil.xml").write_text(
        "{{ card.__class__.__mro__ }}", encoding="utf-8")
    layouts = Layouts(workspace)
    with pytest.raises(DeckError) as caught:
        layouts.render("evil", {"card": {}}, Where())
    assert caught.value.kind == "template"
    assert caught.value.problem.startswith("the layout tried something unsafe: access to "
                                           "attribute '__class__'")
    assert Path(caught.value.where.file) == workspace / "templates" / "evil.xml"
    assert caught.value.where.line == 1


# (id, files {path: text}, expected pieces)
CASES = [
    ("template-syntax", {"templates/challenge.xml": TEMPLATE_HEAD
                         + "{% if card.tip %}\n{% endblock %}\n"},
     ["templates/challenge.xml:4", "template syntax error", "hint:"]),
    ("undefined-variable", {"templates/challenge.xml": TEMPLATE_HEAD + "\n"
                            '<text x="1" y="1" w="9" h="9">{{ card.nickname }}</text>\n'
                            "{% endblock %}\n"},
     ["templates/challenge.xml:4", "card 'WU-01'", "undefined value", "nickname"]),
    ("unknown-element", {"templates/challenge.xml": TEMPLATE_HEAD
                         + '<rectangle x="1" y="1" w="9" h="9"/>\n{% endblock %}\n'},
     ["card 'WU-01'", "unknown element <rectangle>", "did you mean 'rect'?", "markup line"]),
    ("unknown-attribute", {"templates/challenge.xml": TEMPLATE_HEAD
                           + '<rect x="1" y="1" w="9" h="9" fil="#000000"/>\n'
                           "{% endblock %}\n"},
     ["<rect> has no attribute 'fil'", "did you mean 'fill'?"]),
    ("unclosed-tag", {"templates/challenge.xml": TEMPLATE_HEAD
                      + '<rect x="1" y="1" w="9" h="9">\n{% endblock %}\n'},
     ["invalid XML", "unclosed tag"]),
    ("extends-itself", {"templates/challenge.xml": '{% extends "challenge.xml" %}\n'},
     ["templates/challenge.xml, card 'WU-01'", "layout 'challenge' never ends",
      'write {% extends "builtin/challenge.xml" %}']),
    ("endless-macro", {"templates/challenge.xml": TEMPLATE_HEAD
                       + "{% macro deeper(n) %}{{ deeper(n + 1) }}{% endmacro %}"
                       "{{ deeper(1) }}\n{% endblock %}\n"},
     ["layout 'challenge' never ends: it extends, includes or calls itself"]),
]


@pytest.mark.parametrize(("files", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_a_mistake_in_a_layout_gives_one_clear_message(workspace, runner, monkeypatch, files,
                                                       expected):
    failed_build(workspace, runner, monkeypatch, files=files, expected=expected)
