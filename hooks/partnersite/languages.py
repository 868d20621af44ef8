"""The site's languages, written in one place: `mkdocs.yml`, under `plugins: - i18n: languages:`.

MkDocs reads them there for the build (hooks/site.py gets them from static-i18n's plugin object,
typed here as `I18nPlugin`, through `i18n_plugin(config)`); the staff
commands (`bin/site check`, `translations`, `schemas`) read the same list with `site_languages`,
without MkDocs. The default language comes first: every text is written in it at least.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, cast

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

CONFIG_FILE = "mkdocs.yml"


class I18nPlugin(Protocol):
    """What the hooks read (and the two attributes they write) of static-i18n's plugin object
    (`mkdocs_static_i18n.plugin.I18n`, which has no type information of its own)."""

    @property
    def all_languages(self) -> list[str]: ...  # every language of mkdocs.yml, default first

    @property
    def build_languages(self) -> list[str]: ...  # those this build writes

    @property
    def default_language(self) -> str: ...

    current_language: str  # the language of the pass running now
    building: bool  # true during the inner passes (see above)
    extra_alternate: list[dict[str, Any]]  # the language selector's entries
    i18n_files_per_language: dict[str, Sequence[File]]  # the pages its sitemap lists, per language


def i18n_plugin(config: MkDocsConfig) -> I18nPlugin:
    """static-i18n's plugin object of this build."""
    return cast(I18nPlugin, config.plugins["i18n"])


class LanguagesError(Exception):
    """mkdocs.yml cannot be read, or names no languages."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as plain data: MkDocs' own tags (`!ENV [SITE_URL, ...]`, `!relative`)
    and Python names (`!!python/name:...`) are read as nothing, the languages need none of them."""


def _ignored(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("!", _ignored)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignored)


def site_languages(root: Path) -> tuple[str, ...]:
    """The languages of the site at `root`, the default first, as its mkdocs.yml lists them."""
    path = root / CONFIG_FILE
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except FileNotFoundError:
        raise LanguagesError(f"{path}: no such file (is {root} the site's folder?)") from None
    except (OSError, yaml.YAMLError) as error:
        raise LanguagesError(f"{path}: cannot be read ({error})") from None
    entries = _i18n_languages(config)
    codes = [entry["locale"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("locale"), str)]
    if not codes or len(codes) != len(entries):
        raise LanguagesError(f"{path}: the i18n plugin's 'languages' should each have a 'locale' (en, fr...)")
    defaults = [entry["locale"] for entry in entries if entry.get("default") is True]
    default = defaults[0] if defaults else codes[0]
    return (default, *(code for code in codes if code != default))


def _i18n_languages(config: Any) -> list[Any]:
    """The `languages` of the i18n plugin in a loaded mkdocs.yml ([] if there are none)."""
    plugins = config.get("plugins") if isinstance(config, dict) else None
    # A list of plugins (`- i18n: {...}`), or a mapping of them (`i18n: {...}`).
    listed = plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []
    for plugin in listed:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            languages = plugin["i18n"].get("languages")
            return languages if isinstance(languages, list) else []
    return []
