"""No English on a French or Dutch page: the theme's own texts, the Markdown extensions' texts,
and each page's description, in the page's language.

The list of texts to look for is Material's English language file and the extensions' English
defaults (not a hand-made list), so that a text Material adds in a new version is caught.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import material
import pytest
import yaml
from bs4 import BeautifulSoup
from markdown.extensions.toc import TocExtension

from partnersite.themetexts import missing
from partnersite.typography import typeset
from sitetree import ROOT, Build, build, make_site

LANGUAGE_FILES = Path(material.__file__).parent / "templates" / "partials" / "languages"
# Keys of Material's table that are settings, not texts people read or hear.
SETTINGS = {"language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator"}
# English texts that are also the right word in the language, and why.
ALSO_RIGHT = {
    "fr": {
        "Navigation": "the French word for it too (nav)",
        "Source": "the French word for it too (meta.source)",
    },
    "nl": {
        "in": "the Dutch preposition too (blog.categories.in)",
    },
}
READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "label")


def english_theme_texts() -> set[str]:
    source = (LANGUAGE_FILES / "en.html").read_text(encoding="utf-8")
    table = ast.literal_eval(re.search(r"\{\{\s*(\{.*\})\s*\[key\]", source, re.DOTALL).group(1))
    texts = {text for key, text in table.items() if key not in SETTINGS}
    texts.add(TocExtension().getConfig("permalink_title"))  # "Permanent link"
    return texts


def shown(page: BeautifulSoup) -> list[str]:
    """Every text and readable attribute of a page, and the theme's texts for its scripts."""
    for element in page(["style"]):
        element.decompose()
    texts = [" ".join(node.split()) for node in page.find_all(string=True) if node.parent.name != "script"]
    for element in page.find_all(True):
        texts += [value for name, value in element.attrs.items() if name in READ_ATTRIBUTES]
    config = page.find("script", id="__config")
    if config:
        texts += json.loads(config.string)["translations"].values()
    return [text for text in texts if text]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_no_theme_or_extension_text_in_english_on_french_and_dutch_pages(shipped_site: Build, lang: str) -> None:
    english = english_theme_texts() - set(ALSO_RIGHT[lang])
    assert {"Header", "Footer", "Tabs", "Permanent link", "Type to start searching"} <= english
    phrases = {text for text in english if " " in text}  # found inside a longer text too
    pages = sorted((shipped_site.site / lang).rglob("*.html"))
    assert len(pages) > 30
    found = []
    for path in pages:
        for text in shown(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")):
            if text in english or any(phrase in text for phrase in phrases):
                found.append(f"{path.relative_to(shipped_site.site)}: {text!r}")
    assert found == []


def test_the_english_site_still_shows_the_themes_english(shipped_site: Build) -> None:
    """The check above would see these texts if they were there: they are, in English."""
    texts = shown(BeautifulSoup(shipped_site.page("agreement/index.html"), "html.parser"))
    assert {"Header", "Permanent link", "Type to start searching"} <= set(texts)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_every_theme_text_has_a_translation(lang: str) -> None:
    ours = yaml.safe_load((ROOT / "i18n" / "theme" / f"{lang}.yml").read_text(encoding="utf-8"))
    assert missing(lang, ours) == []
    assert "toc.permalink_title" in missing(lang, {})  # without our table, some would stay English


def test_a_theme_text_left_in_english_fails_the_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    table = root / "i18n" / "theme" / "nl.yml"
    table.write_text(
        "".join(line for line in table.read_text(encoding="utf-8").splitlines(True) if not line.startswith("tabs:")),
        encoding="utf-8",
    )
    result = build(root)
    assert result.returncode != 0
    assert "i18n/theme/nl.yml: the theme text 'tabs' would show in English" in result.output


# -- descriptions: in the page's language, about the page --------------------------------
def description(site: Build, path: str) -> str:
    return BeautifulSoup(site.page(path), "html.parser").find("meta", attrs={"name": "description"})["content"]


@pytest.mark.parametrize("prefix", ["fr/", "nl/"])
def test_each_page_is_described_in_its_own_language(shipped_site: Build, prefix: str) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    site_description = re.search(r"^site_description: (.*)$", config, re.MULTILINE).group(1)
    same = []
    for path in sorted((shipped_site.site / prefix).rglob("*.html")):
        relative = path.relative_to(shipped_site.site / prefix).as_posix()
        english = description(shipped_site, relative)
        own = description(shipped_site, prefix + relative)
        assert own and own != site_description, relative
        if own == english:
            same.append(relative)
    assert same == []


def test_a_project_page_describes_its_project(shipped_site: Build) -> None:
    for path in sorted((ROOT / "data" / "projects").glob("*.yml")):
        project = yaml.safe_load(path.read_text(encoding="utf-8"))
        for lang, prefix in (("en", ""), ("fr", "fr/"), ("nl", "nl/")):
            text = description(shipped_site, f"{prefix}projects/{project['id']}/index.html")
            summary = " ".join(project["summary"][lang].split())
            assert text == (typeset(summary) if lang == "fr" else summary)


# -- the light / dark / automatic toggle: its names are theme texts too ---------------------
def palette_names(page: BeautifulSoup) -> list[str]:
    form = page.find("form", attrs={"data-md-component": "palette"})
    labels = [label["title"] for label in form.find_all("label")]
    inputs = [field["aria-label"] for field in form.find_all("input", attrs={"aria-label": True})]
    assert labels == inputs and len(labels) == 3  # automatic, light, dark
    return labels


@pytest.mark.parametrize("path", ["index.html", "jobs/example-medical-physicist/index.html", "404.html"])
def test_the_colour_scheme_toggle_speaks_the_page_s_language(shipped_site: Build, path: str) -> None:
    names = {
        lang: palette_names(BeautifulSoup(shipped_site.page(prefix + path), "html.parser"))
        for lang, prefix in (("en", ""), ("fr", "fr/"), ("nl", "nl/"))
    }
    assert "Switch to dark mode" in names["en"]  # the English names, as Material writes them
    for lang in ("fr", "nl"):
        assert len(set(names[lang])) == 3
        assert not set(names[lang]) & set(names["en"]), names[lang]
    assert "Passer au thème sombre" in names["fr"]


def test_a_palette_name_left_untranslated_fails_the_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    table = root / "i18n" / "theme" / "fr.yml"
    kept = [line for line in table.read_text(encoding="utf-8").splitlines(True) if "switch_to_dark" not in line]
    table.write_text("".join(kept), encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "i18n/theme/fr.yml: the theme text 'palette.switch_to_dark' would show in English" in result.output
