"""environment.yml installs the same thing as the README's pip command."""

import re
from importlib.metadata import metadata

import yaml
from packaging.specifiers import SpecifierSet

from .conftest import ROOT


def test_environment_yml_installs_what_a_student_needs_and_no_developer_extras():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    installed = metadata("mnist-lessons")
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python="))
    assert python.split("=")[1] in SpecifierSet(installed["Requires-Python"])
    assert "pip" in deps
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict))
    assert pip_section == ["-e ."]
    assert {"dev", "tensorflow"} <= set(installed.get_all("Provides-Extra"))


def test_readme_install_and_test_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install -e ".[dev]"' in readme and 'pip install -e ".[dev]"' in ci
    assert re.search(r"^pip install -e \.$", readme, re.M), "a student's install is the plain one, without extras"
    assert re.search(r"^pytest$", readme, re.M) and re.search(r"^\s*pytest\s*$", ci, re.M)
