"""What the published site may show: the production build leaves out the fictional examples.

Records marked `example: true` illustrate the site while real ones are missing. The preview and
the tests show them, labelled wherever they go; the production build (`SITE_EXAMPLES=hide`)
publishes the site without them. A real record that points to an example (a real job at an
example employer, a real event organised by an example member) cannot be published without it:
that is an error naming both, rather than a link to a page that does not exist.

Hand-written pages may still hold a placeholder address (`accessibility@....example`): the
build says so while it is there, and refuses to publish it (`placeholders`).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator, Mapping
from typing import Any

from .catalog import Catalog
from .collections import COLLECTIONS
from .records import source_of
from .schema import List, Obj, Problem, Ref, Type

SETTING = "SITE_EXAMPLES"
CHOICES = ("show", "hide")

# The collections whose records may be fictional examples (their schema has `example`).
EXAMPLE_COLLECTIONS = tuple(c.name for c in COLLECTIONS if "example" in c.schema.fields)
SINGULAR = {c.name: c.singular for c in COLLECTIONS}


def examples_shown(environ: Mapping[str, str] = os.environ) -> bool:
    """`SITE_EXAMPLES`: `show` (the default: preview, tests) or `hide` (the published site)."""
    value = environ.get(SETTING, "").strip().lower() or "show"
    if value not in CHOICES:
        raise ValueError(f"{SETTING} must be 'show' or 'hide', not '{value}'")
    return value == "show"


def without_examples(catalog: Catalog) -> Catalog:
    """The catalog without its example records; a `DataError` lists every real record that
    refers to an example one."""
    from .catalog import DataError

    hidden = {name: {i for i, r in getattr(catalog, name).items() if r["example"]} for name in EXAMPLE_COLLECTIONS}
    problems = [
        _problem(record, collection.name, path, value, targets, hidden)
        for collection in COLLECTIONS
        for record in _records(catalog, collection.name)
        if not record.get("example")
        for path, targets, value in _references(collection.schema, record, "")
        if _points_to_example(value, targets, hidden, catalog)
    ]
    if problems:
        raise DataError(problems)
    kept: dict[str, Any] = {
        name: {i: r for i, r in getattr(catalog, name).items() if i not in hidden[name]} for name in hidden
    }
    return dataclasses.replace(catalog, **kept)


def _records(catalog: Catalog, name: str) -> list[Mapping[str, Any]]:
    value = getattr(catalog, name)
    return list(value.values()) if name not in ("partnership", "strategy") else [value]


def _references(kind: Type, value: Any, path: str) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(field path, target collections, id) of every reference in `value`, of schema `kind`."""
    if value is None:
        return
    if isinstance(kind, Ref):
        yield path, kind.collections, value
    elif isinstance(kind, List):
        for index, item in enumerate(value):
            yield from _references(kind.item, item, f"{path}[{index}]")
    elif isinstance(kind, Obj) and isinstance(value, dict):
        for name, field in kind.fields.items():
            yield from _references(field.type, value.get(name), f"{path}.{name}" if path else name)


def _points_to_example(value: str, targets: tuple[str, ...], hidden: dict[str, set[str]], catalog: Catalog) -> bool:
    if not any(value in hidden.get(target, ()) for target in targets):
        return False
    # Still published if the id is also a record that stays (an organiser: a cluster or a member).
    return not any(value in getattr(catalog, t) and value not in hidden.get(t, ()) for t in targets)


def _problem(
    record: Mapping[str, Any],
    collection: str,
    path: str,
    value: str,
    targets: tuple[str, ...],
    hidden: dict[str, set[str]],
) -> Problem:
    target = next(t for t in targets if value in hidden.get(t, ()))
    label = f"{SINGULAR[collection]} {record['id']}" if "id" in record else None
    source = source_of(record)
    message = (
        f"'{value}' is a fictional example ({SINGULAR[target]} with example: true), left out of the site"
        f" published without examples ({SETTING}=hide): refer to a real {SINGULAR[target]}, or mark this"
        f" {SINGULAR[collection]} example: true as well"
    )
    if source is None:  # a record made otherwise than by loading the data (a test's)
        return Problem(f"data/{collection}.yml", 1, 1, path, message, label)
    return Problem(source.file, source.line, source.column, path, message, label)


# -- placeholder addresses in hand-written pages -------------------------------------------
# Domains reserved for examples and tests (RFC 2606, RFC 6761): never a real contact.
_PLACEHOLDER = re.compile(
    r"(?:[\w.+-]+@|https?://)(?:[\w-]+\.)*(?:[\w-]+\.(?:example|invalid|test|localhost)|example\.(?:com|net|org))\b",
    re.IGNORECASE,
)


def placeholders(text: str) -> list[str]:
    """The example addresses in a text (`accessibility@site.example`), each once."""
    return list(dict.fromkeys(match.group() for match in _PLACEHOLDER.finditer(text)))
