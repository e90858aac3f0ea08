"""A post's job description and person specification as a PDF: what it says (every accountability and
criterion, the trust, the post, the version and page in the footer), that it is a tagged PDF/UA-1
document, who may download it, and the command that writes it to a file.
"""

import datetime
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from programmes import pdf, services
from programmes.models import JobDescription, SensitiveAccessLog
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("world")]

BAND_2 = "Peer Support Worker (Band 2)"
PRINTED_ON = "16 March 2026"


@pytest.fixture(autouse=True)
def _frozen_clock():
    # The footer carries the date printed; WeasyPrint's output is the same for the same moment.
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def jd(world):
    """The world's post (Peer Support Worker, Band 3, Riverside CMHT), its job description from the Band 2 template."""
    template = JobDescription.objects.get(template_name=BAND_2)
    return services.create_job_description_from_template(post=world.post, template=template, by=world.hr_officer)


def squeeze(text: str) -> str:
    """Text without whitespace or hyphens: the PDF wraps long lines, sometimes at a hyphen."""
    return re.sub(r"[\s\u00ad\-‐]+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def structure_types(node, found: set[str], depth: int = 0) -> set[str]:
    """The structure types (/H1, /Table, /L ...) of a PDF's tag tree."""
    node = node.get_object()
    if depth > 40:
        return found
    if isinstance(node, list):
        for kid in node:
            structure_types(kid, found, depth + 1)
    elif hasattr(node, "get"):
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            structure_types(node["/K"], found, depth + 1)
    return found


def download(client, user, post):
    client.force_login(user)
    return client.get(reverse("programmes:post-jd-pdf", args=[post.pk]))


# --- What the PDF says --------------------------------------------------------------------------


def test_the_pdf_has_every_accountability_and_criterion_of_the_job_description(jd):
    pages = pdf_pages(pdf.job_description_pdf(jd).read())
    text = squeeze("\n".join(pages))

    expected = []
    for group in jd.accountabilities.all():
        expected += [group.heading, *group.duty_list, *group.measure_list]
    for row in jd.person_specification.all():
        expected += [row.attribute, *row.essential_list, *row.desirable_list]
    assert len(expected) > 70  # the whole Band 2 template, not an empty copy
    assert [line for line in expected if squeeze(line) not in text] == []


def test_the_pdf_names_the_trust_the_post_and_its_version_with_page_numbers_in_the_footer(jd, world):
    pages = pdf_pages(pdf.job_description_pdf(jd).read())

    text = "\n".join(pages)
    assert "Job description: Peer Support Worker" in text
    assert "Northshire Health and Care NHS Foundation Trust" in text
    assert "Band 3" in text
    assert "Person specification" in text
    for number, page in enumerate(pages, start=1):
        footer = " ".join(page.split())
        assert "Northshire Health and Care NHS Foundation Trust: Peer Support Worker, Riverside CMHT" in footer
        assert f"Version 1, {PRINTED_ON}. Page {number} of {len(pages)}" in footer
    assert len(pages) > 1


def test_the_pdf_of_an_edited_job_description_carries_its_new_version(jd, world):
    services.update_job_description(job_description=jd, by=world.hr_officer, reports_to="Team Leader")

    pages = pdf_pages(pdf.job_description_pdf(jd).read())

    assert all(f"Version 2, {PRINTED_ON}. Page " in page for page in pages)
    assert not any("Version 1" in page for page in pages)
    assert pdf.job_description_filename(jd) == "job-description-peer-support-worker-band-3-v2.pdf"


def test_the_pdf_is_a_tagged_pdf_ua_1_document_in_british_english(jd):
    reader = PdfReader(pdf.job_description_pdf(jd))
    catalog = reader.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert {"/H1", "/Table", "/TH", "/TD", "/L", "/LI"} <= structure_types(catalog["/StructTreeRoot"], set())
    assert catalog["/Lang"] == "en-GB"
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    assert reader.metadata.title == "Job description and person specification: Peer Support Worker"
    assert reader.metadata.author == "Northshire Health and Care NHS Foundation Trust"


# --- Downloading it -----------------------------------------------------------------------------


def test_the_line_manager_of_the_posts_team_downloads_the_pdf_as_an_attachment(client, world, jd):
    response = download(client, world.line_manager, world.post)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="job-description-peer-support-worker-band-3-v1.pdf"'
    )
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    assert f"Version 1, {PRINTED_ON}. Page 1 of" in pdf_pages(data)[0]
    # Reading it changes nothing.
    jd.refresh_from_db()
    assert (jd.version, jd.history.count()) == (1, 1)
    assert not SensitiveAccessLog.objects.exists()


@pytest.mark.parametrize("who", ["hr_officer", "peer_lead"])
def test_hr_and_the_peer_lead_download_the_pdf_too(client, world, jd, who):
    response = download(client, getattr(world, who), world.post)

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


@pytest.mark.parametrize("who", ["supervisor", "panel_member", "peer_worker", "other_trust_staff"])
def test_anyone_else_is_told_the_pdf_does_not_exist(client, world, jd, who):
    response = download(client, getattr(world, who), world.post)

    assert response.status_code == 404
    assert response.get("Content-Type", "").startswith("text/html")


def test_a_post_without_a_job_description_has_no_pdf(client, world, jd):
    vacant = factories.PostFactory(team=world.team, title="Senior Peer Support Worker", band=4)

    response = download(client, world.line_manager, vacant)

    assert response.status_code == 404
    assert not JobDescription.objects.filter(post=vacant).exists()


def test_signing_in_is_needed_to_download_the_pdf(client, world, jd):
    url = reverse("programmes:post-jd-pdf", args=[world.post.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={url}"


# --- The export command -------------------------------------------------------------------------


def test_the_export_command_writes_the_same_pdf_to_a_file(jd, world, tmp_path, capsys):
    output = tmp_path / "jd.pdf"

    call_command("export_job_description", str(world.post.pk), "--output", str(output))

    written = output.read_bytes()
    assert written == pdf.job_description_pdf(jd).read()
    assert pdf_pages(written) == pdf_pages(pdf.job_description_pdf(jd).read())
    assert str(output) in capsys.readouterr().out


def test_the_export_command_refuses_a_post_without_a_job_description_or_an_unknown_post(world, tmp_path):
    output = tmp_path / "jd.pdf"

    with pytest.raises(CommandError, match="has no job description yet"):
        call_command("export_job_description", str(world.post.pk), "--output", str(output))
    with pytest.raises(CommandError, match="There is no post 999999"):
        call_command("export_job_description", "999999", "--output", str(output))

    assert not output.exists()
