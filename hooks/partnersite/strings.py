"""Interface strings ("Apply", "Closing date", ...): one table per language, `i18n/<lang>.yml`.

The default language's table is the reference: a key it lacks is a bug in a template (an
error); a key another language lacks is reported as missing (a warning, so `--strict` fails)
and shows the default language's text meanwhile.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale

from .schema import TEXT_LIMIT, Problem, text_problem
from .yamlfile import LoadError, Mapping, load_yaml_file


@dataclass
class Strings:
    """The UI strings of every language, with what is missing where."""

    tables: dict[str, dict[str, str]]
    default: str
    missing: dict[str, list[str]] = field(default_factory=dict)

    def get(self, lang: str, key: str, **values: object) -> str:
        text = self.tables[lang].get(key)
        if text is None:
            if key not in self.tables[self.default]:
                raise KeyError(f"the interface string '{key}' is not in i18n/{self.default}.yml")
            text = self.tables[self.default][key]
        return text.format(**values) if values else text

    def plural(self, lang: str, key: str, count: int, **values: object) -> str:
        """`key.one`, `key.other`, ... chosen by the language's plural rules (CLDR, via Babel)."""
        form = Locale.parse(lang).plural_form(count)
        table = self.tables[lang]
        chosen = f"{key}.{form}" if f"{key}.{form}" in table else f"{key}.other"
        return self.get(lang, chosen, count=count, **values)


class StringsError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(["Problems in the interface strings:"] + [f"  {p}" for p in problems]))


def load_strings(folder: Path, languages: tuple[str, ...], default: str) -> Strings:
    """Read `folder/<lang>.yml` for each language; compare every table with the default's."""
    tables: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for lang in languages:
        tables[lang] = _load_table(folder / f"{lang}.yml", problems)
    if problems:
        raise StringsError(problems)
    reference = tables[default]
    missing = {lang: sorted(set(reference) - set(tables[lang])) for lang in languages}
    for lang in languages:
        for key in sorted(set(tables[lang]) - set(reference)):
            problems.append(Problem(f"{folder.name}/{lang}.yml", 1, 1, key, f"unknown key: it is not in {default}.yml"))
        for key, text in tables[lang].items():
            wanted = _placeholders(reference.get(key, text))
            if _placeholders(text) != wanted:
                problems.append(
                    Problem(
                        f"{folder.name}/{lang}.yml",
                        1,
                        1,
                        key,
                        f"placeholders differ from {default}.yml: expected {sorted(wanted)}",
                    )
                )
    if problems:
        raise StringsError(problems)
    return Strings(tables, default, {lang: keys for lang, keys in missing.items() if keys})


def _load_table(path: Path, problems: list[Problem]) -> dict[str, str]:
    name = f"{path.parent.name}/{path.name}"
    try:
        document = load_yaml_file(path)
    except FileNotFoundError:
        problems.append(Problem(name, 1, 1, "", "the file is missing"))
        return {}
    except LoadError as error:
        problems.append(Problem(name, error.line, error.column, "", error.message))
        return {}
    if not isinstance(document, Mapping):
        problems.append(Problem(name, 1, 1, "", "expected key: text lines"))
        return {}
    table = {}
    for key, text in document.items():
        line, column = document.value_pos[key]
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(name, line, column, key, "expected a text"))
        elif problem := text_problem(text.strip(), multiline=False, limit=TEXT_LIMIT) or _braces_problem(text):
            problems.append(Problem(name, line, column, key, problem))
        else:
            table[key] = text.strip()
    return table


def _braces_problem(text: str) -> str | None:
    """What is wrong with the {placeholders} of a string: each is a plain name in braces."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)]
    except ValueError:
        return "a { or } is not closed: placeholders are names in braces, such as {date}"
    for name, spec, conversion in fields:
        if name is not None and (not re.fullmatch(r"[a-z_]+", name) or spec or conversion):
            return f"'{{{name}}}' is not a placeholder: placeholders are names in braces, such as {{date}}"
    return None


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
