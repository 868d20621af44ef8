"""Bad input never breaks the site: injection, random documents, atomic publishing, read-only data."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser

from conftest import serve_folder
from partnersite.catalog import DataError, load_catalog
from partnersite.collections import COLLECTIONS
from partnersite.schema import ApplyTarget, List, Name, Obj, Str, Text, Type, Url
from partnersite.yamlfile import LoadError, load_yaml_text
from sitetree import MINIMAL_DATA, ROOT, Build, build, data_tree, make_site

LANGUAGES = ("en", "fr", "nl")

# -- injection: every text and URL field of every collection -------------------------

TEXT_PAYLOADS = [
    "<script>alert('XSS{n}')</script>",
    "<img src=x onerror=alert('XSS{n}')>",
    "\"><svg onload=alert('XSS{n}')>",
    "</title><script>alert('XSS{n}')</script>",
    "javascript:alert('XSS{n}')",
    "{{{{ 7*7 }}}} {{% raw %}} ${{alert('XSS{n}')}}",
    "<a href=\"javascript:alert('XSS{n}')\">x</a> *not bold* [link](javascript:alert('XSS{n}'))",
    '<!-- XSS{n} --><iframe src="https://evil.example/{n}"></iframe>',
]
# Markdown fields refuse unsafe links and images (the corpus shows it); raw HTML must die.
MARKDOWN_PAYLOADS = [
    "<script>alert('XSS{n}')</script> **bold** [fine](https://ok.example/{n})",
    "<img src=x onerror=alert('XSS{n}')>\n\n- item\n\n<style>body{{display:none}}</style>",
    # Markdown's attribute lists (the pages' attr_list extension) must not reach the page.
    "A paragraph.\n{{: onclick=\"alert('XSS{n}')\" }}\n\n[link](https://ok.example/{n}){{: onmouseover=alert('XSS{n}') }}",
    "**bold**{{ onclick=alert('XSS{n}') }} and a list:\n\n- item\n{{: onfocus=alert('XSS{n}') tabindex=0 }}",
]
# URL fields refuse other schemes, spaces and <>"; what is left must stay inert.
URL_PAYLOADS = [
    "https://evil.example/{n}?q='onmouseover=alert('XSS{n}')//",
    "https://evil.example/{n}?a=1&b='-alert('XSS{n}')-'#x(y)",
]
SKIP = {"id", "author"}


class Payloads:
    def __init__(self) -> None:
        self.counter = itertools.count(1)
        self.tried = 0

    def text(self, markdown: bool = False) -> str:
        n = next(self.counter)
        self.tried += 1
        pool = MARKDOWN_PAYLOADS if markdown else TEXT_PAYLOADS
        return pool[n % len(pool)].format(n=n)

    def url(self) -> str:
        n = next(self.counter)
        self.tried += 1
        return URL_PAYLOADS[n % len(URL_PAYLOADS)].format(n=n)


def poison(value: object, kind: Type, payloads: Payloads) -> object:
    """`value` with every text and URL inside replaced by a payload, following the schema."""
    if isinstance(kind, Obj) and isinstance(value, dict):
        return {
            key: item if key in SKIP or key not in kind.fields else poison(item, kind.fields[key].type, payloads)
            for key, item in value.items()
        }
    if isinstance(kind, List) and isinstance(value, list):
        return [poison(item, kind.item, payloads) for item in value]
    if isinstance(kind, Text) and isinstance(value, dict):
        return {lang: payloads.text(kind.markdown) for lang in value}
    if isinstance(kind, Name):
        return {lang: payloads.text() for lang in LANGUAGES}
    if isinstance(kind, (Url, ApplyTarget)):
        return payloads.url()
    if type(kind) is Str and kind.pattern is None:
        return payloads.text()
    return value


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, int]:
    payloads = Payloads()
    files: dict[str, str] = {}
    schemas = {c.path: c for c in COLLECTIONS}
    for name, text in MINIMAL_DATA.items():
        collection = schemas.get(name) or schemas[name.split("/")[0]]
        document = yaml.safe_load(textwrap.dedent(text))
        if collection.list_key:
            document = {
                collection.list_key: [
                    poison(item, collection.schema, payloads) for item in document[collection.list_key]
                ]
            }
        else:
            document = poison(document, collection.schema, payloads)
        files[name] = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    # An event with every optional field, to carry payloads there too.
    files["events/open-day.yml"] = yaml.safe_dump(
        {
            "id": "open-day",
            "title": {lang: payloads.text() for lang in LANGUAGES},
            "start": dt.datetime(2027, 3, 2, 10, 0),
            "venue": {lang: payloads.text() for lang in LANGUAGES},
            "address": {lang: payloads.text() for lang in LANGUAGES},
            "online": payloads.url(),
            "registration": payloads.url(),
            "organisers": ["biowin"],
            "summary": {lang: payloads.text(markdown=True) for lang in LANGUAGES},
            "figures": [{"value": 3, "label": {lang: payloads.text() for lang in LANGUAGES}}],
        },
        allow_unicode=True,
        sort_keys=False,
    )
    # A news post, published on the build date: its page, the news list, the feed, its
    # NewsArticle data and the home page's latest news carry the payloads.
    files["news/hostile.yml"] = yaml.safe_dump(
        {
            "id": "hostile",
            "date": dt.date(2026, 11, 21),
            "title": {lang: payloads.text() for lang in LANGUAGES},
            "summary": {lang: payloads.text() for lang in LANGUAGES},
            "body": {lang: payloads.text(markdown=True) for lang in LANGUAGES},
            "events": ["summit"],
        },
        allow_unicode=True,
        sort_keys=False,
    )
    result = build(make_site(tmp_path_factory.mktemp("hostile"), files))
    assert result.returncode == 0, result.output
    return result, payloads.tried


def executable_findings(path: Path) -> list[str]:
    """Anything in a page that a browser would run, or that breaks out of where it belongs."""
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found = []
    for script in page.find_all("script"):
        if script.get("type") in (None, "", "text/javascript", "module") and "XSS" in script.get_text():
            found.append(f"script: {script.get_text()[:60]}")
    for element in page.find_all(True):
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on") and "XSS" in text:
                found.append(f"{element.name} {attribute}")
            if attribute in ("href", "src", "action") and text.strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                found.append(f"{element.name} {attribute}={text[:40]}")
        if element.name in ("iframe", "svg", "style", "object", "embed") and "XSS" in str(element) + element.get(
            "src", ""
        ):
            found.append(f"<{element.name}>")
    if len(page.find_all("title")) != 1:
        found.append("title broken")
    if "49" in page.title.get_text():
        found.append("template evaluated")
    return found


def test_no_payload_is_executable_in_any_built_page(hostile_site: tuple[Build, int]) -> None:
    result, tried = hostile_site
    assert tried >= 100
    pages = sorted(result.site.rglob("*.html"))
    assert len(pages) > 40
    findings = {str(path.relative_to(result.site)): executable_findings(path) for path in pages}
    assert {page: found for page, found in findings.items() if found} == {}
    assert "XSS" in result.page("nl/members/beta/index.html")  # the payloads did reach the pages, as text


def test_payloads_in_feeds_and_calendars_stay_text(hostile_site: tuple[Build, int]) -> None:
    result, _ = hostile_site
    for path in [*result.site.rglob("*.xml"), *result.site.rglob("*.ics")]:
        text = path.read_text(encoding="utf-8")
        assert "<script>" not in text and "<img" not in text, path


@pytest.mark.browser
def test_no_payload_opens_a_dialog_in_a_real_browser(hostile_site: tuple[Build, int], browser: Browser) -> None:
    result, _ = hostile_site
    dialogs: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    with serve_folder(result.site) as address:
        for path in sorted(result.site.rglob("index.html")):
            page.goto(address + path.parent.relative_to(result.site).as_posix().removeprefix(".") + "/")
            for field in page.locator("input[type=search]").all():  # the filters too
                field.fill("<img src=x onerror=alert('XSS-search')>")
        page.goto(
            address + "jobs/?area=%3Cscript%3Ealert('XSS-address')%3C/script%3E&q=%22%3E%3Csvg%20onload=alert(1)%3E"
        )
    context.close()
    assert dialogs == []


# -- random input ------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.text(max_size=30), st.dates())
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_loads_or_fails_with_our_error(text: str) -> None:
    try:
        load_yaml_text(text)
    except LoadError as error:
        assert error.line >= 1 and error.column >= 1 and error.message


JOB_KEYS = sorted(yaml.safe_load(textwrap.dedent(MINIMAL_DATA["jobs/data-engineer.yml"])))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.dictionaries(st.sampled_from([*JOB_KEYS, "colour"]), documents, max_size=8), st.booleans())
def test_any_job_document_loads_or_fails_with_our_error(tmp_path: Path, changes: dict, start_valid: bool) -> None:
    document = yaml.safe_load(textwrap.dedent(MINIMAL_DATA["jobs/data-engineer.yml"])) if start_valid else {}
    document.update(changes)
    try:
        text = yaml.safe_dump(document, allow_unicode=True)
    except yaml.YAMLError:
        return
    folder = tmp_path / str(abs(hash(text)))
    data = data_tree(folder, {"jobs/data-engineer.yml": text})
    try:
        load_catalog(data, LANGUAGES)
    except DataError as error:
        assert all(str(problem).startswith("data/") for problem in error.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_load_or_fail_with_our_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes(raw)
    from partnersite.yamlfile import load_yaml_file

    with contextlib.suppress(LoadError):
        load_yaml_file(path)


# -- publishing --------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_build_failing_in_the_last_language_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    first = build(root)
    assert first.returncode == 0, first.output
    before = snapshot(root / "site")
    assert "nl/agreement/index.html" in before
    # Change the data (every language would change), and break only the Dutch agreement page.
    job = root / "data" / "jobs" / "data-engineer.yml"
    job.write_text(job.read_text(encoding="utf-8").replace("Data engineer", "Senior data engineer"), encoding="utf-8")
    page = root / "docs" / "agreement.nl.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[kapot](nergens.md)\n", encoding="utf-8")
    second = build(root)
    assert second.returncode != 0 and "nergens.md" in second.output
    assert "Building 'nl'" in second.output  # it got as far as the last language
    assert snapshot(root / "site") == before
    assert not (root / "site.building").exists()


def test_a_successful_build_replaces_the_site(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "stale.html").write_text("old", encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.output
    assert not (root / "site" / "stale.html").exists() and (root / "site" / "nl" / "index.html").exists()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]


def test_data_files_are_only_ever_read(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    before = snapshot(root / "data")
    assert build(root).returncode == 0
    for arguments in (["check"], ["translations"], ["schemas"]):
        subprocess.run(
            [str(ROOT / "bin" / "site"), *arguments],
            env={"SITE_ROOT": str(root), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            check=False,
        )
    assert snapshot(root / "data") == before
