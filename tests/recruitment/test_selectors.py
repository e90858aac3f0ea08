"""Phase 2, recruitment, through its selectors: how shortlisters' marks and panellists' scores combine,
the ranked shortlist, the funnel (counts, conversion, median days), orientation attrition, who is ready
to start, and the change history. Selectors run a fixed number of queries whatever the data size.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programmes.selectors import history_of
from recruitment import selectors, services
from recruitment.models import Application, InterviewScore, OrientationSession, ShortlistingMark, Vacancy
from tests import factories
from tests.recruitment.test_pipeline_services import advance, application_at, new_application, past_interview
from tests.recruitment.world import make_vacancy, mark_all, score_all

pytestmark = pytest.mark.shared_world  # one recruitment world for the module (tests/shared_world.py)

Stage = Application.Stage


def by_application(vacancy: Vacancy):
    return list(selectors.criteria_identified_by_application(vacancy))


def full_marks(rows, overrides=None) -> dict[int, tuple[bool | None, bool | None]]:
    """Every row met (essential and desirable), except the rows given: {row.pk: (essential, desirable)}."""
    marks = {row.pk: (True if row.essential else None, True if row.desirable else None) for row in rows}
    marks.update(overrides or {})
    return marks


def result_of(application: Application) -> selectors.ShortlistingResult:
    return selectors.shortlisting_result(application)


# --- Shortlisting -----------------------------------------------------------------------------


def test_the_band_2_person_specification_gives_the_weights_these_tests_expect(recruitment):
    rows = by_application(recruitment.vacancy)
    assert [(r.essential_weight, r.desirable_weight if r.desirable else None) for r in rows] == [
        (10, 8),
        (10, 8),
        (10, None),
        (10, None),
    ]


def test_the_shortlisting_score_adds_the_weights_of_the_criteria_met(recruitment):
    w = recruitment
    application = new_application(w)
    rows = by_application(w.vacancy)

    services.record_shortlisting_marks(application=application, shortlister=w.hr_officer, marks=full_marks(rows))
    assert result_of(application).score == 4 * 10 + 2 * 8

    services.record_shortlisting_marks(
        application=application, shortlister=w.hr_officer, marks={rows[0].pk: (True, False)}
    )
    result = result_of(application)
    assert result.score == 4 * 10 + 8
    assert (result.fully_marked, result.meets_essentials, result.shortlisters) == (True, True, 1)


def test_two_shortlisters_average_the_weights_and_a_tie_counts_as_met(recruitment):
    w = recruitment
    application = new_application(w)
    rows = by_application(w.vacancy)
    services.record_shortlisting_marks(application=application, shortlister=w.hr_officer, marks=full_marks(rows))
    services.record_shortlisting_marks(
        application=application,
        shortlister=w.peer_lead,
        marks=full_marks(rows, {rows[0].pk: (False, False), rows[1].pk: (True, False)}),
    )

    result = result_of(application)

    # Row 1: essential 1 yes / 1 no (met, at least half), 10 * 1/2; desirable 8 * 1/2. Row 2: 10 + 8 * 1/2.
    assert result.score == 5 + 4 + 10 + 4 + 10 + 10
    assert result.shortlisters == 2
    assert result.criteria[0].essential_met is True
    assert result.meets_essentials and not result.unmet_essentials


def test_a_majority_saying_an_essential_criterion_is_not_met_fails_the_gate(recruitment):
    w = recruitment
    application = new_application(w)
    rows = by_application(w.vacancy)
    services.record_shortlisting_marks(
        application=application, shortlister=w.hr_officer, marks=full_marks(rows, {rows[2].pk: (False, None)})
    )
    services.record_shortlisting_marks(
        application=application, shortlister=w.peer_lead, marks=full_marks(rows, {rows[2].pk: (False, None)})
    )
    services.record_shortlisting_marks(application=application, shortlister=w.line_manager, marks=full_marks(rows))

    result = result_of(application)

    assert result.criteria[2].essential_met is False
    assert not result.meets_essentials
    assert result.unmet_essentials == [rows[2]]
    assert result.shortlisters == 3


def test_an_unmarked_essential_row_is_neither_met_nor_failed(recruitment):
    w = recruitment
    application = new_application(w)
    rows = by_application(w.vacancy)
    services.record_shortlisting_marks(
        application=application, shortlister=w.hr_officer, marks={rows[0].pk: (True, None)}
    )

    result = result_of(application)

    assert result.criteria[1].essential_met is None
    assert (result.fully_marked, result.meets_essentials, result.unmet_essentials) == (False, False, [])


def test_the_guaranteed_interview_flag_needs_a_declaration_and_every_essential_met(recruitment):
    w = recruitment
    declared = new_application(w, disability_declared=True)
    undeclared = new_application(w)
    mark_all(declared, w.hr_officer)
    mark_all(undeclared, w.hr_officer)

    assert result_of(declared).guaranteed_interview
    assert not result_of(undeclared).guaranteed_interview


def test_the_ranked_shortlist_puts_those_meeting_every_essential_first_then_by_score(recruitment):
    w = recruitment
    vacancy = make_vacancy(by=w.hr_officer, post=w.vacant_post)
    rows = by_application(vacancy)
    people = {}
    for name in ("Ava Best", "Ben Fail", "Cal Middle", "Dee Middle", "Eve Unmarked"):
        people[name] = services.submit_application(
            vacancy=vacancy,
            applicant=factories.PeerFactory(trust=w.trust, full_name=name),
            by=w.hr_officer,
            applied_on=vacancy.opens_on,
        )
    hr = w.hr_officer
    services.record_shortlisting_marks(application=people["Ava Best"], shortlister=hr, marks=full_marks(rows))
    # Ben has every desirable criterion, the highest score but one, and fails an essential one.
    services.record_shortlisting_marks(
        application=people["Ben Fail"], shortlister=hr, marks=full_marks(rows, {rows[3].pk: (False, None)})
    )
    no_desirables = full_marks(rows, {rows[0].pk: (True, False), rows[1].pk: (True, False)})
    for name in ("Dee Middle", "Cal Middle"):
        services.record_shortlisting_marks(application=people[name], shortlister=hr, marks=no_desirables)

    ranked = selectors.ranked_shortlist(vacancy, vacancy.applications.all())

    assert [(r.application.applicant.full_name, r.score, r.meets_essentials) for r in ranked] == [
        ("Ava Best", 56.0, True),
        ("Cal Middle", 40.0, True),
        ("Dee Middle", 40.0, True),
        ("Ben Fail", 46.0, False),
        ("Eve Unmarked", 0.0, False),
    ]


def test_marks_by_returns_only_that_shortlisters_marks(recruitment):
    w = recruitment
    application = new_application(w)
    mark_all(application, w.hr_officer)
    rows = by_application(w.vacancy)
    services.record_shortlisting_marks(
        application=application, shortlister=w.peer_lead, marks={rows[0].pk: (False, None)}
    )

    mine = selectors.marks_by(w.peer_lead, application)

    assert list(mine) == [rows[0].pk]
    assert mine[rows[0].pk].essential_met is False


# --- Interview scores -------------------------------------------------------------------------


def weighted_total(vacancy: Vacancy, score: int) -> int:
    """Five dimensions at their score, plus each row assessed at interview at score x its weight."""
    rows = selectors.criteria_identified_at_interview(vacancy)
    return 5 * score + sum(score * (r.essential_weight or r.desirable_weight or 1) for r in rows)


def test_the_combined_score_is_the_average_of_the_panellists_weighted_totals(recruitment):
    w = recruitment
    application = application_at(w, Stage.INTERVIEWED)
    interview = application.interview
    services.add_panel_member(interview=interview, by=w.hr_officer, user=w.hr_officer, role_on_panel="Chair")
    score_all(application, w.panel_member, score=3)
    score_all(application, w.hr_officer, score=1)

    [scored] = selectors.interview_applicants(interview)

    assert weighted_total(w.vacancy, 1) == 45  # 5 dimensions + 4 rows of weight 10
    assert scored.panellists_scored == 2
    assert scored.combined == (weighted_total(w.vacancy, 3) + weighted_total(w.vacancy, 1)) / 2 == 90.0


def test_an_applicant_nobody_has_scored_has_no_combined_score(recruitment):
    w = recruitment
    application = application_at(w, Stage.INTERVIEWED)

    [unscored] = selectors.interview_applicants(application.interview)

    assert unscored.combined is None
    assert selectors.combined_score(application) is None


def test_the_score_sheet_lists_each_panellists_scores(recruitment):
    w = recruitment

    sheet = selectors.score_sheet(w.application)

    assert [entry["panellist"] for entry in sheet] == [w.panel_member]
    assert len(sheet[0]["scores"]) == InterviewScore.objects.filter(application=w.application).count() == 9
    assert set(selectors.scores_by(w.panel_member, w.application)) >= {"communication", "relationships"}
    assert selectors.scores_by(w.hr_officer, w.application) == {}


# --- The funnel -------------------------------------------------------------------------------

T0 = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)


def at(days: float):
    return time_machine.travel(T0 + datetime.timedelta(days=days), tick=False)


def test_the_funnel_counts_each_stage_its_conversion_and_the_median_days_between_stages(recruitment):
    w = recruitment
    hr = w.hr_officer
    with at(0):
        vacancy = make_vacancy(by=hr, post=w.vacant_post)
        a, b, c, d = (new_application(w, vacancy=vacancy) for _ in range(4))
        interview = past_interview(w, vacancy, starts_at=T0 + datetime.timedelta(days=6), capacity=3)
    for days, application in ((1, a), (3, b), (2, c)):
        with at(days):
            mark_all(application, hr)
            services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=hr)
            services.invite_to_interview(application=application, interview=interview, by=hr)
    with at(2):
        mark_all(d, hr, met=False)
        services.move_application(application=d, to_stage=Stage.NOT_SHORTLISTED, by=hr)
    with at(4):
        services.move_application(application=c, to_stage=Stage.WITHDRAWN, by=hr)
    with at(7):  # a: 6 days after shortlisting; b: 4 days
        for application in (a, b):
            services.move_application(application=application, to_stage=Stage.INTERVIEWED, by=hr)
            score_all(application, w.panel_member)
    with at(10):
        services.move_application(application=a, to_stage=Stage.CONDITIONAL_OFFER, by=hr)
    with at(11):
        services.move_application(application=b, to_stage=Stage.NOT_APPOINTED, by=hr)

    result = selectors.funnel(Application.objects.filter(vacancy=vacancy))

    assert [(s.stage, s.reached, s.conversion, s.median_days) for s in result.stages] == [
        (Stage.APPLIED, 4, None, None),
        (Stage.SHORTLISTED, 3, 75.0, 2.0),
        (Stage.INTERVIEWED, 2, 66.7, 5.0),
        (Stage.CONDITIONAL_OFFER, 1, 50.0, 3.0),
        (Stage.OH_CLEARED, 0, 0.0, None),
        (Stage.DBS_CLEARED, 0, None, None),
        (Stage.APPOINTED, 0, None, None),
    ]
    assert result.left == {"Withdrawn": 1, "Not shortlisted": 1, "Not appointed": 1}
    assert result.total == 4


def test_the_funnel_of_no_applications_is_empty(recruitment):
    result = selectors.funnel(Application.objects.none())

    assert result.total == 0
    assert {s.reached for s in result.stages} == {0}


def counted(function, *args) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = function(*args)
        if hasattr(result, "__iter__") and not isinstance(result, dict):
            list(result)
    return len(queries)


def add_applications(w, vacancy: Vacancy, interview, n: int) -> None:
    """n applications at several stages: interviewed and scored, shortlisted, withdrawn, marked."""
    hr = w.hr_officer
    for i in range(n):
        application = new_application(w, vacancy=vacancy)
        if i % 5 in (0, 1):
            mark_all(application, hr)
            services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=hr)
        if i % 5 == 0:
            services.invite_to_interview(application=application, interview=interview, by=hr)
            services.move_application(application=application, to_stage=Stage.INTERVIEWED, by=hr)
            score_all(application, w.panel_member)
        elif i % 5 == 2:
            services.move_application(application=application, to_stage=Stage.WITHDRAWN, by=hr)
        elif i % 5 == 3:
            mark_all(application, w.peer_lead, met=False)


def test_the_selectors_run_the_same_number_of_queries_for_5_and_50_applications(recruitment):
    w = recruitment
    vacancy = make_vacancy(by=w.hr_officer, post=w.vacant_post)
    interview = past_interview(w, vacancy, capacity=12)
    applications = Application.objects.filter(vacancy=vacancy)
    sessions = OrientationSession.objects.all()
    readers = {
        "funnel": lambda: selectors.funnel(applications),
        "ranked_shortlist": lambda: selectors.ranked_shortlist(vacancy, applications),
        "interview_applicants": lambda: selectors.interview_applicants(interview),
        "ready_to_start": lambda: selectors.ready_to_start(Application.objects.all()),
        "applications_for_list": lambda: [str(a) for a in selectors.applications_for_list(applications)],
        "vacancies_for_list": lambda: [str(v) for v in selectors.vacancies_for_list(Vacancy.objects.all())],
        "orientation_sessions_for_list": lambda: selectors.orientation_sessions_for_list(sessions),
        "awaiting_feedback": lambda: [
            str(s) for s in selectors.awaiting_feedback(services.CandidateSupport.objects.all())
        ],
    }

    add_applications(w, vacancy, interview, 5)
    assert applications.count() == 5
    small = {name: counted(reader) for name, reader in readers.items()}
    add_applications(w, vacancy, interview, 45)
    assert applications.count() == 50
    large = {name: counted(reader) for name, reader in readers.items()}

    assert large == small
    assert small["funnel"] == 2
    assert small["ranked_shortlist"] == 4  # the rows, the tallies, the shortlisters, the applications


# --- Orientation attrition --------------------------------------------------------------------


def test_orientation_attrition_counts_booked_attended_missed_and_applied(recruitment):
    w = recruitment
    hr = w.hr_officer
    session = services.create_orientation_session(
        by=hr, programme=w.programme, starts_at=timezone.now() - datetime.timedelta(days=1), place="Hub", capacity=8
    )
    came_and_applied, came, missed, unknown = (factories.PeerFactory(trust=w.trust) for _ in range(4))
    bookings = {
        p: services.book_orientation_place(session=session, peer=p, by=hr)
        for p in (came_and_applied, came, missed, unknown)
    }
    services.record_attendance(
        session=session,
        attended={bookings[came_and_applied].pk: True, bookings[came].pk: True, bookings[missed].pk: False},
        by=hr,
    )
    for peer in (came_and_applied, missed):  # missing the session does not stop anyone applying
        services.submit_application(vacancy=w.vacancy, applicant=peer, by=hr, applied_on=w.vacancy.opens_on)

    row = selectors.orientation_sessions_for_list(OrientationSession.objects.filter(pk=session.pk)).get()

    assert (row.booked, row.attended_count, row.did_not_attend, row.went_on_to_apply) == (4, 2, 1, 1)


def test_a_session_with_no_bookings_counts_nothing(recruitment):
    w = recruitment
    session = services.create_orientation_session(
        by=w.hr_officer, programme=w.programme, starts_at=timezone.now(), place="Hub", capacity=8
    )

    row = selectors.orientation_sessions_for_list(OrientationSession.objects.filter(pk=session.pk)).get()

    assert (row.booked, row.attended_count, row.did_not_attend, row.went_on_to_apply) == (0, 0, 0, 0)


# --- Ready to start, feedback, lists ----------------------------------------------------------


def test_ready_to_start_lists_appointed_applicants_only_in_the_order_appointed(recruitment):
    w = recruitment
    first = application_at(w, Stage.APPOINTED)
    second_vacancy = make_vacancy(by=w.hr_officer, post=w.vacant_post)
    second = new_application(w, vacancy=second_vacancy)
    for stage in (Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.CONDITIONAL_OFFER, Stage.OH_CLEARED):
        advance(w, second, stage)
    application_at(w, Stage.NOT_APPOINTED)

    assert list(selectors.ready_to_start(Application.objects.all())) == [first]

    advance(w, second, Stage.DBS_CLEARED)
    advance(w, second, Stage.APPOINTED)

    assert list(selectors.ready_to_start(Application.objects.all())) == [first, second]
    assert list(selectors.ready_to_start(Application.objects.filter(vacancy=second_vacancy))) == [second]


def test_awaiting_feedback_lists_supports_without_feedback_longest_waiting_first(recruitment):
    w = recruitment
    later = application_at(w, Stage.WITHDRAWN)
    given = application_at(w, Stage.NOT_APPOINTED)
    services.update_candidate_support(support=given.support, by=w.hr_officer, feedback_given_on=timezone.localdate())

    waiting = list(selectors.awaiting_feedback(services.CandidateSupport.objects.all()))

    assert waiting == [w.support, later.support]
    given.support.refresh_from_db()
    assert given.support.feedback_offered  # giving feedback implies it was offered


def test_the_vacancy_list_counts_applications_and_those_still_open(recruitment):
    w = recruitment

    row = selectors.vacancies_for_list(Vacancy.objects.filter(pk=w.vacancy.pk)).get()

    assert (row.application_count, row.open_count) == (2, 1)


# --- History ----------------------------------------------------------------------------------


def test_a_move_writes_a_history_row_with_the_user_and_the_new_stage(recruitment):
    w = recruitment
    application = new_application(w)

    services.move_application(application=application, to_stage=Stage.WITHDRAWN, by=w.peer_lead)

    latest = application.history.first()
    assert (latest.stage, latest.history_user, latest.history_type) == (Stage.WITHDRAWN, w.peer_lead, "~")
    assert application.history.count() == 2
    assert application.support.history.get().history_type == "+"


def test_marks_and_scores_are_credited_to_the_shortlister_and_the_panellist(recruitment):
    w = recruitment
    application = application_at(w, Stage.SHORTLISTED)
    mark = ShortlistingMark.objects.filter(application=application).first()
    assert mark.history.first().history_user == w.hr_officer

    advance_to_interviewed = application_at(w, Stage.INTERVIEWED)
    score_all(advance_to_interviewed, w.panel_member)

    score = InterviewScore.objects.filter(application=advance_to_interviewed).first()
    assert score.history.first().history_user == w.panel_member


def test_the_history_of_an_application_names_who_changed_what(recruitment):
    w = recruitment
    application = new_application(w)
    services.update_application(application=application, by=w.peer_lead, interview_adjustments="A quiet room.")

    entries = history_of(application)

    assert (entries[0].who, entries[0].action, entries[0].changed_fields) == (
        "peer_lead" if not w.peer_lead.get_full_name() else w.peer_lead.get_full_name(),
        "Changed",
        ["adjustments asked for at interview"],
    )
    assert (entries[-1].action, entries[-1].changed_fields) == ("Created", [])


def test_changes_to_oh_and_dbs_keep_their_history(recruitment):
    w = recruitment
    today = timezone.localdate()

    services.save_occupational_health(
        application=w.application, by=w.peer_lead, outcome="fit_with_adjustments", outcome_on=today
    )
    services.save_dbs_check(application=w.application, by=w.peer_lead, status="clear", returned_on=today)

    oh_history = w.application.occupational_health.history.all()
    dbs_history = w.application.dbs_check.history.all()
    assert [h.history_user for h in oh_history] == [w.peer_lead, w.hr_officer]
    assert [h.history_user for h in dbs_history] == [w.peer_lead, w.hr_officer]
    assert (oh_history[0].outcome, dbs_history[0].status) == ("fit_with_adjustments", "clear")
