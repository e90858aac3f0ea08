"""Phase 4 in the browser: a supervisor records a competency assessment for a peer they supervise, then sees the
gap on the assessment's page. Every page is checked with axe-core."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from development.models import CompetencyAssessment, DevelopmentObjective
from development.reference_data import load_development_reference_data
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_hr_creates_post import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    load_development_reference_data()


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_supervisor_records_a_competency_assessment_and_sees_the_gap(live_server, reference_data, development, page):
    w = development
    base = live_server.url
    sign_in(page, base, w.supervisor.username)
    expect(page).to_have_url(base + "/")

    page.goto(base + reverse("development:assessment-list", args=[w.peer.pk]))
    expect(heading(page)).to_have_text("Competency assessments of Samira Okafor")
    assert_accessible(page)
    page.get_by_role("link", name="Record an assessment").click()
    expect(heading(page)).to_have_text("Assess Samira Okafor against the competencies")
    assert_accessible(page)

    page.get_by_role("radio", name="Supervision").check()
    essential = page.get_by_role("group", name=w.essential.text)
    essential.get_by_role("radio", name="Not yet").check()
    enhanced = page.get_by_role("group", name=w.enhanced.text)
    enhanced.get_by_role("radio", name="Demonstrated").check()
    enhanced.get_by_label("Evidence").fill("Calmed a disagreement in the Thursday group.")
    page.get_by_role("button", name="Save the assessment").click()

    # An essential competency not yet demonstrated needs a target date: the message is beside it.
    expect(heading(page)).to_have_text("Assess Samira Okafor against the competencies")
    expect(page.get_by_text("An essential competency not yet demonstrated needs a target date.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name=w.essential.text).get_by_label("Target date").fill("2027-06-01")
    page.get_by_role("button", name="Save the assessment").click()

    expect(heading(page)).to_have_text("Competency assessment of Samira Okafor")
    expect(page.get_by_text("Calmed a disagreement in the Thursday group.")).to_be_visible()
    develop = page.get_by_role("region", name="To develop")
    expect(develop.get_by_text(w.essential.text)).to_be_visible()
    expect(develop.get_by_text("1 Jun 2027")).to_be_visible()
    assert_accessible(page)

    assessment = CompetencyAssessment.objects.exclude(pk=w.assessment.pk).get()
    assert assessment.assessed_by == w.supervisor
    objective = DevelopmentObjective.objects.get(rating__assessment=assessment)
    assert objective.text == w.essential.text and str(objective.target_on) == "2027-06-01"
