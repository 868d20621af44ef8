"""Loading YAML (yamlfile.py): what PyYAML would accept silently, or fail on inside itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jinja2.utils import htmlsafe_json_dumps

from partnersite.structured import script_json
from partnersite.yamlfile import LoadError, load_yaml_text
from sitetree import problems_in


@pytest.mark.parametrize(
    ("text", "where", "shown"),
    [
        ("a: !!int abc\n", (1, 4), "!!int"),
        ("a: !!str 12\n", (1, 4), "!!str"),
        ("a:\n  - !!python/object:os.system {}\n", (2, 5), "!!python/object:os.system"),
        ("a: !custom x\n", (1, 4), "!custom"),
    ],
)
def test_tags_are_refused_where_they_are(text: str, where: tuple[int, int], shown: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml_text(text)
    assert (caught.value.line, caught.value.column) == where
    assert caught.value.message == f"tags ({shown}) are not allowed in data files: remove it (quote a text)"


@pytest.mark.parametrize("text", ["0x_", "0b_", "2024-02-30"])
def test_what_looks_like_a_number_or_a_date_but_is_none_stays_text(text: str) -> None:
    assert load_yaml_text(f"a: {text}\n") == {"a": text}


def test_such_a_value_is_reported_as_the_wrong_kind_for_its_field(tmp_path: Path) -> None:
    problems = problems_in(tmp_path, {"events/summit.yml": SUMMIT.replace("start: 2023", "start: 0x_")})
    assert problems == [
        "data/events/summit.yml:3:8: start: expected a date (2024-05-14), a date and time (2024-05-14T09:30)"
        " or a year (2023), got '0x_' [event summit]"
    ]


SUMMIT = """\
id: summit
title: {en: Summit, fr: Sommet, nl: Top}
start: 2023
venue: Bruges
organisers: [biowin, medvia]
summary: {en: A summit.}
"""


@pytest.mark.parametrize("data", [{"q": "<script>&</script>", "n": [1, None, True]}, {"é": "Liège – ²"}])
def test_script_json_is_jinja_tojson_but_for_apostrophes(data: object) -> None:
    assert script_json(data) == htmlsafe_json_dumps(data, ensure_ascii=False, separators=(",", ":"))
    with_apostrophe = {"q": "l'IA"}
    assert script_json(with_apostrophe) == '{"q":"l\'IA"}'  # as the pages have always had it
    assert json.loads(script_json(with_apostrophe)) == with_apostrophe
