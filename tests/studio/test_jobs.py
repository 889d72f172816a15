"""The studio's builds: the command line each request becomes, what a finished command's
lines say, and real builds run the way the studio runs them (the `deckpress` command in a
process of its own, in a copy of the sample workspace)."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile

import pytest
from pypdf import PdfReader

from deckpress.studio.jobs import (
    BadRequest,
    Choices,
    Jobs,
    Request,
    command_line,
    error_text,
    failed_clients,
    outputs_of,
    percent_of,
    request_of,
    title_of,
    workspace_choices,
    written_paths,
)
from helpers import edit

CHOICES = Choices(decks=("cards/networking.yaml", "cards/room-openers.csv"),
                  clients=("li-wei", "jordan-rivera"), brands=("example",),
                  profiles={"home-letter": "letter", "home-a4": "a4", "dtc": "pages",
                            "mpc": "png", "home-letter-fold": "11x8.5in", "broken": None})


def line(kind: str, client: str | None = None, deck: str | None = None,
         profile: str | None = None, **options: object) -> list[str]:
    return command_line(request_of(kind, client, deck, profile, options), CHOICES)


# --- the command line of each request ----------------------------------------------------


def test_a_deck_is_built_as_the_command_line_builds_it():
    assert line("deck", None, "cards/networking.yaml", "home-a4", brand="example") == [
        "build", "cards/networking.yaml", "--brand=example", "--profile=home-a4"]
    assert line("deck", "li-wei", with_worksheets=True) == [
        "build", "--client=li-wei", "--with-worksheets"]


def test_png_worksheets_and_box_take_their_own_options():
    assert line("png", "li-wei", None, "mpc") == [
        "build", "--client=li-wei", "--profile=mpc", "--format=png"]
    assert line("worksheets", "jordan-rivera", None, "home-a4", paper="a4", fillable=True) == [
        "worksheets", "--client=jordan-rivera", "--paper=a4", "--fillable"]
    # a box goes on the paper of the sheet profile chosen, or as a print service's page
    assert line("box", None, "cards/networking.yaml", "home-a4") == [
        "box", "cards/networking.yaml", "--paper=a4"]
    assert line("box", None, "cards/networking.yaml", "dtc") == [
        "box", "cards/networking.yaml", "--profile=dtc"]
    assert line("box", None, "cards/networking.yaml", "home-letter-fold") == [
        "box", "cards/networking.yaml"]
    assert line("box", None, "cards/networking.yaml", "broken") == [
        "box", "cards/networking.yaml", "--profile=broken"]  # the command says what is wrong
    assert line("box", None, "cards/networking.yaml", "dtc", paper="letter") == [
        "box", "cards/networking.yaml", "--paper=letter"]


def test_a_kit_is_a_batch_of_one_client_with_its_zip():
    assert line("kit", "li-wei") == ["batch", "--zip", "--", "li-wei"]
    assert line("batch", force=True) == ["batch", "--zip", "--force"]


@pytest.mark.parametrize(("kind", "client", "deck", "profile", "options", "message"), [
    ("deck", "nobody", None, None, {}, "client 'nobody' not found"),
    ("deck", "li-wie", None, None, {}, "did you mean 'li-wei'?"),
    ("deck", None, "cards/networking.yaml", "home-leter", {},
     "unknown printer profile 'home-leter'\n  hint: did you mean 'home-letter'? see "
     "`deckpress profiles` for the list"),
    ("deck", None, "cards/nope.yaml", None, {}, "deck 'cards/nope.yaml' not found in cards/"),
    ("deck", None, "../cards/networking.yaml", None, {}, "not found in cards/"),
    ("deck", None, "/etc/passwd", None, {}, "not found in cards/"),
    ("deck", None, "cards/networking.yaml", None, {"brand": "other"}, "brand 'other' not found"),
    ("deck", "--help", None, None, {}, "client '--help' not found"),
    ("deck", None, None, None, {}, "choose a deck or a client"),
    ("kit", None, "cards/networking.yaml", None, {}, "choose a client"),
    ("poster", None, None, None, {}, "unknown thing to make 'poster'"),
    ("deck", "li-wei", None, None, {"output": "x.pdf"}, "unknown option 'output'"),
    ("deck", "li-wei", None, None, {"fillable": "yes"}, "must be true or false"),
    ("box", "li-wei", None, None, {"paper": "a3"}, "unknown paper 'a3' for the tuck box"),
])
def test_what_the_workspace_does_not_have_is_refused_before_anything_runs(
        kind, client, deck, profile, options, message):
    with pytest.raises(BadRequest) as refused:
        command_line(request_of(kind, client, deck, profile, options), CHOICES)
    assert message in refused.value.message


def test_the_title_says_what_is_made_for_whom():
    assert title_of(Request("deck", None, "cards/networking.yaml", "home-a4", "example")) == \
        "deck: cards/networking.yaml, brand example, on home-a4"
    assert title_of(Request("kit", "li-wei")) == "client's kit: for li-wei"
    assert title_of(Request("batch")) == "every client's kit"


def test_the_workspace_offers_its_decks_clients_brands_and_profiles(workspace):
    (workspace / "profiles").mkdir()
    (workspace / "profiles" / "wobbly.yaml").write_text("page: letter\nbleed: banana\n")
    choices = workspace_choices(workspace)
    assert "cards/networking.yaml" in choices.decks and "cards/room-openers.csv" in choices.decks
    assert {"li-wei", "jordan-rivera", "priya-natarajan"} <= set(choices.clients)  # + roster
    assert choices.brands == ("example", "northstar")
    assert choices.profiles["home-a4"] == "a4" and choices.profiles["dtc"] == "pages"
    assert choices.profiles["mpc"] == "png" and choices.profiles["wobbly"] is None


# --- what a finished command said -------------------------------------------------------


def test_the_error_is_the_commands_own_from_its_first_error_on():
    said = ["warning: cards/x.yaml:3, card 'A': low contrast",
            "error: cards/x.yaml:9, card 'B', field 'text': the text does not fit",
            "  hint: shorten it"]
    assert error_text(1, said) == said[1] + "\n" + said[2]
    usage = ["Usage: python -m deckpress build [OPTIONS] [DECK]",
             "Try 'python -m deckpress build --help' for help.", "",
             "Error: Invalid value for '--profile' / '-p': unknown printer profile 'x'",
             "  hint: see `deckpress profiles` for the list"]
    assert error_text(2, usage) == "\n".join(usage[3:])
    assert "exit code 3" in error_text(3, [])


def test_percent_comes_from_counted_steps_when_the_command_says_them():
    assert percent_of(["client ...", "progress: 1/4 kits", "progress: 3/4 kits"]) == 75
    assert percent_of(["wrote output/x.pdf (50 cards, 12 pages)"]) is None


def test_only_what_was_written_into_output_is_offered(workspace):
    (workspace / "output" / "a.pdf").write_bytes(b"%PDF")
    (workspace / "output" / "b c").mkdir()
    (workspace / "elsewhere.pdf").write_bytes(b"%PDF")
    lines = ["wrote output/a.pdf (50 cards, 12 pages, 51 distinct faces)",
             "wrote output/b c (14 cards, 28 PNG files, 15 distinct faces)",
             "wrote elsewhere.pdf (1 card)", "wrote output/../elsewhere.pdf (1 card)",
             f"wrote {workspace / 'output' / 'a.pdf'} (again)", "wrote /etc/passwd (no)",
             "wrote output/missing.pdf (gone)", "  wrote output/a.pdf (indented: not said)"]
    assert written_paths(lines, workspace) == ["output/a.pdf", "output/b c"]


def test_a_batch_offers_the_kits_of_the_clients_that_did_not_fail(workspace):
    for slug in ("li-wei", "jordan-rivera", "sam-reyes"):
        (workspace / "output" / slug).mkdir()
    for slug in ("li-wei", "jordan-rivera"):
        (workspace / "output" / f"{slug}.zip").write_bytes(b"PK")
    errors = ["error: Li Wei: cards/networking.yaml:3, field 'x': wrong"]
    assert failed_clients(errors) == {"Li Wei"}
    clients = ("jordan-rivera", "li-wei", "sam-reyes", "tomas-ferreira")
    assert outputs_of(Request("batch"), [], errors, workspace, clients) == [
        "output/jordan-rivera.zip", "output/sam-reyes"]  # a kit without a zip: its folder
    assert outputs_of(Request("kit", "li-wei"), [], [], workspace, ()) == ["output/li-wei.zip"]


# --- real builds -------------------------------------------------------------------------


@pytest.fixture
def jobs(workspace):
    running = Jobs(workspace)
    yield running
    running.close()


def test_a_deck_job_writes_a_pdf_that_opens(jobs, workspace):
    job = jobs.submit("deck", None, "cards/networking.yaml", "home-a4", {"brand": "example"})
    assert jobs.status(job).state in ("queued", "running", "done")
    view = jobs.wait(job)
    assert view.state == "done", view
    assert view.exit_code == 0 and view.percent == 100 and view.error is None
    assert view.outputs == ("output/networking-example-home-a4.pdf",)
    assert view.lines == ("wrote output/networking-example-home-a4.pdf (50 cards, 12 pages, "
                          "51 distinct faces)",)
    assert view.command == ("deckpress build cards/networking.yaml --brand=example "
                            "--profile=home-a4")
    assert len(PdfReader(workspace / view.outputs[0]).pages) == 12
    assert [listed.id for listed in jobs.list()] == [job]


def test_a_broken_deck_fails_with_the_commands_message(jobs, workspace):
    edit(workspace / "cards" / "networking.yaml", "size: poker", "size: pokerr")
    job = jobs.wait(jobs.submit("deck", None, "cards/networking.yaml", None, {}))
    direct = subprocess.run([sys.executable, "-m", "deckpress", "build",
                             "cards/networking.yaml"], cwd=workspace, capture_output=True,
                            text=True, check=False)
    assert direct.returncode == 1
    assert job.state == "failed" and job.exit_code == 1
    assert job.error == direct.stderr.strip()
    assert job.error.startswith("error: cards/networking.yaml:")
    assert "pokerr" in job.error and job.outputs == ()
    assert not any((workspace / "output").glob("*.pdf"))


def test_a_kit_job_makes_the_zip_and_the_folder(jobs, workspace):
    view = jobs.wait(jobs.submit("kit", "li-wei", None, None, {}))
    assert view.state == "done", view
    assert view.outputs == ("output/li-wei.zip",)
    assert any(text.startswith("Li Wei ") and "built" in text for text in view.lines)
    with zipfile.ZipFile(workspace / "output" / "li-wei.zip") as kit:
        names = kit.namelist()
    assert "li-wei/networking-home-letter.pdf" in names
    assert "li-wei/pocket-scripts-worksheets-letter.pdf" in names


def test_jobs_run_one_at_a_time_in_the_order_they_came(jobs, workspace):
    first = jobs.submit("worksheets", "jordan-rivera", None, None, {"paper": "a4"})
    second = jobs.submit("box", None, "cards/networking.yaml", "dtc", {"brand": "example"})
    assert jobs.status(second).state == "queued"
    done = jobs.wait(second)
    assert jobs.status(first).state == "done" and done.state == "done"
    assert jobs.status(first).outputs == ("output/jordan-rivera/networking-worksheets-a4.pdf",)
    assert done.outputs == ("output/networking-example-box-dtc.pdf",)
    assert [view.id for view in jobs.list()] == [second, first]


def test_closing_stops_the_running_build_and_the_waiting_ones(workspace):
    jobs = Jobs(workspace)
    running = jobs.submit("batch", None, None, None, {"force": True})
    waiting = jobs.submit("deck", None, "cards/networking.yaml", None, {})
    deadline = time.monotonic() + 30
    while jobs.status(running).state == "queued" and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    jobs.close()
    assert time.monotonic() - started < 12
    stopped = jobs.status(running)
    assert stopped.state == "failed" and stopped.exit_code != 0
    assert jobs.status(waiting).state == "failed"
    assert "stopped" in (jobs.status(waiting).error or "")
    with pytest.raises(BadRequest, match="stopping"):
        jobs.submit("deck", None, "cards/networking.yaml", None, {})
    assert not list((workspace / "output").glob("*.pdf"))
    with pytest.raises(KeyError):
        jobs.status("nope")
