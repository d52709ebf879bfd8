import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_ruff_finds_nothing_in_the_python_sources():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    out = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
