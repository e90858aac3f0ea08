"""The peers a user may see are worked out once per request (programmes.access keeps the built rule on the user
object, as it keeps the scope): each caller gets its own copy, the day is part of what is kept, and
`access.forget` drops it with the scope."""

import datetime

import pytest
import time_machine

from programmes import access
from programmes.models import StaffRole
from tests import factories
from tests.workforce.world import place

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)


def names(queryset) -> list[str]:
    return sorted(p.full_name for p in queryset)


def test_the_rule_is_built_once_per_user_object_and_each_caller_gets_its_own_copy(world, monkeypatch):
    built = []
    original = access._build_peers_for_roles
    monkeypatch.setattr(access, "_build_peers_for_roles", lambda *a, **k: built.append(a) or original(*a, **k))
    user = world.line_manager
    access.forget(user)

    only_samira = access.visible_peers(user).filter(pk=world.peer.pk)
    assert names(only_samira) == ["Samira Okafor"]
    # A filter or a read of one copy changes nothing in the next caller's.
    assert names(access.visible_peers(user)) == ["Daniel Whitfield", "Samira Okafor"]
    assert names(access.supervision_schedule_peers(user)) == ["Daniel Whitfield", "Samira Okafor"]
    assert len(built) == 1
    # The rows are read afresh by each copy: a peer placed in the team since is there.
    factories.PostFactory(team=world.team, holder=factories.PeerFactory(trust=world.trust, full_name="Ali Khan"))
    assert names(access.visible_peers(user)) == ["Ali Khan", "Daniel Whitfield", "Samira Okafor"]
    # Another rule (the records the user keeps) is built and kept on its own.
    assert list(access.editable_peers(user)) == []
    assert len(built) == 2
    assert names(access.visible_peers(user)) == ["Ali Khan", "Daniel Whitfield", "Samira Okafor"]
    assert len(built) == 2


def test_a_placement_that_ended_yesterday_no_longer_shows_its_peer_to_the_person_it_named(world):
    """The mentor named on a placement sees the peer until the placement's end date, and not the day after, even
    through the same user object (the day is part of what is kept)."""
    mentor = factories.UserFactory()  # no staff role: the placement is the only way to the peer
    peer = factories.PeerFactory(trust=world.trust, full_name="Nadia Brooks")
    post = factories.PostFactory(team=world.other_team)
    place(peer, post, start=datetime.date(2026, 1, 5), end_date=datetime.date(2026, 11, 30), mentor=mentor)

    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert names(access.visible_peers(mentor)) == ["Nadia Brooks"]
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert names(access.visible_peers(mentor)) == []


def test_forget_drops_the_kept_rule_with_the_scope(world):
    manager = factories.UserFactory()
    assert names(access.visible_peers(manager)) == []
    StaffRole.objects.create(user=manager, trust=world.trust, team=world.team, role=StaffRole.Role.LINE_MANAGER)
    access.forget(manager)  # a role given within one request (or test): the roles and the rules are read again
    assert names(access.visible_peers(manager)) == ["Daniel Whitfield", "Samira Okafor"]
