"""Every broken file of the corpus (tests/corpus/) gets exactly its expected messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_runner import Case, cases, problems_of

CASES = cases()


def test_the_corpus_covers_at_least_fifty_mistakes() -> None:
    assert len([case for case in CASES if case.expected != ["OK"]]) >= 50


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_corpus_case(case: Case, tmp_path: Path) -> None:
    found = problems_of(case, tmp_path) or ["OK"]
    assert found == case.expected
