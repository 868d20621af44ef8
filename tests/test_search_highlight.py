"""Search highlighting in Chromium: a result link carries the words searched for, and the page
it opens marks them, also when the index matched a French or Dutch word by its stem."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("prefix", "query", "marked"),
    [
        ("fr/", "financements", "financement"),  # the page says "financement": found by its stem
        ("nl/", "clusters", "cluster"),
        ("", "research", "research"),
    ],
)
def test_a_result_opens_with_the_words_searched_for_marked(
    server: str, page: Page, prefix: str, query: str, marked: str
) -> None:
    page.goto(server + prefix)
    page.keyboard.press("/")
    page.keyboard.type(query)
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    words = parse_qs(urlsplit(first.get_attribute("href")).query).get("h", [""])[0].split()
    assert query in words
    first.click()
    page.wait_for_load_state()
    expect(page.locator("mark").first).to_be_visible()
    texts = [text.lower() for text in page.locator("mark").all_inner_texts()]
    # Material marks the part of a word that the link's words start: "financeme(nt)".
    assert any(len(text) >= 4 and (marked.startswith(text) or text.startswith(marked)) for text in texts), texts
