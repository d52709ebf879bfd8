"""CONTRIBUTING.md's map of the package is true: every module has its line, every line names a
module that exists, and a module imports only from its own part of the package or a part listed
above it (data, teaching kit, exercises, tooling)."""

import ast
import re

from .conftest import ROOT

PACKAGE = ROOT / "mnist_lessons"


def _map() -> dict[str, list[str]]:
    """``{part: [module paths relative to mnist_lessons/]}``, in the order CONTRIBUTING.md lists them."""
    text = (ROOT / "CONTRIBUTING.md").read_text()
    section = text.split("## The package, module by module", 1)[1].split("\n## ", 1)[0]
    parts: dict[str, list[str]] = {}
    part = None
    for line in section.splitlines():
        if heading := re.match(r"\*\*([^*]+)\*\*", line):
            part = heading.group(1)
            parts[part] = []
        elif module := re.match(r"- `([\w/]+\.py)`: \S", line):
            assert part is not None, f"a module listed before any part: {line}"
            parts[part].append(module.group(1))
    return parts


def test_every_module_has_one_line_and_every_line_a_module():
    listed = [module for modules in _map().values() for module in modules]
    present = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                     if "__pycache__" not in path.parts and path.parent.name not in ("lessons", "site"))
    assert sorted(listed) == sorted(set(listed)), "a module is listed twice"
    assert sorted(set(present) - set(listed)) == [], "modules missing from CONTRIBUTING.md's map"
    assert sorted(set(listed) - set(present)) == [], "CONTRIBUTING.md lists modules that do not exist"
    assert list(_map()) == ["Data", "Teaching kit", "Exercises", "Tooling"]


def _imported(path) -> set[str]:
    """The package modules ``path`` imports (at the top or inside functions), as paths like ``data.py``."""
    tree = ast.parse(path.read_text())
    here = path.relative_to(PACKAGE).parent
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here
                for _ in range(node.level - 1):
                    base = base.parent
                names = [str(base / (node.module or "").replace(".", "/"))] if node.module else []
                names += [str(base / alias.name) for alias in node.names] if not node.module else []
            elif (node.module or "").startswith("mnist_lessons"):
                names = [node.module.removeprefix("mnist_lessons").lstrip(".").replace(".", "/")]
            else:
                continue
        elif isinstance(node, ast.Import):
            names = [a.name.removeprefix("mnist_lessons").lstrip(".").replace(".", "/")
                     for a in node.names if a.name.startswith("mnist_lessons.")]
        else:
            continue
        for name in names:
            name = name.strip("./") if name not in (".", "") else ""
            for candidate in (f"{name}.py", f"{name}/__init__.py" if name else "__init__.py"):
                if (PACKAGE / candidate).is_file():
                    found.add(candidate)
    return found - {str(path.relative_to(PACKAGE))}


def test_no_module_imports_from_a_part_listed_below_its_own():
    assert _imported(PACKAGE / "plots.py") == {"palette.py", "predictions.py"}  # the reader reads imports
    assert _imported(PACKAGE / "exercises" / "show.py") == {"palette.py"}
    rank = {module: i for i, modules in enumerate(_map().values()) for module in modules}
    upward = [(module, imported) for module in rank for imported in sorted(_imported(PACKAGE / module))
              if imported in rank and rank[imported] > rank[module]]
    assert upward == []
