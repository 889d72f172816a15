"""The Build and download page over HTTP: the form, builds started and followed, and downloads
that come only from the workspace's output/ folder."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest
from pypdf import PdfReader

from deckpress.studio.pages.build import output_entries


@pytest.fixture(autouse=True)
def stop_builds(studio_app):
    """Whatever a test leaves building is stopped with it."""
    yield
    jobs = studio_app.state.studio.extras.get("jobs")
    if jobs is not None:
        jobs.close()


def submit(studio, **body):
    return studio.change("POST", "/api/jobs", json=body)


def finished(client, job_id: str, timeout: float = 120) -> dict:
    """The job once done or failed, asked for as the page asks."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get(f"/api/jobs/{job_id}")
        assert answer.status_code == 200, answer.text
        job = answer.json()
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


# --- the page ----------------------------------------------------------------------------


def test_the_page_offers_clients_decks_brands_profiles_and_what_to_make(client):
    page = client.get("/build")
    assert page.status_code == 200
    html = page.text
    assert '<option value="">No client: a deck on its own</option>' in html
    for name, label in (("li-wei", "Li Wei"), ("jordan-rivera", "Jordan Rivera"),
                        ("priya-natarajan", "priya-natarajan")):  # files and a roster's rows
        assert f'<option value="{name}">{label}</option>' in html
    assert '<option value="cards/networking.yaml">' in html
    assert '<option value="cards/room-openers.csv">' in html
    assert '<option value="example">example</option>' in html
    for kind in ("deck", "worksheets", "png", "box", "kit"):
        assert f'name="kind" value="{kind}"' in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="sheet-diagram"') == 9
    assert "9 poker cards a sheet" in html and "10 business cards a sheet" in html
    assert "page a4 (210.0×297.0 mm)" in html
    assert "Build every client&#39;s kit" in html or "Build every client's kit" in html
    assert 'src="/static/build.js"' in html and "Nothing built since the studio started." in html


def test_a_workspace_profile_with_a_mistake_is_shown_but_cannot_be_chosen(client, workspace):
    (workspace / "profiles").mkdir()
    (workspace / "profiles" / "shop.yaml").write_text("page: letter\nmargin: lots\n")
    html = client.get("/build").text
    assert '<input type="radio" name="profile" value="shop" disabled>' in html
    assert "profiles/shop.yaml:2" in html


def test_the_static_script_is_served(client):
    script = client.get("/static/build.js")
    assert script.status_code == 200 and "/api/jobs" in script.text
    assert client.get("/static/build.css").status_code == 200


# --- building ----------------------------------------------------------------------------


def test_a_deck_is_built_followed_and_downloaded(client, workspace):
    answer = submit(client, kind="deck", deck="cards/networking.yaml", profile="home-a4",
                    options={"brand": "example"})
    assert answer.status_code == 200, answer.text
    job_id = answer.json()["id"]
    assert answer.json()["job"]["state"] in ("queued", "running")
    job = finished(client, job_id)
    assert job["state"] == "done" and job["percent"] == 100
    assert job["outputs"] == ["output/networking-example-home-a4.pdf"]
    download = client.get("/download/output/networking-example-home-a4.pdf")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == \
        'attachment; filename="networking-example-home-a4.pdf"'
    assert download.headers["content-type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(download.content)).pages) == 12
    listed = client.get("/api/jobs").json()["jobs"]
    assert [entry["id"] for entry in listed] == [job_id]
    page = client.get("/build").text  # the page lists the build and links its file
    assert 'href="/download/output/networking-example-home-a4.pdf"' in page
    assert "deck: cards/networking.yaml, brand example, on home-a4" in page


def test_a_failed_build_shows_the_commands_message(client, workspace):
    deck = workspace / "cards" / "networking.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace("size: poker", "size: pokerr", 1),
                    encoding="utf-8")
    job = finished(client, submit(client, kind="deck", deck="cards/networking.yaml").json()["id"])
    assert job["state"] == "failed" and job["exit_code"] == 1
    assert job["error"].startswith("error: cards/networking.yaml:")
    assert "pokerr" in job["error"] and "hint:" in job["error"]
    assert not any(line.startswith("error:") for line in job["lines"])  # said once
    assert job["outputs"] == []


def test_a_kit_downloads_as_its_zip_and_its_folder_as_a_zip_made_on_the_spot(client):
    job = finished(client, submit(client, kind="kit", client="li-wei").json()["id"])
    assert job["state"] == "done", job
    assert job["outputs"] == ["output/li-wei.zip"]
    kit = client.get("/download/output/li-wei.zip")
    assert kit.status_code == 200 and kit.headers["content-type"] == "application/zip"
    folder = client.get("/download/output/li-wei")
    assert folder.status_code == 200
    assert folder.headers["content-disposition"] == 'attachment; filename="li-wei.zip"'
    with zipfile.ZipFile(io.BytesIO(folder.content)) as archive:
        names = sorted(archive.namelist())
        assert names == ["li-wei/networking-home-letter.pdf",
                         "li-wei/networking-worksheets-letter.pdf",
                         "li-wei/pocket-scripts-home-letter.pdf",
                         "li-wei/pocket-scripts-worksheets-letter.pdf"]  # no hidden ledger
        assert archive.read("li-wei/networking-home-letter.pdf").startswith(b"%PDF")


@pytest.mark.parametrize(("body", "message"), [
    ({"kind": "deck", "deck": "cards/networking.yaml", "profile": "home-leter"},
     "unknown printer profile 'home-leter'\n  hint: did you mean 'home-letter'?"),
    ({"kind": "deck", "client": "li-wie"}, "client 'li-wie' not found"),
    ({"kind": "kit"}, "choose a client"),
    ({"kind": "deck", "deck": "../README.md"}, "deck '../README.md' not found in cards/"),
    ({"kind": "deck", "client": "li-wei", "options": {"brand": "--help"}},
     "brand '--help' not found"),
    ({"kind": "poster"}, "unknown thing to make 'poster'"),
])
def test_what_the_workspace_does_not_have_is_422_with_a_clear_message(client, body, message):
    answer = client.change("POST", "/api/jobs", json=body)
    assert answer.status_code == 422
    assert message in answer.json()["error"]
    assert client.get("/api/jobs").json() == {"jobs": []}


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]", b'{"kind": 3}',
                                     b'{"kind": "deck", "options": [1]}'])
def test_a_request_that_is_not_a_job_is_400(client, content):
    answer = client.change("POST", "/api/jobs", content=content,
                           headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.json()["error"]


def test_a_job_without_the_csrf_token_is_refused(client):
    body = {"kind": "deck", "deck": "cards/networking.yaml"}
    assert client.post("/api/jobs", json=body).status_code == 403
    assert client.post("/api/jobs", json=body,
                       headers={"X-CSRF-Token": "guessed"}).status_code == 403
    assert client.get("/api/jobs").json() == {"jobs": []}


def test_an_unknown_job_is_404(client):
    answer = client.get("/api/jobs/41")
    assert answer.status_code == 404 and "no such build" in answer.json()["error"]


def test_a_stranger_gets_nothing(stranger, workspace):
    (workspace / "output" / "x.pdf").write_bytes(b"%PDF-1.4 secret")
    for url in ("/build", "/api/jobs", "/download/output/x.pdf"):
        answer = stranger.get(url)
        assert answer.status_code == 403 and b"secret" not in answer.content


# --- downloads only from output/ ---------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/download/cards/networking.yaml",  # in the workspace, not in output/
    "/download/output/..%2Fcards%2Fnetworking.yaml",
    "/download/output/%2e%2e/cards/networking.yaml",
    "/download/%2e%2e/%2e%2e/etc/passwd",
    "/download/%2Fetc%2Fpasswd",
    "/download//etc/passwd",
    "/download/output%5C..%5Ccards%5Cnetworking.yaml",
    "/download/~/secret",
    "/download/output",
    "/download/output/",
    "/download/output/missing.pdf",
    "/download/output/.deckpress-cache/faces.db",
    "/download/output/li-wei/.deckpress-kit.json",
    "/download/output/to-cards/networking.yaml",  # a link in output/ to elsewhere
    "/download/output/passwd",
])
def test_downloads_outside_output_are_refused(client, workspace, url):
    output = workspace / "output"
    (output / ".deckpress-cache").mkdir()
    (output / ".deckpress-cache" / "faces.db").write_bytes(b"secret")
    (output / "li-wei").mkdir()
    (output / "li-wei" / ".deckpress-kit.json").write_text("{}")
    os.symlink(workspace / "cards", output / "to-cards")
    os.symlink("/etc/passwd", output / "passwd")
    answer = client.get(url)
    assert answer.status_code == 404
    assert answer.json() == {"error": "Only files the studio made, in the workspace's output/ "
                                      "folder, can be downloaded."}


def test_a_link_inside_output_is_followed_when_it_stays_there(client, workspace):
    (workspace / "output" / "real.pdf").write_bytes(b"%PDF-1.4 mine")
    os.symlink("real.pdf", workspace / "output" / "alias.pdf")
    answer = client.get("/download/output/alias.pdf")
    assert answer.status_code == 200 and answer.content == b"%PDF-1.4 mine"


def test_a_name_with_spaces_and_accents_downloads(client, workspace):
    (workspace / "output" / "Tomás deck.pdf").write_bytes(b"%PDF-1.4 x")
    answer = client.get("/download/output/Tom%C3%A1s%20deck.pdf")
    assert answer.status_code == 200 and answer.content == b"%PDF-1.4 x"
    assert "attachment" in answer.headers["content-disposition"]
    assert 'href="/download/output/Tom%C3%A1s%20deck.pdf"' in client.get("/build").text


def test_the_output_folder_is_listed_without_deckpress_hidden_files(workspace):
    output = workspace / "output"
    (output / ".deckpress-cache").mkdir()
    (output / "li-wei").mkdir()
    (output / "li-wei" / "deck.pdf").write_bytes(b"12345")
    (output / "li-wei" / ".deckpress-kit.json").write_text("{}")
    (output / "li-wei.zip").write_bytes(b"PK")
    os.symlink("/etc", output / "etc")
    entries = [(entry.path, entry.folder, entry.size, entry.depth)
               for entry in output_entries(workspace)]
    assert sorted(entries) == [("output/li-wei", True, 0, 0),
                               ("output/li-wei.zip", False, 2, 0),
                               ("output/li-wei/deck.pdf", False, 5, 1)]


def test_the_profiles_are_drawn_again_for_the_deck_chosen(client):
    answer = client.get("/api/profiles", params={"deck": "cards/pocket-scripts.yaml"})
    assert answer.status_code == 200
    profiles = {entry["name"]: entry for entry in answer.json()["profiles"]}
    assert profiles["home-letter"]["per_sheet"] == 10
    assert profiles["home-letter"]["shown_with"] == "business"
    assert profiles["home-letter"]["diagram"].count('class="card"') == 10
    assert profiles["mpc"]["note"] == "made for poker cards; this deck's are business"
    default = {entry["name"]: entry for entry in client.get("/api/profiles").json()["profiles"]}
    assert default["home-letter"]["per_sheet"] == 9 and default["mpc"]["note"] is None
    for deck in ("../README.md", "cards/nope.yaml", "/etc/passwd"):
        refused = client.get("/api/profiles", params={"deck": deck})
        assert refused.status_code == 404 and "not a deck of the workspace" in refused.text


def test_a_folder_zip_leaves_out_links_that_lead_out_of_output(client, workspace):
    folder = workspace / "output" / "pngs"
    (folder / "inner").mkdir(parents=True)
    (folder / "1-front.png").write_bytes(b"\x89PNG one")
    (folder / "inner" / "notes.txt").write_text("kept")
    (folder / ".hidden").write_text("not sent")
    os.symlink(workspace / "cards" / "networking.yaml", folder / "deck.yaml")
    os.symlink(workspace / "cards", folder / "cards")
    os.symlink("/etc/passwd", folder / "passwd")
    answer = client.get("/download/output/pngs")
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        assert sorted(archive.namelist()) == ["pngs/1-front.png", "pngs/inner/notes.txt"]
        assert archive.getinfo("pngs/1-front.png").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("pngs/inner/notes.txt").compress_type == zipfile.ZIP_DEFLATED


@pytest.fixture
def slow_builds(studio_app, tmp_path):
    """Builds that take a long time: a stand-in for Python that only waits."""
    from deckpress.studio.jobs import Jobs

    waiter = tmp_path / "slow-python"
    waiter.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    waiter.chmod(0o755)
    studio = studio_app.state.studio
    studio.extras["jobs"] = Jobs(studio.workspace, python=str(waiter))
    return studio.extras["jobs"]


def test_a_build_already_queued_or_running_is_refused(client, slow_builds):
    first = submit(client, kind="deck", deck="cards/networking.yaml", profile="home-a4")
    assert first.status_code == 200, first.text
    again = submit(client, kind="deck", deck="cards/networking.yaml", profile="home-a4")
    assert again.status_code == 409, again.text
    assert "already queued or running" in again.json()["error"]
    other = submit(client, kind="deck", deck="cards/networking.yaml", profile="home-letter")
    assert other.status_code == 200, other.text
    assert submit(client, kind="deck", deck="cards/networking.yaml",
                  profile="home-letter").status_code == 409


def test_the_queue_takes_ten_waiting_builds(client, slow_builds):
    profiles = [card["name"] for card in client.get("/api/profiles").json()["profiles"]]
    bodies = [{"kind": kind, "deck": "cards/networking.yaml", "profile": profile}
              for kind in ("deck", "box") for profile in profiles]
    assert len(bodies) >= 12
    answers = [submit(client, **body).status_code for body in bodies[:11]]
    assert answers == [200] * 11  # one running, ten waiting
    refused = submit(client, **bodies[11])
    assert refused.status_code == 429, refused.text
    assert "wait for the builds queued to finish" in refused.json()["error"]


def test_the_output_folder_is_listed_for_the_page_to_redraw(client, workspace):
    assert client.get("/api/output").json() == {"files": []}
    output = workspace / "output"
    (output / "kit-jordan").mkdir(parents=True)
    (output / "kit-jordan" / "deck.pdf").write_bytes(b"%PDF" * 300)
    (output / "networking.pdf").write_bytes(b"x" * 10)
    (output / ".faces").mkdir()  # deckpress's own: not listed
    files = client.get("/api/output").json()["files"]
    assert {(entry["path"], entry["folder"], entry["depth"], entry["size"]) for entry in files} == {
        ("output/kit-jordan", True, 0, ""),
        ("output/kit-jordan/deck.pdf", False, 1, "1.2 kB"),
        ("output/networking.pdf", False, 0, "10 Bytes"),
    }
    page = client.get("/build").text  # the page's own listing, which the script redraws
    assert 'id="output-files"' in page and 'id="output-empty" class="field-help" hidden' in page


def test_an_empty_output_folder_is_said_and_the_table_kept_for_later(client):
    page = client.get("/build").text
    assert '<table id="output-files" hidden>' in page
    assert "The output folder is empty" in page


def test_a_client_s_build_link_opens_the_build_page_on_that_client(client) -> None:
    link = 'href="/build?client=jordan-rivera"'
    assert link in client.get("/clients/jordan-rivera").text
    page = client.get("/build?client=jordan-rivera").text
    assert '<option value="jordan-rivera" selected>' in page
    assert '<option value="li-wei" selected>' not in page
    assert " selected>" not in client.get("/build?client=nobody").text.split('id="client"')[1] \
        .split("</select>")[0]


@pytest.mark.parametrize("url", ["/", "/decks", "/brands/example", "/clients/jordan-rivera",
                                 "/build"])
def test_every_page_s_footer_names_the_program_s_version(client, url: str) -> None:
    from deckpress import __version__

    assert f"deckpress {__version__} ·" in client.get(url).text


def test_a_client_s_file_downloads_under_a_name_with_the_client_in_it(client, workspace) -> None:
    from deckpress.studio.pages.build import download_name

    output = (workspace / "output").resolve()
    folder = output / "jordan-rivera"
    folder.mkdir()
    (folder / "networking-home-letter.pdf").write_bytes(b"%PDF-1.4 test")
    answer = client.get("/download/output/jordan-rivera/networking-home-letter.pdf")
    assert answer.status_code == 200
    assert 'filename="jordan-rivera-networking-home-letter.pdf"' in \
        answer.headers["content-disposition"]
    assert download_name(output / "a.pdf", output) == "a.pdf"


def test_clients_are_offered_by_the_names_their_coach_wrote(client) -> None:
    page = client.get("/build").text
    assert '<option value="jordan-rivera">Jordan Rivera</option>' in page
    assert ">Jordan Rivera</a>" in client.get("/").text


def test_a_deck_linked_from_outside_is_neither_offered_nor_built(client, workspace,
                                                                 tmp_path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((workspace / "cards" / "table-talk.yaml").read_text(encoding="utf-8"),
                       encoding="utf-8")
    (workspace / "cards" / "linked.yaml").symlink_to(outside)
    assert "cards/linked.yaml" not in client.get("/build").text
    answer = client.change("POST", "/api/jobs", json={"kind": "deck", "deck": "cards/linked.yaml"})
    assert answer.status_code == 422
