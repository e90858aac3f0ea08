"""The placement services: placing a peer (each refusal, the warnings, the own-care-team restriction, the
adjustments carried from occupational health, the induction plan and the reviews), changing and ending."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.models import OwnCareTeamArrangement
from recruitment import services as recruitment_services
from recruitment.models import Application
from tests import factories
from tests.workforce.world import START
from workforce import selectors, services
from workforce.models import EmploymentReview, InductionTemplateItem, Placement

pytestmark = pytest.mark.shared_world("recruitment")  # one world for the module (tests/shared_world.py)

Stage = Application.Stage


def place(w, *, peer=None, post=None, **fields):
    post = post or factories.PostFactory(team=w.team, title="Peer Support Worker (new)", hours=Decimal("30"))
    defaults = {
        "by": w.hr_officer,
        "peer": peer or w.applicant,
        "post": post,
        "start_date": START,
        "hours": Decimal("30"),
        "match_reasons": "The team asked for someone with experience of carers' groups.",
        "line_manager": w.line_manager,
        "mentor": w.line_manager,
    }
    defaults.update(fields)
    return services.place_peer(**defaults)


def appoint(w):
    """Take the recruitment world's application from conditional offer to appointed, cleared with adjustments."""
    hr, application = w.hr_officer, w.application
    today = timezone.localdate()
    recruitment_services.save_occupational_health(
        application=application,
        by=hr,
        outcome="fit_with_adjustments",
        outcome_on=today,
        debriefs="A debrief each Friday.",
    )
    recruitment_services.move_application(application=application, to_stage=Stage.OH_CLEARED, by=hr)
    recruitment_services.save_dbs_check(application=application, by=hr, status="clear", returned_on=today)
    recruitment_services.move_application(application=application, to_stage=Stage.DBS_CLEARED, by=hr)
    recruitment_services.move_application(application=application, to_stage=Stage.APPOINTED, by=hr)
    return application


# --- Placing a peer -----------------------------------------------------------------------------------


def test_placing_a_peer_fills_the_post_and_makes_the_induction_plan_and_the_reviews(world):
    placement = place(world)
    placement.post.refresh_from_db()
    assert placement.post.holder == world.applicant
    plan = placement.induction
    assert plan.mentor == world.line_manager
    assert plan.items.count() == InductionTemplateItem.objects.count() > 0
    assert [(r.kind, r.due_on) for r in placement.reviews.order_by("due_on")] == [
        ("three_month", datetime.date(2026, 12, 1)),
        ("six_month", datetime.date(2027, 3, 1)),
        ("appraisal", datetime.date(2027, 9, 1)),
    ]
    assert placement.history.first().history_user == world.hr_officer


def test_review_due_dates_keep_to_the_month_end(world):
    placement = place(world, start_date=datetime.date(2026, 8, 31))
    due = {r.kind: r.due_on for r in placement.reviews.all()}
    assert due == {
        "three_month": datetime.date(2026, 11, 30),
        "six_month": datetime.date(2027, 2, 28),
        "appraisal": datetime.date(2027, 8, 31),
    }


@pytest.mark.parametrize(
    "change, field, message",
    [
        (lambda w: {"post": w.other_trust_post}, "post", "in the peer's trust"),
        (lambda w: {"post": w.post}, "post", "held by someone else"),
        (lambda w: {"hours": Decimal("31")}, "hours", "has 30.00 hours a week"),
        (lambda w: {"own_care_team": True, "care_arrangement": ""}, "care_arrangement", "treated"),
        (
            lambda w: {"own_care_team": True, "care_arrangement": "Oak Ward's team", "line_manager": None},
            "line_manager",
            "Name the line manager",
        ),
    ],
    ids=["other trust", "post held", "too many hours", "no care arrangement", "no named line manager"],
)
def test_placing_refuses_and_saves_nothing(world, change, field, message):
    before = (Placement.objects.count(), EmploymentReview.objects.count(), OwnCareTeamArrangement.objects.count())
    with pytest.raises(ValidationError) as raised:
        place(world, **change(world))
    assert message in " ".join(raised.value.message_dict[field])
    after = (Placement.objects.count(), EmploymentReview.objects.count(), OwnCareTeamArrangement.objects.count())
    assert after == before


def test_a_peer_may_be_placed_in_the_post_they_already_hold(world):
    placement = place(world, peer=world.peer, post=world.post, hours=world.post.hours)
    assert placement.post.holder == world.peer


def test_an_application_must_be_appointed_and_the_peers_own_for_this_post(recruitment):
    w = recruitment
    with pytest.raises(ValidationError) as raised:
        place(w, post=w.vacant_post, application=w.application)
    assert "Only an appointed applicant" in raised.value.message_dict["application"][0]
    appoint(w)
    with pytest.raises(ValidationError) as raised:
        place(w, peer=w.colleague, post=w.vacant_post, application=w.application)
    assert raised.value.message_dict["application"] == ["This application is not the peer's."]
    with pytest.raises(ValidationError) as raised:
        place(w, application=w.application)
    assert raised.value.message_dict["application"] == ["The application was for another post."]
    assert not Placement.objects.filter(peer=w.applicant).exists()


def test_adjustments_agreed_at_occupational_health_are_carried_into_the_placement(recruitment):
    w = recruitment
    appoint(w)
    placement = place(w, post=w.vacant_post, application=w.application)
    assert "Working hours: No starts before 10am (medication side-effects)." in placement.reasonable_adjustments
    assert "Feedback and debriefs: A debrief each Friday." in placement.reasonable_adjustments


def test_without_an_application_the_peers_latest_cleared_referral_is_used(recruitment):
    w = recruitment
    appoint(w)
    placement = place(w, post=w.vacant_post)
    assert "No starts before 10am" in placement.reasonable_adjustments


def test_adjustments_given_are_kept_as_given(recruitment):
    w = recruitment
    appoint(w)
    placement = place(w, post=w.vacant_post, application=w.application, reasonable_adjustments="None needed.")
    assert placement.reasonable_adjustments == "None needed."


def test_a_pending_referral_carries_nothing(recruitment):
    placement = place(recruitment, post=recruitment.vacant_post)
    assert placement.reasonable_adjustments == ""


def test_placing_in_the_own_care_team_hides_the_peer_from_unnamed_members_of_the_team(world, client):
    w = world
    place(w, own_care_team=False)
    client.force_login(w.supervisor)
    assert client.get(reverse("programmes:peer-detail", args=[w.applicant.pk])).status_code == 200  # in the team

    cared_for = factories.PeerFactory(trust=w.trust, full_name="Priya Shah")
    place(w, peer=cared_for, own_care_team=True, care_arrangement="Treated by Oak Ward's community team.")
    arrangement = OwnCareTeamArrangement.objects.get(peer=cared_for)
    assert (arrangement.team, arrangement.line_manager) == (w.team, w.line_manager)
    url = reverse("programmes:peer-detail", args=[cared_for.pk])
    client.force_login(w.supervisor)  # a member of the team, not named
    assert client.get(url).status_code == 404
    client.force_login(w.line_manager)  # the named line manager
    assert client.get(url).status_code == 200


# --- Warnings ---------------------------------------------------------------------------------------


def test_a_team_with_fewer_than_two_peers_and_not_ready_is_warned_about(world):
    empty_team = factories.TeamFactory(trust=world.trust, name="Hilltop CMHT")
    post = factories.PostFactory(team=empty_team)
    warnings = selectors.placement_warnings(post, world.applicant)
    assert any("Hilltop CMHT would have 1 peer worker" in w for w in warnings)
    assert any("Hilltop CMHT is not marked ready" in w for w in warnings)


def test_a_second_peer_in_the_team_is_not_warned_about_numbers(world):
    # Oak Ward has Tom; the applicant would be the second.
    post = factories.PostFactory(team=world.other_team)
    warnings = selectors.placement_warnings(post, world.applicant)
    assert not any("would have" in w for w in warnings)
    # The peer already in the team is not counted twice.
    own = selectors.placement_warnings(world.other_team_peer.posts.get(), world.other_team_peer)
    assert any("Oak Ward would have 1 peer worker" in w for w in own)


# --- Changing and ending -------------------------------------------------------------------------------


def test_ending_a_placement_frees_the_post(world):
    placement = place(world)
    services.end_placement(
        by=world.hr_officer, placement=placement, end_date=datetime.date(2027, 1, 31), leaving_reason="other_job"
    )
    placement.refresh_from_db()
    placement.post.refresh_from_db()
    assert placement.end_date == datetime.date(2027, 1, 31)
    assert placement.post.holder is None


def test_a_placement_cannot_end_before_it_starts_or_twice(world):
    placement = place(world)
    with pytest.raises(ValidationError) as raised:
        services.end_placement(
            by=world.hr_officer,
            placement=placement,
            end_date=START - datetime.timedelta(days=1),
            leaving_reason="other",
        )
    assert "end_date" in raised.value.message_dict
    placement.refresh_from_db()
    assert placement.end_date is None
    services.end_placement(by=world.hr_officer, placement=placement, end_date=START, leaving_reason="other")
    with pytest.raises(ValidationError):
        services.end_placement(by=world.hr_officer, placement=placement, end_date=START, leaving_reason="other")


def test_switching_the_own_care_flag_on_and_off_records_and_removes_the_arrangement(world):
    placement = place(world)
    services.update_placement(
        placement=placement, by=world.hr_officer, own_care_team=True, care_arrangement="Treated in Oak Ward."
    )
    assert OwnCareTeamArrangement.objects.get(peer=world.applicant).care_arrangement == "Treated in Oak Ward."
    services.update_placement(placement=placement, by=world.hr_officer, own_care_team=False)
    assert not OwnCareTeamArrangement.objects.filter(peer=world.applicant).exists()


def test_a_new_start_date_moves_the_reviews_not_yet_held(world):
    placement = place(world)
    services.update_placement(placement=placement, by=world.hr_officer, start_date=datetime.date(2026, 8, 31))
    assert placement.reviews.get(kind="three_month").due_on == datetime.date(2026, 11, 30)


def test_a_new_mentor_becomes_the_induction_mentor(world):
    placement = place(world)
    services.update_placement(placement=placement, by=world.hr_officer, mentor=world.supervisor)
    placement.induction.refresh_from_db()
    assert placement.induction.mentor == world.supervisor
