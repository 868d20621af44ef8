"""`new`: a commented template for a new record, with a fresh id, that never overwrites a file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .collections import COLLECTIONS
from .editor import schema_line

KINDS = {"job": "jobs", "event": "events", "member": "members", "project": "projects", "news": "news"}
SCAFFOLDS = Path(__file__).parent / "scaffolds"


class ScaffoldError(Exception):
    pass


def new_record(root: Path, kind: str, record_id: str | None = None, today: dt.date | None = None) -> Path:
    """Write data/<collection>/<id>.yml from the template of `kind`; return its path."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}': choose one of {', '.join(KINDS)}")
    today = today or dt.date.today()
    folder = root / "data" / KINDS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    taken = {path.stem for path in folder.glob("*.y*ml")} | _ids_in(folder)
    if record_id is None:
        record_id = _fresh_id(f"new-{kind}-{today.isoformat()}", taken)
    elif not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", record_id):
        raise ScaffoldError(f"'{record_id}' is not a valid id: lower-case letters a-z, digits and single hyphens")
    elif record_id in taken:
        raise ScaffoldError(f"the id '{record_id}' is already used in data/{KINDS[kind]}/")
    path = folder / f"{record_id}.yml"
    collection = next(c for c in COLLECTIONS if c.name == KINDS[kind])
    text = (
        (SCAFFOLDS / f"{kind}.yml")
        .read_text(encoding="utf-8")
        .format(
            id=record_id,
            today=today.isoformat(),
            schema_line=schema_line(collection, f"data/{KINDS[kind]}/{path.name}"),
        )
    )
    try:
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite a file
            file.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists: nothing was written") from None
    return path


def _ids_in(folder: Path) -> set[str]:
    ids = set()
    for path in folder.glob("*.y*ml"):
        match = re.search(r"^id:\s*([a-z0-9-]+)", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
        if match:
            ids.add(match.group(1))
    return ids


def _fresh_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
