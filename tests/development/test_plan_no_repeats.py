"""A development plan lists an objective once (issue 17): adding or rewording an objective to one already open in
the plan (its own, or one set at a review; case and spacing do not count) is refused with a message beside the
field, and a review refuses to set an objective the peer already has open. Once achieved, it may be set again."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from development import services_training as services
from development.models import DevelopmentObjective
from workforce import services as workforce_services
from workforce.models import EmploymentReview, ReviewObjective

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def test_an_objective_already_open_in_the_plan_is_refused_beside_the_field(development, client):
    w = development
    before = DevelopmentObjective.objects.count()
    for text in (w.own_objective.text.upper(), f"  {w.objective.text.lower()}  ", w.gap_objective.text):
        with pytest.raises(ValidationError) as error:
            services.add_development_objective(by=w.peer_worker, peer=w.peer, text=text)
        assert "already open in the plan" in " ".join(error.value.message_dict["text"])
    assert DevelopmentObjective.objects.count() == before
    client.force_login(w.peer_worker)
    response = client.post(
        reverse("development:objective-create", args=[w.peer.pk]),
        {"text": "co-FACILITATE a   recovery college course.", "source": "own_wish", "target_on": ""},
    )
    assert response.status_code == 200
    assert "already open in the plan" in " ".join(response.context["form"].errors["text"])
    assert DevelopmentObjective.objects.count() == before


def test_another_peers_objective_or_an_achieved_one_is_no_repeat(development):
    w = development
    services.add_development_objective(by=w.hr_officer, peer=w.colleague, text=w.own_objective.text)
    workforce_services.set_objective_status(objective=w.objective, by=w.line_manager, status="achieved")
    again = services.add_development_objective(by=w.peer_worker, peer=w.peer, text=w.objective.text)
    assert again.status == DevelopmentObjective.Status.OPEN


def test_rewording_an_objective_into_another_open_one_is_refused(development):
    w = development
    with pytest.raises(ValidationError) as error:
        services.update_development_objective(
            objective=w.own_objective, by=w.peer_worker, status="open", text=w.objective.text
        )
    assert "text" in error.value.message_dict
    w.own_objective.refresh_from_db()
    assert w.own_objective.text != w.objective.text


def test_a_review_does_not_set_an_objective_the_peer_already_has_open(development):
    w = development
    review = w.placement.reviews.get(kind=EmploymentReview.Kind.SIX_MONTH)
    before = ReviewObjective.objects.count()
    with pytest.raises(ValidationError) as error:
        workforce_services.record_review(
            review=review,
            by=w.line_manager,
            held_on=TODAY,
            objectives=[{"text": w.objective.text.upper(), "target_on": None}],
        )
    assert "already an open objective" in " ".join(error.value.message_dict["objectives"])
    assert ReviewObjective.objects.count() == before
    review.refresh_from_db()
    assert review.held_on is None


def test_the_review_form_shows_the_repeat_beside_the_objective(development, client):
    w = development
    review = w.placement.reviews.get(kind=EmploymentReview.Kind.SIX_MONTH)
    client.force_login(w.line_manager)
    response = client.post(
        reverse("workforce:review-record", args=[review.pk]),
        {"held_on": "2026-11-20", "objective_1": "CO-FACILITATE a recovery college course."},
    )
    assert response.status_code == 200
    assert "already an open objective" in " ".join(response.context["form"].errors["objective_1"])
    review.refresh_from_db()
    assert review.held_on is None
