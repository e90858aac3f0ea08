"""The vacancy review log: each vacancy considered for conversion to a peer post, the decision and the reason,
who decided and when; converting creates the peer post at once (funded as converted from the vacancy) in the
same transaction; each refusal says what to do beside the field and saves nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from development.models import VacancyReview
from development.services_growth import record_vacancy_review
from programmes.models import Post
from tests import factories

NOON = datetime.datetime(2027, 2, 1, 12, tzinfo=datetime.UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("development")]
Decision = VacancyReview.Decision


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOON)


def review(w, **fields):
    data = {
        "by": w.peer_lead,
        "programme": w.programme,
        "team": w.team,
        "vacancy": "Healthcare Assistant",
        "band": 3,
        "hours": Decimal("22.5"),
        "considered_on": datetime.date(2027, 1, 20),
        "decision": Decision.CONVERT,
        "reason": "A peer/healthcare assistant post: the same work done differently.",
    }
    return record_vacancy_review(**{**data, **fields})


def test_converting_with_a_new_post_creates_the_peer_post_linked_to_the_review(development):
    w = development
    made = review(w, create_post=True, post_title="Peer Support Worker (HCA conversion)")
    post = made.new_post
    assert (post.team, post.title, post.band, post.hours) == (w.team, "Peer Support Worker (HCA conversion)", 3, 22.5)
    assert (post.funding, post.converted_from, post.career_level) == (
        Post.Funding.CONVERTED,
        "Healthcare Assistant",
        Post.CareerLevel.PEER_SUPPORT_WORKER,
    )
    assert post.is_vacant
    assert (made.decided_by, made.considered_on) == (w.peer_lead, datetime.date(2027, 1, 20))
    assert made.history.get().history_user == w.peer_lead
    assert post.history.get().history_user == w.peer_lead


def test_the_new_post_may_differ_from_the_vacancy(development):
    made = review(
        development,
        create_post=True,
        post_title="Senior Peer Support Worker",
        post_band=4,
        post_hours=Decimal("37.5"),
        post_level=Post.CareerLevel.SENIOR_PEER_SUPPORT_WORKER,
    )
    assert (made.new_post.band, made.new_post.hours, made.new_post.career_level) == (4, 37.5, "senior_psw")


@pytest.mark.parametrize("decision", [Decision.KEEP, Decision.DEFER])
def test_keeping_or_deferring_is_logged_without_a_post(development, decision):
    made = review(development, decision=decision, reason="The role needs a registered nurse.")
    assert made.new_post is None and made.decision == decision


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"decision": Decision.KEEP, "create_post": True, "post_title": "PSW"},
            "create_post",
            "only when the decision",
        ),
        ({"create_post": True}, "post_title", "Give the new peer post's title."),
        ({"create_post": True, "post_title": "PSW", "band": None}, "post_band", "band"),
        ({"create_post": True, "post_title": "PSW", "hours": None}, "post_hours", "hours per week"),
        ({"create_post": True, "post_title": "PSW", "post_hours": Decimal("40")}, "post_hours", "at most 37.5"),
        ({"create_post": True, "post_title": "PSW", "post_level": "pre_peer"}, "post_level", "not a peer post"),
        ({"hours": Decimal("0")}, "hours", "more than 0"),
        ({"considered_on": datetime.date(2027, 3, 1)}, "considered_on", "up to today"),
        ({"reason": ""}, "reason", "cannot be blank"),
        ({"vacancy": ""}, "vacancy", "cannot be blank"),
    ],
    ids=[
        "post-without-conversion",
        "no-title",
        "no-band",
        "no-hours",
        "too-many-hours",
        "pre-peer-post",
        "zero-hours",
        "future",
        "no-reason",
        "no-vacancy",
    ],
)
def test_each_refusal_names_its_field_and_saves_nothing(development, fields, field, message):
    w = development
    posts, reviews = Post.objects.count(), VacancyReview.objects.count()
    with pytest.raises(ValidationError) as error:
        review(w, **fields)
    assert any(message in m for m in error.value.message_dict[field]), error.value.message_dict
    assert (Post.objects.count(), VacancyReview.objects.count()) == (posts, reviews)


def test_a_team_of_another_trust_is_refused(development):
    w = development
    with pytest.raises(ValidationError) as error:
        review(w, team=w.other_trust_team, create_post=True, post_title="PSW")
    assert "the programme's trust" in error.value.message_dict["team"][0]
    assert not Post.objects.filter(team=w.other_trust_team, funding=Post.Funding.CONVERTED).exists()


def test_a_refused_post_leaves_no_review_behind(development, monkeypatch):
    """The post and the review are saved in one transaction: when the post is refused, nothing is saved."""
    w = development
    from programmes import services as programme_services

    def refuse(**kwargs):
        raise ValidationError({"title": "A post with this title is already being created."})

    monkeypatch.setattr(programme_services, "create_post", refuse)
    reviews = VacancyReview.objects.count()
    with pytest.raises(ValidationError) as error:
        review(w, create_post=True, post_title="PSW")
    assert error.value.message_dict == {"post_title": ["A post with this title is already being created."]}
    assert VacancyReview.objects.count() == reviews


# --- Pages --------------------------------------------------------------------------------------------


def form_data(w, **fields):
    return {
        "programme": w.programme.pk,
        "team": w.team.pk,
        "vacancy": "Healthcare Assistant",
        "band": "3",
        "hours": "22.5",
        "considered_on": "2027-01-20",
        "decision": "convert",
        "reason": "The same work done differently.",
        "post_level": "psw",
        **fields,
    }


def test_the_peer_lead_logs_a_conversion_and_creates_the_post_from_the_form(development, client):
    w = development
    client.force_login(w.peer_lead)
    url = reverse("development:vacancy-review-create")
    page = client.get(url)
    assert page.context["form"].initial["programme"] == w.programme  # the only programme: chosen already
    response = client.post(url, form_data(w, create_post="on", post_title="Peer Support Worker"))
    made = VacancyReview.objects.get(vacancy="Healthcare Assistant")
    assert response.status_code == 302 and response.url == reverse("development:vacancy-review-detail", args=[made.pk])
    assert (made.new_post.title, made.new_post.band, made.new_post.hours) == ("Peer Support Worker", 3, 22.5)
    detail = client.get(response.url).content.decode()
    assert made.new_post.get_absolute_url() in detail and "Convert to a peer post" in detail


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"decision": "keep", "create_post": "on", "post_title": "PSW"}, "create_post", "only when the decision"),
        ({"create_post": "on", "post_title": ""}, "post_title", "Give the new peer post's title."),
        ({"reason": ""}, "reason", "Enter the reason for the decision."),
        ({"decision": ""}, "decision", "Choose the decision."),
        ({"considered_on": "2027-02-02"}, "considered_on", "up to today"),
    ],
    ids=["post-without-conversion", "no-title", "no-reason", "no-decision", "future"],
)
def test_bad_input_on_the_form_is_shown_beside_the_field(development, client, fields, field, message):
    w = development
    client.force_login(w.peer_lead)
    before = (VacancyReview.objects.count(), Post.objects.count())
    response = client.post(reverse("development:vacancy-review-create"), form_data(w, **fields))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in e for e in errors), errors
    assert escape(message.split(".")[0]) in response.content.decode()  # shown on the page, beside the field
    assert (VacancyReview.objects.count(), Post.objects.count()) == before


def test_the_list_filters_by_decision_and_team(development, client):
    w = development
    review(w, vacancy="Ward clerk", decision=Decision.KEEP, reason="Admin role.", team=w.other_team)
    client.force_login(w.hr_officer)
    url = reverse("development:vacancy-review-list")
    everything = client.get(url)
    assert {r.vacancy for r in everything.context["object_list"]} == {"Support Time Recovery Worker", "Ward clerk"}
    kept = client.get(url, {"decision": "keep"})
    assert [r.vacancy for r in kept.context["object_list"]] == ["Ward clerk"]
    riverside = client.get(url, {"team": w.team.pk})
    assert [r.vacancy for r in riverside.context["object_list"]] == ["Support Time Recovery Worker"]


def test_another_trusts_staff_see_an_empty_log(development, client):
    client.force_login(development.other_trust_staff)
    response = client.get(reverse("development:vacancy-review-list"))
    assert list(response.context["object_list"]) == []
    assert "No vacancy reviews yet." in response.content.decode()


def test_another_trusts_review_is_theirs_alone(development, client):
    w = development
    other = factories.ProgrammeFactory(trust=w.other_trust)
    made = review(
        w, by=w.other_trust_staff, programme=other, team=w.other_trust_team, create_post=True, post_title="PSW"
    )
    client.force_login(w.administrator)
    response = client.get(reverse("development:vacancy-review-detail", args=[made.pk]))
    assert response.context["new_post_visible"]
    client.force_login(w.other_trust_staff)
    assert client.get(reverse("development:vacancy-review-detail", args=[made.pk])).context["new_post_visible"]
    client.force_login(w.peer_lead)
    assert client.get(reverse("development:vacancy-review-detail", args=[made.pk])).status_code == 404
