"""The reminder jobs and the digest email under faults (issue 8, item 6): a run killed part-way, beat firing
twice at the same moment, Redis down during the day and a Celery task that fails mid-way. After each, the
next run leaves exactly what an uninterrupted run would: the same notifications (by their key: recipient,
kind, subject, due date), each once, and one digest per person, none sent twice.

Runs on PostgreSQL (the tests that race two runs skip elsewhere, as SQLite locks the whole database).
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections import Counter
from collections.abc import Callable
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction

from programmes import notifications
from programmes import tasks as programme_tasks
from programmes.models import DigestEmail, Notification
from tests import factories
from tests.workforce.test_celery_worker import broker_down, celery_on_redis  # noqa: F401  (fixtures)
from tests.workforce.test_reminder_jobs import DAY, _add_peers
from workforce import reminders, services, services_supervision, tasks
from workforce.models import SupervisionKind, SupervisionSession


class Crash(Exception):
    """Stands for the process dying: nothing after it runs."""


def keys() -> list[tuple]:
    """Every notification's unique key, duplicates kept (so a duplicate would show)."""
    return list(Notification.objects.values_list("recipient_id", "kind", "subject", "due_on"))


def reference_keys() -> set[tuple]:
    """What an uninterrupted run creates on this world; the table is emptied again afterwards."""
    reminders.run(DAY)
    expected = keys()
    Notification.objects.all().delete()
    assert expected, "the world must have something due, or the test proves nothing"
    return set(expected)


def assert_each_once(expected: set[tuple]) -> None:
    found = keys()
    assert [key for key, n in Counter(found).items() if n > 1] == []
    assert set(found) == expected


def crash_on_call(limit: int, real: Callable) -> Callable:
    """`real`, except that the call after the first `limit` raises Crash (and so does every later one)."""
    calls = {"n": 0}

    def fake(*args, **kwargs):
        if calls["n"] >= limit:
            raise Crash(f"killed after {limit}")
        calls["n"] += 1
        return real(*args, **kwargs)

    return fake


def frozen(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC), tick=False)


# --- Killed part-way ---------------------------------------------------------------------------------------------


def test_a_run_killed_while_inserting_leaves_nothing_half_done_and_the_next_run_creates_it_all(workforce):
    _add_peers(workforce, 5)
    expected = reference_keys()
    real_bulk_create = Notification.objects.bulk_create
    insert_one = crash_on_call(len(expected) // 2, lambda obj, **kw: real_bulk_create([obj], **kw))

    def one_row_at_a_time(objs, **kwargs):
        for obj in objs:  # a notification at a time, so the crash comes after some rows were written
            insert_one(obj, **kwargs)
        return objs

    with mock.patch.object(Notification.objects, "bulk_create", one_row_at_a_time), pytest.raises(Crash):
        reminders.run(DAY)
    assert keys() == []  # the run is one transaction: what it had written went with it

    created = reminders.run(DAY)

    assert sum(created.values()) == len(expected)
    assert_each_once(expected)


def test_a_job_killed_after_committing_some_notifications_the_next_run_creates_the_rest(workforce):
    # As if the drafts were written in batches and the process died between two of them.
    _add_peers(workforce, 5)
    expected = reference_keys()
    real = notifications.create_notifications
    half = len(expected) // 2

    def first_half_then_die(drafts, *, run):
        drafts = list(drafts)
        real(drafts[:half], run=run)
        raise Crash("killed between batches")

    with mock.patch.object(reminders, "create_notifications", first_half_then_die), pytest.raises(Crash):
        reminders.run(DAY)
    assert 0 < len(keys()) < len(expected)
    already = len(keys())

    created = reminders.run(DAY)

    assert sum(created.values()) == len(expected) - already  # the rest, and only the rest
    assert_each_once(expected)


def send_or_crash_after(limit: int):
    return mock.patch.object(EmailMultiAlternatives, "send", crash_on_call(limit, EmailMultiAlternatives.send))


def test_a_digest_run_killed_after_some_emails_sends_the_rest_next_time_and_none_twice(workforce):
    _add_peers(workforce, 5)
    reminders.run(DAY)
    recipients = notifications.digest_recipient_ids(DAY)
    assert len(recipients) >= 3
    addresses = sorted(get_user_model().objects.filter(pk__in=recipients).values_list("email", flat=True))

    with send_or_crash_after(2), pytest.raises(Crash):
        programme_tasks.send_digests(DAY.isoformat())
    assert len(mail.outbox) == 2
    assert DigestEmail.objects.count() == 2  # the person whose email failed has no digest recorded
    emailed = {m.to[0] for m in mail.outbox}
    assert Notification.objects.filter(emailed_at__isnull=False).exclude(recipient__email__in=emailed).count() == 0

    queued = programme_tasks.send_digests(DAY.isoformat())

    assert queued == len(recipients) - 2
    assert sorted(m.to[0] for m in mail.outbox) == addresses  # everyone once
    assert DigestEmail.objects.count() == len(recipients)
    assert not Notification.objects.filter(emailed_at__isnull=True, recipient_id__in=recipients).exists()
    assert programme_tasks.send_digests(DAY.isoformat()) == 0


# --- Beat firing twice at the same moment -------------------------------------------------------------------------


def side_by_side(job: Callable[[], object], times: int = 2) -> list:
    """Run `job` in `times` threads released together, each on its own database connection."""
    barrier = threading.Barrier(times)
    results: list = []
    errors: list[BaseException] = []

    def one():
        try:
            barrier.wait(timeout=10)
            results.append(job())
        except BaseException as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a run hung (a deadlock?)"
    assert errors == []
    return results


def need_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite locks the whole database)")


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_and_two_digest_runs_at_once_create_and_send_each_once(workforce):
    need_postgresql()
    _add_peers(workforce, 10)
    expected = reference_keys()

    created = side_by_side(lambda: reminders.run(DAY))

    assert sum(sum(result.values()) for result in created) == len(expected)  # each created by one run
    assert_each_once(expected)

    recipients = notifications.digest_recipient_ids(DAY)
    side_by_side(lambda: programme_tasks.send_digests(DAY.isoformat()))

    sent_to = Counter(m.to[0] for m in mail.outbox)
    assert [address for address, n in sent_to.items() if n > 1] == []
    assert len(sent_to) == len(recipients) == DigestEmail.objects.count()
    assert not Notification.objects.filter(emailed_at__isnull=True, recipient_id__in=recipients).exists()


@pytest.mark.django_db(transaction=True)
def test_one_persons_digest_sent_by_two_workers_at_once_goes_once(workforce):
    # The queued send_digest task delivered twice (two workers, or a redelivery) at the same moment.
    need_postgresql()
    reminders.run(DAY)
    manager = workforce.line_manager
    count = Notification.objects.filter(recipient=manager).count()
    assert count > 0

    sent = side_by_side(lambda: programme_tasks.send_digest(manager.pk, DAY.isoformat()), times=3)

    assert sorted(sent) == [False, False, True]
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert DigestEmail.objects.get(recipient=manager).notification_count == count


# --- Redis down during the day ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("broker_down")
def test_with_redis_down_the_changes_are_saved_and_the_next_daily_run_creates_what_was_not_queued(workforce, caplog):
    w = workforce
    newcomer = factories.PeerFactory(trust=w.trust, full_name="New Starter", user=factories.UserFactory())
    with frozen(DAY):
        # Two services that queue reminders after commit, each in its own request-like transaction.
        with transaction.atomic():
            placement = services.place_peer(
                by=w.hr_officer,
                peer=newcomer,
                post=factories.PostFactory(team=w.team, hours=30),
                start_date=DAY - datetime.timedelta(days=40),
                hours=30,
                match_reasons="Skills the team asked for.",
                line_manager=w.line_manager,
            )
        with transaction.atomic():
            session = services_supervision.record_session(
                by=w.supervisor,
                kind=SupervisionKind.PEER,
                format=SupervisionSession.Format.GROUP,
                date=DAY - datetime.timedelta(days=1),
                supervisor=w.supervisor,
                attendees=[w.peer, w.colleague],
            )

    # Saved, no error raised to the caller, each failed queueing logged, nothing reminded yet.
    assert placement.pk and session.pk
    assert session.attendances.count() == 2
    assert caplog.text.count("the broker is unreachable") == 3  # the newcomer, Samira and Daniel
    assert keys() == []

    # The next daily run.
    reminders.run(DAY)
    after_daily_run = set(keys())

    # It holds everything the three queued tasks would have created.
    Notification.objects.all().delete()
    with frozen(DAY):
        for peer in (newcomer, w.peer, w.colleague):
            tasks.remind_about_peer(peer.pk)
    would_have_queued = set(keys())
    assert any(key[2].startswith(f"supervision:{newcomer.pk}:") for key in would_have_queued)
    assert would_have_queued <= after_daily_run


# --- A Celery task that fails mid-way (acks_late) ----------------------------------------------------------------


@pytest.fixture
def root_logger_kept():
    """An embedded Celery worker leaves the root logger at its own level (and a second one in a process, at
    ERROR, hid the broker-down warning test_celery_worker.py looks for): put the level and handlers back."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    root.setLevel(level)
    root.handlers[:] = handlers


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("root_logger_kept", "celery_on_redis")
def test_a_task_failing_mid_way_in_the_worker_is_safe_to_run_again(workforce):
    # acks_late: a message is acknowledged only after its task returns, so a worker lost mid-task gets it
    # redelivered, and a failed task is run again by the next beat. Either way it runs a second time.
    _add_peers(workforce, 3)
    expected = reference_keys()
    real = notifications.create_notifications
    failures = {"left": 1}

    def fail_once_mid_way(drafts, *, run):
        drafts = list(drafts)
        if failures["left"]:
            failures["left"] -= 1
            real(drafts[: len(drafts) // 2], run=run)
            raise Crash("the task failed mid-way")
        return real(drafts, run=run)

    with mock.patch.object(reminders, "create_notifications", fail_once_mid_way):
        with pytest.raises(Exception, match="the task failed mid-way"):
            tasks.run_daily_reminders.delay(DAY.isoformat()).get(timeout=60)
        already = len(keys())
        assert 0 < already < len(expected)

        again = tasks.run_daily_reminders.delay(DAY.isoformat()).get(timeout=60)
        assert sum(again.values()) == len(expected) - already  # the rest, and only the rest

        # A redelivery of the task that has already done its work creates nothing more.
        assert sum(tasks.run_daily_reminders.delay(DAY.isoformat()).get(timeout=60).values()) == 0

    assert_each_once(expected)
