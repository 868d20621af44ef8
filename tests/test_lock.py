"""requirements.lock, what `make install` installs, agrees with pyproject.toml.

pyproject.toml pins the project's dependencies, the test extra and the tools that install them
(the `install` dependency group); `make lock` resolves them into requirements.lock with every
transitive dependency and its hashes. A version changed in one and not the other fails here.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from collections import defaultdict

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from sitetree import ROOT

LOCK = ROOT / "requirements.lock"


def pinned_in_pyproject() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["test"],
        *project["dependency-groups"]["install"],
    ]
    return [Requirement(text) for text in listed]


def locked() -> dict[str, list[tuple[str, Requirement]]]:
    """Name -> (version, requirement line) of every entry of the lock, with its hashes checked."""
    entries: dict[str, list[tuple[str, Requirement]]] = defaultdict(list)
    text = LOCK.read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        if block.startswith("#"):
            continue
        line = block.split(" \\", 1)[0].strip()
        requirement = Requirement(line)
        (version,) = [spec.version for spec in requirement.specifier if spec.operator == "=="]
        assert "--hash=sha256:" in block, f"requirements.lock: no hash for {line}: run make lock"
        entries[canonicalize_name(requirement.name)].append((version, requirement))
    return entries


def test_every_dependency_of_pyproject_is_pinned_and_locked_at_its_version() -> None:
    lock = locked()
    for requirement in pinned_in_pyproject():
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"pyproject.toml: pin {requirement} to one version (==)"
        versions = {version for version, _ in lock.get(canonicalize_name(requirement.name), [])}
        assert versions == {spec.version}, (
            f"requirements.lock has {requirement.name} {versions or 'nowhere'}: run make lock"
        )


def test_the_lock_holds_every_dependency_of_what_it_holds() -> None:
    """Offline, from the installed packages' metadata: nothing the lock installs needs a package
    the lock lacks (pip --require-hashes would refuse to install it)."""
    lock, environment = locked(), default_environment()

    def applies(requirement: Requirement, extra: str = "") -> bool:
        return requirement.marker is None or requirement.marker.evaluate({**environment, "extra": extra})

    wanted = [(r.name, frozenset(r.extras)) for r in pinned_in_pyproject()]
    seen: set[tuple[str, frozenset[str]]] = set()
    while wanted:
        name, extras = wanted.pop()
        if (canonicalize_name(name), extras) in seen:
            continue
        seen.add((canonicalize_name(name), extras))
        entries = [requirement for _, requirement in lock.get(canonicalize_name(name), []) if applies(requirement)]
        assert entries, f"requirements.lock lacks {name}, which something it holds needs: run make lock"
        for text in importlib.metadata.requires(name) or []:
            needed = Requirement(text)
            if any(applies(needed, extra) for extra in ("", *extras)):
                wanted.append((needed.name, frozenset(needed.extras)))


def test_the_environment_is_the_locked_one() -> None:
    """What runs the tests is what the lock says (after a change of the lock: make install)."""
    environment = default_environment()
    for name, entries in locked().items():
        for version, requirement in entries:
            if requirement.marker is None or requirement.marker.evaluate(environment):
                assert importlib.metadata.version(name) == version, (
                    f"{name}: installed {importlib.metadata.version(name)}, locked {version}: make install"
                )
