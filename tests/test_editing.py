"""Publishing for communications staff: check, new, JSON Schemas, pre-commit, CI workflow."""

from __future__ import annotations

import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from partnersite.catalog import DataError, load_catalog
from partnersite.collections import COLLECTIONS
from partnersite.editor import collection_of, render_schemas, schema_line
from partnersite.scaffold import ScaffoldError, new_record
from sitetree import MINIMAL_DATA, ROOT, build, data_tree, make_site

LANGUAGES = ("en", "fr", "nl")


def site_command(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "bin" / "site"), *arguments],
        capture_output=True,
        text=True,
        env={"SITE_ROOT": str(root), "PATH": "/usr/bin:/bin"},
    )


# -- check -----------------------------------------------------------------------------

BROKEN = {
    "jobs/data-engineer.yml": MINIMAL_DATA["jobs/data-engineer.yml"]
    .replace("contract: permanent", "contrat: permanent")
    .replace("employer: alpha", "employer: alfa"),
    "members/beta.yml": MINIMAL_DATA["members/beta.yml"].replace("type: hospital", "type: hopital"),
    "events/broken.yml": "id: broken\ntitle: {en: Broken\n",
}


def test_check_lists_every_problem_as_file_line_column_field_message(tmp_path: Path) -> None:
    make_site(tmp_path, BROKEN)
    result = site_command(tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/events/broken.yml:3:1: (file): YAML syntax error: expected ',' or '}', but got '<stream end>' (while parsing a flow mapping started on line 2): a bracket or a quote is not closed",
        "data/jobs/data-engineer.yml:1:1: contract: missing required field 'contract': expected one of permanent, fixed_term, internship, freelance [job data-engineer]",
        "data/jobs/data-engineer.yml:3:11: employer: unknown id 'alfa' in members; did you mean 'alpha'? [job data-engineer]",
        "data/jobs/data-engineer.yml:6:1: contrat: unknown field 'contrat'; did you mean 'contract'? (allowed: id, title, example, employer, area, location, workplace, contract, hours, languages, posted, closes, salary, apply, description, requirements) [job data-engineer]",
        "data/members/beta.yml:4:7: type: 'hopital' is not allowed; did you mean 'hospital'? (allowed: company, academic_institution, research_centre, hospital, other) [member beta]",
    ]
    assert result.stderr.strip() == "5 problems."


def test_check_can_report_the_problems_of_some_files(tmp_path: Path) -> None:
    make_site(tmp_path, BROKEN)
    result = site_command(tmp_path, "check", "data/members/beta.yml")
    assert result.returncode == 1 and len(result.stdout.splitlines()) == 1


def test_check_passes_on_the_shipped_data() -> None:
    result = site_command(ROOT, "check")
    assert result.returncode == 0 and result.stdout == "" and "No problems found." in result.stderr


# -- new -------------------------------------------------------------------------------

FILLED = {
    "job": {
        "title:": 'title: {en: "Lab technician", fr: "Technicien de laboratoire", nl: "Labotechnicus"}',
        "employer:": "employer: alpha",
        "area:": "area: digital-health",
        "location:": "location: Namur",
        "contract:": "contract: permanent",
        "closes:": "closes: 2099-12-31",
        "min:": "min: 3000",
        "max:": "max: 4000",
        "apply:": "apply: jobs@alpha.example",
        "description:": 'description: {en: "Run tests."}',
        "requirements:": 'requirements: [{en: "A degree.", fr: "Un diplôme.", nl: "Een diploma."}]',
    },
    "event": {
        "title:": 'title: {en: "Open day", fr: "Portes ouvertes", nl: "Opendeurdag"}',
        "start:": "start: 2099-05-01T10:00",
        "summary:": 'summary: {en: "Come and see."}',
    },
    "member": {
        "name:": "name: Gamma Bio",
        "cluster:": "cluster: biowin",
        "type:": "type: company",
        "city:": "city: Wavre",
        "description:": 'description: {en: "A company."}',
    },
    "project": {
        "title:": 'title: {en: "Bridge two", fr: "Pont deux", nl: "Brug twee"}',
        "summary:": 'summary: {en: "A project."}',
        "area:": "area: digital-health",
        "key_area:": "key_area: research-innovation",
        "partners:": "partners: [alpha, beta]",
    },
    "news": {
        "title:": 'title: {en: "News", fr: "Actualité", nl: "Nieuws"}',
        "summary:": 'summary: {en: "In short.", fr: "En bref.", nl: "Kort."}',
        "body:": 'body: {en: "The *post*.", fr: "Le *billet*.", nl: "Het *bericht*."}',
        "events:": "events: [summit]",
    },
}


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each top-level template field named in `values` (and its indented lines)."""
    out, skipping = [], False
    for line in text.splitlines():
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        field = line.split(":")[0] + ":" if not line.startswith((" ", "#")) else None
        if field in values:
            out.append(values[field])
            skipping = True
        elif line.strip().split(":")[0] + ":" in ("min:", "max:") and line.strip().split(":")[0] + ":" in values:
            out.append("  " + values[line.strip().split(":")[0] + ":"])
        else:
            out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", ["job", "event", "member", "project", "news"])
def test_a_scaffolded_record_validates_once_its_blanks_are_filled(tmp_path: Path, kind: str) -> None:
    data = data_tree(tmp_path)
    path = new_record(tmp_path, kind)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        schema_line(collection_of(f"data/{path.parent.name}/{path.name}"), f"data/{path.parent.name}/{path.name}")
    )
    with pytest.raises(DataError):  # blanks are mistakes, never published as they are
        load_catalog(data, LANGUAGES)
    path.write_text(fill(text, FILLED[kind]), encoding="utf-8")
    catalog = load_catalog(data, LANGUAGES)
    assert path.stem in getattr(catalog, path.parent.name)


def test_new_never_overwrites_and_refuses_taken_or_bad_ids(tmp_path: Path) -> None:
    data_tree(tmp_path)
    first = new_record(tmp_path, "job", record_id="lab-technician")
    second = new_record(tmp_path, "job")
    assert first != second and second.stem.startswith("new-job-")
    third = new_record(tmp_path, "job")
    assert third.stem == second.stem + "-2"
    with pytest.raises(ScaffoldError, match="already used"):
        new_record(tmp_path, "job", record_id="data-engineer")  # an id inside another file
    with pytest.raises(ScaffoldError, match="not a valid id"):
        new_record(tmp_path, "job", record_id="../escape")
    assert sorted(p.name for p in (tmp_path / "data" / "jobs").iterdir()) == sorted(
        ["data-engineer.yml", "lab-technician.yml", second.name, third.name]
    )


def test_new_from_the_command_line(tmp_path: Path) -> None:
    data_tree(tmp_path)
    result = site_command(tmp_path, "new", "event", "--id", "open-day")
    assert result.returncode == 0 and result.stdout.strip() == "data/events/open-day.yml"
    again = site_command(tmp_path, "new", "event", "--id", "open-day")
    assert again.returncode == 1 and "already used" in again.stderr


# -- JSON Schemas ----------------------------------------------------------------------


class _DatesAsText(yaml.SafeLoader):
    """YAML as editors read it (YAML 1.2: a date is a string)."""


_DatesAsText.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_editor_reads(text: str) -> object:
    return yaml.load(text, Loader=_DatesAsText)  # noqa: S506 - a SafeLoader subclass


def test_committed_schemas_are_in_sync_with_the_collections() -> None:
    rendered = render_schemas(LANGUAGES)
    committed = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "schemas").glob("*.json")}
    assert committed == rendered, "run: bin/site schemas"


def test_every_data_file_names_its_schema() -> None:
    for path in sorted((ROOT / "data").rglob("*.yml")):
        relative = path.relative_to(ROOT).as_posix()
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == schema_line(collection_of(relative), relative), relative
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def schema_for(relative: str) -> dict:
    return yaml.safe_load(render_schemas(LANGUAGES)[f"{collection_of(relative).name}.schema.json"])


def test_schemas_accept_the_shipped_data() -> None:
    for path in sorted((ROOT / "data").rglob("*.yml")):
        relative = path.relative_to(ROOT).as_posix()
        jsonschema.validate(as_editor_reads(path.read_text(encoding="utf-8")), schema_for(relative))


BAD_EXAMPLES = [
    ("jobs/data-engineer.yml", "contract: permanent", "contrat: permanent"),  # unknown field
    ("jobs/data-engineer.yml", "hours: full_time", "hours: sometimes"),  # not in the list
    ("jobs/data-engineer.yml", "min: 4000", "min: lots"),  # wrong type
    ("jobs/data-engineer.yml", ', nl: "Data-ingenieur"', ""),  # missing translation
    ("jobs/data-engineer.yml", "posted: 2026-11-01", "posted: 1 November"),  # not a date
    ("jobs/data-engineer.yml", "apply: https://alpha.example/jobs", "apply: javascript:alert(1)"),  # unsafe link
    ("jobs/data-engineer.yml", "id: data-engineer", "id: Data Engineer"),  # unsafe id
    ("members/beta.yml", "cluster: medvia", "cluster: [medvia]"),  # a list where a text belongs
    ("events/summit.yml", "start: 2023", "start: soon"),
    ("areas.yml", "  - id: digital-health", "  - id: digital-health\n            colour: blue"),
]


@pytest.mark.parametrize(("name", "old", "new"), BAD_EXAMPLES)
def test_schemas_and_the_build_refuse_the_same_mistakes(tmp_path: Path, name: str, old: str, new: str) -> None:
    assert old in MINIMAL_DATA[name]
    broken = MINIMAL_DATA[name].replace(old, new)
    with pytest.raises(DataError):
        load_catalog(data_tree(tmp_path, {name: broken}), LANGUAGES)
    document = as_editor_reads((tmp_path / "data" / name).read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema_for(f"data/{name}"))


def test_schemas_describe_fields_for_editors() -> None:
    jobs = schema_for("data/jobs/x.yml")
    assert "pay-transparency" in jobs["properties"]["salary"]["description"]
    assert jobs["properties"]["contract"]["enum"] == ["permanent", "fixed_term", "internship", "freelance"]
    assert jobs["additionalProperties"] is False and "closes" in jobs["required"]
    assert {c.name for c in COLLECTIONS} == {p.stem.removesuffix(".schema") for p in (ROOT / "schemas").glob("*.json")}


# -- pre-commit, CI workflow, preview ---------------------------------------------------


def test_pre_commit_runs_check_on_data_changes() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert hook["entry"] == "bin/site check" and hook["language"] == "system"
    assert hook["files"] == "^(data|i18n)/" and hook["pass_filenames"] is False


def test_workflow_checks_tests_builds_and_publishes_only_when_all_passed() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert {"pull_request", "push", "schedule"} <= set(triggers) and triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every night
    steps = [step.get("run") for step in workflow["jobs"]["build"]["steps"]]
    assert steps.index("bin/site check") < steps.index("make test") < steps.index("make build")
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "build" and "pull_request" in publish["if"]
    assert any("deploy-pages" in step.get("uses", "") for step in publish["steps"])
    for command in ("install", "test", "build"):
        assert f"\n{command}:" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_one_language_preview_builds_only_that_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_PREVIEW_LANGUAGE", "nl")
    result = build(make_site(tmp_path))
    assert result.returncode == 0, result.output
    assert '<html lang="nl"' in result.page("jobs/data-engineer/index.html")
    assert not (result.site / "fr").exists() and not (result.site / "nl").exists()
