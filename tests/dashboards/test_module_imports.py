"""Each module of the dashboard imports on its own, whichever is imported first: the section modules and
`dashboards.selectors` share their building blocks through `dashboards.tables` rather than import each other
(a section module imported before the selectors once failed with a circular import).

The imports run in a Python process of their own: importing a module afresh in the test process would leave a
second copy of its classes behind (a form class among them) for other tests to find.
"""

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import dashboards

BASE_DIR = Path(__file__).resolve().parents[2]
MODULES = sorted(f"dashboards.{m.name}" for m in pkgutil.iter_modules(dashboards.__path__) if m.name != "migrations")

# For each module: Django set up, every dashboard module forgotten, then the module imported first.
SCRIPT = """
import importlib, sys, traceback
import django
django.setup()
failed = []
for name in sys.argv[1:]:
    for key in [key for key in sys.modules if key.startswith("dashboards.")]:
        del sys.modules[key]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc(limit=3))
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_each_dashboard_module_imports_when_it_is_the_first_of_the_dashboard_to_be_imported():
    assert "dashboards.sections_outcomes" in MODULES and "dashboards.selectors" in MODULES
    environment = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "peersupport.settings"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *MODULES],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
