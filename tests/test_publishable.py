"""Fictional example records can never pass for real ones, and the published site has none.

In the preview (and the tests) an example carries its label wherever it goes: its page title and
heading, every list and count, feed entries and calendar entries; it has no structured data,
asks search engines not to index it and is left out of the sitemap. The production build
(`SITE_EXAMPLES=hide`) publishes the site without any of them.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import soup
from partnersite.publishable import examples_shown, placeholders
from partnersite.typography import typeset
from sitetree import ROOT, Build, build, make_site

LANGS = {"en": "", "fr": "fr/", "nl": "nl/"}
FOLDERS = ("members", "projects", "events", "jobs")


def ui(lang: str, key: str) -> str:
    return yaml.safe_load((ROOT / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))[key]


def shipped_examples() -> Iterator[tuple[str, dict]]:
    for folder in FOLDERS:
        for path in sorted((ROOT / "data" / folder).glob("*.yml")):
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            if record.get("example"):
                yield folder, record


def title_of(record: dict, lang: str) -> str:
    return record["title"][lang] if "title" in record else record["name"]


def labelled(record: dict, lang: str) -> str:
    text = ui(lang, "example.labelled").format(title=title_of(record, lang))
    return typeset(text) if lang == "fr" else text


def pages(site: Build, prefix: str = "") -> list[Path]:
    return sorted((site.site / prefix).rglob("*.html")) if prefix else sorted(site.site.rglob("*.html"))


def page_path(site: Build, path: Path) -> str:
    """The address of a built page relative to the site's root: fr/jobs/x/ (or fr/404.html)."""
    relative = path.relative_to(site.site).as_posix()
    return relative.removesuffix("index.html") if relative.endswith("index.html") else relative


def target_of(site: Build, path: Path, href: str) -> str | None:
    """Where a relative link of a page leads, relative to the site's root (None: elsewhere)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or href.startswith("/"):
        return None
    here = page_path(site, path)
    folder = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    return posixpath.normpath(posixpath.join(folder, parts.path)) + ("/" if parts.path.endswith("/") else "")


# -- the preview: the label travels ------------------------------------------------------
def test_the_shipped_data_has_examples_of_every_kind() -> None:
    assert {folder for folder, _ in shipped_examples()} == set(FOLDERS)


@pytest.mark.parametrize("lang", LANGS)
def test_an_example_page_says_so_has_no_structured_data_and_is_not_indexed(shipped_site: Build, lang: str) -> None:
    sitemap = shipped_site.page("sitemap.xml")
    for folder, record in shipped_examples():
        path = f"{LANGS[lang]}{folder}/{record['id']}/"
        if not (shipped_site.site / path / "index.html").is_file():
            continue  # a job not posted yet has no page
        page = soup(shipped_site, path + "index.html")
        assert page.title.get_text().startswith(labelled(record, lang)), path
        assert page.h1.select_one(".ps-badge").get_text() == ui(lang, "example.badge"), path
        assert page.find_all("script", type="application/ld+json") == [], path
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex", path
        assert f"/{path}</loc>" not in sitemap and f'/{path}"' not in sitemap, path


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_to_an_example_carries_its_label(shipped_site: Build, lang: str) -> None:
    examples = {f"{LANGS[lang]}{folder}/{record['id']}/" for folder, record in shipped_examples()}
    badge = ui(lang, "example.badge")
    unlabelled, links = [], 0
    for path in pages(shipped_site, LANGS[lang]) if lang != "en" else _english_pages(shipped_site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for link in page.select("article a[href]"):
            if target_of(shipped_site, path, link["href"]) in examples:
                links += 1
                label = link.find_next_sibling(class_="ps-badge")
                if label is None or label.get_text() != badge:
                    unlabelled.append(f"{page_path(shipped_site, path)}: {link.get_text()!r}")
    assert links > 40 and unlabelled == []


def _english_pages(site: Build) -> list[Path]:
    return [path for path in pages(site) if not path.relative_to(site.site).as_posix().startswith(("fr/", "nl/"))]


@pytest.mark.parametrize("lang", LANGS)
def test_feed_entries_and_calendar_entries_of_examples_are_labelled(shipped_site: Build, lang: str) -> None:
    examples = {record["id"]: record for _, record in shipped_examples()}
    feed = feedparser.parse(shipped_site.page(LANGS[lang] + "jobs/feed.xml"))
    assert feed.entries
    for entry in feed.entries:
        record = examples[entry.link.rstrip("/").split("/")[-1]]
        assert entry.title == labelled(record, lang)
    calendar = icalendar.Calendar.from_ical((shipped_site.site / LANGS[lang] / "events" / "calendar.ics").read_bytes())
    summaries = {str(event["UID"]).split("@")[0]: str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    dated = [record for record in examples.values() if record["id"] in summaries]
    assert dated
    for record in dated:
        assert summaries[record["id"]] == labelled(record, lang)
    real = [uid for uid in summaries if uid not in examples]
    assert all(not summaries[uid].startswith(labelled({"name": ""}, lang)) for uid in real)


@pytest.mark.parametrize("lang", LANGS)
def test_counts_that_include_examples_say_so(shipped_site: Build, lang: str) -> None:
    def text(path: str) -> str:
        return " ".join(soup(shipped_site, LANGS[lang] + path).select_one("article").get_text(" ").split())

    open_jobs = len(feedparser.parse(shipped_site.page(LANGS[lang] + "jobs/feed.xml")).entries)
    assert open_jobs > 1  # all of them examples
    note = ui(lang, "example.included.other").format(n=open_jobs)
    assert f"({note})." in text("jobs/index.html")
    assert ui(lang, "example.number.one").format(n=1) in text("jobs/index.html")  # "Biopharmacy (1 example)"
    listed = [li for li in text("members/index.html").split(". ") if "260" in li]
    assert listed and all("(" in line for line in listed)  # "4 of BioWin's 260 members ... (of which 4 ...)"
    status = soup(shipped_site, LANGS[lang] + "members/index.html").select_one(".ps-filter__status")
    assert status["data-text-examples-other"] == typeset_if(lang, ui(lang, "example.included.other"))


def typeset_if(lang: str, text: str) -> str:
    return typeset(text) if lang == "fr" else text


# -- the production build ----------------------------------------------------------------
@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Build:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_EXAMPLES", "hide")
        result = build(make_site(tmp_path_factory.mktemp("published"), real_data=True))
    assert result.returncode == 0, result.output
    return result


def test_the_published_site_has_no_example_record(published: Build, shipped_site: Build) -> None:
    examples = list(shipped_examples())
    names = {title_of(record, lang) for _, record in examples for lang in LANGS}
    ids = {record["id"] for _, record in examples}
    outputs = [
        path
        for path in published.site.rglob("*")
        if path.is_file() and path.suffix in (".html", ".xml", ".ics", ".json")
    ]
    assert len(outputs) > 40
    leaks = []
    for path in outputs:
        content = path.read_text(encoding="utf-8")
        leaks += [f"{path.relative_to(published.site)}: {text}" for text in ids | names if text in content]
    assert leaks == []
    assert not [p for p in published.site.rglob("*") if any(i in p.as_posix() for i in ids)]
    # The same texts are in the preview: the check would see them.
    assert any(title_of(record, "en") in shipped_site.page("events/index.html") for _, record in examples)


@pytest.mark.parametrize("lang", LANGS)
def test_the_published_site_has_no_dangling_link_and_no_example_in_its_counts(published: Build, lang: str) -> None:
    keys = ("example.included.one", "example.included.other", "example.number.one", "example.number.other")
    notes = [
        re.compile(r"\s".join(map(re.escape, ui(lang, key).replace("{n}", "#").split())).replace("\\#", r"\d+"))
        for key in keys
    ]
    found = []
    for path in pages(published, LANGS[lang]) if lang != "en" else _english_pages(published):
        if path.name == "404.html":
            continue  # absolute links, served at any address
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not page.select(".ps-badge"), path
        text = page.get_text(" ")
        found += [f"{path.relative_to(published.site)}: {m.group()}" for note in notes for m in note.finditer(text)]
        for link in page.select("a[href]"):
            target = target_of(published, path, link["href"])
            if target is None:
                continue
            file = (
                published.site / target / "index.html"
                if target.endswith("/") or target == "."
                else published.site / target
            )
            if target == ".":
                file = published.site / "index.html"
            if not file.is_file():
                found.append(f"{path.relative_to(published.site)}: link to {link['href']} ({target})")
    assert found == []


def test_a_real_record_pointing_to_an_example_stops_the_production_build(tmp_path: Path) -> None:
    # The minimal data: a real job whose employer, and a real project one of whose partners,
    # are the example member alpha.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_EXAMPLES", "hide")
        result = build(make_site(tmp_path))
    assert result.returncode != 0
    assert (
        "data/jobs/data-engineer.yml:1:5: employer: 'alpha' is a fictional example (member with example: true),"
        " left out of the site published without examples (SITE_EXAMPLES=hide): refer to a real member, or mark"
        " this job example: true as well [job data-engineer]" in result.output
    )
    assert "data/projects/bridge.yml:1:5: partners[0]: 'alpha' is a fictional example" in result.output


def test_the_setting_has_two_values() -> None:
    assert examples_shown({}) and examples_shown({"SITE_EXAMPLES": "show"})
    assert not examples_shown({"SITE_EXAMPLES": " Hide "})
    with pytest.raises(ValueError, match="SITE_EXAMPLES must be 'show' or 'hide', not 'no'"):
        examples_shown({"SITE_EXAMPLES": "no"})


# -- placeholder addresses in hand-written pages -------------------------------------------
def test_example_addresses_are_recognised() -> None:
    text = "Write to <access@biowin-medvia.example>, https://www.example.org/a or info@biowin.be (https://biowin.be)."
    assert placeholders(text) == ["access@biowin-medvia.example", "https://www.example.org"]


def test_an_example_address_is_a_notice_in_the_preview_and_stops_the_production_build(tmp_path: Path) -> None:
    root = make_site(tmp_path, real_data=True)
    statement = root / "docs" / "accessibility.nl.md"
    statement.write_text(statement.read_text(encoding="utf-8") + "\nMail <hulp@clusters.example>.\n", "utf-8")
    message = "docs/accessibility.nl.md: 'hulp@clusters.example' is an example address: replace it with a real one"
    preview = build(root)
    assert preview.returncode == 0 and f"INFO    -  partnersite: {message}" in preview.output
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_EXAMPLES", "hide")
        published = build(root, out="published")
    assert published.returncode != 0 and f"WARNING -  partnersite: {message}" in published.output
    shutil.rmtree(root / "published", ignore_errors=True)


def test_the_published_site_is_built_by_the_workflow() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = {step.get("name"): step for step in workflow["jobs"]["build"]["steps"]}
    published = [step for step in steps.values() if step.get("env", {}).get("SITE_EXAMPLES") == "hide"]
    assert len(published) == 1 and "make build" in published[0]["run"]
    assert json.dumps(workflow).count("SITE_EXAMPLES") == 1  # the tests keep the examples
