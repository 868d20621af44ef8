"""Records: typed as the schemas say, defaults filled in by the check, and where each is written."""

from __future__ import annotations

import datetime as dt
import types
import typing
from pathlib import Path

import pytest

from partnersite import records, schema
from partnersite.catalog import load_catalog
from partnersite.collections import COLLECTIONS
from partnersite.failures import RenderFailure, explaining
from partnersite.pictures import Picture
from partnersite.records import Source, source_of
from partnersite.schema import Ctx, Field, Obj, Str, Text
from partnersite.yamlfile import load_yaml_text
from sitetree import data_tree

LANGUAGES = ("en", "fr", "nl")

# -- the TypedDicts of records.py say what the schemas of collections.py check -----------

# The Python value each field type gives once checked.
SCALARS: dict[type[schema.Type], object] = {
    schema.Str: str,
    schema.Id: str,
    schema.Ref: str,
    schema.Enum: str,
    schema.Url: str,
    schema.ApplyTarget: str,
    schema.TimeZone: str,
    schema.Country: str,
    schema.Int: int,
    schema.Bool: bool,
    schema.Date: dt.date,
    schema.Text: dict[str, str],
    schema.Name: dict[str, str],
    schema.When: dt.datetime | dt.date | int,
}


def mismatches(kind: schema.Type, hint: object, path: str) -> list[str]:
    """Where the type `hint` does not say what the schema type `kind` checks."""
    if isinstance(kind, Picture):  # a mapping of its own shape (and a file checked apart)
        kind = kind.shape
    if isinstance(kind, schema.List):
        if typing.get_origin(hint) is not list:
            return [f"{path}: a list in the schema, {hint} in records.py"]
        return mismatches(kind.item, typing.get_args(hint)[0], f"{path}[]")
    if isinstance(kind, Obj):
        if not typing.is_typeddict(hint):
            return [f"{path}: a mapping in the schema, {hint} in records.py"]
        return typed_dict_mismatches(kind, hint, path)
    expected = SCALARS[type(kind)]
    return [] if hint == expected else [f"{path}: {expected} in the schema, {hint} in records.py"]


def typed_dict_mismatches(kind: Obj, typed: object, path: str) -> list[str]:
    hints = typing.get_type_hints(typed)
    found = [f"{path}: field '{name}' is not in records.py" for name in kind.fields if name not in hints]
    found += [f"{path}: field '{name}' is not in the schema" for name in hints if name not in kind.fields]
    for name, spec in kind.fields.items():
        if name not in hints:
            continue
        hint, where = hints[name], f"{path}.{name}".lstrip(".")
        may_be_none = not spec.required and spec.default is None
        options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else ()
        if may_be_none != (type(None) in options):
            found.append(f"{where}: {'' if may_be_none else 'not '}None when absent, unlike records.py ({hint})")
        if type(None) in options:
            rest = tuple(option for option in options if option is not type(None))
            hint = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007 - built from a tuple
        found += mismatches(spec.type, hint, where)
    return found


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.name)
def test_the_record_type_of_each_collection_is_its_schema(collection) -> None:
    assert typed_dict_mismatches(collection.schema, records.RECORD_TYPES[collection.name], collection.name) == []


def test_every_collection_has_a_record_type() -> None:
    assert set(records.RECORD_TYPES) == {collection.name for collection in COLLECTIONS}


# -- defaults: in the schema, filled in by the check -------------------------------------


def fields_with_defaults(kind: schema.Type, path: str = "") -> list[tuple[str, Field]]:
    if isinstance(kind, schema.List):
        return fields_with_defaults(kind.item, path + "[]")
    if not isinstance(kind, Obj):
        return []
    found = []
    for name, spec in kind.fields.items():
        if spec.default is not None:
            found.append((f"{path}.{name}".lstrip("."), spec))
        found += fields_with_defaults(spec.type, f"{path}.{name}".lstrip("."))
    return found


DEFAULTS = sorted(
    {(c.name, path, repr(spec.default)) for c in COLLECTIONS for path, spec in fields_with_defaults(c.schema)}
)


def test_the_defaults_are_the_ones_pages_relied_on() -> None:
    expected = {
        ("events", "status", "'scheduled'"),
        ("events", "timezone", "'Europe/Brussels'"),
        ("events", "country", "'BE'"),
        ("events", "figures[].more_than", "False"),
        ("jobs", "workplace", "'on_site'"),
        ("members", "areas", "[]"),
        *(("news", name, "[]") for name in ("areas", "members", "projects", "events")),
        *((name, "example", "False") for name in ("members", "projects", "events", "jobs", "news")),
    }
    assert set(DEFAULTS) == expected


@pytest.mark.parametrize(("collection", "path", "default"), DEFAULTS)
def test_each_default_is_a_value_its_field_accepts(collection: str, path: str, default: str) -> None:
    spec = dict(fields_with_defaults(next(c for c in COLLECTIONS if c.name == collection).schema))[path]
    written = load_yaml_text(f"value: {schema_yaml(spec.default)}\n")
    ctx = Ctx("x.yml", LANGUAGES)
    assert spec.type.check(written["value"], (1, 8), path, ctx) == spec.default
    assert ctx.problems == []


def schema_yaml(value: object) -> str:
    return "[]" if value == [] else str(value).lower() if isinstance(value, bool) else str(value)


def test_a_loaded_record_has_its_defaults(tmp_path: Path) -> None:
    catalog = load_catalog(data_tree(tmp_path), LANGUAGES)
    event, job, member = catalog.events["summit"], catalog.jobs["data-engineer"], catalog.members["beta"]
    assert (event["status"], event["timezone"], event["country"]) == ("scheduled", "Europe/Brussels", "BE")
    assert (job["workplace"], member["areas"], member["example"]) == ("on_site", [], False)
    assert event["end"] is None and event["languages"] is None  # optional, no default: None


def test_a_list_default_is_a_list_of_each_record() -> None:
    members = Obj(Field("areas", schema.List(Str()), required=False, default=[]))
    ctx = Ctx("x.yml", LANGUAGES)
    first, second = (members.check(load_yaml_text("{}"), (1, 1), "", ctx) for _ in range(2))
    first["areas"].append("changed")
    assert second["areas"] == [] and members.fields["areas"].default == []


def test_a_field_with_a_default_is_optional() -> None:
    with pytest.raises(ValueError, match="a field with a default is optional"):
        Field("status", Str(), default="scheduled")


def test_the_json_schema_says_the_defaults() -> None:
    events = next(c for c in COLLECTIONS if c.name == "events").schema.json_schema(LANGUAGES)
    assert events["properties"]["status"]["default"] == "scheduled"
    assert events["properties"]["timezone"]["default"] == "Europe/Brussels"
    assert "default" not in events["properties"]["end"]


# -- where a record is written: not one of its fields ------------------------------------


def test_a_record_knows_its_file_and_the_position_of_its_id(tmp_path: Path) -> None:
    catalog = load_catalog(data_tree(tmp_path), LANGUAGES)
    assert source_of(catalog.members["beta"]) == Source("data/members/beta.yml", 1, 5)
    assert source_of(catalog.partnership) == Source("data/partnership.yml", 1, 1)
    assert "_file" not in catalog.members["beta"] and "_at" not in catalog.members["beta"]
    assert source_of({"id": "made-in-a-test"}) is None and source_of(None) is None


def test_a_failure_names_the_record_where_it_is_written(tmp_path: Path) -> None:
    member = load_catalog(data_tree(tmp_path), LANGUAGES).members["beta"]
    expected = r"^data/members/beta\.yml:1:5: while making its page for beta: "
    with pytest.raises(RenderFailure, match=expected), explaining(member, "its page"):
        raise ValueError("boom")


# -- messages name the site's languages --------------------------------------------------


def test_text_messages_name_the_languages_of_the_site() -> None:
    assert Text(optional=True).describe(("en", "fr", "nl")) == (
        "a text in English at least (en: ...), and in French and Dutch when translated (fr: ..., nl: ...)"
    )
    assert Text(optional=True).describe(("nl", "de")) == (
        "a text in Dutch at least (nl: ...), and in German when translated (de: ...)"
    )
    assert Text().describe(("en", "de")) == "a text in each language, written as en: ..., de: ... on their own lines"
    assert schema.Name().describe(("fr",)) == "a text, or a text per language (fr: ...)"
