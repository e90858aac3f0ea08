"""The supervision summary kept right by the admin's writes of sessions (a change of date, an attendee taken off in
the inline, a session deleted from its page or from the list), and its own admin page, which only reads."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from workforce.models import SupervisionKind, SupervisionSession, SupervisionSummary
from workforce.supervision_summary import computed_rows

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

PEER, MANAGERIAL = SupervisionKind.PEER, SupervisionKind.MANAGERIAL


def summary() -> dict:
    return {(row.peer_id, row.kind): row.last_held_on for row in SupervisionSummary.objects.all()}


def assert_kept_as_rebuilt() -> None:
    assert {key: (row.last_held_on, row.planned_on) for key, row in _rows().items()} == computed_rows()


def _rows() -> dict:
    return {(row.peer_id, row.kind): row for row in SupervisionSummary.objects.all()}


def form_data(response) -> dict:
    """What the admin's change form would post back as it stands: the session's fields and its inline."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value() or field.initial or 0
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                data[sub.add_prefix(name)] = "" if value is None else value
    return {k: v for k, v in data.items() if v is not False}


def test_changing_a_sessions_date_and_taking_a_peer_off_in_the_admin_keeps_the_summary(client, workforce):
    w = workforce
    assert summary()[(w.colleague.pk, PEER)] == datetime.date(2026, 11, 4)
    client.force_login(w.administrator)
    url = reverse("admin:workforce_supervisionsession_change", args=[w.group_session.pk])
    data = form_data(client.get(url))
    data["date"] = "2026-11-06"
    daniel = next(k for k, v in data.items() if k.endswith("-peer") and str(v) == str(w.colleague.pk))
    data[daniel.replace("-peer", "-DELETE")] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert summary()[(w.peer.pk, PEER)] == datetime.date(2026, 11, 6)
    assert (w.colleague.pk, PEER) not in summary()  # his only session no longer has him
    assert_kept_as_rebuilt()


def test_deleting_sessions_in_the_admin_keeps_the_summary(client, workforce):
    w = workforce
    client.force_login(w.administrator)
    url = reverse("admin:workforce_supervisionsession_delete", args=[w.managerial_session.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert (w.peer.pk, MANAGERIAL) not in summary() and (w.peer.pk, PEER) in summary()
    changelist = reverse("admin:workforce_supervisionsession_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [w.group_session.pk], "post": "yes"}
    )
    assert response.status_code == 302 and not SupervisionSession.objects.exists()
    assert summary() == {}
    assert_kept_as_rebuilt()


def test_the_summarys_admin_page_only_reads(client, workforce):
    client.force_login(workforce.administrator)
    page = client.get(reverse("admin:workforce_supervisionsummary_changelist"))
    assert page.status_code == 200 and "Samira Okafor" in page.content.decode()
    assert client.get(reverse("admin:workforce_supervisionsummary_add")).status_code == 403
    row = SupervisionSummary.objects.first()
    change = client.post(reverse("admin:workforce_supervisionsummary_change", args=[row.pk]), {"kind": "peer"})
    assert change.status_code == 403
    assert SupervisionSummary.objects.get(pk=row.pk).kind == row.kind
