"""Phase 4, workforce growth, in the browser: the peer support lead opens the programme's workforce growth page,
logs a vacancy review deciding to convert the vacancy, creating the peer post at once, and finds the post and
the review in the log. Every page visited is checked with axe-core."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from development.models import VacancyReview
from programmes.models import Post
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_hr_creates_post import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_peer_lead_logs_a_vacancy_conversion_and_creates_the_peer_post(live_server, development, page):
    w = development
    base = live_server.url
    sign_in(page, base, w.peer_lead.username)
    expect(page).to_have_url(base + "/")

    page.goto(base + reverse("development:growth", args=[w.programme.pk]))
    expect(heading(page)).to_have_text(f"Workforce growth: {w.programme.name}")
    expect(page.get_by_text("against a target of 20%")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Log a vacancy review").click()
    expect(heading(page)).to_have_text("Log a vacancy review")
    assert_accessible(page)
    page.get_by_label("Team").select_option(label="Riverside CMHT")
    page.get_by_label("Vacant post").fill("Healthcare Assistant")
    page.get_by_label("Band of the vacancy").select_option(label="Band 3")
    page.get_by_label("Hours per week of the vacancy").fill("22.5")
    page.get_by_role("radio", name="Convert to a peer post").check()
    page.get_by_label("Reason for the decision").fill(
        "A peer/healthcare assistant post: the same work, done differently."
    )
    page.get_by_role("checkbox", name="Create the peer post now").check()
    page.get_by_label("Title of the peer post").fill("Peer Support Worker (converted HCA)")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status").filter(has_text="Vacancy review of Healthcare Assistant logged.")).to_be_visible()
    expect(heading(page)).to_have_text("Vacancy review: Healthcare Assistant, Riverside CMHT")
    expect(page.get_by_role("link", name="Peer Support Worker (converted HCA)")).to_be_visible()
    assert_accessible(page)

    review = VacancyReview.objects.get(vacancy="Healthcare Assistant")
    post = review.new_post
    assert (review.decision, review.decided_by, review.team) == ("convert", w.peer_lead, w.team)
    assert (post.title, post.band, post.hours, post.funding, post.converted_from) == (
        "Peer Support Worker (converted HCA)",
        3,
        Decimal("22.5"),
        Post.Funding.CONVERTED,
        "Healthcare Assistant",
    )
    assert post.is_vacant

    page.get_by_role("link", name="Vacancy review log").click()
    expect(heading(page)).to_have_text("Vacancy review log")
    expect(page.get_by_role("cell", name=re.compile("Peer Support Worker \\(converted HCA\\)"))).to_be_visible()
    assert_accessible(page)

    # The new vacant peer post now shows on the growth page, counted apart from the share.
    page.goto(base + reverse("development:growth", args=[w.programme.pk]))
    expect(page.get_by_text(re.compile(r"Vacant peer posts are counted apart.*1 vacant \(0\.60 WTE\)"))).to_be_visible()
    assert_accessible(page)
