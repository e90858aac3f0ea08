"""Phase 2, recruitment, in the browser: HR takes an application from the vacancy page through
shortlisting, a group interview (where the panel's peer worker scores the applicant with the keyboard
alone), the conditional offer, occupational health and DBS to an appointment, and the appointed applicant
is ready to start on the recruitment dashboard; and an application that ends without an appointment
gets its support record, waiting for feedback.

Every page the journeys show is checked with axe-core. Each test loads the reference data itself (see
tests/e2e/test_preparation_journeys.py for why): the recruitment world needs the Band 2 job description.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programmes.reference_data import load_reference_data
from recruitment.models import (
    Application,
    CandidateSupport,
    DbsCheck,
    InterviewDimension,
    InterviewScore,
    OccupationalHealthReferral,
    StageTransition,
    Vacancy,
)
from recruitment.selectors import criteria_identified_at_interview, criteria_identified_by_application
from tests import factories
from tests.e2e.conftest import assert_accessible, go_to
from tests.e2e.test_hr_creates_post import log_in, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

Stage = Application.Stage
APPLICANT = "Jordan Ellis"


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    load_reference_data()


def heading(page):
    return page.get_by_role("heading", level=1)


def flash(page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def move(page, to: str) -> None:
    """On the application page: move the application to the stage labelled `to`."""
    page.get_by_role("radio", name=to, exact=True).check()
    page.get_by_role("button", name="Move the application").click()
    expect(flash(page, f"Application moved to “{to}”.")).to_be_visible()
    expect(page.get_by_text(f"Stage now: {to}.")).to_be_visible()
    assert_accessible(page)


def open_application(page, base_url: str, application: Application) -> None:
    page.goto(base_url + application.get_absolute_url())
    expect(heading(page)).to_have_text(re.compile(rf"^Application: {application.applicant.full_name}, "))
    assert_accessible(page)


def switch_user(page, base_url: str, user) -> None:
    page.context.clear_cookies()
    log_in(page, base_url, user)


def test_hr_takes_an_applicant_from_the_vacancy_page_to_ready_to_start(live_server, recruitment, page):
    w = recruitment
    base = live_server.url
    applicant = factories.PeerFactory(trust=w.trust, full_name=APPLICANT)
    today = timezone.localdate()

    # HR records a paper application from the vacancy's page.
    sign_in(page, base, w.hr_officer.username)
    expect(heading(page)).to_contain_text("Welcome")
    page.goto(base + w.vacancy.get_absolute_url())
    expect(heading(page)).to_have_text(f"Vacancy: {w.vacancy.job_title}")
    assert_accessible(page)
    page.get_by_role("link", name="Record an application").click()
    expect(heading(page)).to_have_text(f"Record an application: {w.vacancy.job_title}")
    assert_accessible(page)
    form = page.locator("main form")
    form.get_by_label("Applicant", exact=True).select_option(label=APPLICANT)
    form.get_by_label("Support to complete the application form").check()
    referee = form.get_by_role("group", name="Referee 1")
    referee.get_by_label("Name").fill("Pat Moss")
    referee.get_by_label("Relationship").select_option(label="Volunteer supervisor")
    referee.get_by_label("Contact").fill("pat.moss@example.org")
    form.get_by_role("button", name="Save", exact=True).click()

    expect(flash(page, f"Application from {APPLICANT} recorded.")).to_be_visible()
    expect(heading(page)).to_have_text(f"Application: {APPLICANT}, {w.vacancy.job_title}")
    expect(page.get_by_role("table", name="Referees for this application")).to_contain_text("Alternative referee")
    assert_accessible(page)
    application = Application.objects.get(applicant=applicant)
    assert application.stage == Stage.APPLIED

    # HR marks every row identified by application as met, then shortlists.
    page.get_by_role("link", name="Mark against the person specification").click()
    expect(heading(page)).to_have_text(f"Shortlisting: {APPLICANT}")
    assert_accessible(page)
    for row in criteria_identified_by_application(w.vacancy):
        if row.essential.strip():
            essential = page.get_by_role("group", name=f"Essential criteria: {row.attribute}")
            essential.get_by_role("radio", name="Met", exact=True).check()
    page.get_by_role("button", name="Save my marks").click()
    expect(flash(page, "Your shortlisting marks are saved.")).to_be_visible()
    expect(heading(page)).to_have_text(f"Shortlist: {w.vacancy.job_title}")
    assert_accessible(page)
    page.get_by_role("link", name=APPLICANT, exact=True).click()
    expect(heading(page)).to_have_text(f"Application: {APPLICANT}, {w.vacancy.job_title}")
    move(page, "Shortlisted")

    # HR adds the applicant to the group interview (two days ago).
    page.get_by_role("link", name=f"{w.vacancy.job_title}, {w.team.name}").click()
    expect(heading(page)).to_have_text(f"Vacancy: {w.vacancy.job_title}")
    page.get_by_role("table", name="Interviews for this vacancy").get_by_role(
        "link", name=re.compile(r"^Group interview")
    ).click()
    expect(heading(page)).to_have_text(f"Group interview: {w.vacancy.job_title}")
    assert_accessible(page)
    page.get_by_role("link", name="Invite applicants").click()
    expect(heading(page)).to_have_text(re.compile(r"^Invite applicants: "))
    assert_accessible(page)
    page.get_by_label(APPLICANT).check()
    page.get_by_role("button", name="Invite").click()
    expect(flash(page, "1 applicant invited.")).to_be_visible()
    applicants = page.get_by_role("table", name="Applicants at this interview with their combined scores")
    expect(applicants.get_by_role("row").filter(has_text=APPLICANT)).to_contain_text("Not scored")
    assert_accessible(page)

    # The panel's peer worker signs in and scores the applicant with the keyboard alone.
    page.context.clear_cookies()
    sign_in(page, base, w.panel_member.username)
    expect(heading(page)).to_contain_text("Welcome")
    page.goto(base + w.interview.get_absolute_url())
    expect(heading(page)).to_have_text(f"Group interview: {w.vacancy.job_title}")
    assert_accessible(page)
    page.get_by_role("link", name=f"Score {APPLICANT}").click()
    expect(heading(page)).to_have_text(f"Interview scores: {APPLICANT}")
    assert_accessible(page)

    groups = len(InterviewDimension) + criteria_identified_at_interview(w.vacancy).count()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    for _ in range(groups):
        page.keyboard.press("Tab")  # into the next group of radios, on "0: no evidence"
        focused = page.locator(":focus")
        expect(focused).to_have_attribute("type", "radio")
        expect(focused).to_have_accessible_name("0: no evidence")
        page.keyboard.press("Space")
        for _ in range(3):
            page.keyboard.press("ArrowDown")  # each arrow moves to the next score and selects it
        expect(page.locator(":focus")).to_be_checked()
        expect(page.locator(":focus")).to_have_accessible_name("3: good evidence")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Notes")).to_be_focused()
    page.keyboard.type("Listened well to the others in the group.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save my scores")).to_be_focused()
    page.keyboard.press("Enter")

    expect(flash(page, "Your scores are saved.")).to_be_visible()
    expect(heading(page)).to_have_text(f"Group interview: {w.vacancy.job_title}")
    applicants = page.get_by_role("table", name="Applicants at this interview with their combined scores")
    expect(applicants.get_by_role("row").filter(has_text=APPLICANT)).to_contain_text("135.0")
    assert_accessible(page)
    scores = InterviewScore.objects.filter(application=application, panellist=w.panel_member)
    assert scores.count() == groups
    assert set(scores.values_list("score", flat=True)) == {3}
    assert scores.get(dimension="communication").notes == "Listened well to the others in the group."

    # HR: interviewed, a conditional offer, occupational health (fit with adjustments) and DBS (clear).
    switch_user(page, base, w.hr_officer)
    open_application(page, base, application)
    move(page, "Interviewed")
    move(page, "Conditional offer")

    page.get_by_role("link", name="Occupational health referral").click()
    expect(heading(page)).to_have_text(f"Occupational health: {APPLICANT}")
    assert_accessible(page)
    page.get_by_role("link", name="Record the referral").click()
    expect(heading(page)).to_have_text(f"Occupational health: {APPLICANT}")
    assert_accessible(page)
    form = page.locator("main form")
    form.get_by_role("combobox", name=re.compile(r"^Outcome\*?$")).select_option(
        label="Fit with reasonable adjustments"
    )
    form.get_by_label("Outcome received").fill(today.isoformat())
    form.get_by_label("Working hours").fill("No starts before 10am.")
    form.get_by_role("button", name="Save", exact=True).click()
    expect(flash(page, "Occupational health record saved.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("No starts before 10am.")
    assert_accessible(page)

    open_application(page, base, application)
    page.get_by_role("link", name="DBS check").click()
    expect(heading(page)).to_have_text(f"DBS check: {APPLICANT}")
    assert_accessible(page)
    page.get_by_role("link", name="Record the DBS check").click()
    expect(heading(page)).to_have_text(f"DBS check: {APPLICANT}")
    assert_accessible(page)
    form = page.locator("main form")
    form.get_by_label("Status").select_option(label="Returned: nothing disclosed")
    form.get_by_label("Submitted on").fill(today.isoformat())
    form.get_by_label("Returned on").fill(today.isoformat())
    form.get_by_role("button", name="Save", exact=True).click()
    expect(flash(page, "DBS record saved.")).to_be_visible()
    assert_accessible(page)

    # Cleared, then appointed.
    open_application(page, base, application)
    move(page, "Occupational health cleared")
    move(page, "DBS cleared")
    move(page, "Appointed")

    go_to(page, "Recruitment", "Recruitment overview")
    expect(heading(page)).to_have_text("Recruitment")
    ready = page.get_by_role("table", name="Appointed applicants ready to start, appointed longest ago first")
    expect(ready.get_by_role("row").filter(has_text=APPLICANT)).to_contain_text(w.team.name)
    assert_accessible(page)

    application.refresh_from_db()
    assert application.stage == Stage.APPOINTED
    assert list(StageTransition.objects.filter(application=application).values_list("to_stage", "by")) == [
        (stage, w.hr_officer.pk)
        for stage in (
            Stage.APPLIED,
            Stage.SHORTLISTED,
            Stage.INTERVIEWED,
            Stage.CONDITIONAL_OFFER,
            Stage.OH_CLEARED,
            Stage.DBS_CLEARED,
            Stage.APPOINTED,
        )
    ]
    oh = OccupationalHealthReferral.objects.get(application=application)
    assert (oh.outcome, oh.adjusted_hours) == ("fit_with_adjustments", "No starts before 10am.")
    assert DbsCheck.objects.get(application=application).status == "clear"
    assert Vacancy.objects.get(pk=w.vacancy.pk).status == Vacancy.Status.FILLED


def test_an_applicant_not_appointed_waits_for_feedback(live_server, recruitment, page):
    w = recruitment
    base = live_server.url
    name = w.applicant.full_name
    assert not CandidateSupport.objects.filter(application=w.application).exists()

    log_in(page, base, w.hr_officer)
    open_application(page, base, w.application)
    move(page, "Not appointed")
    expect(page.get_by_role("button", name="Move the application")).to_have_count(0)  # it has ended
    page.get_by_role("link", name="Support after an unsuccessful application").click()
    expect(heading(page)).to_contain_text(name)
    assert_accessible(page)

    go_to(page, "Recruitment", "Recruitment overview")
    expect(heading(page)).to_have_text("Recruitment")
    assert_accessible(page)
    page.get_by_role("link", name="2 candidates waiting for feedback").click()
    expect(heading(page)).to_have_text("Support for unsuccessful candidates")
    expect(page.get_by_role("heading", name="Waiting for feedback (2)")).to_be_visible()
    waiting = page.get_by_role("table", name="Candidates still waiting for feedback, longest waiting first")
    expect(waiting.get_by_role("row").filter(has_text=name)).to_contain_text("Not appointed")
    assert_accessible(page)

    support = CandidateSupport.objects.get(application=w.application)
    assert support.awaiting_feedback
    assert Application.objects.get(pk=w.application.pk).stage == Stage.NOT_APPOINTED
