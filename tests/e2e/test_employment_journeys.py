"""Phase 3, employment, in the browser: a supervisor records a group peer supervision session for two peers
and writes each one's notes; a peer edits their Wellness Action Plan and shares it with their line manager,
who could not open it before and can after.

Every page the journeys show is checked with axe-core (not Django's bare 404 page, which is not ours).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_hr_creates_post import sign_in
from workforce.models import SupervisionSession, WellnessActionPlan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def heading(page):
    return page.get_by_role("heading", level=1)


def switch_user(page, base_url: str, user) -> None:
    page.context.clear_cookies()
    sign_in(page, base_url, user.username)
    expect(page).to_have_url(base_url + "/")


def test_a_supervisor_records_a_group_session_with_each_peers_notes(live_server, workforce, page):
    w = workforce
    base = live_server.url
    sign_in(page, base, w.supervisor.username)
    expect(page).to_have_url(base + "/")

    page.goto(base + reverse("workforce:supervision-list"))
    expect(heading(page)).to_have_text("Supervision sessions")
    assert_accessible(page)
    page.get_by_role("link", name="Record a session").click()
    expect(heading(page)).to_have_text("Record a supervision session")
    assert_accessible(page)

    page.get_by_role("radio", name="Peer supervision").check()
    page.get_by_role("radio", name="Group").check()
    page.get_by_role("radio", name="Held", exact=True).check()
    page.get_by_label("Location").fill("Riverside base, room 2")
    page.get_by_role("checkbox", name="Samira Okafor").check()
    page.get_by_role("checkbox", name="Daniel Whitfield").check()
    page.get_by_label("Themes").fill("Sharing your story with purpose.")
    page.get_by_label("Actions").fill("Both to read the ImROC briefing on peer support.")
    page.get_by_role("button", name="Save").click()

    expect(heading(page)).to_contain_text("Wellbeing checks and notes")
    assert_accessible(page)
    page.get_by_label("Wellbeing check: Samira Okafor").fill("Bright, sleeping well.")
    page.get_by_label("Notes: Samira Okafor").fill("Samira would like to co-facilitate the next group.")
    page.get_by_label("Wellbeing check: Daniel Whitfield").fill("Tired after a busy week.")
    page.get_by_label("Notes: Daniel Whitfield").fill("Daniel will book a day off.")
    page.get_by_role("button", name="Save the notes").click()

    expect(page.get_by_role("status").filter(has_text="Notes saved.")).to_be_visible()
    expect(heading(page)).to_contain_text("Peer supervision")
    expect(page.get_by_text("Samira would like to co-facilitate the next group.")).to_be_visible()
    expect(page.get_by_text("Daniel will book a day off.")).to_be_visible()
    assert_accessible(page)

    session = SupervisionSession.objects.get(location="Riverside base, room 2")
    assert session.format == "group" and session.supervisor == w.supervisor
    assert dict(session.attendances.values_list("peer__full_name", "notes")) == {
        "Samira Okafor": "Samira would like to co-facilitate the next group.",
        "Daniel Whitfield": "Daniel will book a day off.",
    }

    # The line manager sees the session's themes, never the notes.
    switch_user(page, base, w.line_manager)
    page.goto(base + session.get_absolute_url())
    expect(page.get_by_text("Sharing your story with purpose.")).to_be_visible()
    expect(page.get_by_text("Daniel will book a day off.")).to_have_count(0)
    assert_accessible(page)


def test_a_peer_edits_and_shares_their_wap_and_then_their_line_manager_can_open_it(live_server, workforce, page):
    w = workforce
    base = live_server.url
    url = base + reverse("workforce:wap-detail", args=[w.wap.pk])

    sign_in(page, base, w.line_manager.username)
    expect(page).to_have_url(base + "/")
    assert page.goto(url).status == 404

    switch_user(page, base, w.peer_worker)
    page.goto(base + reverse("workforce:wap-mine"))
    expect(heading(page)).to_have_text("My Wellness Action Plan")
    assert_accessible(page)
    page.get_by_role("link", name="Edit the plan").click()
    expect(heading(page)).to_have_text("Edit your Wellness Action Plan")
    assert_accessible(page)
    page.get_by_label("Support I need from my line manager").fill("A check-in after difficult visits.")
    page.get_by_label("Early warning signs").fill("Going quiet in team meetings; skipping lunch.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved as version 2.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Choose who may see it").click()
    expect(heading(page)).to_have_text("Who may see your Wellness Action Plan")
    expect(page.get_by_text("The peer support lead can always see it")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name="My line manager").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Sharing saved.")).to_be_visible()
    assert_accessible(page)

    plan = WellnessActionPlan.objects.get(pk=w.wap.pk)
    assert plan.shared_with_line_manager and not plan.shared_with_hr and plan.version == 2

    switch_user(page, base, w.line_manager)
    assert page.goto(url).status == 200
    expect(heading(page)).to_have_text("Wellness Action Plan: Samira Okafor")
    expect(page.get_by_text("A check-in after difficult visits.")).to_be_visible()
    assert_accessible(page)
