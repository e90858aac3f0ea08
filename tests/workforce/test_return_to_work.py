"""Return-to-work conversations: recorded by HR, the peer lead or the line manager (dates checked beside
the fields, nothing saved on bad input), read by the peer and those people, and logged when someone other
than the peer reads one."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from programmes.models import SensitiveAccessLog
from workforce import services_supervision as services
from workforce.models import ReturnToWorkConversation

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

RTW = SensitiveAccessLog.RecordType.RETURN_TO_WORK


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


def data(**overrides):
    fields = {
        "absence_from": "2026-10-26",
        "absence_to": "2026-11-06",
        "held_on": "2026-11-09",
        "support_agreed": "Half days for the first week.",
        "wap_reviewed": "on",
        "notes": "Samira would like to restart the group slowly.",
    }
    fields.update(overrides)
    return fields


def test_the_line_manager_records_a_conversation(client, workforce):
    w = workforce
    client.force_login(w.line_manager)
    response = client.post(reverse("workforce:return-to-work-create", args=[w.peer.pk]), data())
    conversation = ReturnToWorkConversation.objects.get(peer=w.peer)
    assert response["Location"] == reverse("workforce:return-to-work-detail", args=[conversation.pk])
    assert conversation.held_by == w.line_manager and conversation.wap_reviewed
    html = client.get(reverse("workforce:return-to-work-list", args=[w.peer.pk])).content.decode()
    assert "9 Nov 2026" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"absence_to": "2026-10-20"}, "absence_to", "The absence cannot end before it began."),
        ({"held_on": "2026-10-20"}, "held_on", "The conversation comes after the absence began."),
        (
            {"held_on": "2026-11-12"},
            "held_on",
            "Record the conversation once it has been held: the date is in the future.",
        ),
        ({"held_on": ""}, "held_on", "Enter the date the conversation was held."),
    ],
)
def test_bad_dates_are_shown_beside_the_field_and_nothing_is_saved(client, workforce, overrides, field, message):
    w = workforce
    client.force_login(w.hr_officer)
    response = client.post(reverse("workforce:return-to-work-create", args=[w.peer.pk]), data(**overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not ReturnToWorkConversation.objects.filter(peer=w.peer).exists()


def test_the_supervisor_cannot_record_one(workforce):
    w = workforce
    with pytest.raises(ValidationError):
        services.record_return_to_work(
            by=w.supervisor,
            peer=w.peer,
            absence_from=datetime.date(2026, 10, 1),
            absence_to=datetime.date(2026, 10, 2),
            held_on=datetime.date(2026, 10, 5),
        )
    assert not ReturnToWorkConversation.objects.filter(peer=w.peer).exists()


def test_a_read_by_someone_other_than_the_peer_is_logged(client, workforce):
    w = workforce
    url = reverse("workforce:return-to-work-detail", args=[w.return_to_work.pk])
    client.force_login(w.hr_officer)
    html = client.get(url).content.decode()
    assert "A phased return over two weeks." in html
    log = SensitiveAccessLog.objects.get(record_type=RTW)
    assert (log.user, log.peer, log.object_id) == (w.hr_officer, w.colleague, str(w.return_to_work.pk))


def test_the_peer_reads_their_own_without_a_log(client, workforce):
    w = workforce
    conversation = services.record_return_to_work(
        by=w.line_manager,
        peer=w.peer,
        absence_from=datetime.date(2026, 10, 1),
        absence_to=datetime.date(2026, 10, 2),
        held_on=datetime.date(2026, 10, 5),
        notes="Back on Monday.",
    )
    client.force_login(w.peer_worker)
    assert (
        "Back on Monday."
        in client.get(reverse("workforce:return-to-work-detail", args=[conversation.pk])).content.decode()
    )
    assert client.get(reverse("workforce:return-to-work-list", args=[w.peer.pk])).status_code == 200
    assert not SensitiveAccessLog.objects.filter(record_type=RTW).exists()


def test_the_supervisor_and_another_peer_see_none(client, workforce):
    w = workforce
    for someone in (w.supervisor, w.peer_worker):
        client.force_login(someone)
        assert client.get(reverse("workforce:return-to-work-detail", args=[w.return_to_work.pk])).status_code == 404
        assert client.get(reverse("workforce:return-to-work-list", args=[w.colleague.pk])).status_code == 404
