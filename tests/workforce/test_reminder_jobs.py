"""The reminder jobs as a whole: a second run creates nothing, two runs at once create each notification
once (PostgreSQL), a fixed number of queries whatever the number of peers, the Celery tasks, the
`run_reminders` command's output, and the digest of what they created carries nothing sensitive."""

from __future__ import annotations

import datetime
import threading
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes import tasks as programme_tasks
from programmes.models import Notification
from tests import factories
from tests.workforce.world import place, session
from workforce import reminders, tasks
from workforce.models import InductionItem, InductionPlan, InductionSection, SupervisionKind, WellnessActionPlan

DAY = datetime.date(2027, 1, 20)  # everything of the workforce world is due or overdue by now


def frozen(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC), tick=False)


def test_a_second_run_creates_nothing(workforce):
    first = reminders.run(DAY)
    count = Notification.objects.count()
    assert sum(first.values()) == count > 0
    assert set(first) == set(reminders.JOBS)
    second = reminders.run(DAY)
    assert sum(second.values()) == 0
    assert Notification.objects.count() == count


def test_each_job_reports_what_it_created_on_the_workforce_world(workforce):
    created = reminders.run(DAY)
    kinds_of_jobs = {kind for kinds in reminders.JOBS.values() for kind in kinds}  # a later phase's jobs too
    by_kind = {kind: Notification.objects.filter(kind=kind).count() for kind in kinds_of_jobs}
    for job, kinds in reminders.JOBS.items():
        assert created[job] == sum(by_kind[k] for k in kinds), job
    # Samira's and Daniel's supervision is overdue, their reviews are due, and the induction is not done.
    assert created["supervision overdue"] > 0
    assert created["supervision escalated"] > 0
    assert created["reviews due"] > 0
    assert created["induction not done"] == 1


# --- A fixed number of queries --------------------------------------------------------------------------------


def _add_peers(w, n: int) -> None:
    """Employed peers, each with a plan shared with everyone, an unfinished induction and a session."""
    for _ in range(n):
        peer = factories.PeerFactory(trust=w.trust, user=factories.UserFactory())
        post = factories.PostFactory(team=w.team, holder=peer)
        placement = place(peer, post, peer_supervisor=w.supervisor, mentor=w.line_manager)
        WellnessActionPlan.objects.create(
            peer=peer,
            review_on=DAY,
            shared_with_line_manager=True,
            shared_with_supervisor=True,
            shared_with_hr=True,
            line_manager_shared_with=w.line_manager,  # the people named when the peer shared it
            supervisor_shared_with=w.supervisor,
        )
        plan = InductionPlan.objects.create(placement=placement)
        InductionItem.objects.create(
            plan=plan, section=InductionSection.CHECKLIST, title="Meet the team", due_on=placement.start_date
        )
        session(kind=SupervisionKind.PEER, supervisor=w.supervisor, peers=[peer], date=datetime.date(2026, 12, 1))


def _queries_of_a_run(day=DAY) -> tuple[int, int]:
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        created = reminders.run(day)
    return len(captured), sum(created.values())


def test_the_jobs_make_the_same_number_of_queries_for_3_or_30_peers(world):
    _add_peers(world, 3)
    small_queries, small_created = _queries_of_a_run()
    _add_peers(world, 27)
    large_queries, large_created = _queries_of_a_run()
    assert small_created < large_created
    assert small_queries == large_queries


def test_a_run_for_one_peer_reminds_only_about_them(workforce):
    w = workforce
    with frozen(DAY):
        created = tasks.remind_about_peer(w.peer.pk)
    assert sum(created.values()) > 0
    subjects = set(Notification.objects.values_list("subject", flat=True))
    assert not any(s.startswith(f"supervision:{w.colleague.pk}:") for s in subjects)
    assert f"supervision:{w.peer.pk}:managerial" in subjects


def test_remind_about_peer_is_queued_after_the_transaction_commits(workforce, django_capture_on_commit_callbacks):
    w = workforce
    with frozen(DAY), django_capture_on_commit_callbacks(execute=True) as callbacks:
        tasks.remind_about_peer.delay_on_commit(w.peer.pk)
        assert not Notification.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1
    assert Notification.objects.filter(subject=f"supervision:{w.peer.pk}:managerial").exists()


def test_the_daily_task_takes_an_iso_day_or_today(workforce):
    created = tasks.run_daily_reminders(DAY.isoformat())
    assert sum(created.values()) == Notification.objects.count() > 0
    with frozen(DAY):
        assert sum(tasks.run_daily_reminders().values()) == 0


# --- Two runs at once ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_create_each_notification_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite locks the whole database)")
    _add_peers(world, 20)
    barrier = threading.Barrier(2)
    results: list[dict] = []
    errors: list[BaseException] = []

    def one_run():
        try:
            barrier.wait(timeout=10)
            results.append(reminders.run(DAY))
        except BaseException as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    total = Notification.objects.count()
    assert total > 0
    assert sum(sum(r.values()) for r in results) == total  # each created by exactly one of the runs
    assert sum(reminders.run(DAY).values()) == 0


# --- The command -------------------------------------------------------------------------------------------------


def test_run_reminders_prints_what_it_created_then_nothing(workforce):
    out = StringIO()
    call_command("run_reminders", "--date", DAY.isoformat(), stdout=out)
    total = Notification.objects.count()
    text = out.getvalue()
    assert "Reminders for 20 Jan 2027." in text
    assert f"Created {total} notifications: " in text
    assert "1 induction not done" in text
    out = StringIO()
    call_command("run_reminders", "--date", DAY.isoformat(), stdout=out)
    assert "Created nothing: everything due has been notified already." in out.getvalue()
    assert Notification.objects.count() == total


def test_run_reminders_defaults_to_today(workforce):
    out = StringIO()
    with frozen(datetime.date(2026, 9, 6)):
        call_command("run_reminders", stdout=out)
    assert "Reminders for 6 Sep 2026." in out.getvalue()
    assert Notification.objects.filter(due_on=datetime.date(2026, 9, 8)).exists()


def test_run_reminders_refuses_a_date_it_cannot_read(workforce):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_reminders", "--date", "20/01/2027", stdout=StringIO())
    assert not Notification.objects.exists()


# --- The digest of what the jobs created ----------------------------------------------------------------------


def test_the_digest_of_the_jobs_carries_no_sensitive_content(workforce, settings):
    w = workforce
    settings.SITE_URL = "https://peers.example.nhs.uk"
    w.attendance.notes = "Talked about a hospital admission."
    w.attendance.save()
    w.shared_wap.review_on = DAY
    w.shared_wap.save()
    reminders.run(DAY)
    queued = programme_tasks.send_digests(DAY.isoformat())
    assert queued == len(mail.outbox) > 0
    for message in mail.outbox:
        html = message.alternatives[0][0]
        everything = f"{message.subject}\n{message.body}\n{html}".lower()
        for secret in [
            "medication",
            "hospital",
            "back-to-back",
            "going quiet",
            "cycling",
            "phased return",
            "depression",
            "feeling settled",
            "somali",
            "boundaries",
        ]:
            assert secret not in everything, (message.to, secret)
        assert "https://peers.example.nhs.uk/" in message.body
    manager_mail = next(m for m in mail.outbox if m.to == [w.line_manager.email])
    assert "Managerial supervision for Samira Okafor overdue since" in manager_mail.body
