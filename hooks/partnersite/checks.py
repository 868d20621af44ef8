"""Everything `bin/site check` verifies, without MkDocs: the data, the addresses its records
take, the interface strings, and every page, feed and calendar rendered in memory in every
language, so that "No problems found." means the build will not fail on the data either.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .addresses import check_addresses
from .catalog import DataError, load_catalog
from .failures import RenderFailure, describe_unexpected
from .pages import language_prefix, render_files, render_pages
from .publishable import examples_shown, placeholders, without_examples
from .render import Renderer
from .strings import Strings, StringsError, load_strings
from .themetexts import ThemeTextsError, load_theme_texts
from .views import Views, build_date


def check_site(root: Path, languages: tuple[str, ...], today: dt.date | None = None) -> list[str]:
    """Every problem, one line each (`file:line:column: field: message [record]`)."""
    problems: list[str] = []
    catalog = strings = None
    try:
        catalog = load_catalog(root / "data", languages)
        if not examples_shown():  # as the published site is built: without the examples
            catalog = without_examples(catalog)
        problems += [str(problem) for problem in check_addresses(catalog, root / "docs", languages)]
    except DataError as error:
        catalog = None
        problems += [str(problem) for problem in error.problems]
    if not examples_shown():
        problems += _placeholder_addresses(root / "docs")
    try:
        strings = load_strings(root / "i18n", languages, languages[0])
        problems += [
            f"i18n/{lang}.yml:1:1: {key}: missing (it is in i18n/{languages[0]}.yml)"
            for lang, keys in strings.missing.items()
            for key in keys
        ]
    except StringsError as error:
        problems += [str(problem) for problem in error.problems]
    try:
        load_theme_texts(root / "i18n" / "theme", languages)
    except ThemeTextsError as error:
        problems.append(str(error))
    if catalog is not None and strings is not None and not problems:
        problems += _render_everything(Views(catalog, today or build_date()), strings, languages)
    return problems


def _placeholder_addresses(docs: Path) -> list[str]:
    """The example addresses left in hand-written pages (the published site may not hold one)."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for address in placeholders(text):
            index = text.index(address)
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            where = f"docs/{path.relative_to(docs).as_posix()}:{line}:{column}"
            found.append(f"{where}: (page): '{address}' is an example address: replace it with a real one")
    return found


def _render_everything(views: Views, strings: Strings, languages: tuple[str, ...]) -> list[str]:
    """Render every page and file of every language; what fails, as problems."""
    for lang in languages:
        renderer = Renderer(views, strings, lang, "https://check.invalid/", language_prefix(lang, languages[0]))
        try:
            render_pages(renderer)
            render_files(renderer)
        except RenderFailure as error:
            return [f"{error} (in {lang})"]
        except Exception as error:  # outside any record: still a message, not a traceback
            return [f"(site): {describe_unexpected(error)} (in {lang})"]
    return []
