"""The built site served on 127.0.0.1 and used in a real browser (Debian's Chromium)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from pagetypes import LANGUAGES, VIEWPORTS
from pageweight import BUDGET, first_load

pytestmark = pytest.mark.browser


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
    page.wait_for_url(server + "nl/jobs/area/digital-health/")
    assert page.locator("article a[href$='example-data-engineer-clinical/']").count() == 1


def visible_jobs(page: Page) -> list[str]:
    rows = page.locator("article table tbody tr:visible td:first-child a")
    return [
        href.rstrip("/").split("/")[-1] for href in rows.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]


def test_job_filters_narrow_the_list_and_keep_their_state_in_the_address(server: str, page: Page) -> None:
    page.goto(server + "fr/jobs/")
    everything = visible_jobs(page)
    assert len(everything) == 4
    status = page.locator("[role=status]")
    assert status.inner_text() == "4 postes affichés (dont 4 exemples fictifs)"  # every shipped job is one
    page.select_option("#ps-filter-area", "digital-health")
    assert visible_jobs(page) == ["example-data-engineer-clinical"]
    assert page.url == server + "fr/jobs/?area=digital-health"
    assert status.inner_text() == "1 poste affiché (dont 1 exemple fictif)"
    page.select_option("#ps-filter-cluster", "biowin")  # a Flemish job: nothing left
    assert visible_jobs(page) == []
    assert status.inner_text() == "0 poste affiché"  # no examples shown, none to mention
    assert page.get_by_text("Aucun poste ne correspond à ces filtres.").is_visible()
    page.reload()  # the address alone restores the view
    assert page.locator("#ps-filter-cluster").input_value() == "biowin" and visible_jobs(page) == []
    page.get_by_role("button", name="Effacer les filtres").click()
    assert visible_jobs(page) == everything and page.url == server + "fr/jobs/"
    assert page.evaluate("document.activeElement.id") == "ps-filter-area"  # focus stays in the form


def test_a_shared_filtered_address_opens_filtered(server: str, page: Page) -> None:
    page.goto(server + "jobs/?cluster=medvia&contract=permanent")
    assert visible_jobs(page) == ["example-data-engineer-clinical"]
    assert page.locator("[role=status]").inner_text() == "1 position shown (of which 1 is a fictional example)"
    page.goto(server + "jobs/?area=no-such-area")  # an unknown value is ignored, not an empty list
    assert len(visible_jobs(page)) == 4


def test_job_filters_work_with_the_keyboard(server: str, page: Page) -> None:
    page.goto(server + "nl/jobs/")
    page.focus("#ps-filter-contract")
    page.keyboard.press("ArrowDown")
    assert page.locator("#ps-filter-contract").input_value() != ""
    assert 0 < len(visible_jobs(page)) < 4


def test_without_javascript_the_full_list_and_area_pages_remain(server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "jobs/")
    assert page.locator("form.ps-filter").is_hidden()
    assert len(visible_jobs(page)) == 4
    page.get_by_role("link", name="Digital health (1 example)", exact=True).click()
    page.wait_for_url(server + "jobs/area/digital-health/")
    assert visible_jobs(page) == ["example-data-engineer-clinical"]
    context.close()


def visible_members(page: Page) -> list[str]:
    links = page.locator("article table tbody tr:visible td:first-child a")
    return links.evaluate_all("links => links.map(a => a.textContent.trim())")


def test_members_directory_search_and_filters(server: str, page: Page) -> None:
    page.goto(server + "fr/members/")
    assert len(visible_members(page)) == 7
    page.fill("#ps-filter-q", "LIÈGE")  # no member is named so: the search is on names
    assert visible_members(page) == []
    page.fill("#ps-filter-q", "hosp")  # the start of a word, whatever the case
    assert visible_members(page) == ["Reie General Hospital"]
    assert page.url == server + "fr/members/?q=hosp"
    assert page.locator("h2#biowin").is_hidden()  # a cluster with no match is hidden whole
    page.fill("#ps-filter-q", "")
    page.select_option("#ps-filter-area", "digital-health")
    assert visible_members(page) == ["Meuse Institute of Bioengineering", "Leie Digital Care", "Reie General Hospital"]
    page.select_option("#ps-filter-type", "company")
    assert visible_members(page) == ["Leie Digital Care"]
    assert page.locator("[role=status]").inner_text() == "1 membre affiché (dont 1 exemple fictif)"
    page.goto(server + "fr/members/?cluster=biowin&type=research_centre")
    assert visible_members(page) == ["Meuse Institute of Bioengineering"]


def test_members_directory_without_javascript_is_the_full_list_by_cluster(server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "nl/members/")
    assert page.locator("form.ps-filter").is_hidden()
    headings = [text.rstrip("¶").strip() for text in page.locator("article h2").all_inner_texts()]
    assert headings == ["BioWin", "MEDVIA"]
    assert len(visible_members(page)) == 7
    context.close()


def test_projects_filter_by_area(server: str, page: Page) -> None:
    page.goto(server + "projects/")
    rows = page.locator("article table tbody tr:visible")
    assert rows.count() == 2
    page.select_option("#ps-filter-area", "biopharmacy")
    assert rows.count() == 1 and page.url == server + "projects/?area=biopharmacy"


def test_a_french_reader_on_an_english_page_is_offered_the_french_page(server: str, browser: Browser) -> None:
    context = browser.new_context(locale="fr-BE")
    page = context.new_page()
    page.goto(server + "jobs/example-medical-physicist/")
    offer = page.locator("aside.ps-suggest")
    assert offer.get_attribute("lang") == "fr" and offer.inner_text().startswith("Cette page existe aussi en français.")
    offer.get_by_role("link", name="La lire en français").click()
    page.wait_for_url(server + "fr/jobs/example-medical-physicist/")
    assert page.evaluate("localStorage.getItem('ps-language')") == "fr"
    page.goto(server + "jobs/")  # the choice is remembered: no second offer
    assert page.locator("aside.ps-suggest").count() == 0
    assert context.cookies() == []
    context.close()


def test_the_offer_can_be_declined_for_good(server: str, browser: Browser) -> None:
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.goto(server + "events/")
    page.locator("aside.ps-suggest").get_by_role("button", name="Nee, bedankt").click()
    assert page.locator("aside.ps-suggest").count() == 0
    page.goto(server + "members/")
    assert page.locator("aside.ps-suggest").count() == 0
    context.close()


def test_no_offer_when_the_page_is_in_the_preferred_language(server: str, browser: Browser) -> None:
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.goto(server + "nl/events/")
    assert page.locator("aside.ps-suggest").count() == 0
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_first_load_stays_within_its_budget(
    server: str, browser: Browser, lang: str, viewport: str
) -> None:
    transfers = first_load(browser, server + LANGUAGES[lang], VIEWPORTS[viewport])
    assert transfers[0].kind == "document" and transfers[0].path == "/" + LANGUAGES[lang]
    assert {urlsplit(item.url).netloc for item in transfers} == {urlsplit(server).netloc}
    assert not [item.path for item in transfers if item.path.startswith("/pagefind/")]  # not before a search
    listing = "\n".join(f"{item.compressed:>8} {item.path}" for item in transfers)
    assert sum(item.compressed for item in transfers) <= BUDGET, listing
