"""`make lint`'s dependency check decides from pip-audit's report: a known vulnerability fails; packages that
could not be checked are said, and fail only when AUDIT_STRICT is set."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "audit_dependencies", Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {"name": "django", "version": "5.2.1", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"]}]}
SKIPPED = {"name": "zopfli", "skip_reason": "Dependency not found on PyPI and could not be audited: zopfli (0.4.3)"}


def test_a_known_vulnerability_fails_and_names_the_fix():
    code, lines = audit.verdict({"dependencies": [CLEAN, VULNERABLE]}, strict=False)
    assert code == 1
    assert "django 5.2.1: PYSEC-2025-1 (fixed in 5.2.2)" in lines


def test_clean_packages_pass():
    assert audit.verdict({"dependencies": [CLEAN]}, strict=True) == (
        0,
        ["pip-audit: 1 package(s) checked, no known vulnerabilities; 0 not checked"],
    )


def test_nothing_checkable_is_said_loudly_and_fails_when_strict():
    code, lines = audit.verdict({"dependencies": [SKIPPED]}, strict=False)
    assert code == 0 and any(line.startswith("WARNING: no vulnerability database answered") for line in lines)
    assert audit.verdict({"dependencies": [SKIPPED]}, strict=True)[0] == 1
    code, lines = audit.verdict({"dependencies": [CLEAN, SKIPPED]}, strict=False)
    assert code == 0 and "  not checked: " + SKIPPED["skip_reason"] in lines
