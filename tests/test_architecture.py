"""The house rules that keep the code simple: imports point one way, and access lives in one place."""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
# The way a peer travels the programme; an app may import only from the apps before it.
PHASES = ["programmes", "recruitment", "workforce", "development", "outcomes", "dashboards", "privacy", "api"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("app", PHASES)
def test_a_phase_imports_only_from_the_phases_before_it(app):
    later = set(PHASES[PHASES.index(app) + 1 :])
    offenders = {
        str(path.relative_to(BASE_DIR)): sorted(_imports(path) & later) for path in (BASE_DIR / app).rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}, f"{app} imports a later phase"


def test_views_fetch_records_only_through_access_querysets():
    """No `Model.objects` in a view: every fetch goes through programmes.access (or a selector given its queryset)."""
    offenders = [
        f"{path.relative_to(BASE_DIR)}:{node.lineno}"
        for app in PHASES
        for path in (BASE_DIR / app).glob("views*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    assert not offenders, f"views that query models directly: {offenders}"
