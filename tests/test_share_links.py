"""Share links on job, event and news pages: plain links
that share the page's canonical address, in the page's language, a "copy link" button that
works in Chromium and is absent without JavaScript, and no request to another host."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, expect

from pagetypes import LANGUAGES, PAGE_TYPES
from partnersite.sharing import share_links
from sitetree import Build

SHARED = ["job", "event", "news-post"]


def parsed(build: Build, path: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(path + "index.html"), "html5lib")


def share_block(page: BeautifulSoup) -> dict[str, str]:
    block = page.select_one(".ps-share")
    assert block is not None
    links = block.find_all("a")
    button = block.find("button", attrs={"data-ps-copy": True})
    return {
        "linkedin": links[0]["href"],
        "email": links[1]["href"],
        "copy": button["data-ps-copy"],
        "labels": " | ".join([block.select_one(".ps-share__title").get_text()] + [a.get_text() for a in links])
        + " | "
        + button.get_text(),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", SHARED)
def test_share_links_share_the_canonical_address(shipped_site: Build, kind: str, lang: str) -> None:
    page = parsed(shipped_site, LANGUAGES[lang] + PAGE_TYPES[kind])
    canonical = page.find("link", rel="canonical")["href"]
    title = page.find("title").get_text().rsplit(" - ", 1)[0]  # "<page title> - BioWin × MEDVIA"
    found = share_block(page)

    linkedin = urlsplit(found["linkedin"])
    assert (linkedin.scheme, linkedin.netloc, linkedin.path) == ("https", "www.linkedin.com", "/sharing/share-offsite/")
    assert parse_qs(linkedin.query, strict_parsing=True) == {"url": [canonical]}

    email = urlsplit(found["email"])
    assert email.scheme == "mailto" and email.path == ""  # the reader picks the recipient
    assert "+" not in email.query  # RFC 6068: a space is %20, a + would show as a +
    fields = parse_qs(email.query, strict_parsing=True)
    assert fields == {"subject": [title], "body": [f"{title}\n{canonical}"]}
    assert found["copy"] == canonical


@pytest.mark.parametrize("kind", SHARED)
def test_share_labels_are_in_the_page_s_language(shipped_site: Build, kind: str) -> None:
    labels = {
        lang: share_block(parsed(shipped_site, LANGUAGES[lang] + PAGE_TYPES[kind]))["labels"] for lang in LANGUAGES
    }
    english = set(labels["en"].split(" | ")) - {"LinkedIn"}
    assert "Copy link" in english
    for lang in ("fr", "nl"):
        assert not english & set(labels[lang].split(" | ")), labels[lang]


def test_a_closed_offer_offers_no_share_links(shipped_site: Build) -> None:
    assert parsed(shipped_site, PAGE_TYPES["closed-job"]).select(".ps-share") == []


def test_the_e_mail_link_keeps_any_title_intact() -> None:
    title = "R&D lead? 50 % #remote + on-site; «Zürich» / Ghent\u202f: ok"
    url = "https://site.example/fr/jobs/x/"
    links = share_links(url, title)
    fields = parse_qs(urlsplit(links.email).query, strict_parsing=True)
    assert fields == {"subject": [title], "body": [f"{title}\n{url}"]}
    assert parse_qs(urlsplit(links.linkedin).query) == {"url": [url]}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_copy_link_copies_the_address_and_says_so(server: str, browser: Browser, lang: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server + LANGUAGES[lang] + PAGE_TYPES["job"])
    button = page.locator(".ps-share button[data-ps-copy]")
    expect(button).to_be_visible()
    address = button.get_attribute("data-ps-copy")
    button.click()
    status = page.locator(".ps-share__status")
    expect(status).to_have_text(button.get_attribute("data-text-copied"))
    assert status.get_attribute("role") == "status"  # announced by screen readers
    assert page.evaluate("navigator.clipboard.readText()") == address
    page.wait_for_load_state("networkidle")
    host = urlsplit(server).netloc
    assert [url for url in requests if urlsplit(url).netloc != host] == []
    context.close()


@pytest.mark.browser
def test_without_javascript_there_is_no_copy_button(server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "fr/" + PAGE_TYPES["event"])
    expect(page.locator(".ps-share a")).to_have_count(2)
    expect(page.locator(".ps-share a").first).to_be_visible()
    expect(page.locator(".ps-share button")).to_be_hidden()
    context.close()
