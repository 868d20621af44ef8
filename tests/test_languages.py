"""Three languages done properly: hreflang, sitemap, 404s, search indexes, fallbacks, coverage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import soup
from partnersite.catalog import DataError, load_catalog
from sitetree import MINIMAL_DATA, ROOT, Build, build, data_tree, make_site

LANGS = {"en": "", "fr": "fr/", "nl": "nl/"}
SITE_URL = "https://site.example/"
JOB = "jobs/data-engineer.yml"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_absolute_hreflang_links_and_a_canonical(minimal_site: Build, lang: str) -> None:
    for path in ("jobs/data-engineer/", "agreement/", ""):
        page = soup(minimal_site, LANGS[lang] + path + "index.html")
        links = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
        assert links == {
            **{code: SITE_URL + prefix + path for code, prefix in LANGS.items()},
            "x-default": SITE_URL + path,
        }
        assert page.find("link", rel="canonical")["href"] == SITE_URL + LANGS[lang] + path


def test_sitemap_lists_every_page_with_its_alternates(minimal_site: Build) -> None:
    """Every page, except those that ask search engines not to index them (fictional examples)."""
    sitemap = minimal_site.page("sitemap.xml")
    pages, unlisted = [], []
    for path in minimal_site.site.rglob("index.html"):
        page = path.relative_to(minimal_site.site).parent.as_posix()
        robots = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("meta", attrs={"name": "robots"})
        (unlisted if robots and "noindex" in robots["content"] else pages).append(page)
    assert "members/alpha" in unlisted  # an example record
    for page in pages:
        address = SITE_URL + ("" if page == "." else page + "/")
        assert f"<loc>{address}</loc>" in sitemap, address
    assert sitemap.count("<url>") == len(pages)


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_404_page(minimal_site: Build, lang: str) -> None:
    strings = {key: value for key, value in _ui(lang).items() if key.startswith("notfound.")}
    page = soup(minimal_site, LANGS[lang] + "404.html")
    assert page.html["lang"] == lang
    assert page.h1.get_text() == strings["notfound.title"]
    home = page.find("a", string=strings["notfound.home"])
    assert home["href"] == "/" + LANGS[lang]
    # Served at any missing address: every asset link is absolute.
    assert all(link["href"].startswith(("/", "https:")) for link in page.find_all("link", rel="stylesheet"))


def _ui(lang: str) -> dict[str, str]:
    import yaml

    return yaml.safe_load((ROOT / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))


FALLBACK = {
    JOB: MINIMAL_DATA[JOB].replace(
        'description: {en: "You build pipelines.", fr: "FR You build pipelines.", nl: "NL You build pipelines."}',
        'description: {en: "You build *data* pipelines.", fr: "Vous construisez des pipelines."}',
    ),
    "members/beta.yml": MINIMAL_DATA["members/beta.yml"].split("description:")[0]
    + 'description: {en: "A hospital in Ghent."}\n',
}


@pytest.fixture(scope="module")
def fallback_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    assert FALLBACK[JOB] != MINIMAL_DATA[JOB]
    result = build(make_site(tmp_path_factory.mktemp("fallback"), FALLBACK))
    assert result.returncode == 0, result.output
    return result


def test_missing_optional_translation_shows_the_default_text_marked_and_in_its_language(fallback_site: Build) -> None:
    job = soup(fallback_site, "nl/jobs/data-engineer/index.html")
    fallback = job.select_one("article div[lang=en]")
    assert " ".join(fallback.get_text().split()) == "You build data pipelines." and fallback.find("em")
    assert (
        job.select_one("p.ps-fallback").get_text() == "Nog niet beschikbaar in het Nederlands: getoond in het Engels."
    )
    french = soup(fallback_site, "fr/jobs/data-engineer/index.html")
    assert not french.select(".ps-fallback") and "Vous construisez des pipelines." in french.get_text()
    member = soup(fallback_site, "fr/members/beta/index.html")
    span = member.select_one("article span[lang=en]")
    assert span.get_text() == "A hospital in Ghent."
    assert (
        "Pas encore disponible en français\u00a0: affiché en anglais."  # French typography
        in member.select_one("article small.ps-fallback").get_text()
    )
    assert member.find("meta", attrs={"name": "description"})["content"] == "A hospital in Ghent."


def test_only_fields_marked_optional_may_lack_a_translation(tmp_path: Path) -> None:
    no_english = FALLBACK["members/beta.yml"].replace('{en: "A hospital in Ghent."}', '{fr: "Un hôpital."}')
    untranslated_title = MINIMAL_DATA[JOB].replace(', nl: "Data-ingenieur"', "")
    with pytest.raises(DataError) as caught:
        load_catalog(data_tree(tmp_path, {"members/beta.yml": no_english, JOB: untranslated_title}), ("en", "fr", "nl"))
    messages = [str(problem) for problem in caught.value.problems]
    assert any("members/beta.yml" in m and "description.en: missing the 'en' translation" in m for m in messages)
    assert any("jobs/data-engineer.yml" in m and "title.nl: missing the 'nl' translation" in m for m in messages)
    assert len(messages) == 2


def test_translation_coverage_report(tmp_path: Path) -> None:
    root = make_site(tmp_path, FALLBACK)
    table = root / "i18n" / "fr.yml"
    table.write_text(
        "\n".join(line for line in table.read_text(encoding="utf-8").splitlines() if not line.startswith("job.apply:"))
        + "\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "partnersite", "--root", str(root), "translations"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "hooks")},
        check=True,
    )
    assert result.stdout.strip() == "\n".join(
        [
            "Translation coverage",
            "",
            "fr: 2 texts to translate",
            "  interface strings (1):",
            "    i18n/fr.yml: job.apply (as in i18n/en.yml)",
            "  members (1):",
            "    data/members/beta.yml: description",
            "",
            "nl: 2 texts to translate",
            "  jobs (1):",
            "    data/jobs/data-engineer.yml: description",
            "  members (1):",
            "    data/members/beta.yml: description",
        ]
    )
