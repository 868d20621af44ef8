"""Proven on the built site: accessible (axe-core, in the light and the dark scheme), valid (Nu Html Checker), no broken links,
private (no other host, no cookie), no JavaScript error, on every page type and language."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from pagetypes import LANGUAGES, PAGE_TYPES, VIEWPORTS
from sitetree import ROOT, Build

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SITE_URL = "https://site.example/"
CASES = [(kind, lang) for kind in PAGE_TYPES for lang in LANGUAGES]

pytestmark = pytest.mark.browser


# The reader's system setting (the palette's automatic entry, followed until they choose), as
# Material names the scheme it then shows on <body data-md-color-scheme>.
SCHEMES = {"light": "default", "dark": "slate"}


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
            .map(v => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)""",
        WCAG,
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_no_accessibility_violation(server: str, browser: Browser, kind: str, lang: str, viewport: str) -> None:
    """In the light scheme, then the dark: the page as a visitor whose system is set to each
    first sees it (the palette's automatic entry). The same tab, reloaded: a new one per scheme
    would double the cost of the suite's longest test."""
    assert AXE.is_file(), "axe-core is missing: run `make test` (npm ci)"
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    found = {}
    for scheme, shown in SCHEMES.items():
        page.emulate_media(color_scheme=scheme)
        if found:
            page.reload()
        else:
            page.goto(server + LANGUAGES[lang] + PAGE_TYPES[kind])
        assert page.evaluate("document.body.dataset.mdColorScheme") == shown, f"not the {scheme} scheme"
        found[scheme] = axe_violations(page)
    context.close()
    assert found == {"light": [], "dark": []}, f"{LANGUAGES[lang]}{PAGE_TYPES[kind]} at {viewport}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_colour_scheme_chosen_with_the_toggle_is_kept_and_accessible(
    server: str, browser: Browser, lang: str
) -> None:
    """Light, dark, automatic: each click on the header's toggle moves to the next; the choice
    (kept by Material in local storage) outlives a reload and beats the system's setting."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(server + LANGUAGES[lang] + PAGE_TYPES["job"])
    scheme = "document.body.dataset.mdColorScheme"
    toggle = page.locator("form[data-md-component=palette] label:visible")
    names = []
    for expected in ("default", "slate"):  # automatic (light here) -> light -> dark
        names.append(toggle.get_attribute("title"))
        toggle.click()
        assert page.evaluate(scheme) == expected
    page.reload()
    assert page.evaluate(scheme) == "slate"
    assert axe_violations(page) == []
    names.append(toggle.get_attribute("title"))
    toggle.click()  # back to the system's setting
    assert page.evaluate(scheme) == "default"
    context.close()
    assert len(set(names)) == 3 and all(names), names  # each toggle says what it switches to


def test_every_page_is_valid_html(shipped_site: Build) -> None:
    java = shutil.which("java")
    assert java and VNU.is_file(), "the Nu Html Checker needs Java and vnu-jar: run `make test`"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(shipped_site.site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m['url'].split('/site/')[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []
    assert len(list(shipped_site.site.rglob("*.html"))) > 100  # the whole site was checked


def test_our_stylesheet_is_valid_css() -> None:
    """The Nu Html Checker's CSS validator on docs/assets/stylesheets/site.css: a rule left open
    by a merge silently drops every rule after it in a browser."""
    java = shutil.which("java")
    assert java and VNU.is_file(), "the Nu Html Checker needs Java and vnu-jar: run `make test`"
    stylesheets = sorted((ROOT / "docs" / "assets" / "stylesheets").glob("*.css"))
    assert stylesheets
    result = subprocess.run(
        [java, "-jar", str(VNU), "--css", "--format", "gnu", *map(str, stylesheets)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def _targets(page: BeautifulSoup) -> list[str]:
    found = [tag.get("href") for tag in page.find_all(["a", "link"])]
    found += [tag.get("src") for tag in page.find_all(["script", "img", "iframe"])]
    return [target for target in found if target]


def test_no_broken_internal_link_or_anchor(shipped_site: Build) -> None:
    site = shipped_site.site
    pages = {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in site.rglob("*.html")}
    ids = {path: {tag["id"] for tag in page.find_all(id=True)} for path, page in pages.items()}
    broken = []
    for path, page in pages.items():
        base = "/" + path.relative_to(site).as_posix()
        for target in _targets(page):
            if target.startswith(SITE_URL):
                target = "/" + target.removeprefix(SITE_URL)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue  # another site: not ours to check
            resolved = (
                Path(unquote(parts.path)) if parts.path.startswith("/") else Path(base).parent / unquote(parts.path)
            )
            file = site / Path(*[p for p in resolved.parts if p != "/"])
            file = file.resolve()
            if parts.path and (file.is_dir() or parts.path.endswith("/")):
                file = file / "index.html"
            if not parts.path:
                file = path
            if not file.is_file():
                broken.append(f"{base}: {target}")
            elif parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in ids.get(file, set()):
                broken.append(f"{base}: {target} (no such anchor)")
    assert sorted(set(broken)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_other_host_no_cookie_no_script_error(server: str, browser: Browser, lang: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on(
        "response",
        lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    for kind, path in PAGE_TYPES.items():
        page.goto(server + LANGUAGES[lang] + path)
        page.wait_for_load_state("networkidle")
        if kind == "jobs":  # use the search and a filter too
            page.select_option("#ps-filter-cluster", "medvia")
            page.keyboard.press("/")
            page.keyboard.type("data")
            page.wait_for_timeout(300)
    host = urlsplit(server).netloc
    assert (
        sorted({url for url in requests if urlsplit(url).netloc != host and not url.startswith(("data:", "blob:"))})
        == []
    )
    assert errors == []
    assert context.cookies() == []
    context.close()


def test_filters_show_where_the_keyboard_focus_is(server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(server + "jobs/")
    page.locator("#ps-filter-area").focus()
    page.keyboard.press("Tab")  # keyboard focus on the next filter
    style = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth"
    )
    assert page.evaluate("document.activeElement.id") == "ps-filter-cluster"
    assert style.split()[0] != "none" and style.split()[1] != "0px"
    page.close()
