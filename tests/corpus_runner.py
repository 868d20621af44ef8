"""The corpus of broken data files (tests/corpus/): each file names the data file it replaces
and every message it must produce.

    # target: jobs/data-engineer.yml          (a path under data/, in the minimal data)
    # expect: data/jobs/data-engineer.yml:6:1: contrat: unknown field 'contrat'
    # expect: ...                              (one line per problem; "OK" if it loads)
    ---8<---
    <the file's bytes, exactly>
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitetree import problems_in

CORPUS = Path(__file__).parent / "corpus"
SEPARATOR = b"---8<---\n"


@dataclass(frozen=True)
class Case:
    name: str
    target: str
    expected: list[str]
    content: bytes


def read_case(path: Path) -> Case:
    header, content = path.read_bytes().split(SEPARATOR, 1)
    lines = header.decode("utf-8").splitlines()
    target = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("# target:"))
    expected = [line.split(":", 1)[1].strip() for line in lines if line.startswith("# expect:")]
    return Case(path.stem, target, expected, content)


def cases() -> list[Case]:
    return [read_case(path) for path in sorted(CORPUS.glob("*.yml"))]


def problems_of(case: Case, tmp_path: Path) -> list[str]:
    """What loading the minimal data with this case's file says ([] if it loads)."""
    return problems_in(tmp_path, {case.target: case.content})
