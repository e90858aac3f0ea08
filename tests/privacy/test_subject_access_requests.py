"""Subject access requests: recorded by HR, the peer lead or the IG officer with the day the statutory month ends
(one calendar month from receipt, UK GDPR Art. 12(3)), moved on and fulfilled by the IG officer of the peer's
trust, and reminded to the trust's IG officers (only) as the day approaches and when it has passed, once each."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacy import reminders, services
from privacy.models import SubjectAccessRequest
from programmes.models import Notification
from tests.privacy.ig import add_ig_officers
from workforce import reminders as daily

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

Status = SubjectAccessRequest.Status
TODAY = datetime.date(2027, 1, 31)
NOW = datetime.datetime(2027, 1, 31, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def w(world):
    return add_ig_officers(world)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    "received, due",
    [
        ("2027-01-31", "2027-02-28"),  # no 31 February: the month's last day
        ("2028-01-31", "2028-02-29"),  # a leap year
        ("2027-01-30", "2027-02-28"),
        ("2027-03-31", "2027-04-30"),
        ("2027-01-15", "2027-02-15"),  # the same date next month
        ("2026-12-31", "2027-01-31"),  # into the next year
        ("2027-02-28", "2027-03-28"),
    ],
)
def test_the_statutory_month_ends_on_the_same_date_next_month_or_its_last_day(received, due):
    received_on = datetime.date.fromisoformat(received)
    assert services.statutory_month_end(received_on) == datetime.date.fromisoformat(due)


def test_an_extension_runs_to_three_calendar_months_from_receipt():
    assert services.extended_period_end(datetime.date(2026, 11, 30)) == datetime.date(2027, 2, 28)


@pytest.mark.parametrize("who", ["hr_officer", "peer_lead", "ig_officer", "team_hr"])
def test_hr_the_peer_lead_and_the_ig_officer_record_a_request(client, w, who):
    client.force_login(getattr(w, who))
    url = reverse("privacy:request-create", args=[w.peer.pk])
    response = client.post(url, {"requested_by": "Samira Okafor herself", "received_on": "2027-01-31"})
    assert response.status_code == 302, response.content.decode()[:2000]
    request = SubjectAccessRequest.objects.get()
    assert (request.peer, request.recorded_by, request.status) == (w.peer, getattr(w, who), Status.RECEIVED)
    assert request.due_on == datetime.date(2027, 2, 28)
    assert request.history.count() == 1


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"requested_by": "", "received_on": "2027-01-10"}, "requested_by", "Say who made the request"),
        ({"requested_by": "Samira", "received_on": ""}, "received_on", "Give the day the request was received."),
        ({"requested_by": "Samira", "received_on": "31/02/2027"}, "received_on", "Enter a real date."),
        ({"requested_by": "Samira", "received_on": "2027-02-01"}, "received_on", "cannot be in the future"),
        ({"requested_by": "Samira", "received_on": "0001-01-01"}, "received_on", "Enter a date between"),
    ],
)
def test_bad_input_saves_nothing_and_says_why_beside_the_field(client, w, data, field, message):
    client.force_login(w.hr_officer)
    response = client.post(reverse("privacy:request-create", args=[w.peer.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'for="id_{field}"' in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_others_cannot_record_a_request(client, w):
    for user in (w.line_manager, w.supervisor, w.panel_member, w.other_trust_ig_officer, w.peer_worker):
        client.force_login(user)
        assert client.get(reverse("privacy:request-create", args=[w.peer.pk])).status_code == 404


def start(w, received=TODAY):
    return services.start_subject_access_request(
        peer=w.peer, by=w.hr_officer, requested_by="Samira herself", received_on=received
    )


def test_the_ig_officer_fulfils_a_request_and_hr_cannot(client, w):
    request = start(w)
    url = reverse("privacy:request-status", args=[request.pk])
    for user in (w.hr_officer, w.peer_lead, w.other_trust_ig_officer):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(w.ig_officer)
    refused = client.post(url, {"status": Status.FULFILLED, "fulfilled_on": ""})
    assert refused.context["form"].errors["fulfilled_on"] == ["Give the day the export was provided."]
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    assert client.post(url, {"status": Status.FULFILLED, "fulfilled_on": "2027-01-31"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.fulfilled_on) == (Status.FULFILLED, TODAY)
    assert "its status no longer changes" in client.get(url).content.decode()


def test_an_extension_or_refusal_needs_the_reason_and_extends_to_three_months(client, w):
    request = start(w, datetime.date(2027, 1, 4))
    client.force_login(w.ig_officer)
    url = reverse("privacy:request-status", args=[request.pk])
    response = client.post(url, {"status": Status.EXTENDED, "reason": " "})
    assert "Say why the period is extended" in response.context["form"].errors["reason"][0]
    assert client.post(url, {"status": Status.EXTENDED, "reason": "Records in three systems."}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.extended_to, request.responds_by) == (
        Status.EXTENDED,
        datetime.date(2027, 4, 4),
        datetime.date(2027, 4, 4),
    )
    with pytest.raises(ValidationError):
        services.change_subject_access_request(request=request, by=w.ig_officer, status=Status.REFUSED, reason="")


def test_the_list_shows_the_trusts_requests_to_hr_the_peer_lead_and_the_ig_officer(client, w):
    start(w)
    url = reverse("privacy:request-list")
    for user, shown in [(w.hr_officer, True), (w.peer_lead, True), (w.ig_officer, True)]:
        client.force_login(user)
        assert ("Samira Okafor" in client.get(url).content.decode()) is shown
    client.force_login(w.other_trust_ig_officer)
    assert "Samira Okafor" not in client.get(url).content.decode()
    for user in (w.line_manager, w.supervisor, w.panel_member, w.peer_worker):
        client.force_login(user)
        assert client.get(url).status_code == 404


# --- The reminder ----------------------------------------------------------------------------------------------


def reminders_sent():
    return list(
        Notification.objects.filter(kind=Notification.Kind.SUBJECT_ACCESS_DUE).values_list(
            "recipient__username", "subject", "due_on"
        )
    )


def test_the_reminder_goes_to_the_ig_officers_once_as_the_day_nears_and_once_when_overdue(w):
    request = start(w, datetime.date(2027, 1, 5))  # the month ends on 5 February
    assert daily.run(datetime.date(2027, 1, 28))[reminders.JOB] == 0  # eight days before: nothing yet
    assert daily.run(datetime.date(2027, 1, 29))[reminders.JOB] == 1
    assert daily.run(datetime.date(2027, 1, 30))[reminders.JOB] == 0  # a rerun sends nothing twice
    assert reminders_sent() == [("ig_officer", f"subject-access:{request.pk}", datetime.date(2027, 2, 5))]
    assert daily.run(datetime.date(2027, 2, 6))[reminders.JOB] == 1
    assert daily.run(datetime.date(2027, 2, 7))[reminders.JOB] == 0
    assert set(reminders_sent()) == {
        ("ig_officer", f"subject-access:{request.pk}", datetime.date(2027, 2, 5)),
        ("ig_officer", f"subject-access-overdue:{request.pk}", datetime.date(2027, 2, 5)),
    }
    assert {r[0] for r in reminders_sent()} == {"ig_officer"}  # not HR, the peer lead or another trust's officer


def test_a_closed_request_is_not_reminded(w):
    request = start(w, datetime.date(2027, 1, 5))
    services.change_subject_access_request(
        request=request, by=w.ig_officer, status=Status.FULFILLED, fulfilled_on=datetime.date(2027, 1, 20)
    )
    daily.run(datetime.date(2027, 2, 6))
    assert reminders_sent() == []
