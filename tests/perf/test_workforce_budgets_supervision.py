"""Query budgets for supervision, Wellness Action Plans and return-to-work conversations: the same number of
queries with 5 or 50 sessions, attendees, peers, reviews, versions or conversations. A page view writes
nothing but the log of reads of supervision notes, plans and conversations (one insert per page)."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine

from programmes.models import SensitiveAccessLog
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, context_len, listed, page_rows, skip_pdf_layout
from tests.workforce.world import place, session
from workforce import services_supervision as services
from workforce.models import (
    ReturnToWorkConversation,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    WapReview,
    WellnessActionPlan,
)
from workforce.supervision_summary import refresh_summary

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

RecordType = SensitiveAccessLog.RecordType
NOTES = frozenset({RecordType.SUPERVISION_NOTES.value})
WAP = frozenset({RecordType.WELLNESS_ACTION_PLAN.value})
RTW = frozenset({RecordType.RETURN_TO_WORK.value})
_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="workforce", **kwargs)


# --- Ways of adding rows ------------------------------------------------------------------------------


def _team_peer(w, *, placed: bool = True):
    peer = factories.PeerFactory(trust=w.trust, full_name=f"Peer {next(_counter):03d}")
    post = factories.PostFactory(team=w.team, holder=peer)
    if placed:
        place(peer, post, line_manager=w.line_manager, peer_supervisor=w.supervisor)
    return peer


def add_sessions(w, n: int) -> None:
    """Group peer sessions of the supervisor with Samira and Daniel, each with notes."""
    for i in range(n):
        session(
            kind=SupervisionKind.PEER,
            supervisor=w.supervisor,
            peers=[w.peer, w.colleague],
            date=datetime.date(2026, 10, 1) - datetime.timedelta(days=i),
            fmt=SupervisionSession.Format.GROUP,
        )


def add_planned_sessions(w, n: int) -> None:
    for i in range(n):
        session(
            kind=SupervisionKind.PEER,
            supervisor=w.supervisor,
            peers=[w.peer],
            date=datetime.date(2026, 11, 11) + datetime.timedelta(days=i),
            status=SupervisionSession.Status.PLANNED,
        )


def add_supervisees(w, n: int) -> None:
    for _ in range(n):
        _team_peer(w, placed=False)


def add_placed_peers(w, n: int) -> None:
    for _ in range(n):
        _team_peer(w)


def add_attendees(w, n: int) -> None:
    """More peers at the group session, each with a wellbeing check and notes."""
    for _ in range(n):
        attendance = SupervisionAttendance.objects.create(
            session=w.group_session, peer=_team_peer(w), wellbeing_check="Well.", notes="Private notes."
        )
        refresh_summary([attendance.peer_id])


def add_reviews(plan_of):
    def add(w, n: int) -> None:
        plan = plan_of(w)
        start = plan.reviews.count()
        for i in range(start, start + n):
            WapReview.objects.create(
                plan=plan,
                reviewed_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
                reviewed_with=w.line_manager,
                what_is_working=f"Review {i}",
                next_review_on=datetime.date(2027, 6, 1),
            )

    return add


def add_versions(w, n: int) -> None:
    start = w.wap.history.count()
    for i in range(start, start + n):
        services.save_wap(by=w.peer_worker, peer=w.peer, approaches=f"Version {i}: a walk at lunchtime.")


def no_plan_yet(w, n: int) -> None:
    WellnessActionPlan.objects.filter(peer=w.peer).delete()


def add_conversations(w, n: int) -> None:
    for i in range(n):
        ReturnToWorkConversation.objects.create(
            peer=w.colleague,
            absence_from=datetime.date(2025, 1, 1) + datetime.timedelta(days=3 * i),
            absence_to=datetime.date(2025, 1, 2) + datetime.timedelta(days=3 * i),
            held_on=datetime.date(2025, 1, 3) + datetime.timedelta(days=3 * i),
            held_by=w.line_manager,
        )


def edit_conversation(w, n: int) -> None:
    start = w.return_to_work.history.count()
    for i in range(start, start + n):
        w.return_to_work.notes = f"Note {i}"
        w.return_to_work.save()


# --- How many rows the page shows ------------------------------------------------------------------


def history(response) -> int:
    return len(response.context["history"])


group_session = lambda w: w.group_session  # noqa: E731
samira = lambda w: w.peer  # noqa: E731
daniel = lambda w: w.colleague  # noqa: E731
unshared = lambda w: w.wap  # noqa: E731
shared = lambda w: w.shared_wap  # noqa: E731

PAGES = [
    Page("supervision-list", "supervisor", add_sessions, listed),
    Page("supervision-list", "peer_worker", add_sessions, listed),
    Page(
        "supervision-create",
        "supervisor",
        add_supervisees,
        lambda r: len(r.context["form"].fields["attendees"].queryset),
    ),
    Page("supervision-schedule", "line_manager", add_placed_peers, page_rows),
    Page("supervision-schedule", "hr_officer", add_placed_peers, page_rows, query="?team="),
    Page("supervision-detail", "supervisor", add_attendees, context_len("rows"), group_session, logs_reads=NOTES),
    Page("supervision-detail", "line_manager", add_attendees, context_len("rows"), group_session),
    Page("supervision-update", "supervisor", add_attendees, None, group_session),
    Page("supervision-notes", "supervisor", add_attendees, context_len("note_forms"), group_session, logs_reads=NOTES),
    Page("peer-supervision", "peer_worker", add_sessions, context_len("rows"), samira),
    Page("peer-supervision", "supervisor", add_sessions, context_len("rows"), samira, logs_reads=NOTES),
    Page("peer-supervision-ics", "peer_worker", add_planned_sessions, None, samira),
    Page("wap-mine", "peer_worker", add_reviews(unshared), page_rows),
    Page("wap-create", "peer_worker", no_plan_yet, None),
    Page("wap-detail", "line_manager", add_reviews(shared), page_rows, shared, logs_reads=WAP),
    Page("wap-detail", "peer_worker", add_reviews(unshared), page_rows, unshared),
    Page("wap-update", "peer_worker", add_versions, None, unshared),
    Page("wap-sharing", "peer_worker", add_versions, None, unshared),
    Page("wap-versions", "peer_worker", add_versions, page_rows, unshared),
    Page("wap-versions", "peer_lead", add_versions, page_rows, unshared),
    Page("wap-review-create", "line_manager", add_reviews(shared), None, shared, logs_reads=WAP),
    Page("wap-pdf", "peer_lead", add_reviews(unshared), None, unshared, logs_reads=WAP),
    Page("return-to-work-list", "line_manager", add_conversations, page_rows, daniel),
    Page("return-to-work-create", "hr_officer", add_conversations, None, daniel),
    Page("return-to-work-detail", "hr_officer", edit_conversation, history, lambda w: w.return_to_work, logs_reads=RTW),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, workforce, page, monkeypatch):
    if page.url_name.endswith("-pdf"):
        skip_pdf_layout(monkeypatch)
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        assert_page_keeps_its_budget(client, workforce, page)
