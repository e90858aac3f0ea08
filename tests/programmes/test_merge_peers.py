"""Two records of one person made one (`programmes.services.merge_peers`): every record of every kind that points at
the duplicate moves to the kept peer, with its history, in one transaction; a conflict refuses the whole merge; the
administrator merges two selected peers from the Peer admin after a confirmation page."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from development.models import TrainingApplication
from privacy.models import LegalHold
from programmes import services
from programmes.models import (
    CodeOfConductAcknowledgement,
    CohortEnrolment,
    Peer,
    PeerEmailDuplicate,
    PeerMerge,
    SensitiveAccessLog,
    TrainingCohort,
    TrainingCourse,
)
from recruitment import services as recruitment_services
from tests import factories
from workforce.models import AbsenceEpisode, ReturnToWorkConversation, WellnessActionPlan

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("development")]

DAY = datetime.date(2026, 11, 16)


# One maker per relation to Peer that the worlds (conftest, recruitment, workforce, development) do not already give
# the peer worker (Samira): each adds one row of that kind pointing at her. A relation to Peer added tomorrow, in any
# app, fails `test_merge_moves_every_record_of_every_kind` until it has a row here, and so is merged under test.
def _cohort(w, name: str) -> TrainingCohort:
    course = TrainingCourse.objects.create(name="Peer support", provider="Recovery College", length="11 days")
    return TrainingCohort.objects.create(
        programme=w.programme, course=course, name=name, starts_on=DAY, ends_on=DAY, capacity=10
    )


def _cohort_enrolment(w):
    CohortEnrolment.objects.create(cohort=_cohort(w, "Spring"), peer=w.peer)


def _training_application(w):
    # One per cohort and applicant (a unique rule): on a cohort of its own, so the kept peer has none on it.
    TrainingApplication.objects.create(
        cohort=_cohort(w, "Autumn"), applicant=w.peer, applied_on=DAY, statement="I want to use what I learnt."
    )


MAKERS = {
    "programmes.OwnCareTeamArrangement.peer": lambda w: factories.OwnCareTeamArrangementFactory(
        peer=w.peer, team=w.other_team, line_manager=w.line_manager
    ),
    "programmes.SensitiveAccessLog.peer": lambda w: SensitiveAccessLog.objects.create(
        peer=w.peer, user=w.hr_officer, record_type=SensitiveAccessLog.RecordType.WELLNESS_ACTION_PLAN
    ),
    "programmes.CohortEnrolment.peer": _cohort_enrolment,
    "development.TrainingApplication.applicant": _training_application,
    "programmes.CodeOfConductAcknowledgement.peer": lambda w: CodeOfConductAcknowledgement.objects.create(
        peer=w.peer, version="2026", acknowledged_on=DAY, recorded_by=w.peer_lead
    ),
    "programmes.PeerEmailDuplicate.peer": lambda w: PeerEmailDuplicate.objects.create(
        peer=w.peer, same_as=w.colleague, email="s@example.nhs.uk", found_at=w.now
    ),
    "programmes.PeerEmailDuplicate.same_as": lambda w: PeerEmailDuplicate.objects.create(
        peer=w.applicant, same_as=w.peer, email="c@example.nhs.uk", found_at=w.now
    ),
    "programmes.PeerMerge.kept": lambda w: PeerMerge.objects.create(
        kept=w.peer, merged_peer_id=10**9, merged_full_name="S. Okafor", merged_by=w.administrator
    ),
    "recruitment.OrientationBooking.peer": lambda w: recruitment_services.book_orientation_place(
        session=w.orientation, peer=w.peer, by=w.hr_officer
    ),
    "recruitment.BenefitsAdvice.peer": lambda w: recruitment_services.record_benefits_advice(
        peer=w.peer, by=w.hr_officer, given_on=DAY, given_by="Citizens Advice", signposting_given=True
    ),
    "workforce.ReturnToWorkConversation.peer": lambda w: ReturnToWorkConversation.objects.create(
        peer=w.peer, absence_from=DAY, absence_to=DAY, held_on=DAY, held_by=w.line_manager
    ),
    "workforce.AbsenceEpisode.peer": lambda w: AbsenceEpisode.objects.create(
        peer=w.peer, start_date=DAY, end_date=DAY, days_lost=1
    ),
    "privacy.LegalHold.peer": lambda w: LegalHold.objects.create(
        peer=w.peer, reason="An employment tribunal claim.", set_by=w.hr_officer
    ),
    "privacy.SubjectAccessRequest.peer": lambda w: apps.get_model("privacy.SubjectAccessRequest").objects.create(
        peer=w.peer,
        requested_by="Samira Okafor",
        recorded_by=w.hr_officer,
        received_on=DAY,
        due_on=DAY + datetime.timedelta(days=30),
    ),
}


def key(field) -> str:
    return f"{field.model._meta.label}.{field.name}"


def pointing_at(field, pk) -> int:
    return field.model._base_manager.filter(**{field.attname: pk}).count()


@pytest.fixture
def samira(development, recruitment):
    """The peer worker with a record of every kind that can point at a peer."""
    from django.utils import timezone

    w = development
    w.now = timezone.now()
    if not w.contribution.peers.filter(pk=w.peer.pk).exists():
        w.contribution.peers.add(w.peer)
    for relation, make in MAKERS.items():
        field = next((f for f in services.peer_relations() if key(f) == relation), None)
        assert field is not None, f"{relation} is no longer a relation to Peer: remove its maker"
        if not pointing_at(field, w.peer.pk):
            make(w)
    return w


def test_merge_moves_every_record_of_every_kind(samira):
    w = samira
    old = w.peer.pk
    live = [f for f in services.peer_relations() if not services.is_history_model(f.model)]
    before = {key(f): pointing_at(f, old) for f in live}
    untested = sorted(name for name, count in before.items() if not count)
    assert not untested, f"relations to Peer with no row to merge (add a maker to MAKERS): {untested}"
    history = [f for f in services.peer_relations() if services.is_history_model(f.model)]
    assert any(pointing_at(f, old) for f in history)
    keep = services.create_peer(by=w.hr_officer, trust=w.trust, full_name="Samira Okafor")

    merged = services.merge_peers(keep=keep, merge=w.peer, by=w.administrator)

    assert not Peer.objects.filter(pk=old).exists()
    after = {key(f): pointing_at(f, keep.pk) for f in live}
    # The kept peer's records also include the merge record the service has just written.
    after["programmes.PeerMerge.kept"] -= 1
    assert after == before
    assert merged.moved == before
    for field in services.peer_relations():
        assert not pointing_at(field, old), f"{key(field)} still points at the merged peer"
    # The kept record took the merged one's sign-in and lived-experience details, which it lacked.
    keep.refresh_from_db()
    assert keep.user == w.peer_worker
    assert keep.lived_experience_summary == "Depression; recovery through peer groups."
    assert {"user", "lived_experience_summary"} <= set(merged.filled)
    # History: each moved record has a line saying so, by whom; the merged peer's own history ends with it.
    placement_line = w.placement.history.order_by("-history_id").first()
    assert placement_line.peer_id == keep.pk
    assert placement_line.history_change_reason == f"Merged from peer #{old}"
    assert placement_line.history_user == w.administrator
    assert not w.placement.history.filter(peer_id=old).exists()  # its past lines follow the person
    last = Peer.history.filter(id=old).order_by("-history_id").first()
    assert last.history_type == "-" and last.history_change_reason == f"Merged into peer #{keep.pk}"


def test_the_access_log_stays_append_only_outside_a_merge(samira):
    w = samira
    with pytest.raises(Exception, match="cannot be changed"):
        SensitiveAccessLog.objects.filter(peer=w.peer).update(peer=w.colleague)


def test_two_of_something_a_person_has_once_refuses_the_whole_merge(workforce):
    w = workforce
    duplicate = factories.PeerFactory(trust=w.trust, full_name="Samira O.")
    WellnessActionPlan.objects.create(peer=duplicate, approaches="Music.", review_on=DAY)
    SensitiveAccessLog.objects.create(
        peer=duplicate, user=w.hr_officer, record_type=SensitiveAccessLog.RecordType.WELLNESS_ACTION_PLAN
    )
    with pytest.raises(ValidationError) as refused:
        services.merge_peers(keep=w.peer, merge=duplicate, by=w.administrator)
    assert "Wellness action plan" in " ".join(refused.value.messages)
    assert Peer.objects.filter(pk=duplicate.pk).exists()
    assert WellnessActionPlan.objects.get(peer=duplicate).approaches == "Music."
    assert SensitiveAccessLog.objects.filter(peer=duplicate).count() == 1
    assert not PeerMerge.objects.exists()


def test_records_of_two_trusts_or_one_record_twice_are_not_merged(world):
    with pytest.raises(ValidationError, match="same trust"):
        services.merge_peers(keep=world.peer, merge=world.other_trust_peer, by=world.administrator)
    with pytest.raises(ValidationError, match="two different"):
        services.merge_peers(keep=world.peer, merge=world.peer, by=world.administrator)


def test_merging_resolves_the_duplicate_email_report_of_the_two(world):
    keep = factories.PeerFactory(trust=world.trust, full_name="Ann Lee", email="ann@example.nhs.uk")
    duplicate = factories.PeerFactory(trust=world.trust, full_name="Ann Lee", email="")
    report = PeerEmailDuplicate.objects.create(
        peer=duplicate, same_as=keep, email="Ann@example.nhs.uk", found_at=datetime.datetime.now(datetime.UTC)
    )
    services.merge_peers(keep=keep, merge=duplicate, by=world.administrator)
    report.refresh_from_db()
    assert report.peer == keep and report.resolution == PeerEmailDuplicate.Resolution.MERGED
    assert report.resolved_at is not None


# --- The admin ------------------------------------------------------------------------------------


def test_the_administrator_merges_two_selected_peers_after_confirming(client, workforce):
    w = workforce
    duplicate = factories.PeerFactory(trust=w.trust, full_name="Samira O.", phone="07700 900123")
    ReturnToWorkConversation.objects.create(
        peer=duplicate, absence_from=DAY, absence_to=DAY, held_on=DAY, held_by=w.line_manager
    )
    client.force_login(w.administrator)
    changelist = reverse("admin:programmes_peer_changelist")
    selected = {"action": "merge_two_records", ACTION_CHECKBOX_NAME: [w.peer.pk, duplicate.pk]}

    page = client.post(changelist, selected)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Which record to keep" in text and "Return to work conversations: 1" in text
    assert Peer.objects.filter(pk=duplicate.pk).exists()  # nothing happens before the confirmation

    done = client.post(changelist, {**selected, "confirm": "yes", "keep": w.peer.pk}, follow=True)
    assert f"Samira O. (#{duplicate.pk}) merged into Samira Okafor" in done.content.decode()
    assert not Peer.objects.filter(pk=duplicate.pk).exists()
    assert ReturnToWorkConversation.objects.get(held_by=w.line_manager, absence_from=DAY).peer == w.peer
    w.peer.refresh_from_db()
    assert w.peer.phone == "07700 900123"
    assert PeerMerge.objects.get().merged_by == w.administrator


def test_the_admin_action_needs_exactly_two_and_reports_a_conflict(client, workforce):
    w = workforce
    client.force_login(w.administrator)
    changelist = reverse("admin:programmes_peer_changelist")
    one = client.post(changelist, {"action": "merge_two_records", ACTION_CHECKBOX_NAME: [w.peer.pk]}, follow=True)
    assert "Select exactly two records" in one.content.decode()
    # Both have a Wellness Action Plan: refused, named, nothing merged.
    selected = {"action": "merge_two_records", ACTION_CHECKBOX_NAME: [w.peer.pk, w.colleague.pk]}
    refused = client.post(changelist, {**selected, "confirm": "yes", "keep": w.peer.pk}, follow=True)
    text = refused.content.decode()
    assert "Nothing was merged." in text and "Wellness action plan" in text
    assert Peer.objects.filter(pk=w.colleague.pk).exists()


def test_the_duplicates_list_links_to_the_two_records(client, world):
    keep = factories.PeerFactory(trust=world.trust, full_name="Ann Lee", email="ann@example.nhs.uk")
    duplicate = factories.PeerFactory(trust=world.trust, full_name="Ann Lee", email="")
    PeerEmailDuplicate.objects.create(
        peer=duplicate, same_as=keep, email="Ann@example.nhs.uk", found_at=datetime.datetime.now(datetime.UTC)
    )
    client.force_login(world.administrator)
    text = client.get(reverse("admin:programmes_peeremailduplicate_changelist")).content.decode()
    assert "Ann@example.nhs.uk" in text
    assert f"?id__in={keep.pk},{duplicate.pk}" in text
    assert (
        client.get(reverse("admin:programmes_peer_changelist") + f"?id__in={keep.pk},{duplicate.pk}").status_code == 200
    )
