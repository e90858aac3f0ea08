"""Uploads (issue 8 item 5): every file field of the application refuses a file that is too large, of a type not
allowed by its name, or of a type not allowed by its content under a good name (its first bytes are read), with a
message beside the field and nothing saved; a good file is accepted. The fields: training evidence and evidence
of a contribution to wider change (PDF, Word, OpenDocument text, PNG or JPEG, 5 MB), and the staff import (CSV,
1 MB). A meta-test fails when a new file field appears without being listed here.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from development.models import MAX_EVIDENCE_BYTES, SystemChangeContribution, TrainingRecord
from programmes.imports import MAX_UPLOAD_BYTES
from programmes.models import Peer
from programmes.uploads import content_matches, upload_problems

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
CSV = "full_name,preferred_name,pronouns,email,phone\nAlex Smith,Alex,they/them,alex@example.nhs.uk,0123\n"


def zipped(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


DOCX = zipped(**{"[Content_Types].xml": b"<Types/>", "word__document.xml": b"<w:document/>"})
XLSX = zipped(**{"[Content_Types].xml": b"<Types/>", "xl__workbook.xml": b"<workbook/>"})
ODT = zipped(mimetype=b"application/vnd.oasis.opendocument.text", **{"content.xml": b"<office:document-content/>"})


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


# --- Every file field is one of these --------------------------------------------------------------------

UPLOAD_FIELDS = {
    "development.TrainingRecord.evidence",
    "development.SystemChangeContribution.evidence",
    "programmes.views_import.ImportForm.file",
}


def test_every_file_field_is_covered_by_these_tests():
    found = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and not model._meta.label.split(".")[-1].startswith("Historical")
    }
    import programmes.views_import as views_import

    for name, value in vars(views_import).items():
        if isinstance(value, type) and issubclass(value, forms.BaseForm):
            found |= {
                f"{value.__module__}.{name}.{field}"
                for field, f in value.base_fields.items()
                if isinstance(f, forms.FileField)
            }
    assert found == UPLOAD_FIELDS


# --- The check itself: by name and by first bytes ---------------------------------------------------------

EVIDENCE = ["pdf", "doc", "docx", "odt", "png", "jpg", "jpeg"]


@pytest.mark.parametrize(
    "name, content",
    [
        ("certificate.pdf", PDF),
        ("certificate.PNG", PNG),
        ("photo.jpg", JPEG),
        ("photo.jpeg", JPEG),
        ("letter.docx", DOCX),
        ("letter.odt", ODT),
        ("letter.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32),
    ],
)
def test_a_file_that_is_what_its_name_says_passes(name, content):
    assert upload_problems(SimpleUploadedFile(name, content), allowed=EVIDENCE, max_bytes=MAX_EVIDENCE_BYTES) == []


@pytest.mark.parametrize(
    "name, content",
    [
        ("certificate.pdf", EXE),  # a program renamed
        ("certificate.pdf", PNG),  # an image named as a PDF is still refused: the name must be true
        ("photo.png", b"<svg onload=alert(1)>"),
        ("letter.docx", XLSX),  # a zip, but not a Word document
        ("letter.docx", zipped(**{"word__document.xml.exe": EXE})),
        ("letter.odt", zipped(mimetype=b"application/vnd.oasis.opendocument.spreadsheet")),
        ("letter.docx", b"PK\x03\x04 not really a zip"),
        ("certificate.pdf", b""),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(name, content):
    problems = upload_problems(SimpleUploadedFile(name, content), allowed=EVIDENCE, max_bytes=MAX_EVIDENCE_BYTES)
    assert problems and "not really" in problems[0]


def test_a_csv_is_text_whatever_its_name():
    assert content_matches(SimpleUploadedFile("staff.csv", CSV.encode()), "csv")
    assert content_matches(SimpleUploadedFile("staff.csv", b"\xef\xbb\xbf" + CSV.encode()), "csv")  # Excel's BOM
    for content in (XLSX, PDF, EXE, b"name\x00,x\n"):
        assert not content_matches(SimpleUploadedFile("staff.csv", content), "csv")


# --- Training evidence, through the page ------------------------------------------------------------------


def training_form(evidence) -> dict:
    return {
        "category": "mandatory",
        "title": "Information governance",
        "provider": "MyESR",
        "course": "",
        "started_on": "",
        "completed_on": "2026-11-02",
        "expires_on": "2027-11-02",
        "notes": "",
        "evidence": evidence,
    }


BAD_EVIDENCE = [
    pytest.param("certificate.pdf", b"%PDF-" + b"x" * MAX_EVIDENCE_BYTES, "5 MB at most", id="oversized"),
    pytest.param("tool.exe", EXE, "File extension \u201cexe\u201d is not allowed", id="wrong-type-by-name"),
    pytest.param("notes.txt", b"plain text", "File extension \u201ctxt\u201d is not allowed", id="text-not-evidence"),
    pytest.param("certificate.pdf", EXE, "not really a PDF file", id="wrong-type-by-content"),
    pytest.param("scan.jpg", PDF, "not really a JPEG image file", id="pdf-named-jpg"),
]


@pytest.mark.parametrize("name, content, message", BAD_EVIDENCE)
def test_bad_training_evidence_gets_a_message_beside_the_field_and_saves_nothing(
    development, client, media, name, content, message
):
    client.force_login(development.hr_officer)
    before = TrainingRecord.objects.count(), TrainingRecord.history.count()
    response = client.post(
        reverse("development:training-create", args=[development.peer.pk]),
        training_form(SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["evidence"]
    assert any(message in e for e in errors), errors
    html = response.content.decode()
    assert "invalid-feedback" in html and "There is a problem" in html
    assert (TrainingRecord.objects.count(), TrainingRecord.history.count()) == before
    assert stored_files(media) == []


@pytest.mark.parametrize("name, content", [("certificate.pdf", PDF), ("letter.docx", DOCX), ("photo.jpg", JPEG)])
def test_good_training_evidence_is_accepted_and_stored_once(development, client, media, name, content):
    client.force_login(development.hr_officer)
    response = client.post(
        reverse("development:training-create", args=[development.peer.pk]),
        training_form(SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get(title="Information governance")
    assert record.evidence.read() == content
    assert len(stored_files(media)) == 1


def test_the_service_refuses_evidence_whose_content_is_not_its_name(development, media):
    from django.core.exceptions import ValidationError

    from development.services_training import record_training

    with pytest.raises(ValidationError) as error:
        record_training(
            by=development.hr_officer,
            peer=development.peer,
            category="other",
            title="Renamed",
            evidence=SimpleUploadedFile("certificate.pdf", EXE),
        )
    assert "not really a PDF file" in error.value.message_dict["evidence"][0]
    assert stored_files(media) == []


# --- Evidence of a contribution to wider change ------------------------------------------------------------


def contribution_form(w, evidence) -> dict:
    return {
        "programme": w.programme.pk,
        "kind": SystemChangeContribution.Kind.STAFF_TRAINING,
        "title": "Co-delivered training on recovery-focused language",
        "description": "Samira and Daniel co-delivered the induction session on language.",
        "happened_on": "2026-11-12",
        "peers": [w.peer.pk],
        "evidence": evidence,
        "evidence_link": "",
    }


@pytest.mark.parametrize("name, content, message", BAD_EVIDENCE)
def test_bad_contribution_evidence_gets_a_message_beside_the_field_and_saves_nothing(
    development, client, media, name, content, message
):
    client.force_login(development.peer_lead)
    before = SystemChangeContribution.objects.count(), SystemChangeContribution.history.count()
    response = client.post(
        reverse("development:contribution-create"), contribution_form(development, SimpleUploadedFile(name, content))
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["evidence"]
    assert any(message in e for e in errors), errors
    assert "invalid-feedback" in response.content.decode()
    assert (SystemChangeContribution.objects.count(), SystemChangeContribution.history.count()) == before
    assert stored_files(media) == []


def test_good_contribution_evidence_is_accepted(development, client, media):
    client.force_login(development.peer_lead)
    response = client.post(
        reverse("development:contribution-create"), contribution_form(development, SimpleUploadedFile("r.odt", ODT))
    )
    assert response.status_code == 302
    assert SystemChangeContribution.objects.get(title__startswith="Co-delivered").evidence.read() == ODT


# --- The staff import -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        pytest.param("staff.csv", b"a," * (MAX_UPLOAD_BYTES // 2 + 1), "larger than 1 MB", id="oversized"),
        pytest.param("staff.xlsx", XLSX, "Choose a .csv file", id="wrong-type-by-name"),
        pytest.param("staff.csv", XLSX, "not a CSV file", id="spreadsheet-renamed-csv"),
        pytest.param("staff.csv", EXE, "not a CSV file", id="program-renamed-csv"),
        pytest.param("staff.csv", "Zoë".encode("latin-1") + b",x\n", "not UTF-8", id="not-utf8"),
    ],
)
def test_a_bad_import_file_gets_a_message_beside_the_field_and_saves_nothing(world, client, name, content, message):
    client.force_login(world.hr_officer)
    before = Peer.objects.count(), Peer.history.count()
    response = client.post(
        reverse("programmes:import"),
        {"kind": "peers", "trust": world.trust.pk, "file": SimpleUploadedFile(name, content, "text/csv")},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in e for e in errors), errors
    assert "invalid-feedback" in response.content.decode()
    assert "staff_import" not in client.session  # nothing waiting to be imported either
    assert (Peer.objects.count(), Peer.history.count()) == before


def test_a_good_import_file_is_accepted_for_its_dry_run(world, client):
    client.force_login(world.hr_officer)
    response = client.post(
        reverse("programmes:import"),
        {"kind": "peers", "trust": world.trust.pk, "file": SimpleUploadedFile("staff.csv", CSV.encode(), "text/csv")},
    )
    assert response.status_code == 200 and "outcome" in response.context
    assert "staff_import" in client.session


def test_django_limits_what_a_request_may_carry(settings):
    from django.conf import settings as project

    assert project.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024
    assert project.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024
    assert project.DATA_UPLOAD_MAX_NUMBER_FILES <= 10
