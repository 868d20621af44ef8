"""The filterable lists (jobs, members, projects), each declared once: its fields, their labels
and their choices.

A field's `name` is spelled once and used everywhere: the form control's name, the address's
parameter (`?area=...`) and the row's attribute (`data-ps-area`). Each row of a list carries its
own values (`row_attributes`), so the script (docs/assets/javascripts/filters.js) reads a row's
data from the row itself: nothing is matched by position. The form, the count and the empty
state are rendered by one macro (`filterable` in templates/_macros.md.j2) from `form`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .catalog import Catalog
from .formatting import Formatter

Record = dict[str, Any]
Value = Callable[[Record, Formatter, Catalog], "str | list[str]"]
Choices = Callable[[list[Record], Formatter, Catalog], list[tuple[str, str]]]


def text_slug(text: str) -> str:
    """A stable URL value for a free text such as a town: 'Liège' -> 'liege'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Field:
    """One control of a list's form. A row matches a choice (`options`) if the choice is one of
    the row's values; without options the control is a search box, which matches the start of
    any word of the row's value."""

    name: str
    label: str  # its interface string (i18n/)
    value: Value  # what a row is matched on: a value, or several
    options: Choices | None = None

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z]+(?:_[a-z]+)*", self.name):
            raise ValueError(f"a filter field's name is lowercase words joined by _: {self.name!r}")


@dataclass(frozen=True)
class ListFilter:
    """A filterable list: its form's legend, its fields, and the texts of its count ("{n} shown")
    and of its empty state (interface strings)."""

    legend: str
    count: str
    empty: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Control:
    """A field as the form shows it, in the page's language."""

    name: str
    label: str
    options: list[tuple[str, str]] | None  # None: a search box


@dataclass(frozen=True)
class Form:
    legend: str
    controls: list[Control]
    count: str  # the interface strings' key of the count
    empty: str


# -- the choices of a field ---------------------------------------------------------------------
def _all(collection: str, translated: bool = True) -> Choices:
    """Every record of a catalog collection, in the catalog's order, whether a row has it or not."""

    def choices(records: list[Record], fmt: Formatter, catalog: Catalog) -> list[tuple[str, str]]:
        items = getattr(catalog, collection).items()
        return [(id_, fmt.text(item["name"]) if translated else item["name"]) for id_, item in items]

    return choices


def _found(field: str, prefix: str) -> Choices:
    """The values the rows have, in their order, labelled by the interface string prefix.value."""

    def choices(records: list[Record], fmt: Formatter, catalog: Catalog) -> list[tuple[str, str]]:
        return [(value, fmt.string(f"{prefix}.{value}")) for value in dict.fromkeys(r[field] for r in records)]

    return choices


def _job_location(job: Record, fmt: Formatter, catalog: Catalog) -> str:
    """A job's town as an address value, from its name in the source language (the same in
    every language's address)."""
    return text_slug(job["location"][fmt.strings.default])


def _locations(records: list[Record], fmt: Formatter, catalog: Catalog) -> list[tuple[str, str]]:
    labels = {_job_location(job, fmt, catalog): fmt.text(job["location"]) for job in records}
    return sorted(labels.items(), key=lambda item: item[1].casefold())


def _key(field: str) -> Value:
    return lambda record, fmt, catalog: record[field]


LISTS = {
    "jobs": ListFilter(
        legend="filter.legend",
        count="filter.count",
        empty="filter.empty",
        fields=(
            Field("area", "filter.area", _key("area"), _all("areas")),
            Field(
                "cluster",
                "filter.cluster",
                lambda job, fmt, catalog: catalog.members[job["employer"]]["cluster"],
                _all("clusters", translated=False),
            ),
            Field("location", "filter.location", _job_location, _locations),
            Field("contract", "filter.contract", _key("contract"), _found("contract", "contract")),
        ),
    ),
    "members": ListFilter(
        legend="members.filter_legend",
        count="members.count",
        empty="members.filter_empty",
        fields=(
            Field("q", "members.search", _key("name")),
            Field("cluster", "filter.cluster", _key("cluster"), _all("clusters", translated=False)),
            Field("type", "members.col.type", _key("type"), _found("type", "member_type")),
            Field("area", "filter.area", _key("areas"), _all("areas")),
        ),
    ),
    "projects": ListFilter(
        legend="projects.filter_legend",
        count="projects.count",
        empty="projects.filter_empty",
        fields=(
            Field("area", "filter.area", _key("area"), _all("areas")),
            Field("key_area", "project.key_area", _key("key_area"), _all("key_areas")),
            Field("status", "project.status", _key("status"), _found("status", "project_status")),
        ),
    ),
}


# -- for the templates --------------------------------------------------------------------------
def form(name: str, records: list[Record], fmt: Formatter, catalog: Catalog) -> Form:
    """The form of list `name` over `records`, in the formatter's language."""
    declared = LISTS[name]
    controls = [
        # The name is checked (Field) and safe as it is in raw HTML within Markdown.
        Control(
            Markup(field.name), fmt.string(field.label), field.options(records, fmt, catalog) if field.options else None
        )
        for field in declared.fields
    ]
    return Form(fmt.string(declared.legend), controls, declared.count, declared.empty)


def row_attributes(name: str | None, record: Record, fmt: Formatter, catalog: Catalog) -> Markup:
    """The attributes of a row of list `name` (none outside a filterable list): `data-ps-row`,
    one `data-ps-<field>` per field (several values separated by spaces: ids have none), and
    `data-ps-example` for a fictional record (the count says how many of those are shown)."""
    if name is None:
        return Markup("")
    parts = [" data-ps-row"]
    for field in LISTS[name].fields:
        value = field.value(record, fmt, catalog)
        shown = " ".join(value) if isinstance(value, list) else value
        parts.append(f' data-ps-{field.name}="{escape(shown)}"')
    if record.get("example"):
        parts.append(" data-ps-example")
    return Markup("".join(parts))
