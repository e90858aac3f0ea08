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
    """Run axe-core on the page as it stands; fail listing each violation and where it is. Then the page must
    fit a phone's screen (no sideways scrolling at 390 px) and its top navigation must hold on one line at
    1280 px, so every page a browser test visits is checked for both."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    report = "\n".join(_describe(v) for v in violations)
    assert results.violations_count == 0, (
        f"{results.violations_count} accessibility violation(s) on {page.url}:\n{report}"
    )
    assert_fits_a_phone(page)
    assert_navigation_on_one_line(page)


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
MOST_TOP_ITEMS = 7
# The outermost elements reaching past the right edge of the screen, to say what to fix.
WIDER_THAN_THE_SCREEN = """
[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1))
  .slice(0, 5)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'))
"""
# Each top-level item of the main navigation (the phase menus and the user's own menu), and whether it starts
# above the brand's bottom edge, as it does when the navigation holds on one line beside the brand.
TOP_ITEMS = """
(() => {
  const brand = document.querySelector('.navbar-brand').getBoundingClientRect();
  return [...document.querySelectorAll('#main-nav > .navbar-nav > .nav-item')]
    .map(e => [e.innerText.trim(), e.getBoundingClientRect().top < brand.bottom]);
})()
"""


def _at_size(page, size: dict, script: str):
    """Evaluate `script` with the page's viewport at `size`, then put the viewport back as it was."""
    before = page.viewport_size
    page.set_viewport_size(size)
    try:
        return page.evaluate(script)
    finally:
        if before:
            page.set_viewport_size(before)


def assert_fits_a_phone(page) -> None:
    """At 390 px wide the page does not scroll sideways (wide tables scroll inside their own box)."""
    fits, wide, culprits = _at_size(
        page,
        PHONE,
        "[document.documentElement.scrollWidth <= window.innerWidth, document.documentElement.scrollWidth,"
        f" {WIDER_THAN_THE_SCREEN.strip()}]",
    )
    assert fits, f"{page.url} is {wide}px wide at 390px: it scrolls sideways on a phone: {culprits}"


def assert_navigation_on_one_line(page) -> None:
    """At 1280 px the main navigation's top items (at most seven) sit on one line."""
    items = _at_size(page, DESKTOP, TOP_ITEMS)
    assert len(items) <= MOST_TOP_ITEMS, f"{len(items)} top navigation items on {page.url}: {items}"
    wrapped = [name for name, beside_the_brand in items if not beside_the_brand]
    assert not wrapped, f"the navigation wraps at 1280px on {page.url}: {wrapped} below the first line"


def go_to(page, section: str, link: str) -> None:
    """Open `link` from the main navigation: from the menu `section`, or directly when the section is a single
    link (a section with one page is not a menu)."""
    import re

    nav = page.get_by_role("navigation", name="Main")
    direct = nav.get_by_role("link", name=link, exact=True)
    if not direct.is_visible():
        nav.get_by_role("button", name=re.compile(rf"^{re.escape(section)}\b")).click()
    direct.click()
