"""Writes that survive people and faults, for every phase's forms (issue 22): the one-time token a create
form carries (claimed in the transaction that saves, so a double click saves once) and the version an edit
form was opened at (checked on the locked row, so a stale edit is refused and shown, not saved over)."""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from .models import SubmissionToken

TOKEN_FIELD = "submission_token"  # noqa: S105  (a form field's name, not a secret)
VERSION_FIELD = "record_version"
# A token is accepted for this long after its form was opened, and a claimed one kept as long: a token older
# than the claims kept could otherwise save a second time.
TOKEN_MAX_AGE = datetime.timedelta(days=7)
_SALT = "programmes.integrity.submission-token"


# --- One-time tokens of create forms -----------------------------------------------------------------------


def new_token(user) -> str:
    """A fresh token for one opening of a create form: a random nonce, signed with the user's id and the time."""
    return signing.TimestampSigner(salt=_SALT).sign(f"{user.pk}:{secrets.token_urlsafe(24)}")


def token_nonce(user, value: str | None) -> str | None:
    """The nonce of `value` when it is a token given to this user within TOKEN_MAX_AGE; None for no token,
    someone else's, a forged or an expired one."""
    if not value:
        return None
    try:
        payload = signing.TimestampSigner(salt=_SALT).unsign(value, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    owner, _, nonce = payload.partition(":")
    return nonce if nonce and owner == str(user.pk) else None


def claim_of(nonce: str) -> SubmissionToken | None:
    return SubmissionToken.objects.filter(token=nonce).first()


class AlreadyClaimed(Exception):
    """The token was claimed by an earlier submission (`claim`), which saved what it saved."""

    def __init__(self, claim: SubmissionToken | None):
        super().__init__("already claimed")
        self.claim = claim


def claim_token(*, nonce: str, user, form: str) -> SubmissionToken:
    """Claim the token inside the caller's transaction, before it writes anything. The unique key decides a
    race: a second request's INSERT waits on the index until the first commits, then fails. Raises
    AlreadyClaimed with the first claim."""
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives the IntegrityError
            return SubmissionToken.objects.create(token=nonce, user=user, form=form[:100])
    except IntegrityError:
        raise AlreadyClaimed(claim_of(nonce)) from None


def record_result(claim: SubmissionToken, *, url: str, label: str) -> None:
    """What the claiming submission saved and where it led, for a repeat of it to be sent there."""
    claim.result_url, claim.result_label = url[:300], label[:200]
    claim.save(update_fields=["result_url", "result_label"])


def purge_submission_tokens(*, now: datetime.datetime | None = None) -> int:
    """Delete claims older than TOKEN_MAX_AGE (their tokens are refused as expired anyway); the number deleted.
    SubmissionToken keeps no history, so a queryset delete loses none."""
    cutoff = (now or timezone.now()) - TOKEN_MAX_AGE
    deleted, _ = SubmissionToken.objects.filter(claimed_at__lt=cutoff).delete()
    return deleted


# --- Versions of edited records ----------------------------------------------------------------------------


def _keeps_history(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def _fingerprint(model: type[models.Model], pk) -> str:
    names = [f.attname for f in model._meta.concrete_fields]
    values = model._base_manager.filter(pk=pk).values_list(*names).first()
    blob = json.dumps(list(values or []), default=str, sort_keys=True)
    return "f" + hashlib.sha256(blob.encode()).hexdigest()[:32]


def version_of(record: models.Model) -> str:
    """The record's version as saved now: its latest history row's id ("h123") where the model keeps history
    (every save writes one), else a fingerprint of its saved values ("f..."). No version column needed."""
    model = type(record)
    if _keeps_history(model):
        latest = record.history.aggregate(latest=Max("history_id"))["latest"]
        if latest is not None:
            return f"h{latest}"
    return _fingerprint(model, record.pk)


def versions_of(records: list[models.Model]) -> str:
    """The versions of the records a form edits, in their order, joined: one query per model, whatever their number
    (the notes page of a group session edits one attendance per attendee)."""
    if len(records) == 1:
        return version_of(records[0])
    found: dict[tuple[type, Any], str] = {}
    for model in {type(r) for r in records}:
        pks = [r.pk for r in records if type(r) is model]
        found.update({(model, pk): version for pk, version in versions_by_pk(model, pks).items()})
    return ".".join(found[(type(r), r.pk)] for r in records)


def versions_by_pk(model: type[models.Model], pks) -> dict[Any, str]:
    """The versions of many records of one model in one query (a list page's one-click forms)."""
    pks = list(pks)
    if not _keeps_history(model):
        return {pk: _fingerprint(model, pk) for pk in pks}
    pk_name = model._meta.pk.attname
    rows = (
        getattr(model, model._meta.simple_history_manager_attribute)
        .filter(**{f"{pk_name}__in": pks})
        .values(pk_name)
        .annotate(latest=Max("history_id"))
    )
    found = {row[pk_name]: f"h{row['latest']}" for row in rows}
    return {pk: found.get(pk) or _fingerprint(model, pk) for pk in pks}


def lock_and_version(records: list[models.Model]) -> str:
    """Lock the records' rows (until the transaction ends) and answer their version as saved now. Any other
    writer of these rows waits for this transaction, so the version cannot move before the save."""
    for model in {type(r) for r in records}:
        pks = sorted(r.pk for r in records if type(r) is model)  # in key order: two lockers never deadlock
        list(model._base_manager.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))
    return versions_of(records)


# --- What someone else changed --------------------------------------------------------------------------


@dataclass
class Change:
    """One save by someone else since the form was opened: when, by whom, and the fields on the form it
    changed, each with its label and the value saved."""

    who: str
    when: datetime.datetime | None
    fields: list[tuple[str, str]] = field(default_factory=list)
    other_details: bool = False


def _shown(model_field: models.Field, value, offered=None) -> str:
    """A saved value as a person reads it; a related record only when the form offers it to this user (`offered`,
    the form field's queryset), so a change never names a record the user may not see."""
    if value is None or value == "":
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j M Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if isinstance(model_field, models.ForeignKey):
        target = (offered if offered is not None else model_field.related_model._base_manager).filter(pk=value).first()
        if target is None and offered is not None:
            return "(not shown to you)"
        return str(target) if target is not None else "(removed)"
    return str(value)


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "System"


def changes_since(
    record: models.Model, version: str, labels: dict[str, str], offered: dict[str, Any] | None = None
) -> list[Change]:
    """The saves of `record` after `version`, oldest first, listing only the fields in `labels` (name -> label:
    the fields of the form the user may edit, so nothing they may not see is shown; `offered`: the querysets of its
    choice fields)."""
    model = type(record)
    offered = offered or {}

    def value(saved, name: str) -> str:  # `saved`: the record as saved now, or a history row of it
        model_field = model._meta.get_field(name)
        return _shown(model_field, getattr(saved, model_field.attname), offered.get(name))

    if not _keeps_history(model):
        # No history to read: the fields on the form as saved now, without when or by whom.
        current = model._base_manager.get(pk=record.pk)
        fields = [(label, value(current, name)) for name, label in labels.items() if _is_model_field(model, name)]
        return [Change(who="Not recorded", when=None, fields=fields)]
    # Opened at a fingerprint ("f..."), the record had no history row then (written by a bulk load, such as the
    # reference data's): every save in its history came after, each with who and when.
    since = int(version[1:]) if version.startswith("h") and version[1:].isdigit() else 0
    rows = list(record.history.filter(history_id__gt=since).select_related("history_user").order_by("history_id"))
    previous = record.history.filter(history_id__lte=since).order_by("-history_id").first()
    changes = []
    for row in rows:
        if previous is None:
            names = [f.name for f in model._meta.concrete_fields]
        else:
            names = [c.field for c in row.diff_against(previous, foreign_keys_are_objs=False).changes]
        shown = [n for n in names if n in labels and _is_model_field(model, n)]
        changes.append(
            Change(
                who=_person(row.history_user),
                when=row.history_date,
                fields=[(labels[n], value(row, n)) for n in shown],
                other_details=len(shown) < len(names),
            )
        )
        previous = row
    return changes


def _is_model_field(model: type[models.Model], name: str) -> bool:
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a form field that is not the model's
        return False
    return getattr(model_field, "concrete", False) and not model_field.many_to_many
