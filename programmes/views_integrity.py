"""The part of every create and edit page that makes its write safe against people and faults (issue 22): a
create saves once however often it is posted, an edit opened before someone else's save is refused and shown.
Shared by the views of every phase through ServiceFormView, and mixed into the few form pages that are not."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect

from . import integrity

NOT_FROM_THIS_FORM = (
    "This form could not be saved: it was not opened from this page by you, or it was opened more than a week ago. "
    "It is shown again: check it and save."
)
VERSION_MISSING = (
    "This form could not be saved: it does not say which version of the record it was opened at. "
    "It is shown again with the record as saved now: check it and save."
)
CONFLICT = "Someone else changed this record since you opened it. Nothing you entered has been saved."


class WriteOnceMixin:
    """A create page (no record to edit) carries a one-time token, claimed in the transaction that saves; an
    edit page carries the version of the record(s) it edits, compared on the locked rows before saving.

    `write_once(form, write, url_for)` runs `write()` under that guard and answers (record, url), or a response
    (the first result of a repeated token; the form again, with why nothing was saved)."""

    conflict: list[integrity.Change] | None = None
    _new_version: str = ""

    def versioned_records(self) -> list[Model]:
        """The records this page edits (their versions guard the save); none for a page that creates."""
        record = getattr(self, "object", None)
        return [record] if record is not None else []

    def integrity_field(self) -> tuple[str, str]:
        """The hidden field the page's form carries: (name, value)."""
        if getattr(self, "_integrity_field", None) is None:
            posted = self.request.POST if self.request.method == "POST" else {}
            records = self.versioned_records()
            if records:
                value = self._new_version or posted.get(integrity.VERSION_FIELD) or integrity.versions_of(records)
                self._integrity_field = (integrity.VERSION_FIELD, value)
            else:
                token = posted.get(integrity.TOKEN_FIELD)
                if not integrity.token_nonce(self.request.user, token):
                    token = integrity.new_token(self.request.user)  # the form again: a fresh token
                self._integrity_field = (integrity.TOKEN_FIELD, token)
        return self._integrity_field

    def _posted_nonce(self) -> str | None:
        return integrity.token_nonce(self.request.user, self.request.POST.get(integrity.TOKEN_FIELD))

    def post(self, request, *args, **kwargs):
        records = self.versioned_records()
        nonce = self._posted_nonce()
        claim = integrity.claim_of(nonce) if nonce else None
        if claim is not None:
            # A repeat of a submission that saved: its result, before checking anything. Also on a page that
            # edits once its record exists (written the first time with a token, e.g. a team's allocation
            # process): the repeat of that first save is not an edit without a version.
            return self.already_saved(claim)
        if records:
            opened = request.POST.get(integrity.VERSION_FIELD, "")
            current = integrity.versions_of(records)
            if opened and opened != current:
                # Stale already: said at once, beside any error in the form (the locked check at save is the
                # guarantee; this spares the user correcting a form that would be refused anyway).
                form = self.get_form()
                form.is_valid()
                return self._refuse(form, records, opened, current)
        return super().post(request, *args, **kwargs)

    def _refuse(self, form, records, opened: str, current: str) -> HttpResponse:
        """The form again with why nothing was saved, now carrying the version saved now."""
        self._new_version = current
        self._integrity_field = None
        if opened:
            self.conflict = self._changes(records, opened, current, form)
            form.add_error(None, CONFLICT)
        else:
            form.add_error(None, VERSION_MISSING)
        return self.form_invalid(form)

    def already_saved(self, claim) -> HttpResponse:
        what = f" ({claim.result_label})" if claim and claim.result_label else ""
        messages.info(self.request, f"This was already saved{what}; it was not saved again.")
        return redirect(claim.result_url if claim and claim.result_url else self.request.path)

    def conflict_labels(self, form) -> dict[str, str]:
        """The fields whose other change is listed: those of the form (the user may see and edit them)."""
        return {name: str(f.label or name.replace("_", " ").capitalize()) for name, f in form.fields.items()}

    def write_once(
        self, form, write: Callable[[], Model], url_for: Callable[[Model], str]
    ) -> tuple[Model, str] | HttpResponse:
        """Run `write()` (a service call) in one transaction with the guard; a ValidationError it raises rolls
        everything back (the token too, so the corrected form can be saved) and is the caller's to show."""
        records = self.versioned_records()
        with transaction.atomic():
            if not records:
                nonce = self._posted_nonce()
                if nonce is not None:
                    try:
                        claim = integrity.claim_token(
                            nonce=nonce, user=self.request.user, form=self.request.resolver_match.view_name
                        )
                    except integrity.AlreadyClaimed as repeat:
                        return self.already_saved(repeat.claim)
                    record = write()
                    url = url_for(record)
                    integrity.record_result(claim, url=url, label=str(record._meta.verbose_name))
                    return record, url
            else:
                opened = self.request.POST.get(integrity.VERSION_FIELD, "")
                current = integrity.lock_and_version(records)
                if opened == current:
                    record = write()
                    return record, url_for(record)
        if records:
            return self._refuse(form, records, opened, current)  # after the transaction: the locks are let go
        form.add_error(None, NOT_FROM_THIS_FORM)
        return self.form_invalid(form)

    def _changes(self, records, opened: str, current: str, form) -> list[integrity.Change]:
        labels = self.conflict_labels(form)
        offered = {name: f.queryset for name, f in form.fields.items() if getattr(f, "queryset", None) is not None}
        was, now = opened.split("."), current.split(".")
        changes = []
        for i, record in enumerate(records):
            before = was[i] if len(was) == len(records) else ""
            if before != now[i]:
                changes += integrity.changes_since(record, before, labels, offered)
        return changes
