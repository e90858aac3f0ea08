"""The admin of supervision and wellbeing: every model there, with history, and opening a session (its
attendees' notes), a Wellness Action Plan or a return-to-work conversation is logged with the admin channel."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

import workforce.admin_supervision  # noqa: F401  (registers the models, whether or not admin.py imports it)
from programmes.models import SensitiveAccessLog
from workforce.models import (
    ReturnToWorkConversation,
    SupervisionSession,
    WapReview,
    WellnessActionPlan,
)

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

RecordType = SensitiveAccessLog.RecordType


@pytest.mark.parametrize("model", [SupervisionSession, WellnessActionPlan, WapReview, ReturnToWorkConversation])
def test_each_model_is_in_the_admin_with_its_history(model):
    from simple_history.admin import SimpleHistoryAdmin

    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


def logs(record_type):
    return SensitiveAccessLog.objects.filter(record_type=record_type, channel=SensitiveAccessLog.Channel.ADMIN)


def test_opening_a_session_logs_each_attendees_notes(client, workforce):
    w = workforce
    client.force_login(w.administrator)
    response = client.get(reverse("admin:workforce_supervisionsession_change", args=[w.group_session.pk]))
    assert response.status_code == 200 and "Notes for Samira Okafor." in response.content.decode()
    assert set(logs(RecordType.SUPERVISION_NOTES).values_list("peer", flat=True)) == {w.peer.pk, w.colleague.pk}


def test_opening_a_wap_in_the_admin_is_logged(client, workforce):
    w = workforce
    client.force_login(w.administrator)
    assert client.get(reverse("admin:workforce_wellnessactionplan_change", args=[w.wap.pk])).status_code == 200
    assert list(logs(RecordType.WELLNESS_ACTION_PLAN).values_list("peer", "object_id")) == [(w.peer.pk, str(w.wap.pk))]


def test_opening_a_return_to_work_conversation_in_the_admin_is_logged(client, workforce):
    w = workforce
    client.force_login(w.administrator)
    url = reverse("admin:workforce_returntoworkconversation_change", args=[w.return_to_work.pk])
    assert client.get(url).status_code == 200
    assert list(logs(RecordType.RETURN_TO_WORK).values_list("peer", flat=True)) == [w.colleague.pk]


def test_the_lists_log_nothing(client, workforce):
    client.force_login(workforce.administrator)
    for name in ("supervisionsession", "wellnessactionplan", "returntoworkconversation", "wapreview"):
        assert client.get(reverse(f"admin:workforce_{name}_changelist")).status_code == 200
    assert not SensitiveAccessLog.objects.exists()
