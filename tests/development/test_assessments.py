"""Strengths-based competency assessments: the service's rules, its gaps becoming development objectives, and
the pages (bad input shows a message beside the field and saves nothing)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from development import services
from development.models import CompetencyAssessment, CompetencyFramework, DevelopmentObjective
from development.services import rating_field

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

ON = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 12, 0), tick=False):
        yield


def ratings(w, essential="demonstrated", enhanced="demonstrated", **extra):
    return [
        {"descriptor": w.essential, "status": essential, "evidence": "Called three GPs for a client.", **extra},
        {"descriptor": w.enhanced, "status": enhanced, "evidence": "Calmed a group."},
    ]


def record(w, by=None, **kwargs):
    fields = {
        "by": by or w.supervisor,
        "peer": w.peer,
        "framework": w.framework,
        "assessed_on": ON,
        "context": "supervision",
        "ratings": ratings(w),
    }
    fields.update(kwargs)
    return services.record_assessment(**fields)


def test_every_gap_becomes_an_objective_of_the_development_plan(development):
    w = development
    target = datetime.date(2027, 2, 1)
    assessment = record(
        w,
        ratings=[
            {"descriptor": w.essential, "status": "developing", "evidence": "", "target_on": target},
            {"descriptor": w.enhanced, "status": "not_yet", "evidence": ""},
        ],
        supervision_session=w.group_session,
    )
    # The essential gap updates the open objective the world already has for it (no duplicate); an enhanced
    # competency "not yet" is not expected of the role yet, so it is no objective.
    objectives = DevelopmentObjective.objects.filter(rating__assessment=assessment).order_by("-descriptor__level")
    assert [(o.pk, o.source, o.text, o.target_on, o.descriptor) for o in objectives] == [
        (w.gap_objective.pk, "competency_gap", w.essential.text, target, w.essential),
    ]
    assert DevelopmentObjective.objects.filter(peer=w.peer, descriptor=w.essential).count() == 1
    assert assessment.assessed_by == w.supervisor and assessment.history.first().history_user == w.supervisor


def test_an_enhanced_competency_the_peer_is_developing_becomes_an_objective(development):
    w = development
    assessment = record(w, ratings=ratings(w, enhanced="developing"))
    gap = DevelopmentObjective.objects.get(rating__assessment=assessment)
    assert (gap.descriptor, gap.source, gap.status) == (w.enhanced, "competency_gap", "open")


def test_everything_demonstrated_is_nothing_to_develop_and_the_open_gap_is_achieved(development):
    w = development
    before = DevelopmentObjective.objects.count()
    record(w)
    assert DevelopmentObjective.objects.count() == before
    w.gap_objective.refresh_from_db()
    assert (w.gap_objective.status, w.gap_objective.achieved_on) == ("achieved", ON)


def fails(w, field, message, **kwargs):
    before = (CompetencyAssessment.objects.count(), DevelopmentObjective.objects.count())
    with pytest.raises(ValidationError) as error:
        record(w, **kwargs)
    assert message in " ".join(error.value.message_dict[field])
    assert (CompetencyAssessment.objects.count(), DevelopmentObjective.objects.count()) == before


def test_an_essential_competency_not_demonstrated_needs_a_target_date(development):
    w = development
    fails(w, rating_field("target_on", w.essential), "needs a target date", ratings=ratings(w, essential="not_yet"))


def test_demonstrated_needs_evidence(development):
    w = development
    rs = ratings(w)
    rs[0]["evidence"] = " "
    fails(w, rating_field("evidence", w.essential), "Say what the peer did", ratings=rs)


def test_every_descriptor_is_rated(development):
    w = development
    fails(w, rating_field("status", w.enhanced), "Choose demonstrated, developing or not yet", ratings=ratings(w)[:1])


def test_a_target_date_comes_after_the_assessment(development):
    w = development
    rs = ratings(w, essential="developing", target_on=ON)
    fails(w, rating_field("target_on", w.essential), "comes after the assessment", ratings=rs)


def test_an_assessment_is_not_made_in_the_future(development):
    w = development
    fails(w, "assessed_on", "on or before today", assessed_on=ON + datetime.timedelta(days=1))


def test_the_session_must_be_one_the_peer_attended(development):
    w = development
    w.managerial_session.attendances.all().delete()
    fails(w, "supervision_session", "the peer attended", supervision_session=w.managerial_session)


def test_a_review_is_linked_only_to_an_appraisal_or_interim_review(development):
    w = development
    fails(w, "review", "only to an assessment made at an appraisal", review=w.review)
    fails(w, "review", "choose the matching context", review=w.review, context="appraisal")
    assert record(w, review=w.review, context="interim_review").review == w.review


def test_a_framework_of_another_trust_is_refused(development):
    w = development
    other = CompetencyFramework.objects.create(name="Westvale framework", trust=w.other_trust)
    fails(w, "framework", "in use at the peer's trust", framework=other)


def test_only_those_who_supervise_the_peer_assess_them(development):
    w = development
    with pytest.raises(ValidationError, match="only the peers you supervise"):
        record(w, by=w.hr_officer)


# --- Pages ---------------------------------------------------------------------------------------


def form_data(w, **overrides):
    data = {
        "assessed_on": "2026-11-20",
        "context": "supervision",
        "supervision_session": w.group_session.pk,
        "summary": "Warm and steady.",
        rating_field("status", w.essential): "not_yet",
        rating_field("target_on", w.essential): "2027-03-01",
        rating_field("status", w.enhanced): "demonstrated",
        rating_field("evidence", w.enhanced): "Calmed a disagreement.",
    }
    data.update(overrides)
    return data


def create_url(w):
    return reverse("development:assessment-create", args=[w.peer.pk]) + f"?framework={w.framework.pk}"


def test_the_form_has_a_fieldset_per_domain_and_a_legend_per_descriptor(client, development):
    w = development
    client.force_login(w.supervisor)
    page = client.get(create_url(w)).content.decode()
    assert '<legend class="h4 float-none w-auto px-1">Effective Communication</legend>' in page
    assert w.essential.text in page and 'type="radio"' in page


def test_the_seed_framework_is_offered_by_default_when_the_trust_has_none(client, development):
    w = development
    CompetencyFramework.objects.filter(pk=w.framework.pk).update(is_active=False)
    client.force_login(w.supervisor)
    response = client.get(reverse("development:assessment-create", args=[w.peer.pk]))
    assert response.context["framework"].name == "Peer support competencies"
    assert "Understands and uses common social and health care terminology." in response.content.decode()


def test_a_supervisor_records_an_assessment_and_sees_the_gap(client, development):
    w = development
    client.force_login(w.supervisor)
    response = client.post(create_url(w), form_data(w))
    assessment = CompetencyAssessment.objects.exclude(pk=w.assessment.pk).get()
    assert response.status_code == 302 and response.url == reverse(
        "development:assessment-detail", args=[assessment.pk]
    )
    page = client.get(response.url).content.decode()
    assert page.index("Calmed a disagreement.") < page.index(w.essential.text)  # strengths first
    assert "1 Mar 2027" in page


def test_a_missing_target_date_shows_beside_the_descriptor_and_nothing_is_saved(client, development):
    w = development
    client.force_login(w.supervisor)
    before = (CompetencyAssessment.objects.count(), DevelopmentObjective.objects.count())
    response = client.post(create_url(w), form_data(w, **{rating_field("target_on", w.essential): ""}))
    assert response.status_code == 200
    assert response.context["form"].errors[rating_field("target_on", w.essential)] == [
        "An essential competency not yet demonstrated needs a target date."
    ]
    assert "An essential competency not yet demonstrated needs a target date." in response.content.decode()
    assert (CompetencyAssessment.objects.count(), DevelopmentObjective.objects.count()) == before


def test_a_missing_date_is_refused_beside_the_field(client, development):
    w = development
    client.force_login(w.supervisor)
    response = client.post(create_url(w), form_data(w, assessed_on=""))
    assert response.context["form"].errors["assessed_on"] == ["Enter the date of the assessment."]
    assert CompetencyAssessment.objects.count() == 1


def test_the_peer_sees_their_assessments(client, development):
    w = development
    client.force_login(w.peer_worker)
    response = client.get(reverse("development:assessment-list", args=[w.peer.pk]))
    (row,) = response.context["assessments"]
    assert (row.demonstrated, row.developing, row.not_yet) == (1, 0, 1) and not response.context["can_assess"]
