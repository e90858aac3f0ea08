"""Caseload agreed in supervision, with its warning above capacity on the peer's page and the line manager's home
page; and the monthly reminder of a team's missing return (issue 18 items 1 and 2)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from outcomes import reminders
from outcomes.models import CaseloadAgreement
from programmes.models import Notification
from tests.outcomes import world as ow
from workforce import reminders as daily

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

NOV_10 = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_line_manager_records_a_caseload_agreed_in_supervision(client, workforce):
    w = workforce
    client.force_login(w.line_manager)
    with time_machine.travel(NOV_10, tick=False):
        response = client.post(
            reverse("outcomes:caseload-create", args=[w.peer.pk]),
            {
                "agreed_on": "2026-11-02",
                "caseload": "12",
                "capacity": "10",
                "supervision_session": str(w.managerial_session.pk),
            },
        )
    assert response.status_code == 302
    agreement = CaseloadAgreement.objects.get()
    assert agreement.placement == w.placement and agreement.supervision_session == w.managerial_session
    assert agreement.history.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"capacity": "0"}, "capacity", "at least 1"),
        ({"caseload": "-3"}, "caseload", ""),
        ({"agreed_on": "2026-12-01"}, "agreed_on", "Choose today or an earlier day"),
        ({"agreed_on": "2026-01-05"}, "agreed_on", "no placement on this day"),
    ],
)
def test_bad_caseload_is_refused_beside_the_field(client, workforce, changes, field, message):
    w = workforce
    client.force_login(w.line_manager)
    with time_machine.travel(NOV_10, tick=False):
        response = client.post(
            reverse("outcomes:caseload-create", args=[w.peer.pk]),
            {"agreed_on": "2026-11-02", "caseload": "8", "capacity": "10", **changes},
        )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not CaseloadAgreement.objects.exists()


@pytest.mark.django_db
def test_above_capacity_is_a_warning_on_the_peers_page_and_the_line_managers_home(client, workforce):
    w = workforce
    ow.caseload_of(w.placement, caseload=12, capacity=10)
    with time_machine.travel(NOV_10, tick=False):
        client.force_login(w.peer_worker)
        page = client.get(reverse("outcomes:caseload-list", args=[w.peer.pk])).content.decode()
        assert 'id="caseload-warning"' in page
        assert "Your caseload of 12 is above the capacity of 10 agreed" in client.get("/").content.decode()
        client.force_login(w.line_manager)
        assert f"{w.peer.full_name}: a caseload of 12, capacity 10" in client.get("/").content.decode()
        client.force_login(w.supervisor)
        assert "a caseload of 12" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_within_capacity_no_warning(client, workforce):
    w = workforce
    ow.caseload_of(w.placement, caseload=10, capacity=10)
    client.force_login(w.line_manager)
    with time_machine.travel(NOV_10, tick=False):
        assert (
            'id="caseload-warning"'
            not in client.get(reverse("outcomes:caseload-list", args=[w.peer.pk])).content.decode()
        )


def _return_notifications():
    return Notification.objects.filter(kind=reminders.KIND)


@pytest.mark.django_db
def test_a_missing_return_is_reminded_on_the_first_working_days_once(workforce):
    w = workforce
    # 1 November 2026 is a Sunday: the first working days are Monday 2 to Wednesday 4.
    assert reminders.working_days_of_month(datetime.date(2026, 11, 20)) == [
        datetime.date(2026, 11, 2),
        datetime.date(2026, 11, 3),
        datetime.date(2026, 11, 4),
    ]
    daily.run(datetime.date(2026, 11, 1))
    assert not _return_notifications().exists()
    daily.run(datetime.date(2026, 11, 2))
    daily.run(datetime.date(2026, 11, 3))
    daily.run(datetime.date(2026, 11, 3))  # twice the same day: nothing more
    told = set(_return_notifications().values_list("recipient_id", flat=True))
    # The line manager (of the team, and named on both placements) and Samira, the peer with a sign-in.
    assert told == {w.line_manager.pk, w.peer_worker.pk}
    notification = _return_notifications().first()
    assert notification.title == f"{w.team.name}: the return for October 2026 is due"
    assert notification.due_on == datetime.date(2026, 11, 2)
    assert _return_notifications().count() == 2
    daily.run(datetime.date(2026, 11, 5))  # past the first working days
    assert _return_notifications().count() == 2


@pytest.mark.django_db
def test_recording_the_return_settles_its_reminder_and_none_is_sent_when_it_is_in(client, workforce):
    w = workforce
    daily.run(datetime.date(2026, 11, 2))
    assert _return_notifications().filter(read_at__isnull=True).count() == 2
    with time_machine.travel(datetime.datetime(2026, 11, 3, 9, tzinfo=datetime.UTC), tick=False):
        from outcomes import services

        services.record_team_return(
            by=w.line_manager,
            team=w.team,
            month=datetime.date(2026, 10, 1),
            people_supported=3,
            contacts=4,
            groups_run=0,
            goals_agreed=1,
            goals_achieved=1,
        )
    assert not _return_notifications().filter(read_at__isnull=True).exists()
    Notification.objects.all().delete()
    daily.run(datetime.date(2026, 11, 4))
    assert not _return_notifications().exists()
