"""Every page that saves from a form is guarded (issue 22 items 1 and 2), found by walking the URL patterns: each view
that accepts POST is a create page (its form carries a one-time token) or an edit page (its form carries the
version of what it edits), unless NOT_FORMS names it with the reason.

For every create page: a POST repeating a token already claimed saves nothing and leads to the first result.
For every edit page: a POST of the form as opened, after someone else saved the record, saves nothing and shows
their change; the form then carries the version saved now.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmes import integrity
from programmes.views_integrity import CONFLICT, WriteOnceMixin
from tests.form_client import integrity_fields
from tests.integrity.test_concurrent_edits import form_as_shown
from tests.matrix import ROLES
from tests.module_world import Kind, _module_world, _row_world  # noqa: F401  (the fixtures the test below uses)
from tests.security.test_form_fuzzing import POSTING, changed, fingerprint
from tests.test_permissions import MATRIX

# Views that accept POST but save no record from a form of their own, each with the reason.
NOT_FORMS = {
    "login": "Django's sign-in form (throttled by django-axes); it saves no record",
    "logout": "no data: a POST signs the user out",
    "password_change": "Django's own form; changing a password twice changes it to the same",
    "password_reset": "Django's own form; it sends an email",
    "password_reset_confirm": "Django's own form behind a one-time signed token of its own",
    "programmes:confirm-password": "asks for the password again; it saves no record",
    "programmes:notification-read": "a button marking one's own notification read: doing it twice is the same",
    "programmes:notification-read-all": "a button marking one's own notifications read: doing it twice is the same",
    "programmes:import": "a dry run of a file: it saves nothing",
    "programmes:import-confirm": "the import claims its checked file before importing (its own one-time claim)",
    "workforce:supervision-detail": "two buttons (held, cancelled) moving a planned session on: a second press "
    "is refused by the service, as the session is no longer planned",
    "recruitment:occupational-health": "a page to read; POST reaches it only through the password-again mixin, "
    "which passes it on to a view that has no POST (405)",
    "recruitment:dbs-detail": "a page to read; POST reaches it only through the password-again mixin (405)",
    "api:import": "an API endpoint, not a form: a retry with the same Idempotency-Key imports once (the import's "
    "own one-time claim, tests/api/test_imports.py)",
    "api:token-revoke": "a button revoking one's own token: doing it twice is the same",
    "dashboards:recount": "a button counting a big dashboard's kept figures again: derived figures, kept once per "
    "scope (an upsert), so pressing it twice is the same",
}
# Pages whose form the rows' world does not show (so there is no hidden field to find), with the reason.
NO_FORM_SHOWN = {
    "recruitment:interview-invite": "the world has no shortlisted applicant left to invite, and the page shows "
    "the form only when there is one (tests/recruitment covers inviting)",
}

GUARDED = sorted(name for name in POSTING if name not in NOT_FORMS)
ROWS = [row for row in MATRIX if row.method == "get" and row.name in GUARDED]


def test_every_view_that_accepts_post_is_guarded_or_named_with_a_reason():
    unguarded = [
        name for name in GUARDED if not (isinstance(POSTING[name], type) and issubclass(POSTING[name], WriteOnceMixin))
    ]
    assert not unguarded, f"views saving from a form without a token or a version (WriteOnceMixin): {unguarded}"
    assert not sorted(set(NOT_FORMS) - set(POSTING)), "reasons for views that no longer accept POST"
    assert {row.name for row in ROWS} == set(GUARDED), "every guarded view is walked below from its GET row"
    assert {"workforce:supervision-create", "programmes:post-jd-update", "workforce:supervision-notes"} <= set(GUARDED)


def _first_allowed(row) -> str | None:
    return next((role for role in ROLES if row.expected[role] == 200), None)


# A row no role opens (e.g. a plan's create page for a peer who has one) has no form to walk: left out here rather
# than skipped (CI runs every test it collects); its answers are checked by the permission matrix.
OPENED_ROWS = [row for row in ROWS if _first_allowed(row) is not None]


# Each row's world (the shared world, phase 1 and the phase its objects come from, built on the real clock as the
# row's fixtures built it) is built once per module and kind (tests/module_world.py), each row running in a
# savepoint of it with its own copy: building it for each of ~120 rows took half of the module's time.
@pytest.mark.parametrize(
    ("row", "module_world"),
    [(row, Kind(row.world_fixture)) for row in OPENED_ROWS],
    indirect=["module_world"],
    ids=[row.id for row in OPENED_ROWS],
    scope="module",
)
def test_every_create_and_edit_form_carries_its_token_or_version_and_refuses_a_repeat_or_a_stale_save(
    row,
    row_world,
    client,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    world = row_world
    role = _first_allowed(row)
    user = getattr(world, role)
    url = reverse(row.name, kwargs=row.kwargs(world))
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200
    if row.name in NO_FORM_SHOWN:
        # NO_FORM_SHOWN says why the page shows no form here; that it shows none is the check.
        assert 'name="submission_token"' not in page.content.decode(), NO_FORM_SHOWN[row.name]
        return
    hidden = integrity_fields(page.content.decode())
    assert hidden, f"{row.id}: the form carries neither a token nor a version"
    ((name, value),) = hidden.items()
    view = page.context["view"]
    records = view.versioned_records()
    data = form_as_shown(page) if row.name != "workforce:supervision-notes" or records else {}

    if name == integrity.TOKEN_FIELD:
        assert not records, f"{row.id}: an edit page carrying a token"
        nonce = integrity.token_nonce(user, value)
        assert nonce, f"{row.id}: the token is not the user's"
        # A first submission saved (its claim and result); the same form posted again saves nothing more.
        claim = integrity.claim_token(nonce=nonce, user=user, form=row.name)
        integrity.record_result(claim, url="/", label="record")
        before = fingerprint()
        again = client.post(url, {**data, name: value}, follow=True)
        assert changed(before, fingerprint()) == {}, f"{row.id}: a repeated token saved again"
        assert again.redirect_chain[0] == ("/", 302)
        assert "This was already saved" in again.content.decode()
    else:
        assert name == integrity.VERSION_FIELD and records, f"{row.id}: a version without a record"
        assert value == integrity.versions_of(records)
        # Someone else saves the record after the form was opened (a history row of theirs).
        for record in records:
            record._history_user = world.administrator
            record.save()
        now = integrity.versions_of(records)
        assert now != value
        before = fingerprint()
        response = client.post(url, {**data, name: value})
        assert changed(before, fingerprint()) == {}, f"{row.id}: a stale form saved"
        assert response.status_code == 200, f"{row.id}: answered {response.status_code}"
        html = response.content.decode()
        assert CONFLICT in html and "Someone else changed this record since you opened it" in html, row.id
        who = world.administrator.get_full_name() or world.administrator.username
        assert f"Saved by {who}" in html, f"{row.id}: who changed it is not shown"
        assert integrity_fields(html) == {name: now}, f"{row.id}: the form again does not carry the new version"
