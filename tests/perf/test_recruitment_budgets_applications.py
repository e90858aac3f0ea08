"""Query budgets for recruitment's applications, shortlisting and interview pages: the same number of
queries with 5 or 50 rows (see tests/perf/test_query_budgets.py for the approach). A page view writes
nothing."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from recruitment import services
from recruitment.models import Application, InterviewDimension
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, context_len, listed, page_rows
from tests.recruitment.world import mark_all

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


def add_applications(w, n: int) -> None:
    """Applications for the world's vacancy, every other one marked by HR and the line manager."""
    for i in range(n):
        application = _apply(w, disability_declared=bool(i % 3 == 0))
        if i % 2:
            mark_all(application, w.hr_officer, met=bool(i % 4 == 1))
            mark_all(application, w.line_manager)


def add_shortlisted(w, n: int) -> None:
    for _ in range(n):
        application = _apply(w)
        mark_all(application, w.hr_officer)
        services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=w.hr_officer)


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
    """Edits of the world's application, each adding a referee (history and referees grow)."""
    for _ in range(n):
        referees = [
            {"id": r.pk, "name": r.name, "relationship": r.relationship, "contact": r.contact}
            for r in w.application.referees.all()
        ]
        referees.append({"name": f"Referee {next(_counter)}", "relationship": "consultant", "contact": "x@example.org"})
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
    for i in range(max(n // 5, 1)):
        application = _apply(w)
        mark_all(application, w.hr_officer)
        services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=w.hr_officer)
        if i % 2:
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


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, recruitment, page):
    w = recruitment
    assert_page_keeps_its_budget(client, w, page)
