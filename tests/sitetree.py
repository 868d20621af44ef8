"""Tiny sites described in the tests: a minimal valid data tree, and helpers to build it.

`make_site` copies the project's configuration, hooks, templates, UI strings and hand-written
pages into a temporary folder, then writes the data tree given by the test (file name -> YAML
text), so that each test states exactly the data it builds from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-11-21"


def tr(en: str, fr: str | None = None, nl: str | None = None) -> str:
    """A translated text in flow style: {en: ..., fr: ..., nl: ...}."""
    texts = {"en": en, "fr": fr or f"FR {en}", "nl": nl or f"NL {en}"}
    return "{" + ", ".join(f"{lang}: {json.dumps(text, ensure_ascii=False)}" for lang, text in texts.items()) + "}"


# Typed by a careless or hostile editor: must come out as text, never as markup or script.
PAYLOAD = "A fictional hospital <script>alert(1)</script> *not bold* [link](x.md)"

MINIMAL_DATA: dict[str, str] = {
    "partnership.yml": f"""
        title: {tr("The partnership")}
        summary: {tr("Two clusters agree.")}
        announced_on: 2024-05-14
        announced_from: [{tr("Namur", "Namur", "Namen")}]
        aims: [{tr("Work together.")}]
        key_areas:
          - id: research-innovation
            name: {tr("Research and innovation")}
            summary: {tr("Driving research.")}
            initiatives: [{tr("Joint calls for projects.")}]
        quote:
          text: {tr("Together we are bolder.")}
          author: A. Person
          role: {tr("Director")}
        collaboration:
          since: 2023
          summary: {tr("Working together since 2023.")}
          events: [summit]
        """,
    "clusters.yml": f"""
        clusters:
          - id: biowin
            name: BioWin
            region: {tr("Wallonia", "Wallonie", "Wallonië")}
            description: {tr("The Walloon cluster.")}
            figures_source: {tr("A source.")}
            figures:
              - kind: members
                value: 260
              - kind: employees
                value: 18500
          - id: medvia
            name: MEDVIA
            region: {tr("Flanders", "Flandre", "Vlaanderen")}
            description: {tr("The Flemish cluster.")}
            figures_source: {tr("A source.")}
            figures:
              - kind: members
                value: 150
        """,
    "areas.yml": f"""
        areas:
          - id: digital-health
            name: {tr("Digital health", "Santé numérique", "Digitale gezondheid")}
            description: {tr("Data and AI for medicine.")}
        """,
    "strategy.yml": f"""
        cluster: biowin
        intro: {tr("Strategy intro.")}
        approach: {tr("Five activities.")}
        activities: [{tr("Talent development")}]
        objectives:
          from: 2020
          to: 2023
          text: {tr("Objectives text.")}
        projects:
          - id: project-one
            title: {tr("Project one")}
            description: {tr("What it does.")}
            actions: [{tr("An action.")}]
        """,
    "members/alpha.yml": f"""
        id: alpha
        name: Alpha Labs
        example: true
        cluster: biowin
        type: company
        areas: [digital-health]
        city: {tr("Liège", "Liège", "Luik")}
        description: {tr("A fictional company.")}
        """,
    "members/beta.yml": f"""
        id: beta
        name: Beta Care
        cluster: medvia
        type: hospital
        city: Ghent
        description: {tr(PAYLOAD)}
        """,
    "projects/bridge.yml": f"""
        id: bridge
        title: {tr("Bridge project")}
        summary: {tr("A joint project.")}
        area: digital-health
        key_area: research-innovation
        partners: [alpha, beta]
        status: ongoing
        start: 2025-01-01
        """,
    "events/summit.yml": f"""
        id: summit
        title: {tr("Investor summit")}
        start: 2023
        venue: {tr("Bruges", "Bruges", "Brugge")}
        organisers: [biowin, medvia]
        summary: {tr("A summit.")}
        """,
    "jobs/data-engineer.yml": f"""
        id: data-engineer
        title: {tr("Data engineer", "Ingénieur de données", "Data-ingenieur")}
        employer: alpha
        area: digital-health
        location: Liège
        contract: permanent
        hours: full_time
        languages: [fr, en]
        posted: 2026-11-01
        closes: 2026-12-31
        salary: {{min: 4000, max: 5000, currency: EUR, period: month}}
        apply: https://alpha.example/jobs
        description: {tr("You build pipelines.")}
        requirements: [{tr("Python.")}]
        """,
}


def write_data(data_dir: Path, files: dict[str, str | bytes | None]) -> None:
    """Write a data tree; a value of None leaves that file out."""
    for name, content in files.items():
        if content is None:
            continue
        path = data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


def data_tree(tmp_path: Path, changes: dict[str, str | bytes | None] | None = None) -> Path:
    """The minimal data in tmp_path/data, with some files replaced (None removes one)."""
    files: dict[str, str | bytes | None] = {**MINIMAL_DATA, **(changes or {})}
    data_dir = tmp_path / "data"
    for folder in ("members", "projects", "events", "jobs", "news"):
        (data_dir / folder).mkdir(parents=True, exist_ok=True)
    write_data(data_dir, files)
    return data_dir


def problems_in(tmp_path: Path, changes: dict[str, str | bytes | None] | None = None) -> list[str]:
    """The problems loading the minimal data (with `changes`) reports, one line each; [] if it loads."""
    from partnersite.addresses import check_addresses
    from partnersite.catalog import DataError, load_catalog

    languages = ("en", "fr", "nl")
    try:
        catalog = load_catalog(data_tree(tmp_path, changes), languages)
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return [str(problem) for problem in check_addresses(catalog, ROOT / "docs", languages)]


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def make_site(tmp_path: Path, data: dict[str, str | bytes | None] | None = None, real_data: bool = False) -> Path:
    """A copy of the project in tmp_path, with the real data or the minimal data (changed)."""
    for name in ("mkdocs.yml", "hooks", "overrides", "i18n", "docs"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    if real_data:
        shutil.copytree(ROOT / "data", tmp_path / "data")
    else:
        data_tree(tmp_path, data)
    return tmp_path


def build(
    root: Path, build_date: str = BUILD_DATE, strict: bool = True, out: str = "site", tool: str = "mkdocs"
) -> Build:
    """Run `mkdocs build` (or `tool build`: "properdocs", the maintained fork of MkDocs 1.6) in a
    separate process (hooks keep state between builds in one)."""
    env = {**os.environ, "SITE_BUILD_DATE": build_date, "SITE_URL": "https://site.example/"}
    command = [sys.executable, "-m", tool, "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / out)]
    if strict:
        command.append("--strict")
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root, timeout=300)
    return Build(result.returncode, result.stdout + result.stderr, root / out)
