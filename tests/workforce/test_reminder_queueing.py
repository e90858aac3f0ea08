"""Services that move what a peer is due queue that peer's reminder jobs once the transaction commits; a
seed or import holding reminders queues nothing (the daily jobs run once at the end instead). Queueing is one
`apply_async` without kombu's retries (peersupport/celery.py: a hung broker is waited on once), keeping no result
(a request never waits on the result backend)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest

from tests import factories
from workforce import services, services_supervision
from workforce.models import SupervisionKind, SupervisionSession

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)


def place(w):
    peer = factories.PeerFactory(trust=w.trust, full_name="New Starter")
    return services.place_peer(
        by=w.hr_officer,
        peer=peer,
        post=factories.PostFactory(team=w.team, hours=Decimal("30")),
        start_date=datetime.date(2026, 11, 2),
        hours=Decimal("30"),
        match_reasons="Skills the team asked for.",
        line_manager=w.line_manager,
    )


def test_placing_a_peer_queues_their_reminders_after_commit(workforce, django_capture_on_commit_callbacks):
    with mock.patch.object(services.remind_about_peer, "apply_async") as delay:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            placement = place(workforce)
        assert len(callbacks) == 1
    delay.assert_called_once_with((placement.peer.pk,), {}, retry=False, ignore_result=True)


def test_recording_a_session_queues_each_attendee_and_sharing_a_plan_its_owner(
    workforce, django_capture_on_commit_callbacks
):
    w = workforce
    with mock.patch.object(services.remind_about_peer, "apply_async") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            services_supervision.record_session(
                by=w.supervisor,
                kind=SupervisionKind.PEER,
                format=SupervisionSession.Format.GROUP,
                date=datetime.date(2026, 11, 18),
                supervisor=w.supervisor,
                attendees=[w.peer, w.colleague],
            )
        assert sorted(call.args[0][0] for call in delay.call_args_list) == sorted([w.peer.pk, w.colleague.pk])
        delay.reset_mock()
        with django_capture_on_commit_callbacks(execute=True):
            services_supervision.share_wap(by=w.peer_worker, plan=w.wap, line_manager=True, supervisor=False, hr=False)
        delay.assert_called_once_with((w.peer.pk,), {}, retry=False, ignore_result=True)


def test_holding_reminders_queues_nothing(workforce, django_capture_on_commit_callbacks):
    with mock.patch.object(services.remind_about_peer, "apply_async") as delay:
        with django_capture_on_commit_callbacks(execute=True) as callbacks, services.reminders_held():
            place(workforce)
        assert callbacks == []
    delay.assert_not_called()
