"""The employment demo: `seed_workforce_demo` after the other demo commands, then `run_reminders`, which
creates the notifications the demo promises (and none on a second run); every notification's link opens
for the person it was sent to."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from programmes.models import Notification
from workforce.models import Placement

Kind = Notification.Kind


def run(*command) -> str:
    out = io.StringIO()
    call_command(*command, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    # The demo is dated from the day it is made; fix the day so the counts below hold on any date.
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))):
        yield make_demo()


def make_demo() -> str:
    run("seed_demo")
    run("seed_recruitment_demo")
    return run("seed_workforce_demo")


def sent(kind, username) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind, recipient__username=username).values_list("title", flat=True))


def test_run_reminders_on_the_demo_creates_what_is_due_and_a_second_run_nothing(demo, client):
    assert Placement.objects.count() == 6
    first = run("run_reminders")
    assert "Created 17 notifications" in first, first

    # Samira, six weeks in: managerial supervision overdue, group peer supervision due in two days, her
    # Wellness Action Plan due for review (to her and the line manager she shared it with), her
    # induction unfinished after week 4 (to her mentor).
    assert sent(Kind.SUPERVISION_OVERDUE, "peer") == [
        n for n in sent(Kind.SUPERVISION_OVERDUE, "peer") if n.startswith("Your managerial supervision was due")
    ]
    assert len(sent(Kind.SUPERVISION_DUE, "peer")) == 1
    assert len(sent(Kind.WAP_REVIEW_DUE, "peer")) == len(sent(Kind.WAP_REVIEW_DUE, "manager")) == 1
    assert not sent(Kind.WAP_REVIEW_DUE, "supervisor")  # not shared with the supervisor
    assert [t.split(":")[0] for t in sent(Kind.INDUCTION_OVERDUE, "manager")] == ["Induction of Samira Okafor"]
    # Alex's managerial supervision is overdue long enough to be escalated to the manager and the peer lead.
    assert sent(Kind.SUPERVISION_ESCALATED, "peerlead") == sent(Kind.SUPERVISION_ESCALATED, "manager")
    assert [t.split(" overdue")[0] for t in sent(Kind.SUPERVISION_ESCALATED, "peerlead")] == [
        "Managerial supervision for Alex Morgan"
    ]
    # Daniel's 3-month review and Priya's appraisal are overdue (to the line manager).
    assert len(sent(Kind.REVIEW_OVERDUE, "manager")) == 2
    # Peer supervision of the Riverside group is due: the supervisor hears about each peer.
    assert len(sent(Kind.SUPERVISION_DUE, "supervisor")) == 3

    second = run("run_reminders")
    assert "Created nothing" in second
    assert Notification.objects.count() == 17

    # Every link opens for the person the notification went to.
    for notification in Notification.objects.select_related("recipient"):
        client.force_login(notification.recipient)
        response = client.get(notification.url)
        assert response.status_code == 200, (notification.recipient.username, notification.title, notification.url)


def test_the_demo_is_created_once(demo):
    assert "already there" in run("seed_workforce_demo")
    assert Placement.objects.count() == 6
