"""What staff see when our own code fails: one message, never a traceback.

A mistake in a data file is reported by the check with its file, line and field. Anything else
that goes wrong while loading, checking or rendering is a fault of the site's code (or of a
library it uses) met on some record: it is reported the same way, naming the data file and
record being processed and, for a template, its name and line, and asks to be reported.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .records import source_of

REPORT = "this is a fault in the site's code, not a mistake you made: please report it with this message"


class RenderFailure(Exception):
    """Rendering a page or a file failed; the message says which record, where, and what."""


def describe_unexpected(error: BaseException) -> str:
    """`error` in one line, with the template and line it happened in, if any."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    what = f"{type(error).__name__}: {text}" if text else type(error).__name__
    where = template_position(error)
    return f"unexpected error ({what}{where}); {REPORT}"


def template_position(error: BaseException) -> str:
    """', in template job.md.j2, line 12' for an error raised while a template ran."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(".j2")]
    line, file = getattr(error, "lineno", None), getattr(error, "filename", None)
    if not frames and line and file:
        return f", in template {Path(file).name}, line {line}"  # a syntax error
    if not frames:
        return ""
    frame = frames[-1]
    return f", in template {Path(frame.filename).name}, line {frame.lineno}"


@contextlib.contextmanager
def explaining(record: Mapping[str, Any] | None, what: str) -> Iterator[None]:
    """Turn any exception in the block into a `RenderFailure` that names the data file, the
    record and what was being made (a template, a feed, a calendar)."""
    try:
        yield
    except RenderFailure:
        raise
    except Exception as error:
        source = source_of(record)
        where = f"{source}: " if source else ""
        label = f" for {record['id']}" if record and "id" in record else ""
        raise RenderFailure(f"{where}while making {what}{label}: {describe_unexpected(error)}") from error
