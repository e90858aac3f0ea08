"""An employment world on top of the shared one (tests/conftest.py `world`):

- the peer worker (Samira, w.peer) placed in w.post since 1 September 2026, managed by w.line_manager,
  peer-supervised by w.supervisor, mentored by w.line_manager; an induction plan; 3- and 6-month reviews
  and an appraisal due; her Wellness Action Plan shared with nobody (w.wap);
- her colleague Daniel (w.colleague) placed in the same team; his plan shared with his line manager
  (w.shared_wap, naming w.line_manager, the line manager on his placement); a return-to-work conversation
  held by the line manager (w.return_to_work);
- a managerial session for Samira (w.managerial_session) and a group peer session for both
  (w.group_session), each with an attendance carrying notes (w.attendance is Samira's at the group
  session).

Built with the models directly so every phase-3 test starts from the same records; the services are
tested on their own.
"""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from tests.shared_world import holds
from workforce.models import (
    EmploymentReview,
    InductionItem,
    InductionPlan,
    InductionSection,
    Placement,
    ReturnToWorkConversation,
    ReviewObjective,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    WapReview,
    WellnessActionPlan,
)
from workforce.supervision_summary import refresh_summary

START = datetime.date(2026, 9, 1)


def place(peer, post, *, start=START, line_manager=None, peer_supervisor=None, mentor=None, **fields) -> Placement:
    placement = Placement.objects.create(
        peer=peer,
        post=post,
        start_date=start,
        hours=post.hours,
        match_reasons="The team asked for someone who knows the local Somali community.",
        line_manager=line_manager,
        peer_supervisor=peer_supervisor,
        mentor=mentor,
        **fields,
    )
    for kind, months in EmploymentReview.MONTHS_AFTER_START.items():
        EmploymentReview.objects.create(placement=placement, kind=kind, due_on=start + relativedelta(months=months))
    return placement


def session(*, kind, supervisor, peers, date, fmt=SupervisionSession.Format.INDIVIDUAL, status="held", notes=""):
    s = SupervisionSession.objects.create(
        kind=kind,
        format=fmt,
        status=status,
        date=date,
        supervisor=supervisor,
        themes="Settling in; boundaries when sharing your story.",
        actions="Book ImROC training dates.",
        recorded_by=supervisor,
    )
    for peer in peers:
        SupervisionAttendance.objects.create(
            session=s, peer=peer, wellbeing_check="Feeling settled.", notes=notes or f"Notes for {peer.full_name}."
        )
    refresh_summary(peer.pk for peer in peers)  # written without the services: keep the summary as they do
    return s


def make_workforce(world):
    """The employment records, added to `world` (tests/conftest.py `make_world`), which is returned."""
    w = world
    w.placement = place(
        w.peer, w.post, line_manager=w.line_manager, peer_supervisor=w.supervisor, mentor=w.line_manager
    )
    w.placement.reasonable_adjustments = "No early starts, because of medication side-effects."
    w.placement.save()
    w.colleague_post = w.colleague.posts.get()
    w.colleague_placement = place(w.colleague, w.colleague_post, line_manager=w.line_manager)
    w.induction = InductionPlan.objects.create(placement=w.placement, mentor=w.line_manager)
    w.induction_items = [
        InductionItem.objects.create(
            plan=w.induction,
            section=InductionSection.TIMETABLE,
            week=week,
            order=week,
            title=title,
            due_on=START + datetime.timedelta(days=7 * week - 3),
        )
        for week, title in [
            (1, "Induction and shadowing your colleagues"),
            (2, "Shadowing/Meeting Clinical Team members"),
            (3, "Attending MDM's, having supervision and continuing shadowing"),
            (4, "Completing E-Learning and commencing client meetings"),
        ]
    ]
    w.review = w.placement.reviews.get(kind=EmploymentReview.Kind.THREE_MONTH)
    w.objective = ReviewObjective.objects.create(review=w.review, text="Co-facilitate a recovery college course.")
    w.wap = WellnessActionPlan.objects.create(
        peer=w.peer,
        approaches="A walk at lunchtime.",
        workplace_triggers="Back-to-back meetings.",
        early_warning_signs="Going quiet in team meetings.",
        review_on=datetime.date(2026, 12, 1),
    )
    w.shared_wap = WellnessActionPlan.objects.create(
        peer=w.colleague,
        approaches="Cycling to work.",
        shared_with_line_manager=True,
        line_manager_shared_with=w.line_manager,  # named on his placement when he shared it
        review_on=START,
    )
    w.wap_review = WapReview.objects.create(
        plan=w.shared_wap, reviewed_on=START, reviewed_with=w.line_manager, next_review_on=datetime.date(2027, 3, 1)
    )
    w.return_to_work = ReturnToWorkConversation.objects.create(
        peer=w.colleague,
        absence_from=datetime.date(2026, 10, 5),
        absence_to=datetime.date(2026, 10, 16),
        held_on=datetime.date(2026, 10, 19),
        held_by=w.line_manager,
        support_agreed="A phased return over two weeks.",
    )
    w.managerial_session = session(
        kind=SupervisionKind.MANAGERIAL, supervisor=w.line_manager, peers=[w.peer], date=datetime.date(2026, 11, 2)
    )
    w.group_session = session(
        kind=SupervisionKind.PEER,
        supervisor=w.supervisor,
        peers=[w.peer, w.colleague],
        date=datetime.date(2026, 11, 4),
        fmt=SupervisionSession.Format.GROUP,
    )
    w.attendance = w.group_session.attendances.get(peer=w.peer)
    return w


@pytest.fixture
def workforce(request, world):
    """`world` with the employment records added (already there in a module marked `shared_world("workforce")` or
    `shared_world("development")`: tests/shared_world.py)."""
    return world if holds(request, "workforce") else make_workforce(world)
