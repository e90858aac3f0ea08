"""Training and CPD: the service's refusals (completion before start, expiry before completion, evidence too big
or of the wrong type: a message beside the field, nothing saved), the pages (expiring and expired said in words,
the trust's list of training expiring), and evidence served only through the access-checked download."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from development import services_training as services
from development.models import TrainingRecord
from programmes.models import TrainingCourse

TODAY = datetime.date(2026, 11, 23)
PDF = b"%PDF-1.4 certificate of completion"
pytestmark = [pytest.mark.usefixtures("media"), pytest.mark.shared_world("development")]


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


# --- The service --------------------------------------------------------------------------------


def test_training_cannot_be_completed_before_it_started(development):
    w = development
    with pytest.raises(ValidationError) as error:
        services.record_training(
            by=w.hr_officer,
            peer=w.colleague,
            category=TrainingRecord.Category.LEADERSHIP,
            title="Leading peer support",
            started_on=datetime.date(2026, 10, 1),
            completed_on=datetime.date(2026, 9, 30),
        )
    assert error.value.message_dict == {"completed_on": ["Training cannot be completed before it started."]}
    assert not TrainingRecord.objects.filter(title="Leading peer support").exists()


def test_training_cannot_expire_before_it_was_completed(development):
    w = development
    with pytest.raises(ValidationError) as error:
        services.update_training(record=w.training, by=w.hr_officer, expires_on=datetime.date(2026, 10, 1))
    assert error.value.message_dict == {"expires_on": ["It expires after it was completed."]}
    w.training.refresh_from_db()
    assert w.training.expires_on is None


def test_only_completed_training_expires(development):
    with pytest.raises(ValidationError) as error:
        services.record_training(
            by=development.hr_officer,
            peer=development.peer,
            category="mandatory",
            title="Fire safety",
            expires_on=datetime.date(2027, 10, 1),
        )
    assert "expires_on" in error.value.message_dict


def test_a_course_of_another_trust_is_refused(development):
    w = development
    theirs = TrainingCourse.objects.create(trust=w.other_trust, name="Westvale course", provider="W", length="2 days")
    with pytest.raises(ValidationError) as error:
        services.record_training(by=w.hr_officer, peer=w.peer, category="peer_support", title="X", course=theirs)
    assert "course" in error.value.message_dict


def test_oversized_evidence_is_refused_and_nothing_is_stored(development, media):
    big = SimpleUploadedFile("certificate.pdf", b"x" * (5 * 1024 * 1024 + 1), "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.record_training(
            by=development.hr_officer, peer=development.peer, category="other", title="Big", evidence=big
        )
    assert error.value.message_dict["evidence"] == ["The file is 5.0 MB: choose one of 5 MB at most."]
    assert not TrainingRecord.objects.filter(title="Big").exists()
    assert stored_files(media) == []


# --- The pages ----------------------------------------------------------------------------------


def _form(**overrides) -> dict:
    data = {
        "category": "mandatory",
        "title": "Information governance",
        "provider": "MyESR",
        "course": "",
        "started_on": "",
        "completed_on": "2026-11-02",
        "expires_on": "2027-11-02",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_the_peer_records_their_own_training_with_evidence_and_downloads_it(development, client, media):
    w = development
    client.force_login(w.peer_worker)
    url = reverse("development:training-create", args=[w.peer.pk])
    page = client.get(url)
    assert "Record my training" in page.content.decode()
    response = client.post(
        url, _form(evidence=SimpleUploadedFile("certificate.pdf", PDF, "application/pdf")), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("development:training-list", args=[w.peer.pk])
    record = TrainingRecord.objects.get(title="Information governance")
    assert record.peer == w.peer and record.evidence.name.startswith("training-evidence/2026/")
    assert len(stored_files(media)) == 1
    body = response.content.decode()
    assert reverse("development:training-evidence", args=[record.pk]) in body
    assert "/media/" not in body  # never linked directly

    download = client.get(reverse("development:training-evidence", args=[record.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF
    assert record.history.first().history_user == w.peer_worker


@pytest.mark.parametrize(
    "role, status",
    [
        ("hr_officer", 200),
        ("peer_lead", 200),
        ("line_manager", 200),
        ("supervisor", 200),
        ("peer_worker", 200),
        ("administrator", 200),
        ("panel_member", 404),
        ("other_trust_staff", 404),
    ],
)
def test_evidence_is_downloaded_only_by_those_who_see_the_record(development, client, role, status):
    w = development
    services.update_training(
        record=w.training, by=w.hr_officer, evidence=SimpleUploadedFile("c.pdf", PDF, "application/pdf")
    )
    client.force_login(getattr(w, role))
    assert client.get(reverse("development:training-evidence", args=[w.training.pk])).status_code == status


def test_evidence_of_a_colleague_is_not_the_peers_to_download(development, client):
    w = development
    services.update_training(
        record=w.colleague_training, by=w.hr_officer, evidence=SimpleUploadedFile("c.pdf", PDF, "application/pdf")
    )
    client.force_login(w.peer_worker)
    assert client.get(reverse("development:training-evidence", args=[w.colleague_training.pk])).status_code == 404


def test_a_missing_evidence_file_answers_404(development, client, media):
    w = development
    services.update_training(
        record=w.training, by=w.hr_officer, evidence=SimpleUploadedFile("c.pdf", PDF, "application/pdf")
    )
    for path in stored_files(media):
        path.unlink()
    client.force_login(w.hr_officer)
    assert client.get(reverse("development:training-evidence", args=[w.training.pk])).status_code == 404


def test_oversized_evidence_gets_a_message_beside_the_field(development, client, media):
    w = development
    client.force_login(w.line_manager)
    big = SimpleUploadedFile("certificate.pdf", b"x" * (6 * 1024 * 1024), "application/pdf")
    response = client.post(reverse("development:training-create", args=[w.peer.pk]), _form(evidence=big))
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"] == ["The file is 6.0 MB: choose one of 5 MB at most."]
    assert "There is a problem" in response.content.decode()
    assert not TrainingRecord.objects.filter(title="Information governance").exists()
    assert stored_files(media) == []


def test_evidence_of_another_type_gets_a_message_beside_the_field(development, client, media):
    w = development
    client.force_login(w.hr_officer)
    exe = SimpleUploadedFile("certificate.exe", b"MZ", "application/octet-stream")
    response = client.post(reverse("development:training-create", args=[w.peer.pk]), _form(evidence=exe))
    assert response.status_code == 200
    assert "File extension \u201cexe\u201d is not allowed" in response.context["form"].errors["evidence"][0]
    assert not TrainingRecord.objects.filter(title="Information governance").exists()
    assert stored_files(media) == []


def test_dates_out_of_order_get_a_message_beside_the_field(development, client):
    w = development
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("development:training-create", args=[w.peer.pk]),
        _form(started_on="2026-11-10", completed_on="2026-11-02"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["completed_on"] == ["Training cannot be completed before it started."]
    assert not TrainingRecord.objects.filter(title="Information governance").exists()


def test_editing_a_record_keeps_its_evidence_and_shows_its_history(development, client):
    w = development
    services.update_training(
        record=w.training, by=w.hr_officer, evidence=SimpleUploadedFile("c.pdf", PDF, "application/pdf")
    )
    name = TrainingRecord.objects.get(pk=w.training.pk).evidence.name
    client.force_login(w.line_manager)
    url = reverse("development:training-update", args=[w.training.pk])
    assert "History" in client.get(url).content.decode()
    response = client.post(
        url,
        _form(
            category="peer_support",
            title="Peer support worker training",
            completed_on="2026-10-30",
            expires_on="",
            notes="Certificate seen.",
        ),
    )
    assert response.status_code == 302
    w.training.refresh_from_db()
    assert (w.training.notes, w.training.evidence.name) == ("Certificate seen.", name)


def test_the_list_says_in_words_what_is_expiring_and_what_has_expired(development, client):
    w = development
    client.force_login(w.hr_officer)
    url = reverse("development:training-list", args=[w.colleague.pk])
    assert "Expires soon: 10 Dec 2026" in client.get(url).content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 11, 9, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(w.hr_officer)  # a new day, a new session
        assert "Expired on 10 Dec 2026" in client.get(url).content.decode()


def test_a_peer_with_no_training_sees_an_empty_state(development, client):
    w = development
    client.force_login(w.hr_officer)
    response = client.get(reverse("development:training-list", args=[w.other_team_peer.pk]))
    assert "No training recorded yet." in response.content.decode()


def test_the_trust_list_of_training_expiring_in_60_days(development, client):
    w = development
    TrainingRecord.objects.create(
        peer=w.peer, category="mandatory", title="Later", completed_on=TODAY, expires_on=TODAY + datetime.timedelta(61)
    )
    TrainingRecord.objects.create(
        peer=w.other_trust_peer, category="mandatory", title="Westvale's", completed_on=TODAY, expires_on=TODAY
    )
    client.force_login(w.peer_lead)
    response = client.get(reverse("development:training-expiring"))
    assert [r.title for r in response.context["object_list"]] == ["Safeguarding adults level 2"]
    client.force_login(w.other_trust_staff)
    assert [r.title for r in client.get(reverse("development:training-expiring")).context["object_list"]] == [
        "Westvale's"
    ]
