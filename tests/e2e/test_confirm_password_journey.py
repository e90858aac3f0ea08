"""The HR officer, signed in a while ago, opens an occupational health record: the password is asked for again
(a wrong one is shown beside the field), then the record opens. Each page is checked with axe-core."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_hr_creates_post import log_in
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_old_sign_in_confirms_the_password_before_an_oh_record(live_server, recruitment, page):
    url = reverse("recruitment:occupational-health", args=[recruitment.application.pk])
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC), tick=True) as clock:
        log_in(page, live_server.url, recruitment.hr_officer)
        clock.shift(datetime.timedelta(minutes=20))
        page.goto(live_server.url + url)
        expect(page).to_have_url(re.compile(r"/confirm-password/\?next="))
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your password to continue")
        assert_accessible(page)

        page.get_by_label("Your password").fill("not the password")
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("alert")).to_contain_text("The password is not right.")
        assert_accessible(page)

        page.get_by_label("Your password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Continue").click()
        expect(page).to_have_url(live_server.url + url)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Occupational health")
