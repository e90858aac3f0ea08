"""Sharing a Wellness Action Plan names people (issue 21, defect 3). "My line manager" and "my supervisor" are
the people named on the peer's placement when the peer shares the plan; only they read it (page and PDF), not
another line manager of the team nor a trust-wide one. When the placement names someone new, the plan is not
shared with them: the peer is asked by a notification and agrees on the sharing page. Existing shares were
carried to the people named on the placements by a data migration."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from programmes.models import Notification, OwnCareTeamArrangement, StaffRole
from tests import factories
from tests.workforce.world import place
from workforce import services as placement_services
from workforce import services_supervision as services
from workforce.models import WellnessActionPlan

Role = StaffRole.Role
Kind = Notification.Kind


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


def _staff(w, username: str, role: str, team=None, **names):
    user = factories.UserFactory(username=username, **names)
    StaffRole.objects.create(user=user, trust=w.trust, team=team, role=role)
    return user


@pytest.fixture
def sharing(workforce):
    w = workforce
    w.team_line_manager = _staff(
        w, "team_line_manager", Role.LINE_MANAGER, w.team, first_name="Ravi", last_name="Patel"
    )
    w.trust_line_manager = _staff(w, "trust_line_manager", Role.LINE_MANAGER)
    w.team_supervisor = _staff(w, "team_supervisor", Role.SUPERVISOR, w.team)
    w.trust_supervisor = _staff(w, "trust_supervisor", Role.SUPERVISOR)
    w.line_manager.first_name, w.line_manager.last_name = "Maya", "Singh"
    w.line_manager.save()
    return w


def opens(client, user, plan) -> tuple[int, int]:
    """(the plan's page, its PDF) as `user`."""
    client.force_login(user)
    page = client.get(reverse("workforce:wap-detail", args=[plan.pk])).status_code
    pdf = client.get(reverse("workforce:wap-pdf", args=[plan.pk])).status_code
    return page, pdf


def test_a_plan_shared_with_my_line_manager_is_read_by_the_named_one_alone(client, sharing):
    w = sharing
    services.share_wap(by=w.peer_worker, plan=w.wap, line_manager=True, supervisor=False, hr=False)
    w.wap.refresh_from_db()
    assert w.wap.line_manager_shared_with == w.line_manager  # named on Samira's placement
    assert w.wap.history.first().line_manager_shared_with_id == w.line_manager.pk  # and in its history
    assert opens(client, w.line_manager, w.wap) == (200, 200)
    for other in (w.team_line_manager, w.trust_line_manager):
        assert opens(client, other, w.wap) == (404, 404), other.username


def test_a_plan_shared_with_my_supervisor_is_read_by_the_named_one_alone(client, sharing):
    w = sharing
    services.share_wap(by=w.peer_worker, plan=w.wap, line_manager=False, supervisor=True, hr=False)
    assert opens(client, w.supervisor, w.wap) == (200, 200)
    for other in (w.team_supervisor, w.trust_supervisor, w.line_manager):
        assert opens(client, other, w.wap) == (404, 404), other.username


def test_the_sharing_page_says_who_my_line_manager_is_before_sharing(client, sharing):
    w = sharing
    client.force_login(w.peer_worker)
    html = client.get(reverse("workforce:wap-sharing", args=[w.wap.pk])).content.decode()
    assert "Your line manager is Maya Singh: ticking shares your plan with them, and nobody else." in html


def test_a_new_line_manager_does_not_read_the_plan_until_the_peer_agrees(client, sharing):
    w = sharing
    services.share_wap(by=w.peer_worker, plan=w.wap, line_manager=True, supervisor=False, hr=False)
    placement_services.update_placement(placement=w.placement, by=w.hr_officer, line_manager=w.team_line_manager)

    assert opens(client, w.team_line_manager, w.wap) == (404, 404)
    assert opens(client, w.line_manager, w.wap) == (200, 200)  # still the one Samira shared it with
    asked = Notification.objects.get(recipient=w.peer_worker, kind=Kind.WAP_SHARE_CONFIRM)
    assert asked.url == reverse("workforce:wap-sharing", args=[w.wap.pk])
    assert asked.title == "Your line manager is now Ravi Patel: share your Wellness Action Plan with them?"
    assert "Cycling" not in asked.title and "walk" not in asked.title  # nothing of the plan itself

    # Saving the form with the box still ticked does not move the plan to the new person.
    client.force_login(w.peer_worker)
    url = reverse("workforce:wap-sharing", args=[w.wap.pk])
    html = client.get(url).content.decode()
    assert "Your line manager is now Ravi Patel; share your plan with them?" in html
    assert "Your plan is shared with Maya Singh, your line manager when you shared it." in html
    assert client.post(url, {"line_manager": "on"}).status_code == 302
    w.wap.refresh_from_db()
    assert w.wap.line_manager_shared_with == w.line_manager
    assert opens(client, w.team_line_manager, w.wap) == (404, 404)

    # The peer agrees.
    client.force_login(w.peer_worker)
    response = client.post(url, {"confirm": "line_manager", "person": str(w.team_line_manager.pk)})
    assert response.status_code == 302
    w.wap.refresh_from_db()
    assert w.wap.line_manager_shared_with == w.team_line_manager
    assert w.wap.history.first().history_user == w.peer_worker
    assert opens(client, w.team_line_manager, w.wap) == (200, 200)
    assert opens(client, w.line_manager, w.wap) == (404, 404)
    asked.refresh_from_db()
    assert asked.read_at is not None


def test_agreeing_to_a_person_the_placement_no_longer_names_changes_nothing(client, sharing):
    w = sharing
    services.share_wap(by=w.peer_worker, plan=w.wap, line_manager=True, supervisor=False, hr=False)
    placement_services.update_placement(placement=w.placement, by=w.hr_officer, line_manager=w.team_line_manager)
    placement_services.update_placement(placement=w.placement, by=w.hr_officer, line_manager=w.trust_line_manager)
    assert Notification.objects.filter(recipient=w.peer_worker, kind=Kind.WAP_SHARE_CONFIRM).count() == 2
    client.force_login(w.peer_worker)
    url = reverse("workforce:wap-sharing", args=[w.wap.pk])
    response = client.post(url, {"confirm": "line_manager", "person": str(w.team_line_manager.pk)}, follow=True)
    assert "Your line manager has changed since the page was shown" in response.content.decode()
    w.wap.refresh_from_db()
    assert w.wap.line_manager_shared_with == w.line_manager
    for bad in ({"confirm": "hr", "person": "1"}, {"confirm": "line_manager", "person": "abc"}):
        assert client.post(url, bad).status_code == 302
        w.wap.refresh_from_db()
        assert w.wap.line_manager_shared_with == w.line_manager


def test_nobody_else_confirms_a_share_for_the_peer(sharing):
    w = sharing
    services.share_wap(by=w.peer_worker, plan=w.wap, line_manager=True, supervisor=False, hr=False)
    placement_services.update_placement(placement=w.placement, by=w.hr_officer, line_manager=w.team_line_manager)
    for someone in (w.team_line_manager, w.hr_officer, w.peer_lead):
        with pytest.raises(Exception, match="only they change it"):
            services.confirm_wap_share(by=someone, plan=w.wap, role="line_manager", person_id=w.team_line_manager.pk)
    w.wap.refresh_from_db()
    assert w.wap.line_manager_shared_with == w.line_manager


def test_a_placement_change_that_names_nobody_new_asks_nothing(sharing):
    w = sharing
    services.share_wap(by=w.peer_worker, plan=w.wap, line_manager=True, supervisor=False, hr=False)
    placement_services.update_placement(placement=w.placement, by=w.hr_officer, hours=w.placement.hours - 1)
    placement_services.update_placement(placement=w.placement, by=w.hr_officer, line_manager=None)
    assert not Notification.objects.filter(kind=Kind.WAP_SHARE_CONFIRM).exists()


def test_in_the_care_team_a_line_manager_no_longer_named_for_the_peer_stops_reading_her_plan(client, sharing):
    """The own-care-team rule holds for a named share: when the named line manager changes, the one before (still
    a member of the team) no longer sees Samira, so not her plan either; the new one waits for her agreement."""
    w = sharing
    OwnCareTeamArrangement.objects.create(
        peer=w.peer, team=w.team, line_manager=w.line_manager, supervisor=w.supervisor, care_arrangement="Oak Ward."
    )
    placement_services.update_placement(placement=w.placement, by=w.hr_officer, own_care_team=True)
    services.share_wap(by=w.peer_worker, plan=w.wap, line_manager=True, supervisor=False, hr=False)
    assert opens(client, w.line_manager, w.wap) == (200, 200)
    placement_services.update_placement(placement=w.placement, by=w.hr_officer, line_manager=w.team_line_manager)
    assert opens(client, w.line_manager, w.wap) == (404, 404)
    assert opens(client, w.team_line_manager, w.wap) == (404, 404)


def test_the_migration_carries_existing_shares_to_the_people_named_on_the_placements(sharing):
    w = sharing
    migration = importlib.import_module("workforce.migrations.0004_wap_named_sharing")
    # As the plans were before the migration: shared with a role, naming nobody.
    WellnessActionPlan.objects.filter(pk=w.shared_wap.pk).update(line_manager_shared_with=None)
    WellnessActionPlan.objects.filter(pk=w.wap.pk).update(shared_with_line_manager=True, shared_with_supervisor=True)
    w.other_team_peer.refresh_from_db()
    ended = place(
        w.other_team_peer,
        w.other_team_peer.posts.get(),
        start=datetime.date(2025, 1, 1),
        line_manager=w.trust_line_manager,
        end_date=datetime.date(2025, 12, 31),
    )
    later = place(w.other_team_peer, ended.post, start=datetime.date(2026, 2, 1), line_manager=w.team_line_manager)
    toms = WellnessActionPlan.objects.create(peer=w.other_team_peer, shared_with_line_manager=True)
    unplaced = WellnessActionPlan.objects.create(peer=w.applicant, shared_with_supervisor=True)
    before = WellnessActionPlan.history.count()

    # The models as the migration sees them (historical models: no history is written for it by simple-history).
    state = MigrationExecutor(connection).loader.project_state([("workforce", "0004_wap_named_sharing")])
    migration.name_the_people_shared_with(state.apps, None)

    plans = {p.pk: p for p in WellnessActionPlan.objects.all()}
    assert plans[w.shared_wap.pk].line_manager_shared_with == w.line_manager  # Daniel's placement
    assert plans[w.wap.pk].line_manager_shared_with == w.line_manager  # Samira's
    assert plans[w.wap.pk].supervisor_shared_with == w.supervisor
    assert plans[toms.pk].line_manager_shared_with == later.line_manager  # the current placement's
    assert plans[unplaced.pk].supervisor_shared_with is None  # no placement: nobody named
    assert WellnessActionPlan.history.count() == before + 3
    assert WellnessActionPlan.history.filter(history_change_reason=migration.REASON).count() == 3
