"""A peer's peer supervisor who is not a peer worker gets a warning, never a refusal (issue 17; the ImROC guide
asks for peer supervision from a senior peer, with a lived-experience lens): on the session that records or plans
it, when it is saved, and on the schedule of who is due supervision."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from workforce import selectors
from workforce import services_supervision as services
from workforce.models import SupervisionKind, SupervisionSession

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

TODAY = datetime.date(2026, 11, 10)
WARNING = 'data-warning="peer-supervisor"'


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


def test_a_peer_supervisor_who_is_not_a_peer_worker_is_warned_about(workforce):
    w = workforce
    assert w.peer.user_id == w.peer_worker.pk and w.peer.posts.exists()  # a sign-in of a peer in a peer post
    assert "not a peer worker" in selectors.peer_supervisor_warning(w.supervisor)
    assert "lived-experience lens" in selectors.peer_supervisor_warning(w.supervisor)
    assert selectors.peer_supervisor_warning(w.peer_worker) == ""
    assert selectors.peer_supervisor_warning(None) == ""


def test_peer_supervision_with_a_non_peer_is_recorded_not_refused(workforce):
    w = workforce
    before = SupervisionSession.objects.count()
    services.record_session(
        by=w.supervisor,
        kind=SupervisionKind.PEER,
        format=SupervisionSession.Format.GROUP,
        date=TODAY,
        supervisor=w.supervisor,
        attendees=[w.peer, w.colleague],
    )
    assert SupervisionSession.objects.count() == before + 1


def test_the_session_page_warns_when_its_peer_supervisor_is_not_a_peer_worker(workforce, client):
    w = workforce
    client.force_login(w.supervisor)
    page = client.get(reverse("workforce:supervision-detail", args=[w.group_session.pk])).content.decode()
    assert WARNING in page and "not a peer worker" in page
    # Managerial supervision is the line manager's: no such warning.
    page = client.get(reverse("workforce:supervision-detail", args=[w.managerial_session.pk])).content.decode()
    assert WARNING not in page


def test_saving_peer_supervision_with_a_non_peer_shows_the_warning(workforce, client):
    w = workforce
    client.force_login(w.supervisor)
    data = {
        "kind": "peer",
        "format": "group",
        "status": "held",
        "date": "2026-11-09",
        "duration_minutes": 60,
        "supervisor": w.supervisor.pk,
        "attendees": [w.peer.pk, w.colleague.pk],
        "themes": "Using your story with purpose.",
        "actions": "",
    }
    response = client.post(reverse("workforce:supervision-create"), data, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("not a peer worker" in m for m in messages), messages
    assert SupervisionSession.objects.filter(date=datetime.date(2026, 11, 9)).exists()


def test_the_schedule_warns_beside_the_peer_supervision_of_a_non_peer(workforce, client):
    w = workforce
    client.force_login(w.hr_officer)
    response = client.get(reverse("workforce:supervision-schedule"))
    assert response.context["without_peer_supervisor"] == {w.peer.pk}  # the colleague has no peer supervisor named
    assert WARNING in response.content.decode()
    # Named a peer worker instead, the warning goes.
    w.placement.peer_supervisor = w.peer_worker
    w.placement.save()
    response = client.get(reverse("workforce:supervision-schedule"))
    assert response.context["without_peer_supervisor"] == set()
    assert WARNING not in response.content.decode()
