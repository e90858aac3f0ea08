"""The demo `make seed` builds: `seed_demo`, `seed_recruitment_demo`, `seed_workforce_demo` and
`seed_development_demo`, then `run_reminders`, which creates the notifications the demo promises (and none
on a second run); every notification's link opens for the person it was sent to."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from programmes.models import Notification
from workforce.models import Placement

Kind = Notification.Kind


def run(*command) -> str:
    out = io.StringIO()
    call_command(*command, stdout=out)
    return out.getvalue()


DAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo, made once for the module in a transaction rolled back at its end; each test runs in a savepoint
    inside it (the `db` fixture), so what one test writes is gone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The demo is dated from the day it is made; fix the day so the counts below hold on any date.
        with time_machine.travel(DAY):
            output = make_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, db):
    with time_machine.travel(DAY):
        yield built


def make_demo() -> str:
    run("seed_demo")
    run("seed_recruitment_demo")
    run("seed_workforce_demo")
    return run("seed_development_demo")


def sent(kind, username) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind, recipient__username=username).values_list("title", flat=True))


def test_run_reminders_on_the_demo_creates_what_is_due_and_a_second_run_nothing(demo, client):
    assert Placement.objects.count() == 7  # six in post and one leaver (Jamie Fletcher)
    first = run("run_reminders")
    # 23: beside what the staff hear, the peers with a sign-in (Samira, Daniel, and Alex and Grace, the peer
    # supervisors, who are peers in post too) hear of their own supervision and training.
    assert "Created 23 notifications" in first, first

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
    # Daniel's 3-month review and Priya's appraisal are overdue (each to their own team's line manager).
    assert [t.split(" overdue")[0] for t in sent(Kind.REVIEW_OVERDUE, "manager")] == [
        "3-month interim review for Daniel Whitfield"
    ]
    assert [t.split(" overdue")[0] for t in sent(Kind.REVIEW_OVERDUE, "eipmanager")] == [
        "Annual appraisal for Priya Nair"
    ]
    # Peer supervision of the Riverside group is due: the supervisor (the senior peer) hears about each peer.
    assert len(sent(Kind.SUPERVISION_DUE, "supervisor")) == 2

    # Place and train: Tom, more than five months in post without peer support training (to his line
    # manager on Oak Ward; he has no account); Grace's safeguarding training expires within the month (HR,
    # her line manager at the recovery college, and Grace).
    assert [t.split(" by ")[0] for t in sent(Kind.PEER_SUPPORT_TRAINING_DUE, "wardmanager")] == [
        "Peer support training due for Tom Hughes"
    ]
    assert len(sent(Kind.TRAINING_EXPIRING, "hr")) == len(sent(Kind.TRAINING_EXPIRING, "collegemanager")) == 1

    second = run("run_reminders")
    assert "Created nothing" in second
    assert Notification.objects.count() == 23

    # Every link opens for the person the notification went to.
    for notification in Notification.objects.select_related("recipient"):
        client.force_login(notification.recipient)
        response = client.get(notification.url)
        assert response.status_code == 200, (notification.recipient.username, notification.title, notification.url)


def test_the_demo_is_created_once(demo):
    assert "already there" in run("seed_workforce_demo")
    assert "already there" in run("seed_development_demo")
    assert Placement.objects.count() == 7  # six in post and one leaver (Jamie Fletcher)


def test_the_demo_shows_each_part_of_development(demo):
    from development import selectors
    from development.models import CompetencyAssessment, DevelopmentObjective, VacancyReview
    from programmes.models import Peer, Programme, Team

    # Samira's two essential and two enhanced competencies to develop became objectives of her plan, beside
    # her own wish.
    assert DevelopmentObjective.objects.filter(peer__full_name="Samira Okafor").count() == 2 + 2 + 1
    assert CompetencyAssessment.objects.count() == 2
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))):
        ready = selectors.ready_for_next_step(Peer.objects.all(), on=datetime.date(2026, 11, 23))
    assert [r.peer.full_name for r in ready] == ["Grace Adeyemi"]
    assert VacancyReview.objects.filter(new_post__isnull=False).count() == 1
    # Three monthly peer network meetings, peers of different teams at each (issue 18 item 6).
    from development.models import PeerNetworkMeeting

    meetings = list(PeerNetworkMeeting.objects.order_by("held_on"))
    assert len(meetings) == 3
    assert all(len({a.peer_id for a in m.attendances.all()}) >= 2 for m in meetings)
    programme = Programme.objects.get(trust__ods_code="ZZ1")
    share = selectors.peer_share(programme, Team.objects.filter(trust=programme.trust), datetime.date(2026, 11, 23))
    # Six peers in post (Riverside 3, EIP 1, Oak Ward 1, the recovery college 1; the recruitment demo's
    # appointee is not yet placed) of 94 staff; the Crisis team's two peer posts are vacant.
    assert share.total.headcount == 94
    assert (share.total.peer_headcount, share.total.share_headcount) == (6, Decimal("6.4"))
    assert share.total.vacant_posts >= 2
