"""The site's search (Pagefind, hooks/partnersite/search.py): what each language's index holds,
read from the built bundle, and the search as a reader uses it in Chromium."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from pagefindindex import indexed_pages, languages
from partnersite import search as pagefind_search
from sitetree import Build

LANGS = {"en": "", "fr": "fr/", "nl": "nl/"}
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def should_be_found(site: Path) -> dict[str, set[str]]:
    """Per language, the address of every page a search may find, judged from the pages
    themselves: every page, except the not-found pages and those that ask search engines not
    to index them."""
    found: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for path in site.rglob("index.html"):
        if path.is_relative_to(site / "pagefind"):
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        robots = page.find("meta", attrs={"name": "robots"})
        if robots and "noindex" in robots["content"]:
            continue
        folder = path.relative_to(site).parent.as_posix()
        found[page.html["lang"]].add("/" + ("" if folder == "." else folder + "/"))
    return found


@pytest.mark.parametrize("fixture", ["minimal_site", "shipped_site"])
def test_each_language_s_index_holds_every_page_to_be_found_and_no_other(
    request: pytest.FixtureRequest, fixture: str
) -> None:
    site = request.getfixturevalue(fixture).site
    assert set(languages(site)) == set(LANGS)
    indexed: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for page in indexed_pages(site):
        indexed[page.lang].add(page.url)
    expected = should_be_found(site)
    for lang, prefix in LANGS.items():
        assert indexed[lang] == expected[lang], lang
        if prefix:  # under the language's folder; English at the root, outside the others'
            assert all(url.startswith("/" + prefix) for url in indexed[lang]), lang
        else:
            assert not [url for url in indexed[lang] if url.startswith(("/fr/", "/nl/"))]
    assert "/jobs/data-engineer/" in indexed["en"] or fixture == "shipped_site"
    assert not [url for urls in indexed.values() for url in urls if "/example-" in url]  # fictional records
    assert "/404.html" not in indexed["en"]


def test_a_job_is_found_by_its_facts_with_its_filters_and_lists_are_not_indexed(minimal_site: Build) -> None:
    pages = {(page.lang, page.url): page for page in indexed_pages(minimal_site.site)}
    job = pages[("fr", "/fr/jobs/data-engineer/")]
    assert job.title == "Ingénieur de données"
    assert "Liège" in job.content and "Alpha" in job.content  # its facts are part of its text
    assert job.filters["kind"] == ["Offre d'emploi"]
    assert job.filters["cluster"] == ["BioWin"]
    assert len(job.filters["area"]) == 1
    english = pages[("en", "/jobs/data-engineer/")]
    assert english.filters["kind"] == ["Job offer"]
    # The lists that name the job are not indexed; the list pages themselves are.
    listing = [
        page.url for page in pages.values() if "Data engineer" in page.content and "data-engineer" not in page.url
    ]
    assert listing == []
    assert ("en", "/jobs/") in pages and pages[("en", "/jobs/")].filters["kind"] == ["Other page"]
    assert "¶" not in job.content  # heading anchors are not words of the page


# -- in Chromium -------------------------------------------------------------------------------


def open_search(page: Page) -> None:
    page.keyboard.press("/")
    expect(page.locator("dialog.pf-modal[open] pagefind-input input")).to_be_focused()


def search(page: Page, query: str) -> list[str]:
    """Open the search with "/" and type `query`: the results' addresses, as site paths."""
    open_search(page)
    page.keyboard.type(query)
    return results(page, query)


# Each result loads its page's data when scrolled into view: scrolled to the end, every one.
EVERY_RESULT_LOADED = """() => {
  const waiting = document.querySelector("pagefind-results .pf-result[aria-hidden=true]");
  if (waiting) waiting.scrollIntoView();
  return !waiting;
}"""


def results(page: Page, query: str) -> list[str]:
    """The addresses of every result of the search for `query`, once done, as site paths."""
    summary = page.locator("pagefind-summary")
    expect(summary).to_contain_text(query)
    expect(summary).not_to_contain_text("…")  # done searching
    page.wait_for_function(EVERY_RESULT_LOADED, polling=100)
    return page.locator(".pf-result-link").evaluate_all("links => links.map(a => new URL(a.href).pathname)")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("prefix", "query", "expected"),
    [
        # Inflected forms the page does not hold as such ("protonthérapie", "beeldvorming",
        # "isotope"): found by the language's stemmer.
        ("fr/", "protonthérapies", "/fr/areas/radiation-health/"),
        ("nl/", "beeldvormingen", "/nl/areas/radiation-health/"),
        ("", "isotopes", "/areas/radiation-health/"),  # also a word of the French pages
    ],
)
def test_a_search_finds_pages_of_the_reader_s_language_only(
    server: str, page: Page, prefix: str, query: str, expected: str
) -> None:
    page.goto(server + prefix + "strategy/")
    found = search(page, query)
    assert expected in found
    if prefix:
        assert [path for path in found if not path.startswith("/" + prefix)] == []
    else:
        assert [path for path in found if path.startswith(("/fr/", "/nl/"))] == []


@pytest.mark.browser
@pytest.mark.parametrize(("accented", "plain"), [("santé numérique", "sante numerique"), ("Événements", "evenements")])
def test_accents_do_not_matter(server: str, page: Page, accented: str, plain: str) -> None:
    page.goto(server + "fr/")
    with_accents = search(page, accented)
    page.goto(server + "fr/")
    assert with_accents and search(page, plain) == with_accents


@pytest.mark.browser
def test_a_search_filtered_by_strategic_area(server: str, page: Page) -> None:
    page.goto(server + "fr/")
    everything = search(page, "santé")
    assert "/fr/areas/digital-health/" in everything and "/fr/areas/radiation-health/" in everything
    page.locator("pagefind-filter-dropdown[filter=area] button").first.click()
    page.get_by_role("option", name="Santé numérique").click()
    expect(page.locator("pagefind-summary")).not_to_contain_text(str(len(everything)) + " ")
    filtered = results(page, "santé")
    assert "/fr/areas/digital-health/" in filtered and "/fr/areas/radiation-health/" not in filtered
    assert set(filtered) < set(everything)


@pytest.mark.browser
def test_a_closed_offer_and_an_example_are_not_found(server: str, shipped_site: Build, page: Page) -> None:
    closed = "jobs/example-biomedical-engineering-intern/"
    text = shipped_site.page(closed + "index.html")
    assert 'content="noindex"' in text and "intern" in text.lower()
    page.goto(server)
    assert "/" + closed not in search(page, "intern")
    page.goto(server + "jobs/")
    assert "/jobs/example-medical-physicist/" not in search(page, "physicist")


@pytest.mark.browser
def test_keyboard_only_from_the_shortcut_to_a_result(server: str, page: Page) -> None:
    page.goto(server + "nl/")
    open_search(page)
    page.keyboard.type("leden")
    page.locator(".pf-result-link").first.wait_for()
    first = page.locator(".pf-result-link").first.evaluate("a => new URL(a.href).pathname")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == first)
    assert first.startswith("/nl/")
    expect(page.locator("mark.pagefind-highlight").first).to_be_visible()  # the words searched for
    # Escape closes the search and gives the focus back to the header's button.
    page.keyboard.press("s")
    expect(page.locator("dialog.pf-modal[open] pagefind-input input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".ps-search-open")).to_be_focused()


@pytest.mark.browser
def test_the_button_opens_it_on_a_phone_and_counts_are_announced(server: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + "fr/")
    # What the live region says, kept as said (it is emptied again, so that a repeat is heard).
    page.evaluate("""() => { window.said = []; new MutationObserver(() => {
        const region = document.querySelector("[data-pagefind-announcer]");
        if (region && region.textContent.trim()) window.said.push(region.textContent.trim());
    }).observe(document.body, {subtree: true, childList: true, characterData: true}); }""")
    page.get_by_role("button", name="Rechercher sur le site").click()
    expect(page.locator("dialog.pf-modal[open] pagefind-input input")).to_be_focused()
    page.keyboard.type("santé")
    page.locator(".pf-result-link").first.wait_for()
    assert page.locator("[data-pagefind-announcer] [aria-live]").count() >= 1
    page.wait_for_function("() => window.said.some(text => /\\d+ résultats pour santé/.test(text))")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_open_search_has_no_accessibility_violation(server: str, page: Page, lang: str) -> None:
    page.goto(server + LANGS[lang])
    search(page, {"en": "health", "fr": "santé", "nl": "gezondheid"}[lang])
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: "tag", values:
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})).violations
        .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))"""
    )
    assert violations == []


@pytest.mark.browser
def test_nothing_of_the_search_loads_before_it_is_used_and_nothing_from_another_host(server: str, page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "fr/jobs/")
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if "/pagefind/" in url] == []
    assert "/fr/jobs/" in search(page, "emploi")
    loaded = [urlsplit(url).path for url in requested if "/pagefind/" in url]
    assert "/pagefind/pagefind-component-ui.js" in loaded and any(
        path.startswith("/pagefind/fragment/fr_") for path in loaded
    )
    assert not [path for path in loaded if "/fragment/en_" in path or "/fragment/nl_" in path]
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(server).netloc}


def test_a_record_s_filters_come_from_its_own_fields_and_references() -> None:
    from types import SimpleNamespace

    from partnersite.search import page_filters

    catalog = SimpleNamespace(
        areas={"a": {"name": {"en": "Area A"}}, "b": {"name": {"en": "Area B"}}},
        clusters={"biowin": {"name": "BioWin"}, "medvia": {"name": "MEDVIA"}},
        members={"m1": {"cluster": "biowin"}, "m2": {"cluster": "medvia"}},
    )

    def filters(collection: str, record: dict | None) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for key, value in page_filters(
            collection, record, catalog, lambda key: key, lambda text: text["en"] if isinstance(text, dict) else text
        ):
            found.setdefault(key, []).append(value)
        return found

    project = {"id": "p", "area": "a", "partners": ["m1", "m2"]}
    assert filters("projects", project) == {
        "kind": ["search.kind.project"],
        "area": ["Area A"],
        "cluster": ["BioWin", "MEDVIA"],
    }
    event = {"id": "e", "organisers": ["medvia", "m1", "m2"]}
    assert filters("events", event) == {"kind": ["search.kind.event"], "cluster": ["MEDVIA", "BioWin"]}
    member = {"id": "m1", "cluster": "biowin", "areas": ["a", "b"]}
    assert filters("members", member)["area"] == ["Area A", "Area B"]
    assert filters("areas", {"id": "b"}) == {"kind": ["search.kind.other"], "area": ["Area B"]}
    assert filters("news", {"id": "n"}) == {"kind": ["search.kind.news"]}  # a kind of its own once it has pages
    assert filters("", None) == {"kind": ["search.kind.other"]}


# What README says a host with a Content-Security-Policy must allow for the search. Material's
# own inline scripts need more ('unsafe-inline' or their hashes): not the search's concern here.
SEARCH_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; worker-src 'self'; "
    "connect-src 'self'; style-src 'self'; img-src 'self' data:"
)


@pytest.mark.browser
def test_the_search_works_under_the_content_security_policy_readme_gives(shipped_site: Build, page: Page) -> None:
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class WithPolicy(SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", SEARCH_CSP)
            super().end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithPolicy, directory=str(shipped_site.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        refused: list[str] = []  # Chromium says each thing the policy blocked in the console
        page.on("console", lambda message: refused.append(message.text) if "Content Security" in message.text else None)
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/fr/")
        assert "/fr/areas/digital-health/" in search(page, "santé")
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/fr/areas/digital-health/?highlight=sant%C3%A9")
        expect(page.locator("mark.pagefind-highlight").first).to_be_visible()
        assert [text for text in refused if "pagefind" in text.lower() or "wasm" in text.lower()] == []
    finally:
        httpd.shutdown()


def test_a_list_is_marked_for_the_search_to_skip_on_each_of_its_top_elements() -> None:
    from partnersite.markup import ignored_by_search

    fragment = '<table>\n<tr><td>a<br>b</td></tr>\n</table>\n<p class="x">No <em>job</em></p>'
    marked = BeautifulSoup(ignored_by_search(fragment), "html5lib").body
    tops = marked.find_all(recursive=False)
    assert [tag.name for tag in tops] == ["table", "p"]
    assert all(tag.has_attr("data-pagefind-ignore") for tag in tops)
    assert not [tag for tag in marked.find_all(["tr", "td", "br", "em"]) if tag.has_attr("data-pagefind-ignore")]
    assert marked.get_text() == BeautifulSoup(fragment, "html5lib").body.get_text()


@pytest.mark.parametrize(
    "fragment",
    [
        "<table>\n<tr><td><table><tr><td>inner</td></tr></table></td></tr>\n</table>\n<p>after</p>",
        '<div class="a"><div>x</div><br><img src="i.png" alt="a &gt; b"></div>\n<hr>\n<p>t</p>',
        '<ul><li><a href="x">1</a></li></ul><form><input name="q"><select><option>o</option></select></form>',
        "text before <em>x</em> and after",
        "",
    ],
)
def test_only_the_top_elements_of_a_list_are_marked_for_the_search_to_skip(fragment: str) -> None:
    from partnersite.markup import ignored_by_search

    marked = BeautifulSoup(ignored_by_search(fragment), "html5lib").body
    unmarked = BeautifulSoup(fragment, "html5lib").body
    tops = [element for element in marked.children if getattr(element, "name", None)]
    assert all(element.has_attr("data-pagefind-ignore") for element in tops)
    assert len(marked.select("[data-pagefind-ignore]")) == len(tops)
    for element in marked.select("[data-pagefind-ignore]"):
        del element["data-pagefind-ignore"]
    assert str(marked) == str(unmarked)  # nothing else changed


def test_a_rebuild_under_serve_stops_the_previous_indexing_without_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `mkdocs serve` the index is made in the background; a save during it starts a
    rebuild, which empties the folder Pagefind reads. The indexing is stopped first, silently:
    a message logged as a warning during the new build would stop it (strict mode)."""
    # An indexing that would take half a minute: only stopping it ends it sooner.
    monkeypatch.setattr(
        pagefind_search, "index_command", lambda site_dir: [sys.executable, "-c", "import time; time.sleep(30)"]
    )
    reports: list[str] = []
    indexer = pagefind_search.SiteIndexer()
    indexer.index_in_background(tmp_path, reports.append)
    indexer.index_in_background(tmp_path, reports.append)  # a build that ended meanwhile: waits
    indexer.cancel()
    assert reports == []
    assert indexer._running is None and indexer._again is None  # neither runs on
    # The next build is indexed again, and a failure of Pagefind's own is reported.
    monkeypatch.setattr(
        pagefind_search, "index_command", lambda site_dir: [sys.executable, "-c", "raise SystemExit(3)"]
    )
    indexer.index_in_background(tmp_path, reports.append)
    thread = indexer._running
    assert thread is not None
    thread.join(timeout=60)
    assert len(reports) == 1 and "Pagefind could not index the site" in reports[0]
