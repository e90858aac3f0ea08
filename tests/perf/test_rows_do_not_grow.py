"""No page renders all the rows of something that grows with the data (issue 19): with 5 objects behind a page and
then with 200, the rows in its HTML (`<tr>` in a `<tbody>`, or the board's cards) may grow by at most a page (or the
few a detail page shows before its "Show all" link). Times nothing. The objects are made with bulk_create: no
service is under test here, only what the page renders."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from development.models import CompetencyAssessment, DescriptorRating, Progression, TrainingRecord
from programmes.models import CohortEnrolment, Notification, Peer, Post, Team, TrainingCohort
from programmes.paging import PAGE_SIZE, SHOWN
from recruitment.models import Application, Interview, OrientationBooking
from recruitment.views_board import CARDS_PER_COLUMN
from tests.perf.test_query_budgets import JobDescriptionTemplateFactory, own_course, the_cohort, the_programme
from tests.workforce.world import place
from workforce.models import (
    ReturnToWorkConversation,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    WapReview,
    WellnessActionPlan,
)

SMALL, LARGE = 5, 200
_names = itertools.count()


# --- Counting what a page renders ------------------------------------------------------------------------------


class _Rows(HTMLParser):
    """Counts the rows of every table body ("rows"), or the elements of a class (a card's, "pipeline-card")."""

    def __init__(self, what: str):
        super().__init__()
        self.what = what
        self.in_body = 0
        self.count = 0

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body += 1
        elif self.what == "rows":
            self.count += tag == "tr" and self.in_body > 0
        else:
            self.count += self.what in (dict(attrs).get("class") or "").split()

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body -= 1


def rendered(html: str, what: str) -> int:
    parser = _Rows(what)
    parser.feed(html)
    return parser.count


def test_the_counter_counts_table_rows_and_cards_only():
    html = (
        "<ul><li>menu</li></ul><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr><tr><td>2</td>"
        '</tr></tbody></table><ul><li class="card pipeline-card">a</li><li class="card">b</li></ul>'
    )
    assert rendered(html, "rows") == 2
    assert rendered(html, "pipeline-card") == 1


# --- Making many objects fast ------------------------------------------------------------------------------------


def _peers(w, n: int, prefix: str = "Peer") -> list[Peer]:
    return Peer.objects.bulk_create([Peer(trust=w.trust, full_name=f"{prefix} {next(_names):04d}") for _ in range(n)])


def _placed_peers(w, n: int, *, start: datetime.date) -> None:
    """Peers in posts of the world's team with a placement each (the schedule and place-and-train rows)."""
    peers = _peers(w, n, "Placed")
    posts = Post.objects.bulk_create(
        [Post(team=w.team, title="Peer Support Worker", band=3, hours=Decimal("30"), holder=p) for p in peers]
    )
    for i, (peer, post) in enumerate(zip(peers, posts, strict=True)):
        place(
            peer,
            post,
            start=start - datetime.timedelta(days=i % 60),
            line_manager=w.line_manager,
            peer_supervisor=w.supervisor,
        )


def add_applications(w, n: int) -> None:
    Application.objects.bulk_create(
        Application(vacancy=w.vacancy, applicant=p, applied_on=w.vacancy.opens_on) for p in _peers(w, n, "Applicant")
    )


def add_interviewees(w, n: int) -> None:
    Application.objects.bulk_create(
        Application(vacancy=w.vacancy, applicant=p, applied_on=w.vacancy.opens_on, interview=w.interview)
        for p in _peers(w, n, "Interviewee")
    )


def add_bookings(w, n: int) -> None:
    today = datetime.date(2026, 10, 1)
    OrientationBooking.objects.bulk_create(
        OrientationBooking(session=w.orientation, peer=p, booked_on=today) for p in _peers(w, n, "Booked")
    )


def add_enrolments(w, n: int) -> None:
    cohort = the_cohort(w)
    CohortEnrolment.objects.bulk_create(CohortEnrolment(cohort=cohort, peer=p) for p in _peers(w, n, "Enrolled"))


def add_cohorts(w, n: int) -> None:
    course, programme = own_course(w), the_programme(w)
    TrainingCohort.objects.bulk_create(
        TrainingCohort(
            programme=programme,
            course=course,
            name=f"Cohort {next(_names)}",
            starts_on=datetime.date(2026, 9, 1),
            ends_on=datetime.date(2026, 11, 30),
            capacity=20,
        )
        for _ in range(n)
    )


def add_teams(w, n: int) -> None:
    Team.objects.bulk_create(
        Team(trust=w.trust, name=f"Team {next(_names)}", service_type=Team.ServiceType.CMHT) for _ in range(n)
    )


def add_posts(w, n: int) -> None:
    Post.objects.bulk_create(
        Post(team=w.team, title=f"Peer Support Worker {next(_names)}", band=3, hours=Decimal("30")) for _ in range(n)
    )


def add_jd_templates(w, n: int) -> None:
    JobDescriptionTemplateFactory.create_batch(n)


def add_notifications(w, n: int) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=w.line_manager,
            kind=Notification.Kind.REVIEW_DUE,
            subject=f"review:{next(_names)}",
            due_on=datetime.date(2026, 10, 1),
            title="Review due",
        )
        for _ in range(n)
    )


def add_schedule_peers(w, n: int) -> None:
    _placed_peers(w, n, start=datetime.date(2026, 9, 1))


def add_place_and_train_peers(w, n: int) -> None:
    _placed_peers(w, n, start=datetime.date(2026, 11, 1))


def add_interviews(w, n: int) -> None:
    starts = timezone.now() + datetime.timedelta(days=30)
    Interview.objects.bulk_create(
        Interview(vacancy=w.vacancy, starts_at=starts + datetime.timedelta(hours=i), place="Riverside")
        for i in range(n)
    )


def add_wap_reviews(w, n: int) -> None:
    days = [datetime.date(2020, 1, 1) + datetime.timedelta(days=next(_names)) for _ in range(n)]
    WapReview.objects.bulk_create(
        WapReview(plan=w.wap, reviewed_on=day, next_review_on=day + datetime.timedelta(days=90)) for day in days
    )


def add_wap_versions(w, n: int) -> None:
    for _ in range(n):
        w.wap.refresh_from_db()
        field = WellnessActionPlan.CONTENT_FIELDS[0]
        setattr(w.wap, field, f"Version {next(_names)}")
        w.wap.save()


def add_sessions_of_the_peer(w, n: int) -> None:
    sessions = SupervisionSession.objects.bulk_create(
        SupervisionSession(
            kind=SupervisionKind.MANAGERIAL,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
            supervisor=w.supervisor,
        )
        for i in range(next(_names), next(_names) + n)
    )
    SupervisionAttendance.objects.bulk_create(SupervisionAttendance(session=s, peer=w.peer) for s in sessions)


def add_conversations(w, n: int) -> None:
    day = datetime.date(2026, 1, 5)
    ReturnToWorkConversation.objects.bulk_create(
        ReturnToWorkConversation(
            peer=w.colleague,
            absence_from=day + datetime.timedelta(days=i),
            absence_to=day + datetime.timedelta(days=i + 1),
            held_on=day + datetime.timedelta(days=i + 2),
            held_by=w.line_manager,
        )
        for i in range(n)
    )


def add_steps(w, n: int) -> None:
    """Earlier steps of the peer, each ended before the next starts."""
    day = datetime.date(2000, 1, 1)
    Progression.objects.bulk_create(
        Progression(
            peer=w.peer,
            level=w.level_psw,
            started_on=day + datetime.timedelta(days=10 * i),
            ended_on=day + datetime.timedelta(days=10 * i + 5),
        )
        for i in (next(_names) for _ in range(n))
    )


def add_assessments(w, n: int) -> None:
    CompetencyAssessment.objects.bulk_create(
        CompetencyAssessment(
            peer=w.peer,
            framework=w.framework,
            assessed_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            assessed_by=w.supervisor,
            context=CompetencyAssessment.Context.APPRAISAL,
        )
        for i in range(n)
    )


def add_training(w, n: int) -> None:
    TrainingRecord.objects.bulk_create(
        TrainingRecord(peer=w.peer, category=TrainingRecord.Category.IMROC, title=f"Module {next(_names)}")
        for _ in range(n)
    )


def add_ready_peers(w, n: int) -> None:
    """Peers years at their level whose latest assessment demonstrates the essential competency."""
    peers = _peers(w, n, "Ready")
    Progression.objects.bulk_create(
        Progression(peer=p, level=w.level_psw, started_on=datetime.date(2020, 1, 1)) for p in peers
    )
    assessments = CompetencyAssessment.objects.bulk_create(
        CompetencyAssessment(
            peer=p,
            framework=w.framework,
            assessed_on=datetime.date(2026, 10, 1),
            assessed_by=w.supervisor,
            context=CompetencyAssessment.Context.APPRAISAL,
        )
        for p in peers
    )
    DescriptorRating.objects.bulk_create(
        DescriptorRating(assessment=a, descriptor=w.essential, status=DescriptorRating.Status.DEMONSTRATED)
        for a in assessments
    )


# --- The pages ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    world: str  # the fixture the page needs
    viewer: str
    url: Callable[[object], str]
    add: Callable[[object, int], None]
    most: int  # how many more rows the page may show however many objects there are
    what: str = "rows"


def _url(name: str, pk_of: Callable | None = None) -> Callable[[object], str]:
    return lambda w: reverse(name, args=[pk_of(w).pk] if pk_of else [])


CASES = [
    Case("shortlist", "recruitment", "hr_officer", _url("recruitment:shortlist", lambda w: w.vacancy),
         add_applications, PAGE_SIZE),
    Case("pipeline board", "recruitment", "hr_officer", _url("recruitment:vacancy-board", lambda w: w.vacancy),
         add_applications, CARDS_PER_COLUMN, what="pipeline-card"),
    Case("application list", "recruitment", "hr_officer", _url("recruitment:application-list"),
         add_applications, PAGE_SIZE),
    Case("vacancy", "recruitment", "hr_officer", _url("recruitment:vacancy-detail", lambda w: w.vacancy),
         add_interviews, PAGE_SIZE),
    Case("interview", "recruitment", "hr_officer", _url("recruitment:interview-detail", lambda w: w.interview),
         add_interviewees, PAGE_SIZE),
    Case("orientation session", "recruitment", "hr_officer",
         _url("recruitment:orientation-detail", lambda w: w.orientation), add_bookings, PAGE_SIZE),
    Case("cohort", "world", "hr_officer", _url("programmes:cohort-detail", the_cohort), add_enrolments, PAGE_SIZE),
    Case("course", "world", "hr_officer", _url("programmes:course-detail", own_course), add_cohorts, PAGE_SIZE),
    Case("trust", "world", "administrator", _url("programmes:trust-detail", lambda w: w.trust), add_teams, SHOWN),
    Case("team", "world", "hr_officer", _url("programmes:team-detail", lambda w: w.team), add_posts, SHOWN),
    Case("post list", "world", "hr_officer", _url("programmes:post-list"), add_posts, PAGE_SIZE),
    Case("job description library", "world", "hr_officer", _url("programmes:jd-template-list"),
         add_jd_templates, PAGE_SIZE),
    Case("notifications", "world", "line_manager", _url("programmes:notification-list"), add_notifications,
         PAGE_SIZE),
    Case("supervision schedule", "workforce", "line_manager", _url("workforce:supervision-schedule"),
         add_schedule_peers, PAGE_SIZE),
    Case("peer's supervision", "workforce", "peer_worker",
         _url("workforce:peer-supervision", lambda w: w.peer), add_sessions_of_the_peer, PAGE_SIZE,
         what="supervision-session"),
    Case("Wellness Action Plan", "workforce", "peer_worker", _url("workforce:wap-detail", lambda w: w.wap),
         add_wap_reviews, PAGE_SIZE),
    Case("Wellness Action Plan versions", "workforce", "peer_worker",
         _url("workforce:wap-versions", lambda w: w.wap), add_wap_versions, PAGE_SIZE),
    Case("return-to-work conversations", "workforce", "line_manager",
         _url("workforce:return-to-work-list", lambda w: w.colleague), add_conversations, PAGE_SIZE),
    Case("progression", "development", "peer_worker", _url("development:progression-list", lambda w: w.peer),
         add_steps, PAGE_SIZE),
    Case("assessments", "development", "line_manager", _url("development:assessment-list", lambda w: w.peer),
         add_assessments, PAGE_SIZE),
    Case("training", "development", "peer_worker", _url("development:training-list", lambda w: w.peer),
         add_training, PAGE_SIZE),
    Case("place and train", "development", "peer_lead", _url("development:place-and-train"),
         add_place_and_train_peers, PAGE_SIZE),
    Case("ready for the next step", "development", "peer_lead", _url("development:ready-for-next-step"),
         add_ready_peers, PAGE_SIZE),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rows_on_a_page_do_not_grow_with_the_data(db, client, request, case):
    w = request.getfixturevalue(case.world)
    client.force_login(getattr(w, case.viewer))
    url = case.url(w)

    case.add(w, SMALL)
    small = client.get(url)
    case.add(w, LARGE - SMALL)
    large = client.get(url)

    assert small.status_code == large.status_code == 200
    before, after = rendered(small.content.decode(), case.what), rendered(large.content.decode(), case.what)
    assert after > before, "the objects added are not on the page: this case would pass whatever the page does"
    assert after - before <= case.most, f"{after - before} more rows for {LARGE - SMALL} more objects"
