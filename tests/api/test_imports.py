"""Imports through the API (issue 20 item 2): staff rows (ESR-style: peers, posts, placements) and applications
from another recruitment system (NHS Jobs-style) go through the application's own import, so the same checks and
services apply; a file with any bad row saves nothing and answers 400 with each row's errors by column; an
Idempotency-Key makes a retry import once."""

from __future__ import annotations

from django.urls import reverse

from programmes.models import Peer
from recruitment.models import Application
from tests.api.conftest import bearer, token_for
from tests.recruitment.world import make_vacancy


def post(client, user, kind, body, **extra):
    return client.post(
        reverse("api:import", args=[kind]), body, content_type="application/json", **bearer(token_for(user)), **extra
    )


PEERS = [
    {"full_name": "Alex Smith", "email": "alex.smith@example.nhs.uk", "pronouns": "they/them"},
    {"full_name": "Jo Brown", "email": "jo.brown@example.nhs.uk", "phone": "+44 1234 567890"},
]


def test_staff_rows_are_imported_through_the_services_with_history(client, world):
    response = post(client, world.hr_officer, "peers", {"trust": world.trust.pk, "rows": PEERS})
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert answer["saved"] and answer["created"] == 2 and [r["action"] for r in answer["rows"]] == ["Create"] * 2
    alex = Peer.objects.get(email="alex.smith@example.nhs.uk")
    assert alex.trust == world.trust and alex.history.get().history_user == world.hr_officer
    assert Peer.objects.get(email="jo.brown@example.nhs.uk").phone == "+44 1234 567890"  # as sent, not defused


def test_a_bad_row_saves_nothing_and_is_answered_with_its_errors_by_column(client, world):
    rows = [*PEERS, {"full_name": "", "email": "alex.smith@example.nhs.uk"}]
    response = post(client, world.hr_officer, "peers", {"trust": world.trust.pk, "rows": rows})
    assert response.status_code == 400
    answer = response.json()
    assert not answer["saved"] and not Peer.objects.filter(email__endswith="@example.nhs.uk").exists()
    bad = answer["rows"][2]
    assert bad["number"] == 3 and bad["action"] == "Error"
    assert set(bad["fields_with_errors"]) == {"full_name", "email"}
    assert "required" in bad["fields_with_errors"]["full_name"][0]


def test_a_malformed_request_is_refused_with_why(client, world):
    response = post(client, world.hr_officer, "peers", {"rows": []})
    assert response.status_code == 400
    errors = " ".join(response.json()["file_errors"])
    assert "trust" in errors and "rows" in errors
    other = post(client, world.hr_officer, "peers", {"trust": world.other_trust.pk, "rows": PEERS})
    assert other.status_code == 400 and other.json()["file_errors"] == [
        "trust: You cannot import records for this trust."
    ]
    unknown = post(client, world.hr_officer, "peers", {"trust": world.trust.pk, "rows": [{"shoe_size": "9"}]})
    assert unknown.status_code == 400 and "Unknown column(s): shoe_size." in " ".join(unknown.json()["file_errors"])
    assert post(client, world.hr_officer, "nothing", {"trust": world.trust.pk, "rows": PEERS}).status_code == 404


def test_a_dry_run_saves_nothing(client, world):
    response = post(client, world.hr_officer, "peers", {"trust": world.trust.pk, "rows": PEERS, "dry_run": True})
    assert response.status_code == 200 and not response.json()["saved"] and response.json()["created"] == 2
    assert not Peer.objects.filter(email__endswith="@example.nhs.uk").exists()


def test_a_retry_with_the_same_idempotency_key_imports_once(client, world):
    body = {"trust": world.trust.pk, "rows": PEERS}
    first = post(client, world.hr_officer, "peers", body, HTTP_IDEMPOTENCY_KEY="board-2026-11")
    again = post(client, world.hr_officer, "peers", body, HTTP_IDEMPOTENCY_KEY="board-2026-11")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["saved"] and again.json()["created"] == 0
    assert Peer.objects.filter(email="alex.smith@example.nhs.uk").count() == 1


def test_only_those_who_import_on_the_import_page_may_import(client, world):
    assert post(client, world.line_manager, "peers", {"trust": world.trust.pk, "rows": PEERS}).status_code == 404
    assert not Peer.objects.filter(email__endswith="@example.nhs.uk").exists()


def test_applications_from_a_recruitment_systems_export_are_recorded_with_their_first_stage(client, world):
    vacancy = make_vacancy(by=world.hr_officer, post=world.post, reference="324-PSW-0425")
    world.applicant.email = "chris.bell@example.com"
    world.applicant.save()
    rows = [
        {
            "vacancy_reference": "324-PSW-0425",
            "full_name": "Priya Shah",
            "email": "priya@example.com",
            "applied_on": "2026-11-01",
            "support_with_form": "yes",
        },
        {
            "vacancy_reference": "324-PSW-0425",
            "full_name": world.applicant.full_name,
            "email": world.applicant.email,
            "applied_on": "2026-11-02",
        },
    ]
    response = post(client, world.hr_officer, "applications", {"trust": world.trust.pk, "rows": rows})
    assert response.status_code == 201, response.json()
    applications = Application.objects.filter(vacancy=vacancy).select_related("applicant").order_by("applied_on")
    assert [a.applicant.full_name for a in applications] == ["Priya Shah", world.applicant.full_name]
    assert applications[0].support_with_form_requested and applications[0].stage == Application.Stage.APPLIED
    assert applications[1].applicant == world.applicant  # linked by email, not added twice
    repeat = post(client, world.hr_officer, "applications", {"trust": world.trust.pk, "rows": rows[1:]})
    assert repeat.status_code == 400
    assert "already applied" in repeat.json()["rows"][0]["fields_with_errors"]["email"][0]


def test_an_application_for_an_unknown_vacancy_saves_nothing(client, world):
    rows = [{"vacancy_reference": "NOPE", "full_name": "Priya Shah", "applied_on": "2026-13-01"}]
    response = post(client, world.hr_officer, "applications", {"trust": world.trust.pk, "rows": rows})
    assert response.status_code == 400
    fields = response.json()["rows"][0]["fields_with_errors"]
    assert set(fields) == {"vacancy_reference", "applied_on"}
    assert not Peer.objects.filter(full_name="Priya Shah").exists()
