"""Uploaded files whose records have gone (shared by every phase): an outbox of FileDeletion rows written in the
transaction that removes the rows pointing at the files, and the job that deletes the files and ticks the rows off.

A crash after that transaction commits cannot leave a file on disk with nothing pointing at it: the row is there,
and the next run of the job (queued after the commit, and run again at the end of every daily retention run)
deletes it (CONVENTIONS, "After-commit side effects that must happen")."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .models import FileDeletion

BATCH = 100  # rows claimed per transaction: the locks are held only while this many files are deleted
REMOVED = "(name removed when the file was deleted)"


def forgotten(name: str) -> str:
    """What the row of a deleted file keeps of its name: the folder only. A file's name is what its uploader called
    it ("Alex Smith DBS certificate.pdf"), personal data that must not outlive the file and its record."""
    folder = posixpath.dirname(name)
    return f"{folder}/{REMOVED}" if folder else REMOVED


def record_file_deletions(*, names: Iterable[str], reason: str) -> list[FileDeletion]:
    """Record files of the default storage (MEDIA_ROOT) to delete, in the caller's transaction: the one that removes
    the rows pointing at them. If it rolls back nothing is recorded; once it commits, the files go even if the process
    dies straight after. Queue `programmes.tasks.delete_recorded_files` after the commit (`delay_on_commit`)."""
    if not transaction.get_connection().in_atomic_block:
        # Outside the removing transaction the outbox guarantees nothing: a programming error, not a user's.
        raise RuntimeError("record_file_deletions must run inside the transaction that removes the records")
    rows = [FileDeletion(name=name, reason=reason) for name in sorted({n for n in names if n})]
    for row in rows:
        row.full_clean()
    return FileDeletion.objects.bulk_create(rows)


def pending_file_deletions():
    return FileDeletion.objects.filter(deleted_at__isnull=True)


def delete_recorded_files(*, batch: int = BATCH) -> dict[str, int]:
    """Delete every recorded file not yet deleted from the default storage and tick its row off (deleted_at), its
    name cut to the folder (`forgotten`).

    Rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED, a batch per transaction, so two runs at once never take
    the same row, and a run that dies leaves its rows (still pending) to the next. A file already gone counts as
    deleted, so a second run, or a run after a crash between deleting a file and ticking it off, is harmless. A file
    that cannot be deleted (storage unreachable, permissions) keeps its row pending with the attempt counted and the
    error kept, and is tried again by the next run. Returns how many were deleted and how many failed."""
    deleted = failed = 0
    failed_here: set[int] = set()  # tried once by this run already: left to the next run
    while True:
        with transaction.atomic():
            rows = list(
                pending_file_deletions()
                .exclude(pk__in=failed_here)
                .select_for_update(skip_locked=True)
                .order_by("recorded_at", "pk")[:batch]
            )
            if not rows:
                break
            for row in rows:
                row.attempts += 1
                try:
                    default_storage.delete(row.name)
                except FileNotFoundError:  # gone already (FileSystemStorage says nothing; other storages may)
                    pass
                except Exception as error:  # any storage's failure (OSError, a cloud SDK's error): recorded, retried
                    row.last_error = f"{type(error).__name__}: {error}"[:300]
                    failed_here.add(row.pk)
                    failed += 1
                    continue
                row.deleted_at, row.last_error, row.name = timezone.now(), "", forgotten(row.name)
                deleted += 1
            FileDeletion.objects.bulk_update(rows, ["attempts", "deleted_at", "last_error", "name"])
    return {"deleted": deleted, "failed": failed}
