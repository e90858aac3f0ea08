"""Workforce growth: the share of peer workers (headcount and whole-time equivalent) per team, per service type
and for the programme, against the programme's target, with part-time posts, vacancies and teams without an
establishment; the growth page; recording and editing a team's establishment."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from development import selectors, services_growth
from development.models import TeamEstablishment
from programmes.models import Post, Team
from tests import factories

TODAY = datetime.date(2027, 2, 1)
NOON = datetime.datetime(2027, 2, 1, 12, tzinfo=datetime.UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("development")]


def error_beside(response, field: str) -> list[str]:
    assert response.status_code == 200
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def two_teams():
    """Two teams of one programme (target 20%): a CMHT with a full-time peer (establishment 20 people, 17.5
    WTE) and a ward with a half-time peer and a vacant 22.5-hour peer post (10 people, 9 WTE); a third team with
    a peer and no establishment; posts that are not counted (a pre-peer route) and figures not in force (an
    older and a future establishment)."""
    trust = factories.TrustFactory()
    programme = factories.ProgrammeFactory(trust=trust, name="Growth Programme", target_peer_share=Decimal("20"))
    cmht = factories.TeamFactory(trust=trust, name="Alder CMHT", service_type=Team.ServiceType.CMHT)
    ward = factories.TeamFactory(trust=trust, name="Birch Ward", service_type=Team.ServiceType.INPATIENT)
    unrecorded = factories.TeamFactory(trust=trust, name="Cedar Crisis", service_type=Team.ServiceType.CRISIS)
    other_trust_team = factories.TeamFactory(name="Elsewhere CMHT")
    peer = lambda name: factories.PeerFactory(trust=trust, full_name=name)  # noqa: E731
    factories.PostFactory(team=cmht, holder=peer("Full Time"), hours=Decimal("37.5"))
    factories.PostFactory(team=ward, holder=peer("Half Time"), hours=Decimal("18.75"))
    factories.PostFactory(team=ward, holder=None, hours=Decimal("22.5"), title="Vacant peer post")
    factories.PostFactory(
        team=cmht, holder=peer("Volunteer"), hours=Decimal("7.5"), career_level=Post.CareerLevel.PRE_PEER
    )
    factories.PostFactory(team=unrecorded, holder=peer("Unrecorded"), hours=Decimal("30"))
    factories.PostFactory(team=other_trust_team, holder=factories.PeerFactory(), hours=Decimal("37.5"))
    TeamEstablishment.objects.create(team=cmht, as_of=datetime.date(2026, 1, 1), headcount=40, whole_time_equivalent=30)
    TeamEstablishment.objects.create(
        team=cmht, as_of=datetime.date(2026, 10, 1), headcount=20, whole_time_equivalent=Decimal("17.5")
    )
    TeamEstablishment.objects.create(team=cmht, as_of=datetime.date(2027, 6, 1), headcount=2, whole_time_equivalent=2)
    TeamEstablishment.objects.create(team=ward, as_of=datetime.date(2026, 11, 1), headcount=10, whole_time_equivalent=9)
    TeamEstablishment.objects.create(
        team=other_trust_team, as_of=datetime.date(2026, 11, 1), headcount=5, whole_time_equivalent=5
    )
    return programme


def test_the_peer_share_with_part_time_posts_and_a_vacancy_has_exact_figures(two_teams, django_assert_num_queries):
    with django_assert_num_queries(1):
        share = selectors.peer_share(two_teams, Team.objects.all(), TODAY)

    cmht, ward, cedar = share.teams
    assert (cmht.label, cmht.peer_headcount, cmht.peer_wte, cmht.headcount, cmht.wte) == (
        "Alder CMHT",
        1,
        Decimal("1.00"),
        20,
        Decimal("17.50"),
    )
    assert (cmht.share_headcount, cmht.share_wte, cmht.vacant_posts) == (Decimal("5.0"), Decimal("5.7"), 0)
    assert cmht.as_of == datetime.date(2026, 10, 1)  # the latest up to today: not the older, not the future one
    assert (ward.peer_headcount, ward.peer_wte, ward.headcount, ward.wte) == (1, Decimal("0.50"), 10, Decimal("9"))
    assert (ward.share_headcount, ward.share_wte) == (Decimal("10.0"), Decimal("5.6"))
    assert (ward.vacant_posts, ward.vacant_wte) == (1, Decimal("0.60"))
    assert not cedar.recorded and cedar.share_headcount is None and cedar.peer_headcount == 1
    assert [r.label for r in share.not_recorded] == ["Cedar Crisis"]

    total = share.total
    assert (total.teams, total.peer_headcount, total.headcount) == (2, 2, 30)
    assert (total.peer_wte, total.wte) == (Decimal("1.50"), Decimal("26.50"))
    assert (total.share_headcount, total.share_wte) == (Decimal("6.7"), Decimal("5.7"))
    assert (total.vacant_posts, total.vacant_wte) == (1, Decimal("0.60"))
    assert share.target == Decimal("20")
    assert (share.peers_to_target, share.wte_to_target) == (4, Decimal("3.80"))
    assert share.summary == (
        "6.7% of the workforce by headcount (2 of 30) and 5.7% by whole-time equivalent (1.50 of 26.5 WTE), "
        "against a target of 20%."
    )

    services = {row.label: row for row in share.services}
    assert list(services) == ["Community mental health team", "Inpatient ward"]
    assert (services["Inpatient ward"].share_headcount, services["Inpatient ward"].share_wte) == (
        Decimal("10.0"),
        Decimal("5.6"),
    )


def test_a_peer_with_two_posts_in_a_team_is_one_person_with_both_posts_hours(two_teams):
    cmht = Team.objects.get(name="Alder CMHT")
    holder = Post.objects.get(team=cmht, hours=Decimal("37.5")).holder
    factories.PostFactory(team=cmht, holder=holder, hours=Decimal("7.5"), title="Sessional peer worker")
    row = selectors.peer_share(two_teams, Team.objects.all(), TODAY).teams[0]
    assert (row.peer_headcount, row.peer_wte) == (1, Decimal("1.20"))


def test_the_number_of_queries_does_not_grow_with_the_teams(two_teams, django_assert_num_queries):
    for i in range(20):
        team = factories.TeamFactory(trust=two_teams.trust, name=f"Extra {i}")
        factories.PostFactory(team=team, holder=factories.PeerFactory(trust=two_teams.trust))
        TeamEstablishment.objects.create(team=team, as_of=TODAY, headcount=8, whole_time_equivalent=7)
    with django_assert_num_queries(1):
        share = selectors.peer_share(two_teams, Team.objects.all(), TODAY)
    assert share.total.teams == 22 and share.total.peer_headcount == 22


def test_with_no_establishment_the_share_is_not_measured():
    programme = factories.ProgrammeFactory(target_peer_share=Decimal("12.5"))
    factories.PostFactory(team=factories.TeamFactory(trust=programme.trust), holder=None)
    share = selectors.peer_share(programme, Team.objects.all(), TODAY)
    assert not share.measured and share.services == [] and share.peers_to_target == 0
    assert share.total.vacant_posts == 0  # the vacancy of a team without an establishment is not in the totals
    assert share.not_recorded[0].vacant_posts == 1
    assert "cannot be measured against the target of 12.5%" in share.summary


# --- The growth page --------------------------------------------------------------------------------


@time_machine.travel(NOON)
def test_the_growth_page_shows_target_and_now_in_plain_words(development, client):
    w = development
    client.force_login(w.peer_lead)
    response = client.get(reverse("development:growth", args=[w.programme.pk]))
    assert response.status_code == 200
    share = response.context["share"]
    riverside = next(r for r in share.teams if r.team == w.team)
    assert (riverside.peer_headcount, riverside.headcount) == (2, 20)  # Samira and Daniel
    page = response.content.decode()
    assert share.summary in page
    assert "10.0% of the workforce by headcount" in share.summary
    assert "Establishment not recorded" in page and "Oak Ward" in page
    assert reverse("development:establishment-update", args=[w.establishment.pk]) in page
    assert reverse("development:vacancy-review-list") in page
    assert "1 vacancy considered for conversion" in page


def test_another_trusts_programme_is_not_found(development, client):
    other = factories.ProgrammeFactory(trust=development.other_trust)
    client.force_login(development.peer_lead)
    assert client.get(reverse("development:growth", args=[other.pk])).status_code == 404


# --- Establishments ---------------------------------------------------------------------------------


@time_machine.travel(NOON)
def test_hr_records_an_establishment_and_returns_to_the_growth_page(development, client):
    w = development
    client.force_login(w.hr_officer)
    url = reverse("development:establishment-create")
    assert client.get(url + f"?team={w.other_team.pk}").context["form"].initial["team"] == w.other_team
    response = client.post(
        url, {"team": w.other_team.pk, "as_of": "2027-01-15", "headcount": "12", "whole_time_equivalent": "10.4"}
    )
    assert response.status_code == 302
    assert response.url == reverse("development:growth", args=[w.programme.pk])
    made = TeamEstablishment.objects.get(team=w.other_team)
    assert (made.headcount, made.whole_time_equivalent) == (12, Decimal("10.40"))
    assert made.history.get().history_user == w.hr_officer


@time_machine.travel(NOON)
@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"whole_time_equivalent": "21"}, "whole_time_equivalent", "cannot be more than the headcount (20)"),
        ({"as_of": "2027-03-01"}, "as_of", "give a date up to today"),
        ({"as_of": "2026-10-01"}, "as_of", "already has an establishment recorded on 01 October 2026"),
        ({"headcount": "0"}, "headcount", "greater than or equal to 1"),
        ({"headcount": ""}, "headcount", "Enter the headcount of the whole team."),
    ],
    ids=["wte-over-headcount", "future", "same-date", "no-one", "missing"],
)
def test_a_wrong_establishment_is_refused_beside_the_field(development, client, data, field, message):
    w = development
    client.force_login(w.peer_lead)
    before = TeamEstablishment.objects.count()
    post = {"team": w.team.pk, "as_of": "2027-01-15", "headcount": "20", "whole_time_equivalent": "17.5", **data}
    response = client.post(reverse("development:establishment-create"), post)
    assert any(message in e for e in error_beside(response, field)), response.context["form"].errors
    assert TeamEstablishment.objects.count() == before


def test_a_team_of_another_trust_cannot_be_chosen(development, client):
    w = development
    client.force_login(w.peer_lead)
    response = client.post(
        reverse("development:establishment-create"),
        {"team": w.other_trust_team.pk, "as_of": "2026-01-15", "headcount": "5", "whole_time_equivalent": "5"},
    )
    assert error_beside(response, "team")
    assert not TeamEstablishment.objects.filter(team=w.other_trust_team).exists()


@time_machine.travel(NOON)
def test_editing_an_establishment_keeps_its_history(development, client):
    w = development
    client.force_login(w.peer_lead)
    url = reverse("development:establishment-update", args=[w.establishment.pk])
    page = client.get(url)
    assert "team" not in page.context["form"].fields
    response = client.post(url, {"as_of": "2026-10-01", "headcount": "22", "whole_time_equivalent": "18"})
    assert response.status_code == 302
    w.establishment.refresh_from_db()
    assert (w.establishment.headcount, w.establishment.whole_time_equivalent) == (22, Decimal("18.00"))
    assert w.establishment.history.first().history_user == w.peer_lead
    assert "headcount" in client.get(url).content.decode()  # the history panel names the changed fields


def test_the_establishment_service_refuses_moving_to_another_team(development):
    w = development
    with pytest.raises(ValidationError) as error:
        services_growth.update_establishment(establishment=w.establishment, by=w.hr_officer, team=w.other_team)
    assert "team" in error.value.message_dict
