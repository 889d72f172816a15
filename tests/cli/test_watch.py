"""`--watch`: the loop driven by change sets given by the test (what runs again, what does not,
stopping, errors), `preview --watch` and `build --watch` seeing edited files, and one real
watcher seeing a real change."""

from __future__ import annotations

import threading
import time
from functools import partial
from pathlib import Path

import pytest
from PIL import Image

from deckpress.cli import main
from deckpress.cli import watch as watching
from deckpress.cli.watch import (
    Ran,
    Scope,
    file_changes,
    scope_of,
    watch_command,
    watch_loop,
)
from deckpress.cli.watch import (
    named_on_command_line as named,
)
from deckpress.errors import DeckError, Where
from deckpress.output.guard import PACKAGE
from helpers import DECK, edit, prepare

PROBE = """<card>
<front background="#FF0000"/>
<back background="#00A000"/>
</card>
"""


class Script:
    """Change sets handed to the watch loop one by one; `between` runs before each is handed
    over (the user's edit); KeyboardInterrupt when they run out, as Ctrl-C while waiting."""

    def __init__(self, sets, between=None):
        self.sets = [{Path(path) for path in changed} for changed in sets]
        self.between = between
        self.scopes: list[Scope] = []

    def __call__(self, scope: Scope):
        self.scopes.append(scope)
        while self.sets:
            if self.between is not None:
                self.between()
            yield self.sets.pop(0)
        raise KeyboardInterrupt


def counting(scope: Scope):
    runs: list[int] = []

    def run() -> Scope:
        runs.append(len(runs) + 1)
        return scope

    return run, runs


def test_each_relevant_change_set_runs_once_more(tmp_path):
    scope = scope_of(named(tmp_path / "cards/deck.yaml", None, None, tmp_path / "out.pdf"))
    run, runs = counting(scope)
    watch_loop(run, Script([
        [tmp_path / "cards/deck.yaml", tmp_path / "brands/b.yaml"],  # one set: one run
        [tmp_path / "out.pdf"],  # what the run writes
        [tmp_path / "output/deck.pdf", tmp_path / "output/x/001-A-front.png"],  # output/
        [tmp_path / "cards/.deckpress-123@host~x.tmp"],  # deckpress's own temporary file
        [tmp_path / "templates/challenge.xml"],
    ]))
    assert runs == [1, 2, 3]


def test_the_watcher_starts_again_when_the_folders_change(tmp_path):
    (tmp_path / "cards").mkdir()
    (tmp_path / "elsewhere").mkdir()
    first = scope_of(named(tmp_path / "cards/deck.yaml", None, None, None))
    second = scope_of(named(tmp_path / "cards/deck.yaml", tmp_path / "elsewhere/brand.yaml",
                            None, None))
    scopes = iter([first, second, second])
    script = Script([[tmp_path / "cards/deck.yaml"], [tmp_path / "cards/deck.yaml"]])
    watch_loop(lambda: next(scopes), script)
    assert script.scopes == [first, second]
    assert tmp_path / "elsewhere" in second.folders and tmp_path / "elsewhere" not in \
        first.folders


def test_scope_is_the_input_folders_and_the_folders_of_files_elsewhere(tmp_path):
    prepare(tmp_path, files={"cards/deck.yaml": "", "templates/worksheets/log.xml": "",
                             "brands/logos/logo.svg": "", "output/old.pdf": "",
                             "cards/.hidden/x": "", "far/brand.yaml": ""})
    scope = scope_of(named(tmp_path / "cards/deck.yaml", tmp_path / "far/brand.yaml", None,
                           tmp_path / "mine.pdf"))
    assert scope.folders == {tmp_path / name for name in (
        "cards", "templates", "templates/worksheets", "brands", "brands/logos", "far")}
    assert scope.ignored == {tmp_path / "output", tmp_path / "mine.pdf"}


def test_a_deck_linked_in_from_elsewhere_is_watched_where_it_really_is(tmp_path):
    prepare(tmp_path, files={"far/deck.yaml": ""})
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards/deck.yaml").symlink_to(tmp_path / "far/deck.yaml")
    scope = scope_of(named(tmp_path / "cards/deck.yaml", None, None, None))
    assert {tmp_path / "cards", tmp_path / "far"} <= scope.folders


def test_ctrl_c_while_waiting_ends_the_watch_with_a_message(tmp_path):
    said: list[str] = []
    (tmp_path / "deck.yaml").write_text("")
    script = Script([[tmp_path / "deck.yaml"]])
    watch_command(lambda: Ran([], []), named(tmp_path / "deck.yaml", None, None, None),
                  said.append, script)
    assert said[0] == f"watching {tmp_path}/ for changes (Ctrl-C to stop)"
    assert said[-1] == "stopped watching"
    assert script.scopes[0].folders == {tmp_path}


def test_ctrl_c_during_a_run_stops_the_command(tmp_path):
    def run() -> Ran:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        watch_command(run, named(tmp_path / "deck.yaml", None, None, None), print, Script([]))


def test_a_mistake_is_printed_as_the_command_prints_it_and_watching_goes_on(tmp_path, capsys):
    outcomes = [DeckError("unknown category 'warmup'", Where(tmp_path / "deck.yaml", 98),
                          "did you mean 'warm-up'?"),
                OSError(28, "No space left on device", str(tmp_path / "out.pdf")), None]

    def run() -> Ran:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome
        return Ran([], [])

    watch_command(run, named(tmp_path / "deck.yaml", None, None, None), print,
                  Script([[tmp_path / "deck.yaml"], [tmp_path / "deck.yaml"]]))
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("error: ") and err[0].endswith(
        "deck.yaml:98: unknown category 'warmup'")
    assert err[1] == "  hint: did you mean 'warm-up'?"
    assert err[2] == f"error: {tmp_path / 'out.pdf'}: No space left on device"
    assert outcomes == []


def probe_workspace(workspace: Path) -> None:
    prepare(workspace, files={
        "templates/probe.xml": PROBE,
        "cards/probe.yaml": "title: Probe\nsize: poker\nlayout: probe\ncards:\n"
                            "  - {id: A, title: a, text: x}\n"})


def colour_at_front(path: Path) -> tuple[int, int, int]:
    image = Image.open(path).convert("RGB")
    return image.getpixel((100, 200))


def test_preview_watch_shows_an_edited_layout_and_deck(workspace, runner, monkeypatch):
    """The layout is compiled again when it changes (the compiled layouts kept between runs
    are checked against the file), and the deck is read again."""
    probe_workspace(workspace)
    output = workspace / "output/probe-preview.png"
    seen: list[tuple[int, int, int]] = []
    edits = iter([
        lambda: edit(workspace / "templates/probe.xml", "#FF0000", "#0000FF"),
        lambda: edit(workspace / "cards/probe.yaml", "id: A", "id: B"),
        lambda: edit(workspace / "cards/probe.yaml", "id: B", "id: A"),
    ])

    def between() -> None:
        seen.append(colour_at_front(output))
        next(edits)()

    script = Script([[workspace / "templates/probe.xml"], [workspace / "cards/probe.yaml"],
                     [workspace / "cards/probe.yaml"]], between)
    monkeypatch.setattr(watching, "file_changes", script)
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["preview", "cards/probe.yaml", "--card", "A", "--watch"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("wrote output/probe-preview.png (1 card, front and back) in ")
    assert lines[1] == ("watching brands/, cards/, clients/, fonts/, templates/ for changes "
                        "(Ctrl-C to stop)")  # not deckpress's own layouts, fonts or icons
    assert "error: cards/probe.yaml: the deck has no card 'A' (--card A)" in result.output
    assert lines[-1] == "stopped watching"
    assert seen == [(255, 0, 0), (0, 0, 255), (0, 0, 255)]
    assert colour_at_front(output) == (0, 0, 255)


def test_build_watch_builds_again_after_an_error(workspace, runner, monkeypatch):
    deck = workspace / DECK
    edits = iter([lambda: edit(deck, "category: warm-up", "category: warmup"),
                  lambda: edit(deck, "category: warmup", "category: warm-up")])
    script = Script([[deck], [deck]], lambda: next(edits)())
    monkeypatch.setattr(watching, "file_changes", script)
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", DECK, "--watch", "-o", "cards.pdf"])
    assert result.exit_code == 0, result.output
    wrote = [line for line in result.output.splitlines() if line.startswith("wrote cards.pdf")]
    assert len(wrote) == 2 and all(" s" in line.split(") in ")[1] for line in wrote)
    assert "unknown category 'warmup'" in result.output
    assert workspace / "cards.pdf" in script.scopes[0].ignored
    # the deck's categories show built-in icons: deckpress's own folders are not watched
    assert all(PACKAGE not in (folder, *folder.parents) for folder in script.scopes[0].folders)


def test_a_real_change_is_seen_and_a_burst_of_them_runs_once_more(tmp_path):
    """watchfiles itself: a file saved while a run is busy leads to one more run."""
    (tmp_path / "cards").mkdir()
    deck = tmp_path / "cards" / "deck.yaml"
    deck.write_text("one")
    runs: list[float] = []
    stop = threading.Event()

    def run() -> Ran:
        runs.append(time.monotonic())
        if len(runs) == 2:
            for number in range(5):  # saved again and again while this run is busy
                deck.write_text(f"again {number}")
                time.sleep(0.02)
        return Ran([deck], [])

    watcher = threading.Thread(target=watch_command, args=(
        run, named(deck, None, None, None), lambda line: None,
        partial(file_changes, stop=stop)))
    watcher.start()
    try:
        wait_for(lambda: len(runs) == 1)
        time.sleep(0.2)  # the watcher is set up
        deck.write_text("two")
        wait_for(lambda: len(runs) >= 3)
        time.sleep(0.6)  # any further run would have started by now
    finally:
        stop.set()
        watcher.join(5)
    assert len(runs) == 3


def wait_for(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_failed_run_while_watching_lists_every_problem():
    from deckpress.cli.watch import failure_message
    from deckpress.errors import DeckError, Where, combined

    error = combined([DeckError("unknown key 'titel'", Where(Path("cards/d.yaml"), 4), "title?"),
                      DeckError("unknown level 'hot'", Where(Path("cards/d.yaml"), 9))])
    assert failure_message(error).splitlines() == [
        "error: cards/d.yaml:4: unknown key 'titel'", "  hint: title?",
        "error: cards/d.yaml:9: unknown level 'hot'"]
