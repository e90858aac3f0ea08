"""The admin of training records and development objectives: every page opens for administrators, with history,
and is closed to everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from development.models import DevelopmentObjective, TrainingRecord

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

PAGES = [
    ("admin:development_trainingrecord_changelist", None),
    ("admin:development_trainingrecord_change", lambda w: w.training),
    ("admin:development_trainingrecord_history", lambda w: w.training),
    ("admin:development_trainingrecord_add", None),
    ("admin:development_developmentobjective_changelist", None),
    ("admin:development_developmentobjective_change", lambda w: w.gap_objective),
    ("admin:development_developmentobjective_history", lambda w: w.own_objective),
]


@pytest.mark.parametrize("name, pick", PAGES, ids=[p[0] for p in PAGES])
def test_the_admin_pages_open_for_administrators(development, client, name, pick):
    client.force_login(development.administrator)
    args = [pick(development).pk] if pick else []
    assert client.get(reverse(name, args=args)).status_code == 200


def test_the_admin_is_closed_to_hr(development, client):
    client.force_login(development.hr_officer)
    response = client.get(reverse("admin:development_trainingrecord_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_a_change_in_the_admin_is_kept_in_the_history(development, client):
    w = development
    client.force_login(w.administrator)
    url = reverse("admin:development_developmentobjective_change", args=[w.own_objective.pk])
    response = client.post(
        url,
        {
            "peer": w.peer.pk,
            "source": "own_wish",
            "text": "Co-deliver two recovery college courses.",
            "descriptor": "",
            "rating": "",
            "status": "in_progress",
            "target_on": "",
            "created_on": "2026-11-10",
            "achieved_on": "",
        },
    )
    assert response.status_code == 302
    objective = DevelopmentObjective.objects.get(pk=w.own_objective.pk)
    assert objective.status == "in_progress"
    assert objective.history.first().history_user == w.administrator
    assert TrainingRecord.history.count() >= 2
