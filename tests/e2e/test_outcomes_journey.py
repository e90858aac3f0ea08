"""Issue 18 in the browser: a line manager records last month's team return (after a refused achieved-above-agreed
figure), an absence of a peer of the team and a caseload above capacity; the peer support lead starts the evaluation
plan from the readiness answer and sees the return and the absence in the dashboard's month-by-month trend. axe
passes on every page shown."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from outcomes.models import TeamReturn
from programmes.models import Programme
from tests.e2e.conftest import PHONE, assert_accessible
from tests.e2e.test_hr_creates_post import log_in
from workforce.models import AbsenceEpisode

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_line_manager_records_a_return_and_an_absence_and_the_peer_lead_sees_both_in_the_trend(
    live_server, workforce, page
):
    w = workforce
    base = live_server.url
    month = timezone.localdate().replace(day=1) - relativedelta(months=1)
    programme = Programme.objects.get(trust=w.trust)
    programme.difference_hoped_for = "Fewer readmissions. More hope."
    programme.save()
    log_in(page, base, w.line_manager)

    page.goto(base + reverse("outcomes:return-list", args=[w.team.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Monthly returns: {w.team.name}")
    assert_accessible(page)
    page.get_by_role("link", name=f"Enter the return for {month:%B %Y}").click()
    expect(page.get_by_label("Month")).to_have_value(f"{month:%Y-%m}")
    for label, value in [
        ("People supported", "14"),
        ("Contacts", "41"),
        ("Groups run", "3"),
        ("Goals agreed", "6"),
        ("Goals achieved", "9"),
        ("First meetings", "4"),
        ("People completing 6 to 8 weeks", "2"),
    ]:
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_contain_text("Goals achieved cannot be more than goals agreed.")
    assert_accessible(page)
    assert not TeamReturn.objects.exists()
    page.get_by_label("Goals achieved").fill("5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return of {w.team.name} for {month:%B %Y}")
    assert_accessible(page)

    page.goto(base + reverse("workforce:absence-create", args=[w.colleague.pk]))
    first = month + datetime.timedelta(days=(7 - month.weekday()) % 7)  # the month's first Monday
    page.get_by_label("First day of absence").fill(first.isoformat())
    page.get_by_label("Last day of absence").fill((first + datetime.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Absence: Daniel Whitfield")
    assert_accessible(page)
    assert AbsenceEpisode.objects.get().days_lost == 3

    page.goto(base + reverse("outcomes:caseload-create", args=[w.peer.pk]))
    page.get_by_label("Current caseload").fill("12")
    page.get_by_label("Capacity agreed").fill("10")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#caseload-warning")).to_contain_text("Above capacity")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, base, w.peer_lead)
    page.goto(base + reverse("outcomes:plan-detail", args=[programme.pk]))
    assert_accessible(page)
    page.get_by_role("link", name="Start the evaluation plan").click()
    expect(page.get_by_label("The questions the programme set itself")).to_have_value("Fewer readmissions.\nMore hope.")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("table", name="The plan's questions and how we will know")).to_contain_text("More hope.")
    assert_accessible(page)
    page.goto(base + reverse("dashboards:dashboard"))
    page.locator("#returns-trend summary").click()
    returns = page.get_by_role("table", name="Team returns, month by month")
    row = returns.locator("tr", has_text=w.team.name).filter(has_text=f"{month:%Y-%m}")
    expect(row).to_contain_text("14")
    page.locator("#absence-trend summary").click()
    absence = page.get_by_role("table", name="Sickness absence, month by month")
    expect(absence.locator("tr", has_text=w.team.name).filter(has_text=f"{month:%Y-%m}")).to_contain_text("3.0")
    # On a phone (Chart.js redraws the open sections' charts to the new width when the window resizes, a moment
    # after: the check runs once it has).
    page.set_viewport_size(PHONE)
    page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
