"""States that read right: an event that is over took place; each list's empty state names
what it lists (in a real browser, where the filters run)."""

from __future__ import annotations

from itertools import product

import pytest
import yaml
from playwright.sync_api import Page

from conftest import soup
from partnersite.typography import typeset
from sitetree import ROOT, Build, build, make_site, tr

LANGS = {"en": "", "fr": "fr/", "nl": "nl/"}


def ui(lang: str, key: str) -> str:
    return yaml.safe_load((ROOT / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))[key]


EVENTS = {
    "events/kickoff.yml": f"""
        id: kickoff
        title: {tr("Kick-off")}
        start: 2024-05-14
        organisers: [biowin]
        summary: {tr("It began.")}
        """,
    "events/forum.yml": f"""
        id: forum
        title: {tr("Forum")}
        start: 2027-03-02T09:00
        end: 2027-03-02T12:30
        organisers: [medvia]
        summary: {tr("It will be.")}
        """,
    "events/gala.yml": f"""
        id: gala
        title: {tr("Gala")}
        start: 2025-06-01
        status: cancelled
        organisers: [medvia]
        summary: {tr("It did not happen.")}
        """,
}


@pytest.fixture(scope="module")
def events_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build(make_site(tmp_path_factory.mktemp("states"), EVENTS))
    assert result.returncode == 0, result.output
    return result


def status(site: Build, path: str, lang: str) -> str:
    page = soup(site, path)
    facts = {dt.get_text(strip=True): dd.get_text(strip=True) for dt, dd in zip(page("dt"), page("dd"), strict=False)}
    return facts[ui(lang, "event.status")]


@pytest.mark.parametrize("lang", LANGS)
def test_a_past_event_took_place_and_an_upcoming_one_is_scheduled(events_site: Build, lang: str) -> None:
    prefix = LANGS[lang]
    assert status(events_site, f"{prefix}events/kickoff/index.html", lang) == ui(lang, "event_status.took_place")
    assert status(events_site, f"{prefix}events/forum/index.html", lang) == ui(lang, "event_status.scheduled")
    # A past event that was cancelled still says so.
    assert status(events_site, f"{prefix}events/gala/index.html", lang) == ui(lang, "event_status.cancelled")
    assert {"en": "Took place", "fr": "A eu lieu", "nl": "Vond plaats"}[lang] == ui(lang, "event_status.took_place")


# -- empty states, in the browser ---------------------------------------------------------
def no_match(folder: str, fields: tuple[str, str]) -> str:
    """A query of two filters, each matching some shipped record, that no record matches both."""
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / folder).glob("*.yml"))]
    values = [sorted({record[field] for record in records}) for field in fields]
    pairs = {tuple(record[field] for field in fields) for record in records}
    first, second = next(pair for pair in product(*values) if pair not in pairs)
    return f"?{fields[0].replace('_', '-')}={first}&{fields[1].replace('_', '-')}={second}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_each_list_says_what_it_lists_when_nothing_matches(server: str, page: Page, lang: str) -> None:
    lists = {
        "members/?q=zzzz": "members.filter_empty",
        "projects/" + no_match("projects", ("area", "status")): "projects.filter_empty",
        "jobs/" + no_match("jobs", ("area", "contract")): "filter.empty",
    }
    for address, key in lists.items():
        page.goto(server + LANGS[lang] + address)
        empty = page.locator(".ps-filter__empty")
        assert empty.is_visible(), address
        text = " ".join(empty.inner_text().split())
        expected = " ".join(ui(lang, key).split())
        assert text.startswith(typeset(expected) if lang == "fr" else expected), (address, text)
        assert page.locator("article tbody tr:visible").count() == 0
    assert len({ui(lang, key) for key in lists.values()}) == 3  # three different texts


@pytest.mark.browser
def test_the_filter_count_says_how_many_shown_are_examples(server: str, page: Page) -> None:
    page.goto(server + "fr/members/?q=a")
    shown = page.locator("article tbody tr:visible").count()
    assert shown > 0
    count = ui("fr", "members.count.one" if shown == 1 else "members.count.other").format(n=shown)
    note = ui("fr", "example.included.one" if shown == 1 else "example.included.other").format(n=shown)
    assert page.locator(".ps-filter__status").inner_text() == f"{count} ({note})"
