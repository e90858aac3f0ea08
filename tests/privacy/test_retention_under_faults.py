"""Retention under a real process fault (issue 22, item 4): the retention command killed with SIGKILL after an
applicant's removal has committed and before their uploaded file is deleted. The applicant's rows are gone, the
file is still on disk but recorded for deletion (programmes.FileDeletion), the run is visible as unfinished, and
the next run of the file job deletes the file.

The victim is `manage.py apply_retention` in a process of its own, on this test's database (the test commits its
data: transaction=True). It is stopped at a pinned point with PostgreSQL's own locks, taken from connections of
the test: first a row lock on the applicant's account, which the victim deletes inside the removal's transaction
after recording the files; while it waits there, a request for an EXCLUSIVE lock on the file outbox queues behind
the victim's insert; releasing the account lets the removal commit, the queued lock is granted at that instant,
and the victim's file job (run after the commit) then waits for it: the kill comes exactly there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from privacy.models import RetentionRun
from programmes import services_files
from programmes import tasks as programme_tasks
from programmes.models import FileDeletion, Peer
from tests.conftest import need
from tests.privacy.test_retention import TWELVE_MONTHS_ON, alex  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VICTIM = "retention-victim"  # the application name the victim's database session shows
WAIT = 60.0  # seconds: the bound on every wait for the victim (it starts Django first)


def conninfo() -> str:
    s = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=s["NAME"], user=s["USER"] or None, password=s["PASSWORD"] or None, host=s["HOST"], port=s["PORT"]
    )


def database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_for(what: str, check: Callable[[], object], victim: subprocess.Popen | None = None):
    """Poll `check` until it answers something true, within WAIT seconds (and while the victim is alive)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if victim is not None and victim.poll() is not None:
            out, err = victim.communicate()
            pytest.fail(f"the retention process ended (code {victim.returncode}) before {what}:\n{out}\n{err}")
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def waiting_on(watcher: psycopg.Connection, *, application: str | None = None, pid: int | None = None):
    """The (pid, wait_event, query) of a session of this database waiting for a lock, or None."""
    rows = watcher.execute(
        "SELECT pid, wait_event, query FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND (application_name = %s OR pid = %s)",
        [application, pid],
    ).fetchall()
    return rows[0] if rows else None


def test_a_retention_run_killed_between_the_commit_and_the_file_deletion_leaves_the_file_to_the_file_job(
    alex,  # noqa: F811
    media,
):
    need("PostgreSQL (the test pins the victim with its locks)", connection.vendor == "postgresql")
    w = alex
    stored = Path(w.certificate.evidence.path)
    assert stored.exists()

    watcher = psycopg.connect(conninfo(), autocommit=True)
    account_lock = psycopg.connect(conninfo())
    outbox_lock = psycopg.connect(conninfo())
    victim = None
    try:
        # 1. Hold the applicant's account: the victim will wait on it inside the removal's transaction.
        account_lock.execute("SELECT id FROM auth_user WHERE id = %s FOR UPDATE", [w.alex_user.pk])

        env = {**os.environ, "DATABASE_URL": database_url(), "MEDIA_ROOT": str(media), "PGAPPNAME": VICTIM}
        env.pop("CELERY_BROKER_URL", None)  # tasks in-process: the file job runs in the victim after the commit
        victim = subprocess.Popen(
            [sys.executable, "manage.py", "apply_retention", "--date", TWELVE_MONTHS_ON.isoformat()],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        blocked = wait_for(
            "the victim to wait on the applicant's account",
            lambda: waiting_on(watcher, application=VICTIM),
            victim,
        )
        victim_backend, _, query = blocked
        assert query.startswith('DELETE FROM "auth_user"'), query

        # 2. Queue an EXCLUSIVE lock on the outbox behind the victim's uncommitted insert into it.
        outbox_pid = outbox_lock.info.backend_pid
        granted = threading.Event()

        def lock_the_outbox():
            outbox_lock.execute("LOCK TABLE programmes_filedeletion IN EXCLUSIVE MODE")
            granted.set()

        locker = threading.Thread(target=lock_the_outbox, daemon=True)
        locker.start()
        wait_for("the outbox lock to queue behind the victim", lambda: waiting_on(watcher, pid=outbox_pid))
        assert not granted.is_set()

        # 3. Let the removal commit: the outbox lock is granted then, and the victim's file job waits for it.
        account_lock.rollback()
        assert granted.wait(WAIT), "the outbox lock was not granted after the removal committed"
        _, wait_event, query = wait_for(
            "the victim's file job to wait on the outbox",
            lambda: waiting_on(watcher, application=VICTIM),
            victim,
        )
        assert wait_event == "relation" and "programmes_filedeletion" in query and "SKIP LOCKED" in query, query

        # 4. The fault: SIGKILL; then the server ends the dead client's session (it would on its next write).
        victim.send_signal(signal.SIGKILL)
        victim.wait(WAIT)
        assert victim.returncode == -signal.SIGKILL
        watcher.execute("SELECT pg_terminate_backend(%s)", [victim_backend])
        wait_for(
            "the victim's session to end",
            lambda: not watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [victim_backend]).fetchone(),
        )
    finally:
        if victim is not None and victim.poll() is None:
            victim.kill()
            victim.wait(WAIT)
        for held in (outbox_lock, account_lock, watcher):
            held.close()

    # The removal committed: the applicant's rows and account are gone...
    assert not Peer.objects.filter(pk=w.alex.pk).exists()
    assert not Peer.history.filter(id=w.alex.pk).exists()
    assert not get_user_model().objects.filter(pk=w.alex_user.pk).exists()
    # ...their file is still on disk, recorded for deletion...
    assert stored.exists()
    pending = FileDeletion.objects.get()
    assert (pending.name, pending.reason, pending.deleted_at) == (w.certificate.evidence.name, "retention", None)
    # ...and the run is there, with the applicant counted, unfinished.
    run = RetentionRun.objects.get()
    assert (run.ran_for, run.due, run.removed, run.finished_at) == (TWELVE_MONTHS_ON, 1, 1, None)

    # The next run of the file job (the Celery task, as a worker or the next retention run would) removes it.
    assert programme_tasks.delete_recorded_files.apply().get() == {"deleted": 1, "failed": 0}
    assert not stored.exists()
    pending.refresh_from_db()
    assert pending.deleted_at is not None and pending.attempts == 1
    assert services_files.delete_recorded_files() == {"deleted": 0, "failed": 0}  # and again: nothing to do


def test_the_file_job_deletes_what_is_recorded_even_when_run_twice_at_once(media, transactional_db):
    """Two runs at the same moment (threads, each on its own connection) share the rows between them: every file
    is deleted and ticked off once, attempts 1 each, none left. (Committed data, so recording outside a transaction
    can be seen refused too.)"""
    names = []
    for n in range(30):
        path = media / "training-evidence" / "2026" / f"certificate-{n}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4")
        names.append(f"training-evidence/2026/certificate-{n}.pdf")
    with pytest.raises(RuntimeError, match="inside the transaction"):  # outside the removal's transaction: refused
        services_files.record_file_deletions(names=names, reason="retention")
    assert not FileDeletion.objects.exists()
    with transaction.atomic():
        services_files.record_file_deletions(names=names, reason="retention")
    results, start = [], threading.Barrier(2)

    def one_run():
        try:
            start.wait()
            results.append(services_files.delete_recorded_files(batch=5))
        finally:
            connection.close()

    runs = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(WAIT)

    assert sum(r["deleted"] for r in results) == 30 and sum(r["failed"] for r in results) == 0
    assert not any((media / name).exists() for name in names)
    assert set(FileDeletion.objects.values_list("attempts", flat=True)) == {1}
    assert not services_files.pending_file_deletions().exists()
