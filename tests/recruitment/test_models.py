"""Phase 2, recruitment, in its models: the stages the database accepts, and the rules the models
check themselves (DBS panel decisions, occupational health outcomes, interviews, vacancies, scores).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from recruitment import models, services
from recruitment.models import (
    STAGE_VALUES,
    Application,
    DbsCheck,
    Interview,
    InterviewScore,
    OccupationalHealthReferral,
    Referee,
    Vacancy,
)

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world]  # full_clean() checks the constraints in the database

TODAY = datetime.date(2026, 5, 4)


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean(exclude=["application"])
    return caught.value.message_dict


# --- Stages -----------------------------------------------------------------------------------


def test_the_database_check_names_exactly_the_pipelines_stages():
    assert tuple(Application.Stage.values) == STAGE_VALUES


def test_forward_and_unsuccessful_stages_together_are_every_stage():
    assert {*Application.FORWARD, *Application.UNSUCCESSFUL} == set(Application.Stage.values)
    assert not set(Application.FORWARD) & set(Application.UNSUCCESSFUL)


def test_the_database_refuses_an_unknown_stage(recruitment):
    application = recruitment.application
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(stage="hired")

    assert Application.objects.get(pk=application.pk).stage == Application.Stage.CONDITIONAL_OFFER


def test_the_stage_is_not_an_editable_field():
    assert not Application._meta.get_field("stage").editable


@pytest.mark.parametrize(
    ("stage", "is_open", "is_unsuccessful"),
    [
        ("applied", True, False),
        ("dbs_cleared", True, False),
        ("appointed", False, False),
        ("withdrawn", False, True),
        ("not_shortlisted", False, True),
        ("not_appointed", False, True),
    ],
)
def test_an_application_is_open_until_it_is_appointed_or_unsuccessful(stage, is_open, is_unsuccessful):
    application = Application(stage=stage)
    assert (application.is_open, application.is_unsuccessful) == (is_open, is_unsuccessful)


# --- DBS --------------------------------------------------------------------------------------


def dbs(**fields) -> DbsCheck:
    defaults = {"status": "disclosure", "submitted_on": TODAY, "returned_on": TODAY}
    defaults.update(fields)
    return DbsCheck(**defaults)


DECIDED = {
    "decision": "proceed",
    "decided_on": TODAY,
    "rationale": "A minor offence twenty years ago, during a period of ill-health.",
    "panel": "Ann Peer, peer worker\nBob Hale, HR",
}


@pytest.mark.parametrize("status", ["not_started", "submitted", "clear"])
def test_a_dbs_decision_is_refused_unless_the_check_discloses_a_record(status):
    assert "decision" in errors_of(dbs(status=status, returned_on=TODAY, **DECIDED))


@pytest.mark.parametrize(
    ("missing", "field"),
    [("decided_on", "decided_on"), ("rationale", "rationale"), ("panel", "panel")],
)
def test_a_dbs_decision_needs_a_date_a_rationale_and_the_panel(missing, field):
    fields = {**DECIDED, missing: None if missing == "decided_on" else "  "}
    assert field in errors_of(dbs(**fields))


def test_proceeding_with_safeguards_needs_the_safeguards():
    errors = errors_of(dbs(**{**DECIDED, "decision": "proceed_with_safeguards"}))
    assert errors == {"safeguards": ["Describe the safeguards agreed."]}

    dbs(**{**DECIDED, "decision": "proceed_with_safeguards", "safeguards": "No lone working."}).full_clean(
        exclude=["application"]
    )


def test_a_returned_dbs_check_needs_its_return_date_after_submission():
    assert "returned_on" in errors_of(dbs(status="clear", returned_on=None))
    assert "returned_on" in errors_of(dbs(status="clear", returned_on=TODAY - datetime.timedelta(days=1)))


def test_a_complete_disclosure_decision_is_valid():
    dbs(**DECIDED).full_clean(exclude=["application"])


@pytest.mark.parametrize(
    ("fields", "cleared"),
    [
        ({"status": "clear"}, True),
        ({"status": "submitted"}, False),
        ({"status": "disclosure"}, False),
        ({**DECIDED}, True),
        ({**DECIDED, "decision": "proceed_with_safeguards"}, True),
        ({**DECIDED, "decision": "do_not_proceed"}, False),
    ],
)
def test_a_dbs_check_is_cleared_when_clear_or_the_panel_proceeds(fields, cleared):
    assert dbs(**fields).is_cleared is cleared


def test_the_database_refuses_a_decision_without_a_disclosure(recruitment):
    check = recruitment.dbs_check
    with pytest.raises(IntegrityError), transaction.atomic():
        DbsCheck.objects.filter(pk=check.pk).update(
            decision="proceed", decided_on=TODAY, rationale="Bypassing the form."
        )

    assert DbsCheck.objects.get(pk=check.pk).decision == ""


# --- Occupational health ----------------------------------------------------------------------


def oh(**fields) -> OccupationalHealthReferral:
    defaults = {"referred_on": TODAY}
    defaults.update(fields)
    return OccupationalHealthReferral(**defaults)


@pytest.mark.parametrize("outcome", ["fit", "fit_with_adjustments", "not_fit"])
def test_an_occupational_health_outcome_needs_its_date(outcome):
    assert errors_of(oh(outcome=outcome)) == {"outcome_on": ["Enter the date the outcome was received."]}


def test_an_occupational_health_outcome_cannot_come_before_the_referral():
    errors = errors_of(oh(outcome="fit", outcome_on=TODAY - datetime.timedelta(days=1)))
    assert errors == {"outcome_on": ["The outcome cannot come before the referral."]}


def test_a_pending_referral_needs_no_outcome_date():
    oh().full_clean(exclude=["application"])


def test_occupational_health_lists_only_the_adjustments_given():
    referral = oh(adjusted_hours="No starts before 10am.", debriefs="A debrief after each shift.")
    assert referral.adjustments == [
        ("working hours", "No starts before 10am."),
        ("feedback and debriefs", "A debrief after each shift."),
    ]
    assert OccupationalHealthReferral.CLEARED == ("fit", "fit_with_adjustments")


def test_the_database_refuses_an_outcome_without_a_date(recruitment):
    referral = recruitment.occupational_health
    with pytest.raises(IntegrityError), transaction.atomic():
        OccupationalHealthReferral.objects.filter(pk=referral.pk).update(outcome="fit")

    assert OccupationalHealthReferral.objects.get(pk=referral.pk).outcome == "pending"


def test_saving_an_outcome_without_a_date_through_the_service_changes_nothing(recruitment):
    w = recruitment

    with pytest.raises(ValidationError):
        services.save_occupational_health(application=w.application, by=w.hr_officer, outcome="fit")

    assert OccupationalHealthReferral.objects.get(pk=w.occupational_health.pk).outcome == "pending"
    assert w.occupational_health.history.count() == 1


# --- Interviews, vacancies, scores, referees --------------------------------------------------


def test_an_individual_interview_is_for_one_applicant(recruitment):
    interview = Interview(
        vacancy=recruitment.vacancy, kind="individual", starts_at=timezone.now(), place="Room 1", capacity=3
    )
    with pytest.raises(ValidationError) as caught:
        interview.full_clean()
    assert caught.value.message_dict == {"capacity": ["An individual interview is for one applicant."]}


def test_a_group_interview_takes_three_applicants_by_default():
    assert Interview().capacity == models.GROUP_SIZE == 3
    assert Interview().kind == Interview.Kind.GROUP


def test_a_vacancy_cannot_close_before_it_opens(recruitment):
    vacancy = Vacancy.objects.get(pk=recruitment.vacancy.pk)
    vacancy.closes_on = vacancy.opens_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        vacancy.full_clean()
    assert "closes_on" in caught.value.message_dict


@pytest.mark.parametrize("score", [-1, 5])
def test_an_interview_score_is_from_0_to_4(recruitment, score):
    record = InterviewScore(
        application=recruitment.application, panellist=recruitment.panel_member, dimension="communication", score=score
    )
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    assert "score" in caught.value.message_dict


def test_the_database_refuses_a_score_for_both_a_dimension_and_a_criterion(recruitment):
    w = recruitment
    criterion = services.selectors.criteria_identified_at_interview(w.vacancy).first()
    scores = InterviewScore.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewScore.objects.create(
            application=w.application, panellist=w.hr_officer, dimension="communication", criterion=criterion, score=2
        )
    assert InterviewScore.objects.count() == scores


@pytest.mark.parametrize(
    ("relationship", "alternative"),
    [("employer", False), ("care_coordinator", True), ("volunteer_supervisor", True), ("other", False)],
)
def test_care_coordinators_and_volunteer_supervisors_are_alternative_referees(relationship, alternative):
    assert Referee(relationship=relationship).is_alternative is alternative


def test_support_awaits_feedback_until_feedback_is_given(recruitment):
    support = recruitment.support
    assert support.awaiting_feedback

    support.feedback_given_on = TODAY
    assert not support.awaiting_feedback
