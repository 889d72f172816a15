"""`check` on a print service's profile says what the service would flag in the service's words
(data/services.yaml), once, at the card and line it comes from; and nothing the service would
not flag: deckpress's own warnings (low contrast) keep deckpress's words."""

from __future__ import annotations

import pytest
from PIL import Image

from deckpress.cli import main
from deckpress.findings import KINDS, Finding
from deckpress.render.preflight import rich_black_inks
from deckpress.services import in_service_words, service_for, services
from helpers import DECK, ROOT, sample_line

DTC = (ROOT / "src/deckpress/data/profiles/dtc.yaml").read_text(encoding="utf-8")
POD = (ROOT / "src/deckpress/data/profiles/pod-pdf.yaml").read_text(encoding="utf-8")
WU_02 = sample_line(DECK, "id: WU-02")  # the one card each defect is put on


def on_one_card(markup: str) -> str:
    """A layout: the challenge, with `markup` added to the front of card WU-02 only."""
    return ('{% extends "builtin/challenge.xml" %}{% block front %}{{ super() }}'
            '{% if card.id == "WU-02" %}' + markup + '{% endif %}{% endblock %}')


# (defect, profile, profile file or None, markup, picture, the service's words)
DEFECTS = [
    ("low-resolution image", "dtc", None,
     '<image x="10" y="40" w="20" h="20" src="small.png"/>', ("small.png", 60, "RGB"),
     'DriveThruCards would flag this: image "small.png" is 76 dpi; their minimum is 300 dpi'),
    ("text in the cut zone", "dtc", None,
     '<text x="1" y="40" w="40" h="8">Near the edge</text>', None,
     'DriveThruCards would flag this: the text "Near the edge" is 0.039 in from a finished '
     'edge; their safe area'),
    ("background stopping at the trim", "dtc", None,
     '<rect x="0" y="{{ size.height - 12 }}" w="{{ size.width }}" h="12" fill="#E9ECEF"/>',
     None,
     "DriveThruCards would flag this: the rectangle stops at the finished edge (left, right "
     "and bottom) instead of running through the 1/8\" (0.125 in) bleed"),
    ("RGB image in a CMYK file", "pod-pdf", POD + "colour: cmyk\n",
     '<image x="10" y="40" w="20" h="20" src="photo.png"/>', ("photo.png", 900, "RGB"),
     'A print shop\'s preflight would flag this: image "photo.png" is RGB in a CMYK file'),
    ("opacity in PDF/X-1a", "dtc", DTC + "pdfx: x-1a\n",  # over text: cannot be flattened
     '<rect x="5" y="20" w="50" h="30" fill="#336699" opacity="0.4"/>', None,
     "DriveThruCards would flag this: the layout's <rect> is drawn at opacity 0.4 over a "
     "picture, text or several colours; PDF/X-1a, the format they ask for, allows no "
     "transparency"),
    ("small text in a rich black", "dtc", DTC + "pdfx: x-1a\n",
     '<text x="10" y="40" w="30" h="8" size="8" colour="#0A0F28">Fine print</text>', None,
     "DriveThruCards would flag this: text in #0A0F28 at 8 pt prints as a rich black "
     "(C75 M62 Y0 K84)"),
]


@pytest.mark.parametrize(("profile", "profile_file", "markup", "picture", "words"),
                         [case[1:] for case in DEFECTS], ids=[case[0] for case in DEFECTS])
def test_each_defect_is_said_once_in_the_services_words(workspace, runner, monkeypatch, profile,
                                                        profile_file, markup, picture, words):
    monkeypatch.chdir(workspace)
    (workspace / "templates/prompt.xml").write_text(on_one_card(markup), encoding="utf-8")
    text = (workspace / DECK).read_text(encoding="utf-8")
    (workspace / DECK).write_text(text.replace("layout: challenge", "layout: prompt", 1),
                                  encoding="utf-8")
    if profile_file is not None:
        (workspace / "profiles").mkdir()
        (workspace / "profiles" / f"{profile}.yaml").write_text(profile_file, encoding="utf-8")
    if picture is not None:
        name, size, mode = picture
        Image.new(mode, (size, size), "#336699").save(workspace / "cards" / name)
    result = runner.invoke(main, ["check", DECK, "--brand", "example", "-p", profile])
    # what a service flags is a warning; what deckpress cannot write as PDF/X-1a, an error
    refused = "transparency" in words
    assert result.exit_code == int(refused), result.output
    said = [line for line in result.output.splitlines() if words in line]
    assert len(said) == 1, result.output
    severity = "error" if refused else "warning"
    assert said[0].startswith(f"{severity}: {WU_02}, card 'WU-02': {words}"), said[0]
    assert "(and on" not in said[0]  # one card has it
    assert "(hint: " in said[0]


def test_the_sample_deck_gives_no_service_finding(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    for profile in ("dtc", "mpc", "tgc", "pod-pdf"):
        result = runner.invoke(main, ["check", DECK, "--brand", "example", "-p", profile])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("0 errors, 0 warnings"), result.output


def test_what_the_service_does_not_check_keeps_deckpress_words(workspace, runner, monkeypatch):
    """Low contrast is deckpress's concern; a blurry picture inside a PNG that has the right
    pixel size is not something MakePlayingCards' uploader sees."""
    monkeypatch.chdir(workspace)
    (workspace / "templates/prompt.xml").write_text(on_one_card(
        '<text x="10" y="40" w="20" h="8" colour="#DDDDDD">faint</text>'
        '<image x="10" y="50" w="20" h="20" src="small.png"/>'), encoding="utf-8")
    text = (workspace / DECK).read_text(encoding="utf-8")
    (workspace / DECK).write_text(text.replace("layout: challenge", "layout: prompt", 1),
                                  encoding="utf-8")
    Image.new("RGB", (60, 60), "#336699").save(workspace / "cards/small.png")
    for profile, service in (("dtc", "DriveThruCards"), ("mpc", "MakePlayingCards")):
        result = runner.invoke(main, ["check", DECK, "--brand", "example", "-p", profile])
        lines = result.output.splitlines()
        contrast = [line for line in lines if "low contrast" in line]
        assert len(contrast) == 1 and service not in contrast[0], result.output
        resolution = [line for line in lines if "small.png" in line]
        assert len(resolution) == 1, result.output
        assert (service in resolution[0]) == (profile == "dtc"), resolution[0]
        assert "prints at 76 dpi" in resolution[0] or profile == "dtc"


def test_a_rich_black_is_said_once_per_colour(workspace, runner, monkeypatch):
    """A dark blue ink that converts to several inks on every card: one line says so, with how
    many texts and cards have it, not one line per text. The sample layouts' own ink, the
    near-black #1F2328, prints in black ink alone: nothing said of it."""
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/dtc.yaml").write_text(DTC + "pdfx: x-1a\n", encoding="utf-8")
    result = runner.invoke(main, ["check", DECK, "--brand", "example", "-p", "dtc"])
    assert result.exit_code == 0 and "rich black" not in result.output, result.output
    (workspace / "templates/challenge.xml").write_text(
        '{% extends "builtin/challenge.xml" %}{% block front %}{{ super() }}'
        '<text x="10" y="40" w="30" h="8" size="8" colour="#0A0F28">Fine print</text>'
        '<text x="10" y="50" w="30" h="8" size="8" colour="#0A0F28">More</text>'
        '{% endblock %}', encoding="utf-8")
    result = runner.invoke(main, ["check", DECK, "--brand", "example", "-p", "dtc"])
    said = [line for line in result.output.splitlines() if "#0A0F28" in line]
    assert len(said) == 1, result.output
    assert "DriveThruCards would flag this: text in #0A0F28" in said[0]
    assert "(C75 M62 Y0 K84)" in said[0] and "95 more texts in #0A0F28, on 48 cards)" in said[0]


def test_a_build_does_not_repeat_the_rich_black_on_every_face(workspace, runner, monkeypatch,
                                                              tmp_path):
    monkeypatch.chdir(workspace)
    (workspace / "profiles").mkdir()
    (workspace / "profiles/dtc.yaml").write_text(DTC + "pdfx: x-1a\n", encoding="utf-8")
    result = runner.invoke(main, ["build", DECK, "--brand", "example", "-p", "dtc",
                                  "-o", str(tmp_path / "deck.pdf")])
    assert result.exit_code == 0, result.output
    assert "rich black" not in result.output


def test_every_service_names_known_kinds_and_fills_its_words():
    facts = {"image": "a.png", "dpi": "100", "needed_px": "900", "what": "rectangle",
             "inset_mm": "1.0", "inset_in": "0.039", "edges": "left", "mode": "RGB",
             "opacity": "0.5", "colour": "#0A0A14", "inks": "C50 M50 Y0 K92", "size": "8"}
    assert set(services()) == {"dtc", "mpc", "tgc", "pod-pdf"}
    for service in services().values():
        for kind, check in service.checks.items():
            assert kind in KINDS
            problem, hint = check.words("deckpress says", facts)
            assert "{" not in problem + hint


def test_a_service_flags_only_below_its_minimum():
    dtc = service_for("dtc")
    assert dtc is not None

    def low(dpi: str) -> Finding:
        return Finding("warning", "resolution", finding_place(), "x.png prints at …", "hint",
                       (("image", "x.png"), ("dpi", dpi), ("needed_px", "900")))

    assert in_service_words(low("190"), dtc).problem.startswith("DriveThruCards would flag")
    assert in_service_words(low("300"), dtc).problem == "x.png prints at …"
    glyph = Finding("error", "glyph", finding_place(), "no glyph for 'x'")
    assert in_service_words(glyph, dtc) == glyph  # deckpress's errors stay its own
    contrast = Finding("warning", "contrast", finding_place(), "low contrast: …")
    assert in_service_words(contrast, dtc) == contrast
    assert service_for("home-letter") is None


def test_rich_black_is_black_ink_with_others_on_top():
    assert rich_black_inks("#000000") is None  # black ink alone
    assert rich_black_inks("#333333") is None  # a grey: black ink alone
    assert rich_black_inks("#1D3557") is None  # a dark blue, not a black
    assert rich_black_inks("#1F2328") is None  # near grey: black ink alone (colours.to_cmyk)
    assert rich_black_inks("#0A0F28") == "C75 M62 Y0 K84"


def finding_place():
    from deckpress.errors import Where

    return Where("deck.yaml", 3, "A-1")
