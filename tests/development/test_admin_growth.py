"""The admin of workforce growth and wider system change: every page opens for administrators, with history;
the trust's own staff do not reach it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from development.models import NewService, SystemChangeContribution, TeamEstablishment, VacancyReview

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)


@pytest.mark.parametrize(
    "model, pick",
    [
        (TeamEstablishment, lambda w: w.establishment),
        (VacancyReview, lambda w: w.vacancy_review),
        (NewService, lambda w: w.new_service),
        (SystemChangeContribution, lambda w: w.contribution),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_the_admin_pages_open_with_their_history(development, client, model, pick):
    client.force_login(development.administrator)
    name = model._meta.model_name
    record = pick(development)
    assert client.get(reverse(f"admin:development_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:development_{name}_change", args=[record.pk])).status_code == 200
    assert client.get(reverse(f"admin:development_{name}_history", args=[record.pk])).status_code == 200


def test_staff_of_a_trust_do_not_open_the_admin(development, client):
    development.peer_lead.is_staff = True
    development.peer_lead.save()
    client.force_login(development.peer_lead)
    response = client.get(reverse("admin:development_vacancyreview_changelist"))
    assert response.status_code == 302
