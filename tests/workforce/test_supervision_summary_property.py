"""The maintained supervision summary after any sequence of writes (hypothesis): sessions recorded, edited (date,
status, attendees), marked held, cancelled and deleted in the admin, placements started and ended, and the days
passing. After each step the table equals what the rebuild computes from the sessions; at the end the rebuild
leaves it as it was, and `supervision_statuses` reads from it what aggregating every attendance gives, on that day
and on days before and after."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes import access
from programmes.models import Peer
from tests import factories
from tests.workforce.world import place
from workforce import selectors, services, services_supervision
from workforce.admin_supervision import SupervisionSessionAdmin
from workforce.models import (
    Placement,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    SupervisionSummary,
)
from workforce.supervision_summary import computed_rows, rebuild_summary

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

START = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
Status = SupervisionSession.Status
Format = SupervisionSession.Format
KINDS = st.sampled_from(SupervisionKind.values)
DAYS = st.integers(min_value=-20, max_value=20)
WHO = st.sets(st.integers(min_value=0, max_value=3), min_size=1, max_size=4)  # indexes into the world's peers
PICK = st.integers(min_value=0, max_value=50)  # a session, modulo those recorded so far

RECORD = st.tuples(st.just("record"), KINDS, st.sampled_from(Status.values[:2]), DAYS, WHO)
EDIT = st.tuples(st.just("edit"), PICK, st.sampled_from([None, *Status.values]), st.one_of(st.none(), DAYS), WHO)
STEPS = {
    "record": RECORD,
    "edit": EDIT,
    "mark_held": st.tuples(st.just("mark_held"), PICK, st.integers(min_value=0, max_value=5)),
    "cancel": st.tuples(st.just("cancel"), PICK),
    "delete": st.tuples(st.just("delete"), PICK),
    "start_placement": st.tuples(st.just("start_placement"), st.integers(min_value=-10, max_value=10)),
    "end_placement": st.tuples(st.just("end_placement"), st.integers(min_value=1, max_value=3)),  # Samira stays
    "days_pass": st.tuples(st.just("days_pass"), st.integers(min_value=1, max_value=15)),
}
# Weighted towards recording and changing sessions (marking held and cancelling pick among the planned ones).
WEIGHTS = {"record": 5, "edit": 3, "mark_held": 2, "cancel": 2}
OPERATIONS = st.sampled_from([name for name in STEPS for _ in range(WEIGHTS.get(name, 1))]).flatmap(STEPS.__getitem__)


class _Rollback(Exception):
    """Undoes one example's writes, so that each starts from the same world."""


@pytest.fixture
def summary_world(workforce):
    w = workforce
    w.third = factories.PeerFactory(trust=w.trust, full_name="Priya Nair")
    place(w.third, factories.PostFactory(team=w.team, holder=w.third), line_manager=w.line_manager)
    w.newcomer = factories.PeerFactory(trust=w.trust, full_name="Grace Adeyemi")
    w.vacant_post = factories.PostFactory(team=w.team, holder=None)
    w.peers = [w.peer, w.colleague, w.third, w.newcomer]
    return w


def _attendees(w, who) -> list[Peer]:
    """The peers chosen whom the supervisor may record (most writes then succeed), or all of them if none."""
    chosen = [w.peers[i] for i in sorted(who)]
    allowed = set(access.supervisees(w.supervisor).values_list("pk", flat=True))
    return [p for p in chosen if p.pk in allowed] or chosen


def _record(w, today, kind, status, offset, who) -> None:
    attendees = _attendees(w, who)
    managerial = kind == SupervisionKind.MANAGERIAL
    if managerial:
        attendees = attendees[:1]
    supervisor = w.line_manager if managerial else w.supervisor
    services_supervision.record_session(
        by=supervisor,
        kind=kind,
        format=Format.INDIVIDUAL if len(attendees) == 1 else Format.GROUP,
        status=status,
        date=today + datetime.timedelta(days=abs(offset) if status == Status.PLANNED else -abs(offset)),
        supervisor=supervisor,
        attendees=attendees,
    )


def _edit(w, today, session, status, offset, who) -> None:
    fields = {}
    if status is not None:
        fields["status"] = status
    if offset is not None:
        fields["date"] = today + datetime.timedelta(days=offset)
    if session.kind == SupervisionKind.PEER:
        attendees = _attendees(w, who)
        fields["attendees"] = attendees
        fields["format"] = Format.INDIVIDUAL if len(attendees) == 1 else Format.GROUP
    services_supervision.update_session(session=session, by=session.supervisor, **fields)


def _delete_in_the_admin(w, session) -> None:
    request = RequestFactory().post("/")
    request.user = w.administrator
    SupervisionSessionAdmin(SupervisionSession, admin.site).delete_model(request, session)


def _apply(w, traveller, operation) -> None:
    name, *args = operation
    today = timezone.localdate()  # the frozen day: time-machine moves it
    sessions = SupervisionSession.objects.order_by("pk")
    if name in {"mark_held", "cancel"}:
        sessions = sessions.filter(status=Status.PLANNED)
    sessions = list(sessions)
    session = (
        sessions[args[0] % len(sessions)] if sessions and name in {"edit", "mark_held", "cancel", "delete"} else None
    )
    if name in {"edit", "mark_held", "cancel", "delete"} and session is None:
        return
    if name == "record":
        _record(w, today, *args)
    elif name == "edit":
        _edit(w, today, session, *args[1:])
    elif name == "mark_held":
        held_on = min(session.date, today) - datetime.timedelta(days=args[1])
        services_supervision.mark_held(session=session, by=session.supervisor, date=held_on)
    elif name == "cancel":
        services_supervision.cancel_session(session=session, by=session.supervisor)
    elif name == "delete":
        _delete_in_the_admin(w, session)
    elif name == "start_placement" and not Placement.objects.filter(peer=w.newcomer).exists():
        services.place_peer(
            by=w.hr_officer,
            peer=w.newcomer,
            post=w.vacant_post,
            start_date=today + datetime.timedelta(days=args[0]),
            hours=w.vacant_post.hours,
            match_reasons="Knows the recovery college.",
            line_manager=w.line_manager,
        )
    elif name == "end_placement":
        placement = Placement.objects.filter(peer=w.peers[args[0]], end_date__isnull=True).first()
        if placement is not None:
            services.end_placement(
                by=w.hr_officer, placement=placement, end_date=max(today, placement.start_date), leaving_reason="other"
            )
    elif name == "days_pass":
        traveller.shift(datetime.timedelta(days=args[0]))


def stored() -> dict:
    return {
        (row.peer_id, row.kind): (row.last_held_on, row.planned_on)
        for row in SupervisionSummary.objects.order_by("peer_id", "kind")
    }


def aggregated(peer_ids, today) -> dict:
    """What `supervision_statuses` read before the summary: every attendance aggregated for the day."""
    attendances = SupervisionAttendance.objects.filter(peer_id__in=peer_ids).values("peer_id", "session__kind")
    last = attendances.filter(session__status=Status.HELD, session__date__lte=today).annotate(d=Max("session__date"))
    planned = attendances.filter(session__status=Status.PLANNED, session__date__gte=today).annotate(
        d=Min("session__date")
    )
    found = {}
    for key, rows in (("last", last), ("planned", planned)):
        for row in rows.order_by():
            found.setdefault((row["peer_id"], row["session__kind"]), {})[key] = row["d"]
    return found


def assert_statuses_read_what_aggregation_gives(today) -> None:
    peers = Peer.objects.all()
    expected = aggregated(list(peers.values_list("pk", flat=True)), today)
    statuses = selectors.supervision_statuses(peers, today)
    assert statuses, "Samira is in post"
    for status in statuses:
        wanted = expected.get((status.peer.pk, status.kind), {})
        assert (status.last_on, status.planned_on) == (wanted.get("last"), wanted.get("planned")), status


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(operations=st.lists(OPERATIONS, min_size=3, max_size=20))
def test_the_maintained_summary_equals_the_rebuilt_one_after_any_writes(summary_world, operations):
    w = summary_world
    try:
        with transaction.atomic(), time_machine.travel(START, tick=False) as traveller:
            for operation in operations:
                try:
                    with transaction.atomic():
                        _apply(w, traveller, operation)
                except ValidationError:
                    pass  # refused, and nothing saved: the summary must still be right
                # After every step, not only the last: a later write to the same peer would hide a missed one.
                assert stored() == computed_rows(), operation
            maintained = stored()
            rebuilt = computed_rows()
            assert maintained == rebuilt
            assert rebuild_summary() == len(rebuilt) and stored() == maintained
            today = timezone.localdate()
            for day in (today, today - datetime.timedelta(days=12), today + datetime.timedelta(days=12)):
                assert_statuses_read_what_aggregation_gives(day)
            raise _Rollback
    except _Rollback:
        pass


def test_the_rebuild_command_prints_how_many_rows(summary_world, capsys):
    from django.core.management import call_command

    SupervisionSummary.objects.all().delete()  # as after a bulk load that wrote sessions without the services
    call_command("rebuild_supervision_summary", batch=1)
    assert "Rebuilt the supervision summary: 3 rows." in capsys.readouterr().out
    # Samira: managerial and peer supervision; Daniel: the group peer supervision.
    assert set(stored()) == {
        (summary_world.peer.pk, SupervisionKind.MANAGERIAL),
        (summary_world.peer.pk, SupervisionKind.PEER),
        (summary_world.colleague.pk, SupervisionKind.PEER),
    }
