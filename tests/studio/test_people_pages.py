"""The Brands and Clients pages over HTTP: every change lands in the workspace's files with
their comments kept, and is refused, as the command line would refuse it, when it is wrong."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from deckpress.cli.commands import main
from deckpress.source.brand import load_brand
from deckpress.source.client import load_client

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def version(client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    return answer.json()["version"]


def put(client, url: str, key: list[object], value: object, based_on: str | None = None):
    return client.change("PUT", url, json={"key": key, "value": value,
                                            "version": based_on or version(client, url)})


def png_bytes(width: int = 800, height: int = 400) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (29, 53, 87)).save(buffer, "PNG")
    return buffer.getvalue()


# --- pages ---------------------------------------------------------------------------------


def test_brand_pages_show_the_brand_files(client):
    listing = client.get("/brands")
    assert listing.status_code == 200
    assert "Harbor Career Coaching" in listing.text and 'href="/brands/northstar"' in listing.text
    page = client.get("/brands/example")
    assert page.status_code == 200
    text = page.text
    assert 'value="#1D3557"' in text  # the primary colour, as picker and hex text
    assert 'type="color"' in text
    assert 'value="maya@harborcoaching.example"' in text
    assert 'value="https://harborcoaching.example/book"' in text
    assert "Noto Serif" in text and "editorial" in text  # fonts and themes offered
    assert "/api/brands/example/logo" in text


def test_client_pages_show_the_client_files(client):
    listing = client.get("/clients")
    assert listing.status_code == 200
    assert "Jordan Rivera" in listing.text and "Leadership Visibility Sprint" in listing.text
    page = client.get("/clients/li-wei")
    assert page.status_code == 200
    text = page.text
    assert 'value="Li Wei"' in text
    assert "Deck: networking" in text and "Deck: pocket-scripts" in text
    # the checklist ticks exactly the cards the client file lists
    assert 'value="WU-05" checked' in text
    assert 'value="WU-03" checked' not in text and 'value="WU-03"' in text
    assert "/api/clients/li-wei/intro.png" in text


def test_missing_brand_and_client_pages_are_404(client):
    assert client.get("/brands/nobody").status_code == 404
    assert client.get("/clients/nobody").status_code == 404
    assert client.get("/api/clients/nobody").status_code == 404


def test_api_lists(client):
    brands = client.get("/api/brands").json()["brands"]
    assert {brand["name"] for brand in brands} == {"example", "northstar"}
    clients = client.get("/api/clients").json()["clients"]
    assert "jordan-rivera" in {one["name"] for one in clients}
    data = client.get("/api/clients/jordan-rivera").json()
    assert data["data"]["name"] == "Jordan Rivera"
    assert data["decks"][0]["intro"] == "HELLO"


# --- brands --------------------------------------------------------------------------------


def test_a_colour_change_keeps_the_comments(client, workspace: Path):
    answer = put(client, "/api/brands/example", ["colours", "accent"], "#2A9D8F")
    assert answer.status_code == 200, answer.text
    text = (workspace / "brands/example.yaml").read_text(encoding="utf-8")
    assert "#2A9D8F" in text and "#E07A5F" not in text
    assert "# deep harbour navy" in text and "# Sample coach brand for deckpress" in text
    assert load_brand(workspace / "brands/example.yaml").brand.colours.accent == "#2A9D8F"
    assert answer.json()["version"] == version(client, "/api/brands/example")


def test_a_low_contrast_colour_is_warned_as_check_warns(client, workspace: Path):
    clean = client.get("/api/brands/example/check").json()
    assert not [one for one in clean["findings"] if "low contrast" in one["line"]]
    assert put(client, "/api/brands/example", ["colours", "primary"], "#777777").status_code == 200
    found = client.get("/api/brands/example/check").json()
    lines = [one["line"] for one in found["findings"]]
    assert any("low contrast: text #FFFFFF on #777777" in line for line in lines), lines
    assert all(line.startswith("warning: ") for line in lines)
    # the same words as the command line's
    result = CliRunner().invoke(main, ["check", str(workspace / found["deck"]), "--brand",
                                       str(workspace / "brands/example.yaml")])
    assert "low contrast: text #FFFFFF on #777777" in result.output
    ratios = {ratio["key"]: ratio for ratio in found["ratios"]}
    assert ratios["primary"]["colour"] == "#777777"


def test_an_invalid_edit_is_refused_with_the_check_message(client, workspace: Path):
    before = (workspace / "brands/example.yaml").read_bytes()
    answer = put(client, "/api/brands/example", ["colours", "accent"], "coral")
    assert answer.status_code == 422
    message = answer.json()["error"]
    assert "brands/example.yaml" in message and "'coral' is not a colour" in message
    assert (workspace / "brands/example.yaml").read_bytes() == before


def test_a_stale_edit_is_refused(client, workspace: Path):
    old = version(client, "/api/brands/example")
    path = workspace / "brands/example.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Maya Okafor", "Maya O."),
                    encoding="utf-8")
    before = path.read_bytes()
    answer = put(client, "/api/brands/example", ["coach", "name"], "Someone", based_on=old)
    assert answer.status_code == 409
    assert "another tab or on disk" in answer.json()["error"]
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["..", "..%2F..%2Fetc%2Fpasswd", ".hidden", "nobody"])
def test_a_name_outside_the_workspace_is_404(client, name: str):
    answer = client.change("PUT", f"/api/brands/{name}",
                           json={"key": ["coach", "name"], "value": "x", "version": "0"})
    assert answer.status_code == 404
    assert client.get(f"/api/clients/{name}").status_code == 404


def test_a_change_without_the_csrf_header_is_403(client, workspace: Path):
    before = (workspace / "brands/example.yaml").read_bytes()
    answer = client.put("/api/brands/example", json={
        "key": ["coach", "name"], "value": "x", "version": version(client, "/api/brands/example")})
    assert answer.status_code == 403
    assert client.post("/api/clients", json={"name": "A B", "brand": "example",
                                              "deck": "networking"}).status_code == 403
    assert (workspace / "brands/example.yaml").read_bytes() == before


def test_a_logo_upload_lands_in_logos_and_the_brand_names_it(client, workspace: Path):
    answer = client.change("POST", "/api/brands/northstar/logo",
                           files={"file": ("North Star.png", png_bytes(), "image/png")},
                           data={"version": version(client, "/api/brands/northstar")})
    assert answer.status_code == 200, answer.text
    logo = answer.json()["logo"]
    assert logo == "logos/north-star.png"
    assert (workspace / "brands" / logo).read_bytes().startswith(PNG_MAGIC)
    loaded = load_brand(workspace / "brands/northstar.yaml")
    assert loaded.brand.logo == logo and loaded.logo is not None
    assert "# A second sample coach" in (workspace / "brands/northstar.yaml").read_text("utf-8")
    shown = client.get("/api/brands/northstar/logo")
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/png"


def test_bad_uploads_are_refused(client, workspace: Path):
    fonts = sorted((workspace / "fonts").iterdir())
    png_as_font = client.change("POST", "/api/fonts",
                                files={"file": ("Pretty.ttf", png_bytes(), "font/ttf")})
    assert png_as_font.status_code == 422
    assert "PNG image" in png_as_font.json()["error"]
    assert sorted((workspace / "fonts").iterdir()) == fonts
    before = (workspace / "brands/example.yaml").read_bytes()
    huge = PNG_MAGIC + b"\0" * (6 * 1024 * 1024)
    too_large = client.change("POST", "/api/brands/example/logo",
                              files={"file": ("big.png", huge, "image/png")},
                              data={"version": version(client, "/api/brands/example")})
    assert too_large.status_code == 422
    assert "MB" in too_large.json()["error"]
    assert (workspace / "brands/example.yaml").read_bytes() == before
    assert not (workspace / "brands/logos/big.png").exists()


def test_a_font_upload_adds_its_family(client, workspace: Path):
    from deckpress.render.fonts import builtin_font_dir

    data = (builtin_font_dir() / "NotoSans-Regular.ttf").read_bytes()
    assert struct.unpack(">I", data[:4])[0] == 0x00010000
    answer = client.change("POST", "/api/fonts",
                           files={"file": ("MyFont-Regular.ttf", data, "font/ttf")})
    assert answer.status_code == 201, answer.text
    assert (workspace / "fonts" / answer.json()["font"]).read_bytes() == data
    assert "Noto Sans" in answer.json()["families"]


def test_a_new_brand_is_a_valid_brand_file(client, workspace: Path):
    answer = client.change("POST", "/api/brands", json={"name": "Bright Path Coaching"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["url"] == "/brands/bright-path-coaching"
    path = workspace / "brands/bright-path-coaching.yaml"
    assert load_brand(path).brand.coach.name == "Bright Path Coaching"
    assert client.get("/brands/bright-path-coaching").status_code == 200
    again = client.change("POST", "/api/brands", json={"name": "Bright Path Coaching"})
    assert again.status_code == 422 and "already there" in again.json()["error"]


# --- clients -------------------------------------------------------------------------------


def test_a_new_client_is_created_and_checks_clean(client, workspace: Path):
    answer = client.change("POST", "/api/clients", json={
        "name": "Zoë Ortega-Díaz", "brand": "northstar", "deck": "networking"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["url"] == "/clients/zoe-ortega-diaz"
    path = workspace / "clients/zoe-ortega-diaz.yaml"
    assert load_client(path, workspace).client.name == "Zoë Ortega-Díaz"
    assert client.get("/clients/zoe-ortega-diaz").status_code == 200
    result = CliRunner().invoke(main, ["check", "--client", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    again = client.change("POST", "/api/clients", json={
        "name": "Zoë Ortega-Díaz", "brand": "northstar", "deck": "networking"})
    assert again.status_code == 422


def test_the_card_checklist_writes_the_cards_and_trims_the_ladder(client, workspace: Path):
    url = "/api/clients/jordan-rivera"
    cards = ["HOW", "HELLO", "WU-01", "WU-02", "IC-02"]
    answer = client.change("PUT", url + "/cards",
                           json={"deck": 0, "cards": cards, "version": version(client, url)})
    assert answer.status_code == 200, answer.text
    text = (workspace / "clients/jordan-rivera.yaml").read_text(encoding="utf-8")
    assert "levels:" not in text and "# gentlest first" in text
    # the rungs of the ladder the client no longer gets are taken off, in order
    loaded = load_client(workspace / "clients/jordan-rivera.yaml", workspace)
    assert loaded.client.ladder == ["WU-01", "IC-02"]
    assert client.get(url).json()["decks"][0]["cards"] == ["HOW", "HELLO", "WU-01", "WU-02",
                                                           "IC-02"]


def test_a_short_deck_entry_becomes_a_block_when_cards_are_chosen(client, workspace: Path):
    url = "/api/clients/sam-reyes"
    deck = client.get(url).json()["decks"][0]
    chosen = deck["cards"][:4]
    answer = client.change("PUT", url + "/cards",
                           json={"deck": 0, "cards": chosen, "version": version(client, url)})
    assert answer.status_code == 200, answer.text
    loaded = load_client(workspace / "clients/sam-reyes.yaml", workspace)
    assert loaded.client.decks[0].cards == chosen


def test_an_unknown_card_is_refused_with_the_check_message(client, workspace: Path):
    url = "/api/clients/li-wei"
    before = (workspace / "clients/li-wei.yaml").read_bytes()
    answer = client.change("PUT", url + "/cards",
                           json={"deck": 0, "cards": ["HOW", "WU-99"],
                                 "version": version(client, url)})
    assert answer.status_code == 422
    assert "unknown card 'WU-99'" in answer.json()["error"]
    assert "clients/li-wei.yaml" in answer.json()["error"]
    assert (workspace / "clients/li-wei.yaml").read_bytes() == before


def test_the_note_and_ladder_are_written(client, workspace: Path):
    url = "/api/clients/jordan-rivera"
    assert put(client, url, ["note"], "Go, Jordan.\n\nOne ask a day.").status_code == 200
    assert put(client, url, ["ladder"], ["WU-04", "WU-01"]).status_code == 200
    loaded = load_client(workspace / "clients/jordan-rivera.yaml", workspace)
    assert loaded.client.note.strip() == "Go, Jordan.\n\nOne ask a day."
    assert loaded.client.ladder == ["WU-04", "WU-01"]
    assert "# A client of the example coach" in (
        workspace / "clients/jordan-rivera.yaml").read_text("utf-8")


def test_a_wrong_start_date_is_refused(client, workspace: Path):
    before = (workspace / "clients/jordan-rivera.yaml").read_bytes()
    answer = put(client, "/api/clients/jordan-rivera", ["start"], "2027-13-01")
    assert answer.status_code == 422
    assert "is not a date" in answer.json()["error"]
    assert (workspace / "clients/jordan-rivera.yaml").read_bytes() == before


def test_the_intro_card_is_drawn_for_the_client(client):
    answer = client.get("/api/clients/jordan-rivera/intro.png")
    assert answer.status_code == 200, answer.text
    assert answer.content.startswith(PNG_MAGIC)
    image = Image.open(io.BytesIO(answer.content))
    assert image.height > image.width > 200  # a portrait card at screen resolution
    assert client.get("/api/clients/jordan-rivera/intro.png?deck=5").status_code == 404


def test_the_client_check_says_what_deckpress_check_says(client):
    found = client.get("/api/clients/jordan-rivera/check").json()
    assert found["decks"][0]["deck"] == "cards/networking.yaml"
    assert not [one for one in found["findings"] if one["severity"] == "error"]


def test_a_broken_file_is_shown_with_its_problem(client, workspace: Path):
    (workspace / "brands/example.yaml").write_text("coach: [unclosed\n", encoding="utf-8")
    page = client.get("/brands/example")
    assert page.status_code == 200
    assert "brands/example.yaml" in page.text and 'type="color"' not in page.text
    client_file = workspace / "clients/sam-reyes.yaml"
    client_file.write_text(client_file.read_text("utf-8").replace("- table-talk", "- no-such"),
                           encoding="utf-8")
    page = client.get("/clients/sam-reyes")
    assert page.status_code == 200
    assert "deck &#39;no-such&#39; not found" in page.text


# --- refusals a hostile request tried --------------------------------------------------------


@pytest.mark.parametrize(("key", "value"), [
    (["brand"], "/etc/passwd"),
    (["decks", 0, "deck"], "../../../../etc/passwd"),
])
def test_a_client_may_not_name_a_file_outside_the_workspace(client, workspace, key, value):
    before = (workspace / "clients" / "sam-reyes.yaml").read_bytes()
    answer = put(client, "/api/clients/sam-reyes", key, value)
    assert answer.status_code == 422, answer.text
    assert "outside the workspace" in answer.json()["error"]
    assert (workspace / "clients" / "sam-reyes.yaml").read_bytes() == before


def test_a_new_client_may_not_name_a_deck_outside_the_workspace(client, workspace):
    answer = client.change("POST", "/api/clients", json={
        "name": "q", "brand": "example", "deck": "../../../../etc/passwd"})
    assert answer.status_code == 422, answer.text
    assert "outside the workspace" in answer.json()["error"]
    assert not (workspace / "clients" / "q.yaml").exists()


def test_a_client_edit_loads_its_brand(client, workspace):
    (workspace / "brands" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    answer = put(client, "/api/clients/sam-reyes", ["brand"], "broken")
    assert answer.status_code == 422, answer.text
    assert "brand" in answer.json()["error"]


@pytest.mark.parametrize("raw", [
    '{"key": ["coach", "name"], "value": NaN, "version": "x"}',
    '{"key": ["coach", "name"], "value": Infinity, "version": "x"}',
    '{"key": ["coach", "name"], "value": ' + "9" * 5000 + ', "version": "x"}',
    '{"key": ["coach", "name"], "value": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"key": ["coach", "name"], "value": ' + "[" * 30 + "]" * 30 + ', "version": "x"}',
])
def test_bodies_no_file_can_keep_are_refused(client, workspace, raw):
    before = (workspace / "brands" / "example.yaml").read_bytes()
    for url in ("/api/brands/example", "/api/clients/sam-reyes",
                "/api/decks/cards/networking.yaml/cards", "/api/jobs"):
        method = "PUT" if "brands" in url or "clients" in url else "POST"
        answer = client.change(method, url, content=raw.encode(),
                               headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, (url, answer.text)
        assert answer.json()["error"].startswith("the request "), answer.text
    assert (workspace / "brands" / "example.yaml").read_bytes() == before


def test_a_hand_written_nan_is_sent_as_text(client, workspace):
    path = workspace / "brands" / "example.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "extra_number: .nan\nfar: -.inf\n",
                    encoding="utf-8")
    assert client.get("/api/brands").status_code == 200
    answer = client.get("/api/brands/example")
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["extra_number"] == "nan"
    assert answer.json()["data"]["far"] == "-inf"
    assert client.get("/brands/example").status_code == 200


@pytest.mark.parametrize(("url", "body", "words"), [
    ("/api/brands", {"name": "???"}, "needs a letter or a digit"),
    ("/api/brands", {"name": "a" * 121}, "at most 120 characters"),
    ("/api/clients", {"name": "!!!", "brand": "example", "deck": "networking"},
     "needs a letter or a digit"),
    ("/api/clients", {"name": "b" * 5000, "brand": "example", "deck": "networking"},
     "at most 120 characters"),
])
def test_a_new_name_must_make_a_file_name(client, workspace, url, body, words):
    folders = {folder: sorted(p.name for p in (workspace / folder).iterdir())
               for folder in ("brands", "clients")}
    answer = client.change("POST", url, json=body)
    assert answer.status_code == 422, answer.text
    assert words in answer.json()["error"]
    assert not (workspace / "brands" / "client.yaml").exists()
    assert folders == {folder: sorted(p.name for p in (workspace / folder).iterdir())
                       for folder in ("brands", "clients")}


def test_a_deck_number_is_not_true_or_false(client, workspace):
    before = (workspace / "clients" / "sam-reyes.yaml").read_bytes()
    answer = client.change("PUT", "/api/clients/sam-reyes/cards", json={
        "deck": True, "cards": [], "version": version(client, "/api/clients/sam-reyes")})
    assert answer.status_code == 400, answer.text
    assert (workspace / "clients" / "sam-reyes.yaml").read_bytes() == before


def test_a_line_separator_in_a_brand_field_is_refused(client, workspace):
    before = (workspace / "brands" / "example.yaml").read_bytes()
    answer = put(client, "/api/brands/example", ["coach", "name"], "Maya\u2028Chen")
    assert answer.status_code == 422, answer.text
    assert "U+2028" in answer.json()["error"]
    assert (workspace / "brands" / "example.yaml").read_bytes() == before


@pytest.mark.parametrize(("filename", "stored"), [
    ("evil-..-x.png", "logos/evil-.-x.png"),
    ("con.png", "logos/con-logo.png"),
    ("LPT1.png", "logos/lpt1-logo.png"),
])
def test_an_uploaded_logo_gets_a_name_any_computer_can_keep(client, workspace, filename, stored):
    answer = client.change("POST", "/api/brands/northstar/logo",
                           files={"file": (filename, png_bytes(), "image/png")},
                           data={"version": version(client, "/api/brands/northstar")})
    assert answer.status_code == 200, answer.text
    assert answer.json()["logo"] == stored
    assert (workspace / "brands" / stored).is_file()


def test_a_logo_with_a_huge_file_name_gets_a_clear_message(client, workspace):
    answer = client.change("POST", "/api/brands/northstar/logo",
                           files={"file": ("a" * 5000 + ".png", png_bytes(), "image/png")},
                           data={"version": version(client, "/api/brands/northstar")})
    assert answer.status_code == 400, answer.text
    assert "rename it to at most 100 characters" in answer.json()["error"]


def test_a_logo_the_brand_refuses_is_not_left_in_logos(client, workspace, monkeypatch):
    from deckpress.studio.files import Refused

    def refusing(*args: object, **kwargs: object) -> object:
        raise Refused("error: brands/northstar.yaml: the logo is refused")

    monkeypatch.setattr("deckpress.studio.files.store.FileStore.set_key", refusing)
    logos = workspace / "brands" / "logos"
    before = sorted(p.name for p in logos.iterdir()) if logos.is_dir() else []
    answer = client.change("POST", "/api/brands/northstar/logo",
                           files={"file": ("Fresh Mark.png", png_bytes(321, 123), "image/png")},
                           data={"version": version(client, "/api/brands/northstar")})
    assert answer.status_code == 422, answer.text
    assert not (logos / "fresh-mark.png").exists()
    assert (sorted(p.name for p in logos.iterdir()) if logos.is_dir() else []) == before


# --- what the pages show ---------------------------------------------------------------------


def test_the_spreadsheet_note_is_shown_once_in_the_page_body(client):
    html = client.get("/clients").text
    note = "Clients kept in a spreadsheet (workshop.csv)"
    assert html.count(note) == 1
    assert html.index("<main>") < html.index(note) < html.index("</main>")


def test_a_client_page_is_titled_with_the_person_s_name(client):
    html = client.get("/clients/jordan-rivera").text
    assert "<title>Client: Jordan Rivera · deckpress studio</title>" in html


def intro_figure(html: str) -> str:
    return html[html.index('<figure class="intro-figure">'):html.index("</figure>")]


def test_a_client_whose_deck_has_an_intro_card_gets_it_drawn(client):
    figure = intro_figure(client.get("/clients/jordan-rivera").text)
    assert 'data-src="/api/clients/jordan-rivera/intro.png"' in figure
    assert 'data-deck="0"' in figure
    assert 'id="intro-none" hidden' in figure


@pytest.mark.parametrize("deck", ["table-talk", "pocket-scripts"])
def test_a_deck_without_an_intro_card_is_said_in_a_note_not_drawn(client, deck):
    answer = client.change("POST", "/api/clients", json={
        "name": "Noor Haddad", "brand": "example", "deck": deck})
    assert answer.status_code == 201, answer.text
    assert client.get("/api/clients/noor-haddad").json()["decks"][0]["intro"] is None
    figure = intro_figure(client.get("/clients/noor-haddad").text)
    assert 'data-deck=""' in figure  # the page's script asks for no image
    assert 'id="intro-none" hidden' not in figure
    assert "This deck has" in figure and "no intro card" in figure
    assert "<code>layout: intro</code>" in figure
    # the image is still refused as before if asked for
    assert client.get("/api/clients/noor-haddad/intro.png").status_code == 422


def test_unticking_every_card_is_refused_and_leaves_the_file_alone(client, workspace: Path):
    url = "/api/clients/jordan-rivera"
    path = workspace / "clients/jordan-rivera.yaml"
    before = path.read_text(encoding="utf-8")
    answer = client.change("PUT", url + "/cards",
                           json={"deck": 0, "cards": [], "version": version(client, url)})
    assert answer.status_code == 422
    assert "tick at least one card" in answer.json()["error"]
    assert path.read_text(encoding="utf-8") == before  # the ladder is not trimmed either
