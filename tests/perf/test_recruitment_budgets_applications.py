"""Query budgets for recruitment's applications, shortlisting and interview pages: the same number of
queries with 5 or 50 rows (see tests/perf/test_query_budgets.py for the approach). A page view writes
nothing."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from recruitment import selectors, services
from recruitment.models import Application, InterviewDimension, ShortlistingMark
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import context_len, listed, page_rows
from tests.perf.together import assert_measured_page_keeps_its_budget, ids, measured_fixture, together
from tests.recruitment.world import mark_all

pytestmark = pytest.mark.shared_world  # one recruitment world for the module (tests/shared_world.py)

Stage = Application.Stage
_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="recruitment", **kwargs)


# --- Ways of adding rows ------------------------------------------------------------------------


def _apply(w, **fields) -> Application:
    return services.submit_application(
        vacancy=w.vacancy,
        applicant=factories.PeerFactory(trust=w.trust),
        by=w.hr_officer,
        applied_on=w.vacancy.opens_on,
        referees=[{"name": "Jo Marsh", "relationship": "teacher", "contact": "jo@example.org"}],
        **fields,
    )


def _mark_all_at_once(w, applications: list[Application], shortlister, *, met: bool = True) -> None:
    """The marks tests.recruitment.world.mark_all records (every row identified by application met, or not),
    written in one insert for many applications. The pages read the marks; the service that records them one
    at a time (a lock, a validation and a history row per mark) is tested in tests/recruitment, and doing it
    here cost most of these tests' time."""
    rows = list(selectors.criteria_identified_by_application(w.vacancy))
    ShortlistingMark.objects.bulk_create(
        ShortlistingMark(
            application=application,
            criterion=row,
            shortlister=shortlister,
            essential_met=met if row.essential else None,
            desirable_met=met if row.desirable else None,
        )
        for application in applications
        for row in rows
    )


def _shortlist(w, applications: list[Application]) -> None:
    """Marked by HR (all met), then moved to shortlisted through the service, as HR would."""
    _mark_all_at_once(w, applications, w.hr_officer)
    for application in applications:
        services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=w.hr_officer)


def add_applications(w, n: int) -> None:
    """Applications for the world's vacancy, every other one marked by HR and the line manager."""
    applications = [_apply(w, disability_declared=bool(i % 3 == 0)) for i in range(n)]
    marked = applications[1::2]  # i odd
    _mark_all_at_once(w, [a for i, a in enumerate(applications) if i % 4 == 1], w.hr_officer, met=True)
    _mark_all_at_once(w, [a for i, a in enumerate(applications) if i % 4 == 3], w.hr_officer, met=False)
    _mark_all_at_once(w, marked, w.line_manager)


def add_shortlisted(w, n: int) -> None:
    _shortlist(w, [_apply(w) for _ in range(n)])


def add_peers(w, n: int) -> None:
    for _ in range(n):
        factories.PeerFactory(trust=w.trust)


def add_staff(w, n: int) -> None:
    """Staff of the world's trust, who may sit on its panels."""
    for _ in range(n):
        factories.StaffRoleFactory(trust=w.trust, role="line_manager", team=w.team)


def add_panel_members(w, n: int) -> None:
    for i in range(n):
        role = factories.StaffRoleFactory(trust=w.trust, role="panel_member")
        services.add_panel_member(
            interview=w.interview, by=w.hr_officer, user=role.user, role_on_panel=f"Member {i}", is_peer_worker=i % 2
        )


def edit_application(w, n: int) -> None:
    """n edits of the world's application through the service (its history grows by n), the last one adding
    n referees (its referees grow by n). One edit adds them all because every edit re-saves each referee it
    keeps: a referee per edit made the rows cost grow with the square of n."""
    for i in range(n):
        referees = None
        if i == n - 1:
            referees = [
                {"id": r.pk, "name": r.name, "relationship": r.relationship, "contact": r.contact}
                for r in w.application.referees.all()
            ]
            referees += [
                {"name": f"Referee {next(_counter)}", "relationship": "consultant", "contact": "x@example.org"}
                for _ in range(n)
            ]
        services.update_application(
            application=w.application, by=w.hr_officer, referees=referees, support_given=f"Help {next(_counter)}"
        )


def at_interview(w) -> Application:
    """An applicant invited to the world's interview (made on first use)."""
    if not hasattr(w, "at_interview"):
        application = _apply(w)
        mark_all(application, w.hr_officer)
        services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=w.hr_officer)
        services.invite_to_interview(application=application, interview=w.interview, by=w.hr_officer)
        w.at_interview = application
    return w.at_interview


def rescore(w, n: int) -> None:
    """The panel member scores the applicant at interview again, n times (history of the scores grows)."""
    for i in range(n):
        services.record_interview_scores(
            application=at_interview(w),
            panellist=w.panel_member,
            dimension_scores={d.value: i % 5 for d in InterviewDimension},
            notes=f"Round {i}",
        )


def add_board_rows(w, n: int) -> None:
    """Applicants at every stage of the board: applied (marked or not), shortlisted, at interview and scored."""
    add_applications(w, n)
    shortlisted = [_apply(w) for _ in range(max(n // 5, 1))]
    _shortlist(w, shortlisted)
    for application in shortlisted[1::2]:
        if w.interview.capacity < 12:
            services.update_interview(interview=w.interview, by=w.hr_officer, capacity=12)
        if w.interview.applications.count() < 12:
            services.invite_to_interview(application=application, interview=w.interview, by=w.hr_officer)
            services.record_interview_scores(
                application=application,
                panellist=w.panel_member,
                dimension_scores={d.value: 2 for d in InterviewDimension},
            )


def board_cards(response) -> int:
    return sum(len(column.shown) for column in response.context["columns"])


# --- How many rows the page shows ------------------------------------------------------------


def choices(name: str) -> Callable:
    return lambda response: len(response.context["form"].fields[name].choices)


def history_and_referees(response) -> int:
    return len(response.context["history"]) + len(response.context["referees"])


def panel_choices(response) -> int:
    return len(response.context["panel"].forms[0].fields["user"].choices)


def referee_forms(response) -> int:
    return len(response.context["referees"].forms)


application = lambda w: w.application  # noqa: E731
vacancy = lambda w: w.vacancy  # noqa: E731
interview = lambda w: w.interview  # noqa: E731

PAGES = [
    Page("application-list", "hr_officer", add_applications, listed),
    Page("application-list", "line_manager", add_applications, listed),
    Page("application-create", "hr_officer", add_peers, choices("applicant"), vacancy),
    Page("application-detail", "hr_officer", edit_application, history_and_referees, application),
    Page("application-detail", "panel_member", edit_application, history_and_referees, application),
    Page("application-update", "peer_lead", edit_application, referee_forms, application),
    Page("application-move", "hr_officer", edit_application, None, application),
    Page("application-outcome", "hr_officer", edit_application, None, application),
    Page("vacancy-board", "hr_officer", add_board_rows, board_cards, vacancy),
    Page("vacancy-board", "line_manager", add_board_rows, board_cards, vacancy),
    Page("shortlist", "hr_officer", add_applications, page_rows, vacancy),
    Page("shortlist", "panel_member", add_applications, page_rows, vacancy),
    Page("shortlisting-marks", "line_manager", add_applications, None, lambda w: w.unsuccessful),
    Page("interview-create", "hr_officer", add_staff, panel_choices, vacancy),
    Page("interview-detail", "panel_member", add_panel_members, context_len("panel"), interview),
    Page("interview-update", "hr_officer", add_panel_members, context_len("current_panel"), interview),
    Page("interview-invite", "hr_officer", add_shortlisted, choices("applications"), interview),
    Page("interview-score", "panel_member", rescore, None, at_interview),
]


measured = measured_fixture()  # the pages that add the same rows, measured on one build (tests/perf/together.py)


@pytest.mark.parametrize(
    ("page", "measured"),
    together(PAGES, makers=[at_interview]),
    indirect=["measured"],
    ids=ids(PAGES),
    scope="module",
)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(db, page, measured):
    assert_measured_page_keeps_its_budget(page, measured[page])
