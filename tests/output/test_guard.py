"""No output is ever one of the build's inputs or another output of the same run, whatever the
names or links involved; what a killed build leaves behind is removed by the next; SIGTERM
stops a build as Ctrl-C does."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deckpress.cli import main
from deckpress.output.write import remove_leftovers, scratch_prefix
from helpers import ROOT

DECK = "cards/networking.yaml"
TT = "cards/table-talk.yaml"


def digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def link(path: Path, to: Path, kind: str) -> None:
    if kind == "symlink":
        path.symlink_to(os.path.relpath(to, path.parent))
    else:
        os.link(to, path)


# (what the output is made to be, the command after its -o)
INPUTS = {
    "deck": ("cards/networking.yaml", ["build", DECK, "--brand", "example"]),
    "brand": ("brands/example.yaml", ["build", DECK, "--brand", "example"]),
    "logo": ("brands/logos/harbor.svg", ["build", DECK, "--brand", "example"]),
    "layout": ("templates/prompt.xml", ["build", DECK]),
    "worksheet template": ("templates/worksheets/README.md", ["worksheets", DECK]),
    "client": ("clients/li-wei.yaml", ["build", "cards/pocket-scripts.yaml", "--client",
                                       "li-wei"]),
    "font": ("fonts/README.md", ["worksheets", DECK]),
}


@pytest.mark.parametrize("kind", ["symlink", "hard link"])
@pytest.mark.parametrize("role", list(INPUTS))
def test_an_output_that_leads_to_an_input_is_refused(workspace, runner, monkeypatch, role,
                                                     kind):
    monkeypatch.chdir(workspace)
    target, command = INPUTS[role]
    if not (workspace / target).exists():
        pytest.fail(f"the sample workspace has no {target}")
    link(workspace / "output/innocent.pdf", workspace / target, kind)
    before = digests(workspace)
    result = runner.invoke(main, [*command, "-o", "output/innocent.pdf"])
    assert result.exit_code == 1, result.output
    assert "would replace" in result.output and target in result.output
    assert "hint: choose another output path with -o" in result.output
    assert "Traceback" not in result.output
    assert digests(workspace) == before
    assert not [path for path in (workspace / "output").iterdir()
                if path.name.startswith(".deckpress-")]


def test_a_deck_whose_name_ends_in_pdf_is_not_replaced_by_its_own_pdf(workspace, runner,
                                                                     monkeypatch):
    monkeypatch.chdir(workspace)
    os.rename(workspace / "cards/table-talk.yaml", workspace / "cards/table-talk.pdf")
    before = (workspace / "cards/table-talk.pdf").read_bytes()
    for command in (["build"], ["worksheets"]):
        result = runner.invoke(main, [*command, "cards/table-talk.pdf", "-o",
                                      "cards/table-talk.pdf"])
        assert result.exit_code == 1, result.output
        assert "would replace the deck cards/table-talk.pdf" in result.output
    assert (workspace / "cards/table-talk.pdf").read_bytes() == before


def test_a_picture_a_card_shows_is_never_the_output(workspace, runner, monkeypatch):
    """Pictures are found while drawing (here one outside the workspace's input folders):
    checked again before the file is put in place."""
    monkeypatch.chdir(workspace)
    (workspace / "pictures").mkdir()
    picture = workspace / "pictures/photo.png"
    picture.write_bytes((workspace / "brands/logos/harbor.png").read_bytes())
    layout = workspace / "templates/prompt.xml"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "{% endblock %}", '  <image x="2" y="2" w="6" h="6" src="pictures/photo.png"/>\n'
        "{% endblock %}"), encoding="utf-8")
    link(workspace / "output/innocent.pdf", picture, "hard link")
    before = picture.read_bytes()
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/innocent.pdf"])
    assert result.exit_code == 1, result.output
    assert "would replace a picture pictures/photo.png" in result.output
    assert picture.read_bytes() == before
    assert not [path for path in (workspace / "output").iterdir()
                if path.name.startswith(".deckpress-")]


def test_deck_and_worksheets_under_one_name_are_refused_before_anything_is_written(
        workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    result = runner.invoke(main, ["build", DECK, "--with-worksheets",
                                  "-o", "output/networking-worksheets-letter.pdf"])
    assert result.exit_code == 1, result.output
    assert "the deck and the worksheets would both be written to " \
           "output/networking-worksheets-letter.pdf" in result.output
    assert list((workspace / "output").iterdir()) == []


def test_a_kit_zip_that_leads_to_an_input_is_refused(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    link(workspace / "output/li-wei.zip", workspace / "clients/li-wei.yaml", "symlink")
    before = (workspace / "clients/li-wei.yaml").read_bytes()
    result = runner.invoke(main, ["batch", "li-wei", "--zip", "--no-worksheets"])
    assert result.exit_code == 1, result.output
    assert "the kit's zip output/li-wei.zip would replace the client file" in result.output
    assert (workspace / "clients/li-wei.yaml").read_bytes() == before
    assert not (workspace / "output/li-wei").exists(), "the kit was built before the refusal"


def test_leftovers_of_killed_builds_are_removed_and_others_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    ours = scratch_prefix()
    host = ours.split("@")[1]
    names = {
        f".deckpress-{dead}@{host}a1b2.tmp": "file",  # a killed build's file, on this machine
        f".deckpress-{dead}@{host}c3d4.x": "folder",  # ... and scratch folder
        f"{ours}e5f6.tmp": "file",  # this process's own, still being written
        f".deckpress-{dead}@elsewhere~g7h8.tmp": "file",  # another machine's: may be running
        ".deckpress-notes.txt": "file",  # not a name deckpress gives
    }
    for name, kind in names.items():
        if kind == "folder":
            (tmp_path / name).mkdir()
            (tmp_path / name / "page.png").write_bytes(b"x")
        else:
            (tmp_path / name).write_bytes(b"")
    assert sorted(remove_leftovers(tmp_path)) == sorted(list(names)[:2])
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(list(names)[2:])


def test_the_next_build_removes_what_a_killed_build_left(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    host = scratch_prefix().split("@")[1]
    left = workspace / "output" / f".deckpress-{dead}@{host}zz.tmp"
    left.write_bytes(b"")
    assert runner.invoke(main, ["build", "cards/table-talk.yaml", "-q"]).exit_code == 0
    assert not left.exists()


def started_build(workspace: Path, *args: str) -> subprocess.Popen[str]:
    """`deckpress ARGS` as its own process, once it has begun writing its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-c", "from deckpress.cli import main; main()",
                                *args], cwd=workspace, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while not any(path.name.startswith(".deckpress-")
                  for path in (workspace / "output").rglob("*")):
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the build never began writing: {process.communicate()[0]}")
        time.sleep(0.01)
    return process


@pytest.mark.parametrize("command", [["build", "cards/big.yaml", "-o", "output/big.pdf"],
                                     ["batch", "--no-worksheets", "-j", "1"]])
def test_sigterm_stops_like_ctrl_c_and_leaves_nothing_half_written(workspace, command):
    deck = (workspace / "cards/table-talk.yaml").read_text(encoding="utf-8")
    (workspace / "cards/big.yaml").write_text(
        deck.replace("\n  - id: ", "\n  - copies: 600\n    id: "), encoding="utf-8")
    (workspace / "output/big.pdf").write_bytes(b"the previous build")
    process = started_build(workspace, *command)
    process.send_signal(signal.SIGTERM)
    said, _ = process.communicate(timeout=60)
    assert process.returncode == 130, (said, signal.getsignal(signal.SIGINT),
                                       signal.pthread_sigmask(signal.SIG_BLOCK, []))
    assert "interrupted" in said and "Traceback" not in said
    assert (workspace / "output/big.pdf").read_bytes() == b"the previous build"
    assert not [path for path in (workspace / "output").rglob("*")
                if path.name.startswith(".deckpress-")], "a temporary file was left"


def catches(pid: int, signum: int) -> bool:
    """Whether the process has a handler for the signal (Linux: SigCgt in /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    return False


def as_from_a_terminal() -> None:
    """In the child, before the command starts: SIGINT and SIGTERM as a shell leaves them."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_while_starting_up_is_quiet(workspace, signum):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # The command as a terminal starts it: Ctrl-C neither ignored nor blocked, whatever the
    # test process's own threads and libraries have done to its signal state.
    process = subprocess.Popen([sys.executable, "-m", "deckpress", "build", TT], cwd=workspace,
                               env=env, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, preexec_fn=as_from_a_terminal)
    deadline = time.monotonic() + 10
    while not catches(process.pid, signal.SIGTERM):  # the command's own handler is in place
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.002)
    process.send_signal(signum)
    said, _ = process.communicate(timeout=30)
    assert process.returncode == 130, (said, signal.getsignal(signal.SIGINT),
                                       signal.pthread_sigmask(signal.SIG_BLOCK, []))
    assert "Traceback" not in said
    assert not list((workspace / "output").iterdir())


def test_a_calibration_sheet_that_leads_to_an_input_is_refused(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    link(workspace / "output/calibrate.pdf", workspace / "cards/table-talk.yaml", "symlink")
    before = (workspace / "cards/table-talk.yaml").read_bytes()
    result = runner.invoke(main, ["calibrate", "--paper", "a4", "-o", "output/calibrate.pdf"])
    assert result.exit_code == 1, result.output
    assert "the calibration sheet output/calibrate.pdf would replace" in result.output
    assert (workspace / "cards/table-talk.yaml").read_bytes() == before
