"""requirements.lock, the exact versions that passed CI, agrees with pyproject.toml.

Every dependency pyproject.toml declares for a student's install is pinned in the lock at a version
the declaration allows, every pin carries hashes (so plain ``pip install --require-hashes`` takes
it), and the lock names no direct dependency that pyproject.toml no longer declares.
"""

from __future__ import annotations

import re

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT

LOCK = ROOT / "requirements.lock"


def declared() -> dict[str, Requirement]:
    """pyproject.toml's ``[project] dependencies``, by canonical name."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {canonicalize_name(req.name): req for req in map(Requirement, project["dependencies"])}


def pins() -> dict[str, tuple[str, int, str]]:
    """``{canonical name: (version, number of hashes, what needs it)}`` from the lock."""
    text = LOCK.read_text(encoding="utf-8")
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if match:
            via = re.search(r"# via (.+)", block)
            found[canonicalize_name(match[1])] = (match[2], block.count("--hash=sha256:"), via[1] if via else "")
    return found


def test_every_declared_dependency_is_pinned_at_an_allowed_version():
    locked = pins()
    problems = []
    for name, requirement in declared().items():
        if name not in locked:
            problems.append(f"{requirement} is declared in pyproject.toml but not pinned in {LOCK.name}")
        elif not requirement.specifier.contains(locked[name][0], prereleases=True):
            problems.append(f"{LOCK.name} pins {name}=={locked[name][0]}, which pyproject.toml's {requirement} excludes")
    assert not problems, "\n".join(problems) + "\nRefresh the lock as CONTRIBUTING.md says (\"The lock\")."


def test_the_lock_names_no_direct_dependency_that_pyproject_dropped():
    direct = {name for name, (_, _, via) in pins().items() if "mnist-lessons (pyproject.toml)" in via}
    assert direct == set(declared()), (
        f"the lock's direct dependencies {sorted(direct)} differ from pyproject.toml's {sorted(declared())}")


def test_every_pin_has_hashes_and_nothing_is_left_open():
    locked = pins()
    assert len(locked) > 50, f"{LOCK.name} pins only {len(locked)} packages: is it the full set?"
    assert not [name for name, (_, hashes, _) in locked.items() if hashes == 0]
    open_lines = [line for line in LOCK.read_text().splitlines()
                  if re.match(r"[A-Za-z]", line) and "==" not in line]
    assert not open_lines, f"lines that pin no exact version: {open_lines}"
