"""Every write of the privacy app: setting and releasing a legal hold, recording a subject access request and
moving it on, and the retention job that removes the personal data of unsuccessful applicants once their
retention period has passed (settings RETENTION_MONTHS_UNSUCCESSFUL_APPLICANTS, default 12 months)."""

from __future__ import annotations

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from simple_history.models import HistoricalChanges

from programmes import services_files
from programmes import tasks as programme_tasks
from programmes.models import Peer, SensitiveAccessLog

from . import selectors, subject_access
from .models import LegalHold, RetentionRun, SubjectAccessRequest

logger = logging.getLogger(__name__)


# --- Legal holds ---------------------------------------------------------------------------------------------


def _save(instance: models.Model, *, by) -> models.Model:
    instance.full_clean()
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    instance.save()
    return instance


@transaction.atomic
def set_legal_hold(*, peer: Peer, by, reason: str) -> LegalHold:
    """Put the peer's records under a legal hold: the retention job keeps everything about them until released."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the records must be kept, e.g. the claim or complaint."})
    Peer.objects.select_for_update().filter(pk=peer.pk).first()  # one hold in force at a time, even at once
    if selectors.holds_in_force().filter(peer=peer).exists():
        raise ValidationError(
            {"reason": f"{peer.full_name}'s records are already under a legal hold; release it first."}
        )
    return _save(LegalHold(peer=peer, reason=reason, set_by=by), by=by)


@transaction.atomic
def release_legal_hold(*, hold: LegalHold, by, reason: str) -> LegalHold:
    """Release a hold in force; the retention job may then remove the records once their period has passed."""
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.in_force:
        raise ValidationError({"release_reason": "This hold has already been released."})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"release_reason": "Say why the hold is no longer needed."})
    hold.released_at, hold.released_by, hold.release_reason = timezone.now(), by, reason
    return _save(hold, by=by)


# --- Subject access requests ---------------------------------------------------------------------------------

Status = SubjectAccessRequest.Status


def statutory_month_end(received_on: datetime.date) -> datetime.date:
    """The day one calendar month from receipt ends (UK GDPR Art. 12(3)): the same date in the next month, or
    that month's last day when it has no such date (31 January -> 28 or 29 February)."""
    return received_on + relativedelta(months=1)


def extended_period_end(received_on: datetime.date) -> datetime.date:
    """A complex request may be extended by two further months: three calendar months from receipt."""
    return received_on + relativedelta(months=3)


@transaction.atomic
def start_subject_access_request(
    *, peer: Peer, by, requested_by: str, received_on: datetime.date
) -> SubjectAccessRequest:
    """Record a subject access request received about `peer`, with the day its statutory month ends."""
    requested_by = (requested_by or "").strip()
    if not requested_by:
        raise ValidationError({"requested_by": "Say who made the request: the person themself, or who for them."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The day received cannot be in the future."})
    request = SubjectAccessRequest(
        peer=peer,
        requested_by=requested_by,
        recorded_by=by,
        received_on=received_on,
        due_on=statutory_month_end(received_on),
    )
    return _save(request, by=by)


@transaction.atomic
def change_subject_access_request(
    *,
    request: SubjectAccessRequest,
    by,
    status: str,
    reason: str = "",
    fulfilled_on: datetime.date | None = None,
) -> SubjectAccessRequest:
    """Move a request on (TRANSITIONS): in progress; extended by two further months, with the reason; refused,
    with the reason; or fulfilled on a day (not before it was received, not in the future)."""
    request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if status not in SubjectAccessRequest.TRANSITIONS[request.status]:
        now = request.get_status_display().lower()
        raise ValidationError({"status": f"A request that is {now} cannot become {Status(status).label.lower()}."})
    reason = (reason or "").strip()
    errors = {}
    if status in (Status.EXTENDED, Status.REFUSED) and not reason:
        errors["reason"] = (
            "Say why the period is extended (the request is complex or one of many)."
            if status == Status.EXTENDED
            else "Say why the request is refused (manifestly unfounded or excessive)."
        )
    if status == Status.FULFILLED:
        if fulfilled_on is None:
            errors["fulfilled_on"] = "Give the day the export was provided."
        elif fulfilled_on < request.received_on:
            errors["fulfilled_on"] = "The day fulfilled cannot be before the request was received."
        elif fulfilled_on > timezone.localdate():
            errors["fulfilled_on"] = "The day fulfilled cannot be in the future."
    if errors:
        raise ValidationError(errors)
    request.status = status
    if status == Status.EXTENDED:
        request.extended_to = extended_period_end(request.received_on)
    if status in (Status.EXTENDED, Status.REFUSED):
        request.reason = reason
    if status == Status.FULFILLED:
        request.fulfilled_on = fulfilled_on
    return _save(request, by=by)


# --- Retention -------------------------------------------------------------------------------------------------


def retention_months() -> int:
    return int(settings.RETENTION_MONTHS_UNSUCCESSFUL_APPLICANTS)


def _peer_history_links() -> list[tuple[type[models.Model], str]]:
    """Historical tables of records shared with other people (the peers of a contribution to system change) that
    still name a peer by id: (historical model, field). Their rows naming a removed peer are removed too."""
    links = []
    for model in apps.get_models():
        if not (issubclass(model, HistoricalChanges) and model._meta.app_label in subject_access.PROJECT_APPS):
            continue
        instance = getattr(model, "instance_type", None)
        if instance is None or not instance._meta.auto_created:
            continue  # a model's own history: handled through the registry
        links += [(model, f.attname) for f in model._meta.concrete_fields if f.related_model is Peer]
    return links


def _files_of(sections: list[subject_access.Section]) -> list[str]:
    """The names of the uploaded files the removed records (and their history) point at, in the default storage."""
    found = set()
    for section in sections:
        if not section.source.removed_with_peer:
            continue
        model = section.source.model_class
        for name in subject_access._file_fields(model):
            if model._meta.get_field(name).storage is not default_storage:
                # The file outbox deletes from the default storage only; a field with its own storage needs it too.
                raise ImproperlyConfigured(f"{model._meta.label}.{name} is not in the default storage")
            for row in [*section.rows, *section.history]:
                if row.get(name):
                    found.add(row[name]["name"])
    return sorted(found)


def _close_account(user) -> str:
    """A removed applicant's own sign-in is deleted: it existed only for their application. An account that also
    holds a staff role (or is an administrator) belongs to their work, so it is kept, no longer linked to a peer.
    An account other records still point at (PROTECT) is deactivated and emptied of personal details instead."""
    if user is None:
        return "none"
    if user.is_superuser or user.staff_roles.exists():
        return "kept"
    try:
        with transaction.atomic():
            user.delete()
        return "deleted"
    except ProtectedError:
        user.is_active = False
        user.set_unusable_password()
        user.first_name = user.last_name = user.email = ""
        user.username = f"removed-{user.pk}"
        user.save()
        return "deactivated"


def remove_applicant(*, peer_id: int, today: datetime.date, months: int, run: RetentionRun | None = None) -> bool:
    """Remove one unsuccessful applicant's personal data, in its own transaction, if they are still due: every
    record about them in the subject access registry, those records' history, their reads in the sensitive-access
    log and their own sign-in, and count them on the `run`. Their uploaded files are recorded for deletion in the
    same transaction (programmes.FileDeletion) and deleted by the file job queued once it commits, so a crash after
    the commit leaves the files to the job's next run, never on disk for good. False when not due (any more): a
    second run, or a run at the same time, changes nothing."""
    with transaction.atomic():
        due = selectors.unsuccessful_applicants_due(today=today, months=months)
        peer = due.select_for_update(of=("self",)).filter(pk=peer_id).first()
        if peer is None:
            return False
        user = peer.user
        sections = subject_access.collect(peer)
        files = services_files.record_file_deletions(names=_files_of(sections), reason="retention")
        SensitiveAccessLog.objects.purge_for_retention([peer.pk])
        removed = [
            s for s in sections if s.source.removed_with_peer and s.source.model != "programmes.SensitiveAccessLog"
        ]
        # Children before parents, so nothing protects a row that is about to go.
        for section in sorted(removed, key=lambda s: s.source.depth, reverse=True):
            live = {r["id"] for r in section.rows}
            if live:
                section.source.model_class._base_manager.filter(pk__in=live).delete()
        # The deletions above wrote "deleted" history rows: the history goes after them, in every table.
        for section in removed:
            history = getattr(section.source.model_class, "history", None)
            if history is not None and section.ids:
                history.model.objects.filter(id__in=sorted(section.ids)).delete()
        for model, attname in _peer_history_links():
            model.objects.filter(**{attname: peer_id}).delete()
        account = _close_account(user)
        if run is not None:  # counted in the removal's own transaction, so the count is exact even after a crash
            RetentionRun.objects.filter(pk=run.pk).update(removed=F("removed") + 1)
        if files:
            programme_tasks.delete_recorded_files.delay_on_commit()
    logger.info("Retention removed an unsuccessful applicant's data (peer %s; account %s).", peer_id, account)
    return True


def apply_retention(*, today: datetime.date) -> RetentionRun:
    """Remove the personal data of every unsuccessful applicant whose retention period has passed on `today`
    (one transaction per applicant), and record the run (a count and a date, nothing about anyone).

    The run is recorded first, with how many are due, counted up as each applicant is removed and marked finished
    at the end: a run that died part-way stays visible (no finish time) with what it had removed. Last, the file
    job runs here too, so files a crashed run (or an unreachable storage) left recorded go at the latest a day on."""
    months = retention_months()
    due = list(selectors.unsuccessful_applicants_due(today=today, months=months).values_list("pk", flat=True))
    run = RetentionRun(ran_for=today, months=months, due=len(due))
    run.full_clean()
    run.save()
    for peer_id in due:
        remove_applicant(peer_id=peer_id, today=today, months=months, run=run)
    RetentionRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db()
    services_files.delete_recorded_files()
    return run
