"""A member of staff creates a personal API token in the browser, copies it from the page that shows it once, and a
script uses it; the API reference page (Swagger UI, served by the application) renders under the
Content-Security-Policy with nothing refused. The tokens pages are checked with axe-core."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from api.models import ApiToken, ApiTokenUse
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_hr_creates_post import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_creates_a_token_sees_it_once_and_a_script_uses_it(live_server, world, page):
    log_in(page, live_server.url, world.hr_officer)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Signed in as").click()
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    page.get_by_role("link", name="Create a token").click()
    assert_accessible(page)

    page.get_by_label("Name").fill("Board report")
    page.get_by_label("Expires on").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Copy it now: it will not be shown again.").first).to_be_visible()
    token = page.get_by_label("Token").input_value()
    assert token.startswith("psp_")
    assert_accessible(page)

    answer = page.request.get(live_server.url + "/api/v1/trusts/", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and answer.json()["results"][0]["name"] == world.trust.name
    assert ApiTokenUse.objects.filter(token__user=world.hr_officer).count() == 1

    page.reload()
    expect(page.get_by_label("Token")).to_have_count(0)  # shown once
    page.get_by_role("button", name=re.compile(r"^Revoke")).click()
    expect(page.get_by_text("Token revoked")).to_be_visible()
    assert ApiToken.objects.get(user=world.hr_officer).revoked_at is not None
    again = page.request.get(live_server.url + "/api/v1/trusts/", headers={"Authorization": f"Bearer {token}"})
    assert again.status == 401


def test_the_api_reference_renders_under_the_content_security_policy(live_server, world, page):
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    log_in(page, live_server.url, world.hr_officer)
    page.goto(live_server.url + "/api/reference/")
    expect(page.get_by_text("/api/v1/trusts/").first).to_be_visible()
    assert not refused, refused
