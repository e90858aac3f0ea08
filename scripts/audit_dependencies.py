"""`make lint`'s dependency check: pip-audit on the project's environment (what `make venv` installed from the
pinned requirements, with everything they pull in). Fails on any known vulnerability.

pip-audit asks PyPI's per-release JSON (or OSV) about each package. Where neither answers (a machine that reaches
the package index but not those services, as some build machines do), every package is skipped: that is said
loudly, with the count, rather than passed off as "no known vulnerabilities"; with AUDIT_STRICT=true it fails.
"""

from __future__ import annotations

import json
import os

# Runs the pinned pip-audit of the project's own environment.
import subprocess  # nosec B404
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def verdict(report: dict, *, strict: bool) -> tuple[int, list[str]]:
    """The exit code and what to say, from pip-audit's JSON report."""
    dependencies = report["dependencies"]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    checked = len(dependencies) - len(skipped)
    lines = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v.get('fix_versions', [])) or 'no release yet'})"
        for d in vulnerable
        for v in d["vulns"]
    ]
    if vulnerable:
        return 1, [*lines, f"pip-audit: {len(vulnerable)} pinned package(s) with known vulnerabilities"]
    lines.append(f"pip-audit: {checked} package(s) checked, no known vulnerabilities; {len(skipped)} not checked")
    if skipped and not checked:
        lines.append(
            "WARNING: no vulnerability database answered from this machine (PyPI's per-release JSON and OSV), so "
            f"none of the {len(skipped)} packages could be checked. Run `make lint` where they are reachable, "
            "or set AUDIT_STRICT=true to fail here."
        )
    else:
        lines += [f"  not checked: {d['skip_reason']}" for d in skipped]
    return (1 if skipped and strict else 0), lines


def main() -> int:
    # A fixed command, no shell, no user input.
    done = subprocess.run(  # noqa: S603  # nosec B603
        [str(PIP_AUDIT), "--progress-spinner", "off", "--format", "json", "--skip-editable"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(done.stdout + done.stderr, file=sys.stderr)
        print("pip-audit did not produce a report", file=sys.stderr)
        return 1
    code, lines = verdict(report, strict=os.environ.get("AUDIT_STRICT") == "true")
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
