"""Take the studio's pictures in docs/studio.md: the studio on a scratch copy of the sample
workspace, photographed by a headless Chromium at 1400x900 (needs the test extra: selenium, and
Debian's chromium and chromium-driver).

    python docs/make_studio_screenshots.py

writes docs/images/studio-{home,deck,brand,client,build}.png. The sample workspace itself is
never touched: the build shown is made in the copy.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from deckpress.studio.app import create_app
from deckpress.studio.security import allowed_hosts, new_token
from deckpress.studio.server import LOOPBACK, address, bind

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
WORKSPACE_PARTS = ("cards", "brands", "clients", "templates", "fonts")
CHROMIUM = Path(os.environ.get("DECKPRESS_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("DECKPRESS_CHROMEDRIVER", "/usr/bin/chromedriver"))
SIZE = (1400, 900)
SETTLE_SECONDS = 0.4  # after the page's images loaded: its scripts fill in what they fetch
WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Shot:
    """One picture: the page, what must be on it before it is taken, what to do first."""

    image: str
    path: str
    ready: str  # CSS selector of an element the page shows once it has loaded
    done: str = "true"  # a script's condition: the page has finished what it does on its own
    before: Callable[[Any], None] | None = None
    top: str | None = None  # CSS selector of the element to scroll to the top of the picture


def build_for(client: str) -> Callable[[Any], None]:
    """A step before the Build picture: the client's deck built, its files listed."""
    def step(driver: Any) -> None:
        Select(driver.find_element(By.ID, "client")).select_by_value(client)
        driver.find_element(By.ID, "build-button").click()
        wait_for(driver, '#jobs li[data-state="done"], #jobs li[data-state="failed"]')
    return step


CHECKED = "!/^checking/i.test(document.getElementById('check-state').textContent.trim())"

SHOTS = (
    Shot("studio-home.png", "/", ".tiles"),
    Shot("studio-deck.png", "/decks/cards/networking.yaml?card=WU-01&as=client:jordan-rivera",
         "#face-back img", CHECKED),
    Shot("studio-brand.png", "/brands/example", "#card-previews img[src]", CHECKED),
    Shot("studio-client.png", "/clients/jordan-rivera", "#intro-image[src]", CHECKED),
    Shot("studio-build.png", "/build", "#build-button", before=build_for("jordan-rivera"),
         top="#build-form > section:last-of-type"),
)


def copy_sample_workspace(target: Path) -> Path:
    for part in WORKSPACE_PARTS:
        shutil.copytree(ROOT / part, target / part)
    (target / "output").mkdir()
    return target


@contextmanager
def serving(workspace: Path) -> Iterator[str]:
    """The studio on `workspace` in a thread; yields the address with its key."""
    import uvicorn

    sock = bind(LOOPBACK, 0)
    port = sock.getsockname()[1]
    token = new_token()
    app = create_app(workspace, token, allowed_hosts(LOOPBACK, port))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.02)
    try:
        yield address(LOOPBACK, port, token)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-quic", "--hide-scrollbars",
                     f"--window-size={SIZE[0]},{SIZE[1]}", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": SIZE[0], "height": SIZE[1], "deviceScaleFactor": 1, "mobile": False})
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, css: str) -> None:
    WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.1).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, css), f"nothing matches {css!r}")


def settle(driver: Any, done: str) -> None:
    """Wait until every picture on the page has loaded and the page says it is done."""
    WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.1).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && "
            f"Array.from(document.images).every(i => i.complete) && ({done})"),
        "the page did not finish loading")
    time.sleep(SETTLE_SECONDS)


def take(driver: Any, origin: str, shot: Shot, folder: Path) -> Path:
    driver.get(origin + shot.path)
    wait_for(driver, shot.ready)
    if shot.before is not None:
        shot.before(driver)
    settle(driver, shot.done)
    if shot.top is None:
        driver.execute_script("window.scrollTo(0, 0)")
    else:
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})",
                              driver.find_element(By.CSS_SELECTOR, shot.top))
    time.sleep(SETTLE_SECONDS)
    target = folder / shot.image
    if not driver.save_screenshot(str(target)):
        raise RuntimeError(f"no screenshot of {shot.path}")
    return target


def main(folder: Path = IMAGES) -> int:
    for program in (CHROMIUM, CHROMEDRIVER):
        if not os.access(program, os.X_OK):
            print(f"{program} not found: apt-get install chromium chromium-driver", file=sys.stderr)
            return 1
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        workspace = copy_sample_workspace(Path(scratch) / "my-coaching")
        with serving(workspace) as key_url, chromium(Path(scratch) / "profile") as driver:
            driver.get(key_url)
            origin = key_url.split("/?", 1)[0]
            for shot in SHOTS:
                print(take(driver, origin, shot, folder).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
