"""What is not translated yet, per language and per collection, for staff to hand to translators.

Only texts marked optional-to-translate may lack a translation (the build refuses the others),
plus interface strings missing from an i18n/<lang>.yml table (the build warns about those).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from .catalog import Catalog
from .records import source_of
from .strings import Strings

Missing = dict[str, dict[str, list[str]]]  # language -> collection -> ["file: field", ...]


def missing_translations(catalog: Catalog, strings: Strings) -> Missing:
    languages, default = catalog.languages, catalog.languages[0]
    missing: Missing = {lang: defaultdict(list) for lang in languages[1:]}
    collections: dict[str, list[Mapping[str, Any]]] = {
        "partnership": [catalog.partnership],
        "strategy": [catalog.strategy],
        **{
            name: list(getattr(catalog, name).values())
            for name in ("clusters", "areas", "members", "projects", "events", "jobs")
        },
    }
    for name, records in collections.items():
        for record in records:
            source = source_of(record)
            file = source.file if source else f"data/{name}"
            for path, value in _texts(record, ""):
                for lang in missing:
                    if lang not in value:
                        missing[lang][name].append(f"{file}: {path}")
    for lang, keys in strings.missing.items():
        if lang in missing:
            missing[lang]["interface strings"] += [f"i18n/{lang}.yml: {key} (as in i18n/{default}.yml)" for key in keys]
    return {lang: dict(by_collection) for lang, by_collection in missing.items()}


def _texts(value: Any, path: str) -> list[tuple[str, dict[str, str]]]:
    """Every translated text (a {language: text} mapping) in a record, with its field path."""
    if isinstance(value, dict) and value and all(len(key) == 2 and key.islower() for key in value):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _texts(item, f"{path}.{key}".lstrip("."))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _texts(item, f"{path}[{index}]")]
    return []


def render_report(missing: Missing) -> str:
    lines = ["Translation coverage"]
    for lang, by_collection in missing.items():
        total = sum(len(items) for items in by_collection.values())
        if not total:
            lines.append(f"\n{lang}: everything is translated.")
            continue
        lines.append(f"\n{lang}: {total} text{'s' if total != 1 else ''} to translate")
        for collection, items in sorted(by_collection.items()):
            lines.append(f"  {collection} ({len(items)}):")
            lines += [f"    {item}" for item in items]
    return "\n".join(lines)
