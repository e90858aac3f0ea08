"""A member of staff signs in through the trust's identity provider (a real OpenID Connect provider started on
loopback, tests/sso/conftest.py), using the provider's own sign-in page, lands on the home page with their roles,
and signs out of both. Our pages are checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sso.models import IdentityProvider
from tests.e2e.conftest import assert_accessible
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, DOMAIN, SLUG, running_provider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_sign_in_with_the_trusts_identity_provider_and_sign_out_of_both(live_server, world, page):
    with running_provider(live_server.url) as issuer:
        IdentityProvider.objects.create(
            trust=world.trust,
            slug=SLUG,
            display_name="NHSmail",
            issuer=issuer,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            allowed_email_domains=DOMAIN,
        )
        world.hr_officer.email = f"hr.officer@{DOMAIN}"
        world.hr_officer.save()

        page.goto(f"{live_server.url}/accounts/login/")
        assert_accessible(page)
        page.get_by_role("link", name="Sign in with NHSmail").click()

        # The provider's own sign-in page.
        expect(page).to_have_url(re.compile(re.escape(issuer)))
        page.locator("input[name=login]").fill("hr")
        page.locator("input[name=password]").fill("any password")
        page.locator("button[type=submit]").click()

        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
        expect(page.get_by_text("Your roles: HR.")).to_be_visible()
        assert_accessible(page)

        page.get_by_role("button", name=re.compile(r"^Signed in as")).click()
        page.get_by_role("button", name="Sign out").click()
        # The provider asks to confirm signing out there too, then sends the person back to our sign-in page.
        expect(page).to_have_url(re.compile(re.escape(issuer)))
        page.get_by_role("button", name="Yes, sign me out").click()
        expect(page).to_have_url(f"{live_server.url}/accounts/login/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        assert_accessible(page)


def test_someone_from_a_domain_the_trust_does_not_allow_is_refused_on_a_clear_page(live_server, world, page):
    with running_provider(live_server.url) as issuer:
        IdentityProvider.objects.create(
            trust=world.trust,
            slug=SLUG,
            display_name="NHSmail",
            issuer=issuer,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            allowed_email_domains=DOMAIN,
        )
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("link", name="Sign in with NHSmail").click()
        expect(page).to_have_url(re.compile(re.escape(issuer)))
        page.locator("input[name=login]").fill("outsider")
        page.locator("input[name=password]").fill("any password")
        page.locator("button[type=submit]").click()

        expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/sso/{SLUG}/callback/")))
        expect(page.get_by_text("Email addresses ending example.org cannot sign in with NHSmail")).to_be_visible()
        assert_accessible(page)  # sso/refused.html
