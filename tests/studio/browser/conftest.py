"""The studio in a real browser: the app served by uvicorn on a free port of this computer, and a
headless Chromium (the system's, driven through the system's chromedriver) that opened its URL
with the key, exactly as `deckpress studio` opens it.

Without Chromium these tests skip, saying why; with DECKPRESS_BROWSER_TESTS=required (CI) a
missing browser is a failure instead, so a broken CI image cannot pass by skipping everything."""

from __future__ import annotations

import os
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from deckpress.studio.app import create_app
from deckpress.studio.security import COOKIE, allowed_hosts, new_token
from deckpress.studio.server import LOOPBACK, address, bind

CHROMIUM = Path(os.environ.get("DECKPRESS_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("DECKPRESS_CHROMEDRIVER", "/usr/bin/chromedriver"))
REQUIRED = os.environ.get("DECKPRESS_BROWSER_TESTS", "").strip().lower() == "required"
WINDOW = (1400, 900)
WAIT_SECONDS = 30.0  # the longest a page may take to show what a test waits for (a build included)
GRACE_SECONDS = 0.5  # for the studio's answers in flight when a test ends
CHROME_ARGUMENTS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic", "--disable-extensions", "--mute-audio",
    f"--window-size={WINDOW[0]},{WINDOW[1]}",
)
MARKER = ("browser: end-to-end tests of the studio in a real Chromium (skipped without it, "
          "unless DECKPRESS_BROWSER_TESTS=required)")

T = TypeVar("T")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[test]')"
    for program, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(program, os.X_OK):
            return f"{program} not found (apt-get install {package})"
    return None


def require_browser() -> None:
    reason = missing_browser()
    if reason is None:
        return
    if REQUIRED:
        pytest.fail(f"DECKPRESS_BROWSER_TESTS=required but {reason}", pytrace=False)
    pytest.skip(f"browser tests need Chromium: {reason}")


def chrome_options(profile: Path) -> Any:
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (*CHROME_ARGUMENTS, f"--user-data-dir={profile}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.prompt_for_download": False})
    return options


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the whole session: starting it is the slow part."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    # An explicit driver path: Selenium never looks for (or downloads) a driver of its own.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=chrome_options(profile))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@dataclass
class ServedStudio:
    """A studio listening on 127.0.0.1, as `deckpress studio` serves it."""

    workspace: Path
    port: int
    token: str

    @property
    def origin(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def key_url(self) -> str:
        return address(LOOPBACK, self.port, self.token)

    def url(self, path: str) -> str:
        return self.origin + path

    def fetch(self, path_or_url: str) -> bytes:
        """What the browser would get for that address (the key sent as its cookie)."""
        url = path_or_url if path_or_url.startswith("http") else self.url(path_or_url)
        request = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={self.token}"})
        with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as response:
            body: bytes = response.read()
            return body


@contextmanager
def serving(workspace: Path) -> Iterator[ServedStudio]:
    """The studio on `workspace`, in a thread of this process, for as long as the block runs."""
    import uvicorn

    sock = bind(LOOPBACK, 0)  # port 0: whatever port is free, never a running studio's
    port = sock.getsockname()[1]
    token = new_token()
    app = create_app(workspace, token, allowed_hosts(LOOPBACK, port))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_SECONDS
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        assert server.started, "the studio did not start"
        yield ServedStudio(workspace, port, token)
    finally:
        server.should_exit = True
        thread.join(GRACE_SECONDS)
        server.force_exit = True  # a preview the browser no longer waits for is not awaited
        thread.join(WAIT_SECONDS)
        sock.close()


@dataclass
class StudioPage:
    """The browser on one studio: open a page, wait for what it shows, collect what it downloads."""

    driver: Any
    served: ServedStudio
    downloads: Path

    @property
    def workspace(self) -> Path:
        return self.served.workspace

    def open(self, path: str = "/") -> None:
        self.driver.get(self.served.url(path))

    def wait(self, condition: Callable[[Any], T], failure: str,
             seconds: float = WAIT_SECONDS) -> T:
        """The first true value of condition(driver); a test failure saying `failure` if none."""
        from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
        from selenium.webdriver.support.wait import WebDriverWait

        waiting = WebDriverWait(self.driver, seconds, poll_frequency=0.05,
                                ignored_exceptions=[StaleElementReferenceException])
        try:
            return waiting.until(condition)
        except TimeoutException:
            pytest.fail(f"{failure} (waited {seconds:g} s on {self.driver.current_url})",
                        pytrace=False)

    def find(self, css: str) -> Any:
        """The element matching `css`, once the page shows it."""
        from selenium.webdriver.common.by import By

        def shown(driver: Any) -> Any:
            found = driver.find_elements(By.CSS_SELECTOR, css)
            return found[0] if found else False

        return self.wait(shown, f"no element {css!r} on the page")

    def find_all(self, css: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        found: list[Any] = self.driver.find_elements(By.CSS_SELECTOR, css)
        return found

    def download(self, seconds: float = WAIT_SECONDS) -> Path:
        """The file the browser saved last, once it is complete."""
        def finished(_driver: Any) -> Path | bool:
            files = [path for path in self.downloads.iterdir() if not path.name.startswith(".")]
            if not files or any(path.suffix == ".crdownload" for path in files):
                return False  # Chromium names a download .crdownload until it is complete
            newest = max(files, key=lambda path: path.stat().st_mtime)
            return newest if newest.stat().st_size > 0 else False

        found: Path = self.wait(finished, f"nothing downloaded into {self.downloads}", seconds)
        return found

    def console_errors(self) -> list[str]:
        """What the page logged as errors (a script failing, a CSP refusal) since last asked."""
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry.get("level") == "SEVERE" and "favicon.ico" not in entry["message"]]


@pytest.fixture
def studio(chromium: Any, workspace: Path, tmp_path: Path) -> Iterator[StudioPage]:
    """The browser on a fresh studio over a scratch copy of the sample workspace, key accepted,
    on the home page. A test fails if a page logged an error on the way (a script or a CSP
    refusal), even when what it checked looked right."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with serving(workspace) as served:
        chromium.execute_cdp_cmd("Browser.setDownloadBehavior",
                                 {"behavior": "allow", "downloadPath": str(downloads)})
        chromium.get_log("browser")  # forget what earlier tests' pages logged
        page = StudioPage(chromium, served, downloads)
        chromium.get(served.key_url)
        yield page
        errors = page.console_errors()
        chromium.get("about:blank")  # no page keeps polling a studio that is stopping
        assert not errors, "the page logged errors:\n" + "\n".join(errors)
