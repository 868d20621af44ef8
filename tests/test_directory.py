"""Events (upcoming/past, calendars, Event data), the members directory and joint projects."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup

from conftest import soup
from sitetree import MINIMAL_DATA, Build, build, make_site, problems_in, tr

LANGS = {"en": "", "fr": "fr/", "nl": "nl/"}
SITE_URL = "https://site.example/"

EVENTS = {
    "events/kickoff.yml": f"""
        id: kickoff
        title: {tr("Kick-off", "Lancement", "Aftrap")}
        start: 2027-03-02T09:30
        end: 2027-03-02T12:00
        venue: {tr("Namur", "Namur", "Namen")}
        address: {tr("1 Example Street, 5000 Namur", "Rue Exemple 1, 5000 Namur", "Voorbeeldstraat 1, 5000 Namen")}
        languages: [fr, nl]
        organisers: [biowin, alpha]
        registration: https://alpha.example/register
        registration_deadline: 2027-02-20
        summary: {tr("A kick-off.")}
        """,
    "events/webinar.yml": f"""
        id: webinar
        title: {tr("Webinar")}
        status: moved_online
        start: 2026-12-01T14:00
        end: 2026-12-01T15:00
        timezone: America/New_York
        online: https://webinar.example/live
        organisers: [medvia]
        summary: {tr("A webinar.")}
        """,
    "events/forum.yml": f"""
        id: forum
        title: {tr("Forum")}
        status: cancelled
        start: 2026-06-10
        organisers: [beta]
        summary: {tr("A forum.")}
        """,
}


@pytest.fixture(scope="module")
def events_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build(make_site(tmp_path_factory.mktemp("events"), dict(EVENTS)), build_date="2026-11-21")
    assert result.returncode == 0, result.output
    return result


def event_links(page: BeautifulSoup, section: str) -> list[str]:
    heading = page.find("h2", id=section)
    links = heading.find_next("ul").select("a")
    return [a["href"].rstrip("/").split("/")[-1] for a in links if "events" in a["href"] or a["href"].endswith("/")]


@pytest.mark.parametrize("lang", LANGS)
def test_events_split_into_upcoming_and_past_by_the_build_date(events_site: Build, lang: str) -> None:
    page = soup(events_site, LANGS[lang] + "events/index.html")
    assert event_links(page, "upcoming") == ["webinar", "kickoff"]  # soonest first
    assert event_links(page, "past") == ["forum", "summit"]  # latest first


def test_status_is_shown_plainly(events_site: Build) -> None:
    forum = soup(events_site, "fr/events/forum/index.html")
    assert forum.select_one(".admonition.warning .admonition-title").get_text() == "Annulé"
    listing = soup(events_site, "nl/events/index.html").get_text(" ")
    assert "Geannuleerd" in listing and "Verplaatst naar online" in listing


def test_times_are_in_brussels_time(events_site: Build) -> None:
    webinar = soup(events_site, "events/webinar/index.html")
    when = webinar.select(".ps-facts dd")[0].get_text(" ", strip=True)
    assert when == "Tuesday, 1 December 2026, 20:00 to 21:00 (Brussels time)"  # 14:00 in New York


def ics(result: Build, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(result.page(path))


@pytest.mark.parametrize("lang", LANGS)
def test_each_dated_event_has_a_valid_calendar_file(events_site: Build, lang: str) -> None:
    calendar = ics(events_site, LANGS[lang] + "events/kickoff.ics")
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "kickoff@site.example"
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and start.strftime("%Y-%m-%d %H:%M %Z") == "2027-03-02 09:30 CET"
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert str(event["SUMMARY"]) == {"en": "Kick-off", "fr": "Lancement", "nl": "Aftrap"}[lang]
    assert str(event["URL"]) == f"{SITE_URL}{LANGS[lang]}events/kickoff/"
    page = soup(events_site, LANGS[lang] + "events/kickoff/index.html")
    assert page.find("a", href="../kickoff.ics")  # "Add to calendar"


def test_calendar_of_all_events_lists_every_dated_event(events_site: Build) -> None:
    calendar = ics(events_site, "nl/events/calendar.ics")
    assert str(calendar["PRODID"]) and str(calendar["VERSION"]) == "2.0"
    statuses = {str(e["UID"]).split("@")[0]: str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert statuses == {"kickoff": "CONFIRMED", "webinar": "CONFIRMED", "forum": "CANCELLED"}  # summit: a year only
    webinar = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("webinar"))
    assert webinar["DTSTART"].params["TZID"] == "America/New_York"
    assert not (events_site.site / "nl/events/summit.ics").exists()


def event_jsonld(result: Build, path: str) -> dict:
    (tag,) = soup(result, path).find_all("script", type="application/ld+json")
    return json.loads(tag.string)


@pytest.mark.parametrize("lang", LANGS)
def test_event_markup_matches_the_page(events_site: Build, lang: str) -> None:
    data = event_jsonld(events_site, LANGS[lang] + "events/kickoff/index.html")
    page = soup(events_site, LANGS[lang] + "events/kickoff/index.html")
    assert data["@type"] == "Event" and data["name"] == page.h1.get_text(strip=True).rstrip("¶")
    assert data["startDate"] == "2027-03-02T09:30:00+01:00" and data["endDate"] == "2027-03-02T12:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    facts = page.select_one(".ps-facts").get_text(" ", strip=True)
    assert data["location"]["name"] in facts and data["location"]["address"]["streetAddress"] in facts
    assert [o["name"] for o in data["organizer"]] == ["BioWin", "Alpha Labs"]
    assert all(o["name"] in facts for o in data["organizer"])
    assert data["offers"] == {"@type": "Offer", "url": "https://alpha.example/register", "validThrough": "2027-02-20"}
    assert page.find("a", href="https://alpha.example/register")


def test_moved_online_event_markup(events_site: Build) -> None:
    data = event_jsonld(events_site, "events/webinar/index.html")
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://webinar.example/live"}
    assert data["startDate"] == "2026-12-01T14:00:00-05:00"


def test_event_known_only_by_its_year_has_no_markup(events_site: Build) -> None:
    assert not soup(events_site, "events/summit/index.html").find_all("script", type="application/ld+json")


def test_member_page_shows_its_jobs_projects_and_events(events_site: Build) -> None:
    page = soup(events_site, "fr/members/alpha/index.html")
    article = page.select_one("article")
    assert article.find("a", href="../../jobs/data-engineer/")
    assert article.find("a", href="../../projects/bridge/")
    assert article.find("a", href="../../events/kickoff/")
    headers = [th.get_text(strip=True) for th in article.select("table thead th")]
    assert headers[0] == "Poste" and "Employeur" not in headers  # its own jobs: it is the employer


@pytest.mark.parametrize("lang", LANGS)
def test_directory_counts_come_from_the_data(minimal_site: Build, lang: str) -> None:
    text = " ".join(soup(minimal_site, LANGS[lang] + "members/index.html").get_text(" ").split())
    # BioWin's one listed member (alpha) is a fictional example, and the count says so;
    # MEDVIA's (beta) is not, and its count has no such note.
    expected = {
        "en": (
            "1 of BioWin's 260 members is listed here (of which 1 is a fictional example).",
            "1 of MEDVIA's 150 members is listed here.",
        ),
        "fr": (
            "1 des 260 membres de BioWin figure ici (dont 1 exemple fictif).",
            "1 des 150 membres de MEDVIA figure ici.",
        ),
        "nl": (
            "1 van de 260 leden van BioWin staat hier vermeld (waarvan 1 fictief voorbeeld).",
            "1 van de 150 leden van MEDVIA staat hier vermeld.",
        ),
    }
    for sentence in expected[lang]:
        assert sentence in text


def test_projects_page_lists_projects_with_partners_from_both_regions(minimal_site: Build) -> None:
    page = soup(minimal_site, "nl/projects/bridge/index.html")
    clusters = [h3.get_text(strip=True).rstrip("¶") for h3 in page.select("article h3")]
    assert clusters == ["BioWin: Wallonië", "MEDVIA: Vlaanderen"]
    listing = soup(minimal_site, "nl/projects/index.html")
    assert listing.select_one("form.ps-filter select#ps-filter-area")
    assert listing.find("a", href="bridge/")


def problems(tmp_path: Path, name: str, old: str, new: str) -> list[str]:
    source = {**MINIMAL_DATA, **EVENTS}[name]
    assert old in source, old
    return problems_in(tmp_path, {**EVENTS, name: source.replace(old, new)})


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "events/kickoff.yml",
            "end: 2027-03-02T12:00",
            "end: 2027-03-02T08:00",
            "data/events/kickoff.yml:4:6: end: the event ends (2027-03-02 08:00:00) before it starts",
        ),
        (
            "events/webinar.yml",
            "timezone: America/New_York",
            "timezone: Europe/Brusels",
            "data/events/webinar.yml:6:11: timezone: unknown time zone 'Europe/Brusels'; did you mean 'Europe/Brussels'?",
        ),
        (
            "events/kickoff.yml",
            "organisers: [biowin, alpha]",
            "organisers: [biowin, alfa]",
            "data/events/kickoff.yml:8:22: organisers[1]: unknown id 'alfa' in clusters or members; did you mean 'alpha'?",
        ),
        (
            "events/kickoff.yml",
            "registration_deadline: 2027-02-20",
            "registration_deadline: 2027-03-20",
            "data/events/kickoff.yml:10:24: registration_deadline: the registration deadline 2027-03-20 is after the event starts",
        ),
        (
            "events/webinar.yml",
            "online: https://webinar.example/live",
            "online: webinar.example/live",
            "data/events/webinar.yml:7:9: online: 'webinar.example/live': write the full address, starting with https://",
        ),
        (
            "events/forum.yml",
            "status: cancelled",
            "status: canceled",
            "data/events/forum.yml:3:9: status: 'canceled' is not allowed; did you mean 'cancelled'?",
        ),
        (
            "projects/bridge.yml",
            "partners: [alpha, beta]",
            "partners: [alpha, gamma]",
            "data/projects/bridge.yml:6:19: partners[1]: unknown id 'gamma' in members",
        ),
        (
            "members/beta.yml",
            "cluster: medvia",
            "cluster: flanders",
            "data/members/beta.yml:3:10: cluster: unknown id 'flanders' in clusters",
        ),
        (
            "members/beta.yml",
            "type: hospital",
            "type: clinic",
            "data/members/beta.yml:4:7: type: 'clinic' is not allowed (allowed: company, academic_institution, research_centre, hospital, other)",
        ),
        (
            "members/alpha.yml",
            "city:",
            "website: www.alpha.example\n        city:",
            "data/members/alpha.yml:7:10: website: 'www.alpha.example': write the full address, starting with https://",
        ),
    ],
)
def test_bad_directory_input(tmp_path: Path, name: str, old: str, new: str, message: str) -> None:
    found = problems(tmp_path, name, old, new)
    assert any(p.startswith(message) for p in found), found
