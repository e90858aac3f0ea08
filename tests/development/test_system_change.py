"""New services (with whether they include peer posts, and how many) and contributions of peer workers to wider
change, with the peers involved and the evidence: a document (5 MB at most, the model's types) served only
through an access-checked download, or a link. Bad input: a message beside the field, nothing saved."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from development.models import MAX_EVIDENCE_BYTES, NewService, SystemChangeContribution
from development.services_growth import record_contribution, record_new_service
from tests import factories
from tests.matrix import KEEPERS, ROLES

NOON = datetime.datetime(2027, 2, 1, 12, tzinfo=datetime.UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("development")]
PDF = b"%PDF-1.4\n% a small test document\n"


@pytest.fixture(autouse=True)
def _today_and_media(time_machine, settings, tmp_path):
    time_machine.move_to(NOON)
    settings.MEDIA_ROOT = tmp_path


def pdf(name="risk-review.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- New services ------------------------------------------------------------------------------------


def service_data(w, **fields):
    return {
        "programme": w.programme.pk,
        "name": "Perinatal mental health service",
        "starts_on": "2027-04-01",
        "includes_peer_posts": "on",
        "peer_posts": "3",
        "notes": "",
        **fields,
    }


def test_hr_records_a_new_service_with_its_peer_posts(development, client):
    w = development
    client.force_login(w.hr_officer)
    response = client.post(reverse("development:new-service-create"), service_data(w))
    assert response.status_code == 302 and response.url == reverse("development:new-service-list")
    made = NewService.objects.get(name="Perinatal mental health service")
    assert (made.programme, made.includes_peer_posts, made.peer_posts) == (w.programme, True, 3)
    listing = client.get(response.url)
    assert "Perinatal mental health service" in listing.content.decode()
    assert listing.context["totals"] == {"total": 2, "with_peers": 2}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"peer_posts": "0"}, "Say how many peer posts the service includes."),
        ({"peer_posts": ""}, "Say how many peer posts the service includes."),
        ({"includes_peer_posts": "", "peer_posts": "2"}, "A service without peer posts has none"),
    ],
    ids=["ticked-with-none", "ticked-empty", "not-ticked-with-some"],
)
def test_an_inconsistent_number_of_peer_posts_is_refused_beside_the_field(development, client, fields, message):
    w = development
    client.force_login(w.peer_lead)
    response = client.post(reverse("development:new-service-create"), service_data(w, **fields))
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors["peer_posts"])
    assert escape(message) in response.content.decode()
    assert not NewService.objects.filter(name="Perinatal mental health service").exists()


def test_a_service_without_peer_posts_is_recorded_and_flagged(development, client):
    w = development
    record_new_service(
        by=w.hr_officer, programme=w.programme, name="Memory clinic", starts_on=datetime.date(2027, 5, 1)
    )
    client.force_login(w.hr_officer)
    response = client.get(reverse("development:new-service-list"), {"includes_peer_posts": "false"})
    assert [s.name for s in response.context["object_list"]] == ["Memory clinic"]
    assert "No peer posts" in response.content.decode()


def test_editing_a_new_service_keeps_its_history_and_its_programme(development, client):
    w = development
    client.force_login(w.peer_lead)
    url = reverse("development:new-service-update", args=[w.new_service.pk])
    assert "programme" not in client.get(url).context["form"].fields
    data = service_data(w, name="Crisis cafe", peer_posts="4", starts_on="2027-01-04")
    del data["programme"]
    assert client.post(url, data).status_code == 302
    w.new_service.refresh_from_db()
    assert w.new_service.peer_posts == 4 and w.new_service.programme == w.programme
    assert w.new_service.history.first().history_user == w.peer_lead
    bad = client.post(url, {**data, "peer_posts": "0"})
    assert bad.context["form"].errors["peer_posts"]
    w.new_service.refresh_from_db()
    assert w.new_service.peer_posts == 4


# --- Contributions to wider change ---------------------------------------------------------------------


def contribution_data(w, **fields):
    return {
        "programme": w.programme.pk,
        "kind": SystemChangeContribution.Kind.STAFF_TRAINING,
        "title": "Co-delivered training on recovery-focused language",
        "description": "Samira and Daniel co-delivered the trust's induction session on language.",
        "happened_on": "2027-01-12",
        "peers": [w.peer.pk, w.colleague.pk],
        "evidence": pdf(),
        "evidence_link": "",
        **fields,
    }


def test_the_peer_lead_records_a_contribution_with_a_document_and_downloads_it(development, client):
    w = development
    client.force_login(w.peer_lead)
    response = client.post(reverse("development:contribution-create"), contribution_data(w))
    made = SystemChangeContribution.objects.get(title__startswith="Co-delivered")
    assert response.status_code == 302 and response.url == reverse("development:contribution-detail", args=[made.pk])
    assert set(made.peers.all()) == {w.peer, w.colleague}
    assert made.evidence.name.startswith("system-change-evidence/2027/")

    page = client.get(response.url).content.decode()
    download = reverse("development:contribution-evidence", args=[made.pk])
    assert download in page and "/media/" not in page
    assert "Samira Okafor, Daniel Whitfield" in page or "Daniel Whitfield, Samira Okafor" in page

    file = client.get(download)
    assert file.status_code == 200
    assert file["Content-Disposition"].startswith("attachment;") and "risk-review.pdf" in file["Content-Disposition"]
    assert b"".join(file.streaming_content) == PDF


def test_a_link_alone_is_evidence_enough(development, client):
    w = development
    client.force_login(w.hr_officer)
    data = contribution_data(w, evidence="", evidence_link="https://intranet.example.org/guidance/lived-experience")
    data.pop("evidence")
    response = client.post(reverse("development:contribution-create"), data)
    assert response.status_code == 302
    made = SystemChangeContribution.objects.get(title__startswith="Co-delivered")
    assert not made.evidence
    assert client.get(reverse("development:contribution-evidence", args=[made.pk])).status_code == 404


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"evidence": pdf("big.pdf", b"0" * (MAX_EVIDENCE_BYTES + 1))}, "evidence", "5 MB at most"),
        ({"evidence": pdf("tool.exe", b"MZ")}, "evidence", "File extension “exe” is not allowed"),
        ({"evidence": "", "evidence_link": ""}, "evidence", "or give a link to the evidence"),
        ({"evidence_link": "not a link"}, "evidence_link", "Enter a valid URL."),
        ({"peers": []}, "peers", "Choose the peer workers involved."),
        ({"happened_on": "2027-03-01"}, "happened_on", "up to today"),
        ({"title": ""}, "title", "Enter the title."),
        ({"kind": ""}, "kind", "Choose the kind of contribution."),
    ],
    ids=["too-big", "wrong-type", "no-evidence", "bad-link", "no-peers", "future", "no-title", "no-kind"],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    development, client, tmp_path, fields, field, message
):
    w = development
    client.force_login(w.peer_lead)
    data = contribution_data(w, **fields)
    if data["evidence"] == "":
        data.pop("evidence")
    response = client.post(reverse("development:contribution-create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in e for e in errors), errors
    assert escape(message) in response.content.decode()
    assert not SystemChangeContribution.objects.filter(title__startswith="Co-delivered").exists()
    assert not list(tmp_path.rglob("*.*"))  # no file kept either


def test_the_service_refuses_peers_of_another_trust_and_an_oversized_file(development):
    w = development
    common = {
        "by": w.peer_lead,
        "programme": w.programme,
        "kind": "policy",
        "title": "Sickness absence policy reviewed",
        "description": "Peers suggested changes.",
        "happened_on": datetime.date(2027, 1, 5),
        "evidence_link": "https://example.org/policy",
    }
    with pytest.raises(ValidationError) as error:
        record_contribution(**common, peers=[w.other_trust_peer])
    assert "the programme's trust" in error.value.message_dict["peers"][0]
    with pytest.raises(ValidationError) as error:
        record_contribution(**common, peers=[w.peer], evidence=pdf("big.pdf", b"0" * (MAX_EVIDENCE_BYTES + 1)))
    assert "5 MB at most" in error.value.message_dict["evidence"][0]
    assert not SystemChangeContribution.objects.filter(title__startswith="Sickness").exists()


def test_the_form_offers_peer_workers_of_the_trust_only(development, client):
    w = development
    client.force_login(w.peer_lead)
    offered = set(client.get(reverse("development:contribution-create")).context["form"].fields["peers"].queryset)
    assert {w.peer, w.colleague, w.other_team_peer} <= offered
    assert w.other_trust_peer not in offered and w.applicant not in offered  # not in post: not a peer worker yet


@pytest.fixture
def with_file(development):
    w = development
    w.contribution.evidence = pdf()
    w.contribution.save()
    return w


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_keep_the_records_download_the_evidence(with_file, client, role):
    """The matrix row for the download (tests/development/matrix_growth.py) is a contribution without a file;
    here every role asks for one with a file."""
    w = with_file
    if role != "anonymous":
        client.force_login(getattr(w, role))
    response = client.get(reverse("development:contribution-evidence", args=[w.contribution.pk]))
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response.url
    elif role in KEEPERS:
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    else:
        assert response.status_code == 404


def test_the_list_filters_by_kind_and_shows_the_peers(development, client):
    w = development
    record_contribution(
        by=w.hr_officer,
        programme=w.programme,
        kind="lived_experience_guidance",
        title="Guidance on using lived experience",
        description="For all staff.",
        happened_on=datetime.date(2027, 1, 5),
        peers=[w.colleague],
        evidence_link="https://example.org/guidance",
    )
    client.force_login(w.hr_officer)
    url = reverse("development:contribution-list")
    assert len(client.get(url).context["object_list"]) == 2
    response = client.get(url, {"kind": "risk_documentation"})
    [only] = response.context["object_list"]
    assert only == w.contribution and [p.full_name for p in only.peers_shown] == ["Samira Okafor"]


def test_another_trusts_contribution_is_not_found(development, client):
    w = development
    other = factories.ProgrammeFactory(trust=w.other_trust)
    theirs = record_contribution(
        by=w.other_trust_staff,
        programme=other,
        kind="other",
        title="Westvale",
        description="Theirs.",
        happened_on=datetime.date(2027, 1, 5),
        peers=[w.other_trust_peer],
        evidence=pdf(),
    )
    client.force_login(w.peer_lead)
    assert client.get(reverse("development:contribution-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("development:contribution-evidence", args=[theirs.pk])).status_code == 404
