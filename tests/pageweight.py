"""What a first visit to a page transfers: every response the browser receives until the
network is quiet, with its size as a web server would send it compressed.

The test server does not compress, so each body is gzipped here (level 6, what nginx and
GitHub Pages use); a body that does not shrink (images, WOFF2 fonts) counts at its own size.
Used by tests/test_browser.py (the 150 KB budget) and bench/weight.py (the figures).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Response

BUDGET = 150_000  # bytes, compressed: the first load of the home page


@dataclass(frozen=True)
class Transfer:
    url: str
    kind: str  # document, stylesheet, script, image, font, fetch, ...
    size: int  # bytes as served, uncompressed
    compressed: int  # bytes gzipped (or as is, when gzip does not shrink them)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


def first_load(browser: Browser, url: str, viewport: dict[str, int]) -> list[Transfer]:
    """Open url in a fresh browser context (empty cache) and list what it transferred."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # a late request (an idle callback) still counts
    transfers = []
    for response in responses:
        if response.url.startswith("data:"):
            continue
        body = response.body()
        compressed = min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))
        transfers.append(Transfer(response.url, response.request.resource_type, len(body), compressed))
    context.close()
    return transfers
