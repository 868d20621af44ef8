"""The job board: listing, static filter pages, expiry, JobPosting markup, Atom feeds."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import soup
from sitetree import MINIMAL_DATA, ROOT, Build, build, make_site, problems_in, tr

LANGS = {"en": "", "fr": "fr/", "nl": "nl/"}
SITE_URL = "https://site.example/"
JOB = "jobs/data-engineer.yml"
SCRIPT = "<script>alert('job')</script>"


def shipped_jobs() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / "jobs").glob("*.yml"))]


def open_jobs(day: str = "2026-11-21") -> list[dict]:
    import datetime as dt

    today = dt.date.fromisoformat(day)
    return [job for job in shipped_jobs() if job["posted"] <= today <= job["closes"]]


def job_links(page: BeautifulSoup) -> list[str]:
    """The ids of the jobs a listing shows, in order (the link in each row's first cell)."""
    return [a["href"].rstrip("/").split("/")[-1] for a in page.select("article table tbody tr td:first-child a")]


def jsonld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(tag.string) for tag in page.find_all("script", type="application/ld+json")]


@pytest.mark.parametrize("lang", LANGS)
def test_jobs_page_lists_open_offers_newest_first(shipped_site: Build, lang: str) -> None:
    expected = [job["id"] for job in sorted(open_jobs(), key=lambda job: job["posted"], reverse=True)]
    page = soup(shipped_site, LANGS[lang] + "jobs/index.html")
    assert job_links(page) == expected
    header = [th.get_text(strip=True) for th in page.select("article table th")]
    assert len(header) == 7  # title, employer (and cluster), area, location, contract, posted, closes


@pytest.mark.parametrize("lang", LANGS)
def test_each_area_has_a_static_jobs_page_linked_with_its_count(shipped_site: Build, lang: str) -> None:
    areas = yaml.safe_load((ROOT / "data" / "areas.yml").read_text(encoding="utf-8"))["areas"]
    for area in areas:
        expected = [job["id"] for job in open_jobs() if job["area"] == area["id"]]
        page = soup(shipped_site, f"{LANGS[lang]}jobs/area/{area['id']}/index.html")
        assert job_links(page) == expected
        area_page = soup(shipped_site, f"{LANGS[lang]}areas/{area['id']}/index.html")
        assert area_page.find("a", href="../../jobs/area/" + area["id"] + "/")
        assert area_page.select_one("h2#jobs").get_text().startswith(str(len(expected)))


def test_closed_offer_is_in_no_listing_feed_or_count(shipped_site: Build) -> None:
    closed = "example-biomedical-engineering-intern"  # closed 2026-10-15, the build date is 2026-11-21
    for prefix in LANGS.values():
        for listing in ("jobs/index.html", "jobs/area/medical-devices-diagnostics/index.html", "jobs/feed.xml"):
            assert closed not in shipped_site.page(prefix + listing)
        page = soup(shipped_site, prefix + f"jobs/{closed}/index.html")
        assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
        assert jsonld(page) == []
        assert page.select_one(".admonition.warning")


def real_job(job_id: str, workplace: str | None = None) -> str:
    """The minimal data's job, made real: its employer is beta (alpha is a fictional example, and
    a real job at an example employer cannot be published), its location translated."""
    text = MINIMAL_DATA[JOB].replace("id: data-engineer", f"id: {job_id}").replace("employer: alpha", "employer: beta")
    text = text.replace("location: Liège", f"location: {tr('Liège', 'Liège', 'Luik')}")
    if workplace:
        text = text.replace("contract: permanent", f"contract: permanent\n        workplace: {workplace}")
    return text


# Real open jobs (on site, hybrid, remote) and an open example job, at the minimal data's members.
REAL_JOBS = {
    "jobs/data-engineer.yml": real_job("data-engineer"),
    "jobs/hybrid-engineer.yml": real_job("hybrid-engineer", "hybrid"),
    "jobs/remote-engineer.yml": real_job("remote-engineer", "remote"),
}
EXAMPLE_JOB = MINIMAL_DATA[JOB].replace("id: data-engineer", "id: example-engineer\n        example: true")


@pytest.fixture(scope="module")
def real_jobs_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    data = {**REAL_JOBS, "jobs/example-engineer.yml": EXAMPLE_JOB}
    result = build(make_site(tmp_path_factory.mktemp("real-jobs"), data))
    assert result.returncode == 0, result.output
    return result


@pytest.mark.parametrize("lang", LANGS)
def test_job_posting_markup_matches_the_page(real_jobs_site: Build, lang: str) -> None:
    for text in REAL_JOBS.values():
        job = yaml.safe_load(textwrap.dedent(text))
        assert not job.get("example")
        path = f"{LANGS[lang]}jobs/{job['id']}/"
        page = soup(real_jobs_site, path + "index.html")
        assert not page.find("meta", attrs={"name": "robots"})
        (posting,) = jsonld(page)
        assert posting["@type"] == "JobPosting" and posting["url"] == SITE_URL + path
        assert page.h1.contents[0].strip() == posting["title"] == job["title"][lang]
        assert not page.select("h1 .ps-badge")  # not labelled an example
        facts = {
            dt.get_text(strip=True): dd.get_text(" ", strip=True)
            for dt, dd in zip(page.select(".ps-facts dt"), page.select(".ps-facts dd"), strict=True)
        }
        values = " ".join(facts.values())
        assert posting["hiringOrganization"]["name"] in values
        assert (
            posting["datePosted"] == job["posted"].isoformat() and posting["validThrough"] == job["closes"].isoformat()
        )
        salary = posting["baseSalary"]["value"]
        assert (salary["minValue"], salary["maxValue"]) == (job["salary"]["min"], job["salary"]["max"])
        digits = "".join(ch for ch in values if ch.isdigit())
        assert str(job["salary"]["min"]) in digits and str(job["salary"]["max"]) in digits
        if job.get("workplace") == "remote":  # entirely from home: no place of work
            assert "jobLocation" not in posting
            assert posting["jobLocationType"] == "TELECOMMUTE" and posting["applicantLocationRequirements"]
        else:  # on site or hybrid (Google keeps TELECOMMUTE for offers done entirely from home)
            assert "jobLocationType" not in posting
            assert posting["jobLocation"]["address"]["addressLocality"] == job["location"][lang]
            assert job["location"][lang] in values
        if job.get("workplace") in ("hybrid", "remote"):  # the page says how much is remote
            strings = yaml.safe_load((ROOT / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))
            assert f"({strings['workplace.' + job['workplace']]})" in values
        described = BeautifulSoup(posting["description"], "html.parser").get_text(" ")
        for requirement in job["requirements"]:
            assert " ".join(requirement[lang].split()) in " ".join(described.split())
        for prop in ("description", "employmentType", "identifier", "directApply"):
            assert posting[prop] not in (None, "", [])


def test_example_jobs_get_no_job_posting_markup(shipped_site: Build, real_jobs_site: Build) -> None:
    """A fictional offer is not given to job search engines, though it is open and listed (the
    shipped open jobs are, so far, all examples)."""
    examples = [(real_jobs_site, "example-engineer")]
    examples += [(shipped_site, job["id"]) for job in open_jobs() if job.get("example")]
    for site, job_id in examples:
        for prefix in LANGS.values():
            assert job_id in job_links(soup(site, prefix + "jobs/index.html"))
            page = soup(site, prefix + f"jobs/{job_id}/index.html")
            assert page.select_one("h1 .ps-badge")
            assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
            assert jsonld(page) == []


def test_no_job_posting_markup_on_listing_pages(shipped_site: Build) -> None:
    for prefix in LANGS.values():
        for listing in (
            "jobs/index.html",
            "jobs/area/digital-health/index.html",
            "areas/digital-health/index.html",
            "members/example-leie-digital-care/index.html",
        ):
            assert jsonld(soup(shipped_site, prefix + listing)) == []


@pytest.mark.parametrize("lang", LANGS)
def test_atom_feeds_per_language_and_area(shipped_site: Build, lang: str) -> None:
    prefix = LANGS[lang]
    feed = feedparser.parse(shipped_site.page(prefix + "jobs/feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.language == lang
    expected = sorted(job["id"] for job in open_jobs())
    assert sorted(entry.link.split("/")[-2] for entry in feed.entries) == expected
    for entry in feed.entries:
        assert entry.link.startswith(f"{SITE_URL}{prefix}jobs/")
        assert entry.id and entry.title and entry.updated and entry.summary
    area_feed = feedparser.parse(shipped_site.page(prefix + "jobs/area/digital-health/feed.xml"))
    assert not area_feed.bozo
    assert [e.link.split("/")[-2] for e in area_feed.entries] == [
        j["id"] for j in open_jobs() if j["area"] == "digital-health"
    ]


@pytest.mark.parametrize(
    "path", ["jobs/index.html", "jobs/area/digital-health/index.html", "areas/digital-health/index.html"]
)
def test_pages_announce_their_feed(shipped_site: Build, path: str) -> None:
    for prefix in LANGS.values():
        page = soup(shipped_site, prefix + path)
        (link,) = page.find_all("link", type="application/atom+xml")
        target = (shipped_site.site / prefix / Path(path).parent / link["href"]).resolve()
        assert target.is_file() and target.name == "feed.xml"


def test_script_in_a_job_comes_out_as_text_everywhere(tmp_path: Path) -> None:
    hostile = MINIMAL_DATA[JOB].replace('"Data engineer"', json.dumps(f"Data engineer {SCRIPT}"))
    hostile = hostile.replace('"You build pipelines."', json.dumps(f"You build pipelines. {SCRIPT}"))
    result = build(make_site(tmp_path, {JOB: hostile}))
    assert result.returncode == 0, result.output
    for output in ("jobs/data-engineer/index.html", "jobs/index.html", "jobs/feed.xml"):
        assert "<script>alert" not in result.page(output), output
    page = soup(result, "jobs/data-engineer/index.html")
    assert SCRIPT in page.h1.get_text() and SCRIPT in page.select_one("article").get_text()
    (posting,) = jsonld(page)
    assert SCRIPT in posting["title"]
    assert "<script>" not in posting["description"]
    feed = feedparser.parse(result.page("jobs/feed.xml"))
    assert SCRIPT in feed.entries[0].title


def problems(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in MINIMAL_DATA[JOB], old
    return problems_in(tmp_path, {JOB: MINIMAL_DATA[JOB].replace(old, new)})


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("employer: alpha", "employer: nobody", "3:11: employer: unknown id 'nobody' in members"),
        ("area: digital-health", "area: genomics", "4:7: area: unknown id 'genomics' in areas"),
        (
            "apply: https://alpha.example/jobs",
            "apply: http://alpha.example/jobs",
            "12:8: apply: 'http://alpha.example/jobs': the scheme 'http:' cannot be used here",
        ),
        (
            "apply: https://alpha.example/jobs",
            "apply: javascript:alert(1)",
            "12:8: apply: 'javascript:alert(1)': the scheme 'javascript:' cannot be used here",
        ),
        (
            "apply: https://alpha.example/jobs",
            "apply: data:text/html,hi",
            "12:8: apply: 'data:text/html,hi': the scheme 'data:' cannot be used here",
        ),
        (
            "contract: permanent",
            "contract: seasonal",
            "6:11: contract: 'seasonal' is not allowed (allowed: permanent, fixed_term, internship, freelance)",
        ),
        (
            "min: 4000, max: 5000",
            "min: 6000, max: 5000",
            "11:9: salary: the salary minimum (6000) is above the maximum (5000)",
        ),
        (", currency: EUR", "", "11:9: salary.currency: missing required field 'currency'"),
        ("        closes: 2026-12-31\n", "", "1:1: closes: missing required field 'closes'"),
        ("id: data-engineer", "id: area", "1:5: id: the id 'area' cannot be used: the address it gives, jobs/area/"),
        (
            "contract: permanent",
            "contract: permanent\n        workplace: home",
            "7:12: workplace: 'home' is not allowed",
        ),
    ],
)
def test_bad_job_input(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert any(p.startswith(f"data/{JOB}:{message}") for p in problems(tmp_path, old, new)), problems(
        tmp_path, old, new
    )
