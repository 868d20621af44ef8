"""The language list is written once, in mkdocs.yml; the staff commands read it there."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

from partnersite.languages import LanguagesError, site_languages
from sitetree import ROOT

CONFIG = """\
site_name: x
site_url: !ENV [SITE_URL, "https://x.example/"]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - i18n:
      build_only_locale: !ENV [SITE_PREVIEW_LANGUAGE, null]
      languages:
        - locale: fr
          name: Français
        - locale: de
          default: true
          name: Deutsch
"""


def test_the_languages_are_mkdocs_own() -> None:
    """As the i18n plugin reads mkdocs.yml: the same languages, the default one first."""
    i18n = load_config(str(ROOT / "mkdocs.yml")).plugins["i18n"]
    languages = site_languages(ROOT)
    assert languages == ("en", "fr", "nl")
    assert languages[0] == i18n.default_language and set(languages) == set(i18n.all_languages)


def test_the_default_comes_first_and_mkdocs_tags_are_read_as_nothing(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    assert site_languages(tmp_path) == ("de", "fr")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (None, "no such file"),
        ("site_name: x\nplugins: [search]\n", "should each have a 'locale'"),
        ("site_name: x\nplugins:\n  - i18n:\n      languages: [en]\n", "should each have a 'locale'"),
        ("site_name: [x\n", "cannot be read"),
    ],
)
def test_a_config_without_languages_is_reported(tmp_path: Path, config: str | None, message: str) -> None:
    if config is not None:
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.raises(LanguagesError, match=message):
        site_languages(tmp_path)


def test_bin_site_uses_the_languages_of_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "partnersite", "--root", str(tmp_path), "schemas"],
        env={"PYTHONPATH": str(ROOT / "hooks")},
        check=True,
        capture_output=True,
    )
    areas = json.loads((tmp_path / "schemas" / "areas.schema.json").read_text(encoding="utf-8"))
    description = areas["properties"]["areas"]["items"]["properties"]["description"]
    assert list(description["properties"]) == ["de", "fr"] and description["required"] == ["de", "fr"]
    assert "written as de: ..., fr: ..." in description["description"]
