"""Reviews: recording one (the reviewer is who records it; up to three objectives; bad input beside the
field, nothing saved), the next appraisal a year on, objectives marked achieved, and the list of reviews."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.workforce.world import START
from workforce import services
from workforce.models import EmploymentReview, ReviewObjective

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)


def test_the_line_manager_records_a_review_with_objectives(workforce, client):
    w = workforce
    client.force_login(w.line_manager)
    response = client.post(
        reverse("workforce:review-record", args=[w.review.pk]),
        {
            "held_on": "2026-12-01",
            "progress": "Settled in well; runs the Tuesday group.",
            "support_needed": "Boundaries when sharing her story.",
            "objective_1": "Complete the ImROC training.",
            "target_1": "2027-03-01",
            # Not the review's open "Co-facilitate a recovery college course." again: a plan lists an objective
            # once (issue 17; tests/development/test_plan_no_repeats.py).
            "objective_2": "Lead the Thursday peer support group.",
        },
    )
    assert response.status_code == 302
    w.review.refresh_from_db()
    assert (w.review.held_on, w.review.reviewer) == (datetime.date(2026, 12, 1), w.line_manager)
    assert list(w.review.objectives.values_list("text", flat=True)) == [
        "Co-facilitate a recovery college course.",
        "Complete the ImROC training.",
        "Lead the Thursday peer support group.",
    ]


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"held_on": ""}, "held_on", "Enter the date the review was held."),
        ({"target_1": "2027-01-01"}, "objective_1", "Enter the objective, or clear its target date."),
        (
            {"objective_1": "Shadow the crisis team.", "target_1": "2026-11-01"},
            "objective_1",
            "comes before the review",
        ),
        ({"held_on": "2026-08-01"}, "held_on", "after the placement starts"),
    ],
    ids=["no date", "target without objective", "target before review", "before the start"],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(workforce, client, data, field, message):
    w = workforce
    client.force_login(w.line_manager)
    response = client.post(
        reverse("workforce:review-record", args=[w.review.pk]), {"held_on": "2026-12-01", "progress": "x", **data}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    w.review.refresh_from_db()
    assert w.review.held_on is None and w.review.progress == ""
    assert w.review.objectives.count() == 1


def test_holding_the_appraisal_schedules_the_next_one_a_year_after_it_was_due(workforce):
    w = workforce
    appraisal = w.placement.reviews.get(kind=EmploymentReview.Kind.APPRAISAL)
    services.record_review(review=appraisal, by=w.line_manager, held_on=datetime.date(2027, 9, 20))
    services.record_review(review=appraisal, by=w.line_manager, held_on=datetime.date(2027, 9, 21))  # corrected
    appraisals = w.placement.reviews.filter(kind=EmploymentReview.Kind.APPRAISAL).order_by("due_on")
    assert [a.due_on for a in appraisals] == [START.replace(year=2027), START.replace(year=2028)]


def test_no_more_than_three_objectives_at_a_time(workforce):
    w = workforce
    with pytest.raises(ValidationError) as raised:
        services.record_review(
            review=w.review,
            by=w.line_manager,
            held_on=datetime.date(2026, 12, 1),
            objectives=[{"text": f"Objective {i}"} for i in range(4)],
        )
    assert "objectives" in raised.value.message_dict
    assert w.review.objectives.count() == 1


def test_an_objective_is_marked_achieved(workforce, client):
    w = workforce
    client.force_login(w.line_manager)
    url = reverse("workforce:review-objective", args=[w.review.pk, w.objective.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "achieved"})
    assert response.status_code == 302
    w.objective.refresh_from_db()
    assert w.objective.status == ReviewObjective.Status.ACHIEVED
    assert client.post(url, {"status": "nonsense"}).context["form"].errors["status"]


def test_the_supervisor_sees_reviews_but_does_not_record_them(workforce, client):
    w = workforce
    client.force_login(w.supervisor)
    assert client.get(w.review.get_absolute_url()).status_code == 200
    assert client.get(reverse("workforce:review-record", args=[w.review.pk])).status_code == 404
    w.review.refresh_from_db()
    assert w.review.held_on is None


def test_the_review_list_shows_those_due_first_and_filters_held_ones(workforce, client):
    w = workforce
    services.record_review(review=w.review, by=w.line_manager, held_on=datetime.date(2026, 12, 1))
    client.force_login(w.hr_officer)
    rows = list(client.get(reverse("workforce:review-list")).context["object_list"])
    assert rows[-1] == w.review  # held, so after every review still due
    assert [r.due_on for r in rows[:-1]] == sorted(r.due_on for r in rows[:-1])
    held = client.get(reverse("workforce:review-list"), {"status": "held"}).context["object_list"]
    assert list(held) == [w.review]
    client.force_login(w.peer_worker)
    own = client.get(reverse("workforce:review-list")).context["object_list"]
    assert {r.placement_id for r in own} == {w.placement.pk}
