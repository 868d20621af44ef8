"""Shared fixtures: one strict build of the shipped data, one of the minimal fixture data."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sitetree import Build, build, make_site


def soup(build_result: Build, path: str) -> BeautifulSoup:
    return BeautifulSoup(build_result.page(path), "html.parser")


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real data/ and docs/ built strictly, with the build date fixed."""
    result = build(make_site(tmp_path_factory.mktemp("shipped"), real_data=True))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The minimal fixture data (tests/sitetree.py) built strictly."""
    result = build(make_site(tmp_path_factory.mktemp("minimal")))
    assert result.returncode == 0, result.output
    return result
