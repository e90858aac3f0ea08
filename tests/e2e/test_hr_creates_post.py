"""The HR officer signs in, adds a post (correcting a mistake on the way) and finds it in the list.

Every page the journey shows is checked with axe-core.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from programmes.models import Post
from tests.e2e.conftest import assert_accessible, go_to
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Senior Peer Support Worker"


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def log_in(page, base_url: str, user) -> None:
    """Sign in without the form (its username field takes focus on load), via a session cookie."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def test_hr_officer_adds_a_post_after_correcting_the_hours(live_server, world, page):
    sign_in(page, live_server.url, world.hr_officer.username)

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    assert_accessible(page)

    go_to(page, "Preparation", "Posts")
    expect(page.get_by_role("heading", level=1)).to_have_text("Posts")
    page.get_by_role("link", name="Add a post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a post")
    assert_accessible(page)

    form = page.locator("main form")
    form.get_by_label("Team").select_option(label="Riverside CMHT")
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Agenda for Change").fill("4")
    form.get_by_label("Hours per week").fill("40")
    form.get_by_label("Career level").select_option(label="Senior peer support worker")
    form.get_by_role("button", name="Save").click()

    # Over full time: the page comes back with the error summary and the error beside the field.
    expect(page).to_have_title(re.compile(r"^Error: Add a post"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile(r"^Hours per week: "))).to_be_visible()
    hours = page.get_by_label("Hours per week")
    expect(hours).to_have_attribute("aria-invalid", "true")
    expect(hours).to_have_accessible_description(re.compile(r"less than or equal to 37\.5"))
    expect(page.locator("#error_1_id_hours")).to_contain_text("less than or equal to 37.5")
    expect(form.get_by_label("Title")).to_have_value(TITLE)
    assert not Post.objects.filter(title=TITLE).exists()
    assert_accessible(page)

    # Following the summary's link puts the cursor in the field to correct.
    summary.get_by_role("link", name=re.compile(r"^Hours per week: ")).click()
    expect(hours).to_be_focused()
    hours.fill("37.5")
    form.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status").filter(has_text=f"Post {TITLE} added.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    record = page.locator("dl.record")
    expect(record).to_contain_text("Riverside CMHT")
    expect(record).to_contain_text("Band 4")
    expect(record).to_contain_text("37.5 (1.00 WTE)")
    expect(record).to_contain_text("Senior peer support worker")
    expect(record).to_contain_text("Vacant")
    assert_accessible(page)

    go_to(page, "Preparation", "Posts")
    page.get_by_label("Title").fill("senior")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]q=senior"))
    table = page.get_by_role("table", name="Posts you can see")
    rows = table.get_by_role("row").filter(has=page.get_by_role("cell"))
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name=TITLE)).to_be_visible()
    expect(rows.first).to_contain_text("Riverside CMHT")
    assert_accessible(page)

    assert Post.objects.filter(title=TITLE).count() == 1
    post = Post.objects.get(title=TITLE)
    assert (post.team, post.band, str(post.hours), post.career_level) == (
        world.team,
        4,
        "37.50",
        Post.CareerLevel.SENIOR_PEER_SUPPORT_WORKER,
    )


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(live_server, world, page):
    log_in(page, live_server.url, world.hr_officer)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
