"""Cards drawn as records: in worker processes (`-j N`) and from the face cache, always the
same file as a clean build in one process."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from deckpress import check
from deckpress.build import Options, prepare_job, repeated_pages, write_deck, write_pngs
from deckpress.check import check_deck
from deckpress.errors import DeckError, Where
from deckpress.findings import report_lines
from deckpress.inputs import load_inputs
from deckpress.output.profiles import load_profile
from deckpress.render import cache, records, workers
from deckpress.render.cache import CACHE_FOLDER
from deckpress.source.workspace import Located
from helpers import BRAND, DECK, ROOT, copy_workspace, edit


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    return copy_workspace(tmp_path / "ws")


def build(workspace: Path, name: str, jobs: int = 1, cache: bool = False,
          profile: str = "home-letter") -> bytes:
    inputs = load_inputs(workspace / DECK, workspace / BRAND)
    job = prepare_job(inputs, load_profile(profile, workspace),
                      Options(jobs=jobs, face_cache=cache))
    out = workspace / "output" / name
    write_deck(job, out)
    return out.read_bytes()


def check_lines(workspace: Path, jobs: int) -> list[str]:
    """What `check` says of the sample deck, its cards drawn by `jobs` processes."""
    def load():
        inputs = load_inputs(workspace / DECK, workspace / BRAND, lenient=True)
        return inputs, load_profile("home-letter", workspace)
    return report_lines(check_deck(load, Options(jobs=jobs)).findings)


def small_chunks_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "MIN_CARDS_FOR_WORKERS", 1)
    monkeypatch.setattr(workers, "CHUNK", 3)


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers even for the small sample deck, each taking a few cards at a time."""
    small_chunks_again(monkeypatch)


@pytest.mark.parametrize("profile", ["home-letter", "dtc", "home-a4"])
def test_any_number_of_workers_gives_the_same_file(workspace, small_chunks, monkeypatch,
                                                    profile):
    drawers = workspace / "drawers"
    drawers.mkdir()
    made = records.FaceDrawer

    def noted(*args, **kwargs):  # each process that draws cards leaves its number
        (drawers / str(os.getpid())).touch()
        return made(*args, **kwargs)

    monkeypatch.setattr(workers, "FaceDrawer", noted)
    alone = build(workspace, "one.pdf", jobs=1, profile=profile)
    assert [path.name for path in drawers.iterdir()] == [str(os.getpid())]
    shutil.rmtree(drawers)
    drawers.mkdir()
    together = build(workspace, "two.pdf", jobs=2, profile=profile)
    others = {path.name for path in drawers.iterdir()}
    # workers drew (two for each round: measuring, measuring again exactly the faces that
    # set the deck's text sizes, drawing), not this process
    assert len(others) in (2, 4, 6) and str(os.getpid()) not in others
    assert together == alone


def test_a_cmyk_profile_draws_the_same_in_workers(workspace, small_chunks):
    (workspace / "profiles").mkdir()
    (workspace / "profiles" / "cmyk.yaml").write_text(
        "page: a4\nmargin: 5mm\ngutter: 2mm\nbleed: 1mm\nsafe: 3.5mm\ncolour: cmyk\n",
        encoding="utf-8")
    assert build(workspace, "one.pdf", 1, profile="cmyk") == \
        build(workspace, "two.pdf", 2, profile="cmyk")


def test_check_lists_the_same_findings_with_workers(workspace, small_chunks):
    edit(workspace / DECK, "Politely ask for a small discount",
         "Politely ask " + "and ask again " * 80)
    edit(workspace / DECK, "While waiting in a queue", "While waiting in a queue " * 2)

    alone = check_lines(workspace, 1)
    assert any("does not fit" in line for line in alone), alone
    assert check_lines(workspace, 2) == alone


def test_a_failing_card_in_a_worker_is_the_same_error(workspace, small_chunks):
    edit(workspace / DECK, "Politely ask for a small discount",
         "Politely ask " + "and ask again " * 80)
    messages = []
    for jobs in (1, 2):
        with pytest.raises(Exception) as raised:
            build(workspace, f"{jobs}.pdf", jobs)
        messages.append(str(raised.value))
    assert "does not fit" in messages[0]
    assert messages[1] == messages[0]
    assert not (workspace / "output" / "2.pdf").exists()


# --- the face cache ---------------------------------------------------------------------------


def cache_files(workspace: Path) -> list[Path]:
    return sorted((workspace / "output" / CACHE_FOLDER).glob("faces-*.json"))


def counting_cards(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    drawn: list[int] = []
    card = records.FaceDrawer.card

    def counted(self, index, *caps):
        drawn.append(index)
        return card(self, index, *caps)

    monkeypatch.setattr(records.FaceDrawer, "card", counted)
    return drawn


def test_a_build_from_the_cache_is_the_clean_build(workspace, monkeypatch):
    clean = build(workspace, "clean.pdf")
    assert not cache_files(workspace)  # only builds that keep a cache write one
    first = build(workspace, "first.pdf", cache=True)
    assert len(cache_files(workspace)) == 1
    drawn = counting_cards(monkeypatch)
    again = build(workspace, "again.pdf", cache=True)
    assert drawn == []  # every card from the cache
    assert clean == first == again


def test_one_changed_card_is_the_only_one_drawn(workspace, monkeypatch):
    build(workspace, "first.pdf", cache=True)
    edit(workspace / DECK, "Politely ask for a small discount",
         "Politely ask for a little discount")
    drawn = counting_cards(monkeypatch)
    cached = build(workspace, "cached.pdf", cache=True)
    # that card alone: once as it is alone, and again at the deck's text sizes when those are
    # smaller than its own (fit: deck)
    assert len(set(drawn)) == 1 and len(drawn) <= 2
    assert cached == build(workspace, "clean.pdf")
    assert "little discount" in "".join(
        page.extract_text() for page in PdfReader(workspace / "output" / "cached.pdf").pages)


def test_the_cache_kept_after_one_changed_card_serves_the_next_build(workspace, monkeypatch):
    build(workspace, "first.pdf", cache=True)
    before = read_cache(cache_files(workspace)[0])
    edit(workspace / DECK, "Politely ask for a small discount",
         "Politely ask for a little discount")
    build(workspace, "second.pdf", cache=True)
    after = read_cache(cache_files(workspace)[0])
    # the faces taken from the file are kept as they were written; the changed card's are new
    kept = before["faces"].keys() & after["faces"].keys()
    assert len(kept) >= len(before["faces"]) - 2
    assert all(after["faces"][key] == before["faces"][key] for key in kept)
    assert after["faces"].keys() - before["faces"].keys()
    drawn = counting_cards(monkeypatch)
    third = build(workspace, "third.pdf", cache=True)
    assert drawn == []  # every card, the changed one too, from the cache kept by the second
    assert third == build(workspace, "clean.pdf")


def test_a_face_shared_by_every_card_is_read_from_the_cache_once(workspace, monkeypatch):
    build(workspace, "first.pdf", cache=True)
    read: list[str] = []
    checked = cache.FaceCache._checked

    def counted(self, key):
        read.append(key)
        return checked(self, key)

    monkeypatch.setattr(cache.FaceCache, "_checked", counted)
    build(workspace, "again.pdf", cache=True)
    assert read and len(read) == len(set(read))  # the shared back too, once


def test_a_changed_picture_is_drawn_again(workspace, monkeypatch):
    build(workspace, "first.pdf", cache=True)
    logo = workspace / "brands" / "logos" / "harbor.svg"
    text = logo.read_text(encoding="utf-8")
    assert "#E07A5F" in text, "the sample logo's colours changed: pick another to edit"
    logo.write_text(text.replace("#E07A5F", "#AA2200"), encoding="utf-8")
    drawn = counting_cards(monkeypatch)
    cached = build(workspace, "cached.pdf", cache=True)
    assert drawn  # the faces with the logo
    assert cached == build(workspace, "clean.pdf")


def read_cache(file: Path) -> dict:
    return json.loads(file.read_bytes().partition(b"\n")[2])


def write_cache(file: Path, data: dict) -> None:
    """A cache file as deckpress writes it, its digest right: only the entries are wrong."""
    head = json.loads(file.read_bytes().partition(b"\n")[0])
    body = json.dumps(data).encode()
    head["digest"] = hashlib.sha256(body).hexdigest()
    file.write_bytes(json.dumps(head).encode() + b"\n" + body)


def test_a_damaged_cache_counts_as_empty(workspace):
    clean = build(workspace, "clean.pdf")
    build(workspace, "first.pdf", cache=True)
    file = cache_files(workspace)[0]
    good = file.read_bytes()
    for damage in (b"not json", b'{"format": 1, "around": "x"}\n{}', b"[]", b"",
                   good[:-100], good.replace(b'"content":"', b'"content":"AAAA', 1)):
        file.write_bytes(damage)
        assert build(workspace, "again.pdf", cache=True) == clean


@pytest.mark.parametrize("damage", [
    pytest.param(lambda face: face["form"].update(bbox=["a", "b", "c", "d"]), id="bbox text"),
    pytest.param(lambda face: face["form"].update(bbox=[0, 0, 1e308, 1]), id="bbox huge"),
    pytest.param(lambda face: face["form"].update(bbox=[0, 0, 1]), id="bbox short"),
    pytest.param(lambda face: face["form"].update(content="%%%"), id="content not base64"),
    pytest.param(lambda face: face["form"].update(xobjects=["FormXob.img_0123456789abcdef"]),
                 id="a picture it does not show"),
    pytest.param(lambda face: face["form"].update(states=[["gRLs0", "ca", "(x) Tj"]]),
                 id="a graphics state value"),
    pytest.param(lambda face: face.update(fonts=[["T0123456789", [65]]]), id="unknown font"),
    pytest.param(lambda face: face.update(fonts=[["T0123456789", [-1]]]), id="bad character"),
    pytest.param(lambda face: face.update(assets=[["/nowhere.svg", "rgb:1,x"]]),
                 id="bad colour"),
    pytest.param(lambda face: face.update(located=[["logo.png", ["/nowhere"], "/x"]]),
                 id="a picture found elsewhere now"),
    pytest.param(lambda face: face.pop("pictures"), id="a key missing"),
    pytest.param(lambda face: face.update(form=[]), id="wrong type"),
])
def test_a_damaged_face_is_drawn_again(workspace, damage):
    clean = build(workspace, "clean.pdf")
    build(workspace, "first.pdf", cache=True)
    file = cache_files(workspace)[0]
    data = read_cache(file)
    for face in data["faces"].values():
        damage(face)
    write_cache(file, data)
    assert build(workspace, "again.pdf", cache=True) == clean


def test_a_new_layout_file_draws_every_card_again(workspace, monkeypatch):
    build(workspace, "first.pdf", cache=True)
    base = ROOT / "src" / "deckpress" / "templates" / "_base.xml"
    (workspace / "templates" / "_base.xml").write_text(
        base.read_text(encoding="utf-8").replace("<front>", '<front background="#FFFDF5">', 1),
        encoding="utf-8")
    drawn = counting_cards(monkeypatch)
    cached = build(workspace, "cached.pdf", cache=True)
    assert len(drawn) > 10
    assert cached == build(workspace, "clean.pdf")


def test_a_picture_found_in_another_folder_is_not_taken_from_the_cache(tmp_path):
    first, second = tmp_path / "deck", tmp_path / "workspace"
    first.mkdir(), second.mkdir()
    (second / "logo.png").write_bytes(b"one")
    found = Located("logo.png", (str(first), str(second)), str((second / "logo.png").resolve()))
    assert found.still_found()
    (first / "logo.png").write_bytes(b"two")  # now found first, in the deck's folder
    assert not found.still_found()


def test_a_face_with_a_warning_is_drawn_again_and_warns_again(workspace, monkeypatch):
    Image.new("RGB", (12, 12), (200, 30, 30)).save(workspace / "brands" / "logos" / "tiny.png")
    edit(workspace / BRAND, "logo: logos/harbor.svg", "logo: logos/tiny.png")

    def warnings() -> list[str]:
        inputs = load_inputs(workspace / DECK, workspace / BRAND)
        job = prepare_job(inputs, load_profile("home-letter", workspace),
                          Options(face_cache=True))
        result = write_deck(job, workspace / "output" / "deck.pdf")
        return [finding.line() for finding in result.findings.items]

    first = warnings()
    assert any("prints at 13 dpi" in line for line in first)
    drawn = counting_cards(monkeypatch)
    assert warnings() == first
    assert drawn  # the cards showing a face that warned (here the logo on every back)


def test_png_files_are_the_same_for_any_number_of_workers(workspace, small_chunks):
    inputs = load_inputs(workspace / DECK, workspace / BRAND)
    folders = []
    for jobs in (1, 2):
        job = prepare_job(inputs, load_profile("mpc", workspace), Options(jobs=jobs))
        folder = workspace / "output" / f"mpc-{jobs}"
        write_pngs(job, folder)
        folders.append(folder)
    names = sorted(path.name for path in folders[0].iterdir())
    assert len(names) > 60 and names == sorted(path.name for path in folders[1].iterdir())
    for name in names:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name


def test_repeated_pages_are_the_same_form_on_the_same_side():
    faces = (("face1", "face2"), ("face3", "face2"), ("face1", "face2"), ("face2", "face4"))
    assert repeated_pages(faces) == [None, None, None, 1, 0, 1, None, None]


def dying(drawer: records.FaceDrawer, work: list) -> None:
    """A worker's task that ends its process, as the system would (out of memory)."""
    os._exit(9)


def test_a_worker_that_dies_is_a_clear_error_and_nothing_is_written(workspace, small_chunks,
                                                                     monkeypatch):
    for task in ("_measure", "_draw"):  # the deck's text sizes are measured, then drawn
        monkeypatch.setattr(workers, task, dying)
        with pytest.raises(DeckError, match="a process drawing the cards stopped"):
            build(workspace, "deck.pdf", jobs=2)
        monkeypatch.undo()
        small_chunks_again(monkeypatch)
    assert not (workspace / "output" / "deck.pdf").exists()


def sheet_trouble(inputs, settings):
    raise DeckError("the ladder lists card 'XX-99'", Where(inputs.deck.source.path, 3),
                    "use a card id of the deck")


def sheet_bug(inputs, settings):
    raise RuntimeError("a bug in the worksheets")


def test_check_says_the_worksheets_problems_whether_they_are_checked_beside_or_not(
        workspace, monkeypatch):
    monkeypatch.setattr(check, "check_worksheets", sheet_trouble)

    alone = check_lines(workspace, 1)
    assert any("the worksheets would fail: the ladder lists card 'XX-99'" in line
               for line in alone), alone
    assert check_lines(workspace, 2) == alone
    monkeypatch.setattr(check, "check_worksheets", sheet_bug)  # the process gives no result
    with pytest.raises(RuntimeError, match="a bug in the worksheets"):  # said by this process
        check_lines(workspace, 2)
