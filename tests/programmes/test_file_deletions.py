"""The file outbox (programmes.FileDeletion, programmes/services_files.py): uploaded files whose records have gone are
recorded in the removing transaction and deleted by a job that ticks them off, counts failures and tries again.
The kill -9 between the commit and the deletion is in tests/privacy/test_retention_under_faults.py."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from privacy.models import RetentionRun
from programmes import services_files
from programmes import tasks as programme_tasks
from programmes.models import FileDeletion

NAME = "training-evidence/2026/certificate.pdf"


def upload(media, name: str = NAME, content: bytes = b"%PDF-1.4"):
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def record(*names: str) -> list[FileDeletion]:
    with transaction.atomic():
        return services_files.record_file_deletions(names=names, reason="retention")


def test_a_recorded_file_is_deleted_and_ticked_off(db, media):
    stored = upload(media)
    record(NAME, NAME, "")  # the same file twice (a record and its history) and an empty field: one row

    assert programme_tasks.delete_recorded_files.apply().get() == {"deleted": 1, "failed": 0}

    assert not stored.exists()
    row = FileDeletion.objects.get()
    assert (row.attempts, row.last_error) == (1, "") and row.deleted_at is not None
    # The name the uploader gave the file goes with it: the row keeps its folder only.
    assert row.name == "training-evidence/2026/(name removed when the file was deleted)"


def test_a_file_already_gone_counts_as_deleted(db, media):
    record(NAME)  # nothing on disk: deleted by hand, or by a run killed before it ticked the row off
    assert services_files.delete_recorded_files() == {"deleted": 1, "failed": 0}
    assert not services_files.pending_file_deletions().exists()


def test_nothing_is_recorded_when_the_removal_rolls_back(db, media):
    upload(media)
    with pytest.raises(ValueError), transaction.atomic():
        services_files.record_file_deletions(names=[NAME], reason="retention")
        raise ValueError("the removal fails after recording its files")
    assert not FileDeletion.objects.exists()
    assert services_files.delete_recorded_files() == {"deleted": 0, "failed": 0}
    assert (media / NAME).exists()


def test_a_file_that_cannot_be_deleted_is_kept_pending_with_the_error_and_retried(db, media):
    blocked = "training-evidence/2026/scan.pdf"
    upload(media, f"{blocked}/inside.pdf")  # a folder where the file should be, not empty: the storage refuses
    stored = upload(media)
    record(blocked, NAME)

    assert services_files.delete_recorded_files() == {"deleted": 1, "failed": 1}  # the others still go
    assert not stored.exists()
    row = FileDeletion.objects.get(name=blocked)
    assert row.deleted_at is None and row.attempts == 1 and "OSError" in row.last_error

    (media / blocked / "inside.pdf").unlink()  # whatever stopped it is put right
    assert services_files.delete_recorded_files() == {"deleted": 1, "failed": 0}
    row.refresh_from_db()
    assert row.deleted_at is not None and row.attempts == 2 and row.last_error == ""
    assert not (media / blocked).exists()


def test_the_admin_lists_pending_files_and_an_unfinished_retention_run(world, client):
    record(NAME)
    RetentionRun.objects.create(ran_for="2027-01-15", months=12, due=3, removed=1)  # as a run that died part-way
    client.force_login(world.administrator)

    outbox = client.get(reverse("admin:programmes_filedeletion_changelist"))
    runs = client.get(reverse("admin:privacy_retentionrun_changelist"))

    assert NAME in outbox.text
    assert "Unfinished: still running, or stopped part-way" in runs.text


def test_a_file_kept_pending_keeps_its_name_until_it_is_deleted(db, media):
    """The job needs the name to try again; only a deletion done forgets it (a file at the storage's top level
    keeps no folder either)."""
    import shutil

    upload(media, "Alex Smith DBS.pdf/inside.pdf")  # a folder where the file should be: the storage refuses
    record("Alex Smith DBS.pdf")

    assert services_files.delete_recorded_files() == {"deleted": 0, "failed": 1}
    assert FileDeletion.objects.get().name == "Alex Smith DBS.pdf"
    shutil.rmtree(media / "Alex Smith DBS.pdf")
    assert services_files.delete_recorded_files() == {"deleted": 1, "failed": 0}
    assert FileDeletion.objects.get().name == "(name removed when the file was deleted)"


def test_the_migration_forgets_the_names_of_files_deleted_before_it(db):
    """Rows ticked off before names were forgotten lose theirs when the migration runs; pending rows keep theirs."""
    import importlib

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module("programmes.migrations.0016_file_names_forgotten_once_deleted")
    done = FileDeletion.objects.create(name="training-evidence/2025/Alex Smith.pdf", reason="retention")
    FileDeletion.objects.filter(pk=done.pk).update(deleted_at=timezone.now())
    pending = FileDeletion.objects.create(name="training-evidence/2026/Sam Jones.pdf", reason="retention")

    migration.forget_deleted_names(apps, None)

    done.refresh_from_db()
    pending.refresh_from_db()
    assert done.name == "training-evidence/2025/(name removed when the file was deleted)"
    assert pending.name == "training-evidence/2026/Sam Jones.pdf"
