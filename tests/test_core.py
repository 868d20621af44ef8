"""Unit tests of the core: loading, formatting, build-date logic, interface strings."""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
from pathlib import Path
from typing import Any

import jinja2
import pytest
from markdown import markdown

from partnersite.catalog import load_catalog
from partnersite.formatting import Formatter
from partnersite.jinja_env import CompiledTemplates
from partnersite.markup import escape_html_text, escape_markdown
from partnersite.strings import StringsError, load_strings
from partnersite.urls import PageLinks, SiteUrls, _relative, language_prefix
from partnersite.views import Views, build_date
from partnersite.when import day_of
from partnersite.yamlfile import LoadError, load_yaml_text
from sitetree import ROOT

# -- loading ---------------------------------------------------------------------------


def test_positions_are_remembered() -> None:
    document = load_yaml_text("a: 1\nb:\n  - x\n  - y\n")
    assert document.value_pos["a"] == (1, 4)
    assert document["b"].item_pos == [(3, 5), (4, 5)]


def test_aliases_are_refused() -> None:
    with pytest.raises(LoadError, match="anchors"):
        load_yaml_text("a: &x [1, 2]\nb: *x\n")


def test_windows_line_ends_and_byte_order_mark_are_accepted(tmp_path: Path) -> None:
    from partnersite.yamlfile import load_yaml_file

    path = tmp_path / "x.yml"
    path.write_bytes(b"\xef\xbb\xbfid: one\r\nname: Two\r\n")
    assert load_yaml_file(path) == {"id": "one", "name": "Two"}


# -- formatting ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["<b>x</b> & y", "*a* _b_ `c` [d](e) # f", "1. not a list", "a | b", "- dash"])
def test_escaped_text_renders_exactly_as_typed(text: str) -> None:
    html = markdown(escape_markdown(text), extensions=["tables"])
    assert html == "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"


def formatter(lang: str) -> Formatter:
    # Formatting only needs the language and the interface strings.
    return Formatter(lang, load_strings(ROOT / "i18n", ("en", "fr", "nl"), "en"))


@pytest.mark.parametrize(
    ("lang", "money", "day"),
    [
        ("en", "€3,400", "14 May 2024"),
        ("fr", "3\u202f400\xa0€", "14 mai 2024"),
        ("nl", "€\xa03.400", "14 mei 2024"),
    ],
)
def test_money_and_dates_follow_the_locale(lang: str, money: str, day: str) -> None:
    assert formatter(lang).money(3400, "EUR") == money
    assert formatter(lang).date(dt.date(2024, 5, 14)) == day


def event(start: object, end: object = None, timezone: str | None = None) -> dict:
    return {"start": start, "end": end, "timezone": timezone}


def test_event_times_are_as_precise_as_the_data() -> None:
    fr = formatter("fr")
    assert fr.when(event(2023)) == "2023"
    assert fr.when(event(dt.date(2024, 5, 14))) == "mardi 14 mai 2024"
    # Times as each language writes them in running text, their parts joined by no-break spaces.
    assert (
        fr.when(event(dt.datetime(2027, 2, 11, 9, 30)))
        == "jeudi 11 février 2027, 9\u00a0h\u00a030 (heure de Bruxelles)"
    )
    assert fr.when(event(dt.datetime(2027, 2, 11, 17, 0))) == "jeudi 11 février 2027, 17\u00a0h (heure de Bruxelles)"
    nl = formatter("nl")
    assert (
        nl.when(event(dt.datetime(2027, 2, 11, 9, 30))) == "donderdag 11 februari 2027, 9.30\u00a0uur (Brusselse tijd)"
    )


def test_event_times_are_shown_in_brussels_time() -> None:
    new_york = event(dt.datetime(2027, 3, 18, 9, 0), dt.datetime(2027, 3, 18, 10, 30), "America/New_York")
    assert formatter("en").span(new_york) == "Thursday, 18 March 2027, 14:00 to 15:30 (Brussels time)"
    two_days = event(dt.date(2027, 5, 3), dt.date(2027, 5, 4))
    assert formatter("nl").span(two_days) == "maandag 3 mei 2027 – dinsdag 4 mei 2027"


def test_an_untranslated_text_is_marked_and_escaped_for_where_it_goes() -> None:
    fr, text = formatter("fr"), {"en": "R&D *first*"}
    assert fr.translated({"en": "x", "fr": "R&D"}) == "R&D"  # escaped later, with the rest of the page
    for escape, shown in ((escape_markdown, "R&amp;D \\*first\\*"), (escape_html_text, "R&amp;D *first*")):
        marked = fr.translated(text, escape)
        assert marked.startswith(f'<span lang="en">{shown}</span> <small class="ps-fallback">('), marked


# -- addresses -------------------------------------------------------------------------


def test_links_say_what_they_are_relative_to() -> None:
    links = PageLinks("jobs/area/x.md")  # built at jobs/area/x/
    assert links.md_link("jobs/index.md") == "../index.md"  # from the source's folder, for MkDocs
    assert links.file_url("jobs/feed.xml") == "../../feed.xml"  # from the built page
    assert links.page_url("jobs/index.md", "apply") == "../../#apply"  # a built page, from the built page
    assert PageLinks("jobs/index.md").page_url("jobs/index.md") == "./"


def test_relative_links_are_those_of_posixpath() -> None:
    """urls._relative compares the parts of two addresses itself (relpath asks the system for
    the current folder): the same answer as relpath for every pair, `..` and `.` included."""
    names = ["jobs", "x", "index.md", ".", ""]
    paths = {
        "/".join(parts) + end for n in range(1, 4) for parts in itertools.product(names, repeat=n) for end in ("", "/")
    }
    paths |= {"../pictures/a.webp", "../../x", "jobs/../members", "./jobs", "/jobs"}
    for target, here in itertools.product(sorted(path for path in paths if path.strip("/")), repeat=2):
        assert _relative(target, here) == posixpath.relpath(target, here), (target, here)


def test_a_language_has_its_own_public_addresses() -> None:
    urls = SiteUrls("https://site.example/partners", language_prefix("fr", "en"))
    assert urls.absolute("jobs/x.md") == "https://site.example/partners/fr/jobs/x/"
    assert urls.absolute("jobs/feed.xml") == "https://site.example/partners/fr/jobs/feed.xml"
    assert urls.home() == "/partners/fr/" and SiteUrls("https://site.example/").home() == "/"


# -- build date ------------------------------------------------------------------------


def test_build_date_comes_from_the_environment() -> None:
    assert build_date({"SITE_BUILD_DATE": "2030-01-02"}) == dt.date(2030, 1, 2)
    assert build_date({}) == dt.date.today()
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        build_date({"SITE_BUILD_DATE": "tomorrow"})


def test_job_is_open_from_posting_through_closing_day() -> None:
    catalog = load_catalog(ROOT / "data", ("en", "fr", "nl"))
    job = {**next(iter(catalog.jobs.values())), "posted": dt.date(2026, 11, 1), "closes": dt.date(2026, 11, 30)}

    def is_open(today: dt.date) -> bool:
        return Views(catalog, today).is_open(job)

    assert not is_open(dt.date(2026, 10, 31))  # not published yet
    assert is_open(dt.date(2026, 11, 1))
    assert is_open(dt.date(2026, 11, 30))  # the closing day is the last day to apply
    assert not is_open(dt.date(2026, 12, 1))


def test_a_year_alone_counts_until_its_end() -> None:
    assert day_of(2023) == dt.date(2023, 12, 31)
    assert day_of(dt.datetime(2027, 2, 11, 9, 30)) == dt.date(2027, 2, 11)


# -- interface strings -----------------------------------------------------------------


def write_tables(folder: Path, tables: dict[str, str]) -> Path:
    folder.mkdir()
    for lang, text in tables.items():
        (folder / f"{lang}.yml").write_text(text, encoding="utf-8")
    return folder


def test_plural_forms_follow_each_language(tmp_path: Path) -> None:
    folder = write_tables(
        tmp_path / "i18n",
        {
            "en": "jobs.one: '{n} job'\njobs.other: '{n} jobs'\n",
            "fr": "jobs.one: '{n} offre'\njobs.other: '{n} offres'\n",
            "nl": "jobs.one: '{n} vacature'\njobs.other: '{n} vacatures'\n",
        },
    )
    strings = load_strings(folder, ("en", "fr", "nl"), "en")
    assert strings.plural("fr", "jobs", 0, n=0) == "0 offre"  # French: zero is singular
    assert strings.plural("nl", "jobs", 0, n=0) == "0 vacatures"
    assert strings.plural("en", "jobs", 1, n=1) == "1 job"


def test_placeholders_must_match_the_default_language(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "i18n", {"en": "a: 'Apply by {date}'\n", "fr": "a: 'Postulez avant {datum}'\n"})
    with pytest.raises(StringsError, match=r"i18n/fr.yml:1:1: a: placeholders differ"):
        load_strings(folder, ("en", "fr"), "en")


def test_missing_strings_are_listed_per_language(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "i18n", {"en": "a: A\nb: B\n", "fr": "a: A\n"})
    strings = load_strings(folder, ("en", "fr"), "en")
    assert strings.missing == {"fr": ["b"]}
    assert strings.get("fr", "b") == "B"  # the default language's text meanwhile


# -- compiled templates --------------------------------------------------------------------


class CountingEnvironment(jinja2.Environment):
    """An environment that counts the templates it compiles."""

    compiled = 0

    def compile(self, *args: Any, **kwargs: Any) -> Any:
        self.compiled += 1
        return super().compile(*args, **kwargs)


def templates_in(folder: Path, cache: CompiledTemplates, **options: Any) -> CountingEnvironment:
    return CountingEnvironment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache, **options)


def test_compiled_templates_are_kept_between_runs_and_compiled_again_once_edited(tmp_path: Path) -> None:
    sources, folder = tmp_path / "templates", tmp_path / "cache"
    sources.mkdir()
    (sources / "page.j2").write_text("Hello {{ name }}", encoding="utf-8")
    first = CompiledTemplates()
    first.use_folder(folder)
    assert templates_in(sources, first).get_template("page.j2").render(name="x") == "Hello x"
    again = CompiledTemplates()  # another process, or the next run
    again.use_folder(folder)
    env = templates_in(sources, again)
    assert env.get_template("page.j2").render(name="x") == "Hello x"
    assert env.compiled == 0
    (sources / "page.j2").write_text("Bye {{ name }}", encoding="utf-8")
    env = templates_in(sources, again)
    assert env.get_template("page.j2").render(name="x") == "Bye x"
    assert env.compiled == 1


def test_environments_that_compile_differently_do_not_share_compiled_templates(tmp_path: Path) -> None:
    sources = tmp_path / "templates"
    sources.mkdir()
    (sources / "list.j2").write_text("{% for i in items %}\n{{ i|shown }}\n{% endfor %}\n", encoding="utf-8")
    cache = CompiledTemplates()
    cache.use_folder(tmp_path / "cache")
    plain = templates_in(sources, cache)
    plain.filters["shown"] = str
    trimmed = templates_in(sources, cache, trim_blocks=True)
    trimmed.filters["shown"] = str
    given_context = templates_in(sources, cache)
    given_context.filters["shown"] = jinja2.pass_context(lambda context, value: f"{value}{context['mark']}")
    assert plain.get_template("list.j2").render(items=[1, 2]) == "\n1\n\n2\n"
    assert trimmed.get_template("list.j2").render(items=[1, 2]) == "1\n2\n"
    assert given_context.get_template("list.j2").render(items=[1], mark="!") == "\n1!\n"


def test_compiled_templates_of_other_code_versions_are_removed(tmp_path: Path) -> None:
    (tmp_path / "cache" / "0123456789abcdef").mkdir(parents=True)
    cache = CompiledTemplates()
    cache.use_folder(tmp_path / "cache")
    assert cache.folder is not None
    assert [path.name for path in (tmp_path / "cache").iterdir()] == [cache.folder.name]
