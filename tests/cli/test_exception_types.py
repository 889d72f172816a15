"""Every kind of exception deckpress raises for a user's mistake reaches the user as one
message with a hint and exit code 1, never as a traceback or as "a bug"; and every exception
class the package defines is in this table, so a new one comes with its test."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest

import deckpress
from deckpress.cli import main
from helpers import assert_one_error, edit

TT = "cards/table-talk.yaml"


def unknown_key(ws: Path) -> list[str]:
    edit(ws / TT, "title:", "titel: x\ntitle:")
    return ["build", TT]


def bad_attribute(ws: Path) -> list[str]:
    edit(ws / "templates/prompt.xml", 'name="question" x="', 'name="question" x="left')
    return ["build", TT]


def damaged_logo(ws: Path) -> list[str]:
    (ws / "brands/logos/harbor.svg").write_text("<svg><unclosed", encoding="utf-8")
    return ["build", TT, "--brand", "example"]


def text_too_long(ws: Path) -> list[str]:
    edit(ws / TT, "  - id: TT-01\n", "  - id: TT-00\n    title: Long\n    text: "
         + "word " * 400 + "\n  - id: TT-01\n")
    return ["build", TT]


def preview_text_too_long(ws: Path) -> list[str]:
    """A preview goes on past a card that fails, and says so."""
    return ["preview", *text_too_long(ws)[1:], "--card", "TT-00", "--card", "TT-01"]


def card_too_big(ws: Path) -> list[str]:
    edit(ws / TT, "size: square", "size: 300x400mm")
    return ["build", TT]


def paper_too_small(ws: Path) -> list[str]:
    edit(ws / "clients/sam-reyes.yaml", "paper: a4", "paper: 90x100mm")
    return ["worksheets", "--client", "sam-reyes"]


def runaway_layout(ws: Path) -> list[str]:
    edit(ws / "templates/prompt.xml", "{% endblock %}",
         '{% for i in range(100000) %}{{ "x" * 1000 }}{% endfor %}\n{% endblock %}')
    return ["build", TT]


def formula_in_sheet(ws: Path) -> list[str]:
    import csv

    from openpyxl import Workbook

    with (ws / "cards/room-openers.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.active["B3"] = "=UPPER(A3)"
    book.save(ws / "cards/openers.xlsx")
    edit(ws / "cards/room-openers.yaml", "from: room-openers.csv", "from: openers.xlsx")
    return ["build", "cards/room-openers.yaml"]


def bad_label_placeholder(ws: Path) -> list[str]:
    edit(ws / TT, "title:", 'labels:\n  level: "level {nmber}"\ntitle:')
    return ["build", TT]


def unknown_theme(ws: Path) -> list[str]:
    edit(ws / "brands/example.yaml", "colours:", "theme: quite\ncolours:")
    return ["build", TT, "--brand", "example"]


def damaged_sheet_identity(ws: Path) -> list[str]:
    """A filled worksheet whose hidden `deckpress` field was overwritten."""
    from pypdf import PdfReader, PdfWriter

    from helpers import ROOT

    writer = PdfWriter(clone_from=PdfReader(ROOT / "filled" / "jordan-rivera-week2.pdf"))
    writer.update_page_form_field_values(writer.pages[0], {"deckpress": "{not json"},
                                         auto_regenerate=False)
    writer.write(ws / "output" / "damaged.pdf")
    return ["report", "output/damaged.pdf"]


def transparency_in_x1a(ws: Path) -> list[str]:
    """A see-through box over the question: PDF/X-1a allows no transparency, and over text
    it cannot be flattened into one colour."""
    edit(ws / "templates/prompt.xml", "{% endblock %}",
         '<rect x="0" y="0" w="{{ size.width }}" h="{{ size.height }}" fill="#336699" '
         'opacity="0.4"/>\n{% endblock %}')
    return ["build", TT, "--profile", "pod-pdf", "--pdfx", "x-1a"]


# exception class → (a user mistake that raises it, words of the message)
MISTAKES: dict[str, tuple[Callable[[Path], list[str]], list[str]]] = {
    "DeckError": (unknown_key, ["table-talk.yaml", "titel"]),
    "ContentError": (unknown_key, ["table-talk.yaml"]),  # how the CLI shows a DeckError
    "MarkupError": (bad_attribute, ["layout 'prompt'", "x=\"left", "is not a length"]),
    "AssetError": (damaged_logo, ["harbor.svg"]),
    "TextOverflow": (text_too_long, ["TT-00", "text"]),
    "CardFailed": (preview_text_too_long, ["TT-00", "does not fit"]),
    "ImpositionError": (card_too_big, ["size"]),
    "PaperError": (paper_too_small, ["sam-reyes.yaml", "paper"]),
    "RenderLimit": (runaway_layout, ["templates/prompt.xml", "was stopped"]),
    "Trouble": (formula_in_sheet, ["openers.xlsx", "row 3", "formula"]),
    "LabelProblem": (bad_label_placeholder, ["table-talk.yaml", "{nmber}"]),
    "ThemeProblem": (unknown_theme, ["example.yaml", "quite", "quiet"]),
    "IdentityError": (damaged_sheet_identity, ["damaged.pdf", "deckpress field"]),
    "FlattenError": (transparency_in_x1a, ["table-talk.yaml", "layout 'prompt'", "opacity"]),
}
BUGS = {"InternalError"}  # the one that is not a user's mistake: see test_console.py
# the studio's refusals become HTTP answers with the same messages (tests/studio/): a page
# never shows a traceback
STUDIO_ANSWERS = {
    "OutsideWorkspace": "test_paths.py, 404 in test_decks_page.py and test_build_page.py",
    "BadRequest": "test_jobs.py and test_decks_page.py: 400/422 with the reason",
    "CardProblem": "test_card_images.py: a card that cannot be drawn says why",
    "Refused": "test_files.py: the message `check` prints, 422",
    "StaleFile": "test_files.py: 409, reload",
    "BodyRefused": "test_people_pages.py: bodies no file can keep, 400",
    "NotDownloadable": "test_build_page.py: only output/ is offered",
    "Missing": "test_people_pages.py: 404 for a brand or client that is not there",
    "Answer": "test_people_pages.py: a refusal carried to its status",
    "NotADeck": "test_decks_page.py: 404",
    "PageStale": "test_decks_page.py: 409",
}


def defined_exceptions() -> dict[str, type[BaseException]]:
    found = {}
    for module in pkgutil.walk_packages(deckpress.__path__, "deckpress."):
        for name, value in vars(importlib.import_module(module.name)).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and \
                    value.__module__.startswith("deckpress"):
                found[name] = value
    return found


def test_every_exception_class_is_in_the_table():
    assert set(defined_exceptions()) == set(MISTAKES) | BUGS | set(STUDIO_ANSWERS)
    studio = {name for name, cls in defined_exceptions().items()
              if cls.__module__.startswith("deckpress.studio")}
    assert studio == set(STUDIO_ANSWERS)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_user_mistake_of_each_kind_is_one_message(workspace, runner, monkeypatch, name):
    cls = defined_exceptions()[name]
    raised = []
    original = cls.__init__

    def recording(self, *args, **kwargs):
        raised.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(cls, "__init__", recording)
    monkeypatch.chdir(workspace)
    mistake, words = MISTAKES[name]
    result = runner.invoke(main, mistake(workspace))
    assert name in raised, f"{mistake.__name__} did not raise {name}: {result.output}"
    code = 2 if result.output.startswith("Usage:") else 1
    if code == 1:
        assert_one_error(result, words)
        assert "\n  hint: " in result.output or ", e.g. " in result.output, result.output
    else:
        assert result.exit_code == 2 and "Traceback" not in result.output
    assert "bug" not in result.output
