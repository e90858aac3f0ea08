"""Every write of the privacy app: setting and releasing a legal hold, and the retention job that removes the
personal data of unsuccessful applicants once their retention period has passed (settings
RETENTION_MONTHS_UNSUCCESSFUL_APPLICANTS, default 12 months)."""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from simple_history.models import HistoricalChanges

from programmes.models import Peer, SensitiveAccessLog

from . import selectors, subject_access
from .models import LegalHold, RetentionRun

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


def _files_of(sections: list[subject_access.Section]) -> list[tuple[object, str]]:
    found = []
    for section in sections:
        if not section.source.removed_with_peer:
            continue
        model = section.source.model_class
        for name in subject_access._file_fields(model):
            storage = model._meta.get_field(name).storage
            for row in [*section.rows, *section.history]:
                if row.get(name):
                    found.append((storage, row[name]["name"]))
    return sorted(set(found), key=lambda pair: pair[1])


def _delete_files(files: list[tuple[object, str]]) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:  # already gone, or the storage is unreachable: logged, the record is gone either way
            logger.warning("Retention could not delete the uploaded file %s", name, exc_info=True)


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


def remove_applicant(*, peer_id: int, today: datetime.date, months: int) -> bool:
    """Remove one unsuccessful applicant's personal data, in its own transaction, if they are still due: every
    record about them in the subject access registry, those records' history, their reads in the sensitive-access
    log, their uploaded files (once the transaction commits) and their own sign-in. False when not due (any
    more): a second run, or a run at the same time, changes nothing."""
    with transaction.atomic():
        due = selectors.unsuccessful_applicants_due(today=today, months=months)
        peer = due.select_for_update(of=("self",)).filter(pk=peer_id).first()
        if peer is None:
            return False
        user = peer.user
        sections = subject_access.collect(peer)
        files = _files_of(sections)
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
        transaction.on_commit(lambda: _delete_files(files))
    logger.info("Retention removed an unsuccessful applicant's data (peer %s; account %s).", peer_id, account)
    return True


def apply_retention(*, today: datetime.date) -> RetentionRun:
    """Remove the personal data of every unsuccessful applicant whose retention period has passed on `today`
    (one transaction per applicant), and record the run (a count and a date, nothing about anyone)."""
    months = retention_months()
    due = list(selectors.unsuccessful_applicants_due(today=today, months=months).values_list("pk", flat=True))
    removed = sum(remove_applicant(peer_id=peer_id, today=today, months=months) for peer_id in due)
    run = RetentionRun(ran_for=today, months=months, removed=removed)
    run.full_clean()
    run.save()
    return run
