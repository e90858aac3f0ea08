"""`make test` writes bytecode even where the machine's environment turns it off (PYTHONDONTWRITEBYTECODE=1, as on
the CI machine): otherwise the controller, each worker and every process a test starts compile the project and
rewrite the test modules' assertions again (collection 12 s a process instead of 5)."""

from __future__ import annotations

import os
import shutil
import subprocess  # make -n: prints the recipe, runs nothing  # nosec B404
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_make_test_runs_pytest_with_bytecode_writing_on():
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is not installed", pytrace=False)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    recipe = subprocess.run(  # fixed command, no shell  # nosec B603
        [make, "-n", "test"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    pytest_line = next(line for line in recipe.splitlines() if "DATABASE_URL=" in line)
    assert pytest_line.startswith("PYTHONDONTWRITEBYTECODE= "), pytest_line
