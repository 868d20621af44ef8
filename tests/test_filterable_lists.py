"""The filterable lists of the shipped site agree with the data: every row of every filterable
page carries the values its form filters on, they are its own record's, and there is one row
per record the list shows (the built HTML, every language)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from partnersite.catalog import Catalog, load_catalog
from partnersite.views import Views
from sitetree import BUILD_DATE, Build

LANGS = {"en": "", "fr": "fr/", "nl": "nl/"}


def shown(views: Views, page: str) -> list[dict]:
    """The records a filterable page lists, in the page's order."""
    catalog = views.catalog
    if page == "jobs/index.html":
        return views.open_jobs
    if page == "members/index.html":
        return [member for cluster in catalog.clusters for member in views.members_by_cluster[cluster]]
    assert page == "projects/index.html", f"a filterable list this test does not know: {page}"
    return sorted(catalog.projects.values(), key=lambda project: project["start"], reverse=True)


def record_values(page: str, record: dict, catalog: Catalog) -> dict[str, list[str]]:
    """What each filter of the page should find on the row of `record`, read from the record
    (the job's town is checked by its label, below)."""
    if page == "jobs/index.html":
        cluster = catalog.members[record["employer"]]["cluster"]
        return {"area": [record["area"]], "cluster": [cluster], "contract": [record["contract"]]}
    if page == "members/index.html":
        return {"cluster": [record["cluster"]], "type": [record["type"]], "area": record["areas"] or []}
    return {"area": [record["area"]], "key_area": [record["key_area"]], "status": [record["status"]]}


@pytest.fixture(scope="module")
def views(shipped_site: Build) -> Views:
    catalog = load_catalog(shipped_site.site.parent / "data", tuple(LANGS))
    return Views(catalog, dt.date.fromisoformat(BUILD_DATE))


def filterable_pages(site: Path) -> dict[str, Tag]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        lists = page.select("[data-ps-filter]")
        assert len(lists) <= 1, path
        if lists:
            found[path.relative_to(site).as_posix()] = lists[0]
    return found


@pytest.fixture(scope="module")
def pages(shipped_site: Build) -> dict[str, Tag]:
    return filterable_pages(shipped_site.site)


def test_the_filterable_pages_are_the_jobs_members_and_projects_lists(pages: dict[str, Tag]) -> None:
    lists = ("jobs/index.html", "members/index.html", "projects/index.html")
    assert sorted(pages) == sorted(prefix + page for prefix in LANGS.values() for page in lists)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["jobs/index.html", "members/index.html", "projects/index.html"])
def test_each_row_carries_its_own_records_values(pages: dict[str, Tag], views: Views, lang: str, page: str) -> None:
    root = pages[LANGS[lang] + page]
    controls = root.select("form.ps-filter select, form.ps-filter input[type=search]")
    names = [control["name"] for control in controls]
    options = {
        control["name"]: {option["value"]: option.get_text() for option in control.select("option") if option["value"]}
        for control in controls
        if control.name == "select"
    }
    rows = root.select("[data-ps-row]")
    assert rows and rows == root.select("tbody tr"), "every row of the list, and only those, is filterable"
    records = shown(views, page)
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert row.select_one("td a")["href"].rstrip("/").split("/")[-1] == record["id"]
        attributes = {name.removeprefix("data-ps-") for name in row.attrs if name.startswith("data-ps-")}
        assert attributes == {"row", *names, *(["example"] if record.get("example") else [])}, record["id"]
        for name, choices in options.items():
            assert set(row[f"data-ps-{name}"].split()) <= set(choices), (record["id"], name)
        for name, values in record_values(page, record, views.catalog).items():
            assert row[f"data-ps-{name}"].split() == values, (record["id"], name)
        if page == "jobs/index.html":
            town = record["location"].get(lang) or record["location"]["en"]
            assert options["location"][row["data-ps-location"]] == town
        if page == "members/index.html":
            assert row["data-ps-q"] == record["name"]
