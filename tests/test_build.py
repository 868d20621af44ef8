"""Full strict builds, asserting on the HTML that comes out in each language."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import soup
from pagefindindex import index_contents, without_bundle
from sitetree import MINIMAL_DATA, PAYLOAD, ROOT, Build, build, make_site

LANGS = {"en": "", "fr": "fr/", "nl": "nl/"}
SITE_URL = "https://site.example/"


def ui(lang: str, key: str) -> str:
    return yaml.safe_load((ROOT / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))[key]


def switcher(page: BeautifulSoup, page_path: str) -> dict[str, str]:
    """Where Material's language switcher sends the reader, as site paths."""
    links = page.select(".md-select__inner a[hreflang]")
    return {a["hreflang"]: urljoin(SITE_URL + page_path, a["href"]).removeprefix(SITE_URL) for a in links}


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_home_with_the_right_lang(shipped_site: Build, lang: str) -> None:
    page = soup(shipped_site, LANGS[lang] + "index.html")
    assert page.html["lang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_generated_index_pages_are_titled_in_their_language(shipped_site: Build, lang: str) -> None:
    for key, path in (
        ("jobs.title", "jobs/index.html"),
        ("members.title", "members/index.html"),
        ("events.title", "events/index.html"),
    ):
        page = soup(shipped_site, LANGS[lang] + path)
        assert page.h1.get_text(strip=True).startswith(ui(lang, key)), (lang, path)
        assert page.title.get_text().startswith(ui(lang, key))


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_leads_to_the_same_generated_page(shipped_site: Build, lang: str) -> None:
    path = LANGS[lang] + "members/example-sambrecell/"
    links = switcher(soup(shipped_site, path + "index.html"), path)
    assert links == {other: prefix + "members/example-sambrecell/" for other, prefix in LANGS.items()}


def test_language_switcher_on_hand_written_pages(shipped_site: Build) -> None:
    links = switcher(soup(shipped_site, "nl/agreement/index.html"), "nl/agreement/")
    assert links == {"en": "agreement/", "fr": "fr/agreement/", "nl": "nl/agreement/"}


def test_every_record_has_a_page_in_every_language(shipped_site: Build) -> None:
    for folder in ("members", "projects", "events", "jobs", "news"):
        for source in (ROOT / "data" / folder).glob("*.yml"):
            record_id = yaml.safe_load(source.read_text(encoding="utf-8"))["id"]
            for prefix in LANGS.values():
                assert (shipped_site.site / prefix / folder / record_id / "index.html").is_file(), (
                    prefix,
                    folder,
                    record_id,
                )


@pytest.mark.parametrize("lang", LANGS)
def test_strategy_lists_the_four_areas_and_both_projects(shipped_site: Build, lang: str) -> None:
    strategy = yaml.safe_load((ROOT / "data" / "strategy.yml").read_text(encoding="utf-8"))
    areas = yaml.safe_load((ROOT / "data" / "areas.yml").read_text(encoding="utf-8"))["areas"]
    # French pages are typeset (no-break spaces before ; : ! ?): whitespace is compared normalised.
    text = " ".join(soup(shipped_site, LANGS[lang] + "strategy/index.html").get_text(" ", strip=True).split())

    def normalised(value: str) -> str:
        return " ".join(value.split())

    for area in areas:
        assert normalised(area["name"][lang]) in text
    for project in strategy["projects"]:
        for action in project["actions"]:
            assert normalised(action[lang]) in text
    for activity in strategy["activities"]:
        assert normalised(activity[lang]) in text


@pytest.mark.parametrize(("lang", "expected"), [("en", "18,500"), ("fr", "18\u202f500"), ("nl", "18.500")])
def test_key_figures_come_from_data_in_the_locale_format(minimal_site: Build, lang: str, expected: str) -> None:
    home = soup(minimal_site, LANGS[lang] + "index.html")
    figures = [li.get_text(" ", strip=True) for li in home.select(".ps-figures li")]
    assert f"{expected} {ui(lang, 'figure.employees')}" in figures


@pytest.mark.parametrize("lang", LANGS)
def test_announcement_date_is_written_in_each_language(minimal_site: Build, lang: str) -> None:
    # The sources give the day the partnership was announced, and where the release came from.
    expected = {
        "en": "The partnership was announced on 14 May 2024 in a joint press release issued from Namur.",
        "fr": "Le partenariat a été annoncé le 14 mai 2024 dans un communiqué de presse commun publié à Namur.",
        "nl": "Het partnerschap werd op 14 mei 2024 aangekondigd in een gezamenlijk persbericht, "
        "verspreid vanuit Namen.",
    }[lang]
    for page in ("index.html", "agreement/index.html"):
        lead = soup(minimal_site, LANGS[lang] + page).select_one(".ps-lead")
        assert " ".join(lead.get_text().split()) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_figures_counted_among_the_members_say_so(shipped_site: Build, lang: str) -> None:
    # "260 members, including 140 companies...": the sub-counts must not read as separate totals.
    clusters = yaml.safe_load((ROOT / "data" / "clusters.yml").read_text(encoding="utf-8"))["clusters"]
    kinds = [figure["kind"] for cluster in clusters for figure in cluster["figures"]]
    home = soup(shipped_site, LANGS[lang] + "index.html")
    tiles = [" ".join(li.get_text(" ", strip=True).split()) for li in home.select(".ps-figures li")]
    assert len(tiles) == len(kinds)
    for kind, tile in zip(kinds, tiles, strict=True):
        among_members = kind in ("companies", "academic_institutions", "research_centres", "hospitals")
        assert tile.startswith(ui(lang, "figure.of_which") + " ") == among_members, tile


@pytest.mark.parametrize(("lang", "words"), [("fr", ("transfrontali",)), ("nl", ("grensoverschrijd",))])
def test_the_walloon_flemish_collaboration_is_not_called_cross_border(
    shipped_site: Build, lang: str, words: tuple[str, ...]
) -> None:
    # Between Wallonia and Flanders, Belgian French and Dutch say interrégional / interregionaal:
    # "cross-border" words mean crossing a state border.
    for path in sorted((shipped_site.site / lang).rglob("*")):
        if path.suffix in (".html", ".xml", ".ics"):
            text = path.read_text(encoding="utf-8").lower()
            assert not any(word in text for word in words), path


@pytest.mark.parametrize("lang", LANGS)
def test_job_is_listed_on_its_area_page(minimal_site: Build, lang: str) -> None:
    page = soup(minimal_site, LANGS[lang] + "areas/digital-health/index.html")
    links = [a["href"] for a in page.select("#jobs ~ table a")]
    assert "../../jobs/data-engineer/" in links
    title = {"en": "Data engineer", "fr": "Ingénieur de données", "nl": "Data-ingenieur"}[lang]
    assert title in page.get_text()


def test_closed_job_leaves_listings_but_keeps_its_page(tmp_path: Path) -> None:
    after_closing = build(make_site(tmp_path), build_date="2027-01-01")
    assert after_closing.returncode == 0, after_closing.output
    for prefix in LANGS.values():
        job = soup(after_closing, prefix + "jobs/data-engineer/index.html")
        assert job.find("meta", attrs={"name": "robots", "content": "noindex"})
        assert not job.select("a.md-button--primary")  # no Apply button
        for listing in ("jobs/index.html", "areas/digital-health/index.html", "members/alpha/index.html"):
            assert "data-engineer/" not in after_closing.page(prefix + listing), (prefix, listing)


def test_open_job_has_no_noindex_and_an_apply_button(minimal_site: Build) -> None:
    job = soup(minimal_site, "fr/jobs/data-engineer/index.html")
    assert not job.find("meta", attrs={"name": "robots"})
    (button,) = job.select("a.md-button--primary")
    assert button["href"] == "https://alpha.example/jobs" and button.get_text() == ui("fr", "job.apply")


@pytest.mark.parametrize("lang", LANGS)
def test_text_from_data_is_escaped_never_markup(minimal_site: Build, lang: str) -> None:
    page = soup(minimal_site, LANGS[lang] + "members/beta/index.html")
    assert not [script for script in page.find_all("script") if "alert(1)" in script.get_text()]
    content = page.select_one(".md-content")
    assert PAYLOAD.removeprefix("A fictional hospital ") in content.get_text()  # shown as typed
    assert not content.find("em", string="not bold") and not content.find("a", href="x.md")
    assert page.find("meta", attrs={"name": "description"})["content"].endswith(PAYLOAD)


def test_example_records_are_labelled(minimal_site: Build) -> None:
    alpha = soup(minimal_site, "nl/members/alpha/index.html")
    assert alpha.select_one("h1 .ps-badge").get_text() == ui("nl", "example.badge")
    assert ui("nl", "example.title") in alpha.select_one(".admonition.example").get_text()
    beta = soup(minimal_site, "nl/members/beta/index.html")
    assert not beta.select(".ps-badge")


def test_sitemap_lists_generated_pages_with_alternates(minimal_site: Build) -> None:
    sitemap = minimal_site.page("sitemap.xml")
    for prefix in LANGS.values():
        assert f"<loc>{SITE_URL}{prefix}jobs/data-engineer/</loc>" in sitemap
        assert f'href="{SITE_URL}{prefix}jobs/data-engineer/"' in sitemap


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    """The escape route: ProperDocs 1.6.7, the maintained fork of MkDocs 1.6, builds the same
    files from the same project (only the generator line differs)."""
    root = make_site(tmp_path, real_data=True)
    mkdocs, properdocs = build(root, out="mkdocs"), build(root, out="properdocs", tool="properdocs")
    assert mkdocs.returncode == 0 and properdocs.returncode == 0, mkdocs.output + properdocs.output

    def files(site: Path) -> dict[str, bytes]:
        generator = re.compile(rb'<meta name="generator" content="[^"]*">')
        return {str(p.relative_to(site)): generator.sub(b"", p.read_bytes()) for p in site.rglob("*") if p.is_file()}

    # Pagefind's bundle is compared by what it holds (pagefindindex.index_contents).
    ours, theirs = files(mkdocs.site), files(properdocs.site)
    assert any(name.startswith("pagefind/") for name in ours)
    ours, theirs = without_bundle(ours), without_bundle(theirs)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name] and not name.endswith(".gz")] == []
    assert b"ProperDocs" in (properdocs.site / "index.html").read_bytes()
    assert index_contents(mkdocs.site) == index_contents(properdocs.site) != set()


def test_the_sitemap_lists_every_indexable_page_of_every_language_once(tmp_path: Path) -> None:
    """One sitemap of every page of every language, each once, except the pages that ask search
    engines not to index them (closed offers, fictional examples)."""
    result = build(make_site(tmp_path, real_data=True))
    assert result.returncode == 0, result.output
    site = {str(p.relative_to(result.site)): p.read_bytes() for p in result.site.rglob("*") if p.is_file()}
    listed = re.findall(r"<loc>https://site\.example/(.*?)</loc>", site["sitemap.xml"].decode())
    pages, unlisted = [], []
    for name in site:
        if name.endswith("index.html"):
            robots = BeautifulSoup(site[name], "html.parser").find("meta", attrs={"name": "robots"})
            (unlisted if robots and "noindex" in robots["content"] else pages).append(name.removesuffix("index.html"))
    assert sorted(listed) == sorted(pages) and {"", "fr/", "nl/"} <= set(listed)
    assert len(listed) == len(set(listed))
    assert {"jobs/example-medical-physicist/", "fr/members/example-sambrecell/"} <= set(unlisted)
    assert gzip.decompress(site["sitemap.xml.gz"]) == site["sitemap.xml"]


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_page_offers_each_language_home(shipped_site: Build, lang: str) -> None:
    page = soup(shipped_site, LANGS[lang] + "404.html")
    homes = [a["href"] for a in page.select(".md-select__inner a[hreflang]")]
    assert homes == ["/", "/fr/", "/nl/"]


def test_bad_data_fails_the_build_with_the_message_and_no_traceback(tmp_path: Path) -> None:
    broken = MINIMAL_DATA["jobs/data-engineer.yml"].replace("contract: permanent", "contrat: permanent")
    result = build(make_site(tmp_path, {"jobs/data-engineer.yml": broken}))
    assert result.returncode != 0
    assert (
        "data/jobs/data-engineer.yml:6:1: contrat: unknown field 'contrat'; did you mean 'contract'?" in result.output
    )
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()  # nothing was written


def test_unknown_data_block_in_a_page_fails_the_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    page = root / "docs" / "agreement.fr.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- data: key-figure -->\n", encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "docs/agreement.fr.md:" in result.output and "unknown data block 'key-figure'" in result.output


def test_missing_interface_string_fails_a_strict_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    table = root / "i18n" / "nl.yml"
    lines = table.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join(line for line in lines if not line.startswith("job.apply:")) + "\n", encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "i18n/nl.yml is missing 1 interface string(s): job.apply" in result.output


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_no_english_interface_text_on_french_and_dutch_pages(shipped_site: Build, lang: str) -> None:
    english = yaml.safe_load((ROOT / "i18n" / "en.yml").read_text(encoding="utf-8"))
    translated = yaml.safe_load((ROOT / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))
    # Whole English sentences and labels (without placeholders) that the language translates.
    sentences = [
        text for key, text in english.items() if "{" not in text and len(text) > 12 and translated[key] != text
    ]
    sentences.append("Made with")
    found = []
    for path in sorted((shipped_site.site / lang).rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in page(["script", "style"]):
            element.decompose()
        text = " ".join(page.get_text(" ").split())
        found += [f"{path.relative_to(shipped_site.site)}: {s}" for s in sentences if s in text]
    assert found == []


def test_fact_lists_pair_each_label_with_its_value(shipped_site: Build, minimal_site: Build) -> None:
    for path in sorted(shipped_site.site.rglob("index.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for facts in page.select(".ps-facts dl"):
            terms, values = facts.find_all("dt"), facts.find_all("dd")
            assert len(terms) == len(values) and not facts.find("strong"), path
    event = soup(minimal_site, "fr/events/summit/index.html")
    labels = [dt.get_text(strip=True) for dt in event.select(".ps-facts dt")]
    assert labels == [ui("fr", key) for key in ("event.when", "event.where", "event.organisers", "event.status")]
    assert [dd.get_text(strip=True) for dd in event.select(".ps-facts dd")][:2] == ["2023", "Bruges"]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("members/", "members/"),
        ("jobs/", "jobs/"),
        ("members/example-leie-digital-care/", None),
        ("members/example-hainaut-protonics/", None),
        ("jobs/example-medical-physicist/", None),
        ("jobs/area/digital-health/", None),
        ("events/example-atmp-talent-day/", None),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_tabs_and_drawer_mark_the_current_section_and_link_from_the_page(
    shipped_site: Build, lang: str, path: str, current: str | None
) -> None:
    """The tabs and the drawer of pages outside the navigation are rendered once per folder
    (overrides/partials/nav.html, tabs.html): nothing in them is current, and their relative
    links lead, from each page, to the sections."""
    page = soup(shipped_site, LANGS[lang] + path + "index.html")
    base = SITE_URL + LANGS[lang] + path

    def site_path(link: BeautifulSoup) -> str:
        return urljoin(base, link["href"]).removeprefix(SITE_URL + LANGS[lang])

    tabs = [site_path(a) for a in page.select(".md-tabs__item--active a")]
    drawer = [site_path(a) for a in page.select(".md-nav--primary a.md-nav__link--active")]
    assert tabs == drawer == ([current] if current else [])
    sections = {site_path(a) for a in page.select(".md-tabs__link")}
    assert {"", "members/", "jobs/", "events/"} <= sections
    drawn = {site_path(a) for a in page.select(".md-nav--primary a.md-nav__link") if "#" not in a["href"]}
    assert sections == drawn  # (the current page's drawer entry also lists its headings)
