"""A new client added in the browser, then their deck built and downloaded: the client's file is
what the form said, and the PDF the browser saves is that client's deck."""

from __future__ import annotations

import pytest
import yaml
from pypdf import PdfReader
from selenium.webdriver.support.select import Select

pytestmark = pytest.mark.browser

NAME = "Ada Lovelace"
SLUG = "ada-lovelace"
BRAND = "northstar"
DECK = "networking"
A_CARD = "Ask for directions"  # a card of that deck


def add_client(studio) -> None:
    """Fill in the new-client form of the Clients page and wait for the client's own page."""
    studio.open("/clients")
    studio.find("#new-client-name").send_keys(NAME)
    Select(studio.find("#new-client-brand")).select_by_value(BRAND)
    Select(studio.find("#new-client-deck")).select_by_visible_text(DECK)
    studio.find("#new-client button[type=submit]").click()
    studio.wait(lambda driver: driver.current_url.endswith(f"/clients/{SLUG}"),
                "the new client's page did not open")


def test_a_client_added_in_the_browser_gets_a_file_of_their_own(studio) -> None:
    assert not (studio.workspace / "clients" / f"{SLUG}.yaml").exists()
    add_client(studio)

    client = yaml.safe_load((studio.workspace / "clients" / f"{SLUG}.yaml").read_text("utf-8"))
    assert client == {"brand": BRAND, "name": NAME, "decks": [{"deck": DECK}]}
    assert studio.find("main h1").text == NAME
    assert studio.find("#client-brand").get_attribute("value") == BRAND
    studio.open("/clients")
    cards = [card.text for card in studio.find_all("a.person-card")]
    assert any(NAME in card for card in cards), cards


def test_the_new_clients_deck_is_built_and_downloaded_as_their_pdf(studio) -> None:
    add_client(studio)
    studio.open("/build")
    Select(studio.find("#client")).select_by_value(SLUG)
    studio.find('input[name="kind"][value="deck"]').click()
    studio.find("#build-button").click()
    job = studio.wait(lambda driver: finished_job(studio), "the build did not finish", 60)
    assert job.get_attribute("data-state") == "done", job.text

    links = [link for link in job.find_elements("css selector", ".job-outputs a")
             if link.text.endswith(".pdf")]
    assert len(links) == 1, job.text
    built = studio.workspace / links[0].text
    assert built.is_file()
    links[0].click()
    downloaded = studio.download()

    assert downloaded.name == f"{SLUG}-{built.name}"  # the client's name in it
    assert downloaded.read_bytes() == built.read_bytes()
    pdf = PdfReader(downloaded)
    text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert NAME in text  # the intro card is theirs
    assert A_CARD in text  # a card of their deck
    assert len(pdf.pages) >= 2  # fronts and backs


def finished_job(studio):
    jobs = studio.find_all("#jobs li[data-job]")
    if jobs and jobs[0].get_attribute("data-state") in ("done", "failed"):
        return jobs[0]
    return None
