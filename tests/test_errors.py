"""Every user mistake: one message naming file, line and field, a hint, exit code 1, no traceback,
and the previous good output left untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckpress.cli import main
from helpers import edit

DECK = "cards/networking.yaml"
TEMPLATE_HEAD = '{% extends "builtin/challenge.xml" %}\n{% block front %}\n'

# (id, edits: [(file, old, new)], extra files {path: text}, extra args, expected pieces)
CASES = [
    ("malformed-yaml", [(DECK, "title: Brave Asks", "title: Brave Asks: again")], {}, [],
     ["cards/networking.yaml:33", "malformed YAML", "hint: check the indentation"]),
    ("missing-field", [(DECK, "    title: Ask for directions\n", "")], {}, [],
     ["cards/networking.yaml:95", "card 'WU-01'", "missing required field 'title'"]),
    ("misspelt-card-key", [(DECK, "    tip: '“Excuse me", "    tipp: '“Excuse me")], {}, [],
     ["card 'WU-01'", "field 'tipp'", "unknown key 'tipp'", "did you mean 'tip'?"]),
    ("misspelt-deck-key", [(DECK, "subtitle:", "subtitel:")], {}, [],
     ["cards/networking.yaml:34", "unknown key 'subtitel'", "did you mean 'subtitle'?"]),
    ("misspelt-brand-key", [("brands/example.yaml", "disclaimer:", "disclaimr:")], {}, [],
     ["brands/example.yaml:", "unknown key 'disclaimr'", "did you mean 'disclaimer'?"]),
    ("duplicate-id", [(DECK, "id: WU-02", "id: WU-01")], {}, [],
     ["card 'WU-01'", "duplicate card id 'WU-01' (first used on line 95)"]),
    ("unknown-category", [(DECK, "category: warm-up", "category: warmup")], {}, [],
     ["cards/networking.yaml:98", "card 'WU-01'", "unknown category 'warmup'",
      "did you mean 'warm-up'?"]),
    ("unknown-level", [(DECK, "level: warm", "level: hot")], {}, [],
     ["card 'WU-01'", "unknown level 'hot'"]),
    ("invalid-colour", [(DECK, '"#9E5F10"', '"#9E5F1"')], {}, [],
     ["cards/networking.yaml:53", "categories.warm-up.colour", "'#9E5F1' is not a colour",
      "#RRGGBB"]),
    ("invalid-brand-colour", [("brands/example.yaml", '"#1D3557"', "navy")], {}, [],
     ["brands/example.yaml:", "colours.primary", "'navy' is not a colour"]),
    ("unknown-size", [(DECK, "size: poker", "size: pokr")], {}, [],
     ["cards/networking.yaml:35", "unknown card size 'pokr'", "did you mean 'poker'?"]),
    ("unknown-profile", [], {}, ["--profile", "home-leter"],
     ["unknown printer profile 'home-leter'", "did you mean 'home-letter'?"]),
    ("yes-no-as-text", [(DECK, "title: Ask for directions", "title: no")], {}, [],
     ["card 'WU-01'", "field 'title'", "YAML read False", "put the value in quotes"]),
    ("missing-logo", [("brands/example.yaml", "logos/harbor.svg", "logos/harbour.svg")], {},
     [], ["brands/example.yaml:16", "field 'logo'", "logo file not found: logos/harbour.svg"]),
    ("corrupt-logo", [("brands/example.yaml", "logos/harbor.svg", "logos/broken.png")],
     {"brands/logos/broken.png": "not a png"}, [],
     ["brands/example.yaml:16", "cannot read image broken.png", "export it again"]),
    ("missing-image", [], {"templates/challenge.xml": TEMPLATE_HEAD
                           + '<image x="1" y="1" w="9" h="9" src="photo.png"/>\n'
                           "{% endblock %}\n"}, [],
     ["card 'WU-01'", "image file not found", "photo.png", "<image>"]),
    ("template-syntax", [], {"templates/challenge.xml": TEMPLATE_HEAD
                             + "{% if card.tip %}\n{% endblock %}\n"}, [],
     ["templates/challenge.xml:4", "template syntax error", "hint:"]),
    ("undefined-variable", [], {"templates/challenge.xml": TEMPLATE_HEAD + "\n"
                                '<text x="1" y="1" w="9" h="9">{{ card.nickname }}</text>\n'
                                "{% endblock %}\n"}, [],
     ["templates/challenge.xml:4", "card 'WU-01'", "undefined value", "nickname"]),
    ("unknown-element", [], {"templates/challenge.xml": TEMPLATE_HEAD
                             + '<rectangle x="1" y="1" w="9" h="9"/>\n{% endblock %}\n'}, [],
     ["card 'WU-01'", "unknown element <rectangle>", "did you mean 'rect'?", "markup line"]),
    ("unknown-attribute", [], {"templates/challenge.xml": TEMPLATE_HEAD
                               + '<rect x="1" y="1" w="9" h="9" fil="#000000"/>\n'
                               "{% endblock %}\n"}, [],
     ["<rect> has no attribute 'fil'", "did you mean 'fill'?"]),
    ("unclosed-tag", [], {"templates/challenge.xml": TEMPLATE_HEAD
                          + '<rect x="1" y="1" w="9" h="9">\n{% endblock %}\n'}, [],
     ["invalid XML", "unclosed tag"]),
    ("text-overflow", [(DECK, "Ask a stranger for directions to somewhere nearby",
                        "Ask a stranger for directions to somewhere nearby " * 8)], {}, [],
     ["card 'WU-01'", "text \"Ask a stranger for directions to so…\" does not fit",
      "even at 7.5 pt", "<text name=\"challenge\">", "hint: shorten the text"]),
    ("missing-glyph", [(DECK, "Ask a stranger for directions", "Ask a stranger 漢 for directions")],
     {}, [], ["card 'WU-01'", "Noto Sans has no glyph for '漢' (U+6F22)", "hint:"]),
    ("missing-glyph-after-a-line-break", [("brands/example.yaml", "name: Maya Okafor",
                                           'name: "Maya 李"')], {}, [],
     ["card 'HELLO'", "no glyph for '李' (U+674E)", "<text name=\"coach\">"]),
    ("word-wider-than-its-box", [(DECK, "title: Ask for directions",
                                  "title: Ask Pneumonoultramicroscopicsilicovolcanoconiosis")],
     {}, [], ["card 'WU-01'", "the word \"Pneumonoultramicroscopicsilicovolca…\" is wider "
              "than the box"]),
    ("profile-safe-zone-too-wide", [], {"profiles/mine.yaml": "page: a4\nmargin: 5mm\n"
                                        "safe: 20mm\n"}, ["--profile", "mine"],
     ["profiles/mine.yaml:3", "field 'safe'", "leaves too little of a 63.5×88.9 mm card"]),
    ("output-folder-missing", [], {}, ["-o", "no/such/folder/deck.pdf"],
     ["the output folder does not exist", "mkdir -p"]),
    ("output-folder-is-a-file", [], {"output/file": "x"}, ["-o", "output/file/deck.pdf"],
     ["not a folder"]),
    ("qr-too-long", [("brands/example.yaml", "booking_url: https://harborcoaching.example/book",
                      "booking_url: https://harborcoaching.example/book?" + "x" * 3000)], {}, [],
     ["card 'HELLO'", "too long for a QR code", "<qr name=\"booking\">"]),
    ("qr-too-dense", [("brands/example.yaml", "booking_url: https://harborcoaching.example/book",
                       "booking_url: https://harborcoaching.example/book?" + "x" * 400)], {}, [],
     ["card 'HELLO'", "too small to scan", "use a shorter link"]),
    ("unquoted-colour", [(DECK, 'colour: "#9E5F10"', "colour: #9E5F10")], {}, [],
     ["cards/networking.yaml:53", "'colour' is empty", "must be in quotes"]),
    ("blank-title", [(DECK, "title: Ask for directions", 'title: "  "')], {}, [],
     ["card 'WU-01'", "'title' is blank"]),
    ("copies-not-a-number", [(DECK, "    level: warm\n", "    level: warm\n    copies: three\n")],
     {}, [], ["card 'WU-01'", "'copies' must be a whole number (got 'three')"]),
    ("copies-true", [(DECK, "    level: warm\n", "    level: warm\n    copies: yes\n")], {}, [],
     ["card 'WU-01'", "'copies' must be a whole number (got True)"]),
    ("brand-not-a-block", [("brands/example.yaml",
                            "client:\n  name: Jordan Rivera\n  program: 30 Brave Asks\n  goal: "
                            "Three informational interviews in product design by the end of "
                            "spring\n", "client: Jordan\n")], {}, [],
     ["brands/example.yaml:5", "'client' should be a block of keys, not a text",
      "name:, program:"]),
    ("brand-file-missing", [], {}, ["--brand", "elsewhere/brand.yaml"],
     ["brand file not found: elsewhere/brand.yaml"]),
    ("id-too-long", [(DECK, "id: WU-01", "id: WU-0123456789ABCDEF")], {}, [],
     ["'id' is too long (19 characters, at most 16)"]),
    ("text-off-the-card", [], {"templates/challenge.xml": TEMPLATE_HEAD
                               + '<text x="50" y="1" w="30" h="9">Hello</text>\n{% endblock %}\n'},
     [], ["card 'WU-01'", "reaches past the card's edge"]),
    ("profile-bleed-overlaps", [], {"profiles/tight.yaml": "page: a4\nmargin: 5mm\ngutter: 2mm\n"
                                                          "bleed: 1.5mm\n"},
     ["--profile", "tight"],
     ["profiles/tight.yaml:4", "field 'bleed'", "more than half the gutter"]),
    ("font-file-damaged", [], {"fonts/Broken.ttf": "not a font at all"}, [],
     ["fonts/Broken.ttf", "cannot use font file", "TrueType"]),
    ("brand-font-only-as-otf", [("brands/example.yaml", "body: Noto Sans", "body: Fancy Sans")],
     {"fonts/FancySans-Regular.otf": "OTTO" + "\0" * 40}, [],
     ["field 'fonts.body'", "font family 'Fancy Sans' is not available",
      "FancySans-Regular.otf", "cannot be embedded"]),
    ("font-file-cff", [], {"fonts/Cff.ttf": "OTTO" + "\0" * 40}, [],
     ["fonts/Cff.ttf", "not a TrueType font"]),
    ("control-character", [(DECK, "title: Ask for directions", 'title: "Ask for\\vdirections"')],
     {}, [], ["card 'WU-01'", "field 'title'", "invisible control character (U+000B)"]),
    ("qr-off-the-card", [], {"templates/intro.xml": '{% extends "builtin/intro.xml" %}'
                             '{% block front %}<qr x="50" y="1" size="20" data="x"/>'
                             "{% endblock %}"}, [],
     ["card 'HELLO'", "QR code reaches past the card's edge"]),
    ("svg-logo-text-without-glyph", [("brands/example.yaml", "logos/harbor.svg", "logos/t.svg")],
     {"brands/logos/t.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="20" '
                            'viewBox="0 0 50 20"><text x="1" y="15">OK 漢</text></svg>'}, [],
     ["uses '漢' (U+6F22)", "convert the SVG's text to outlines"]),
    ("profile-missing-page", [], {"profiles/mine.yaml": "margin: 5mm\nbleed: 0\n"},
     ["--profile", "mine"],
     ["profiles/mine.yaml", "missing required field 'page'", "docs/profiles.md"]),
    ("profile-negative-margin", [], {"profiles/mine.yaml": "page: a4\nmargin: -5mm\n"},
     ["--profile", "mine"], ["profiles/mine.yaml:2", "field 'margin'", "must not be negative"]),
    ("profile-length-not-a-length", [], {"profiles/mine.yaml": "page: a4\nmargin: wide\n"},
     ["--profile", "mine"], ["profiles/mine.yaml:2", "'wide' is not a length"]),
    ("profile-misspelt-key", [], {"profiles/mine.yaml": "page: a4\nmargn: 5mm\n"},
     ["--profile", "mine"], ["profiles/mine.yaml:2", "unknown key 'margn'",
                             "did you mean 'margin'?"]),
    ("profile-unknown-duplex", [], {"profiles/mine.yaml": "page: a4\nduplex: flip\n"},
     ["--profile", "mine"], ["profiles/mine.yaml:2", "field 'duplex'", "'long-edge'", "'flip'"]),
    ("profile-grid-does-not-fit", [], {"profiles/mine.yaml": "page: letter\ncard: business\n"
                                       "grid: 3x5\nmargin: 0.5in\n"},
     ["--profile", "mine"],
     ["profiles/mine.yaml:3", "field 'grid'", "business cards do not fit",
      "3 × 88.9 mm cards + 2 × 0.0 mm gutters + 2 × 0.0 mm bleed = 266.7 mm",
      "only 190.5 mm wide inside the 12.7 mm margins"]),
    ("grid-does-not-fit-this-deck", [], {"profiles/mine.yaml": "page: letter\nmargin: 0.25in\n"
                                         "grid: 4x4\n"}, ["--profile", "mine"],
     ["profiles/mine.yaml:3", "field 'grid'", "the grid of profile 'mine' does not fit",
      "4 × 63.5 mm cards", "use fewer columns or rows"]),
    ("profile-margins-leave-no-room", [], {"profiles/mine.yaml": "page: a4\nmargin: 120mm\n"},
     ["--profile", "mine"], ["profiles/mine.yaml:2", "field 'margin'", "leave no room"]),
    ("cards-do-not-fit-page", [], {"profiles/mine.yaml": "page: 100x80mm\nmargin: 5mm\n"},
     ["--profile", "mine"],
     ["cards/networking.yaml:35", "do not fit profile 'mine'", "needs 63.5×88.9 mm",
      "only 90.0×70.0 mm"]),
    ("bleed-more-than-margin-allows", [], {"profiles/mine.yaml": "page: 3x4in\nmargin: 0.1in\n"
                                           "grid: 1x1\nbleed: 0.3in\n"},
     ["--profile", "mine"],
     ["the grid of profile 'mine' does not fit", "2 × 7.6 mm bleed = 78.7 mm",
      "only 71.1 mm wide", "a smaller bleed"]),
    ("profile-card-size-mismatch", [], {}, ["--profile", "avery-5371"],
     ["cards/networking.yaml:35", "field 'size'", "profile 'avery-5371' is made for business "
      "cards (88.9×50.8 mm), but this deck's cards are poker (63.5×88.9 mm)",
      "set size: business"]),
    ("back-offset-not-a-length", [], {}, ["--back-offset", "1.5mm,left"],
     ["--back-offset", "'left' is not a length", "calibrate"]),
    ("back-offset-one-value", [], {}, ["--back-offset", "1.5mm"],
     ["--back-offset", "is not an offset; write two lengths X,Y"]),
    ("back-offset-too-large", [], {}, ["--back-offset", "100mm,0"],
     ["'100mm' in the offset '100mm,0' is more than 10 mm", "check the reading"]),
    ("profile-back-offset-too-large", [], {"profiles/mine.yaml": "page: a4\nmargin: 5mm\n"
                                           "back_offset: 0,2cm\n"},
     ["--profile", "mine"], ["profiles/mine.yaml:3", "field 'back_offset'", "more than 10 mm"]),
    ("png-without-pixel-sizes", [], {}, ["--format", "png", "--profile", "dtc"],
     ["profile 'dtc' has no pixel sizes", "mpc, tgc"]),
    ("png-from-a-sheet-profile", [], {}, ["--format", "png"],
     ["profile 'home-letter' has no pixel sizes"]),
    ("profile-pixels-do-not-match-its-card", [],
     {"profiles/mine.yaml": "output: png\ncard: poker\nbleed: 0.2in\npng:\n  pixels: 822x1122\n"},
     ["--profile", "mine"],
     ["profiles/mine.yaml:5", "field 'png.pixels'", "is 870×1170 px at 300 dpi",
      "asks for 822×1122 px"]),
    ("deck-does-not-match-png-pixels", [(DECK, "size: poker", "size: square")],
     {"profiles/mine.yaml": "output: png\nbleed: 0.12in\npng:\n  pixels: 822x1122\n"},
     ["--profile", "mine"],
     ["cards/networking.yaml:35", "field 'size'", "822×822 px", "asks for 822×1122 px"]),
    ("back-offset-for-a-print-service", [], {}, ["--back-offset", "1mm,0", "--profile", "dtc"],
     ["--back-offset does not apply here: profile 'dtc' writes one card per page"]),
    ("back-offset-on-fold-sheets", [], {}, ["--back-offset", "1mm,0", "--profile",
                                           "home-letter-fold"],
     ["prints fold sheets, which are not turned over"]),
    ("png-profile-without-pixels", [], {"profiles/mine.yaml": "output: png\nbleed: 1mm\n"},
     ["--profile", "mine"], ["profiles/mine.yaml", "missing required field 'png'"]),
    ("duplex-for-a-print-service", [], {}, ["--duplex", "short-edge", "--profile", "dtc"],
     ["--duplex does not apply to profile 'dtc'"]),
    ("custom-field-not-declared", [(DECK, "    counts_when: You asked. Their answer",
                                    "    points: 3\n    counts_when: You asked. Their answer")],
     {}, [], ["unknown key 'points'", "list it under 'fields:'"]),
]


@pytest.mark.parametrize(("edits", "files", "args", "expected"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_gives_one_clear_message(workspace, runner, monkeypatch, edits, files, args,
                                           expected):
    monkeypatch.chdir(workspace)
    for file, old, new in edits:
        edit(workspace / file, old, new)
    for file, text in files.items():
        (workspace / file).parent.mkdir(exist_ok=True)
        (workspace / file).write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["build", DECK, "--brand", "example", *args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("error: ")
    for piece in expected:
        assert piece in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("error:")]) == 1
    leftovers = [p for p in (workspace / "output").iterdir() if p.name != "file"]
    assert leftovers == [], "a failed build must not leave files behind"


def test_output_folder_not_writable(workspace, runner, monkeypatch):
    """A real failure to create a file there (permission bits mean little to root)."""
    monkeypatch.chdir(workspace)
    target = Path("/proc/deckpress-test.pdf")
    result = runner.invoke(main, ["build", DECK, "-o", str(target)])
    assert result.exit_code == 1
    assert "cannot write to the folder /proc" in result.output
    assert "Traceback" not in result.output


def test_failed_build_keeps_the_previous_output(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    good = runner.invoke(main, ["build", DECK, "-o", "output/deck.pdf"])
    assert good.exit_code == 0, good.output
    before = (workspace / "output/deck.pdf").read_bytes()
    edit(workspace / DECK, "Ask a stranger for directions", "Ask a stranger 漢 for directions")
    bad = runner.invoke(main, ["build", DECK, "-o", "output/deck.pdf"])
    assert bad.exit_code == 1
    assert (workspace / "output/deck.pdf").read_bytes() == before
    assert sorted(p.name for p in (workspace / "output").iterdir()) == ["deck.pdf"]


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["build"], 2, "Missing argument 'DECK'"),
        (["build", DECK, "--colour", "x"], 2, "No such option"),
        (["frobnicate"], 2, "No such command"),
        (["build", "cards/nothing.yaml"], 1, "deck file not found"),
        (["build", DECK, "--brand", "exampel"], 1, "did you mean 'example'?"),
        (["build", DECK, "-o", "output/deck.txt"], 2, "does not end in .pdf"),
        (["build", DECK, "-o", "output"], 2, "'output' is a folder; give a file name"),
        (["build", DECK, "--profile", "mpc", "-o", "no/such/folder"], 1,
         "the folder no/such does not exist"),
        (["build", DECK, "--profile", "mpc", "-o", "out.pdf"], 2, "PNG files go into a folder"),
        (["build", DECK, "--duplex", "sideways"], 2, "'sideways' is not one of"),
        (["check"], 2, "Missing argument 'DECK'"),
    ],
)
def test_usage_errors_exit_2_and_content_errors_exit_1(workspace, runner, monkeypatch, args,
                                                       code, expected):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, args)
    assert result.exit_code == code
    assert expected in result.output


def test_output_through_a_symlink_replaces_the_real_file(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    real = workspace / "output" / "real.pdf"
    real.write_bytes(b"old")
    real.chmod(0o640)
    (workspace / "link.pdf").symlink_to(real)
    result = runner.invoke(main, ["build", DECK, "-o", "link.pdf"])
    assert result.exit_code == 0, result.output
    assert (workspace / "link.pdf").is_symlink()
    assert real.read_bytes().startswith(b"%PDF")
    assert real.stat().st_mode & 0o777 == 0o640  # a rebuilt file keeps its permissions


def test_output_that_is_not_a_regular_file_is_refused(workspace, runner, monkeypatch):
    import os

    monkeypatch.chdir(workspace)
    os.mkfifo(workspace / "output" / "pipe.pdf")
    result = runner.invoke(main, ["build", DECK, "-o", "output/pipe.pdf"])
    assert result.exit_code == 1
    assert "not a regular file" in result.output
    assert (workspace / "output" / "pipe.pdf").is_fifo()


def test_symlink_loop_and_odd_paths_give_messages(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "loop.pdf").symlink_to(workspace / "loop.pdf")
    result = runner.invoke(main, ["build", DECK, "-o", "loop.pdf"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "leads nowhere" in result.output
    result = runner.invoke(main, ["build", DECK, "--brand", "b" * 300])
    assert result.exit_code == 1 and "Traceback" not in result.output
    result = runner.invoke(main, ["build", DECK, "--profile", "p" * 300])
    assert result.exit_code == 1 and "Traceback" not in result.output
    (workspace / "output").rmdir()
    (workspace / "output").write_text("not a folder")
    result = runner.invoke(main, ["build", DECK])
    assert result.exit_code == 1 and "'output' is not a folder" in result.output


@pytest.mark.parametrize("field", ["size: poker", 'colour: "#9E5F10"', "layout: challenge"])
def test_a_pasted_paragraph_is_not_echoed_in_full(workspace, runner, monkeypatch, field):
    monkeypatch.chdir(workspace)
    key = field.split(":")[0]
    edit(workspace / DECK, field, f"{key}: " + "x" * 3000)
    result = runner.invoke(main, ["build", DECK])
    assert result.exit_code == 1
    assert len(result.output) < 600
