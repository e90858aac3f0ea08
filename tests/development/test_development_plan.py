"""The personal development plan: the objectives of reviews and appraisals, the competencies to develop and the
peer's own wishes in one list, open ones first; adding an objective (the peer, or whoever supervises them) and
changing its status (achieved is dated), with history; bad input gets a message beside the field."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from development import services_training as services
from development.models import DevelopmentObjective
from workforce.models import ReviewObjective

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

TODAY = datetime.date(2026, 11, 23)
Status = DevelopmentObjective.Status


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def test_the_plan_lists_every_source_open_ones_first(development, client):
    w = development
    done = ReviewObjective.objects.create(review=w.review, text="Shadow the crisis team.", status="achieved")
    client.force_login(w.peer_worker)
    response = client.get(reverse("development:plan", args=[w.peer.pk]))
    items = response.context["items"]
    assert [i.text for i in items] == [
        # open: by target date (1 March 2027 first), then those without one by when they were set (the wish on
        # 10 November, the review's on its due date, 1 December)
        "Communicates effectively on the telephone.",
        "Co-deliver a recovery college course.",
        "Co-facilitate a recovery college course.",
        done.text,
    ]
    assert [i.source for i in items] == [
        "Competency to develop",
        "The peer's own wish",
        "3-month interim review",
        "3-month interim review",
    ]
    body = response.content.decode()
    assert "My development plan" in body
    # A review's objective is changed at the review: the plan links there.
    assert reverse("workforce:review-detail", args=[w.review.pk]) in body
    assert reverse("development:objective-update", args=[w.own_objective.pk]) in body


def test_a_plan_without_objectives_says_so(development, client):
    w = development
    client.force_login(w.hr_officer)
    response = client.get(reverse("development:plan", args=[w.colleague.pk]))
    assert "No objectives yet." in response.content.decode()


def test_the_peer_adds_their_own_wish(development, client):
    w = development
    client.force_login(w.peer_worker)
    url = reverse("development:objective-create", args=[w.peer.pk])
    assert client.get(url).context["form"].initial["source"] == DevelopmentObjective.Source.OWN_WISH
    response = client.post(url, {"text": "Train as a WRAP facilitator", "source": "own_wish", "target_on": ""})
    assert response.status_code == 302
    objective = DevelopmentObjective.objects.get(text="Train as a WRAP facilitator")
    assert (objective.peer, objective.source, objective.created_on, objective.status) == (
        w.peer,
        "own_wish",
        TODAY,
        Status.OPEN,
    )
    assert objective.history.first().history_user == w.peer_worker


def test_the_supervisor_adds_one_agreed_in_supervision(development, client):
    w = development
    client.force_login(w.supervisor)
    url = reverse("development:objective-create", args=[w.peer.pk])
    assert client.get(url).context["form"].initial["source"] == DevelopmentObjective.Source.SUPERVISION
    client.post(url, {"text": "Lead the Thursday group", "source": "supervision", "target_on": "2027-02-01"})
    assert DevelopmentObjective.objects.get(text="Lead the Thursday group").target_on == datetime.date(2027, 2, 1)


def test_a_competency_gap_is_not_added_by_hand(development, client):
    w = development
    with pytest.raises(ValidationError) as error:
        services.add_development_objective(by=w.supervisor, peer=w.peer, text="X", source="competency_gap")
    assert "source" in error.value.message_dict
    client.force_login(w.supervisor)
    response = client.post(
        reverse("development:objective-create", args=[w.peer.pk]), {"text": "X", "source": "competency_gap"}
    )
    assert response.status_code == 200 and "source" in response.context["form"].errors
    assert not DevelopmentObjective.objects.filter(text="X").exists()


def test_bad_input_gets_a_message_beside_the_field_and_saves_nothing(development, client):
    w = development
    client.force_login(w.peer_worker)
    url = reverse("development:objective-create", args=[w.peer.pk])
    response = client.post(url, {"text": "", "source": "own_wish"})
    assert response.context["form"].errors["text"] == ["Enter the objective."]
    response = client.post(url, {"text": "Learn Makaton", "source": "own_wish", "target_on": "2026-11-01"})
    assert response.context["form"].errors["target_on"] == ["Give a target date from today on."]
    assert not DevelopmentObjective.objects.filter(text="Learn Makaton").exists()


def test_achieved_sets_the_date_and_opening_again_clears_it(development, client):
    w = development
    client.force_login(w.peer_worker)
    url = reverse("development:objective-update", args=[w.own_objective.pk])
    data = {"text": w.own_objective.text, "status": "achieved", "target_on": "", "achieved_on": ""}
    assert client.post(url, data).status_code == 302
    w.own_objective.refresh_from_db()
    assert (w.own_objective.status, w.own_objective.achieved_on) == (Status.ACHIEVED, TODAY)
    client.post(url, {**data, "status": "in_progress"})
    w.own_objective.refresh_from_db()
    assert (w.own_objective.status, w.own_objective.achieved_on) == (Status.IN_PROGRESS, None)
    page = client.get(url).content.decode()
    assert "History" in page and "achieved on" in page.lower()


def test_achieved_in_the_future_is_refused_beside_the_field(development, client):
    w = development
    client.force_login(w.supervisor)
    url = reverse("development:objective-update", args=[w.gap_objective.pk])
    response = client.post(
        url, {"text": w.gap_objective.text, "status": "achieved", "target_on": "", "achieved_on": "2026-12-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["achieved_on"] == ["An objective cannot be achieved in the future."]
    w.gap_objective.refresh_from_db()
    assert w.gap_objective.status == Status.OPEN


def test_achieved_before_it_was_set_is_refused(development):
    w = development
    with pytest.raises(ValidationError) as error:
        services.update_development_objective(
            objective=w.own_objective, by=w.peer_worker, status="achieved", achieved_on=datetime.date(2026, 1, 1)
        )
    assert "achieved_on" in error.value.message_dict


def test_a_colleague_cannot_change_the_peers_plan(development, client):
    w = development
    client.force_login(w.panel_member)
    assert client.get(reverse("development:objective-update", args=[w.own_objective.pk])).status_code == 404
