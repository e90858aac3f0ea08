"""Every row of a job description names where its words come from (issue 17 item 1): the library's rows carry the
source their reference file gives them, a post's copy keeps it, and a row the organisation adds or changes says so.
The page and the PDF show it beside the rows; the admin lists it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from programmes import services
from programmes.models import JobDescription, KeyAccountability, PersonSpecificationCriterion
from programmes.models.job_descriptions import LOCAL_CHOICE

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("world")]

BAND_2 = "Peer Support Worker (Band 2)"
FILES = Path(settings.BASE_DIR) / "programmes/reference/job_descriptions"


@pytest.mark.parametrize("path", sorted(FILES.glob("*.json")), ids=lambda p: p.stem)
def test_each_library_row_stores_the_source_its_file_gives_it(path):
    data = json.loads(path.read_text("utf-8"))
    template = JobDescription.objects.get(template_name=data["name"])
    assert [row.source for row in template.accountabilities.all()] == [
        group.get("source", data["source"]) for group in data["key_accountabilities"]
    ]
    assert [row.source for row in template.person_specification.all()] == [
        row.get("source", data["source"]) for row in data["person_specification"]
    ]
    sections = data.get("supplementary_information", [])
    assert bool(template.supplementary_source) == bool(sections)
    for section in sections:
        assert section.get("source", data["source"]) in template.supplementary_source


def test_the_template_page_cites_each_rows_source_by_title(client, world):
    client.force_login(world.hr_officer)
    template = JobDescription.objects.get(template_name=BAND_2)
    page = client.get(template.get_absolute_url()).content.decode()
    assert "Source of the rows below: ImROC guide, Appendix II" in page
    assert "Source of the rows below: ImROC guide, Appendix III" in page
    senior = JobDescription.objects.get(template_name__startswith="Senior Peer Support Worker")
    page = client.get(senior.get_absolute_url()).content.decode()
    assert f"Source of the rows below: {LOCAL_CHOICE}" in page
    assert f"Source of the supplementary information: {LOCAL_CHOICE}" in page


def test_a_posts_copy_keeps_the_sources_and_marks_what_the_organisation_changes(client, world):
    template = JobDescription.objects.get(template_name=BAND_2)
    jd = services.create_job_description_from_template(post=world.post, template=template, by=world.hr_officer)
    risk = jd.accountabilities.get(heading="Risk")
    untouched = jd.accountabilities.exclude(pk=risk.pk).first()
    criterion = jd.person_specification.first()
    assert (
        risk.source
        == template.accountabilities.get(heading="Risk").source
        == "ImROC guide, Appendix II “Job description”"
    )

    services.update_job_description(
        job_description=jd,
        by=world.hr_officer,
        accountabilities=[
            {"id": risk.pk, "duties": risk.duties + "\nTo help people write their own safety plans."},
            {"id": untouched.pk, "order": 9},
            {"heading": "Peer network", "duties": "To take part in the trust's peer network."},
        ],
        criteria=[{"id": criterion.pk, "attribute": criterion.attribute}],
    )

    risk.refresh_from_db()
    untouched.refresh_from_db()
    criterion.refresh_from_db()
    assert risk.source == "Adapted by this organisation from ImROC guide, Appendix II “Job description”"
    assert untouched.source == template.accountabilities.get(heading=untouched.heading).source  # only moved
    assert criterion.source == template.person_specification.get(attribute=criterion.attribute).source
    assert KeyAccountability.objects.get(job_description=jd, heading="Peer network").source == LOCAL_CHOICE
    assert services.adapted_source(risk.source) == risk.source  # adapted once, not "adapted from adapted"

    client.force_login(world.hr_officer)
    page = client.get(reverse("programmes:post-jd-detail", args=[world.post.pk])).content.decode()
    assert "Source of the rows below: Adapted by this organisation from ImROC guide, Appendix II" in page
    assert f"Source of the rows below: {LOCAL_CHOICE}" in page


def test_the_admin_lists_each_rows_source(client, world):
    client.force_login(world.administrator)
    for model in (KeyAccountability, PersonSpecificationCriterion):
        url = reverse(f"admin:programmes_{model._meta.model_name}_changelist")
        assert "ImROC guide, Appendix II" in client.get(url).content.decode()
