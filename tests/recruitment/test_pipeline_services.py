"""Phase 2, recruitment, through its services: the pipeline's transitions (every refused pair, each
stage's condition, the record of every move, the support record of every unsuccessful application),
and the refusals of applications, orientation bookings, interview invitations and interview scores.
Each refusal is checked for its answer and for nothing having changed.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils import timezone

from recruitment import services
from recruitment.models import (
    GROUP_SIZE,
    Application,
    CandidateSupport,
    DbsCheck,
    Interview,
    InterviewDimension,
    InterviewScore,
    OccupationalHealthReferral,
    OrientationBooking,
    Referee,
    StageTransition,
    Vacancy,
)
from recruitment.services import TRANSITIONS
from tests import factories
from tests.recruitment.world import make_vacancy, mark_all, score_all

pytestmark = pytest.mark.shared_world  # one recruitment world for the module (tests/shared_world.py)

Stage = Application.Stage
ENDED = [stage for stage, allowed in TRANSITIONS.items() if not allowed]
REFUSED = [(start, to) for start, allowed in TRANSITIONS.items() for to in Stage.values if to not in allowed]
ALLOWED = [(start, to) for start, allowed in TRANSITIONS.items() for to in allowed]
TO_UNSUCCESSFUL = [(start, to) for start, to in ALLOWED if to in Application.UNSUCCESSFUL]

# The moves that take a new application from "applied" to each stage.
ROUTES: dict[str, list[str]] = {
    Stage.APPLIED: [],
    Stage.SHORTLISTED: [Stage.SHORTLISTED],
    Stage.INTERVIEWED: [Stage.SHORTLISTED, Stage.INTERVIEWED],
    Stage.CONDITIONAL_OFFER: [Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.CONDITIONAL_OFFER],
    Stage.OH_CLEARED: [Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.CONDITIONAL_OFFER, Stage.OH_CLEARED],
    Stage.DBS_CLEARED: [
        Stage.SHORTLISTED,
        Stage.INTERVIEWED,
        Stage.CONDITIONAL_OFFER,
        Stage.OH_CLEARED,
        Stage.DBS_CLEARED,
    ],
    Stage.APPOINTED: [
        Stage.SHORTLISTED,
        Stage.INTERVIEWED,
        Stage.CONDITIONAL_OFFER,
        Stage.OH_CLEARED,
        Stage.DBS_CLEARED,
        Stage.APPOINTED,
    ],
    Stage.WITHDRAWN: [Stage.WITHDRAWN],
    Stage.NOT_SHORTLISTED: [Stage.NOT_SHORTLISTED],
    Stage.NOT_APPOINTED: [Stage.SHORTLISTED, Stage.NOT_APPOINTED],
}


# --- Helpers ------------------------------------------------------------------------------------


def new_application(w, *, vacancy=None, **fields) -> Application:
    vacancy = vacancy or w.vacancy
    return services.submit_application(
        vacancy=vacancy,
        applicant=factories.PeerFactory(trust=w.trust),
        by=w.hr_officer,
        applied_on=vacancy.opens_on,
        **fields,
    )


def past_interview(w, vacancy, **fields) -> Interview:
    defaults = {
        "kind": "group",
        "starts_at": timezone.now() - datetime.timedelta(days=1),
        "place": "Room 2, Riverside Resource Centre",
        "panel": [{"user": w.panel_member, "role_on_panel": "Peer worker", "is_peer_worker": True}],
    }
    defaults.update(fields)
    return services.create_interview(by=w.hr_officer, vacancy=vacancy, **defaults)


def satisfy(w, application: Application, to_stage: str) -> None:
    """Make the condition of `to_stage` true, as HR and the panel would."""
    hr = w.hr_officer
    today = timezone.localdate()
    if to_stage == Stage.SHORTLISTED:
        mark_all(application, hr)
    elif to_stage == Stage.NOT_SHORTLISTED:
        mark_all(application, hr, met=False)
    elif to_stage == Stage.INTERVIEWED:
        services.invite_to_interview(application=application, interview=past_interview(w, application.vacancy), by=hr)
    elif to_stage == Stage.CONDITIONAL_OFFER:
        score_all(application, w.panel_member)
    elif to_stage == Stage.OH_CLEARED:
        services.save_occupational_health(
            application=application, by=hr, referred_on=today, outcome="fit", outcome_on=today
        )
    elif to_stage == Stage.DBS_CLEARED:
        services.save_dbs_check(application=application, by=hr, status="clear", submitted_on=today, returned_on=today)


def advance(w, application: Application, to_stage: str) -> Application:
    satisfy(w, application, to_stage)
    return services.move_application(application=application, to_stage=to_stage, by=w.hr_officer)


def application_at(w, stage: str, **fields) -> Application:
    application = new_application(w, **fields)
    for step in ROUTES[stage]:
        advance(w, application, step)
    application.refresh_from_db()
    assert application.stage == stage
    return application


def state(application: Application) -> dict:
    """What a refused change must leave as it was."""
    current = Application.objects.select_related("vacancy").get(pk=application.pk)
    return {
        "stage": current.stage,
        "stage_changed_at": current.stage_changed_at,
        "interview": current.interview_id,
        "transitions": StageTransition.objects.count(),
        "supports": CandidateSupport.objects.count(),
        "history": current.history.count(),
        "vacancy_status": current.vacancy.status,
        "scores": InterviewScore.objects.count(),
    }


def refused(callable_, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        callable_(**kwargs)
    return caught.value


def move_refused(w, application: Application, to_stage: str) -> str:
    """Try the move; return the message given beside the stage field."""
    error = refused(services.move_application, application=application, to_stage=to_stage, by=w.hr_officer)
    assert list(error.message_dict) == ["to_stage"]
    return error.message_dict["to_stage"][0]


# --- Every transition the table does not allow is refused --------------------------------------


def test_the_table_names_every_stage_and_only_known_stages():
    assert set(TRANSITIONS) == set(Stage.values)
    assert all(set(allowed) <= set(Stage.values) for allowed in TRANSITIONS.values())
    assert set(ENDED) == {Stage.APPOINTED, *Application.UNSUCCESSFUL}


@pytest.mark.parametrize("start", list(TRANSITIONS))
def test_every_transition_not_in_the_table_is_refused_and_changes_nothing(recruitment, start):
    # One application per starting stage, tried against every stage the table does not allow from it.
    application = application_at(recruitment, start)
    before = state(application)
    targets = [to for s, to in REFUSED if s == start]
    assert targets and len(targets) == len(Stage.values) - len(TRANSITIONS[start])

    for to in targets:
        message = move_refused(recruitment, application, to)

        if start in ENDED:
            assert "has ended" in message and "its stage cannot change" in message, f"{start} -> {to}: {message}"
        else:
            assert f"cannot move to {Stage(to).label.lower()}" in message, f"{start} -> {to}: {message}"
        assert state(application) == before, f"{start} -> {to} changed something"
        assert application.stage == start


def test_the_refused_pairs_are_every_pair_the_table_leaves_out():
    assert len(REFUSED) + len(ALLOWED) == len(Stage.values) ** 2
    assert not set(REFUSED) & set(ALLOWED)


def test_an_unknown_stage_is_refused_and_changes_nothing(recruitment):
    application = application_at(recruitment, Stage.APPLIED)
    before = state(application)

    assert move_refused(recruitment, application, "hired") == "Choose a stage."
    assert state(application) == before


def test_the_move_is_checked_against_the_stage_in_the_database_not_the_callers_copy(recruitment):
    application = application_at(recruitment, Stage.APPLIED)
    stale = Application.objects.get(pk=application.pk)
    services.move_application(application=application, to_stage=Stage.WITHDRAWN, by=recruitment.hr_officer)
    before = state(application)

    assert "has ended" in move_refused(recruitment, stale, Stage.NOT_SHORTLISTED)
    assert state(application) == before


# --- Each stage's condition -------------------------------------------------------------------


def test_shortlisting_is_refused_until_every_essential_row_is_marked(recruitment):
    w = recruitment
    application = application_at(w, Stage.APPLIED)
    rows = [r for r in services.selectors.criteria_identified_by_application(w.vacancy) if r.essential]
    services.record_shortlisting_marks(
        application=application, shortlister=w.hr_officer, marks={r.pk: (True, None) for r in rows[:-1]}
    )
    before = state(application)

    assert "Mark every essential criterion" in move_refused(w, application, Stage.SHORTLISTED)
    assert state(application) == before


def test_shortlisting_is_refused_when_an_essential_criterion_is_not_met(recruitment):
    w = recruitment
    application = application_at(w, Stage.APPLIED)
    mark_all(application, w.hr_officer)
    first = services.selectors.criteria_identified_by_application(w.vacancy).exclude(essential="").first()
    services.record_shortlisting_marks(
        application=application, shortlister=w.hr_officer, marks={first.pk: (False, None)}
    )
    before = state(application)

    assert "does not meet every essential criterion" in move_refused(w, application, Stage.SHORTLISTED)
    assert state(application) == before


def test_shortlisting_is_allowed_when_every_essential_row_is_marked_and_met(recruitment):
    application = application_at(recruitment, Stage.APPLIED)
    mark_all(application, recruitment.hr_officer)

    services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=recruitment.hr_officer)

    assert Application.objects.get(pk=application.pk).stage == Stage.SHORTLISTED


def test_not_shortlisting_is_refused_for_a_disabled_applicant_who_meets_every_essential_criterion(recruitment):
    w = recruitment
    application = application_at(w, Stage.APPLIED, disability_declared=True)
    mark_all(application, w.hr_officer)
    before = state(application)

    assert "Guaranteed interview" in move_refused(w, application, Stage.NOT_SHORTLISTED)
    assert state(application) == before


def test_not_shortlisting_is_refused_for_a_disabled_applicant_before_the_criteria_are_marked(recruitment):
    # Until every essential row is marked nobody knows whether the guarantee applies.
    w = recruitment
    application = application_at(w, Stage.APPLIED, disability_declared=True)
    before = state(application)

    assert "Mark every essential criterion" in move_refused(w, application, Stage.NOT_SHORTLISTED)
    assert state(application) == before


def test_not_shortlisting_is_allowed_without_a_declared_disability(recruitment):
    application = application_at(recruitment, Stage.APPLIED)
    mark_all(application, recruitment.hr_officer)

    services.move_application(application=application, to_stage=Stage.NOT_SHORTLISTED, by=recruitment.hr_officer)

    assert Application.objects.get(pk=application.pk).stage == Stage.NOT_SHORTLISTED


def test_not_shortlisting_is_allowed_for_a_disabled_applicant_who_fails_an_essential_criterion(recruitment):
    w = recruitment
    application = application_at(w, Stage.APPLIED, disability_declared=True)
    mark_all(application, w.hr_officer)
    first = services.selectors.criteria_identified_by_application(w.vacancy).exclude(essential="").first()
    services.record_shortlisting_marks(
        application=application, shortlister=w.hr_officer, marks={first.pk: (False, None)}
    )

    services.move_application(application=application, to_stage=Stage.NOT_SHORTLISTED, by=w.hr_officer)

    assert Application.objects.get(pk=application.pk).stage == Stage.NOT_SHORTLISTED


def test_interviewed_is_refused_without_an_interview(recruitment):
    application = application_at(recruitment, Stage.SHORTLISTED)
    before = state(application)

    assert "Add the applicant to an interview" in move_refused(recruitment, application, Stage.INTERVIEWED)
    assert state(application) == before


def test_interviewed_is_refused_before_the_interview_has_happened(recruitment):
    w = recruitment
    application = application_at(w, Stage.SHORTLISTED)
    tomorrow = past_interview(w, w.vacancy, starts_at=timezone.now() + datetime.timedelta(days=1))
    services.invite_to_interview(application=application, interview=tomorrow, by=w.hr_officer)
    before = state(application)

    assert "has not happened yet" in move_refused(w, application, Stage.INTERVIEWED)
    assert state(application) == before


def test_interviewed_is_allowed_once_the_interview_has_happened(recruitment):
    application = application_at(recruitment, Stage.SHORTLISTED)

    advance(recruitment, application, Stage.INTERVIEWED)

    assert Application.objects.get(pk=application.pk).stage == Stage.INTERVIEWED


def test_a_conditional_offer_is_refused_without_interview_scores(recruitment):
    application = application_at(recruitment, Stage.INTERVIEWED)
    before = state(application)

    assert "Record the panel's interview scores" in move_refused(recruitment, application, Stage.CONDITIONAL_OFFER)
    assert state(application) == before


def test_a_conditional_offer_is_allowed_with_interview_scores(recruitment):
    application = application_at(recruitment, Stage.INTERVIEWED)

    advance(recruitment, application, Stage.CONDITIONAL_OFFER)

    assert Application.objects.get(pk=application.pk).stage == Stage.CONDITIONAL_OFFER


@pytest.mark.parametrize("outcome", [None, "pending", "not_fit"])
def test_oh_cleared_is_refused_unless_occupational_health_found_the_applicant_fit(recruitment, outcome):
    w = recruitment
    application = application_at(w, Stage.CONDITIONAL_OFFER)
    today = timezone.localdate()
    if outcome is not None:
        services.save_occupational_health(
            application=application,
            by=w.hr_officer,
            referred_on=today,
            outcome=outcome,
            outcome_on=None if outcome == "pending" else today,
        )
    before = state(application)

    assert "Occupational health has not cleared" in move_refused(w, application, Stage.OH_CLEARED)
    assert state(application) == before


@pytest.mark.parametrize("outcome", ["fit", "fit_with_adjustments"])
def test_oh_cleared_is_allowed_when_the_applicant_is_fit(recruitment, outcome):
    w = recruitment
    application = application_at(w, Stage.CONDITIONAL_OFFER)
    today = timezone.localdate()
    services.save_occupational_health(
        application=application, by=w.hr_officer, referred_on=today, outcome=outcome, outcome_on=today
    )

    services.move_application(application=application, to_stage=Stage.OH_CLEARED, by=w.hr_officer)

    assert Application.objects.get(pk=application.pk).stage == Stage.OH_CLEARED


DBS_NOT_CLEARED = {
    "no check": None,
    "not started": {"status": "not_started"},
    "submitted": {"status": "submitted"},
    "disclosure awaiting the panel": {"status": "disclosure"},
    "disclosure, panel says do not proceed": {
        "status": "disclosure",
        "decision": "do_not_proceed",
        "rationale": "A recent offence directly relevant to the role.",
    },
}
DBS_CLEARED = {
    "clear": {"status": "clear"},
    "disclosure, panel says proceed": {
        "status": "disclosure",
        "decision": "proceed",
        "rationale": "A minor offence twenty years ago, during a period of ill-health.",
    },
    "disclosure, panel says proceed with safeguards": {
        "status": "disclosure",
        "decision": "proceed_with_safeguards",
        "rationale": "Relevant but long ago.",
        "safeguards": "No lone working for six months.",
    },
}


def dbs_fields(fields: dict) -> dict:
    today = timezone.localdate()
    full = {"submitted_on": today, **fields}
    if fields["status"] in ("clear", "disclosure"):
        full["returned_on"] = today
    if fields.get("decision"):
        full.update(decided_on=today, panel="Ann Peer, peer worker\nBob Hale, HR", panel_includes_peer_worker=True)
    return full


@pytest.mark.parametrize("case", DBS_NOT_CLEARED)
def test_dbs_cleared_is_refused_unless_clear_or_the_panel_decides_to_proceed(recruitment, case):
    w = recruitment
    application = application_at(w, Stage.OH_CLEARED)
    if DBS_NOT_CLEARED[case] is not None:
        services.save_dbs_check(application=application, by=w.hr_officer, **dbs_fields(DBS_NOT_CLEARED[case]))
    before = state(application)

    assert "The DBS check is not cleared" in move_refused(w, application, Stage.DBS_CLEARED)
    assert state(application) == before


@pytest.mark.parametrize("case", DBS_CLEARED)
def test_dbs_cleared_is_allowed_when_clear_or_the_panel_decides_to_proceed(recruitment, case):
    w = recruitment
    application = application_at(w, Stage.OH_CLEARED)
    services.save_dbs_check(application=application, by=w.hr_officer, **dbs_fields(DBS_CLEARED[case]))

    services.move_application(application=application, to_stage=Stage.DBS_CLEARED, by=w.hr_officer)

    assert Application.objects.get(pk=application.pk).stage == Stage.DBS_CLEARED


def test_appointing_marks_the_vacancy_filled_with_the_user_in_its_history(recruitment):
    w = recruitment
    application = application_at(w, Stage.DBS_CLEARED)
    assert Vacancy.objects.get(pk=w.vacancy.pk).status == Vacancy.Status.OPEN

    services.move_application(application=application, to_stage=Stage.APPOINTED, by=w.hr_officer)

    vacancy = Vacancy.objects.get(pk=w.vacancy.pk)
    assert vacancy.status == Vacancy.Status.FILLED
    latest = vacancy.history.first()
    assert (latest.status, latest.history_user) == (Vacancy.Status.FILLED, w.hr_officer)


def test_the_other_applications_can_still_end_after_the_vacancy_is_filled(recruitment):
    w = recruitment
    application_at(w, Stage.APPOINTED)

    services.move_application(application=w.application, to_stage=Stage.NOT_APPOINTED, by=w.hr_officer)

    assert Application.objects.get(pk=w.application.pk).stage == Stage.NOT_APPOINTED


# --- Every move is recorded -------------------------------------------------------------------


def test_submitting_an_application_records_its_first_stage(recruitment):
    w = recruitment
    application = new_application(w)

    [first] = StageTransition.objects.filter(application=application)
    assert (first.from_stage, first.to_stage, first.by) == ("", Stage.APPLIED, w.hr_officer)
    assert application.stage == Stage.APPLIED


def test_every_move_is_recorded_with_who_when_from_and_to(recruitment):
    w = recruitment
    application = application_at(w, Stage.APPOINTED)

    moves = list(services.selectors.transitions_of(application))

    stages = [Stage.APPLIED, *ROUTES[Stage.APPOINTED]]
    assert [(m.from_stage, m.to_stage) for m in moves] == list(zip(["", *stages[:-1]], stages, strict=True))
    assert {m.by for m in moves} == {w.hr_officer}
    assert all(m.at is not None for m in moves)
    assert [m.at for m in moves] == sorted(m.at for m in moves)


def test_a_move_keeps_its_note_and_its_user(recruitment):
    w = recruitment
    application = application_at(w, Stage.APPLIED)

    services.move_application(
        application=application, to_stage=Stage.WITHDRAWN, by=w.peer_lead, note="Took another job."
    )

    last = services.selectors.transitions_of(application).last()
    assert (last.from_stage, last.to_stage, last.by, last.note) == (
        Stage.APPLIED,
        Stage.WITHDRAWN,
        w.peer_lead,
        "Took another job.",
    )


# --- No unsuccessful application without a support record --------------------------------------


@pytest.mark.parametrize(("start", "to"), TO_UNSUCCESSFUL, ids=[f"{s}->{t}" for s, t in TO_UNSUCCESSFUL])
def test_an_unsuccessful_application_gets_exactly_one_support_record(recruitment, start, to):
    w = recruitment
    application = application_at(w, start)
    supports = CandidateSupport.objects.count()
    if to == Stage.NOT_SHORTLISTED:
        mark_all(application, w.hr_officer, met=False)

    services.move_application(application=application, to_stage=to, by=w.hr_officer)

    assert CandidateSupport.objects.count() == supports + 1
    support = CandidateSupport.objects.get(application=application)
    assert support.awaiting_feedback
    assert Application.objects.get(pk=application.pk).stage == to


def test_the_move_is_undone_when_the_support_record_cannot_be_made(recruitment, monkeypatch):
    w = recruitment
    application = application_at(w, Stage.SHORTLISTED)
    before = state(application)

    def fail(**kwargs):
        raise DatabaseError("the support record could not be saved")

    monkeypatch.setattr(CandidateSupport.objects, "get_or_create", fail)
    with pytest.raises(DatabaseError):
        services.move_application(application=application, to_stage=Stage.NOT_APPOINTED, by=w.hr_officer)

    assert state(application) == before
    assert not CandidateSupport.objects.filter(application=application).exists()


def test_no_unsuccessful_application_is_left_without_support_after_a_mixed_run(recruitment):
    w = recruitment
    for start, to in TO_UNSUCCESSFUL:
        application = application_at(w, start)
        if to == Stage.NOT_SHORTLISTED:
            mark_all(application, w.hr_officer, met=False)
        services.move_application(application=application, to_stage=to, by=w.hr_officer)
    application_at(w, Stage.APPOINTED)
    application_at(w, Stage.INTERVIEWED)

    unsupported = Application.objects.filter(stage__in=Application.UNSUCCESSFUL, support__isnull=True)

    assert not unsupported.exists()
    assert Application.objects.filter(stage__in=Application.UNSUCCESSFUL).count() == len(TO_UNSUCCESSFUL) + 1
    assert not CandidateSupport.objects.exclude(application__stage__in=Application.UNSUCCESSFUL).exists()


# --- Applications -----------------------------------------------------------------------------


def application_rows() -> tuple[int, int, int]:
    return Application.objects.count(), StageTransition.objects.count(), Referee.objects.count()


REFEREE = [{"name": "Jo Marsh", "relationship": "care_coordinator", "contact": "jo@example.org"}]


@pytest.mark.parametrize("status", [Vacancy.Status.DRAFT, Vacancy.Status.WITHDRAWN, Vacancy.Status.FILLED])
def test_an_application_to_a_vacancy_not_taking_applications_is_refused(recruitment, status):
    w = recruitment
    vacancy = make_vacancy(by=w.hr_officer, post=w.vacant_post, status=status)
    before = application_rows()

    error = refused(
        services.submit_application,
        vacancy=vacancy,
        applicant=factories.PeerFactory(trust=w.trust),
        by=w.hr_officer,
        applied_on=vacancy.opens_on,
        referees=REFEREE,
    )

    assert "takes no applications" in error.message_dict["vacancy"][0]
    assert application_rows() == before


def test_a_paper_application_after_the_closing_date_is_accepted(recruitment):
    w = recruitment
    vacancy = make_vacancy(by=w.hr_officer, post=w.vacant_post, status=Vacancy.Status.CLOSED)

    application = new_application(w, vacancy=vacancy, referees=REFEREE)

    assert application.stage == Stage.APPLIED
    assert application.referees.get().is_alternative


def test_an_application_from_another_trusts_peer_is_refused(recruitment):
    w = recruitment
    before = application_rows()

    error = refused(
        services.submit_application,
        vacancy=w.vacancy,
        applicant=w.other_trust_peer,
        by=w.hr_officer,
        applied_on=w.vacancy.opens_on,
    )

    assert "known to the trust" in error.message_dict["applicant"][0]
    assert application_rows() == before


def test_a_second_application_for_the_same_vacancy_is_refused(recruitment):
    w = recruitment
    before = application_rows()

    error = refused(
        services.submit_application,
        vacancy=w.vacancy,
        applicant=w.applicant,
        by=w.hr_officer,
        applied_on=w.vacancy.opens_on,
        referees=REFEREE,
    )

    assert "already applied" in error.message_dict["applicant"][0]
    assert application_rows() == before


def test_updating_an_application_never_changes_its_stage(recruitment):
    w = recruitment
    transitions = StageTransition.objects.count()

    services.update_application(
        application=w.application, by=w.hr_officer, stage=Stage.APPOINTED, interview_adjustments="A quiet room."
    )

    current = Application.objects.get(pk=w.application.pk)
    assert (current.stage, current.interview_adjustments) == (Stage.CONDITIONAL_OFFER, "A quiet room.")
    assert StageTransition.objects.count() == transitions


# --- Orientation bookings ---------------------------------------------------------------------


def test_a_booking_at_a_full_session_is_refused(recruitment):
    w = recruitment
    session = services.create_orientation_session(
        by=w.hr_officer, programme=w.programme, starts_at=timezone.now(), place="Library", capacity=1
    )
    services.book_orientation_place(session=session, peer=w.applicant, by=w.hr_officer)
    before = OrientationBooking.objects.count()

    error = refused(services.book_orientation_place, session=session, peer=w.colleague, by=w.hr_officer)

    assert "The session is full" in error.message_dict["peer"][0]
    assert OrientationBooking.objects.count() == before


def test_a_second_booking_for_the_same_peer_is_refused(recruitment):
    w = recruitment
    before = OrientationBooking.objects.count()

    error = refused(services.book_orientation_place, session=w.orientation, peer=w.applicant, by=w.hr_officer)

    assert "already has a place" in error.message_dict["peer"][0]
    assert OrientationBooking.objects.count() == before


def test_a_booking_for_another_trusts_peer_is_refused(recruitment):
    w = recruitment
    before = OrientationBooking.objects.count()

    error = refused(services.book_orientation_place, session=w.orientation, peer=w.other_trust_peer, by=w.hr_officer)

    assert "not known to the trust" in error.message_dict["peer"][0]
    assert OrientationBooking.objects.count() == before


def test_attendance_is_refused_before_the_session_starts(recruitment):
    w = recruitment
    session = services.create_orientation_session(
        by=w.hr_officer,
        programme=w.programme,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Library",
        capacity=5,
    )
    booking = services.book_orientation_place(session=session, peer=w.applicant, by=w.hr_officer)

    refused(services.record_attendance, session=session, attended={booking.pk: True}, by=w.hr_officer)

    assert OrientationBooking.objects.get(pk=booking.pk).attended is None


# --- Interview invitations and scores ---------------------------------------------------------


def test_a_group_interview_takes_three_applicants_by_default_and_refuses_a_fourth(recruitment):
    w = recruitment
    interview = services.create_interview(
        by=w.hr_officer, vacancy=w.vacancy, kind="group", starts_at=timezone.now(), place="Room 1"
    )
    assert interview.capacity == GROUP_SIZE == 3
    for _ in range(3):
        services.invite_to_interview(
            application=application_at(w, Stage.SHORTLISTED), interview=interview, by=w.hr_officer
        )
    fourth = application_at(w, Stage.SHORTLISTED)
    before = state(fourth)

    error = refused(services.invite_to_interview, application=fourth, interview=interview, by=w.hr_officer)

    assert "This interview is full" in error.message_dict["interview"][0]
    assert state(fourth) == before
    assert interview.applications.count() == 3


def test_inviting_to_another_vacancys_interview_is_refused(recruitment):
    w = recruitment
    application = application_at(w, Stage.SHORTLISTED)
    other = past_interview(w, w.senior_vacancy)
    before = state(application)

    error = refused(services.invite_to_interview, application=application, interview=other, by=w.hr_officer)

    assert "another vacancy" in error.message_dict["interview"][0]
    assert state(application) == before


def test_inviting_an_applicant_not_shortlisted_is_refused(recruitment):
    w = recruitment
    application = application_at(w, Stage.APPLIED)
    interview = past_interview(w, w.vacancy)
    before = state(application)

    error = refused(services.invite_to_interview, application=application, interview=interview, by=w.hr_officer)

    assert "Only shortlisted applicants" in error.message_dict["interview"][0]
    assert state(application) == before


def test_inviting_twice_to_the_same_interview_changes_nothing(recruitment):
    w = recruitment
    application = application_at(w, Stage.SHORTLISTED)
    interview = past_interview(w, w.vacancy)
    services.invite_to_interview(application=application, interview=interview, by=w.hr_officer)
    before = state(application)

    services.invite_to_interview(application=application, interview=interview, by=w.hr_officer)

    assert state(application) == before


def all_dimensions(score: int = 2) -> dict[str, int]:
    return {d.value: score for d in InterviewDimension}


def test_scores_from_someone_not_on_the_panel_are_refused(recruitment):
    w = recruitment
    application = application_at(w, Stage.INTERVIEWED)
    before = state(application)

    error = refused(
        services.record_interview_scores,
        application=application,
        panellist=w.peer_lead,
        dimension_scores=all_dimensions(),
    )

    assert "Only a member of this applicant's interview panel" in error.messages[0]
    assert state(application) == before


def test_scores_missing_a_dimension_are_refused_naming_it(recruitment):
    w = recruitment
    application = application_at(w, Stage.INTERVIEWED)
    scores = all_dimensions()
    del scores[InterviewDimension.ACTIVE_LISTENING]
    before = state(application)

    error = refused(
        services.record_interview_scores, application=application, panellist=w.panel_member, dimension_scores=scores
    )

    assert error.messages == ["Score “Active listening skills”."]
    assert state(application) == before


def test_scores_for_a_criterion_not_assessed_at_interview_are_refused(recruitment):
    w = recruitment
    application = application_at(w, Stage.INTERVIEWED)
    not_at_interview = services.selectors.person_specification_of(w.vacancy).filter(
        by_interview=False, by_presentation=False
    )[0]
    before = state(application)

    refused(
        services.record_interview_scores,
        application=application,
        panellist=w.panel_member,
        dimension_scores=all_dimensions(),
        criterion_scores={not_at_interview.pk: 3},
    )

    assert state(application) == before


def test_scoring_again_replaces_the_panellists_scores(recruitment):
    w = recruitment
    application = application_at(w, Stage.INTERVIEWED)
    score_all(application, w.panel_member, score=1)
    count = InterviewScore.objects.filter(application=application).count()

    score_all(application, w.panel_member, score=4)

    scores = InterviewScore.objects.filter(application=application)
    assert scores.count() == count
    assert set(scores.values_list("score", flat=True)) == {4}


# --- Occupational health and DBS through the services -----------------------------------------


def test_occupational_health_before_an_offer_is_refused(recruitment):
    w = recruitment
    application = application_at(w, Stage.INTERVIEWED)

    refused(
        services.save_occupational_health, application=application, by=w.hr_officer, referred_on=timezone.localdate()
    )

    assert not OccupationalHealthReferral.objects.filter(application=application).exists()


def test_a_dbs_decision_without_a_disclosure_is_refused_and_the_check_is_unchanged(recruitment):
    w = recruitment
    check = w.dbs_check
    before = DbsCheck.objects.filter(pk=check.pk).values().get()

    error = refused(
        services.save_dbs_check,
        application=w.application,
        by=w.hr_officer,
        **dbs_fields({"status": "clear", "decision": "proceed", "rationale": "No record."}),
    )

    assert "only when the check discloses a record" in error.message_dict["decision"][0]
    assert DbsCheck.objects.filter(pk=check.pk).values().get() == before
