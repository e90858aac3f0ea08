"""Query budgets for recruitment's restricted pages, the funnel and the dashboard: the same number of
queries with 5 or 50 rows (see tests/perf/test_query_budgets.py for the approach). A page view writes
nothing but the log of reads of occupational health and DBS records."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from programmes.models import SensitiveAccessLog
from recruitment import services
from recruitment.models import Application, InterviewDimension
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.together import assert_measured_page_keeps_its_budget, ids, measured_fixture, together
from tests.recruitment.world import make_vacancy, mark_all

pytestmark = pytest.mark.shared_world  # one recruitment world for the module (tests/shared_world.py)

Stage = Application.Stage
OH = frozenset({SensitiveAccessLog.RecordType.OCCUPATIONAL_HEALTH.value})
DBS = frozenset({SensitiveAccessLog.RecordType.DBS.value})
_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="recruitment", **kwargs)


# --- Ways of adding rows ------------------------------------------------------------------------


def add_applications_through_stages(w, n: int) -> None:
    """Applications for the world's vacancy: a quarter withdrawn, a quarter not shortlisted, a quarter
    shortlisted and a quarter still applied (the funnel counts every one)."""
    for i in range(n):
        application = services.submit_application(
            vacancy=w.vacancy,
            applicant=factories.PeerFactory(trust=w.trust),
            by=w.hr_officer,
            applied_on=w.vacancy.opens_on,
        )
        if i % 4 == 0:
            services.move_application(application=application, to_stage=Stage.WITHDRAWN, by=w.hr_officer)
        elif i % 4 == 1:
            services.move_application(application=application, to_stage=Stage.NOT_SHORTLISTED, by=w.hr_officer)
        elif i % 4 == 2:
            mark_all(application, w.hr_officer)
            services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=w.hr_officer)


def add_unsuccessful_candidates(w, n: int) -> None:
    """Applications that ended, each with its support record; every other one has had its feedback."""
    for i in range(n):
        application = services.submit_application(
            vacancy=w.vacancy,
            applicant=factories.PeerFactory(trust=w.trust),
            by=w.hr_officer,
            applied_on=w.vacancy.opens_on,
        )
        services.move_application(application=application, to_stage=Stage.WITHDRAWN, by=w.hr_officer)
        if i % 2:
            services.update_candidate_support(
                support=application.support, by=w.hr_officer, feedback_given_on=timezone.localdate()
            )


def _appoint(w) -> None:
    """A vacancy for a new post (no job description, so no criteria to mark), taken to appointment."""
    hr = w.hr_officer
    post = factories.PostFactory(team=w.team, title=f"Peer Support Worker {next(_counter)}")
    vacancy = make_vacancy(by=hr, post=post)
    interview = services.create_interview(
        by=hr,
        vacancy=vacancy,
        kind="individual",
        capacity=1,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        place="Room 1",
        panel=[{"user": hr, "role_on_panel": "Chair"}],
    )
    application = services.submit_application(
        vacancy=vacancy, applicant=factories.PeerFactory(trust=w.trust), by=hr, applied_on=vacancy.opens_on
    )
    services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=hr)
    services.invite_to_interview(application=application, interview=interview, by=hr)
    services.move_application(application=application, to_stage=Stage.INTERVIEWED, by=hr)
    services.record_interview_scores(
        application=application, panellist=hr, dimension_scores={d.value: 3 for d in InterviewDimension}
    )
    today = timezone.localdate()
    for to_stage in (Stage.CONDITIONAL_OFFER, Stage.OH_CLEARED, Stage.DBS_CLEARED, Stage.APPOINTED):
        if to_stage == Stage.OH_CLEARED:
            services.save_occupational_health(
                application=application, by=hr, referred_on=today, outcome="fit", outcome_on=today
            )
        if to_stage == Stage.DBS_CLEARED:
            services.save_dbs_check(application=application, by=hr, status="clear", returned_on=today)
        services.move_application(application=application, to_stage=to_stage, by=hr)


def add_dashboard_rows(w, n: int) -> None:
    """Open vacancies, upcoming orientation sessions with a booking, unsuccessful candidates and
    appointed applicants ready to start."""
    for i in range(n):
        post = factories.PostFactory(team=w.other_team, title=f"Open post {next(_counter)}")
        make_vacancy(by=w.hr_officer, post=post, closes_on=timezone.localdate() + datetime.timedelta(days=i + 1))
        session = services.create_orientation_session(
            by=w.hr_officer,
            programme=w.programme,
            vacancies=[w.vacancy],
            starts_at=timezone.now() + datetime.timedelta(days=i + 1),
            place=f"Room {i}",
            capacity=5,
        )
        services.book_orientation_place(session=session, peer=factories.PeerFactory(trust=w.trust), by=w.hr_officer)
        _appoint(w)
    add_unsuccessful_candidates(w, n)


def edit_occupational_health(w, n: int) -> None:
    start = w.occupational_health.history.count()
    for i in range(start, start + n):
        services.save_occupational_health(application=w.application, by=w.peer_lead, debriefs=f"Debrief {i}")


def edit_dbs_check(w, n: int) -> None:
    start = w.dbs_check.history.count()
    for i in range(start, start + n):
        services.save_dbs_check(application=w.application, by=w.peer_lead, panel=f"Panel {i}")


def edit_support(w, n: int) -> None:
    start = w.support.history.count()
    for i in range(start, start + n):
        services.update_candidate_support(support=w.support, by=w.peer_lead, route_details=f"Course {i}")


# --- How many rows the page shows ------------------------------------------------------------


def history(response) -> int:
    return len(response.context["history"])


def funnel_total(response) -> int:
    return response.context["funnel"].total


def support_rows(response) -> int:
    return len(response.context["object_list"]) + len(response.context["waiting"])


def dashboard_rows(response) -> int:
    c = response.context
    return len(c["open_vacancies"]) + len(c["upcoming_sessions"]) + len(c["ready"]) + c["waiting_count"]


application = lambda w: w.application  # noqa: E731

PAGES = [
    Page("dashboard", "hr_officer", add_dashboard_rows, dashboard_rows),
    Page("dashboard", "line_manager", add_dashboard_rows, lambda r: len(r.context["ready"])),
    Page("occupational-health", "hr_officer", edit_occupational_health, history, application, logs_reads=OH),
    Page("occupational-health-update", "peer_lead", edit_occupational_health, None, application, logs_reads=OH),
    Page("dbs-detail", "peer_lead", edit_dbs_check, history, application, logs_reads=DBS),
    Page("dbs-update", "hr_officer", edit_dbs_check, None, application, logs_reads=DBS),
    Page("support-list", "hr_officer", add_unsuccessful_candidates, support_rows),
    Page("support-detail", "hr_officer", edit_support, history, lambda w: w.support),
    Page("support-update", "peer_lead", edit_support, None, lambda w: w.support),
    Page("vacancy-funnel", "hr_officer", add_applications_through_stages, funnel_total, lambda w: w.vacancy),
    Page("vacancy-funnel", "line_manager", add_applications_through_stages, funnel_total, lambda w: w.vacancy),
    Page("programme-funnel", "peer_lead", add_applications_through_stages, funnel_total, lambda w: w.programme),
]


measured = measured_fixture()  # the pages that add the same rows, measured on one build (tests/perf/together.py)


@pytest.mark.parametrize(("page", "measured"), together(PAGES), indirect=["measured"], ids=ids(PAGES), scope="module")
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(db, page, measured):
    assert_measured_page_keeps_its_budget(page, measured[page])
