"""The access rules of DESIGN section 3, one behaviour a test, for every role."""

import pytest
from django.urls import reverse

from programmes import access, services
from programmes.models import Peer, SensitiveAccessLog, StaffRole
from tests import factories

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)


def names(queryset):
    return sorted(str(x) if not isinstance(x, Peer) else x.full_name for x in queryset)


def test_staff_see_only_the_trusts_they_hold_a_role_in(world):
    for user in [world.hr_officer, world.peer_lead, world.line_manager, world.supervisor, world.panel_member]:
        assert list(access.visible_trusts(user)) == [world.trust]
    assert list(access.visible_trusts(world.other_trust_staff)) == [world.other_trust]
    assert access.visible_trusts(world.peer_worker).count() == 0


def test_administrators_see_every_trust(world):
    assert access.visible_trusts(world.administrator).count() == 2


def test_team_limited_roles_see_only_their_team(world):
    assert list(access.visible_teams(world.line_manager)) == [world.team]
    assert list(access.visible_teams(world.supervisor)) == [world.team]
    assert set(access.visible_teams(world.hr_officer)) == {world.team, world.other_team}


def test_hr_and_peer_lead_see_every_peer_of_their_trust_including_applicants(world):
    expected = ["Chris Bell", "Daniel Whitfield", "Samira Okafor", "Tom Hughes"]
    assert names(access.visible_peers(world.hr_officer)) == expected
    assert names(access.visible_peers(world.peer_lead)) == expected


def test_line_manager_and_supervisor_see_only_the_peers_in_post_in_their_team(world):
    assert names(access.visible_peers(world.line_manager)) == ["Daniel Whitfield", "Samira Okafor"]
    assert names(access.visible_peers(world.supervisor)) == ["Daniel Whitfield", "Samira Okafor"]


def test_trust_wide_line_manager_sees_peers_in_post_but_not_applicants(world):
    manager = factories.UserFactory()
    StaffRole.objects.create(user=manager, trust=world.trust, role=StaffRole.Role.LINE_MANAGER)
    assert names(access.visible_peers(manager)) == ["Daniel Whitfield", "Samira Okafor", "Tom Hughes"]


def test_panel_member_sees_no_peer_records(world):
    assert access.visible_peers(world.panel_member).count() == 0
    assert not access.can_list_peers(world.panel_member)


def test_peer_sees_only_their_own_record(world):
    assert list(access.visible_peers(world.peer_worker)) == [world.peer]
    assert access.visible_posts(world.peer_worker).count() == 0
    assert not access.can_use_staff_pages(world.peer_worker)


def test_staff_of_another_trust_see_nothing_of_this_one(world):
    user = world.other_trust_staff
    assert names(access.visible_peers(user)) == ["Wes Vale"]
    assert list(access.visible_posts(user)) == [world.other_trust_post]
    assert list(access.visible_teams(user)) == [world.other_trust_team]


def test_signed_out_and_deactivated_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    world.hr_officer.is_active = False
    for user in [AnonymousUser(), world.hr_officer]:
        access.forget(user)
        assert access.visible_trusts(user).count() == 0
        assert access.visible_peers(user).count() == 0
        assert access.visible_posts(user).count() == 0


def test_only_record_keepers_edit_peers_and_teams_and_managers_also_edit_their_posts(world):
    assert access.editable_teams(world.line_manager).count() == 0
    assert list(access.teams_for_posts(world.line_manager)) == [world.team]
    assert access.editable_posts(world.supervisor).count() == 0
    assert access.editable_peers(world.line_manager).count() == 0
    assert list(access.editable_peers(world.peer_worker)) == [world.peer]
    assert access.editable_trusts(world.hr_officer).count() == 0


def test_lived_experience_is_read_by_the_peer_and_the_peer_lead_only(world):
    assert access.can_read_lived_experience(world.peer_worker, world.peer)
    assert access.can_read_lived_experience(world.peer_lead, world.peer)
    for user in [world.hr_officer, world.line_manager, world.supervisor, world.panel_member, world.other_trust_staff]:
        assert not access.can_read_lived_experience(user, world.peer), user


def test_reading_a_sensitive_record_is_logged_and_the_peer_sees_the_log(world, client):
    client.force_login(world.peer_lead)
    response = client.get(reverse("programmes:peer-detail", args=[world.peer.pk]))
    assert "recovery through peer groups" in response.content.decode()
    read = SensitiveAccessLog.objects.get()
    assert (read.user, read.peer, read.record_type) == (world.peer_lead, world.peer, "lived_experience")

    client.force_login(world.peer_worker)
    page = client.get(reverse("programmes:peer-access-log", args=[world.peer.pk])).content.decode()
    assert world.peer_lead.get_full_name() in page
    assert "Lived-experience details" in page


def test_hr_does_not_see_lived_experience_and_nothing_is_logged(world, client):
    client.force_login(world.hr_officer)
    response = client.get(reverse("programmes:peer-detail", args=[world.peer.pk]))
    assert response.status_code == 200
    assert "recovery through peer groups" not in response.content.decode()
    assert not SensitiveAccessLog.objects.exists()


# --- A peer placed in the team that provides their care (seed 000, Box 10) ---------------------


@pytest.fixture
def cared_for(world):
    """Daniel works in Riverside CMHT, which also provides his care. The line manager and supervisor
    of the world are named for him; a second supervisor of the same team is not."""
    ward_supervisor = factories.UserFactory(username="ward_supervisor")
    StaffRole.objects.create(user=ward_supervisor, trust=world.trust, team=world.team, role=StaffRole.Role.SUPERVISOR)
    services.record_own_care_team(
        by=world.hr_officer,
        peer=world.colleague,
        team=world.team,
        line_manager=world.line_manager,
        supervisor=world.supervisor,
        care_arrangement="Care coordination moves to Eastgate CMHT.",
    )
    return ward_supervisor


def test_own_care_team_peer_is_hidden_from_other_members_of_that_team(world, cared_for, client):
    assert world.colleague not in access.visible_peers(cared_for)
    client.force_login(cared_for)
    assert client.get(reverse("programmes:peer-detail", args=[world.colleague.pk])).status_code == 404
    # The team's other peers are still visible to them.
    assert world.peer in access.visible_peers(cared_for)


def test_own_care_team_peer_is_seen_by_the_named_line_manager_and_supervisor(world, cared_for):
    assert world.colleague in access.visible_peers(world.line_manager)
    assert world.colleague in access.visible_peers(world.supervisor)


def test_own_care_team_peer_is_still_seen_by_hr_and_the_peer_lead(world, cared_for):
    assert world.colleague in access.visible_peers(world.hr_officer)
    assert world.colleague in access.visible_peers(world.peer_lead)


def test_care_arrangement_is_read_by_hr_and_the_peer_lead_alone_and_logged(world, cared_for, client):
    url = reverse("programmes:peer-detail", args=[world.colleague.pk])
    for user in [world.line_manager, world.supervisor]:
        client.force_login(user)
        assert "Eastgate" not in client.get(url).content.decode()
    assert not SensitiveAccessLog.objects.exists()
    for user in [world.hr_officer, world.peer_lead]:
        client.force_login(user)
        assert "Eastgate" in client.get(url).content.decode()
    assert sorted(SensitiveAccessLog.objects.values_list("user__username", "record_type")) == [
        ("hr_officer", "care_arrangement"),
        ("peer_lead", "care_arrangement"),
    ]


def test_post_of_a_hidden_peer_shows_filled_without_their_name(world, cared_for, client):
    post = world.colleague.posts.get()
    client.force_login(cared_for)
    page = client.get(reverse("programmes:post-detail", args=[post.pk])).content.decode()
    assert "Filled" in page
    assert world.colleague.full_name not in page


def test_opening_the_edit_form_with_lived_experience_is_a_logged_read(world, client):
    client.force_login(world.peer_lead)
    page = client.get(reverse("programmes:peer-update", args=[world.peer.pk])).content.decode()
    assert "recovery through peer groups" in page
    assert list(SensitiveAccessLog.objects.values_list("user__username", "record_type")) == [
        ("peer_lead", "lived_experience")
    ]


def test_a_peer_reading_their_own_record_is_not_logged(world, client):
    client.force_login(world.peer_worker)
    page = client.get(reverse("programmes:peer-detail", args=[world.peer.pk])).content.decode()
    assert "recovery through peer groups" in page
    client.get(reverse("programmes:peer-update", args=[world.peer.pk]))
    assert not SensitiveAccessLog.objects.exists()


# --- pinned: the rows of a rule read once as ids (issue 19: the queries of one page) ----------------------------


def test_a_pinned_rule_keeps_its_rows_and_later_queries_filter_by_the_ids_alone(world, django_assert_num_queries):
    rule = access.visible_peers(world.line_manager)
    with django_assert_num_queries(1):  # the ids, read once
        pinned = access.pinned(rule)
    assert names(pinned) == names(rule) == ["Daniel Whitfield", "Samira Okafor"]
    sql = str(pinned.query)
    assert "programmes_post" not in sql and "SELECT" not in sql.split("WHERE", 1)[1]  # no subquery of the rule
    assert access.pinned(Peer.objects.none()).count() == 0


def test_a_rule_with_more_rows_than_the_limit_is_kept_as_it_is(world, monkeypatch):
    rule = access.visible_peers(world.hr_officer)  # four peers
    monkeypatch.setattr(access, "PINNED_AT_MOST", 3)
    assert access.pinned(rule) is rule
    monkeypatch.setattr(access, "PINNED_AT_MOST", 4)
    kept = access.pinned(rule)
    assert kept is not rule
    assert names(kept) == names(rule)


def test_a_peers_own_record_joins_the_rule_as_a_union_not_an_or(world):
    # `id IN (the rule) OR id = own` was planned as half of all peers, and a peer's own supervision page then read
    # every attendance of the trust; `id IN (the rule UNION own)` is planned from each part. The same peers.
    sql = str(access.visible_peers(world.peer_worker).query)
    assert "UNION" in sql
    assert f'OR "programmes_peer"."id" = {world.peer.pk}' not in sql
    assert names(access.visible_peers(world.peer_worker)) == ["Samira Okafor"]
