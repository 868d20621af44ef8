"""The texts the theme and the Markdown extensions print, in every language of the site.

Material's language files (`material/templates/partials/languages/<lang>.html`) leave some
texts in English in French or Dutch ("Header", "Footer", "Tabs" in Dutch) or get them wrong,
and the Markdown extensions have English defaults that static-i18n does not translate (the
`toc` extension's "Permanent link" on every heading anchor). Our own texts, in
`i18n/theme/<lang>.yml`, come first; then Material's for the language. The list of what must
be translated is Material's English file and the extensions' text options, so that a text
Material adds in a new version is noticed (`missing`).
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path
from typing import Any

import material as material_package

from .schema import LINE_LIMIT, text_problem
from .yamlfile import LoadError, Mapping, load_yaml_file

LANGUAGE_FILES = Path(material_package.__file__).parent / "templates" / "partials" / "languages"

# Keys of Material's language files that are settings, not texts people read.
SETTINGS = ("language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator")

# Markdown extensions' options that are texts shown to readers, as "extension.option" keys of
# the theme text tables, with the extension's English default.
EXTENSION_TEXTS = {"toc.permalink_title": ("toc", "permalink_title")}

# The palette toggles' names (mkdocs.yml `theme.palette`: Material prints each toggle's `name`
# as its label and tooltip). The toggle of one palette entry switches to the next one, so its
# text is named by the scheme it switches to (see `palette_mode`); English as Material's
# documentation writes it.
PALETTE_TEXTS = {
    "palette.switch_to_light": "Switch to light mode",
    "palette.switch_to_dark": "Switch to dark mode",
    "palette.switch_to_automatic": "Switch to system preference",
}

_TABLE = re.compile(r"\{\{\s*(\{.*\})\s*\[key\]\s*\}\}", re.DOTALL)


class ThemeTextsError(ValueError):
    """A theme text table cannot be read."""


@functools.cache
def material_texts(lang: str) -> dict[str, str]:
    """Material's texts for `lang` (empty if Material has no file for it)."""
    path = LANGUAGE_FILES / f"{lang}.html"
    if not path.is_file():
        return {}
    match = _TABLE.search(path.read_text(encoding="utf-8"))
    if match is None:
        raise ThemeTextsError(f"{path}: not the language table Material's files hold")
    table: dict[str, str] = ast.literal_eval(match.group(1))
    return table


@functools.cache
def extension_defaults() -> dict[str, str]:
    """The English defaults of the extensions' text options ("Permanent link")."""
    import markdown

    defaults = {}
    for key, (extension, option) in EXTENSION_TEXTS.items():
        instance = markdown.Markdown(extensions=[extension]).registeredExtensions[0]
        defaults[key] = instance.getConfig(option)
    return defaults


def english_texts() -> dict[str, str]:
    """Every text the theme and the extensions print, in English: the list to translate."""
    texts = {key: text for key, text in material_texts("en").items() if key not in SETTINGS}
    return {**texts, **extension_defaults(), **PALETTE_TEXTS}


def load_theme_texts(folder: Path, languages: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Our texts per language (`folder/<lang>.yml`, key: text); a language may have none."""
    tables: dict[str, dict[str, str]] = {}
    for lang in languages:
        path = folder / f"{lang}.yml"
        if not path.is_file():
            tables[lang] = {}
            continue
        try:
            document = load_yaml_file(path)
        except LoadError as error:
            raise ThemeTextsError(f"i18n/theme/{path.name}:{error.line}:{error.column}: {error.message}") from None
        if not isinstance(document, Mapping) or not all(isinstance(text, str) for text in document.values()):
            raise ThemeTextsError(f"i18n/theme/{path.name}: expected key: text lines")
        known = english_texts()
        unknown = sorted(set(document) - set(known))
        if unknown:
            raise ThemeTextsError(f"i18n/theme/{path.name}: unknown keys {', '.join(unknown)} (not theme texts)")
        for key, text in document.items():
            if problem := theme_text_problem(text.strip()):
                line, column = document.value_pos[key]
                raise ThemeTextsError(f"i18n/theme/{path.name}:{line}:{column}: {key}: {problem}")
        tables[lang] = {key: text.strip() for key, text in document.items()}
    return tables


def theme_text_problem(text: str) -> str | None:
    """Why a theme text cannot be used: Material prints these texts into its HTML as they are
    (in attributes and in text, unescaped), so they may not hold what HTML reads as markup."""
    if not text:
        return "expected a text"
    if found := sorted(set(text) & set('<>"&`')):
        shown = " ".join(found)
        return f"the theme prints this text into its HTML as it is: write it without {shown}"
    return text_problem(text, multiline=False, limit=LINE_LIMIT)


def theme_text(key: str, lang: str, ours: dict[str, str]) -> str:
    """The text for `key` in `lang`: ours, else Material's, else English, else the key."""
    return (
        ours.get(key)
        or material_texts(lang).get(key)
        or material_texts("en").get(key)
        or extension_defaults().get(key)
        or PALETTE_TEXTS.get(key)
        or key
    )


def missing(lang: str, ours: dict[str, str]) -> list[str]:
    """The texts that would show in English on a page in `lang`: not in our table, and not in
    Material's for `lang` or the same as in English there (a word that is also right in the
    language, such as French "Navigation", is confirmed by writing it in our table)."""
    if lang == "en":
        return []
    own, english = material_texts(lang), english_texts()
    return sorted(key for key in english if key not in ours and own.get(key, english[key]) == english[key])


def configure_extensions(
    extensions: list[str], mdx_configs: dict[str, dict[str, Any]], lang: str, ours: dict[str, str]
) -> None:
    """Set the extensions' text options in `lang` (MkDocs' `markdown_extensions` and
    `mdx_configs`), for the language pass about to render its pages."""
    for key, (extension, option) in EXTENSION_TEXTS.items():
        if extension in extensions:
            mdx_configs.setdefault(extension, {})[option] = theme_text(key, lang, ours)


def palette_mode(option: dict[str, Any]) -> str:
    """What a palette entry of mkdocs.yml is: "automatic" (the system's setting), "dark" or
    "light"."""
    if option.get("media") == "(prefers-color-scheme)":
        return "automatic"
    return "dark" if option.get("scheme") == "slate" else "light"


def configure_palette(palette: object, lang: str, ours: dict[str, str]) -> None:
    """Name the palette toggles (mkdocs.yml `theme.palette`) in `lang`, for the language pass
    about to render its pages: each entry's toggle switches to the next entry."""
    if not isinstance(palette, list):
        return  # one scheme, no toggle
    for index, option in enumerate(palette):
        toggle = option.get("toggle")
        if isinstance(toggle, dict):
            following = palette[(index + 1) % len(palette)]
            toggle["name"] = theme_text(f"palette.switch_to_{palette_mode(following)}", lang, ours)
