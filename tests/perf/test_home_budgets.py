"""Query budgets for the "what needs me" home page (issue 15), one case per role: the same number of queries with
5 or 50 things needing the user (see tests/perf/budget.py), so neither the sections of the phases nor the reminder
jobs' computation they share grows with the rows. Time is frozen: what is due depends on the day."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine

from programmes.models import StaffRole
from recruitment import selectors
from recruitment import services as recruitment_services
from recruitment.models import ShortlistingMark
from tests import factories
from tests.perf.budget import Page
from tests.perf.together import assert_measured_page_keeps_its_budget, ids, measured_fixture, together
from tests.workforce.world import START, place
from workforce.models import InductionItem, InductionPlan, InductionSection

pytestmark = pytest.mark.shared_world("recruitment")  # one world for the module (tests/shared_world.py)

DAY = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)
_names = itertools.count()


def _peer(w, **fields):
    return factories.PeerFactory(trust=w.trust, full_name=f"Peer {next(_names)}", **fields)


def add_peers_in_post(w, n: int) -> None:
    """Peers placed in the team on 1 September, managed by the line manager and supervised by the supervisor, with
    no supervision held: managerial and peer supervision overdue, the 3-month review overdue (due 1 December)."""
    for _ in range(n):
        peer = _peer(w)
        post = factories.PostFactory(team=w.team, holder=peer)
        place(peer, post, line_manager=w.line_manager, peer_supervisor=w.supervisor)


def add_applications(w, n: int) -> None:
    """Applications to the world's vacancy, waiting to be marked."""
    for _ in range(n):
        recruitment_services.submit_application(
            vacancy=w.vacancy, applicant=_peer(w), by=w.hr_officer, applied_on=w.vacancy.opens_on
        )


def add_interviews_to_score(w, n: int) -> None:
    """Applicants shortlisted and invited to the interview held two days ago, which the panel member has not
    scored. HR's marks are the ones tests.recruitment.world.mark_all records (every row identified by application
    met), written in one insert: the page reads the marks, not their history, and the service that records them
    one at a time (a lock, a validation and a history row per mark) is tested in tests/recruitment."""
    w.interview.capacity = 100
    # Two days before the day the page is measured on (the shared world dates it from the real clock, which put it
    # after DAY, and so not yet held, from 2026-12-05 09:00).
    w.interview.starts_at = DAY - datetime.timedelta(days=2)
    w.interview.save()
    applications = [
        recruitment_services.submit_application(
            vacancy=w.vacancy, applicant=_peer(w), by=w.hr_officer, applied_on=w.vacancy.opens_on
        )
        for _ in range(n)
    ]
    rows = list(selectors.criteria_identified_by_application(w.vacancy))
    ShortlistingMark.objects.bulk_create(
        ShortlistingMark(
            application=application,
            criterion=row,
            shortlister=w.hr_officer,
            essential_met=True if row.essential else None,
            desirable_met=True if row.desirable else None,
        )
        for application in applications
        for row in rows
    )
    for application in applications:
        recruitment_services.move_application(application=application, to_stage="shortlisted", by=w.hr_officer)
        recruitment_services.invite_to_interview(application=application, interview=w.interview, by=w.hr_officer)


def add_own_induction_items(w, n: int) -> None:
    """Items of the peer's own induction plan, not done."""
    plan = InductionPlan.objects.filter(placement__peer=w.peer).first()
    if plan is None:
        placement = place(w.peer, w.post, line_manager=w.line_manager, peer_supervisor=w.supervisor)
        plan = InductionPlan.objects.create(placement=placement, mentor=w.line_manager)
    for _ in range(n):
        i = next(_names)
        InductionItem.objects.create(
            plan=plan, section=InductionSection.CHECKLIST, order=i, title=f"Item {i}", due_on=START
        )


def shown(part: str, key: str | None = None):
    """How many items the part (or one of its sections) counts."""

    def count(response) -> int:
        for p in response.context["needs"]:
            if p["key"] == part:
                return sum(s.count for s in p["sections"] if key is None or key in s.heading.lower())
        return 0

    return count


PAGES = [
    Page("home", "hr_officer", add_applications, shown("keeper", "applications")),
    Page("home", "peer_lead", add_peers_in_post, shown("keeper", "supervision")),
    Page("home", "line_manager", add_peers_in_post, shown("line_manager")),
    Page("home", "supervisor", add_peers_in_post, shown("supervisor")),
    Page("home", "panel_member", add_interviews_to_score, shown("panel", "score")),
    Page("home", "peer_worker", add_own_induction_items, shown("own", "induction")),
]


@pytest.fixture
def roles(world):
    """The supervisor and the line manager of the world's team (the shared world gives them those roles)."""
    assert StaffRole.objects.filter(user=world.supervisor, role=StaffRole.Role.SUPERVISOR).exists()
    return world


# The roles' pages that add the same rows, measured on one build of them (tests/perf/together.py).
measured = measured_fixture(clock=lambda: time_machine.travel(DAY, tick=False))


@pytest.mark.parametrize(("page", "measured"), together(PAGES), indirect=["measured"], ids=ids(PAGES), scope="module")
def test_the_home_page_makes_the_same_number_of_queries_with_5_or_50_things_to_do(roles, page, measured):
    assert_measured_page_keeps_its_budget(page, measured[page])
