"""Hostile records through the whole pipeline: check, pages, feeds, calendars, structured data.

Hypothesis starts from the minimal valid data and mutates a job, an event and a member: texts
with every kind of character (controls, surrogates, direction overrides, markup, template
syntax, very long), addresses built from schemes, character references, percent-encoding and
whitespace, numbers and dates at and past their bounds, times with offsets or in the spring
clock change. Each example either passes `bin/site check` or fails with our messages (a file,
a line, a field: never a traceback); and in what passes, every page, feed, calendar and
structured-data block is judged as a browser, a feed reader or a calendar app reads it
(tests/browserlike.py): no address with another scheme than https, http or mailto.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
import textwrap
import unicodedata
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, find, given, settings
from hypothesis import event as tally
from hypothesis import strategies as st

from browserlike import (
    unsafe_links_in_calendar,
    unsafe_links_in_feed,
    unsafe_links_in_html,
    unsafe_links_in_json,
    unsafe_outputs,
)
from partnersite.catalog import load_catalog
from partnersite.checks import check_site
from partnersite.pages import language_prefix, render_files, render_pages
from partnersite.render import Renderer
from partnersite.strings import load_strings
from partnersite.views import Views
from sitetree import BUILD_DATE, MINIMAL_DATA, build, make_site

LANGUAGES = ("en", "fr", "nl")
TODAY = dt.date.fromisoformat(BUILD_DATE)
OUR_PROBLEM = re.compile(r"^(data|i18n|docs)/[^:]+:\d+:\d+: \S")

# -- what a hostile or careless editor types ---------------------------------------------

SCHEMES = ["https", "http", "mailto", "javascript", "JaVaScRiPt", "data", "vbscript", "ftp", "file", ""]


def _disguise(scheme: str, how: str) -> str:
    if how == "decimal":
        return "".join(f"&#{ord(char)};" if index % 2 == 0 else char for index, char in enumerate(scheme))
    if how == "hex":
        return "".join(f"&#x{ord(char):x};" for char in scheme)
    if how == "percent":
        return "".join(f"%{ord(char):02X}" for char in scheme)
    if how == "split":
        return "\t".join(scheme[index : index + 2] for index in range(0, len(scheme), 2))
    if how == "invisible":
        return "\u200b".join(scheme)
    return scheme


hostile_addresses = st.builds(
    lambda lead, scheme, how, colon, slashes, host, rest: lead + _disguise(scheme, how) + colon + slashes + host + rest,
    st.sampled_from(["", " ", "\x01", "//", "\\\\"]),
    st.sampled_from(SCHEMES),
    st.sampled_from(["plain", "decimal", "hex", "percent", "split", "invisible"]),
    st.sampled_from([":", "&colon;", "&#58;", "%3A", ""]),
    st.sampled_from(["//", "", "/\\", "\\\\"]),
    st.sampled_from(["ok.example", "user:pw@ok.example", "ok.example:99999", "", "a@b.example", "[::1]"]),
    st.sampled_from(["", "/path?q=1&x=2#top", "/alert(1)", "/<svg onload=alert(1)>", '/"onmouseover=x']),
)

# Addresses a careful editor could write, that must stay inert on the page.
fair_addresses = st.sampled_from(
    [
        "https://ok.example/",
        "http://ok.example/a?b=1&c=2#top",
        "https://ok.example/alert(1)",
        "https://ok.example/%6Aavascript:alert(1)",
        "https://ok.example/&#106;avascript:alert(1)",
        "mailto:someone@ok.example",
    ]
)
addresses = st.one_of(fair_addresses, hostile_addresses)

characters = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u202e", "\u2066", "\ufeff", "\ufffe"]),
    st.sampled_from(["\ud800", "\udfff"]),  # unpaired surrogates
)
pieces = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "{{ 7*7 }}",
        "{% raw %}",
        "<!-- a comment -->",
        "&#106;avascript:alert(1)",
        "*bold* _it_ `code`",
        "\n\n- item\n\n",
        "{: onclick=alert(1) }",
        "« guillemets » : ; ! ?",
    ]
)
# Printable texts with markup and template syntax: valid, and must show as typed.
fair_texts = st.lists(
    st.one_of(st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=12), pieces),
    min_size=1,
    max_size=5,
).map("".join)
hostile_texts = st.one_of(
    st.lists(st.one_of(st.lists(characters, max_size=12).map("".join), pieces), max_size=5).map("".join),
    st.sampled_from(["x" * 201, "y" * 2001]),  # past the limits of a title and of a text
)
texts = st.one_of(*[fair_texts] * 4, hostile_texts)
markdown_texts = st.lists(
    st.one_of(
        texts,
        addresses.map(lambda url: f"[a link]({url})"),
        addresses.map(lambda url: f"<{url}>"),
        addresses.map(lambda url: f"[ref][1]\n\n[1]: {url}\n"),
        addresses.map(lambda url: f"![picture]({url})"),
        addresses.map(lambda url: f'<a href="{url}">raw</a>'),
    ),
    min_size=1,
    max_size=4,
).map(" ".join)
numbers = st.one_of(
    st.integers(0, 10**6), st.integers(0, 10**6), st.integers(-3, 3), st.integers(10**9 - 1, 10**9 + 1), st.just(10**30)
)
dates = st.one_of(
    st.sampled_from([dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(2100, 12, 31)]),
    st.sampled_from([dt.date(2101, 1, 1), dt.date(9999, 12, 31)]),
    st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
    st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
)
offsets = st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=-5)), dt.timezone(dt.timedelta(hours=14))])
times = st.one_of(
    dates,
    st.integers(1890, 2110),
    st.builds(
        lambda day, hour, zone: dt.datetime.combine(day, dt.time(hour, 30), tzinfo=zone),
        dates,
        st.integers(0, 23),
        offsets,
    ),
    st.just(dt.datetime(2027, 3, 28, 2, 30)),  # does not exist in Brussels: the clocks skip that hour
    st.just(dt.datetime(2027, 10, 31, 2, 30)),  # exists twice
)


def translated(values: st.SearchStrategy) -> st.SearchStrategy:
    every_language = st.fixed_dictionaries({lang: values for lang in LANGUAGES})
    return st.one_of(every_language, every_language, every_language, st.fixed_dictionaries({"en": values}))


JOB_CHANGES = {
    "title": translated(texts),
    "description": translated(markdown_texts),
    "apply": addresses | texts,
    "location": texts | translated(texts),
    "posted": dates,
    "closes": dates,
    "salary": st.fixed_dictionaries(
        {"min": numbers, "max": numbers, "currency": st.just("EUR"), "period": st.just("month")}
    ),
    "workplace": st.sampled_from(["on_site", "hybrid", "remote"]),
}
EVENT_CHANGES = {
    "title": translated(texts),
    "summary": translated(markdown_texts),
    "start": times,
    "end": times,
    "timezone": st.sampled_from(["Europe/Brussels", "America/New_York", "Asia/Tokyo", "UTC"]),
    "online": addresses,
    "registration": addresses,
    "venue": texts,
    "address": texts,
    "country": st.sampled_from(["BE", "US", "JP", "be", "ZZ", "XX", ""]),
}
MEMBER_CHANGES = {"name": texts, "website": addresses, "description": translated(markdown_texts), "city": texts}

# What a careful editor could write that is still nasty for a page: markup, template syntax,
# character references in addresses that are otherwise fine. It passes the check (most of the
# time) and must come out inert.
fair_markdown = st.lists(
    st.one_of(fair_texts, fair_addresses.map(lambda url: f"[a link]({url})"), st.just("<!-- hidden -->")),
    min_size=1,
    max_size=4,
).map(" ".join)


def everywhere(values: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries({lang: values for lang in LANGUAGES})


FAIR_JOB = {
    "title": everywhere(fair_texts),
    "description": everywhere(fair_markdown),
    "apply": fair_addresses.filter(lambda url: not url.startswith("http:")),
    "location": fair_texts,
}
FAIR_EVENT = {
    "title": everywhere(fair_texts),
    "summary": everywhere(fair_markdown),
    "online": fair_addresses.filter(lambda url: url.startswith("http")),
    "registration": fair_addresses.filter(lambda url: url.startswith("http")),
    "venue": fair_texts,
    "address": fair_texts,
}
FAIR_MEMBER = {
    "name": fair_texts,
    "website": fair_addresses.filter(lambda url: url.startswith("http")),
    "description": everywhere(fair_markdown),
}


def changes_of(fields: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    return st.lists(st.sampled_from(sorted(fields)), max_size=2, unique=True).flatmap(
        lambda keys: st.fixed_dictionaries({key: fields[key] for key in keys})
    )


# -- writing what Hypothesis made as a data file -------------------------------------------

_YAML_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (escapes for what YAML cannot hold raw)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif _YAML_PRINTABLE.fullmatch(char) and char not in "\u2028\u2029\ufeff":
            out.append(char)
        elif ord(char) > 0xFFFF:
            out.append(f"\\U{ord(char):08x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return '"' + "".join(out) + '"'


def to_yaml(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {to_yaml(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_yaml(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat() if value.year >= 1000 else _quoted(value.isoformat())
    return str(value)


def record(name: str) -> dict:
    return yaml.safe_load(textwrap.dedent(MINIMAL_DATA[name]))


def hostile_data(job: dict, event: dict, member: dict) -> dict[str, str]:
    files = {}
    for name, change in (("jobs/data-engineer.yml", job), ("events/summit.yml", event), ("members/alpha.yml", member)):
        document = record(name)
        document.update(copy.deepcopy(change))
        files[name] = "\n".join(f"{key}: {to_yaml(value)}" for key, value in document.items()) + "\n"
    return files


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("pipeline"))


def with_data(root: Path, files: dict[str, str]) -> Path:
    """`root` with the minimal data, changed by `files`."""
    data = root / "data"
    shutil.rmtree(data, ignore_errors=True)
    for name, text in {**{n: textwrap.dedent(t) for n, t in MINIMAL_DATA.items()}, **files}.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    return root


# -- judging what comes out --------------------------------------------------------------

_MARKDOWN = markdown.Markdown(extensions=["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"])


def findings_in_memory(root: Path) -> list[str]:
    """Render every page, feed and calendar of every language in memory, as the build does,
    and judge each as its reader would."""
    catalog = load_catalog(root / "data", LANGUAGES)
    strings = load_strings(root / "i18n", LANGUAGES, LANGUAGES[0])
    views = Views(catalog, TODAY)
    found = []
    for lang in LANGUAGES:
        renderer = Renderer(views, strings, lang, "https://site.example/", language_prefix(lang, LANGUAGES[0]))
        for page in render_pages(renderer):
            front, _, body = page.markdown.partition("\n---\n")
            meta = yaml.safe_load(front.removeprefix("---\n")) or {}
            page_html = _MARKDOWN.reset().convert(body) + "".join(block.html for block in page.blocks)
            found += [f"{lang} {page.src_uri}: {item}" for item in unsafe_links_in_html(page_html)]
            if meta.get("jsonld"):
                found += [
                    f"{lang} {page.src_uri} JSON-LD: {item}"
                    for item in unsafe_links_in_json(json.loads(meta["jsonld"]))
                ]
            for key in ("title", "description"):
                found += [
                    f"{lang} {page.src_uri} {key}: {item}" for item in unsafe_links_in_html(str(meta.get(key, "")))
                ]
        for file in render_files(renderer):
            judge = unsafe_links_in_feed if file.path.endswith(".xml") else unsafe_links_in_calendar
            found += [f"{lang} {file.path}: {item}" for item in judge(file.content)]
    return found


SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(changes_of(FAIR_JOB), changes_of(FAIR_EVENT), changes_of(FAIR_MEMBER))
def test_nasty_but_valid_records_come_out_inert(site_root: Path, job: dict, event: dict, member: dict) -> None:
    root = with_data(site_root, hostile_data(job, event, member))
    problems = check_site(root, LANGUAGES, TODAY)
    assert all(OUR_PROBLEM.match(problem) for problem in problems), problems
    tally("passes the check" if not problems else "refused by the check")
    if not problems:
        assert findings_in_memory(root) == []


@SETTINGS
@given(changes_of(JOB_CHANGES), changes_of(EVENT_CHANGES), changes_of(MEMBER_CHANGES))
def test_hostile_records_pass_the_check_safely_or_fail_with_our_messages(
    site_root: Path, job: dict, event: dict, member: dict
) -> None:
    root = with_data(site_root, hostile_data(job, event, member))
    problems = check_site(root, LANGUAGES, TODAY)
    assert all(OUR_PROBLEM.match(problem) for problem in problems), problems
    assert not [problem for problem in problems if "unexpected error" in problem], problems
    tally("passes the check" if not problems else "refused by the check")
    if not problems:
        assert findings_in_memory(root) == []


# A few examples through the real build (MkDocs, Material, static-i18n), judged on the files.
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(changes_of(FAIR_JOB), changes_of(JOB_CHANGES)),
    st.one_of(changes_of(FAIR_EVENT), changes_of(EVENT_CHANGES)),
    st.one_of(changes_of(FAIR_MEMBER), changes_of(MEMBER_CHANGES)),
)
def test_hostile_records_build_safely_or_fail_with_our_messages(
    site_root: Path, job: dict, event: dict, member: dict
) -> None:
    root = with_data(site_root, hostile_data(job, event, member))
    shutil.rmtree(root / "site", ignore_errors=True)
    result = build(root)
    assert "Traceback" not in result.output, result.output
    tally("builds" if result.returncode == 0 else "refused")
    if result.returncode == 0:
        assert unsafe_outputs(result.site) == {}
    else:
        assert re.search(r"data/[^:]+:\d+:\d+: ", result.output), result.output


@pytest.mark.parametrize(
    ("strategy", "claim"),
    [
        (addresses, lambda url: "&#" in url and "javascript" not in url.lower()),
        (addresses, lambda url: "%6A%61" in url),
        (addresses, lambda url: "\t" in url and url.startswith("\x01")),
        (addresses, lambda url: url.startswith("//")),
        (texts, lambda text: any(unicodedata.category(char) == "Cc" for char in text)),
        (texts, lambda text: any(unicodedata.category(char) == "Cs" for char in text)),
        (texts, lambda text: "\u202e" in text),
        (markdown_texts, lambda text: "](&#" in text),
        (times, lambda value: isinstance(value, dt.datetime) and value.tzinfo is not None),
        (numbers, lambda value: value > 10**9),
    ],
)
def test_the_hostile_strategies_reach_the_cases_they_are_for(strategy: st.SearchStrategy, claim: object) -> None:
    """A test of the tests: each kind of hostile value above is among what Hypothesis makes."""
    find(strategy, claim, settings=settings(max_examples=5000, database=None))
