"""News: the collection, its list and post pages, the Atom feed, NewsArticle data, the sitemap,
a post dated after the build, bad records; the home page's latest jobs, events and news."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
import yaml
from babel.dates import format_date
from bs4 import BeautifulSoup

from pagefindindex import indexed_pages
from partnersite.catalog import DataError, load_catalog
from partnersite.formatting import LOCALES
from partnersite.publishable import without_examples
from sitetree import MINIMAL_DATA, ROOT, Build, build, data_tree, make_site, problems_in, tr

LANGS = {"en": "", "fr": "fr/", "nl": "nl/"}
SITE_URL = "https://site.example/"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def post(post_id: str, day: str, title: str, **extra: str) -> str:
    lines = [
        f"id: {post_id}",
        f"date: {day}",
        f"title: {tr(title, 'FR ' + title, 'NL ' + title)}",
        f"summary: {tr('In short: ' + title + '.')}",
        f"body: {tr('The **body** of ' + title + '.', 'Le **corps** de ' + title + '.', 'De **tekst** van ' + title + '.')}",
        *(f"{key}: {value}" for key, value in extra.items()),
    ]
    return "\n".join(lines) + "\n"


# The build date is 2026-11-21 (sitetree.BUILD_DATE).
LIVELY = {
    "news/summit-report.yml": post(
        "summit-report", "2026-11-01", "Summit report", events="[summit]", areas="[digital-health]", members="[beta]"
    ),
    "news/earlier.yml": post("earlier", "2026-10-01", "An earlier post", projects="[bridge]"),
    "news/not-yet.yml": post("not-yet", "2026-12-15", "Tomorrow's news"),
    "events/open-day.yml": f"""
        id: open-day
        title: {tr("Open day", "Journée portes ouvertes", "Opendeurdag")}
        start: 2027-01-20T10:00
        end: 2027-01-20T16:00
        venue: {tr("Namur", "Namur", "Namen")}
        organisers: [biowin]
        summary: {tr("Come and see.")}
        """,
}
# No news, no upcoming event, the only offer closed before the build date.
QUIET = {"jobs/data-engineer.yml": MINIMAL_DATA["jobs/data-engineer.yml"].replace("2026-12-31", "2026-11-10")}


@pytest.fixture(scope="module")
def lively(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build(make_site(tmp_path_factory.mktemp("lively"), LIVELY))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build(make_site(tmp_path_factory.mktemp("quiet"), QUIET))
    assert result.returncode == 0, result.output
    return result


def html5(site: Build, path: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(path), "html5lib")


def ui(lang: str, key: str) -> str:
    return yaml.safe_load((ROOT / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))[key]


def typeset_like(lang: str, text: str) -> str:
    """A text as the page shows it: French pages have no-break spaces where French wants them."""
    from partnersite.typography import typeset

    return typeset(text) if lang == "fr" else text


def shown(lang: str, text: str) -> str:
    """A text of the test data (`tr`: "FR ..." and "NL ..." for the translations) in `lang`."""
    return text if lang == "en" else f"{lang.upper()} {text}"


def day(lang: str, value: str) -> str:
    """A date as the language writes it (Babel's long format; French writes the first "1er")."""
    shown = format_date(dt.date.fromisoformat(value), "long", locale=LOCALES[lang])
    return shown.replace("1 ", "1er ", 1) if lang == "fr" and shown.startswith("1 ") else shown


def resolve(page_path: str, href: str) -> str:
    """A relative link on the built page `page_path` as a path under the site's root."""
    folder = posixpath.dirname(page_path)
    target = posixpath.normpath(posixpath.join(folder, href))
    return target + "/index.html" if href.endswith("/") else target


# -- the list and the posts -------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_news_list_is_newest_first_with_date_and_summary(lively: Build, lang: str) -> None:
    page = html5(lively, LANGS[lang] + "news/index.html")
    items = page.select("article ul.ps-news > li")
    assert [item.h2.a["href"] for item in items] == ["summit-report/", "earlier/"]
    first = items[0]
    assert first.h2.get_text(strip=True) == shown(lang, "Summit report")
    assert first.time["datetime"] == "2026-11-01"
    assert first.time.get_text() == day(lang, "2026-11-01")
    assert first.find_all("p")[-1].get_text() == typeset_like(lang, shown(lang, "In short: Summit report."))
    assert page.find("h1").get_text(strip=True).rstrip("¶") == ui(lang, "news.title")
    assert page.html["lang"] == lang


def test_the_news_list_is_in_the_navigation(lively: Build) -> None:
    for lang, prefix in LANGS.items():
        page = html5(lively, prefix + "index.html")
        tabs = [a.get_text(strip=True) for a in page.select(".md-tabs a")]
        assert ui(lang, "news.title") in tabs


@pytest.mark.parametrize("lang", LANGS)
def test_a_post_shows_date_title_body_and_related_records(lively: Build, lang: str) -> None:
    path = LANGS[lang] + "news/summit-report/index.html"
    page = html5(lively, path)
    article = page.select_one("article.md-content__inner")
    assert article.h1.get_text(strip=True).rstrip("¶") == shown(lang, "Summit report")
    assert article.find("time", datetime="2026-11-01").get_text() == day(lang, "2026-11-01")
    assert article.find("strong").get_text() == {"en": "body", "fr": "corps", "nl": "tekst"}[lang]  # Markdown
    related = {resolve(path, a["href"]) for a in article.select(".ps-facts a")}
    expected = {
        LANGS[lang] + f"{folder}/{record}/index.html"
        for folder, record in (("events", "summit"), ("areas", "digital-health"), ("members", "beta"))
    }
    assert related == expected
    assert all((lively.site / target).is_file() for target in related)
    feed = page.find("link", rel="alternate", type="application/atom+xml")
    assert resolve(path, feed["href"]) == LANGS[lang] + "news/feed.xml"


def test_a_post_links_the_records_it_names_and_no_others(lively: Build) -> None:
    page = html5(lively, "news/earlier/index.html")
    assert page.find(id="related") is not None  # it names a project
    assert [a["href"] for a in page.select(".ps-facts a")] == ["../../projects/bridge/"]


# -- the feed ------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_atom_feed_lists_the_published_posts(lively: Build, lang: str) -> None:
    feed = feedparser.parse(lively.page(LANGS[lang] + "news/feed.xml"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == lang
    assert feed.feed.title == typeset_like(lang, ui(lang, "news.feed_title"))
    assert feed.feed.link == f"{SITE_URL}{LANGS[lang]}news/"
    links = [entry.link for entry in feed.entries]
    assert links == [f"{SITE_URL}{LANGS[lang]}news/{post_id}/" for post_id in ("summit-report", "earlier")]
    first = feed.entries[0]
    assert first.published_parsed[:3] == (2026, 11, 1)
    assert first.title == shown(lang, "Summit report")
    assert first.summary == typeset_like(lang, shown(lang, "In short: Summit report."))


# -- structured data -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_a_post_carries_news_article_data_matching_the_page(lively: Build, lang: str) -> None:
    page = html5(lively, LANGS[lang] + "news/summit-report/index.html")
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == page.find("h1").get_text(strip=True).rstrip("¶")
    assert data["description"] == page.find("meta", attrs={"name": "description"})["content"]
    assert data["datePublished"] == "2026-11-01"
    assert data["inLanguage"] == lang == page.html["lang"]
    assert data["url"] == page.find("link", rel="canonical")["href"] == f"{SITE_URL}{LANGS[lang]}news/summit-report/"
    assert data["publisher"] == {"@type": "Organization", "name": "BioWin × MEDVIA", "url": f"{SITE_URL}{LANGS[lang]}"}


def test_an_example_post_has_no_news_article_data_and_is_not_indexed(tmp_path: Path) -> None:
    example = post("fiction", "2026-11-02", "A fictional post", example="true")
    site = build(make_site(tmp_path, {"news/fiction.yml": example}))
    assert site.returncode == 0, site.output
    for lang, prefix in LANGS.items():
        page = html5(site, prefix + "news/fiction/index.html")
        assert page.find("script", type="application/ld+json") is None
        assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
        label = ui(lang, "example.labelled").format(title="")
        assert (
            feedparser.parse(site.page(prefix + "news/feed.xml")).entries[0].title.startswith(typeset_like(lang, label))
        )
    assert "news/fiction/" not in site.page("sitemap.xml")


# -- sitemap, a post in the future -------------------------------------------------------------
def test_the_sitemap_lists_the_news_pages_with_their_alternates(lively: Build) -> None:
    root = ET.fromstring(lively.page("sitemap.xml"))
    urls = {url.findtext("s:loc", namespaces=SITEMAP): url for url in root.findall("s:url", SITEMAP)}
    for path in ("news/", "news/summit-report/", "news/earlier/"):
        for prefix in LANGS.values():
            url = urls[SITE_URL + prefix + path]
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)}
            assert {lang: alternates[lang] for lang in LANGS} == {
                lang: SITE_URL + p + path for lang, p in LANGS.items()
            }


def test_a_post_dated_after_the_build_is_not_published_anywhere(lively: Build) -> None:
    """No page, no line in a list, the home page, the feed, the sitemap or the search index."""
    assert not list(lively.site.rglob("not-yet*"))
    for path in lively.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            content = path.read_bytes()
            assert b"not-yet" not in content and b"Tomorrow" not in content, path
    # ...and on its day, it is.
    on_the_day = build(lively.site.parent, build_date="2026-12-15", out="later")
    assert on_the_day.returncode == 0, on_the_day.output
    links = [li.h2.a["href"] for li in html5(on_the_day, "news/index.html").select("ul.ps-news > li")]
    assert links[0] == "not-yet/"
    assert "news/not-yet/" in on_the_day.page("sitemap.xml")


# -- bad records -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            post("x", "2026-11-01", "X", events="[sumit]"),
            "events[0]: unknown id 'sumit' in events; did you mean 'summit'?",
        ),
        (post("x", "2026-11-01", "X", members="[gamma]"), "members[0]: unknown id 'gamma' in members"),
        (post("x", "2026-11-01", "X", areas="[digital]"), "areas[0]: unknown id 'digital' in areas"),
        (post("x", "2026-11-01", "X", projects="[bridge, bridge]"), "projects"),
        (post("x", "31/12/2026", "X"), "date: expected a date written YYYY-MM-DD"),
        (post("feed", "2026-11-01", "X"), "id: the id 'feed' cannot be used: the address it gives, news/feed/"),
        (post("x", "2026-11-01", "X").replace("date: 2026-11-01\n", ""), "missing required field 'date'"),
        (post("x", "2026-11-01", "X").replace(', nl: "NL X"', ""), "title.nl: missing the 'nl' translation"),
    ],
)
def test_bad_news_records_are_reported_with_file_and_line(tmp_path: Path, record: str, message: str) -> None:
    problems = problems_in(tmp_path, {"news/x.yml": record})
    assert len(problems) == 1, problems
    assert problems[0].startswith("data/news/x.yml:") and message in problems[0], problems
    assert problems[0].split(":")[1].isdigit()


def test_a_real_post_about_an_example_record_cannot_be_published_without_it(tmp_path: Path) -> None:
    languages = ("en", "fr", "nl")
    others: dict[str, str | bytes | None] = {
        "jobs/data-engineer.yml": None,
        "projects/bridge.yml": None,
    }  # at alpha too
    real = post("real", "2026-11-01", "Real", members="[alpha]")  # alpha is a fictional example
    with pytest.raises(DataError, match=r"data/news/real\.yml:1:5: members\[0\]: 'alpha' is a fictional example"):
        without_examples(load_catalog(data_tree(tmp_path / "a", {**others, "news/real.yml": real}), languages))
    example = post("fiction", "2026-11-01", "Fiction", example="true", members="[alpha]")
    catalog = without_examples(
        load_catalog(data_tree(tmp_path / "b", {**others, "news/fiction.yml": example}), languages)
    )
    assert catalog.news == {}


# -- the home page ---------------------------------------------------------------------------------
def home_links(site: Build, prefix: str) -> list[str]:
    return [a["href"] for a in html5(site, prefix + "index.html").select("article a[href]")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_shows_latest_jobs_upcoming_events_and_news(lively: Build, lang: str) -> None:
    page = html5(lively, LANGS[lang] + "index.html")
    article = page.select_one("article")
    job = article.select_one("ul.ps-home-jobs > li")
    assert [a["href"] for a in job.find_all("a")] == ["jobs/data-engineer/", "members/alpha/", "areas/digital-health/"]
    assert ui(lang, "example.badge") in job.get_text()  # a fictional offer says so on the home page too
    events = [a["href"] for a in article.select("a[href^='events/']")]
    assert events[0] == "events/open-day/" and "events/summit/" not in events  # upcoming only (summit: 2023)
    news = [item.h3.a["href"] for item in article.select("ul.ps-news > li")]
    assert news == ["news/summit-report/", "news/earlier/"]
    assert article.select_one("ul.ps-news time")["datetime"] == "2026-11-01"
    for target, key in (("jobs/", "jobs.all"), ("events/", "event.all"), ("news/", "news.all")):
        link = article.find("a", href=target)
        assert link is not None and link.get_text().startswith(typeset_like(lang, ui(lang, key))), target
    # The key figures keep their place, before the blocks.
    order = list(article.descendants)
    assert order.index(article.select_one(".ps-figures")) < order.index(job)


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_says_so_when_there_is_nothing_to_show(quiet: Build, lang: str) -> None:
    article = html5(quiet, LANGS[lang] + "index.html").select_one("article")
    text = " ".join(article.get_text().split())
    for key in ("jobs.none", "home.events_none", "news.none"):
        assert " ".join(typeset_like(lang, ui(lang, key)).split()) in text, key
    links = {a["href"] for a in article.find_all("a")}
    assert {"jobs/feed.xml", "events/calendar.ics", "news/feed.xml"} <= links  # a way to hear of new ones
    assert not article.select("ul.ps-home-jobs, ul.ps-news")
    assert not [href for href in links if href.startswith(("jobs/data-engineer", "events/summit"))]


def test_the_home_page_lists_are_not_in_the_search_index(lively: Build) -> None:
    """Each job, event and post is found on its own page, not on the home page that lists it."""
    pages = {(page.lang, page.url): page for page in indexed_pages(lively.site)}
    home = pages[("en", "/")].content
    assert "Data engineer" not in home and "Summit report" not in home and "Open day" not in home
    assert "Summit report" in pages[("en", "/news/summit-report/")].title


# -- the shipped first post ----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_first_post_announces_the_partnership_on_14_may_2024(shipped_site: Build, lang: str) -> None:
    path = LANGS[lang] + "news/partnership-announced/index.html"
    page = html5(shipped_site, path)
    assert page.find("time", datetime="2024-05-14").get_text() == day(lang, "2024-05-14")
    text = page.select_one("article").get_text()
    assert {"en": "announced", "fr": "annoncé", "nl": "aangekondigd"}[lang] in text
    assert {"en": "signed on", "fr": "signé le", "nl": "ondertekend op"}[lang] not in text  # no source says so
    assert {"en": "cross-border", "fr": "transfrontali", "nl": "grensoverschrijd"}[lang] not in text
    related = {resolve(path, a["href"]) for a in page.select(".ps-facts a")}
    assert related == {
        LANGS[lang] + f"events/{event}/index.html"
        for event in ("science-for-health", "healthtech-investor-summit-bruges")
    }
    home = html5(shipped_site, LANGS[lang] + "index.html")
    assert home.select_one("article ul.ps-news a")["href"] == "news/partnership-announced/"
