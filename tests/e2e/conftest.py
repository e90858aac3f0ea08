"""Browser tests: Playwright's sync API driving Debian's Chromium, and axe-core on every page visited.

Playwright never downloads a browser here: it launches the system Chromium at /usr/bin/chromium.

Playwright's sync API keeps an asyncio event loop running in the test thread for as long as it is started,
and Django refuses database calls while a loop is running unless DJANGO_ALLOW_ASYNC_UNSAFE is set (the calls
really are synchronous here). The variable is set only while the browser is up, and the browser lives for
the e2e package rather than the whole session: a running loop left behind would break the database tests
that follow in the same process, and the variable left set would leak into the `check --deploy` subprocess
of tests/test_settings.py, which rightly fails on it (async.E001).
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import CHROMIUM, need

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the e2e tests, closed when they are done (see the module's docstring)."""
    need(f"Chromium at {CHROMIUM}", shutil.which(CHROMIUM) is not None)
    from playwright.sync_api import sync_playwright

    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


@pytest.fixture
def page(browser):
    """A fresh page in its own context (no cookies shared between tests)."""
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# axe-core's default rules (WCAG 2.0-2.2 A and AA, and best practices), plus WCAG 2.2's target size (2.5.8),
# which axe leaves off by default.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def _describe(violation: dict) -> str:
    """One violation: its rule, impact and help, and the CSS selector of each element it was found on."""
    targets = "\n".join(f"      {' '.join(map(str, node['target']))}" for node in violation["nodes"])
    return f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>\n{targets}"


def assert_accessible(page) -> None:
    """Run axe-core on the page as it stands; fail listing each violation and where it is."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    report = "\n".join(_describe(v) for v in violations)
    assert results.violations_count == 0, (
        f"{results.violations_count} accessibility violation(s) on {page.url}:\n{report}"
    )
