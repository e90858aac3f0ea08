"""Seed 004's accreditation options as reference data on training courses, and its learning for training courses
(peer networks, after-care for trained peers, train-the-trainer) on the training pages (issue 17 items 2 and 6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programmes import services
from programmes.models import ReferenceItem, TrainingCourse
from programmes.nations import Nation

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

SEED = next(Path("/work/shared/seeds").glob("004_*.txt"))
Kind = ReferenceItem.Kind


def source_options() -> list[str]:
    """The bullets under "3. Courses/models/qualifications", without the list's own punctuation ("; and")."""
    text = SEED.read_text(encoding="utf-8")
    section = text[text.index("3. Courses/models/qualifications") :]
    section = section[: section.index("ANNEX A")]
    bullets = [line[2:] for line in section.splitlines() if line.startswith("- ")]
    return [re.sub(r"\s*;\s*(and)?\s*$|\.$", "", bullet).strip() for bullet in bullets]


def words(text: str) -> str:
    return " ".join(text.split())


def options() -> list[ReferenceItem]:
    return list(ReferenceItem.objects.filter(kind=Kind.ACCREDITATION_OPTION).order_by("number"))


@pytest.mark.django_db
def test_the_accreditation_options_are_the_sources_words_in_its_order():
    expected = source_options()
    assert len(expected) == 6
    assert [option.text for option in options()] == expected
    assert all(option.source.startswith("Scottish conference outcomes") for option in options())
    assert options()[0].title in words(SEED.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_only_the_scottish_qualification_is_kept_for_scottish_trusts():
    scottish = [option.text for option in options() if option.details.get("scotland_only")]
    assert len(scottish) == 1 and "SVQ3" in scottish[0] and "(SQA)" in scottish[0]


def sqa() -> ReferenceItem:
    return ReferenceItem.objects.get(kind=Kind.ACCREDITATION_OPTION, details__scotland_only=True)


def wrap() -> ReferenceItem:
    return ReferenceItem.objects.get(kind=Kind.ACCREDITATION_OPTION, text__startswith="Wellness Recovery")


def course(trust, option) -> TrainingCourse:
    return services.create_record(
        TrainingCourse,
        by=None,
        trust=trust,
        name="Peer support worker training",
        provider="The trust",
        length="10 days",
        accreditation_option=option,
    )


def test_a_scottish_trusts_course_records_sqa_accreditation(world):
    services.update_trust(trust=world.trust, by=None, nation=Nation.SCOTLAND)
    recorded = course(world.trust, sqa())
    assert recorded.accreditation_shown == sqa().text


def test_an_english_trusts_course_is_refused_sqa_accreditation_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as refused:
        course(world.trust, sqa())
    assert "Scottish trusts" in refused.value.message_dict["accreditation_option"][0]
    assert not TrainingCourse.objects.filter(trust=world.trust).exists()
    assert course(world.trust, wrap()).accreditation_option == wrap()


def test_the_course_form_offers_sqa_only_where_the_trust_is_scottish(client, world):
    client.force_login(world.peer_lead)
    english = client.get(reverse("programmes:course-create")).content.decode()
    assert "Wellness Recovery Action Plan (WRAP)" in english
    assert "Scottish Qualifications Authority" not in english
    services.update_trust(trust=world.trust, by=None, nation=Nation.SCOTLAND)
    scottish = client.get(reverse("programmes:course-create")).content.decode()
    assert "Scottish Qualifications Authority (SQA)" in scottish


def test_the_course_page_shows_its_accreditation_and_cites_the_conference(client, world):
    services.update_trust(trust=world.trust, by=None, nation=Nation.SCOTLAND)
    recorded = course(world.trust, sqa())
    client.force_login(world.peer_lead)
    page = client.get(recorded.get_absolute_url()).content.decode()
    assert "minimum of SVQ3" in page and "Scottish conference outcomes" in page
    assert "Seed 00" not in page and "seed 00" not in page


def test_the_course_is_shown_with_its_accreditation_where_a_training_record_chooses_it(world):
    from development.forms_training import TrainingRecordForm

    recorded = course(world.trust, wrap())
    form = TrainingRecordForm(peer=world.peer)
    labels = dict(form.fields["course"].choices)
    assert labels[recorded.pk] == "Peer support worker training (Wellness Recovery Action Plan (WRAP))"


# --- The conference's learning on the training pages ------------------------------------------------------------


@pytest.mark.django_db
def test_the_learning_is_quoted_word_for_word_from_the_conference_outcomes():
    learning = list(ReferenceItem.objects.filter(kind=Kind.TRAINING_LEARNING).order_by("number"))
    source = words(SEED.read_text(encoding="utf-8"))
    assert {item.code for item in learning} >= {"peer_networks", "after_care", "train_the_trainer"}
    for item in learning:
        assert words(item.text) in source, item.code
        assert item.source.startswith("Scottish conference outcomes")


@pytest.mark.parametrize("page", ["list", "detail"])
def test_the_training_pages_show_the_learning_cited_by_title(client, world, page):
    client.force_login(world.peer_lead)
    if page == "list":
        url = reverse("programmes:course-list")
    else:
        url = TrainingCourse.objects.filter(trust__isnull=True).order_by("pk").first().get_absolute_url()
    html = client.get(url).content.decode()
    for heading in ("Peer networks", "After-care for trained peers", "Train the trainer"):
        assert heading in html
    assert "a peer support network should be set up" in html
    assert "Source: Scottish conference outcomes" in html
    assert "Seed 00" not in html
