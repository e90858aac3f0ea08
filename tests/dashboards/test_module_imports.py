"""Each module of the dashboard imports on its own, whichever is imported first: the section modules and
`dashboards.selectors` share their building blocks through `dashboards.tables` rather than import each other
(a section module imported before the selectors once failed with a circular import)."""

import importlib
import pkgutil
import sys

import pytest

import dashboards

MODULES = sorted(f"dashboards.{m.name}" for m in pkgutil.iter_modules(dashboards.__path__) if m.name != "migrations")


@pytest.mark.parametrize("name", MODULES)
def test_the_module_imports_when_it_is_the_first_of_the_dashboard_to_be_imported(name):
    kept = {key: module for key, module in sys.modules.items() if key.startswith("dashboards.")}
    for key in kept:
        del sys.modules[key]
    try:
        importlib.import_module(name)
    finally:
        for key in [key for key in sys.modules if key.startswith("dashboards.")]:
            del sys.modules[key]
        sys.modules.update(kept)
