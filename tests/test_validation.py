"""Every way staff can get a data file wrong gets a message naming file, line, record, field."""

from __future__ import annotations

from pathlib import Path

from partnersite.catalog import load_catalog
from sitetree import MINIMAL_DATA, ROOT, data_tree, problems_in

LANGS = ("en", "fr", "nl")
JOB = "jobs/data-engineer.yml"


def job_with(old: str, new: str) -> dict[str, str]:
    assert old in MINIMAL_DATA[JOB], old
    return {JOB: MINIMAL_DATA[JOB].replace(old, new)}


def test_shipped_data_is_valid() -> None:
    catalog = load_catalog(ROOT / "data", LANGS)
    assert len(catalog.areas) == 4
    assert {"biowin", "medvia"} == set(catalog.clusters)
    assert catalog.jobs and catalog.members and catalog.events and catalog.projects


def test_minimal_data_is_valid(tmp_path: Path) -> None:
    assert list(load_catalog(data_tree(tmp_path), LANGS).jobs) == ["data-engineer"]


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    broken = MINIMAL_DATA[JOB].replace("contract: permanent", "contract: [permanent")
    (message,) = problems_in(tmp_path, {JOB: broken})
    assert message.startswith("data/jobs/data-engineer.yml:")
    assert "YAML syntax error" in message


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    broken = MINIMAL_DATA[JOB].replace("        hours: full_time", "\thours: full_time")
    (message,) = problems_in(tmp_path, {JOB: broken})
    assert "data/jobs/data-engineer.yml:" in message and "tabs" in message


def test_missing_required_field(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, job_with("        hours: full_time\n", ""))
    assert message.startswith("data/jobs/data-engineer.yml:1:1: hours: missing required field 'hours'")
    assert "full_time, part_time" in message and "[job data-engineer]" in message


def test_wrong_type(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, job_with("min: 4000", "min: lots"))
    assert message.startswith("data/jobs/data-engineer.yml:11:15:")
    assert "salary.min: expected a whole number" in message and "'lots'" in message


def test_unknown_field_suggests_the_right_name(tmp_path: Path) -> None:
    missing, typo = problems_in(tmp_path, job_with("contract: permanent", "contrat: permanent"))
    assert missing.startswith("data/jobs/data-engineer.yml:1:1: contract: missing required field 'contract'")
    assert typo.startswith(
        "data/jobs/data-engineer.yml:6:1: contrat: unknown field 'contrat'; did you mean 'contract'?"
    )


def test_unknown_reference_suggests_a_known_id(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, job_with("employer: alpha", "employer: alfa"))
    assert message.startswith(
        "data/jobs/data-engineer.yml:3:11: employer: unknown id 'alfa' in members; did you mean 'alpha'?"
    )


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    copy = MINIMAL_DATA[JOB]
    (message,) = problems_in(tmp_path, {"jobs/data-engineer-copy.yml": copy})
    assert message.startswith("data/jobs/data-engineer.yml:1:5: id: duplicate id 'data-engineer'")
    assert "data/jobs/data-engineer-copy.yml (line 1)" in message


def test_missing_translation(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, job_with(', nl: "Data-ingenieur"', ""))
    assert message.startswith("data/jobs/data-engineer.yml:2:8: title.nl: missing the 'nl' translation")


def test_unknown_language_is_a_typo(tmp_path: Path) -> None:
    missing, typo = problems_in(tmp_path, job_with('nl: "Data-ingenieur"', 'nL: "Data-ingenieur"'))
    assert typo.startswith("data/jobs/data-engineer.yml:2:58: title.nL: unknown language 'nL'; did you mean 'nl'?")
    assert missing.startswith("data/jobs/data-engineer.yml:2:8: title.nl: missing the 'nl' translation")


def test_bad_enum_value_lists_what_is_allowed(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, job_with("contract: permanent", "contract: permanant"))
    assert "contract: 'permanant' is not allowed; did you mean 'permanent'? (allowed: permanent, fixed_term" in message


def test_impossible_date(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, job_with("posted: 2026-11-01", "posted: 2026-02-30"))
    assert "data/jobs/data-engineer.yml:9:9: posted: expected a date written YYYY-MM-DD" in message


def test_closing_date_before_posting_date(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, job_with("closes: 2026-12-31", "closes: 2026-10-01"))
    assert (
        "data/jobs/data-engineer.yml:10:9: closes: the closing date 2026-10-01"
        " is before the posting date 2026-11-01 [job data-engineer]" in message
    )


def test_unsafe_apply_link_is_refused(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, job_with("apply: https://alpha.example/jobs", "apply: javascript:alert(1)"))
    assert "apply: 'javascript:alert(1)': the scheme 'javascript:' cannot be used here" in message


def test_unsafe_link_in_markdown_is_refused(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, job_with('"You build pipelines."', '"[click](javascript:alert(1))"'))
    assert "description.en: the link 'javascript:alert(1)': the scheme 'javascript:' cannot be used here" in message


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    broken = MINIMAL_DATA[JOB].replace(
        "        hours: full_time\n", "        hours: full_time\n        hours: part_time\n"
    )
    (message,) = problems_in(tmp_path, {JOB: broken})
    assert message.startswith(
        "data/jobs/data-engineer.yml:8:1: (file): the key 'hours' appears twice in the same mapping (first on line 7)"
    )


def test_joint_project_needs_both_clusters(tmp_path: Path) -> None:
    one_sided = MINIMAL_DATA["projects/bridge.yml"].replace("partners: [alpha, beta]", "partners: [alpha, alpha2]")
    member = MINIMAL_DATA["members/alpha.yml"].replace("id: alpha", "id: alpha2")
    (message,) = problems_in(tmp_path, {"projects/bridge.yml": one_sided, "members/alpha2.yml": member})
    assert "partners: a joint project needs at least one partner from each cluster" in message


def test_empty_file(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, {JOB: "# nothing yet\n"})
    assert message.startswith("data/jobs/data-engineer.yml:1:1: (file): the file is empty")


def test_non_utf8_file(tmp_path: Path) -> None:
    (message,) = problems_in(tmp_path, {JOB: "id: caf\xe9\n".encode("latin-1")})
    assert "not UTF-8" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    changes = job_with("contract: permanent", "contrat: permanent")
    changes["members/beta.yml"] = MINIMAL_DATA["members/beta.yml"].replace("type: hospital", "type: clinic")
    messages = problems_in(tmp_path, changes)
    assert len(messages) == 3  # unknown field, the missing field it hides, the bad member type
    assert any(m.startswith("data/members/beta.yml") for m in messages)
