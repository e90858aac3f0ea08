"""Every page template passes axe in the browser at least once.

The permission matrix (tests/test_permissions.py) names a URL for every view and the roles it opens for. This test
renders each of those URLs through the test client to learn which page template it shows, keeps one URL per
page template (a template that extends base.html), opens that URL in Chromium as a role that may see it, and runs
axe-core on it. It fails on any violation, and on any page template that no URL of the matrix showed (so a new
page cannot go unchecked), except the few listed in NOT_REACHED_BY_THE_MATRIX, each visited here another way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import AXE_OPTIONS, _describe
from tests.no_pdf_layout import pdfs_not_laid_out
from tests.privacy.ig import add_ig_officers
from tests.test_permissions import MATRIX, preparation  # noqa: F401  (the matrix's fixture for phase 1 rows)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The role that opens a URL in the browser: the first of these the matrix lets in.
ROLE_ORDER = [
    "hr_officer",
    "peer_lead",
    "line_manager",
    "supervisor",
    "panel_member",
    "peer_worker",
    "other_trust_staff",
    "administrator",
]
# Page templates the matrix does not reach with a 200, and the URL (and role, None for signed out) that shows them.
NOT_REACHED_BY_THE_MATRIX = {
    "registration/login.html": ("/accounts/login/", None),
    "registration/password_reset_form.html": ("/accounts/password_reset/", None),
    "registration/password_reset_done.html": ("/accounts/password_reset/done/", None),
    "registration/password_reset_complete.html": ("/accounts/reset/done/", None),
    "registration/password_change_done.html": ("/accounts/password_change/done/", "hr_officer"),
}
# Shown only in states a browser cannot reach on demand (each is rendered by tests of its own).
NEVER_OPENED_HERE = {
    "registration/password_reset_confirm.html": "needs a reset link from an email (tests/test_auth.py)",
    "registration/locked_out.html": "shown after repeated failed sign-ins (tests/security/test_sessions.py)",
    "programmes/import_preview.html": "the answer to an uploaded file (checked in tests/e2e/test_import_journey.py)",
    "sso/refused.html": "a refused sign-on, after the provider's own page (checked in tests/e2e/test_sso_journey.py)",
    "sso/signing_out.html": "an instant on the way to the provider's sign-out; its Refresh moves on (tests/sso)",
}


def page_templates() -> set[str]:
    """Every template that is a whole page: it extends base.html, directly or through another page template."""
    extends = {}
    for path in TEMPLATES.rglob("*.html"):
        match = re.search(r'{%\s*extends\s+"([^"]+)"\s*%}', path.read_text())
        if match:
            extends[str(path.relative_to(TEMPLATES))] = match.group(1)

    def is_page(name: str, seen=()) -> bool:
        parent = extends.get(name)
        return parent == "base.html" or (parent is not None and parent not in seen and is_page(parent, (*seen, name)))

    return {name for name in extends if is_page(name)}


# Which matrix row (and role) shows each page template, and every page template those rows render: the same for
# every world (the rows are), so found once per process and shared by the PARTS tests a worker runs (the walk opens
# every page of the matrix: ~9 s).
_WALKED: dict[str, tuple[dict, set[str]]] = {}


def one_url_per_template(world, pages: set[str]) -> tuple[dict[str, tuple[str, str | None]], set[str]]:
    """For each page template the matrix shows, one (url, role) that shows it; and every page template those URLs
    render (a list's own template and the list layout it extends)."""
    if "walk" not in _WALKED:
        _WALKED["walk"] = _walk(world, pages)
    chosen_rows, rendered = _WALKED["walk"]
    chosen = {name: (reverse(row.name, kwargs=row.kwargs(world)), role) for name, (row, role) in chosen_rows.items()}
    return chosen, set(rendered)


def _walk(world, pages: set[str]) -> tuple[dict, set[str]]:
    chosen: dict[str, tuple] = {}
    rendered: set[str] = set()
    # One client per role, signed in once: signing in for each of the ~300 rows was a tenth of the walk.
    clients: dict[str, Client] = {}
    with pdfs_not_laid_out():  # the walk discards every answer that is not HTML
        for row in MATRIX:
            if row.method != "get" or row.name.startswith("admin:"):
                continue
            others = [r for r in row.expected if r not in ROLE_ORDER and hasattr(world, r)]
            role = next((r for r in [*ROLE_ORDER, *others] if row.expected.get(r) == 200), None)
            if role is None:
                continue
            url = reverse(row.name, kwargs=row.kwargs(world))
            if role not in clients:
                clients[role] = Client()
                clients[role].force_login(getattr(world, role))
            response = clients[role].get(url)
            _note_template(response, pages, row, role, chosen, rendered)
    return chosen, rendered


def _note_template(response, pages: set[str], row, role: str, chosen: dict, rendered: set[str]) -> None:
    """Keep `row` (as `role`) for the page template its HTML answer shows, unless a row before it showed that one."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return
    # The view's own template is the first page template rendered.
    shown = [t.name for t in response.templates if t.name in pages]
    if shown and shown[0] not in chosen:
        chosen[shown[0]] = (row, role)
        rendered.update(shown)


def log_in(context, base_url: str, user) -> None:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


# The pages are shared out between this many tests (each its own browser and live server), so that
# pytest-xdist can run them side by side rather than leave one worker with a four-minute test at the end.
PARTS = 3


@pytest.mark.parametrize("part", range(PARTS), ids=lambda part: f"part {part + 1} of {PARTS}")
def test_one_url_of_every_page_template_passes_axe(
    part,
    live_server,
    browser,
    preparation,  # noqa: F811  (the fixture imported above)
    recruitment,
    workforce,
    development,
):
    from axe_playwright_python.base import AXE_SCRIPT  # the axe-core that axe_playwright_python's Axe().run injects

    world = add_ig_officers(development)  # the information governance officer's rows name these accounts
    pages = page_templates()
    chosen, rendered = one_url_per_template(world, pages)
    for name, target in NOT_REACHED_BY_THE_MATRIX.items():
        chosen.setdefault(name, target)

    never_checked = sorted(pages - rendered - set(chosen) - set(NEVER_OPENED_HERE))
    assert not never_checked, (
        "Page templates no URL of the permission matrix shows (add a row, or name a URL in NOT_REACHED_BY_THE_MATRIX):"
        + "".join(f"\n- {name}" for name in never_checked)
    )

    mine = sorted(chosen.items())[part::PARTS]
    found: dict[str, list[str]] = {}
    # One browser context and tab per role, signed in once, rather than one per page: a new context, its tab and
    # an empty cache cost more than the page itself. Each page still starts from a new document, sharing only the
    # cookies and storage anyone signed in has; no page of the matrix changes the session on GET.
    for role in dict.fromkeys(role for _, (_, role) in mine):
        context = browser.new_context(locale="en-GB")
        context.set_default_timeout(10_000)
        # axe-core is handed to the context once and runs in each new document, rather than sent with every page.
        context.add_init_script(script=AXE_SCRIPT)
        if role:
            log_in(context, live_server.url, getattr(world, role))
        page = context.new_page()
        for name, (url, page_role) in mine:
            if page_role != role:
                continue
            response = page.goto(live_server.url + url)
            if response is None or response.status != 200:
                found[name] = [f"{name}: {url} as {role} answered {response and response.status}"]
                continue
            results = page.evaluate(f"axe.run({json.dumps(AXE_OPTIONS)})")
            found[name] = [f"{name}: {url} as {role}\n{_describe(violation)}" for violation in results["violations"]]
        context.close()
    problems = [problem for name, _ in mine for problem in found.get(name, [])]  # in page order, as before
    assert not problems, f"{len(problems)} page(s) with accessibility problems:\n" + "\n".join(problems)
