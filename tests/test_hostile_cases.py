"""The cases a new staff member and then an attacker tried on the landed site (issue 13), one
test each: links judged as a browser reads them, addresses the build already uses, one rule
for every text, numbers, dates and times within bounds, no traceback, every file under data/
read or reported, and the states and structured data that were wrong."""

from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import icalendar
import pytest
import yaml

from browserlike import scheme_of, structured_data, unsafe_links_in_html, unsafe_outputs
from pagefindindex import indexed_pages
from partnersite.addresses import registry
from partnersite.catalog import load_catalog
from partnersite.collections import COLLECTIONS
from partnersite.markup import markdown_html, sanitise_page
from sitetree import MINIMAL_DATA, ROOT, Build, build, data_tree, make_site, problems_in, tr

JOB = "jobs/data-engineer.yml"
LANGUAGES = ("en", "fr", "nl")


def job_with(old: str, new: str) -> dict[str, str]:
    assert old in MINIMAL_DATA[JOB], old
    return {JOB: MINIMAL_DATA[JOB].replace(old, new)}


# -- links, as a browser reads them --------------------------------------------------------

DISGUISED = [
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&#x09;script:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "%6Aavascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "https://user:secret@evil.example/",
    "https://a@b.example/",
    "https:evil.example",
    "https:\\\\evil.example",
]


@pytest.mark.parametrize("target", DISGUISED)
def test_a_disguised_link_in_markdown_is_refused_with_its_position(tmp_path: Path, target: str) -> None:
    (message,) = problems_in(tmp_path, job_with('"You build pipelines."', json.dumps(f"[Apply]({target}) now.")))
    assert message.startswith("data/jobs/data-engineer.yml:13:19: description.en: the link "), message


@pytest.mark.parametrize("target", DISGUISED)
@pytest.mark.parametrize(
    ("name", "old", "field"),
    [
        (JOB, "apply: https://alpha.example/jobs", "apply"),
        ("members/alpha.yml", "city:", "website"),
        ("events/summit.yml", "organisers:", "online"),
        ("events/summit.yml", "organisers:", "registration"),
    ],
)
def test_a_disguised_address_is_refused_in_every_url_field(
    tmp_path: Path, target: str, name: str, old: str, field: str
) -> None:
    text = MINIMAL_DATA[name]
    line = f"{field}: {json.dumps(target)}"
    new = text.replace(old, line if old.startswith(field) else f"{line}\n        {old}")
    problems = problems_in(tmp_path, {name: new})
    assert any(f": {field}: " in problem and f"data/{name}:" in problem for problem in problems), problems


def test_the_sanitiser_alone_keeps_a_browser_from_running_a_link() -> None:
    """Even if a link got past the check, the HTML that reaches the page has no such address."""
    for target in DISGUISED:
        html = markdown_html(f"[Apply]({target}) and <a href='{target}'>raw</a> <!-- a note -->")
        assert unsafe_links_in_html(html) == [], (target, html)
        assert "a note" not in html and "&lt;a href" in html  # comments dropped, raw HTML shown as text


def test_links_to_other_sites_carry_rel() -> None:
    html = markdown_html("See [the offer](https://ok.example/job) or [write](mailto:jobs@ok.example).")
    assert html.count('rel="noopener noreferrer"') == 2


def test_a_markdown_comment_is_not_published(tmp_path: Path) -> None:
    html = markdown_html("Visible.<!-- internal: salary negotiable -->\n\n<!--\nmore\n-->\nAlso visible.")
    assert "internal" not in html and "more" not in html and "Visible." in html and "Also visible." in html


def test_scheme_of_reads_like_a_browser() -> None:
    """The test's own judge (tests/browserlike.py), checked on known cases."""
    assert scheme_of("java\tscript:x") == "javascript"
    assert scheme_of("\x01 JAVASCRIPT:x") == "javascript"
    assert scheme_of("jobs/x/") is None and scheme_of("https://ok.example/") == "https"


# -- addresses the build already uses ------------------------------------------------------


def reserved_ids() -> list[tuple[str, str]]:
    """From the registry: for every folder of records, the ids whose address something else the
    build writes there already has (jobs/index.html -> index, jobs/feed.xml -> feed, the folder
    jobs/area/ -> area)."""
    catalog = load_catalog(data_tree(Path(os.environ.get("TMPDIR", "/tmp")) / "registry-probe"), LANGUAGES)
    folders = {collection.path for collection in COLLECTIONS if collection.folder}
    found = set()
    for output in registry(catalog, ROOT / "docs", LANGUAGES):
        folder, _, rest = output.path.partition("/")
        if folder in folders and rest and not (output.record is not None and output.collection == folder):
            found.add((folder, rest.split("/")[0].split(".")[0]))
    return sorted(found)


def test_the_registry_reserves_what_the_build_writes_next_to_the_records() -> None:
    reserved = reserved_ids()
    for expected in [
        ("jobs", "index"),
        ("jobs", "feed"),
        ("jobs", "area"),
        ("events", "calendar"),
        ("members", "index"),
    ]:
        assert expected in reserved, reserved


@pytest.mark.parametrize(("folder", "record_id"), reserved_ids())
def test_an_id_whose_address_is_taken_is_refused(tmp_path: Path, folder: str, record_id: str) -> None:
    name = {"members": "members/beta.yml", "projects": "projects/bridge.yml", "events": "events/summit.yml"}.get(
        folder, JOB
    )
    if folder == "areas":  # the area of every minimal record: rename it everywhere
        changes = {
            key: text.replace("digital-health", record_id)
            for key, text in MINIMAL_DATA.items()
            if "digital-health" in text
        }
        name = "areas.yml"
    else:
        old_id = re.search(r"^\s*id: (\S+)", MINIMAL_DATA[name], re.MULTILINE).group(1)
        changes = {
            key: re.sub(rf"\b{old_id}\b", record_id, text)
            for key, text in MINIMAL_DATA.items()
            if re.search(rf"\b{old_id}\b", text)
        }
    problems = problems_in(tmp_path, changes)
    assert any(f"data/{name}:" in p and f": id: the id '{record_id}' cannot be used" in p for p in problems), problems


def test_a_hand_written_page_that_takes_a_record_address_is_reported(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "docs" / "jobs").mkdir()
    (root / "docs" / "jobs" / "data-engineer.md").write_text("# Hand-written\n", encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "data/jobs/data-engineer.yml:1:5: id: the id 'data-engineer' cannot be used" in result.output
    assert "docs/jobs/data-engineer.md" in result.output and "Traceback" not in result.output


# -- one rule for every text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Data\\u0000engineer", "the text contains a control character (U+0000) at character 5: remove it"),
        ("Data\\u001bengineer", "the text contains a control character (U+001B) at character 5"),
        ("Data\\nengineer", "the text contains a line break (U+000A) at character 5 (this field is a single line)"),
        ("Data\\tengineer", "the text contains a tab (U+0009) at character 5"),
        ("Data\\ud800engineer", "the text contains an unpaired surrogate (U+D800) at character 5"),
        ("Data \\u202eenigne", "the text contains a direction control character (U+202E, right-to-left override)"),
        ("Data\\uffff", "the text contains a non-character (U+FFFF) at character 5"),
        ("x" * 201, "the text is 201 characters long: at most 200 are allowed in this field"),
    ],
)
def test_every_title_follows_the_text_rule(tmp_path: Path, text: str, message: str) -> None:
    (problem,) = problems_in(tmp_path, job_with('en: "Data engineer"', f'en: "{text}"'))
    assert problem.startswith("data/jobs/data-engineer.yml:2:") and f": title.en: {message}" in problem, problem


def test_a_description_may_hold_line_breaks_and_tabs_but_not_controls(tmp_path: Path) -> None:
    assert (
        problems_in(tmp_path, job_with('"You build pipelines."', '"You build\\n\\n- pipelines\\n\\tand more."')) == []
    )
    (problem,) = problems_in(tmp_path / "2", job_with('"You build pipelines."', '"You build\\u0007 pipelines."'))
    assert "description.en: the text contains a control character (U+0007)" in problem


def test_the_same_rule_holds_for_names_and_places(tmp_path: Path) -> None:
    (problem,) = problems_in(
        tmp_path, {"members/beta.yml": MINIMAL_DATA["members/beta.yml"].replace("Beta Care", '"Beta\\u202e Care"')}
    )
    assert "data/members/beta.yml:2:7: name: the text contains a direction control character (U+202E" in problem
    (problem,) = problems_in(tmp_path / "2", job_with("location: Liège", 'location: "Li\\u0000ège"'))
    assert "location: the text contains a control character (U+0000)" in problem


def test_a_raw_control_character_in_the_file_is_reported_where_it_is(tmp_path: Path) -> None:
    (problem,) = problems_in(tmp_path, {JOB: MINIMAL_DATA[JOB].replace("location: Liège", "location: Li\x01ège")})
    assert problem.startswith(
        "data/jobs/data-engineer.yml:5:13: (file): the file contains a control character (U+0001)"
    )


# -- numbers, dates and times ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("min: 4000", "min: 1000000000000000000000", "salary.min: a number of 22 digits is out of range"),
        ("max: 5000", "max: 1000000001", "salary.max: 1000000001 is out of range"),
        ("posted: 2026-11-01", "posted: 0001-01-01", "posted: 0001-01-01 is out of range: expected a year from 1900"),
        ("closes: 2026-12-31", "closes: 9999-12-31", "closes: 9999-12-31 is out of range"),
    ],
)
def test_numbers_and_dates_stay_within_what_the_site_can_publish(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    problems = problems_in(tmp_path, job_with(old, new))
    assert any(message in problem for problem in problems), problems


EVENT = "events/summit.yml"


def event_with(start: str, end: str | None = None, timezone: str | None = None) -> dict[str, str]:
    text = MINIMAL_DATA[EVENT].replace("start: 2023", f"start: {start}")
    if end:
        text = text.replace("organisers:", f"end: {end}\n        organisers:")
    if timezone:
        text = text.replace("organisers:", f"timezone: {timezone}\n        organisers:")
    return {EVENT: text}


@pytest.mark.parametrize(
    ("start", "end", "timezone", "message"),
    [
        ("2027-02-11T09:30:00+01:00", None, None, "start: a time with a UTC offset (+01:00, Z) is not allowed"),
        ("2027-02-11T09:30", "2027-02-11T17:00:00Z", None, "end: a time with a UTC offset"),
        ("2027-03-28T02:30", None, None, "start: 2027-03-28T02:30 does not exist in Europe/Brussels"),
        ("2027-03-14T02:15", None, "America/New_York", "start: 2027-03-14T02:15 does not exist in America/New_York"),
        ("2027", "2027-03-16T02:30", None, "end: write the start and the end the same way: the start is a year"),
        ("2027-03-16", "2027-03-16T17:00", None, "end: write the start and the end the same way"),
        ("2027-03-16T17:00", "2027-03-16T09:00", None, "end: the event ends"),
    ],
)
def test_event_times_are_refused_when_they_cannot_be_shown_right(
    tmp_path: Path, start: str, end: str | None, timezone: str | None, message: str
) -> None:
    problems = problems_in(tmp_path, event_with(start, end, timezone))
    assert any("data/events/summit.yml:" in p and message in p for p in problems), problems
    assert not any("Traceback" in p or "unexpected" in p for p in problems)


def test_a_time_that_exists_twice_is_accepted(tmp_path: Path) -> None:
    assert problems_in(tmp_path, event_with("2027-10-31T02:30")) == []


# -- every file under data/ is read or reported --------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("jobs/2027/second.yml", "data/jobs/2027:1:1: (file): sub-folders are not read (1 file in it)"),
        ("jobs/second.YML", "data/jobs/second.YML:1:1: (file): rename the file to end in .yml (lower case)"),
        ("jobs/second.yml.txt", "data/jobs/second.yml.txt:1:1: (file): not a data file"),
        ("jobs/.second.yml", "data/jobs/.second.yml:1:1: (file): hidden files are not read"),
        ("jobs/second.yml~", "data/jobs/second.yml~:1:1: (file): not a data file"),
        ("job.yml", "data/job.yml:1:1: (file): not read: data/ holds areas.yml, clusters.yml, events, jobs"),
    ],
)
def test_a_file_that_is_not_read_is_reported(tmp_path: Path, name: str, message: str) -> None:
    second = MINIMAL_DATA[JOB].replace("id: data-engineer", "id: second")
    problems = problems_in(tmp_path, {name: second})
    assert any(problem.startswith(message) for problem in problems), problems


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    assert problems_in(tmp_path, {"jobs/second.yml": b""}) == [
        "data/jobs/second.yml:1:1: (file): the file is empty: expected a job offer (name: value, one per line)"
    ]


def test_a_gitkeep_file_is_not_a_problem(tmp_path: Path) -> None:
    assert problems_in(tmp_path, {"jobs/.gitkeep": b""}) == []


def test_a_symbolic_link_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text("id: top-secret-line\n", encoding="utf-8")
    valid = tmp_path / "outside" / "valid.yml"
    valid.write_text(textwrap.dedent(MINIMAL_DATA[JOB]).replace("id: data-engineer", "id: outside"), encoding="utf-8")
    data = data_tree(tmp_path / "site")
    (data / "jobs" / "secret.yml").symlink_to(secret)
    (data / "jobs" / "outside.yml").symlink_to(valid)
    (data / "jobs" / "system.yml").symlink_to("/etc/passwd")
    (data / "jobs" / "folder").symlink_to(tmp_path / "outside", target_is_directory=True)
    from partnersite.catalog import DataError

    with pytest.raises(DataError) as raised:
        load_catalog(data, LANGUAGES)
    report = str(raised.value)
    for name in ("secret.yml", "outside.yml", "system.yml", "folder"):
        assert f"data/jobs/{name}:1:1: (file): symbolic links are not read" in report, report
    assert "top-secret-line" not in report and "root:" not in report


def test_check_of_a_missing_file_fails(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    result = subprocess.run(
        [str(ROOT / "bin" / "site"), "check", "data/jobs/does-not-exist.yml"],
        env={**os.environ, "SITE_ROOT": str(root)},
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "data/jobs/does-not-exist.yml: no such file" in result.stderr
    assert "No problems found" not in result.stderr


# -- no traceback, in any language -----------------------------------------------------------


def broken_template(root: Path, lang: str) -> None:
    """A template that fails while rendering one record in one language (a fault of ours)."""
    template = root / "hooks" / "partnersite" / "templates" / "job.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(
        text + f"\n{{% if lang == '{lang}' %}}{{{{ job.no_such_field.deeper }}}}{{% endif %}}\n", encoding="utf-8"
    )


@pytest.mark.parametrize("lang", ["en", "fr", "nl"], ids=["default-language", "later-language", "last-language"])
def test_a_failing_template_names_the_record_and_template_in_every_language(tmp_path: Path, lang: str) -> None:
    root = make_site(tmp_path)
    broken_template(root, lang)
    result = build(root)
    assert result.returncode != 0
    assert "Traceback" not in result.output, result.output
    lines = result.output.count("\n") + 1
    assert re.search(
        rf"data/jobs/data-engineer\.yml:1:5: while making job\.md\.j2 for data-engineer: unexpected error "
        rf"\(UndefinedError: .*no_such_field.*, in template job\.md\.j2, line \d+\); this is a fault in the site's code.*"
        rf"\(in the {lang} pages\)",
        result.output,
    ), result.output
    assert lines < 200


def test_check_renders_every_language_and_reports_a_failure_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`bin/site check` renders every page, feed and calendar: a step that fails there (here a
    broken feed summary in Dutch) is one message naming the record, not "No problems found."."""
    from partnersite import pages
    from partnersite.checks import check_site
    from partnersite.formatting import Formatter

    summary = pages.summary_for

    def failing(job: dict, fmt: Formatter, catalog: object) -> str:
        if fmt.lang == "nl":
            raise ValueError("All strings must be XML compatible")
        return summary(job, fmt, catalog)

    monkeypatch.setattr(pages, "summary_for", failing)
    (problem,) = check_site(make_site(tmp_path), LANGUAGES)
    assert problem == (
        "data/jobs/data-engineer.yml:1:5: while making its feed entry for data-engineer: unexpected error"
        " (ValueError: All strings must be XML compatible); this is a fault in the site's code, not a mistake"
        " you made: please report it with this message (in nl)"
    )


# -- states and structured data -----------------------------------------------------------

STATES = {
    "jobs/future.yml": MINIMAL_DATA[JOB]
    .replace("id: data-engineer", "id: future")
    .replace("posted: 2026-11-01", "posted: 2027-01-10")
    .replace("closes: 2026-12-31", "closes: 2027-02-28"),
    "jobs/closed.yml": MINIMAL_DATA[JOB]
    .replace("id: data-engineer", "id: closed")
    .replace("closes: 2026-12-31", "closes: 2026-11-10"),
    "jobs/hybrid.yml": MINIMAL_DATA[JOB]
    .replace("id: data-engineer", "id: hybrid")
    .replace("employer: alpha", "employer: beta")
    .replace("contract: permanent", "contract: permanent\n        workplace: hybrid")
    .replace(tr("You build pipelines."), '{en: "You build pipelines."}'),
    "jobs/remote.yml": MINIMAL_DATA[JOB]
    .replace("id: data-engineer", "id: remote")
    .replace("employer: alpha", "employer: beta")
    .replace("contract: permanent", "contract: permanent\n        workplace: remote"),
    "events/boston.yml": f"""
        id: boston
        title: {tr("BIO convention")}
        start: 2027-06-14T09:00
        end: 2027-06-14T17:00
        timezone: America/New_York
        venue: {tr("Convention center")}
        address: 415 Summer St, Boston
        country: US
        organisers: [beta]
        summary: {{en: "Meet us in Boston."}}
        """,
}


@pytest.fixture(scope="module")
def states_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build(make_site(tmp_path_factory.mktemp("states"), STATES))
    assert result.returncode == 0, result.output
    return result


def test_an_offer_not_yet_posted_has_no_page_nor_listing(states_site: Build) -> None:
    for prefix in ("", "fr/", "nl/"):
        assert not (states_site.site / prefix / "jobs" / "future").exists()
        assert "future" not in states_site.page(prefix + "jobs/index.html")
        assert "/future/" not in states_site.page(prefix + "jobs/feed.xml")
    assert "jobs/future/" not in states_site.page("sitemap.xml")


def test_a_closed_offer_leaves_the_sitemap_and_the_search(states_site: Build) -> None:
    page = states_site.page("jobs/closed/index.html")
    assert '<meta name="robots" content="noindex">' in page
    sitemap = states_site.page("sitemap.xml")
    assert "jobs/closed/" not in sitemap and "jobs/data-engineer/" in sitemap
    for prefix in ("", "fr/", "nl/"):
        locations = {page.url for page in indexed_pages(states_site.site) if page.url.startswith("/" + prefix)}
        assert f"/{prefix}jobs/closed/" not in locations and f"/{prefix}jobs/hybrid/" in locations, sorted(locations)


def postings(site: Build, path: str) -> list[dict]:
    return [data for data in structured_data(site.page(path)) if data.get("@type") == "JobPosting"]


def test_a_hybrid_offer_names_its_place_of_work_and_is_not_telecommute(states_site: Build) -> None:
    (posting,) = postings(states_site, "jobs/hybrid/index.html")
    assert "jobLocationType" not in posting
    assert posting["jobLocation"]["address"]["addressLocality"] == "Liège"
    (remote,) = postings(states_site, "jobs/remote/index.html")
    assert remote["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in remote


def test_structured_data_says_the_language_the_description_is_written_in(states_site: Build) -> None:
    (dutch,) = postings(states_site, "nl/jobs/hybrid/index.html")
    assert dutch["inLanguage"] == "en" and "You build pipelines." in dutch["description"]
    (translated,) = postings(states_site, "nl/jobs/remote/index.html")
    assert translated["inLanguage"] == "nl"


def test_an_event_abroad_carries_its_country(states_site: Build) -> None:
    for prefix, name in (("", "United States"), ("fr/", "États-Unis"), ("nl/", "Verenigde Staten")):
        page = states_site.page(prefix + "events/boston/index.html")
        (event,) = [data for data in structured_data(page) if data.get("@type") == "Event"]
        assert event["location"]["address"]["addressCountry"] == "US"
        assert event["location"]["address"]["streetAddress"] == "415 Summer St, Boston"
        assert name in page
        assert event["description"] == "Meet us in Boston."
    # Shown in Brussels time: 9:00 in Boston is 15:00 in Brussels.
    assert "15:00" in states_site.page("events/boston/index.html")
    (entry,) = icalendar.Calendar.from_ical((states_site.site / "fr/events/boston.ics").read_bytes()).walk("VEVENT")
    assert str(entry["location"]) == "FR Convention center, 415 Summer St, Boston, États-Unis"


def test_every_built_file_is_inert(states_site: Build) -> None:
    assert unsafe_outputs(states_site.site) == {}


# -- interface strings are staff's files too ------------------------------------------------


def poison_strings(folder: Path, payload: str) -> None:
    """Every interface string of `folder` followed by `payload` (its {placeholders} kept)."""
    for path in folder.glob("*.yml"):
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, text in table.items():
            table[key] = f"{text} {payload} {' '.join(re.findall(r'{[a-z_]+}', text))}".strip()
        path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")


def test_markup_in_every_interface_string_stays_text(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    poison_strings(root / "i18n", "\"><img src=x onerror=alert('XSS')> [x](javascript:alert(1))")
    result = build(root)
    assert result.returncode == 0, result.output
    assert unsafe_outputs(result.site) == {}
    assert "&lt;img src=x" in result.page("fr/jobs/index.html")  # it got there, as text


def test_a_theme_text_that_html_would_read_as_markup_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    poison_strings(root / "i18n" / "theme", '"><img src=x onerror=alert(1)>')
    result = build(root)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert re.search(
        r"i18n/theme/(fr|nl)\.yml:\d+:\d+: [\w.]+: the theme prints this text into its HTML", result.output
    )


# -- hand-written pages ----------------------------------------------------------------------


def test_a_hand_written_page_cannot_hold_a_script(tmp_path: Path) -> None:
    """docs/ is edited by staff too: what Markdown lets through (raw HTML, attribute lists) is
    taken out of the page, and the build says what and where."""
    root = make_site(tmp_path)
    page = root / "docs" / "agreement.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n<script>alert('XSS')</script>\n\n[Read more](javascript&colon;alert(1))\n\n"
        + 'A paragraph.\n{: onclick="alert(\'XSS\')" }\n\n<iframe src="https://evil.example/"></iframe>\n',
        encoding="utf-8",
    )
    failed = build(root)
    assert failed.returncode != 0 and "Traceback" not in failed.output
    for what in ("<script>", "the attribute onclick of <p>", "<iframe>", "'javascript:alert(1)'"):
        assert re.search(rf"docs/agreement\.md: .*{re.escape(what)}.* is not allowed in a page", failed.output), what
    # What is left on the page (the build above stops before it publishes it):
    import markdown

    converter = markdown.Markdown(extensions=["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"])
    cleaned, removed = sanitise_page(converter.convert(page.read_text(encoding="utf-8")))
    assert len(removed) >= 4 and unsafe_links_in_html(cleaned) == []
    assert "alert(" not in cleaned and "A paragraph." in cleaned and "Read more" in cleaned


def test_each_feed_keeps_its_own_title(states_site: Build) -> None:
    """A feed is titled as the site names it, whatever its entries are called."""
    import feedparser

    for prefix, lang in (("", "en"), ("fr/", "fr"), ("nl/", "nl")):
        table = yaml.safe_load((ROOT / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))
        feed = feedparser.parse((states_site.site / prefix / "jobs" / "feed.xml").read_bytes())
        assert feed.entries and feed.feed.title.replace("\u202f", " ").replace("\u00a0", " ") == table["feed.title"]
        area = feedparser.parse((states_site.site / prefix / "jobs/area/digital-health/feed.xml").read_bytes())
        assert area.feed.title != feed.entries[0].title


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Offre chez {employer.__class__}", "'{employer.__class__}' is not a placeholder"),
        ("Offre chez {employer!r}", "'{employer}' is not a placeholder"),
        ("Offre chez {employer", "a { or } is not closed"),
    ],
)
def test_an_interface_string_holds_plain_placeholders_only(tmp_path: Path, text: str, message: str) -> None:
    from partnersite.checks import check_site

    root = make_site(tmp_path)
    path = root / "i18n" / "fr.yml"
    table = path.read_text(encoding="utf-8")
    line = next(line for line in table.splitlines() if line.startswith("job.description:"))
    path.write_text(table.replace(line, f"job.description: {json.dumps(text)}"), encoding="utf-8")
    problems = check_site(root, LANGUAGES)
    assert any(p.startswith("i18n/fr.yml:") and f"job.description: {message}" in p for p in problems), problems
