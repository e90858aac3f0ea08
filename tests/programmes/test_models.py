"""The shared model's rules: what the database itself refuses (saved without `full_clean`, as a
bulk load, a shell or a bug in a form would), what `clean()` refuses with a message on the field, and
the history kept of every change made through the services.
"""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programmes import selectors, services
from programmes.models import Peer, Post, Programme, StaffRole, Team, Trust
from tests import factories

pytestmark = pytest.mark.django_db

Role = StaffRole.Role


@contextmanager
def refused(constraint: str):
    """The database refuses the write, naming the constraint; the savepoint rolls back."""
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        yield


# --- Unique names -------------------------------------------------------------------------------


def test_a_second_team_with_the_same_name_in_a_trust_is_refused_by_the_database():
    team = factories.TeamFactory(name="Riverside CMHT")

    with refused("team_name_unique_per_trust"):
        Team(trust=team.trust, name="Riverside CMHT", service_type=Team.ServiceType.EIP).save()

    assert list(Team.objects.values_list("name", flat=True)) == ["Riverside CMHT"]


def test_the_same_team_name_in_another_trust_is_accepted():
    team = factories.TeamFactory(name="Riverside CMHT")
    other_trust = factories.TrustFactory()

    Team(trust=other_trust, name="Riverside CMHT", service_type=Team.ServiceType.CMHT).save()

    assert sorted(Team.objects.values_list("trust_id", "name")) == sorted(
        [(team.trust_id, "Riverside CMHT"), (other_trust.pk, "Riverside CMHT")]
    )


def test_a_second_programme_with_the_same_name_in_a_trust_is_refused_by_the_database():
    programme = factories.ProgrammeFactory(name="Peer Support Programme")

    with refused("programme_name_unique_per_trust"):
        factories.ProgrammeFactory(trust=programme.trust, name="Peer Support Programme")

    assert list(Programme.objects.all()) == [programme]


def test_the_same_programme_name_in_another_trust_is_accepted():
    first = factories.ProgrammeFactory(name="Peer Support Programme")

    second = factories.ProgrammeFactory(name="Peer Support Programme")

    assert first.trust != second.trust
    assert Programme.objects.filter(name="Peer Support Programme").count() == 2


def test_two_trusts_with_the_same_name_are_refused_by_the_database():
    trust = factories.TrustFactory(name="Northshire NHS Trust", ods_code="ZZ1")

    with refused(r"Key \(name\)"):
        Trust(name="Northshire NHS Trust", ods_code="ZZ2").save()

    assert list(Trust.objects.all()) == [trust]


def test_two_trusts_with_the_same_ods_code_are_refused_by_the_database():
    trust = factories.TrustFactory(name="Northshire NHS Trust", ods_code="ZZ1")

    with refused(r"Key \(ods_code\)"):
        Trust(name="Westvale NHS Trust", ods_code="ZZ1").save()

    assert list(Trust.objects.all()) == [trust]


# --- Posts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("band", [0, 1, 10, 11])
def test_band_outside_2_to_9_is_refused_by_the_database(band):
    team = factories.TeamFactory()

    with refused("post_band_between_2_and_9"):
        Post(team=team, title="Peer Support Worker", band=band, hours=Decimal("37.5")).save()

    assert not Post.objects.exists()


@pytest.mark.parametrize("band", [2, 9])
def test_bands_2_and_9_are_accepted(band):
    team = factories.TeamFactory()

    Post(team=team, title="Peer Support Worker", band=band, hours=Decimal("37.5")).save()

    assert list(Post.objects.values_list("band", flat=True)) == [band]


@pytest.mark.parametrize("hours", ["0", "-7.5", "37.51", "40"])
def test_hours_of_none_or_beyond_full_time_are_refused_by_the_database(hours):
    team = factories.TeamFactory()

    with refused("post_hours_positive_up_to_37_5"):
        Post(team=team, title="Peer Support Worker", band=3, hours=Decimal(hours)).save()

    assert not Post.objects.exists()


@pytest.mark.parametrize("hours", ["0.01", "18.75", "37.5"])
def test_hours_up_to_full_time_are_accepted(hours):
    team = factories.TeamFactory()

    Post(team=team, title="Peer Support Worker", band=3, hours=Decimal(hours)).save()

    assert list(Post.objects.values_list("hours", flat=True)) == [Decimal(hours)]


def test_an_end_date_on_a_permanent_post_is_refused_by_the_database():
    team = factories.TeamFactory()

    with refused("post_fixed_term_end_only_for_fixed_term"):
        factories.PostFactory(team=team, contract_type=Post.ContractType.PERMANENT, fixed_term_end=date(2027, 3, 31))

    assert not Post.objects.exists()


def test_an_end_date_on_a_fixed_term_post_is_accepted():
    post = factories.PostFactory(contract_type=Post.ContractType.FIXED_TERM, fixed_term_end=date(2027, 3, 31))

    assert list(Post.objects.values_list("pk", "fixed_term_end")) == [(post.pk, date(2027, 3, 31))]


# --- Staff roles ----------------------------------------------------------------------------------


def test_the_same_trust_wide_role_twice_is_refused_by_the_database():
    role = factories.StaffRoleFactory(role=Role.HR)

    with refused("staff_role_unique_trust_wide"):
        StaffRole(user=role.user, trust=role.trust, role=Role.HR).save()

    assert list(StaffRole.objects.all()) == [role]


def test_the_same_team_role_twice_is_refused_by_the_database():
    team = factories.TeamFactory()
    role = factories.StaffRoleFactory(trust=team.trust, team=team, role=Role.LINE_MANAGER)

    with refused("staff_role_unique_per_team"):
        StaffRole(user=role.user, trust=team.trust, team=team, role=Role.LINE_MANAGER).save()

    assert list(StaffRole.objects.all()) == [role]


def test_one_role_in_two_teams_and_trust_wide_is_accepted():
    team = factories.TeamFactory()
    other_team = factories.TeamFactory(trust=team.trust)
    user = factories.UserFactory()

    for where in (team, other_team, None):
        StaffRole(user=user, trust=team.trust, team=where, role=Role.LINE_MANAGER).save()

    assert set(StaffRole.objects.values_list("team_id", flat=True)) == {team.pk, other_team.pk, None}


def test_two_different_roles_in_the_same_trust_are_accepted():
    role = factories.StaffRoleFactory(role=Role.HR)

    StaffRole(user=role.user, trust=role.trust, role=Role.PEER_LEAD).save()

    assert set(StaffRole.objects.values_list("role", flat=True)) == {Role.HR, Role.PEER_LEAD}


# --- Programmes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("share", ["-1", "-0.01", "100.01", "150"])
def test_a_target_share_outside_0_to_100_percent_is_refused_by_the_database(share):
    trust = factories.TrustFactory()

    with refused("programme_target_share_is_a_percentage"):
        factories.ProgrammeFactory(trust=trust, target_peer_share=Decimal(share))

    assert not Programme.objects.exists()


@pytest.mark.parametrize("share", ["0", "20", "100"])
def test_a_target_share_from_0_to_100_percent_is_accepted(share):
    factories.ProgrammeFactory(target_peer_share=Decimal(share))

    assert list(Programme.objects.values_list("target_peer_share", flat=True)) == [Decimal(share)]


# --- clean(): the rules with a message for the person filling in the form -------------------------


def _refused_by_clean(record) -> dict:
    with pytest.raises(ValidationError) as refusal:
        record.full_clean()
    return refusal.value.message_dict


def test_a_fixed_term_post_without_an_end_date_asks_for_the_date():
    team = factories.TeamFactory()
    post = factories.PostFactory.build(team=team, contract_type=Post.ContractType.FIXED_TERM)

    assert _refused_by_clean(post) == {"fixed_term_end": ["Give the date a fixed-term post ends."]}
    assert not Post.objects.exists()


def test_a_permanent_post_with_an_end_date_asks_to_clear_it():
    team = factories.TeamFactory()
    post = factories.PostFactory.build(team=team, fixed_term_end=date(2027, 3, 31))

    assert _refused_by_clean(post) == {
        "fixed_term_end": ["A permanent post has no end date; clear it or choose fixed term."]
    }
    assert not Post.objects.exists()


def test_a_converted_post_must_say_what_it_was_converted_from():
    team = factories.TeamFactory()
    post = factories.PostFactory.build(team=team, funding=Post.Funding.CONVERTED)

    assert _refused_by_clean(post) == {"converted_from": ["Say which post this one was converted from."]}
    assert not Post.objects.exists()


def test_a_post_cannot_be_held_by_a_peer_of_another_trust():
    team = factories.TeamFactory()
    outsider = factories.PeerFactory()
    post = factories.PostFactory.build(team=team, holder=outsider)

    assert _refused_by_clean(post) == {"holder": ["The post holder must be a peer of the same trust as the team."]}
    assert not Post.objects.exists()


def test_a_valid_post_passes_clean():
    team = factories.TeamFactory()
    holder = factories.PeerFactory(trust=team.trust)
    post = factories.PostFactory.build(
        team=team,
        holder=holder,
        contract_type=Post.ContractType.FIXED_TERM,
        fixed_term_end=date(2027, 3, 31),
        funding=Post.Funding.CONVERTED,
        converted_from="Band 3 healthcare assistant",
    )

    post.full_clean()

    assert not Post.objects.exists()


def test_a_second_team_of_the_same_name_in_a_trust_is_explained_on_the_name():
    team = factories.TeamFactory(name="Riverside CMHT")
    duplicate = factories.TeamFactory.build(trust=team.trust, name="Riverside CMHT")

    assert _refused_by_clean(duplicate) == {
        "name": ["This trust already has a team called Riverside CMHT; choose another name."]
    }
    assert list(Team.objects.all()) == [team]


def test_a_team_keeps_its_own_name_and_may_share_it_with_another_trusts_team():
    team = factories.TeamFactory(name="Riverside CMHT")
    elsewhere = factories.TeamFactory.build(trust=factories.TrustFactory(), name="Riverside CMHT")

    team.full_clean()
    elsewhere.full_clean()

    assert list(Team.objects.all()) == [team]


def test_a_staff_role_cannot_name_a_team_of_another_trust():
    trust = factories.TrustFactory()
    other_trust_team = factories.TeamFactory()
    role = factories.StaffRoleFactory.build(
        user=factories.UserFactory(), trust=trust, team=other_trust_team, role=Role.LINE_MANAGER
    )

    assert _refused_by_clean(role) == {"team": ["The team must belong to the role's trust."]}
    assert not StaffRole.objects.exists()


# --- History --------------------------------------------------------------------------------------


def test_creating_and_changing_a_peer_keeps_history_with_who_did_it():
    trust = factories.TrustFactory()
    hr_officer = factories.UserFactory(username="hr_officer", first_name="Hana", last_name="Reed")
    peer_lead = factories.UserFactory(username="peer_lead", first_name="Lee", last_name="Park")

    peer = services.create_peer(by=hr_officer, trust=trust, full_name="Samira Okafor")
    services.update_peer(peer=peer, by=peer_lead, pronouns="she/her", preferred_name="Sam")

    rows = list(peer.history.order_by("history_id").values_list("history_type", "history_user_id", "pronouns"))
    assert rows == [("+", hr_officer.pk, ""), ("~", peer_lead.pk, "she/her")]
    created, changed = reversed(selectors.history_of(peer))
    assert (created.action, created.who, created.changed_fields) == ("Created", "Hana Reed", [])
    assert (changed.action, changed.who) == ("Changed", "Lee Park")
    assert sorted(changed.changed_fields) == sorted(
        str(Peer._meta.get_field(f).verbose_name) for f in ("preferred_name", "pronouns")
    )
    assert Peer.objects.get().pronouns == "she/her"
    assert Peer.history.count() == 2


def test_creating_and_changing_a_post_keeps_history_with_who_did_it():
    team = factories.TeamFactory()
    hr_officer = factories.UserFactory(username="hr_officer", first_name="Hana", last_name="Reed")
    line_manager = factories.UserFactory(username="line_manager", first_name="Lina", last_name="Marsh")

    post = services.create_post(by=hr_officer, team=team, title="Peer Support Worker", band=3, hours=Decimal("37.5"))
    services.update_post(post=post, by=line_manager, band=4, hours=Decimal("30"))

    rows = list(post.history.order_by("history_id").values_list("history_type", "history_user_id", "band", "hours"))
    assert rows == [("+", hr_officer.pk, 3, Decimal("37.5")), ("~", line_manager.pk, 4, Decimal("30"))]
    created, changed = reversed(selectors.history_of(post))
    assert (created.action, created.who) == ("Created", "Hana Reed")
    assert (changed.action, changed.who) == ("Changed", "Lina Marsh")
    assert sorted(changed.changed_fields) == sorted(
        str(Post._meta.get_field(f).verbose_name) for f in ("band", "hours")
    )
    assert Post.history.count() == 2
    assert Team.history.count() == 1  # the team's own row from its creation; the post changed nothing in it


def test_a_change_the_service_refuses_leaves_no_history():
    team = factories.TeamFactory()
    hr_officer = factories.UserFactory()
    post = services.create_post(by=hr_officer, team=team, title="Peer Support Worker", band=3, hours=Decimal("37.5"))

    with pytest.raises(ValidationError):
        services.update_post(post=post, by=hr_officer, band=10)

    assert post.history.count() == 1
    post.refresh_from_db()
    assert post.band == 3
