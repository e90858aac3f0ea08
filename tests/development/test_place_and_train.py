"""The place-and-train rule (seed 002; DESIGN section 7): a peer in post under place and train completes peer
support training within six months of appointment. The selector (deadline at month ends, what counts as done, a
fixed number of queries), the page, and the reminders run with the employment jobs: once, from five months, not
under train and place, not once the training is completed; and training expiring within 30 days."""

from __future__ import annotations

import datetime
import itertools
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from development import selectors
from development.models import TrainingRecord
from programmes.models import CohortEnrolment, Notification, Peer, Programme, TrainingCohort, TrainingCourse
from tests import factories
from tests.workforce.world import place
from workforce import reminders

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

Kind = Notification.Kind
APPOINTED = datetime.date(2026, 8, 31)


def frozen(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC), tick=False)


def new_peer(w, *, start=APPOINTED, name="Amina Yusuf", team=None):
    """A peer with an account, placed in the team under the world's line manager."""
    peer = factories.PeerFactory(trust=w.trust, full_name=name, user=factories.UserFactory())
    post = factories.PostFactory(team=team or w.team, holder=peer)
    place(peer, post, start=start, line_manager=w.line_manager)
    return peer


def status_of(peer, day):
    statuses = selectors.place_and_train_status(Peer.objects.filter(pk=peer.pk), day)
    return statuses[0] if statuses else None


def training_due(peer) -> list[Notification]:
    return list(Notification.objects.filter(kind=Kind.PEER_SUPPORT_TRAINING_DUE, subject=f"place-and-train:{peer.pk}"))


# --- The selector ---------------------------------------------------------------------------------------


def test_appointed_on_31_august_the_deadline_is_28_february(development):
    peer = new_peer(development)
    status = status_of(peer, datetime.date(2026, 11, 23))
    assert (status.appointed_on, status.deadline) == (APPOINTED, datetime.date(2027, 2, 28))
    assert status.remind_from == datetime.date(2027, 1, 31)
    assert (status.done, status.days_left, status.is_overdue) == (False, 97, False)
    late = status_of(peer, datetime.date(2027, 3, 3))
    assert (late.is_overdue, late.overdue_days, late.days_left) == (True, 3, 0)


def test_peer_support_or_imroc_training_completes_it_but_mandatory_training_does_not(development):
    w = development
    peer = new_peer(w)
    day = datetime.date(2027, 1, 10)
    TrainingRecord.objects.create(peer=peer, category="mandatory", title="Fire safety", completed_on=APPOINTED)
    TrainingRecord.objects.create(peer=peer, category="imroc", title="ImROC", started_on=datetime.date(2026, 12, 1))
    assert not status_of(peer, day).done
    TrainingRecord.objects.create(peer=peer, category="imroc", title="ImROC 2", completed_on=datetime.date(2026, 12, 5))
    status = status_of(peer, day)
    assert (status.done, status.completed_on, status.done_in_time) == (True, datetime.date(2026, 12, 5), True)
    # The world's peer completed her peer support training on 30 October 2026.
    assert status_of(w.peer, day).completed_on == datetime.date(2026, 10, 30)


def test_a_completed_course_enrolment_completes_it(development):
    w = development
    peer = new_peer(w)
    course = TrainingCourse.objects.create(trust=w.trust, name="Peer support course", provider="Us", length="11 days")
    cohort = TrainingCohort.objects.create(
        programme=w.programme,
        course=course,
        name="Autumn",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 10, 20),
        capacity=10,
    )
    enrolment = CohortEnrolment.objects.create(cohort=cohort, peer=peer)
    assert not status_of(peer, datetime.date(2026, 11, 23)).done
    enrolment.status, enrolment.assessment_result = "completed", "passed"
    enrolment.save()
    assert status_of(peer, datetime.date(2026, 11, 23)).completed_on == datetime.date(2026, 10, 20)
    enrolment.graduated_on = datetime.date(2026, 11, 2)
    enrolment.save()
    assert status_of(peer, datetime.date(2026, 11, 23)).completed_on == datetime.date(2026, 11, 2)


def test_a_train_and_place_programme_is_not_followed(development):
    w = development
    Programme.objects.filter(trust=w.trust).update(training_model=Programme.TrainingModel.TRAIN_AND_PLACE)
    assert status_of(new_peer(w), datetime.date(2027, 2, 1)) is None


def test_peers_not_in_post_are_not_followed(development):
    w = development
    assert status_of(w.applicant, datetime.date(2027, 2, 1)) is None


def test_the_selector_runs_four_queries_whatever_the_number_of_peers(development):
    w = development
    day = datetime.date(2027, 2, 1)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            statuses = selectors.place_and_train_status(Peer.objects.filter(trust=w.trust), day)
        return len(captured), len(statuses)

    few = count()
    for i in range(6):
        new_peer(w, name=f"Peer {i}", start=APPOINTED + datetime.timedelta(days=i))
    many = count()
    assert few[0] == many[0] == 4
    assert many[1] == few[1] + 6


# --- The page -----------------------------------------------------------------------------------------


def test_the_page_says_where_each_peer_stands(development, client):
    w = development
    late = new_peer(w, name="Amina Yusuf")
    with frozen(datetime.date(2027, 3, 3)):
        client.force_login(w.line_manager)
        response = client.get(reverse("development:place-and-train"))
    body = response.content.decode()
    # Not done first, soonest deadline first: Amina's is 28 February, Daniel's 1 March.
    assert [s.peer for s in response.context["statuses"]] == [late, w.colleague, w.peer]
    assert "Overdue by 3 days" in body
    assert "Completed on 30 Oct 2026" in body
    assert response.context["not_done"] == 2 and response.context["overdue"] == 2


def test_the_peers_training_page_shows_their_deadline(development, client):
    w = development
    with frozen(datetime.date(2026, 11, 23)):
        client.force_login(w.peer_worker)
        body = client.get(reverse("development:training-list", args=[w.peer.pk])).content.decode()
    assert "peer support training is due by <strong>1 March 2027</strong>" in body
    assert "Completed on 30 October 2026." in body


# --- The reminders (the "done when") ------------------------------------------------------------


def test_a_peer_without_training_five_months_after_starting_is_reminded_once(development, client):
    w = development
    peer = new_peer(w)
    reminders.run(datetime.date(2027, 1, 30))  # the day before five months
    assert training_due(peer) == []

    created = reminders.run(datetime.date(2027, 1, 31))
    notes = training_due(peer)
    assert {n.recipient for n in notes} == {peer.user, w.line_manager}
    assert created["peer support training due"] >= 2
    assert {n.due_on for n in notes} == {datetime.date(2027, 2, 28)}
    titles = {n.recipient: n.title for n in notes}
    assert titles[peer.user] == "Your peer support training is due by 28 Feb 2027"
    assert titles[w.line_manager] == "Peer support training due for Amina Yusuf by 28 Feb 2027"

    # Again the same day, on later days and after the deadline: still once each.
    for day in (datetime.date(2027, 1, 31), datetime.date(2027, 2, 14), datetime.date(2027, 3, 20)):
        reminders.run(day)
    assert len(training_due(peer)) == 2

    # Whoever is told can open the link.
    for note in notes:
        with frozen(datetime.date(2027, 1, 31)):
            client.force_login(note.recipient)
            assert client.get(note.url).status_code == 200
        assert note.url == reverse("development:training-list", args=[peer.pk])


def test_no_reminder_under_train_and_place(development):
    w = development
    Programme.objects.filter(trust=w.trust).update(training_model=Programme.TrainingModel.TRAIN_AND_PLACE)
    peer = new_peer(w)
    reminders.run(datetime.date(2027, 2, 1))
    assert training_due(peer) == []


def test_no_reminder_once_the_training_is_completed(development):
    w = development
    peer = new_peer(w)
    TrainingRecord.objects.create(
        peer=peer, category="peer_support", title="PSW training", completed_on=datetime.date(2027, 1, 20)
    )
    reminders.run(datetime.date(2027, 1, 31))
    assert training_due(peer) == []
    # The world's peer trained in October is never reminded either.
    assert training_due(w.peer) == []


def test_training_recorded_after_the_reminder_stops_further_ones(development):
    w = development
    peer = new_peer(w)
    reminders.run(datetime.date(2027, 1, 31))
    TrainingRecord.objects.create(peer=peer, category="imroc", title="ImROC", completed_on=datetime.date(2027, 2, 10))
    Notification.objects.all().delete()
    reminders.run(datetime.date(2027, 2, 11))
    assert training_due(peer) == []


def test_training_expiring_within_30_days_is_reminded_once_to_hr_and_the_line_manager(development, client):
    w = development
    # Daniel's safeguarding training expires on 10 December 2026; he has no account of his own.
    reminders.run(datetime.date(2026, 11, 9))
    assert not Notification.objects.filter(kind=Kind.TRAINING_EXPIRING).exists()
    created = reminders.run(datetime.date(2026, 11, 10))
    notes = list(Notification.objects.filter(kind=Kind.TRAINING_EXPIRING))
    assert {n.recipient for n in notes} == {w.line_manager, w.hr_officer}
    assert created["training expiring"] == 2
    assert {n.title for n in notes} == {
        "Safeguarding adults level 2: training of Daniel Whitfield expires on 10 Dec 2026"
    }
    reminders.run(datetime.date(2026, 11, 10))
    reminders.run(datetime.date(2026, 12, 1))
    assert Notification.objects.filter(kind=Kind.TRAINING_EXPIRING).count() == 2
    for note in notes:
        with frozen(datetime.date(2026, 11, 10)):
            client.force_login(note.recipient)
            assert client.get(note.url).status_code == 200


def test_the_peer_is_told_of_their_own_training_expiring(development):
    w = development
    TrainingRecord.objects.create(
        peer=w.peer,
        category="mandatory",
        title="Basic life support",
        completed_on=datetime.date(2025, 12, 1),
        expires_on=datetime.date(2026, 12, 1),
    )
    reminders.run(datetime.date(2026, 11, 20))
    mine = Notification.objects.get(kind=Kind.TRAINING_EXPIRING, recipient=w.peer_worker)
    assert mine.title == "Basic life support: your training expires on 1 Dec 2026"


def test_the_jobs_are_registered_and_reported_by_the_command(development):
    assert {"peer support training due", "training expiring"} <= set(reminders.JOBS)
    new_peer(development)
    out = StringIO()
    call_command("run_reminders", "--date", "2027-01-31", stdout=out)
    assert "peer support training due" in out.getvalue()


def test_the_development_jobs_keep_the_run_to_a_fixed_number_of_queries(development):
    w = development
    day = datetime.date(2027, 1, 31)

    def queries() -> int:
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            reminders.run(day)
        return len(captured)

    def add_peers(n: int) -> None:
        for i in range(n):
            peer = new_peer(w, name=f"Peer {next(counter)}")
            TrainingRecord.objects.create(
                peer=peer,
                category="mandatory",
                title="Fire safety",
                completed_on=datetime.date(2026, 2, 1),
                expires_on=day + datetime.timedelta(days=i),
            )

    counter = itertools.count()
    add_peers(1)
    before = queries()
    add_peers(5)
    assert queries() == before


def test_the_dashboards_counts_are_the_statuses_counted_on_each_day(development):
    """development.selectors.place_and_train_counts (the dashboard's headline) gives, on every day, what counting
    place_and_train_status of the peers in post in the teams gives: in time, settled (done or overdue), in all."""
    from django.db.models import Exists, OuterRef

    from programmes.models import Team
    from workforce.models import Placement
    from workforce.selectors import current_placements

    w = development
    in_time = new_peer(w, name="Ina Time")
    TrainingRecord.objects.create(
        peer=in_time, category="imroc", title="ImROC", completed_on=datetime.date(2026, 10, 1)
    )
    late = new_peer(w, name="Lee Late", start=datetime.date(2026, 2, 1))
    TrainingRecord.objects.create(peer=late, category="imroc", title="ImROC", completed_on=datetime.date(2026, 11, 1))
    new_peer(w, name="Owen Overdue", start=datetime.date(2026, 3, 1))
    new_peer(w, name="Tess Elsewhere", team=w.other_team)  # in post, but not in the teams counted
    days = [datetime.date(2026, 9, 1), datetime.date(2026, 12, 1), datetime.date(2027, 3, 1)]
    peers, teams = Peer.objects.filter(trust=w.trust), Team.objects.filter(pk=w.team.pk)

    with CaptureQueriesContext(connection) as captured:
        counts = selectors.place_and_train_counts(peers, teams, days)
    assert len(captured) == 4

    for day in days:
        placed = current_placements(Placement.objects.filter(peer=OuterRef("pk"), post__team__in=teams), day)
        statuses = selectors.place_and_train_status(peers.filter(Exists(placed)), day)
        expected = (
            sum(s.done_in_time for s in statuses),
            sum(s.done or s.is_overdue for s in statuses),
            len(statuses),
        )
        got = counts[day]
        assert (got.in_time, got.settled, got.peers) == expected, day
    december = counts[datetime.date(2026, 12, 1)]
    assert december.in_time >= 1 and december.settled > december.in_time and december.peers > december.settled
