"""One text size across the deck (`fit: deck`, the default) or each card's own (`fit: card`):
the sizes the PDF's texts are set at, the warnings that name the card setting them, and the
same bytes however the cards are drawn."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from deckpress.build import Options, prepare_job, write_deck
from deckpress.cli import main
from deckpress.inputs import load_inputs
from deckpress.output.profiles import load_profile
from deckpress.render import workers
from deckpress.render.decksize import (
    Natural,
    Outlier,
    capped_key,
    caps_for,
    deck_sizes,
    outliers,
    text_kind,
    unsettled,
)

# A layout of the test's own, so the sizes do not depend on the built-in designs.
PROBE = "\n".join([
    "<card><front>",
    '<text name="title" x="5" y="5" w="50" h="8" size="11" min-size="7">{{ card.title }}</text>',
    '<text name="text" x="5" y="15" w="53" h="38" size="12" min-size="6" leading="1.2"',
    '      not-above="title">{{ card.text }}</text>',
    '<text name="code" x="5" y="55" w="30" h="4" size="6" fit="card">{{ card.id }}</text>',
    '</front><back>',
    '<text name="mark" x="5" y="40" w="53" h="8" size="9" min-size="6">{{ deck.title }}</text>',
    "</back></card>",
])

SHORT = "What did you enjoy most this week?"
LONG = ("If you could spend one whole year learning any craft, language or skill from the best "
        "teacher alive, with everything paid for and your daily life taken care of, which would "
        "you pick, why that one, who would you want beside you while learning it, and what "
        "would you do with it afterwards, once the year is over and you are home again?")


def write_deck_file(folder: Path, texts: list[str], fit: str | None = None) -> Path:
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "templates" / "probe.xml").write_text(PROBE, encoding="utf-8")
    (folder / "output").mkdir(exist_ok=True)
    lines = ["title: Probe", "size: square", "layout: probe"]
    if fit:
        lines.append(f"fit: {fit}")
    lines.append("cards:")
    for number, text in enumerate(texts, 1):
        lines += [f"  - id: P-{number:02}", f"    title: Question {number}",
                  f"    text: \"{text}\""]
    deck = folder / "cards" / "probe.yaml"
    deck.parent.mkdir(exist_ok=True)
    deck.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return deck


def build(deck: Path, name: str, jobs: int = 1, cache: bool = False) -> Path:
    inputs = load_inputs(deck, None)
    job = prepare_job(inputs, load_profile("home-letter", deck.parent.parent),
                      Options(jobs=jobs, face_cache=cache))
    out = deck.parent.parent / "output" / name
    write_deck(job, out)
    return out


def body_sizes(pdf: Path) -> Counter[float]:
    """Words per size of the cards' body texts (words of the questions)."""
    body_words = set((SHORT + " " + LONG).split())
    sizes: Counter[float] = Counter()
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for word in page.extract_words(extra_attrs=["size"]):
                if word["text"] in body_words:
                    sizes[round(word["size"], 2)] += 1
    return sizes


# --- the sizes, as pure functions ------------------------------------------------------------

KIND = text_kind("plain", "front", "text", 12, 7)
TITLE = text_kind("plain", "front", "title", 11, 7)


@pytest.mark.parametrize(("naturals", "expected"), [
    ([], {}),
    ([{KIND: 12.0}], {KIND: 12.0}),
    ([{KIND: 12.0}, {KIND: 9.5, TITLE: 11.0}, {KIND: 10.0}], {KIND: 9.5, TITLE: 11.0}),
])
def test_the_deck_size_of_a_kind_is_its_smallest(naturals, expected):
    assert deck_sizes(naturals) == expected


def test_caps_only_lower_a_size_and_change_the_face_key():
    sizes = {KIND: 9.5, TITLE: 11.0}
    assert caps_for(Natural(((KIND, 12.0), (TITLE, 11.0))), sizes) == ((KIND, 9.5),)
    assert caps_for(Natural(((KIND, 9.5),)), sizes) == ()
    # measured roughly, a text may fit larger than it was measured at: capped all the same
    assert caps_for(Natural(((KIND, 9.5),), exact=False), sizes) == ((KIND, 9.5),)
    assert capped_key("abc", ()) == "abc"
    assert capped_key("abc", ((KIND, 9.5),)) != capped_key("abc", ((KIND, 9.75),))
    assert capped_key("abc", ((KIND, 9.5),)).startswith("abc+")


def rough(size: float) -> Natural:
    return Natural(((KIND, size),), exact=False)


def exact(size: float) -> Natural:
    return Natural(((KIND, size),))


@pytest.mark.parametrize(("faces", "expected"), [
    ({"a": exact(9.0), "b": rough(8.5), "c": rough(10.0)}, {"b"}),  # may set the size
    ({"a": exact(9.0), "b": rough(9.0), "c": rough(10.0)}, set()),  # fits 9 pt: cannot
    ({"a": exact(9.0), "b": exact(8.5)}, set()),
    ({"a": rough(9.0), "b": rough(9.0), "c": rough(10.0)}, {"a", "b"}),  # the lowest
    ({"a": exact(9.0), "b": exact(9.0), "c": exact(9.0), "d": rough(7.75)}, {"d"}),
])
def test_faces_measured_roughly_are_measured_again_where_they_decide(faces, expected):
    assert unsettled(faces, [(key, key) for key in faces]) == expected


def test_a_rough_size_well_below_the_usual_is_measured_again_to_be_said():
    faces = {"a": exact(7.0), "b": exact(12.0), "c": exact(12.0), "d": rough(10.5)}
    assert unsettled(faces, [(key, key) for key in faces]) == set()  # usual 11.25: not said
    faces["d"] = rough(9.5)  # usual 10.75: more than a point below, so said, exactly
    assert unsettled(faces, [(key, key) for key in faces]) == {"d"}


def test_a_kind_is_the_same_element_at_the_same_sizes():
    assert text_kind("plain", "front", "text", 12, 7) != text_kind("plain", "front", "text", 11, 7)
    assert text_kind("plain", "front", "text", 12, 7) != text_kind("intro", "front", "text", 12, 7)


@pytest.mark.parametrize(("sizes", "expected"), [
    ([12.0, 12.0, 10.75], [2]),  # more than a point below the usual size
    ([12.0, 12.0, 11.0], []),  # exactly a point below: not said
    ([12.0, 8.0], []),  # two cards: no usual size to speak of
    ([9.0, 9.0, 12.0, 12.0, 12.0], [0, 1]),
])
def test_outliers_are_more_than_a_point_below_the_median(sizes, expected):
    naturals = {index: {KIND: size} for index, size in enumerate(sizes)}
    found = outliers(naturals)
    assert [one.index for one in found] == expected
    assert all(isinstance(one, Outlier) and one.kind == KIND for one in found)


# --- the PDF ---------------------------------------------------------------------------------


def test_every_card_shares_the_size_the_longest_text_needs(tmp_path):
    deck = write_deck_file(tmp_path, [SHORT, SHORT, LONG, SHORT])
    sizes = body_sizes(build(deck, "deck.pdf"))
    assert len(sizes) == 1, sizes  # one body size across the deck
    (size,) = sizes
    assert 6 <= size < 11


def test_fit_card_sets_each_card_at_its_own_size(tmp_path):
    deck = write_deck_file(tmp_path, [SHORT, SHORT, LONG, SHORT], fit="card")
    sizes = body_sizes(build(deck, "card.pdf"))
    assert len(sizes) == 2, sizes
    assert max(sizes) == 11  # the short ones at the title's size (not-above), the long smaller


def test_a_text_with_fit_card_keeps_its_own_size(tmp_path):
    deck = write_deck_file(tmp_path, [SHORT, SHORT, LONG])
    pdf = build(deck, "deck.pdf")
    with pdfplumber.open(pdf) as document:
        codes = {round(word["size"], 2) for page in document.pages
                 for word in page.extract_words(extra_attrs=["size"])
                 if word["text"].startswith("P-")}
    assert codes == {6.0}


@pytest.mark.parametrize(("fit", "said"), [
    (None, "the layout's \"text\" needs"),
    ("card", "the layout's \"text\" is set at"),
])
def test_check_names_the_card_whose_text_stands_out(tmp_path, monkeypatch, fit, said):
    deck = write_deck_file(tmp_path, [SHORT, SHORT, LONG, SHORT], fit=fit)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", str(deck)])
    lines = [line for line in result.output.splitlines() if said in line]
    assert len(lines) == 1, result.output
    assert "card 'P-03'" in lines[0] and "probe.yaml:" in lines[0]
    assert "hint: shorten this card's text" in lines[0]


def test_a_deck_of_even_texts_says_nothing(tmp_path, monkeypatch):
    deck = write_deck_file(tmp_path, [SHORT] * 5)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", str(deck)])
    assert "the layout's" not in result.output, result.output


def test_same_bytes_with_workers_and_from_the_face_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "MIN_CARDS_FOR_WORKERS", 1)
    monkeypatch.setattr(workers, "CHUNK", 2)
    deck = write_deck_file(tmp_path, [SHORT, LONG, SHORT, SHORT, SHORT])
    clean = build(deck, "one.pdf").read_bytes()
    assert build(deck, "two.pdf", jobs=2).read_bytes() == clean
    assert build(deck, "cached.pdf", cache=True).read_bytes() == clean
    assert build(deck, "again.pdf", jobs=2, cache=True).read_bytes() == clean
    # the long card shortened: every card goes back up, from the cache as from clean
    deck.write_text(deck.read_text(encoding="utf-8").replace(LONG, SHORT), encoding="utf-8")
    rebuilt = build(deck, "rebuilt.pdf", jobs=2, cache=True).read_bytes()
    assert rebuilt == build(deck, "clean.pdf").read_bytes()
    assert max(body_sizes(tmp_path / "output" / "rebuilt.pdf")) == 11


def test_a_fit_that_is_not_deck_or_card_is_refused_at_its_line(tmp_path, monkeypatch):
    deck = write_deck_file(tmp_path, [SHORT], fit="cards")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", str(deck)])
    assert result.exit_code == 1
    assert "probe.yaml:4" in result.output and "fit" in result.output
    assert "Traceback" not in result.output


def test_a_watch_measures_again_only_the_cards_that_changed(tmp_path, monkeypatch):
    from deckpress.build import deck_for, deck_layouts, face_spec_for
    from deckpress.findings import Findings
    from deckpress.render import records
    from deckpress.render.cards import CardSource
    from deckpress.render.deckfaces import DeckFaces

    measured: list[int] = []
    measure = records.FaceDrawer.measure

    def counted(self, index, exact=False):
        measured.append(index)
        return measure(self, index, exact)

    monkeypatch.setattr(records.FaceDrawer, "measure", counted)
    deck = write_deck_file(tmp_path, [SHORT, LONG, SHORT, SHORT])
    known: dict = {}

    def caps():
        inputs = load_inputs(deck, None)
        source = CardSource(deck_for(inputs), inputs.fonts, deck_layouts(inputs),
                            face_spec_for(inputs, load_profile("home-letter", tmp_path)))
        body = inputs.fonts.family(inputs.brand.brand.fonts.body).face()
        return DeckFaces(source, body, 1, Findings()).caps(known)

    first = caps()
    assert set(measured) == {0, 1, 2, 3} and any(first[0])  # the short cards capped
    measured.clear()
    assert caps() == first and measured == []  # nothing changed: nothing measured
    deck.write_text(deck.read_text(encoding="utf-8").replace(LONG, SHORT), encoding="utf-8")
    assert not any(any(side) for side in caps().values())  # the long card gone: no caps
    assert measured == [1]


@pytest.mark.parametrize("deck_name", ["networking", "netzwerken", "table-talk"])
def test_rough_measuring_sets_the_deck_as_measuring_every_text_exactly(workspace, monkeypatch,
                                                                        deck_name):
    """Faces are measured roughly and only those that decide a size again exactly: the file is
    the one measuring every face exactly gives."""
    from deckpress.render import deckfaces

    deck = workspace / "cards" / f"{deck_name}.yaml"
    rough_pdf = build(deck, "rough.pdf")
    measure = deckfaces.measure_cards

    def exactly(*args, **kwargs):
        return measure(*args, **{**kwargs, "exact": True})

    monkeypatch.setattr(deckfaces, "measure_cards", exactly)
    exact_pdf = build(deck, "exact.pdf")
    assert rough_pdf.read_bytes() == exact_pdf.read_bytes()


def test_rough_measuring_of_a_deck_of_uneven_texts_is_exact_where_it_matters(tmp_path,
                                                                               monkeypatch):
    from deckpress.render import deckfaces

    deck = write_deck_file(tmp_path, [SHORT, LONG, SHORT + " " + SHORT, LONG[:150], LONG[:90]])
    rough_pdf = build(deck, "rough.pdf").read_bytes()
    measure = deckfaces.measure_cards
    monkeypatch.setattr(deckfaces, "measure_cards",
                        lambda *args, **kwargs: measure(*args, **{**kwargs, "exact": True}))
    assert build(deck, "exact.pdf").read_bytes() == rough_pdf
