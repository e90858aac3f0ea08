"""The admin for recruitment: every model there, the stage never edited by hand (only the pipeline's
service moves it), the record of transitions read-only, and OH and DBS reads logged."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from programmes.models import SensitiveAccessLog
from recruitment import models
from recruitment.models import Application, StageTransition

pytestmark = pytest.mark.shared_world  # one recruitment world for the module (tests/shared_world.py)

Stage = Application.Stage


def test_every_recruitment_model_is_in_the_admin():
    from django.apps import apps

    registered = set(admin.site._registry)
    missing = [
        m.__name__
        for m in apps.get_app_config("recruitment").get_models()
        if not m.__name__.startswith("Historical") and m not in registered
    ]
    assert not missing


def test_the_application_change_form_shows_the_stage_but_cannot_change_it(client, recruitment):
    client.force_login(recruitment.administrator)
    url = reverse("admin:recruitment_application_change", args=[recruitment.application.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="stage"' not in html
    assert "Conditional offer" in html
    assert "stage" in admin.site._registry[Application].get_readonly_fields(response.wsgi_request)


def test_reverting_an_application_to_an_old_version_is_disabled(rf, recruitment):
    request = rf.get("/")
    request.user = recruitment.administrator
    assert admin.site._registry[Application].revert_disabled(request, recruitment.application)


def test_the_admin_action_moves_applications_through_the_service(client, recruitment):
    client.force_login(recruitment.administrator)
    url = reverse("admin:recruitment_application_changelist")
    before = StageTransition.objects.count()
    response = client.post(
        url,
        {
            "action": "move_to_not_appointed",
            "_selected_action": [recruitment.application.pk, recruitment.unsuccessful.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    recruitment.application.refresh_from_db()
    recruitment.unsuccessful.refresh_from_db()
    assert recruitment.application.stage == Stage.NOT_APPOINTED
    assert recruitment.unsuccessful.stage == Stage.WITHDRAWN  # an ended application is refused
    assert StageTransition.objects.count() == before + 1
    messages = [str(m) for m in response.context["messages"]]
    assert any("its stage cannot change" in m for m in messages)
    assert models.CandidateSupport.objects.filter(application=recruitment.application).exists()


def test_stage_transitions_are_read_only_in_the_admin(client, recruitment):
    client.force_login(recruitment.administrator)
    transition = StageTransition.objects.filter(application=recruitment.application).first()
    assert client.get(reverse("admin:recruitment_stagetransition_changelist")).status_code == 200
    assert client.get(reverse("admin:recruitment_stagetransition_add")).status_code == 403
    client.post(
        reverse("admin:recruitment_stagetransition_change", args=[transition.pk]),
        {"to_stage": Stage.APPOINTED},
    )
    transition.refresh_from_db()
    assert transition.to_stage != Stage.APPOINTED
    assert client.post(reverse("admin:recruitment_stagetransition_delete", args=[transition.pk])).status_code == 403


def test_reading_oh_or_dbs_in_the_admin_is_logged(client, recruitment):
    client.force_login(recruitment.administrator)
    oh, dbs = recruitment.occupational_health, recruitment.dbs_check
    assert client.get(reverse("admin:recruitment_occupationalhealthreferral_change", args=[oh.pk])).status_code == 200
    assert client.get(reverse("admin:recruitment_dbscheck_change", args=[dbs.pk])).status_code == 200
    assert list(
        SensitiveAccessLog.objects.order_by("pk").values_list(
            "user__username", "peer__full_name", "record_type", "object_id", "channel"
        )
    ) == [
        ("administrator", "Chris Bell", "occupational_health", str(oh.pk), "admin"),
        ("administrator", "Chris Bell", "dbs", str(dbs.pk), "admin"),
    ]
