"""Shared fixtures: strict builds of the shipped and the minimal data, a static server for a
built site, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, sync_playwright

from sitetree import Build, build, make_site

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def soup(build_result: Build, path: str) -> BeautifulSoup:
    return BeautifulSoup(build_result.page(path), "html.parser")


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real data/ and docs/ built strictly, with the build date fixed."""
    result = build(make_site(tmp_path_factory.mktemp("shipped"), real_data=True))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The minimal fixture data (tests/sitetree.py) built strictly."""
    result = build(make_site(tmp_path_factory.mktemp("minimal")))
    assert result.returncode == 0, result.output
    return result


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) while the block runs; yields its address."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


def chromium_path() -> str | None:
    """Where Debian's Chromium is installed, if it is."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (which cannot download browsers here)."""
    executable = chromium_path()
    assert executable, "Debian's chromium is needed: run `make test` (it installs it) or apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def server(shipped_site: Build) -> Iterator[str]:
    """The shipped site served on 127.0.0.1, for the browser tests."""
    with serve_folder(shipped_site.site) as address:
        yield address


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab (its own context: no storage shared between tests)."""
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()
