"""What staff's editors use: JSON Schema files made from the collections' schemas, and the line
that ties each data file to its schema (`# yaml-language-server: $schema=...`).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from .collections import COLLECTIONS, Collection
from .schema import List

SCHEMA_FOLDER = "schemas"


def collection_schema(collection: Collection, languages: tuple[str, ...]) -> dict[str, Any]:
    """The JSON Schema of one data file of the collection."""
    if collection.list_key:
        body = {
            "type": "object",
            "properties": {collection.list_key: List(collection.schema, min_items=1).json_schema(languages)},
            "required": [collection.list_key],
            "additionalProperties": False,
        }
    else:
        body = collection.schema.json_schema(languages)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{collection.name}.schema.json",
        "title": f"{collection.name} (BioWin × MEDVIA site data)",
        **body,
    }


def render_schemas(languages: tuple[str, ...]) -> dict[str, str]:
    """File name -> text of every collection's schema."""
    return {
        f"{collection.name}.schema.json": json.dumps(
            collection_schema(collection, languages), indent=2, ensure_ascii=False
        )
        + "\n"
        for collection in COLLECTIONS
    }


def write_schemas(root: Path, languages: tuple[str, ...]) -> list[Path]:
    folder = root / SCHEMA_FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in render_schemas(languages).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def schema_line(collection: Collection, data_file: str) -> str:
    """The first line of a data file (path relative to the site's root, e.g. data/jobs/x.yml)."""
    schema = f"{SCHEMA_FOLDER}/{collection.name}.schema.json"
    relative = posixpath.relpath(schema, posixpath.dirname(data_file))
    return f"# yaml-language-server: $schema={relative}"


def collection_of(data_file: str) -> Collection | None:
    """The collection a data file (data/...) belongs to."""
    inside = data_file.removeprefix("data/")
    for collection in COLLECTIONS:
        if inside == collection.path or (collection.folder and posixpath.dirname(inside) == collection.path):
            return collection
    return None
