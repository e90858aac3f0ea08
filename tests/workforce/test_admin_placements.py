"""The admin of placements, induction and reviews: every page opens for administrators, and opening a
placement (which shows its reasonable adjustments) is logged as an occupational health read, channel ADMIN."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmes.models import SensitiveAccessLog
from workforce.models import (
    EmploymentReview,
    EmploymentSettings,
    InductionPlan,
    InductionTemplateItem,
    Placement,
)

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)


def test_opening_a_placement_in_the_admin_is_a_logged_read_of_its_adjustments(workforce, client):
    w = workforce
    client.force_login(w.administrator)
    response = client.get(reverse("admin:workforce_placement_change", args=[w.placement.pk]))
    assert response.status_code == 200
    assert "No early starts" in response.content.decode()
    log = SensitiveAccessLog.objects.get(peer=w.peer)
    assert (log.user, log.record_type, log.channel, log.object_id) == (
        w.administrator,
        SensitiveAccessLog.RecordType.OCCUPATIONAL_HEALTH,
        SensitiveAccessLog.Channel.ADMIN,
        str(w.placement.pk),
    )


def test_a_placement_without_adjustments_is_not_logged(workforce, client):
    client.force_login(workforce.administrator)
    client.get(reverse("admin:workforce_placement_change", args=[workforce.colleague_placement.pk]))
    assert not SensitiveAccessLog.objects.exists()


@pytest.mark.parametrize(
    "model, pick",
    [
        (Placement, lambda w: w.placement),
        (InductionPlan, lambda w: w.induction),
        (EmploymentReview, lambda w: w.review),
        (InductionTemplateItem, lambda w: InductionTemplateItem.objects.first()),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_the_admin_pages_open_with_their_inlines(workforce, client, model, pick):
    client.force_login(workforce.administrator)
    name = model._meta.model_name
    assert client.get(reverse(f"admin:workforce_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:workforce_{name}_change", args=[pick(workforce).pk])).status_code == 200
    assert client.get(reverse(f"admin:workforce_{name}_history", args=[pick(workforce).pk])).status_code == 200


def test_employment_settings_are_kept_in_the_admin(workforce, client):
    settings = EmploymentSettings.objects.create(programme=workforce.trust.programmes.get())
    client.force_login(workforce.administrator)
    assert client.get(reverse("admin:workforce_employmentsettings_change", args=[settings.pk])).status_code == 200


def test_staff_of_a_trust_do_not_open_the_admin(workforce, client):
    workforce.hr_officer.is_staff = True
    workforce.hr_officer.save()
    client.force_login(workforce.hr_officer)
    response = client.get(reverse("admin:workforce_placement_change", args=[workforce.placement.pk]))
    assert response.status_code == 302
    assert not SensitiveAccessLog.objects.exists()
