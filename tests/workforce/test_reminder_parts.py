"""The daily reminder run in parts (issue 19, item 5): one part per trust, a big trust cut into batches of peers in
post; every peer in exactly one part; the parts together create what one run over everyone creates; the run is
recorded finished only by its final step. The same parts on real Celery workers: tests/faults/test_reminder_fanout.py.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from privacy.models import SubjectAccessRequest
from programmes.models import Notification, Peer, StaffRole
from tests import factories
from tests.workforce.test_reminder_jobs import DAY
from tests.workforce.world import place, session
from workforce import reminders, tasks
from workforce.models import (
    InductionItem,
    InductionPlan,
    InductionSection,
    ReminderRun,
    SupervisionKind,
    WellnessActionPlan,
)

Role = StaffRole.Role


def add_trusts(peers_in_post: tuple[int, ...]) -> list:
    """A trust per number, each with a programme and its lead, a team with a line manager and a peer supervisor,
    HR and an information governance officer, that many peers in post (each with a plan shared with everyone, an
    unfinished induction and peer supervision last held on 1 December, so overdue by DAY) and an applicant with a
    subject access request past its day (a later phase's job about someone not in post). Returns the trusts."""
    trusts = []
    for n in peers_in_post:
        trust = factories.TrustFactory()
        lead = factories.UserFactory()
        factories.ProgrammeFactory(trust=trust, lead=lead)
        team = factories.TeamFactory(trust=trust)
        line_manager, supervisor, hr, ig = (factories.UserFactory() for _ in range(4))
        StaffRole.objects.create(user=line_manager, trust=trust, team=team, role=Role.LINE_MANAGER)
        StaffRole.objects.create(user=supervisor, trust=trust, team=team, role=Role.SUPERVISOR)
        StaffRole.objects.create(user=hr, trust=trust, role=Role.HR)
        StaffRole.objects.create(user=ig, trust=trust, role=Role.IG_OFFICER)
        for _ in range(n):
            peer = factories.PeerFactory(trust=trust, user=factories.UserFactory())
            post = factories.PostFactory(team=team, holder=peer)
            placement = place(peer, post, line_manager=line_manager, peer_supervisor=supervisor, mentor=line_manager)
            WellnessActionPlan.objects.create(
                peer=peer,
                review_on=DAY,
                shared_with_line_manager=True,
                shared_with_supervisor=True,
                shared_with_hr=True,
                line_manager_shared_with=line_manager,
                supervisor_shared_with=supervisor,
            )
            plan = InductionPlan.objects.create(placement=placement)
            InductionItem.objects.create(
                plan=plan, section=InductionSection.CHECKLIST, title="Meet the team", due_on=placement.start_date
            )
            session(kind=SupervisionKind.PEER, supervisor=supervisor, peers=[peer], date=datetime.date(2026, 12, 1))
        applicant = factories.PeerFactory(trust=trust)
        SubjectAccessRequest.objects.create(
            peer=applicant,
            requested_by="The person themself",
            recorded_by=ig,
            received_on=DAY - datetime.timedelta(days=40),
            due_on=DAY - datetime.timedelta(days=9),
        )
        trusts.append(trust)
    return trusts


def keys() -> list[tuple]:
    return list(Notification.objects.values_list("recipient_id", "kind", "subject", "due_on"))


def test_every_peer_is_in_exactly_one_part_and_big_trusts_are_cut_into_batches(db):
    big, small, applicants_only = add_trusts((7, 2, 0))

    parts = reminders.parts(DAY, peers_per_part=3)

    by_trust = Counter(part.trust_id for part in parts)
    assert by_trust == {big.pk: 3, small.pk: 1, applicants_only.pk: 1}  # 7 in post: 3 + 3 + 1
    in_parts = Counter(pk for part in parts for pk in part.peers().values_list("pk", flat=True))
    assert set(in_parts.values()) == {1}
    assert set(in_parts) == set(Peer.objects.values_list("pk", flat=True))


def test_a_peer_added_after_the_parts_were_cut_is_in_one_of_them(db):
    [trust] = add_trusts((4,))
    parts = reminders.parts(DAY, peers_per_part=2)
    late = factories.PeerFactory(trust=trust)
    assert sum(part.peers().filter(pk=late.pk).exists() for part in parts) == 1


def test_the_parts_are_cut_in_two_queries_whatever_the_number_of_peers(db):
    add_trusts((2, 1))
    with CaptureQueriesContext(connection) as few:
        reminders.parts(DAY, peers_per_part=2)
    add_trusts((9, 5, 3))
    with CaptureQueriesContext(connection) as many:
        assert len(reminders.parts(DAY, peers_per_part=2)) > 6
    assert len(few) == len(many) == 2


def test_the_parts_together_create_what_one_run_over_everyone_creates(workforce):
    add_trusts((5, 2))
    reminders.run(DAY)
    whole = keys()
    Notification.objects.all().delete()

    for part in reminders.parts(DAY, peers_per_part=2):
        reminders.run_part(DAY, part)

    assert Counter(keys()) == Counter(whole)
    assert {k for _, k, _, _ in whole} >= {Notification.Kind.SUBJECT_ACCESS_DUE, Notification.Kind.SUPERVISION_OVERDUE}


def test_the_days_run_is_recorded_finished_with_what_its_parts_created(workforce, settings):
    settings.REMINDER_PEERS_PER_PART = 2
    add_trusts((5, 1))

    created = reminders.run_day(DAY)

    run = ReminderRun.objects.get(day=DAY)
    assert run.finished_at is not None
    assert run.created == sum(created.values()) == Notification.objects.count() > 0
    assert set(created) == set(reminders.JOBS)
    assert sum(reminders.run_day(DAY).values()) == 0  # a second run creates nothing
    assert ReminderRun.objects.filter(day=DAY, finished_at__isnull=False, created=0).count() == 1


def test_the_final_step_records_the_run_once(db):
    run = reminders.start_day(DAY)
    assert not reminders.day_finished(DAY)

    totals = reminders.finish_day(run.pk, [{"supervision due": 2}, {"supervision due": 1, "reviews due": 4}])
    first = ReminderRun.objects.get(pk=run.pk)
    again = reminders.finish_day(run.pk, [{"supervision due": 9}])  # a redelivered final step

    assert totals["supervision due"] == 3 and totals["reviews due"] == 4 and sum(totals.values()) == 7
    assert reminders.day_finished(DAY)
    assert sum(again.values()) == 9  # what it was given, but the record keeps the first finish
    assert ReminderRun.objects.get(pk=run.pk).created == first.created == 7
    assert ReminderRun.objects.get(pk=run.pk).finished_at == first.finished_at


def test_a_part_task_runs_the_jobs_for_its_peers_only(workforce):
    w = workforce
    [trust] = add_trusts((2,))
    part = next(p for p in reminders.parts(DAY) if p.trust_id == trust.pk)

    created = tasks.run_reminder_part(DAY.isoformat(), *part.ids())

    assert sum(created.values()) == Notification.objects.count() > 0
    subjects = set(Notification.objects.values_list("subject", flat=True))
    assert {f"supervision:{peer.pk}:peer" for peer in trust.peers.filter(user__isnull=False)} <= subjects
    assert not any(s.startswith(f"supervision:{w.peer.pk}:") for s in subjects)


def test_the_daily_task_without_a_broker_runs_the_parts_in_process(workforce, settings):
    settings.REMINDER_PEERS_PER_PART = 1
    add_trusts((3,))

    created = tasks.run_daily_reminders.delay(DAY.isoformat()).get(timeout=60)  # eager: no broker in tests

    assert sum(created.values()) == Notification.objects.count() > 0
    assert ReminderRun.objects.get(day=DAY).created == sum(created.values())


def test_peers_per_part_must_be_positive(db):
    with pytest.raises(ValueError, match="1 or more"):
        reminders.parts(DAY, peers_per_part=-1)
