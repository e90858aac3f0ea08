"""HR's whole recruitment journey in the browser, counted (issue 15's "done when"): from the recruitment page to a
vacancy's pipeline board, a new applicant added on the application form, shortlisting, the interview held and
scored (HR chairs the panel), the conditional offer, occupational health, DBS, the appointment, the placement and
the start of the induction. Every click, choice and form submission is counted and the journey fails above 30;
the only typed address is the first page's. Every page it shows passes axe-core and fits a 390 px wide screen.

The team is prepared for peer workers beforehand (phase 1), so the placement shows no warnings to accept."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programmes import services as programme_services
from programmes.models import ReferenceItem
from programmes.reference_data import load_reference_data
from recruitment.models import Application, InterviewDimension, StageTransition
from recruitment.selectors import criteria_identified_by_application
from tests.e2e.conftest import DESKTOP, assert_accessible
from tests.factories import TEST_PASSWORD
from workforce.models import Placement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

Stage = Application.Stage
NEW_APPLICANT = "Robin Ames"
MOST_ACTIONS = 30


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    load_reference_data()


class Journey:
    """The browser page, counting what the user does: each click, tick, choice from a list and submission."""

    def __init__(self, page):
        self.page = page
        self.actions: list[str] = []

    def click(self, locator, what: str) -> None:
        self.actions.append(what)
        locator.click()

    def check(self, locator, what: str) -> None:
        self.actions.append(what)
        locator.check()

    def choose(self, locator, label: str, what: str) -> None:
        self.actions.append(what)
        locator.select_option(label=label)

    def shows(self, heading: str | re.Pattern) -> None:
        """The page has this heading, passes axe, and does not scroll sideways on a phone (assert_accessible)."""
        expect(self.page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(self.page)

    def card(self, name: str):
        return self.page.locator("li.pipeline-card").filter(has_text=name)

    def flash(self, text: str):
        return self.page.get_by_role("status").filter(has_text=text)


def prepare_team(w) -> None:
    """Phase 1 done: a preparation session covering the whole agenda, and recovery-focused practice training."""
    agenda = ReferenceItem.objects.filter(kind=ReferenceItem.Kind.TEAM_PREPARATION_AGENDA)
    programme_services.record_team_preparation_session(
        by=w.hr_officer,
        team=w.team,
        held_on=timezone.localdate(),
        attendees="Maya Singh, team leader",
        coverage={item.pk: (True, "") for item in agenda},
        actions=[],
    )
    programme_services.update_team(team=w.team, by=w.hr_officer, recovery_training_done=True)


def test_hr_takes_a_new_applicant_from_the_vacancy_to_induction_in_at_most_30_actions(live_server, recruitment, page):
    w = recruitment
    prepare_team(w)
    today = timezone.localdate().isoformat()
    page.set_viewport_size(DESKTOP)
    j = Journey(page)

    # Signed out, the product asks HR to sign in first (the only address typed: the product's own).
    page.goto(live_server.url + "/")
    j.shows("Sign in")
    page.get_by_label("Username").fill(w.hr_officer.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    j.click(page.get_by_role("button", name="Sign in"), "sign in")
    expect(page).to_have_url(live_server.url + "/")
    assert_accessible(page)

    # Recruitment, from HR's home page (the Recruitment menu of the main navigation has it too).
    j.click(page.get_by_role("link", name=re.compile(r"^Recruitment: vacancies")), "recruitment")
    j.shows("Recruitment")

    # Open the vacancy's pipeline board.
    j.click(page.get_by_role("link", name=f"Pipeline of {w.vacancy.job_title}, {w.team.name}"), "open the vacancy")
    j.shows(f"Pipeline: {w.vacancy.job_title}")

    # A new applicant, not yet on file, added on the application form.
    j.click(page.get_by_role("link", name="Record an application"), "record an application")
    j.shows(f"Record an application: {w.vacancy.job_title}")
    form = page.locator("main form")
    form.get_by_label("New applicant's full name").fill(NEW_APPLICANT)
    form.get_by_label("New applicant's email address").fill("robin.ames@example.org")
    j.click(form.get_by_role("button", name="Save", exact=True), "save the application")
    expect(j.flash(f"Application from {NEW_APPLICANT} recorded.")).to_be_visible()
    j.shows(f"Pipeline: {w.vacancy.job_title}")
    expect(page.get_by_role("heading", name=re.compile(r"^Applied \d+$"))).to_be_visible()

    # Shortlisting: mark the criteria, then save and move to "Shortlisted".
    j.click(j.card(NEW_APPLICANT).get_by_role("link", name=f"Mark the criteria for {NEW_APPLICANT}"), "open the marks")
    j.shows(f"Shortlisting: {NEW_APPLICANT}")
    for row in criteria_identified_by_application(w.vacancy):
        if row.essential.strip():
            group = page.get_by_role("group", name=f"Essential criteria: {row.attribute}")
            j.check(group.get_by_role("radio", name="Met", exact=True), f"mark {row.attribute}")
    j.click(page.get_by_role("button", name="Save and move to “Shortlisted”"), "save the marks and shortlist")
    expect(j.flash("Application moved to “Shortlisted”.")).to_be_visible()
    j.shows(f"Pipeline: {w.vacancy.job_title}")

    # Invite to the group interview from the card.
    j.click(j.card(NEW_APPLICANT).get_by_role("button", name=re.compile(r"^Invite to the group interview")), "invite")
    expect(j.flash("1 applicant invited.")).to_be_visible()
    j.shows(f"Pipeline: {w.vacancy.job_title}")

    # The interview has been held: HR, chairing the panel, scores it and records it as held.
    j.click(j.card(NEW_APPLICANT).get_by_role("link", name=f"Score the interview for {NEW_APPLICANT}"), "open scores")
    j.shows(f"Interview scores: {NEW_APPLICANT}")
    for dimension in InterviewDimension:
        group = page.get_by_role("group", name=f"{dimension.label} (scored 0-4)")
        j.check(group.get_by_role("radio", name="3: good evidence"), f"score {dimension.label}")
    j.click(page.get_by_role("button", name="Save and move to “Interviewed”"), "save scores, interviewed")
    expect(j.flash("Application moved to “Interviewed”.")).to_be_visible()
    j.shows(f"Pipeline: {w.vacancy.job_title}")

    # The conditional offer.
    j.click(j.card(NEW_APPLICANT).get_by_role("button", name=f"Move to Conditional offer for {NEW_APPLICANT}"), "offer")
    expect(j.flash("Application moved to “Conditional offer”.")).to_be_visible()
    j.shows(f"Pipeline: {w.vacancy.job_title}")

    # Occupational health: fit with adjustments.
    j.click(
        j.card(NEW_APPLICANT).get_by_role("link", name=f"Record the occupational health outcome for {NEW_APPLICANT}"),
        "open OH",
    )
    j.shows(f"Occupational health: {NEW_APPLICANT}")
    form = page.locator("main form")
    j.choose(form.get_by_role("combobox", name=re.compile(r"^Outcome\*?$")), "Fit with reasonable adjustments", "OH")
    form.get_by_label("Outcome received").fill(today)
    form.get_by_label("Working hours").fill("No starts before 10am.")
    j.click(page.get_by_role("button", name="Save and move to “Occupational health cleared”"), "save OH, cleared")
    expect(j.flash("Application moved to “Occupational health cleared”.")).to_be_visible()
    j.shows(f"Pipeline: {w.vacancy.job_title}")

    # DBS: returned with nothing disclosed.
    j.click(j.card(NEW_APPLICANT).get_by_role("link", name=f"Record the DBS check for {NEW_APPLICANT}"), "open DBS")
    j.shows(f"DBS check: {NEW_APPLICANT}")
    form = page.locator("main form")
    j.choose(form.get_by_label("Status"), "Returned: nothing disclosed", "DBS status")
    form.get_by_label("Submitted on").fill(today)
    form.get_by_label("Returned on").fill(today)
    j.click(page.get_by_role("button", name="Save and move to “DBS cleared”"), "save DBS, cleared")
    expect(j.flash("Application moved to “DBS cleared”.")).to_be_visible()
    j.shows(f"Pipeline: {w.vacancy.job_title}")

    # Appointed, then placed in the post with the form filled from the application.
    j.click(j.card(NEW_APPLICANT).get_by_role("button", name=f"Move to Appointed for {NEW_APPLICANT}"), "appoint")
    expect(j.flash("Application moved to “Appointed”.")).to_be_visible()
    j.shows(f"Pipeline: {w.vacancy.job_title}")
    j.click(j.card(NEW_APPLICANT).get_by_role("link", name=f"Place in a post for {NEW_APPLICANT}"), "place")
    j.shows("Place a peer in a post")
    form = page.locator("main form")
    applicant_id = Application.objects.get(applicant__full_name=NEW_APPLICANT).applicant_id
    expect(form.get_by_role("combobox", name=re.compile(r"^Peer\*?$"))).to_have_value(str(applicant_id))
    expect(form.get_by_role("combobox", name=re.compile(r"^Post\*?$"))).to_have_value(str(w.vacant_post.pk))
    expect(form.get_by_label(re.compile(r"Hours per week"))).to_have_value(re.compile(r"^30(\.0+)?$"))
    expect(form.get_by_label(re.compile(r"Reasonable adjustments"))).to_have_value(re.compile("No starts before 10am."))
    form.get_by_label(re.compile(r"Reasons for the match")).fill("Runs a walking group; the team asked for group work.")
    j.click(form.get_by_role("button", name="Save", exact=True), "save the placement")
    expect(j.flash(f"{NEW_APPLICANT} placed in {w.vacant_post.title}.")).to_be_visible()
    j.shows(re.compile(NEW_APPLICANT))

    # The induction starts from the placement.
    j.click(page.get_by_role("link", name="Start induction"), "start induction")
    j.shows(re.compile(r"[Ii]nduction"))

    assert len(j.actions) <= MOST_ACTIONS, f"{len(j.actions)} actions: {j.actions}"

    application = Application.objects.get(applicant__full_name=NEW_APPLICANT)
    assert application.stage == Stage.APPOINTED
    assert [t.to_stage for t in StageTransition.objects.filter(application=application)] == [
        Stage.APPLIED,
        Stage.SHORTLISTED,
        Stage.INTERVIEWED,
        Stage.CONDITIONAL_OFFER,
        Stage.OH_CLEARED,
        Stage.DBS_CLEARED,
        Stage.APPOINTED,
    ]
    placement = Placement.objects.get(application=application)
    assert (placement.post, placement.peer) == (w.vacant_post, application.applicant)
    assert "No starts before 10am." in placement.reasonable_adjustments
    assert page.url.endswith(placement.induction.get_absolute_url())
