"""The recovery-focused language check everywhere people write about people: the checker (pairs that carry their
context, the occupational-health advice on health criteria), the advice after saving and while typing on each
form, and that language never stops a save."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from development.models import DevelopmentObjective
from programmes import language
from programmes.models import ReferenceItem
from programmes.reference_data import REFERENCE_DIR
from recruitment.models import Vacancy
from tests.programmes.test_preparation_views import give_post_a_job_description, jd_edit_page
from tests.recruitment.test_advert_views import advert_data
from workforce.models import SupervisionSession

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("development")]

SEEDS = Path("/work/shared/seeds")
SEED_002 = "002_9c1904ad6ede903d.txt"  # Raising the glass ceiling
JS = Path(settings.BASE_DIR) / "static" / "js" / "language_check.js"
OCCUPATIONAL_HEALTH = "Fitness for the role is judged by occupational health"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def flagged(text: str) -> dict[str, language.LanguageAdvice]:
    return {a.deficit_based: a for a in language.check(text)}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def language_message(response) -> str:
    said = [m for m in messages_of(response) if m.startswith("Recovery-focused language")]
    assert len(said) == 1, messages_of(response)
    return said[0]


# --- The checker ----------------------------------------------------------------------------------


def test_noncompliant_is_flagged_with_the_toolkits_alternatives():
    advice = flagged("He was noncompliant again.")["Noncompliant"]

    assert (advice.found, advice.confidence) == ("noncompliant", language.HIGH)
    assert "Not in agreement with the treatment plan" in advice.strengths_based


@pytest.mark.parametrize(
    "text",
    [
        "Support staff to enable them to develop.",
        "Enabling them to participate in roles, relationships and activities.",
        "The training enabled me to begin volunteering.",
    ],
)
def test_enable_in_its_ordinary_sense_is_not_flagged(text):
    assert language.check(text) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("Staff were enabling their drinking.", "enabling their drinking"),
        ("We talked about enabling behaviour at home.", "enabling behaviour"),
        ("Her brother is an enabler.", "enabler"),
    ],
)
def test_enable_in_its_addiction_sense_is_flagged(text, found):
    advice = flagged(text)["Enable"]

    assert (advice.found, advice.confidence) == (found, language.HIGH)
    assert advice.strengths_based == [
        "Empower the individual through empathy, emotional authenticity, and encouragement"
    ]


@pytest.mark.parametrize(
    "criterion",
    ["Good health record", "Good sickness record", "good sickness absence record", "No history of mental illness"],
)
def test_a_health_criterion_gets_the_occupational_health_advice_citing_raising_the_glass_ceiling(criterion):
    [advice] = language.check(criterion)

    assert advice.found.lower() == criterion.lower()
    assert advice.note.startswith(OCCUPATIONAL_HEALTH)
    assert "Raising the glass ceiling" in advice.note and "Requirements for entry-level posts" in advice.note
    assert "seed" not in advice.note.lower() and ".txt" not in advice.note


def test_the_occupational_health_quotation_is_the_sources_words():
    data = json.loads((REFERENCE_DIR / "recovery_language.json").read_text(encoding="utf-8"))
    seed = (SEEDS / SEED_002).read_text(encoding="utf-8")

    quote = data["selection_criteria"]["quote"]
    assert quote in seed
    assert "Decision making on fitness to practise needs to sit firmly within occupational health" in quote
    assert "Requirements for entry-level posts" in seed


def test_a_word_with_ordinary_senses_is_a_low_confidence_suggestion():
    advice = flagged("Most patients see the team monthly.")["Patient (in mental health community)"]

    assert advice.confidence == language.LOW and advice.is_low_confidence
    assert "Check the sense" in advice.sentence()


def test_each_advice_names_its_field():
    advice = language.check_fields([("Themes", "Boundaries."), ("Actions", "Follow up: noncompliant with meds.")])

    assert {(a.field, a.deficit_based) for a in advice} == {
        ("Actions", "Noncompliant"),
        ("Actions", "Non-compliant with medications/treatment"),
    }
    assert all(a.sentence().startswith("Actions: \u201cnoncompliant") for a in advice)


def test_the_loaded_pairs_carry_their_context():
    enable = ReferenceItem.objects.get(kind=ReferenceItem.Kind.RECOVERY_LANGUAGE, title="Enable")
    criterion = ReferenceItem.objects.get(kind=ReferenceItem.Kind.RECOVERY_LANGUAGE, title="Good health record")

    assert enable.details["match"] and enable.details["context"].startswith("Local choice")
    assert criterion.details["selection_criterion"] is True
    assert criterion.source.startswith("Local choice") and "Raising the glass ceiling" in criterion.source


# --- Where people write about people: advice after saving and while typing -------------------------


def assert_checked_while_typing(html: str, *names: str) -> None:
    for name in names:
        assert re.search(rf'<[^>]*name="{name}"[^>]*data-language-check|data-language-check[^>]*name="{name}"', html)
    assert 'id="language-rules"' in html and "js/language_check.js" in html
    rules = json.loads(unescape(re.search(r'data-language-rules="([^"]*)"', html).group(1)))
    assert any(rule["deficit_based"] == "Noncompliant" for rule in rules)


def session_data(w, **overrides) -> dict:
    return {
        "kind": "peer",
        "format": "individual",
        "status": "held",
        "date": "2026-11-20",
        "duration_minutes": 60,
        "supervisor": w.supervisor.pk,
        "attendees": [w.peer.pk],
        "themes": "Using your story with purpose.",
        "actions": "",
        **overrides,
    }


def test_noncompliant_in_a_supervision_action_is_advised_on_and_the_session_saved(client, workforce):
    w = workforce
    client.force_login(w.supervisor)
    page = client.get(reverse("workforce:supervision-create"))
    assert_checked_while_typing(page.content.decode(), "themes", "actions")

    response = client.post(
        reverse("workforce:supervision-create"),
        session_data(w, actions="Talk with the care coordinator: noncompliant with the plan."),
        follow=True,
    )

    assert SupervisionSession.objects.filter(actions__contains="noncompliant").count() == 1
    said = language_message(response)
    assert "Actions: \u201cnoncompliant\u201d" in said and "Not in agreement with the treatment plan" in said
    assert "Themes" not in said


def test_supervision_themes_in_recovery_focused_words_get_no_advice(client, workforce):
    w = workforce
    client.force_login(w.supervisor)

    response = client.post(
        reverse("workforce:supervision-create"),
        session_data(w, themes="Support staff to enable them to develop."),
        follow=True,
    )

    assert SupervisionSession.objects.filter(themes__startswith="Support staff").exists()
    assert not [m for m in messages_of(response) if m.startswith("Recovery-focused language")]


def test_noncompliant_in_an_advert_is_advised_on_and_the_vacancy_saved(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    page = client.get(reverse("recruitment:vacancy-create"))
    assert_checked_while_typing(page.content.decode(), "introduction", "essential_criteria")

    response = client.post(
        reverse("recruitment:vacancy-create"),
        advert_data(w, introduction="Support people who are noncompliant with their plans."),
        follow=True,
    )

    assert Vacancy.objects.filter(reference="NS-PSW-02").exists()
    said = language_message(response)
    assert "\u201cnoncompliant\u201d" in said and "Not in agreement with the treatment plan" in said
    edit = client.get(reverse("recruitment:vacancy-update", args=[Vacancy.objects.get(reference="NS-PSW-02").pk]))
    [advice] = edit.context["language_advice"]
    assert (advice.deficit_based, advice.field) == ("Noncompliant", edit.context["form"].fields["introduction"].label)


def test_good_health_record_in_a_person_specification_gets_the_occupational_health_advice(client, world):
    client.force_login(world.hr_officer)
    jd = give_post_a_job_description(world)
    page, data = jd_edit_page(client, world.post)
    assert_checked_while_typing(page.content.decode(), "role_context", "criteria-0-essential")
    data.update({"criteria-0-attribute": "Health", "criteria-0-essential": "Good health record"})

    saved = client.post(reverse("programmes:post-jd-update", args=[world.post.pk]), data, follow=True)

    jd.refresh_from_db()
    assert jd.version == 2
    assert "Good health record" in jd.person_specification.values_list("essential", flat=True)
    advice = [a for a in saved.context["language_advice"] if a.deficit_based == "Good health record"]
    assert [a.field for a in advice] == ["Person specification, Health, essential criteria"]
    html = unescape(saved.content.decode())
    assert "Person specification, Health, essential criteria: " in html and OCCUPATIONAL_HEALTH in html
    assert "Raising the glass ceiling" in html


def test_the_job_description_form_advises_on_what_was_typed_naming_the_row(client, world):
    client.force_login(world.hr_officer)
    give_post_a_job_description(world)
    _, data = jd_edit_page(client, world.post)
    data.update({"criteria-0-desirable": "No history of mental illness", "criteria-0-essential_weight": "11"})

    refused = client.post(reverse("programmes:post-jd-update", args=[world.post.pk]), data)

    assert refused.status_code == 200  # refused for the weight, never for the words
    [advice] = [a for a in refused.context["language_advice"] if a.deficit_based == "No history of mental illness"]
    assert advice.field == "Person specification row 1, desirable criteria"


def test_a_review_objective_with_deficit_wording_is_saved_with_advice(client, workforce):
    w = workforce
    client.force_login(w.line_manager)
    page = client.get(reverse("workforce:review-record", args=[w.review.pk]))
    assert_checked_while_typing(page.content.decode(), "progress", "objective_1")

    response = client.post(
        reverse("workforce:review-record", args=[w.review.pk]),
        {"held_on": "2026-11-20", "progress": "Settled in well.", "objective_1": "Work with noncompliant clients."},
        follow=True,
    )

    assert w.review.objectives.filter(text="Work with noncompliant clients.").exists()
    assert "Objective 1: \u201cnoncompliant\u201d" in language_message(response)


def test_a_development_objective_with_deficit_wording_is_saved_with_advice(client, development):
    w = development
    client.force_login(w.supervisor)
    url = reverse("development:objective-create", args=[w.peer.pk])
    assert_checked_while_typing(client.get(url).content.decode(), "text")

    response = client.post(url, {"text": "Run a group for unmotivated people", "source": "supervision"}, follow=True)

    assert DevelopmentObjective.objects.filter(text="Run a group for unmotivated people").exists()
    said = language_message(response)
    assert "\u201cunmotivated\u201d" in said and "Working towards achieving their goals" in said


def test_candidate_feedback_with_deficit_wording_is_saved_with_advice(client, recruitment):
    w = recruitment
    client.force_login(w.peer_lead)
    url = reverse("recruitment:application-outcome", args=[w.application.pk])
    assert_checked_while_typing(client.get(url).content.decode(), "feedback")

    response = client.post(
        url, {"presentation_notes": "Spoke about recovery.", "feedback": "Seemed grandiose at times."}, follow=True
    )

    w.application.refresh_from_db()
    assert w.application.feedback == "Seemed grandiose at times."
    assert "Feedback to the applicant: \u201cgrandiose\u201d" in language_message(response)


def test_the_language_guide_shows_the_health_criteria_with_their_source(client, world):
    client.force_login(world.hr_officer)

    html = unescape(client.get(reverse("programmes:recovery-language")).content.decode())

    assert "Selection criteria about health" in html and "Good health record" in html
    assert "Decision making on fitness to practise needs to sit firmly within occupational health" in html
    assert "Raising the glass ceiling" in html and SEED_002 not in html
