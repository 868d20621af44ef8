"""Printing a job or an event page (and any article): A4, the content only (no header, tabs,
navigation, footer, "back to top" or share links), the apply or registration details on the
first page, the targets of links to other sites and of e-mail links written out, dark on white
whatever the colour scheme. Chromium in print emulation, and its PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from pagetypes import LANGUAGES, PAGE_TYPES

pytestmark = pytest.mark.browser

MM = 96 / 25.4  # CSS pixels per millimetre
# site.css: @page { size: A4; margin: 15mm 15mm 18mm }
PRINTED_WIDTH, PRINTED_HEIGHT = round((210 - 30) * MM), round((297 - 33) * MM)
FIRST_BLOCK = {"job": ".ps-apply", "event": ".ps-register"}
CHROME = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-top", ".ps-share", ".md-search"]


@pytest.fixture
def printed(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A tab as wide as an A4 page's printed area, in the colour scheme the test names."""
    scheme = getattr(request, "param", "light")
    context = browser.new_context(viewport={"width": PRINTED_WIDTH, "height": PRINTED_HEIGHT}, color_scheme=scheme)
    page = context.new_page()
    yield page
    context.close()


def open_for_print(page: Page, address: str) -> None:
    page.goto(address)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")


@pytest.mark.parametrize("printed", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["job", "event"])
def test_a_job_or_event_prints_its_content_with_the_details_on_page_one(
    server: str, printed: Page, kind: str, lang: str
) -> None:
    open_for_print(printed, server + LANGUAGES[lang] + PAGE_TYPES[kind])
    for part in CHROME:
        for element in printed.locator(part).all():
            expect(element).to_be_hidden()
    block = printed.locator(f".md-typeset > {FIRST_BLOCK[kind]}")
    expect(block).to_have_count(1)
    top = printed.evaluate("document.querySelector('.md-typeset').getBoundingClientRect().top")
    box = block.bounding_box()
    assert box is not None and box["y"] + box["height"] - top <= PRINTED_HEIGHT, box  # on the first page
    # right after the facts, before the description (which may be long)
    facts = printed.locator(".md-typeset > .ps-facts").bounding_box()
    description = printed.locator(".md-typeset > p:not(:has(.md-button))").first.bounding_box()
    assert facts and description
    assert facts["y"] + facts["height"] <= box["y"] < description["y"]


@pytest.mark.parametrize("printed", ["dark"], indirect=True)
@pytest.mark.parametrize("kind", ["job", "event", "agreement"])
def test_print_has_no_dark_background_and_no_light_text_in_the_dark_scheme(
    server: str, printed: Page, kind: str
) -> None:
    printed.goto(server + PAGE_TYPES[kind])
    assert printed.evaluate("document.body.dataset.mdColorScheme") == "slate"  # dark on screen
    printed.emulate_media(media="print")
    dark = printed.evaluate(
        """() => {
          const luminance = (colour) => {  // as printed on white paper
            const [r, g, b, a = 1] = colour.match(/[\\d.]+/g).map(Number);
            const [R, G, B] = [r, g, b].map((c) => a * c + (1 - a) * 255);
            return a === 0 ? null : (0.2126 * R + 0.7152 * G + 0.0722 * B) / 255;
          };
          const found = [];
          for (const element of document.querySelectorAll("body, body *")) {
            if (!element.getClientRects().length) continue;  // not printed
            const style = getComputedStyle(element);
            const ground = luminance(style.backgroundColor);
            if (ground !== null && ground < 0.6) found.push(`${element.tagName}.${element.className}: ground ${style.backgroundColor}`);
            if (element.childNodes.length && [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
                && luminance(style.color) > 0.5) found.push(`${element.tagName}.${element.className}: text ${style.color}`);
          }
          return found;
        }"""
    )
    assert dark == [], "\n".join(dark)


@pytest.mark.parametrize("kind", ["job", "event"])
def test_print_writes_out_where_links_to_other_sites_lead(server: str, printed: Page, kind: str) -> None:
    open_for_print(printed, server + "fr/" + PAGE_TYPES[kind])
    links = printed.evaluate(
        """() => [...document.querySelectorAll(".md-typeset a")].filter((a) => a.getClientRects().length)
            .map((a) => [a.getAttribute("href"), getComputedStyle(a, "::after").content])"""
    )
    external = [(href, after) for href, after in links if re.match(r"(https?|mailto):", href)]
    internal = [(href, after) for href, after in links if not re.match(r"(https?|mailto):", href)]
    assert external and internal
    assert all(after == f'" ({href})"' for href, after in external), external
    assert all(after in ("none", "normal") for _, after in internal), internal  # anchors, own pages


def test_a_job_page_makes_an_a4_pdf(server: str, printed: Page) -> None:
    open_for_print(printed, server + PAGE_TYPES["job"])
    pdf = printed.pdf(prefer_css_page_size=True)
    sizes = {tuple(round(float(n)) for n in box.split()) for box in re.findall(rb"/MediaBox \[([\d. ]+)\]", pdf)}
    assert sizes == {(0, 0, 595, 842)}  # A4 in points
    pages = int(re.search(rb"/Type /Pages\b[^>]*/Count (\d+)", pdf).group(1))
    height = printed.evaluate("document.documentElement.scrollHeight")
    assert 1 <= pages <= -(-height // PRINTED_HEIGHT) + 1  # the printed content, not the screen's


@pytest.mark.parametrize("printed", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_news_post_prints_its_article_only(server: str, printed: Page, lang: str) -> None:
    """A news post: the page's chrome and its share links left out; its title, date and body
    printed dark on white; the post starts at the top of the first page."""
    open_for_print(printed, server + LANGUAGES[lang] + PAGE_TYPES["news-post"])
    for part in CHROME:
        for element in printed.locator(part).all():
            expect(element).to_be_hidden()
    expect(printed.locator(".md-typeset h1")).to_be_visible()
    expect(printed.locator(".md-typeset time")).to_be_visible()
    title = printed.locator(".md-typeset h1").bounding_box()
    assert title is not None and title["y"] < PRINTED_HEIGHT / 4, title
    colours = printed.evaluate(
        """() => [getComputedStyle(document.body).backgroundColor,
                  getComputedStyle(document.querySelector('.md-typeset p')).color]"""
    )
    assert colours[0] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), colours
    assert re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(, [\d.]+)?\)", colours[1])
    red, green, blue = (int(n) for n in re.findall(r"\d+", colours[1])[:3])
    assert max(red, green, blue) < 100, colours  # dark text
