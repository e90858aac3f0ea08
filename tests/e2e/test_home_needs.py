"""The "what needs you" home page of each role in a browser (issue 15): headings, lists and counts in words, checked
with axe-core, at a desktop width and at 390 px without scrolling sideways."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import WIDER_THAN_THE_SCREEN, assert_accessible
from tests.e2e.test_hr_creates_post import log_in
from workforce import reminders

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = ["hr_officer", "peer_lead", "line_manager", "supervisor", "panel_member", "peer_worker"]
# Once the page has been laid out (two animation frames after the check is asked for: a run on a loaded machine once
# measured the page mid-layout), None when it does not scroll sideways, else its width and the elements past the
# right edge.
SIDEWAYS_ONCE_LAID_OUT = f"""() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(
  document.documentElement.scrollWidth <= window.innerWidth
    ? null
    : [document.documentElement.scrollWidth, {WIDER_THAN_THE_SCREEN.strip()}]))))"""


def test_each_roles_home_page_is_accessible_and_fits_a_phone(live_server, recruitment, workforce, page):
    w = workforce
    reminders.run(timezone.localdate())
    for role in ROLES:
        page.context.clear_cookies()
        log_in(page, live_server.url, getattr(w, role))
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live_server.url + "/")
            needs = page.get_by_role("region", name="What needs you")
            expect(needs.get_by_role("heading", level=2)).to_have_text("What needs you")
            expect(needs.get_by_role("heading", level=3).first).to_be_visible()
            overflow = page.evaluate(SIDEWAYS_ONCE_LAID_OUT)
            assert overflow is None, (role, width, overflow)
        assert_accessible(page)
