"""`deckpress batch`: every client's kit in output/<client>/, the same bytes in one process or
many, built again only when something it uses changed, one client's mistake kept to itself."""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from deckpress.cli import main
from deckpress.sizes import MM
from helpers import copy_workspace, edit, line_of

ANA = """brand: example
name: Ana Lima
programme: Spring Asks
note: Ana, one small ask a day.
decks:
  - deck: networking
    cards: [HOW, HELLO, WU-01, WU-02]
paper: a4
"""
BEN = """brand: northstar
name: Ben Okafor
decks:
  - deck: table-talk
    cards: [TT-01, TT-02]
"""
LETTER = (215.9, 279.4)
A4 = (210, 297)


def run(workspace: Path, *args: str) -> tuple[int, str]:
    """`deckpress batch ARGS` in the workspace: exit code and everything it said."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(workspace)
        result = CliRunner().invoke(main, ["batch", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def ok(workspace: Path, *args: str) -> dict[str, str]:
    """`deckpress batch ARGS`, which must succeed: client → built or up to date."""
    code, output = run(workspace, *args)
    assert code == 0, output
    return results(output)


def results(output: str) -> dict[str, str]:
    """client → built / up to date / failed, from the summary table."""
    found = {}
    for line in output.splitlines():
        for status in ("up to date", "built", "failed"):
            if f"  {status}" in line and not line.startswith(("error", "client")):
                found[line.split("  ")[0]] = status
    return found


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but the ledgers (which name the folder), by relative path."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != ".deckpress-kit.json"}


def stamps(folder: Path) -> dict[str, int]:
    return {str(path.relative_to(folder)): path.stat().st_mtime_ns
            for path in folder.rglob("*") if path.is_file()}


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def page_size_mm(path: Path) -> tuple[float, float]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return round(page.width / MM, 1), round(page.height / MM, 1)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> tuple[Path, str]:
    """The sample workspace with every sample client's kit built in two worker processes,
    and what the batch said."""
    workspace = copy_workspace(tmp_path_factory.mktemp("samples") / "ws")
    code, output = run(workspace, "-j", "2")
    assert code == 0, output
    return workspace, output


@pytest.fixture
def samples(sample_run) -> Path:
    return sample_run[0]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A workspace with two small clients of two coaches, their kits built."""
    workspace = copy_workspace(tmp_path / "ws")
    shutil.rmtree(workspace / "clients")
    (workspace / "clients").mkdir()
    (workspace / "clients/ana.yaml").write_text(ANA, encoding="utf-8")
    (workspace / "clients/ben.yaml").write_text(BEN, encoding="utf-8")
    code, output = run(workspace, "-j", "1")
    assert code == 0 and results(output) == {"Ana Lima": "built", "Ben Okafor": "built"}, output
    return workspace


SAMPLE_KITS = {
    # folder: (name, deck files, paper, cards, words that must be there)
    "jordan-rivera": ("Jordan Rivera", ["networking-home-letter.pdf"], LETTER, 38,
                      ["Three informational interviews"]),
    "amara-okonkwo-lindqvist": ("Amara Okonkwo-Lindqvist y Santos", ["networking-home-a4.pdf"],
                                A4, 26, ["you already have the ideas", "AO-01"]),
    "li-wei": ("Li Wei", ["networking-home-letter.pdf", "pocket-scripts-home-letter.pdf"],
               LETTER, 24, ["A short deck to start with, Li."]),
    "sam-reyes": ("Sam Reyes", ["table-talk-home-a4.pdf"], A4, 16, ["Team Conversations"]),
    "priya-natarajan": ("Priya Natarajan", ["networking-home-a4.pdf"], A4, 20,
                        ["Spring Networking Workshop"]),
    "tomas-ferreira": ("Tomás Ferreira", ["networking-home-letter.pdf"], LETTER, 38,
                       ["Spring Networking Workshop"]),
}


def test_the_sample_batch_makes_every_clients_kit(samples):
    output = samples / "output"
    assert sorted(path.name for path in output.iterdir() if path.is_dir()) == \
        sorted(SAMPLE_KITS)
    assert not list(output.glob(".deckpress-*")), "a scratch folder was left behind"
    for slug, (_, decks, paper, _, _) in SAMPLE_KITS.items():
        kit = sorted(path.name for path in (output / slug).iterdir())
        sheets = [deck.replace(deck.split("-home-")[1], "").replace("-home-", "-worksheets-")
                  + ("letter.pdf" if paper == LETTER else "a4.pdf") for deck in decks]
        assert kit == sorted([".deckpress-kit.json", *decks, *sheets]), slug


@pytest.mark.parametrize("slug", list(SAMPLE_KITS))
def test_each_kit_is_that_clients_and_nobody_elses(sample_run, slug):
    """Name, note and goal, selection (the card count) and paper: the client's own."""
    workspace, said = sample_run
    name, _, paper, cards, words = SAMPLE_KITS[slug]
    kit = workspace / "output" / slug
    text = " ".join(" ".join(pdf_text(path).split()) for path in sorted(kit.glob("*.pdf")))
    for word in [name, *words]:
        assert word in text, f"{word!r} not in {slug}'s kit"
    for other, *_ in (kit for key, kit in SAMPLE_KITS.items() if key != slug):
        assert other not in text, f"{other} in {slug}'s kit"
    for path in kit.glob("*.pdf"):
        assert page_size_mm(path) == paper, path.name
    row = next(line for line in said.splitlines() if line.startswith(name + "  "))
    assert row.split()[len(name.split())] == str(cards)


def test_the_selection_is_the_clients(samples):
    """Li Wei gets the fourteen cards named, in that order, and the scripts deck, whose backs
    name the coach's business rather than her programme."""
    kit = samples / "output/li-wei"
    with pdfplumber.open(kit / "networking-home-letter.pdf") as pdf:
        front = pdf.pages[0].extract_text()
    assert "WU-01" in front and "WU-03" not in pdf_text(kit / "networking-home-letter.pdf")
    scripts = pdf_text(kit / "pocket-scripts-home-letter.pdf")
    assert "Harbor Career Coaching" in scripts and "Career Switch Starter" not in scripts
    assert "Career Switch Starter" in pdf_text(kit / "networking-home-letter.pdf")


def test_one_process_or_many_give_the_same_bytes(samples, tmp_path):
    again = copy_workspace(tmp_path / "ws")
    code, output = run(again, "-j", "1")
    assert code == 0, output
    assert files(again / "output") == files(samples / "output")


def test_a_second_run_builds_nothing_and_touches_nothing(samples):
    before = stamps(samples / "output")
    code, output = run(samples, "-j", "2")
    assert code == 0
    assert set(results(output).values()) == {"up to date"}
    assert "0 kits built, 6 up to date, 0 failed" in output
    assert stamps(samples / "output") == before


def test_a_changed_logo_rebuilds_the_coachs_clients_only(small):
    logo = small / "brands/logos/harbor.svg"
    logo.write_text(logo.read_text().replace("</svg>", "<!-- new --></svg>"))
    assert ok(small) == {"Ana Lima": "built", "Ben Okafor": "up to date"}


def test_a_new_layout_in_the_workspace_rebuilds_its_users_only(small):
    """A workspace file of the same name takes the place of a built-in layout."""
    builtin = Path(__import__("deckpress").__file__).parent / "templates/challenge.xml"
    (small / "templates/challenge.xml").write_text(builtin.read_text(), encoding="utf-8")
    assert ok(small) == {"Ana Lima": "built", "Ben Okafor": "up to date"}
    edit(small / "templates/prompt.xml", "<", "<!-- changed -->\n<")
    assert ok(small) == {"Ana Lima": "up to date", "Ben Okafor": "built"}


def test_an_icon_added_to_the_workspace_rebuilds_the_kits(small):
    """A workspace icon takes the place of a built-in one of the same name, in card text and
    as a category icon, so a kit built before it is out of date."""
    builtin = Path(__import__("deckpress").__file__).parent / "data/icons/spark.svg"
    (small / "icons").mkdir(exist_ok=True)
    (small / "icons/spark.svg").write_text(builtin.read_text(), encoding="utf-8")
    assert set(ok(small).values()) == {"built"}
    assert set(ok(small).values()) == {"up to date"}


def test_a_changed_client_rebuilds_that_client_only(small):
    edit(small / "clients/ana.yaml", "one small ask a day", "one brave ask a day")
    assert ok(small) == {"Ana Lima": "built", "Ben Okafor": "up to date"}
    assert "one brave ask a day" in pdf_text(small / "output/ana/networking-home-a4.pdf")


def test_force_rebuilds_and_options_count_as_inputs(small):
    assert set(ok(small, "--force").values()) == {"built"}
    assert set(ok(small, "--no-worksheets").values()) == {"built"}
    assert not list((small / "output/ana").glob("*worksheets*")), "stale worksheets left"


def test_a_deleted_or_edited_output_is_made_again(small):
    (small / "output/ben/table-talk-home-letter.pdf").unlink()
    edit_bytes = small / "output/ana/networking-worksheets-a4.pdf"
    edit_bytes.write_bytes(edit_bytes.read_bytes() + b"\n")
    assert set(ok(small).values()) == {"built"}
    assert (small / "output/ben/table-talk-home-letter.pdf").is_file()


def test_a_changed_paper_replaces_the_old_files(small):
    edit(small / "clients/ana.yaml", "paper: a4", "paper: letter")
    ok(small)
    assert sorted(path.name for path in (small / "output/ana").glob("*.pdf")) == \
        ["networking-home-letter.pdf", "networking-worksheets-letter.pdf"]


def test_one_clients_mistake_stops_only_that_client(small):
    before = files(small / "output/ben")
    edit(small / "clients/ana.yaml", "one small ask", "one brave ask")
    edit(small / "clients/ben.yaml", "deck: table-talk", "deck: table-tlak")
    code, output = run(small)
    assert code == 1
    assert results(output) == {"Ana Lima": "built", "ben": "failed"}, output
    line = line_of(small / "clients/ben.yaml", "table-tlak")
    assert f"error: ben: clients/ben.yaml:{line}, field 'decks.0.deck': " in output
    assert "did you mean 'table-talk'" in output
    assert "Traceback" not in output
    assert files(small / "output/ben") == before


def test_a_failure_while_building_leaves_the_previous_kit(small):
    """The note no longer fits: found while drawing, after the kit was begun."""
    before = files(small / "output/ana")
    edit(small / "clients/ana.yaml", "note: Ana, one small ask a day.",
         "note: " + " ".join(["Asking is the win, whatever the answer."] * 30))
    code, output = run(small)
    assert code == 1 and results(output)["Ana Lima"] == "failed", output
    assert "the intro card has no room for all of the personal note" in output
    assert files(small / "output/ana") == before
    assert not list((small / "output").glob(".deckpress-*"))


def test_two_clients_for_one_folder_are_refused_and_the_rest_built(small):
    (small / "clients/roster.csv").write_text(
        "id,name,brand,deck\nana,Ana Souza,example,networking\nkai,Kai Berg,example,networking\n",
        encoding="utf-8")
    code, output = run(small, "--no-worksheets")
    assert code == 1
    assert results(output) == {"Ana Lima": "failed", "Ana Souza": "failed",
                               "Kai Berg": "built", "Ben Okafor": "built"}, output
    assert "another client would write the same output folder output/ana/ " \
           "(clients/roster.csv, row 2)" in output
    assert "output/ana/ (clients/ana.yaml:1)" in output


def test_a_bad_roster_row_is_that_row_only(small):
    (small / "clients/roster.csv").write_text(
        "name,brand,deck,start\nKai Berg,example,networking,2027-04-05\n"
        "Lou Park,example,networking,5th of April\n", encoding="utf-8")
    code, output = run(small, "clients/roster.csv", "--no-worksheets")
    assert code == 1
    assert results(output) == {"Lou Park": "failed", "Kai Berg": "built"}, output
    assert "error: Lou Park: clients/roster.csv, row 3, column 'start'" in output


def test_a_bad_roster_row_without_a_name_is_named_by_its_file_and_row(small):
    (small / "clients/roster.csv").write_text(
        "name,brand,deck\nKai Berg,example,networking\n,example,networking\n",
        encoding="utf-8")
    code, output = run(small, "clients/roster.csv", "--no-worksheets")
    assert code == 1
    assert results(output) == {"Kai Berg": "built"}, output  # the table's header is "client"
    failed = [line for line in output.splitlines() if line.endswith("  failed")]
    assert len(failed) == 1 and failed[0].startswith("clients/roster.csv, row 3  "), output
    assert "roster row" not in output


def test_a_changed_roster_row_rebuilds_that_client_only(small):
    roster = small / "clients/roster.csv"
    roster.write_text("name,brand,deck,levels\nKai Berg,example,networking,warm\n"
                      "Lou Park,example,networking,warm\n", encoding="utf-8")
    assert ok(small, "clients/roster.csv") == {"Kai Berg": "built", "Lou Park": "built"}
    edit(roster, "Lou Park,example,networking,warm", "Lou Park,example,networking,stretch")
    assert ok(small, "clients/roster.csv") == {"Kai Berg": "up to date", "Lou Park": "built"}


def test_the_zip_holds_the_kit_and_is_the_same_every_time(small):
    ok(small, "--zip")
    archive = small / "output/ana.zip"
    with zipfile.ZipFile(archive) as opened:
        assert opened.namelist() == ["ana/networking-home-a4.pdf",
                                     "ana/networking-worksheets-a4.pdf"]
        assert opened.read("ana/networking-home-a4.pdf") == \
            (small / "output/ana/networking-home-a4.pdf").read_bytes()
    first = hashlib.sha256(archive.read_bytes()).hexdigest()
    ok(small, "--zip", "--force")
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == first
    archive.unlink()
    assert set(ok(small, "--zip").values()) == {"up to date"} and archive.is_file()


def test_a_png_profile_makes_a_folder_of_pngs(small):
    edit(small / "clients/ana.yaml", "paper: a4", "paper: a4\nprofile: mpc")
    assert ok(small, "clients/ana.yaml", "--no-worksheets") == {"Ana Lima": "built"}
    folder = small / "output/ana/networking-mpc"
    assert len(list(folder.glob("0*-front.png"))) == len(list(folder.glob("0*-back.png"))) == 4
    assert (folder / "contact-sheet.png").is_file()
    assert not (small / "output/ana/networking-home-a4.pdf").exists()


def test_no_clients_folder_is_a_usage_mistake(tmp_path):
    code, output = run(tmp_path)
    assert code == 2 and "no clients/ folder here" in output


def test_an_unreachable_scheduler_is_said_at_once_and_nothing_is_written(small):
    shutil.rmtree(small / "output")
    code, output = run(small, "--scheduler", "tcp://127.0.0.1:9")
    assert code == 1
    assert output.startswith("error: cannot reach the scheduler at tcp://127.0.0.1:9")
    assert "hint: check the address" in output and "Traceback" not in output
    assert not (small / "output").exists()


def test_a_malformed_scheduler_address_is_a_usage_mistake(small):
    code, output = run(small, "--scheduler", "10.0.0.5")
    assert code == 2 and "tcp://HOST:PORT" in output


def test_a_dask_cluster_builds_the_same_kits(small, tmp_path):
    """The same code path on a dask.distributed cluster: here one in this process."""
    import distributed  # the test extra installs it
    reference = files(small / "output")
    shutil.rmtree(small / "output")
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        code, output = run(small, "--scheduler", cluster.scheduler_address)
    assert code == 0, output
    assert results(output) == {"Ana Lima": "built", "Ben Okafor": "built"}
    assert files(small / "output") == reference


def test_a_roster_id_that_leaves_output_is_refused_and_the_rest_built(small):
    (small / "clients/roster.csv").write_text(
        "id,name,brand,deck\n../escape,Kai Berg,example,networking\n"
        "lou,Lou Park,example,networking\n", encoding="utf-8")
    code, output = run(small, "clients/roster.csv", "--no-worksheets")
    assert code == 1
    assert results(output) == {"Kai Berg": "failed", "Lou Park": "built"}, output
    assert "clients/roster.csv, row 2, column 'id'" in output
    assert not (small / "escape").exists() and not (small / "output/../escape").exists()


def test_a_client_file_that_is_a_device_is_refused_at_once(small):
    (small / "clients/ana.yaml").unlink()
    (small / "clients/ana.yaml").symlink_to("/dev/zero")
    code, output = run(small)
    assert code == 1
    assert "is not a regular file" in output and "Traceback" not in output
    assert results(output)["Ben Okafor"] == "up to date", output


def test_a_roster_cell_beyond_the_named_columns_is_that_rows_mistake(small):
    (small / "clients/roster.csv").write_text(
        "name,brand,deck\nKai Berg,example,networking\nLou Park,example,networking,extra\n",
        encoding="utf-8")
    code, output = run(small, "clients/roster.csv", "--no-worksheets")
    assert code == 1
    assert results(output) == {"Kai Berg": "built", "Lou Park": "failed"}, output
    assert "clients/roster.csv, row 3" in output


def test_an_old_spreadsheet_format_is_said_plainly(small):
    (small / "clients/roster.xls").write_bytes(b"\xd0\xcf\x11\xe0not really")
    code, output = run(small, "clients/roster.xls")
    assert code != 0 and "Traceback" not in output
    assert ".xls" in output and "hint:" in output


def test_an_empty_clients_folder_says_so(small):
    for path in (small / "clients").iterdir():
        path.unlink()
    code, output = run(small)
    assert code == 1 and "no clients in" in output


def test_a_client_is_found_by_name_in_a_roster(samples):
    """`batch li-wei priya-natarajan`: a client file and a roster row, by their folder names."""
    code, output = run(samples, "li-wei", "priya-natarajan")
    assert code == 0, output
    assert results(output) == {"Li Wei": "up to date", "Priya Natarajan": "up to date"}


def test_a_kit_folder_has_the_permissions_of_a_folder_made_by_hand(small):
    """Kits are built in a private scratch folder, but the folder put in place is not."""
    umask = os.umask(0)
    os.umask(umask)
    mode = os.stat(small / "output/ana").st_mode & 0o777
    assert mode == 0o777 & ~umask


def test_the_coachs_own_files_in_a_kit_folder_are_kept(small):
    own = small / "output/ana/session-notes.txt"
    own.write_text("notes", encoding="utf-8")
    assert ok(small, "--force")["Ana Lima"] == "built"
    assert own.read_text(encoding="utf-8") == "notes"


def test_a_kit_that_cannot_be_written_is_that_clients_failure(small, monkeypatch):
    """The system refuses the final move (a full disk, a locked folder): the previous kit is
    kept, the scratch folder removed, and the failure said without a traceback."""
    from deckpress.batch import kit

    before = files(small / "output/ana")
    real_rename = os.rename

    def refuse(source, target):
        if Path(source).name.startswith(".deckpress-") and Path(source).name.endswith(".ana"):
            raise PermissionError(13, "Permission denied", str(target))
        real_rename(source, target)

    monkeypatch.setattr(kit.os, "rename", refuse)
    code, output = run(small, "--force", "clients/ana.yaml")
    assert code == 1 and results(output) == {"Ana Lima": "failed"}, output
    assert "cannot write the kit" in output and "Permission denied" in output
    assert files(small / "output/ana") == before
    assert not list((small / "output").glob(".*")), "a scratch folder was left behind"


def test_zip_or_no_zip_does_not_rebuild_and_a_stale_zip_goes(small):
    assert set(ok(small, "--zip").values()) == {"up to date"}
    archive = small / "output/ana.zip"
    assert archive.is_file()
    assert set(ok(small).values()) == {"up to date"} and archive.is_file()
    edit(small / "clients/ana.yaml", "one small ask", "one brave ask")
    ok(small)
    assert not archive.exists(), "a zip of the earlier kit was left beside the new one"


def test_a_zip_the_coach_replaced_is_not_taken_away(small):
    ok(small, "--zip")
    archive = small / "output/ana.zip"
    archive.write_bytes(b"the coach's own")
    edit(small / "clients/ana.yaml", "one small ask", "one brave ask")
    ok(small)
    assert archive.read_bytes() == b"the coach's own"


def test_a_moved_workspace_is_still_up_to_date(small, tmp_path):
    moved = tmp_path / "elsewhere"
    shutil.move(small, moved)
    assert set(ok(moved).values()) == {"up to date"}


def test_ctrl_c_stops_the_batch_and_says_what_was_not_built(small):
    from deckpress.batch.kit import KitOptions
    from deckpress.batch.run import plan_batch, run_batch

    plan = plan_batch([small / "clients"], KitOptions(force=True))
    seen = []

    def report(result):
        seen.append(result.slug)
        raise KeyboardInterrupt

    ran = run_batch(plan.tasks, jobs=1, report=report)
    assert ran.interrupted and len(ran.results) == len(seen) == 1
