"""The Decks page over HTTP: the list, a deck's table, edits that reach the file (comments
kept) and the preview drawn from it, and the refusals: an invalid edit, a stale page, a
path outside the workspace, a request without the page's CSRF key."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from deckpress.source.deck import load_deck
from deckpress.studio.files import read_deck

DECK = "cards/networking.yaml"
LONG_TEXT = " ".join(["Walk up to someone new and ask them a question about their work."] * 25)


def table(workspace: Path, deck: str = DECK):
    return read_deck(workspace, deck)


def index_of(workspace: Path, card_id: str, deck: str = DECK) -> int:
    return [row.id for row in table(workspace, deck).rows].index(card_id)


def edit(client, workspace: Path, card_id: str, field: str, value: object,
         version: str | None = None):
    url = f"/api/decks/{DECK}/cards/{index_of(workspace, card_id)}"
    body = {"field": field, "value": value, "version": version or table(workspace).version}
    return client.change("POST", url, json=body)


def face(client, card_id: str, side: str = "front", viewpoint: str = "brand:example",
         version: str = "", deck: str = DECK) -> Image.Image:
    answer = client.get(f"/preview/{deck}", params={"card": card_id, "side": side,
                                                    "as": viewpoint, "v": version})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/png"
    return Image.open(io.BytesIO(answer.content)).convert("RGB")


# --- the list of decks ---------------------------------------------------------------------


def test_the_list_names_each_deck_with_its_title_and_cards(client) -> None:
    page = client.get("/decks")
    assert page.status_code == 200
    assert 'href="/decks/cards/networking.yaml"' in page.text
    assert "Brave Asks" in page.text
    assert "50 cards" in page.text
    assert 'href="/decks/cards/room-openers.csv"' in page.text  # spreadsheets are decks too
    assert "/static/decks.js" in page.text


def test_a_new_deck_is_a_valid_deck_file(client, workspace: Path) -> None:
    answer = client.change("POST", "/api/decks", json={"title": "Job Search: Sprint"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["path"] == "cards/job-search-sprint.yaml"
    made = workspace / "cards" / "job-search-sprint.yaml"
    deck = load_deck(made)
    assert deck.settings.title == "Job Search: Sprint"
    assert len(deck.cards) == 1
    assert client.get("/decks/cards/job-search-sprint.yaml").status_code == 200
    again = client.change("POST", "/api/decks", json={"title": "Job search sprint"})
    assert again.status_code == 422
    assert "already exists" in again.json()["error"]


def test_a_title_in_another_script_names_the_file_deck(client, workspace: Path) -> None:
    first = client.change("POST", "/api/decks", json={"title": "勇気のカード"})
    second = client.change("POST", "/api/decks", json={"title": "Смелость"})
    assert (first.json()["path"], second.json()["path"]) == ("cards/deck.yaml",
                                                              "cards/deck-2.yaml")
    assert load_deck(workspace / "cards" / "deck.yaml").settings.title == "勇気のカード"


def test_a_new_deck_needs_a_title_and_the_csrf_key(client, workspace: Path) -> None:
    assert client.change("POST", "/api/decks", json={"title": "  "}).status_code == 422
    assert client.post("/api/decks", json={"title": "Sneaky"}).status_code == 403
    assert not (workspace / "cards" / "sneaky.yaml").exists()


# --- one deck ------------------------------------------------------------------------------


def test_the_deck_page_shows_every_card_with_the_deck_s_own_choices(client) -> None:
    page = client.get(f"/decks/{DECK}")
    assert page.status_code == 200
    html = page.text
    assert html.count('<tbody class="card') == 50
    assert 'data-id="WU-01"' in html
    assert ">Warm-up asks</option>" in html  # categories by their labels
    assert ">Stretch</option>" in html  # levels
    assert 'name="steps"' in html  # the deck's own field
    assert '<option value="brand:example"' in html
    assert '<option value="client:li-wei"' in html  # Li Wei gets this deck
    assert 'id="face-front"' in html and 'id="face-back"' in html


def test_preview_as_lists_only_the_clients_who_get_the_deck(client) -> None:
    html = client.get("/decks/cards/table-talk.yaml").text
    assert '<option value="client:li-wei"' not in html
    assert '<option value="brand:northstar"' in html


def test_an_edit_changes_the_file_keeps_its_comments_and_redraws_the_card(
        client, workspace: Path) -> None:
    before = face(client, "WU-01", version=table(workspace).version)
    answer = edit(client, workspace, "WU-01", "title", "Ask the way to the station")
    assert answer.status_code == 200, answer.text
    saved = answer.json()
    text = (workspace / DECK).read_text(encoding="utf-8")
    assert "title: Ask the way to the station" in text
    assert 'colour: "#9E5F10"   # warm amber' in text  # the comments are kept
    assert "# --- Warm-up asks ---" in text
    assert saved["version"] == table(workspace).version
    assert saved["row"]["values"]["title"] == "Ask the way to the station"
    after = face(client, "WU-01", version=saved["version"])
    assert after.size == before.size
    assert ImageChops.difference(before, after).getbbox() is not None  # other pixels
    back = face(client, "WU-01", side="back", version=saved["version"])
    assert ImageChops.difference(after, back).getbbox() is not None


def test_a_choice_and_a_number_are_saved_as_the_deck_writes_them(client, workspace) -> None:
    assert edit(client, workspace, "WU-01", "level", "bold").status_code == 200
    assert edit(client, workspace, "WU-01", "copies", 3).status_code == 200
    row = table(workspace).rows[index_of(workspace, "WU-01")]
    assert row.values["level"] == "bold"
    assert row.values["copies"] == 3
    assert edit(client, workspace, "WU-01", "copies", None).status_code == 200  # back to 1
    assert table(workspace).rows[index_of(workspace, "WU-01")].values["copies"] is None


def test_an_edit_that_would_make_the_deck_invalid_is_refused(client, workspace: Path) -> None:
    original = (workspace / DECK).read_bytes()
    answer = edit(client, workspace, "WU-01", "category", "no-such-category")
    assert answer.status_code == 422
    message = answer.json()["error"]
    assert "no-such-category" in message and "category" in message
    assert (workspace / DECK).read_bytes() == original
    emptied = edit(client, workspace, "WU-01", "title", "")
    assert emptied.status_code == 422
    assert (workspace / DECK).read_bytes() == original


def test_an_edit_on_an_old_version_is_refused_as_stale(client, workspace: Path) -> None:
    old = table(workspace).version
    assert edit(client, workspace, "WU-01", "tip", "“Which way is the river?”").status_code == 200
    changed = (workspace / DECK).read_bytes()
    stale = edit(client, workspace, "WU-02", "tip", "Later edit", version=old)
    assert stale.status_code == 409
    assert "reload" in stale.json()["error"]
    assert (workspace / DECK).read_bytes() == changed
    for method, suffix, body in (("POST", "/cards", {"after": 0}),
                                 ("DELETE", "/cards/3", {}),
                                 ("POST", "/cards/3/move", {"to": 0})):
        answer = client.change(method, f"/api/decks/{DECK}{suffix}", json={**body, "version": old})
        assert answer.status_code == 409, suffix
    assert (workspace / DECK).read_bytes() == changed


def test_cards_are_added_moved_and_removed(client, workspace: Path) -> None:
    ids = [row.id for row in table(workspace).rows]
    added = client.change("POST", f"/api/decks/{DECK}/cards",
                          json={"after": 2, "version": table(workspace).version})
    assert added.status_code == 200, added.text
    new_id = added.json()["row"]["id"]
    assert new_id not in ids
    now = [row.id for row in table(workspace).rows]
    assert now[3] == new_id and len(now) == len(ids) + 1
    assert load_deck(workspace / DECK).cards[3].title == "New card"  # a valid card

    moved = client.change("POST", f"/api/decks/{DECK}/cards/3/move",
                          json={"to": 0, "version": added.json()["version"], "card": new_id})
    assert moved.status_code == 200, moved.text
    assert table(workspace).rows[0].id == new_id

    removed = client.change("DELETE", f"/api/decks/{DECK}/cards/0",
                            json={"version": moved.json()["version"], "card": new_id})
    assert removed.status_code == 200, removed.text
    assert [row.id for row in table(workspace).rows] == ids

    part = client.get(f"/api/decks/{DECK}/table", params={"card": "WU-01"})
    assert part.status_code == 200
    assert part.json()["html"].count('<tbody class="card') == len(ids)
    assert part.json()["table"]["version"] == removed.json()["version"]


def test_an_edit_of_a_card_no_longer_in_the_deck_is_refused(client, workspace: Path) -> None:
    original = (workspace / DECK).read_bytes()
    answer = client.change("POST", f"/api/decks/{DECK}/cards/2",
                           json={"field": "tip", "value": "x", "card": "GONE-1",
                                 "version": table(workspace).version})
    assert answer.status_code == 422
    assert "GONE-1" in answer.json()["error"]
    assert (workspace / DECK).read_bytes() == original
    beyond = client.change("POST", f"/api/decks/{DECK}/cards/999",
                           json={"field": "tip", "value": "x", "version": table(workspace).version})
    assert beyond.status_code == 404


def test_a_check_problem_is_shown_next_to_its_card(client, workspace: Path) -> None:
    assert edit(client, workspace, "WU-02", "text", LONG_TEXT).status_code == 200
    report = client.get(f"/api/decks/{DECK}/problems", params={"as": "brand:example"}).json()
    mine = [problem for problem in report["problems"] if problem["card"] == "WU-02"]
    assert mine and mine[0]["severity"] == "error"
    assert "does not fit" in mine[0]["problem"]
    assert report["errors"] >= 1
    # the page shows the findings known for the deck's files as they are now
    html = client.get(f"/decks/{DECK}", params={"card": "WU-02", "as": "brand:example"}).text
    row = html[html.index('data-id="WU-02"'):]
    row = row[:row.index("</tbody>")]
    assert "does not fit" in row
    assert 'class="state error"' in row
    others = html[html.index('data-id="WU-03"'):]
    assert "does not fit" not in others[:others.index("</tbody>")]


def test_a_card_that_cannot_be_drawn_says_why(client, workspace: Path) -> None:
    assert edit(client, workspace, "WU-02", "text", LONG_TEXT).status_code == 200
    answer = client.get(f"/preview/{DECK}", params={"card": "WU-02", "side": "front"})
    assert answer.status_code == 422
    assert "card 'WU-02'" in answer.json()["error"]
    assert "does not fit" in answer.json()["error"]
    assert face(client, "WU-03", viewpoint="").size == (375, 525)  # the others still draw


def test_a_client_s_preview_uses_their_brand_and_choice_of_cards(client) -> None:
    plain = face(client, "WU-01", side="back", viewpoint="")
    theirs = face(client, "WU-01", side="back", viewpoint="client:li-wei")
    assert ImageChops.difference(plain, theirs).getbbox() is not None
    missing = client.get(f"/preview/{DECK}", params={"card": "WU-03", "side": "front",
                                                     "as": "client:li-wei"})
    assert missing.status_code == 422
    assert "does not get card 'WU-03'" in missing.json()["error"]


@pytest.mark.parametrize("query", [{"as": "brand:../clients/li-wei"}, {"as": "shop:x"},
                                   {"as": "brand:no-such-brand"}])
def test_a_preview_for_someone_the_workspace_does_not_have_is_refused(client, query) -> None:
    answer = client.get(f"/preview/{DECK}", params={"card": "WU-01", "side": "front", **query})
    assert answer.status_code in (404, 422)
    assert "error" in answer.json()


@pytest.mark.parametrize("path", ["%2e%2e/outside.yaml", "%2e%2e%2foutside.yaml",
                                  "brands/example.yaml", "cards/nothing.yaml",
                                  "%2ftmp/outside.yaml"])
def test_a_path_that_is_not_a_deck_of_the_workspace_is_not_found(client, workspace: Path,
                                                                 path: str) -> None:
    (workspace.parent / "outside.yaml").write_text("title: Outside\nsize: poker\ncards: []\n")
    assert client.get(f"/decks/{path}").status_code == 404
    assert client.get(f"/preview/{path}?card=A&side=front").status_code == 404
    assert client.get(f"/api/decks/{path}/problems").status_code == 404
    answer = client.change("POST", f"/api/decks/{path}/cards/0",
                           json={"field": "title", "value": "x", "version": "0"})
    assert answer.status_code == 404
    assert (workspace.parent / "outside.yaml").read_text().startswith("title: Outside")


def test_a_change_without_the_csrf_key_is_refused(client, workspace: Path) -> None:
    original = (workspace / DECK).read_bytes()
    url = f"/api/decks/{DECK}/cards/{index_of(workspace, 'WU-01')}"
    body = {"field": "title", "value": "Hijacked", "version": table(workspace).version}
    assert client.post(url, json=body).status_code == 403
    assert client.request("DELETE", url, json=body).status_code == 403
    assert (workspace / DECK).read_bytes() == original


def test_a_workbook_deck_is_shown_but_not_edited(client, workspace: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    cards = book.active
    cards.title = "Cards"
    cards.append(["id", "title", "text"])
    cards.append(["A-1", "First", "The first card."])
    settings = book.create_sheet("Deck")
    settings.append(["setting", "value"])
    settings.append(["title", "Sheet deck"])
    settings.append(["size", "poker"])
    book.save(workspace / "cards" / "sheet.xlsx")
    page = client.get("/decks/cards/sheet.xlsx")
    assert page.status_code == 200
    assert "Excel workbook" in page.text
    assert 'data-id="A-1"' in page.text and "disabled" in page.text
    assert 'id="add-card"' not in page.text
    assert face(client, "A-1", viewpoint="", deck="cards/sheet.xlsx").size == (375, 525)
    answer = client.change("POST", "/api/decks/cards/sheet.xlsx/cards/0",
                           json={"field": "title", "value": "x",
                                 "version": table(workspace, "cards/sheet.xlsx").version})
    assert answer.status_code == 422


def test_seen_as_a_client_the_cards_they_get_are_named(client) -> None:
    report = client.get(f"/api/decks/{DECK}/problems", params={"as": "client:li-wei"}).json()
    assert "WU-01" in report["theirs"] and "WU-03" not in report["theirs"]
    assert report["cards"] == 14
    plain = client.get(f"/api/decks/{DECK}/problems").json()
    assert plain["theirs"] is None and plain["cards"] == 50


def test_a_deck_that_cannot_be_read_says_why(client, workspace: Path) -> None:
    (workspace / "cards" / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    listed = client.get("/decks").text
    assert "cannot be read" in listed
    page = client.get("/decks/cards/broken.yaml")
    assert page.status_code == 200
    assert "broken.yaml" in page.text and 'class="message error"' in page.text


def test_an_engine_surprise_is_a_message_not_a_server_error(client, monkeypatch) -> None:
    def surprised(*args: object, **kwargs: object) -> object:
        raise AttributeError("'NoneType' object has no attribute 'tag'")

    monkeypatch.setattr("deckpress.studio.cardimages.drawn_faces", surprised)
    answer = client.get(f"/preview/{DECK}", params={"card": "WU-02", "side": "front"})
    assert answer.status_code == 422, answer.text
    assert "could not be drawn" in answer.json()["error"]
    assert "deckpress check" in answer.json()["error"]


def test_a_huge_deck_title_is_refused_at_once(client, workspace: Path) -> None:
    before = sorted(p.name for p in (workspace / "cards").iterdir())
    answer = client.change("POST", "/api/decks", json={"title": "x" * 2_000_000})
    assert answer.status_code == 422, answer.text
    assert "at most 120 characters" in answer.json()["error"]
    assert sorted(p.name for p in (workspace / "cards").iterdir()) == before


@pytest.mark.parametrize(("deck", "field", "value", "words"), [
    (DECK, "title", ["a", {"b": 1}], "takes one value"),
    (DECK, "steps", ["a", {"b": 1}], "takes lines of text"),
    (DECK, "steps", ["a", ["b"]], "takes lines of text"),
    ("cards/room-openers.csv", "title", ["a", "b"], "takes one value"),
])
def test_a_value_that_would_not_be_saved_as_typed_is_refused(client, workspace: Path, deck,
                                                              field, value, words) -> None:
    before = (workspace / deck).read_bytes()
    rows = table(workspace, deck)
    url = f"/api/decks/{deck}/cards/0"
    answer = client.change("POST", url, json={"field": field, "value": value,
                                              "version": rows.version, "card": rows.rows[0].id})
    assert answer.status_code == 422, answer.text
    assert words in answer.json()["error"]
    assert (workspace / deck).read_bytes() == before


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_a_line_separator_in_a_title_is_refused_like_a_control_character(
        client, workspace: Path, separator: str) -> None:
    before = (workspace / DECK).read_bytes()
    answer = edit(client, workspace, "WU-02", "title", f"Ask{separator}twice")
    assert answer.status_code == 422, answer.text
    assert f"U+{ord(separator):04X}" in answer.json()["error"]
    assert "retype the line break or space" in answer.json()["error"]
    assert (workspace / DECK).read_bytes() == before


# --- the table beside the preview -----------------------------------------------------------


def test_the_table_keeps_the_fields_most_cards_leave_alone_under_more(client) -> None:
    html = client.get(f"/decks/{DECK}").text
    head = html[html.index("<thead>"):html.index("</thead>")]
    assert [label for label in ("Card", "Title", "Text", "Category", "Level", "Tip", "Steps",
                                "Layout", "Copies", "Counts when") if f">{label}" in head] == \
        ["Card", "Title", "Text", "Category", "Level", "Tip"]
    row = html[html.index('data-id="HOW"'):]
    row = row[:row.index("</tbody>")]
    fields, more = row.split('<tr class="more"', 1)
    assert 'name="title"' in fields and 'name="tip"' in fields
    assert 'name="steps"' not in fields and 'name="layout"' not in fields
    # the card's own buttons come first, before its fields
    assert fields.index('data-action="remove"') < fields.index('name="title"')
    assert 'name="steps"' in more and 'name="layout"' in more and 'name="counts_when"' in more
    assert 'value="rules"' in more  # its layout, as the file has it
    assert '<span class="filled">2</span>' in fields  # steps and layout are filled in


def test_the_deck_page_is_sent_without_waiting_for_the_check(client) -> None:
    fresh = client.get(f"/decks/{DECK}").text
    assert 'data-report=""' in fresh  # not checked yet: the page's script asks, once
    assert "checking…" in fresh
    assert client.get(f"/api/decks/{DECK}/problems").status_code == 200
    known = client.get(f"/decks/{DECK}").text
    report = known[known.index('data-report="') + 13:]
    assert report.startswith("{&#34;") or report.startswith("{&quot;")
    assert "problems" in report[:report.index('"')]


def test_a_table_swapped_in_after_a_move_has_the_same_more_rows(client) -> None:
    answer = client.get(f"/api/decks/{DECK}/table", params={"card": "HOW"})
    assert answer.status_code == 200
    html = answer.json()["html"]
    assert html.count('<tr class="more"') == 50
    assert 'data-action="more"' in html
