"""The admin of the career pathway and the competency framework: every model there, with history where kept."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

import development.admin_pathway  # noqa: F401  (registers the models, whether or not admin.py imports it)
from development.models import (
    CareerLevel,
    CompetencyAssessment,
    CompetencyDescriptor,
    CompetencyDomain,
    CompetencyFramework,
    Progression,
)


@pytest.mark.parametrize("model", [Progression, CompetencyAssessment])
def test_models_with_history_use_the_history_admin(model):
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


@pytest.mark.parametrize("model", [CareerLevel, CompetencyFramework, CompetencyDomain])
def test_reference_models_are_in_the_admin(model):
    assert model in admin.site._registry


def test_the_admin_pages_open(client, development):
    w = development
    client.force_login(w.administrator)
    for url in [
        reverse("admin:development_careerlevel_changelist"),
        reverse("admin:development_careerlevel_change", args=[w.level_senior.pk]),
        reverse("admin:development_progression_change", args=[w.progression.pk]),
        reverse("admin:development_competencyframework_change", args=[w.framework.pk]),
        reverse("admin:development_competencydomain_change", args=[w.domain.pk]),
        reverse("admin:development_competencyassessment_change", args=[w.assessment.pk]),
        reverse("admin:development_progression_history", args=[w.progression.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:development_competencydomain_change", args=[w.domain.pk])).content.decode()
    assert CompetencyDescriptor.objects.filter(domain=w.domain).first().text in page
