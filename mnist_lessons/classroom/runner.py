"""What runs inside the sandbox: a student's notebook in its own kernel, then the course's checks.

``python -m mnist_lessons.classroom.runner SPEC`` reads the notebook named in the SPEC file,
executes its cells in a fresh kernel (Jupyter over Unix sockets: the sandbox has no network), then
one more cell that calls ``Exercise.grade(globals())`` for every exercise of the lesson, the very
check the student's ``qN.check()`` runs. It prints one line, ``MARKER`` followed by JSON::

    {"outcome": "graded" | "timed out" | "crashed",
     "results": {"q1": ["correct" | "incorrect" | "not attempted" | "check error", message], ...},
     "errors": ["cell 12: NameError: ...", ...], "detail": "..."}
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

MARKER = "MNIST-LESSONS-GRADE "

_GRADING_CELL = """
import json as _grade_json
from mnist_lessons.exercises import exercises_of as _grade_exercises_of
_grade_results = {{}}
for _grade_exercise in _grade_exercises_of({lesson!r}):
    try:
        _grade_result = _grade_exercise.grade(dict(globals()))
        _grade_results[_grade_exercise.name] = [_grade_result.status, _grade_result.message]
    except BaseException as _grade_error:
        _grade_results[_grade_exercise.name] = ["check error", f"the check raised {{type(_grade_error).__name__}}: "
                                                f"{{_grade_error}}"]
print({marker!r} + _grade_json.dumps(_grade_results))
"""


def grading_cell(lesson: str) -> str:
    """The code of the cell run after the student's: every exercise's check, one JSON line out."""
    return _GRADING_CELL.format(lesson=lesson, marker=MARKER)


def run(spec: dict) -> dict:
    """Execute the notebook of ``spec`` (``notebook``, ``lesson``, ``timeout`` in seconds, ``workdir``)
    and grade it; returns the JSON-ready outcome described in the module docstring."""
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    notebook = nbformat.read(spec["notebook"], as_version=4)
    notebook.cells = [cell for cell in notebook.cells if cell.cell_type in ("code", "markdown", "raw")]
    notebook.cells.append(nbformat.v4.new_code_cell(grading_cell(spec["lesson"])))
    # Unix sockets at an absolute path (a relative one would depend on each process's folder)
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(spec["scratch"]) / "kernel"))
    finished = threading.Event()  # set once the checks' cell has run: then the kernel is shut down on purpose
    last = len(notebook.cells) - 1
    client = NotebookClient(notebook, km=manager, timeout=spec["timeout"], allow_errors=True,
                            kernel_name="python3", record_timing=False,
                            on_cell_executed=lambda cell_index, **_: cell_index == last and finished.set())
    threading.Thread(target=_watch, args=(manager, finished), daemon=True).start()
    try:
        client.execute(cwd=spec["workdir"])
    except CellTimeoutError:
        return {"outcome": "timed out", "results": {}, "errors": [],
                "detail": f"a cell ran longer than {spec['timeout']} s"}
    except DeadKernelError as error:
        return {"outcome": "crashed", "results": {}, "errors": [], "detail": f"the kernel died ({error})"}
    errors = [f"cell {i}: {out.get('ename')}: {str(out.get('evalue'))[:200]}"
              for i, cell in enumerate(notebook.cells[:-1], 1) if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    results = None
    for out in notebook.cells[-1].get("outputs", []):
        if out.get("output_type") == "stream":
            for line in out.get("text", "").splitlines():
                if line.startswith(MARKER):
                    results = json.loads(line[len(MARKER):])
    if results is None:
        shown = [f"{o.get('ename')}: {o.get('evalue')}" for o in notebook.cells[-1].get("outputs", [])
                 if o.get("output_type") == "error"]
        return {"outcome": "crashed", "results": {}, "errors": errors,
                "detail": "the checks could not run after the notebook's cells" + (f" ({shown[0]})" if shown else "")}
    return {"outcome": "graded", "results": results, "errors": errors, "detail": ""}


def _watch(manager, finished: threading.Event) -> None:
    """Report a kernel that died (``os._exit``, a segfault, out of memory) at once: nbclient would
    wait for its reply until the time limit."""
    import time

    while not manager.has_kernel:
        time.sleep(0.5)
    while manager.is_alive():
        if finished.is_set():
            return
        time.sleep(1)
    if finished.is_set():
        return
    outcome = {"outcome": "crashed", "results": {}, "errors": [],
               "detail": "the kernel died while running the notebook (a cell ended Python, or it ran out of memory)"}
    print(MARKER + json.dumps(outcome), flush=True)
    os._exit(0)


def main(argv: list[str]) -> None:
    spec = json.loads(Path(argv[0]).read_text())
    try:
        outcome = run(spec)
    except Exception as error:  # reported to the instructor as this notebook's row; the class goes on
        outcome = {"outcome": "crashed", "results": {}, "errors": [],
                   "detail": f"the notebook could not be run: {type(error).__name__}: {error}"}
    print(MARKER + json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
