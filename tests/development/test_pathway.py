"""The career pathway pages, recording a step of a peer's career, and who is ready for the next step."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from development import selectors, services
from development.models import CareerLevel, CompetencyAssessment, DescriptorRating, Progression
from programmes import access
from tests import factories

TODAY = datetime.date(2027, 10, 1)
pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.shared_world("development")]


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2027, 10, 1, 12, 0), tick=False):
        yield


def senior_post(w):
    return factories.PostFactory(team=w.team, title="Senior Peer Support Worker", band=4, career_level="senior_psw")


# --- Service -----------------------------------------------------------------------------------


def test_a_new_step_ends_the_open_one_the_day_before(development):
    w = development
    post = senior_post(w)
    step = services.record_progression(
        by=w.peer_lead, peer=w.peer, level=None, post=post, started_on=datetime.date(2027, 9, 1), notes="Promoted."
    )
    assert step.level.code == "senior_psw"  # from the post
    w.progression.refresh_from_db()
    assert w.progression.ended_on == datetime.date(2027, 8, 31)
    assert w.progression.history.first().history_user == w.peer_lead


@pytest.mark.parametrize(
    ("started_on", "field", "message"),
    [
        (datetime.date(2026, 9, 1), "started_on", "a new step starts after that day"),
        (datetime.date(2026, 6, 1), "started_on", "a new step starts after that day"),
        (datetime.date(2027, 11, 1), "started_on", "on or before today"),
    ],
)
def test_a_step_cannot_overlap_or_go_back_in_time(development, started_on, field, message):
    w = development
    with pytest.raises(ValidationError) as error:
        services.record_progression(by=w.hr_officer, peer=w.peer, level=w.level_senior, started_on=started_on)
    assert message in " ".join(error.value.message_dict[field])
    assert Progression.objects.filter(peer=w.peer).count() == 1


def test_a_step_after_an_ended_one_must_start_after_it_ended(development):
    w = development
    w.progression.ended_on = datetime.date(2027, 1, 31)
    w.progression.save()
    with pytest.raises(ValidationError) as error:
        services.record_progression(
            by=w.hr_officer, peer=w.peer, level=w.level_senior, started_on=datetime.date(2027, 1, 15)
        )
    assert "ended on 31 January 2027" in error.value.message_dict["started_on"][0]


def test_the_level_must_be_the_posts_level(development):
    w = development
    with pytest.raises(ValidationError) as error:
        services.record_progression(
            by=w.hr_officer, peer=w.peer, level=w.level_psw, post=senior_post(w), started_on=datetime.date(2027, 9, 1)
        )
    assert "Senior peer support worker level" in error.value.message_dict["level"][0]


def test_a_post_of_another_trust_is_refused(development):
    w = development
    with pytest.raises(ValidationError) as error:
        services.record_progression(
            by=w.administrator,
            peer=w.peer,
            level=w.level_psw,
            post=w.other_trust_post,
            started_on=datetime.date(2027, 9, 1),
        )
    assert "post" in error.value.message_dict


def test_only_hr_and_the_peer_lead_record_steps(development):
    w = development
    with pytest.raises(ValidationError):
        services.record_progression(
            by=w.line_manager, peer=w.peer, level=w.level_senior, started_on=datetime.date(2027, 9, 1)
        )
    assert Progression.objects.filter(peer=w.peer).count() == 1


# --- Pages ----------------------------------------------------------------------------------------


def test_every_signed_in_person_reads_the_pathway(client, development):
    client.force_login(development.panel_member)
    page = client.get(reverse("development:pathway")).content.decode()
    for name in ("Pre-peer routes", "Senior peer support worker", "Lived experience researcher", "Band 2-3"):
        assert name in page
    assert "public speaking and presenting" in page and "Peer support competencies" in page


def test_a_peer_sees_their_progression(client, development):
    w = development
    client.force_login(w.peer_worker)
    response = client.get(reverse("development:progression-list", args=[w.peer.pk]))
    assert "Peer support worker" in response.content.decode() and not response.context["can_record"]


def test_hr_records_a_step_in_the_form(client, development):
    w = development
    post = senior_post(w)
    client.force_login(w.hr_officer)
    url = reverse("development:progression-create", args=[w.peer.pk])
    response = client.post(url, {"level": "", "post": post.pk, "started_on": "2027-09-01", "notes": ""})
    assert response.status_code == 302
    assert w.peer.progressions.get(ended_on__isnull=True).level.code == "senior_psw"


def test_a_step_going_back_in_time_shows_the_message_beside_the_date(client, development):
    w = development
    client.force_login(w.hr_officer)
    url = reverse("development:progression-create", args=[w.peer.pk])
    response = client.post(url, {"level": w.level_senior.pk, "started_on": "2026-08-01"})
    assert response.status_code == 200
    assert "a new step starts after that day" in response.context["form"].errors["started_on"][0]
    assert Progression.objects.filter(peer=w.peer).count() == 1


def test_a_step_without_a_date_is_refused_beside_the_field(client, development):
    w = development
    client.force_login(w.peer_lead)
    response = client.post(reverse("development:progression-create", args=[w.peer.pk]), {"level": w.level_senior.pk})
    assert response.context["form"].errors["started_on"] == ["Enter the date this step started."]
    assert Progression.objects.filter(peer=w.peer).count() == 1


# --- Ready for the next step -----------------------------------------------------------------------


def all_demonstrated(w, on=datetime.date(2027, 9, 20)):
    assessment = CompetencyAssessment.objects.create(
        peer=w.peer, framework=w.framework, assessed_on=on, assessed_by=w.supervisor, context="appraisal"
    )
    for descriptor in (w.essential, w.enhanced):
        DescriptorRating.objects.create(assessment=assessment, descriptor=descriptor, status="demonstrated")
    return assessment


def ready(user):
    return selectors.ready_for_next_step(access.visible_peers(user), on=TODAY)


def test_a_peer_a_year_in_the_level_with_every_essential_demonstrated_is_ready(development):
    w = development
    all_demonstrated(w)
    (entry,) = ready(w.peer_lead)
    assert entry.peer == w.peer and entry.months_held == 13 and entry.assessed_on == datetime.date(2027, 9, 20)


def test_an_essential_gap_at_the_latest_assessment_means_not_ready(development):
    w = development
    assert ready(w.peer_lead) == []  # the world's assessment (4 Nov 2026) has an essential gap
    all_demonstrated(w, on=datetime.date(2027, 5, 1))
    assert len(ready(w.peer_lead)) == 1
    later = all_demonstrated(w, on=datetime.date(2027, 9, 1))
    later.ratings.filter(descriptor=w.essential).update(status="developing")
    assert ready(w.peer_lead) == []


def test_an_enhanced_gap_does_not_hold_a_peer_back(development):
    w = development
    assessment = all_demonstrated(w)
    assessment.ratings.filter(descriptor=w.enhanced).update(status="not_yet")
    assert [r.peer for r in ready(w.hr_officer)] == [w.peer]


def test_too_short_a_time_in_the_level_means_not_ready(development):
    w = development
    all_demonstrated(w)
    CareerLevel.objects.filter(pk=w.level_psw.pk).update(months_before_next=14)
    assert ready(w.peer_lead) == []


def test_peers_out_of_sight_are_not_listed(development):
    w = development
    all_demonstrated(w)
    assert ready(w.other_trust_staff) == []


def test_the_selector_reads_in_a_fixed_number_of_queries(development, django_assert_max_num_queries):
    w = development
    all_demonstrated(w)
    for i in range(5):
        peer = factories.PeerFactory(trust=w.trust, full_name=f"Peer {i}")
        Progression.objects.create(peer=peer, level=w.level_psw, started_on=datetime.date(2026, 1, 1))
    peers = access.visible_peers(w.administrator)
    with django_assert_max_num_queries(2):
        assert len(selectors.ready_for_next_step(peers, on=TODAY)) == 1


def test_the_ready_page_lists_the_peer_with_their_next_steps(client, development):
    w = development
    all_demonstrated(w)
    client.force_login(w.line_manager)
    page = client.get(reverse("development:ready-for-next-step")).content.decode()
    assert "Samira Okafor" in page and "Senior peer support worker" in page
