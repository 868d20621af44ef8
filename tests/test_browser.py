"""The built site served on 127.0.0.1 and used in a real browser (Debian's Chromium)."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from sitetree import Build

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def server(shipped_site: Build) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(shipped_site.site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Debian's chromium is needed: run `make test` (it installs it) or apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


PAGES = [
    "",
    "agreement/",
    "strategy/",
    "areas/digital-health/",
    "jobs/",
    "jobs/example-medical-physicist/",
    "members/",
    "events/",
]


@pytest.mark.parametrize("prefix", ["", "fr/", "nl/"])
def test_pages_load_without_errors_or_third_party_requests(server: str, page: Page, prefix: str) -> None:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    failed: list[str] = []
    page.on(
        "response",
        lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    for path in PAGES:
        page.goto(server + prefix + path)
        page.wait_for_load_state("networkidle")
    assert failed == []
    site_host = urlsplit(server).netloc
    outside = sorted({url for url in requests if urlsplit(url).netloc != site_host and not url.startswith("data:")})
    assert outside == [], "requests to other hosts"
    assert errors == []
    assert page.context.cookies() == []


def test_language_switcher_takes_the_reader_to_the_same_page(server: str, page: Page) -> None:
    page.goto(server + "fr/jobs/example-medical-physicist/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url(server + "nl/jobs/example-medical-physicist/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="English").click()
    page.wait_for_url(server + "jobs/example-medical-physicist/")
    assert page.locator("h1").inner_text().startswith("Medical physicist")


def test_strategy_leads_a_job_seeker_to_the_jobs_of_an_area(server: str, page: Page) -> None:
    page.goto(server + "nl/strategy/")
    page.locator(".admonition.tip").get_by_role("link", name="Digitale gezondheid").click()
    page.wait_for_url(server + "nl/areas/digital-health/#jobs")
    assert page.locator("article a[href$='jobs/example-data-engineer-clinical/']").count() == 1
