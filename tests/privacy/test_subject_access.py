"""A peer's subject access export: everything held about them from every phase, with history (deleted records
included), as JSON and as a PDF; in full for the peer and the IG officer of their trust, in part for HR and the
peer lead (tests/privacy/test_partial_subject_access.py); each sensitive record in a download by someone else
logged as read."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from privacy import services, subject_access
from privacy.models import LegalHold
from programmes.models import SensitiveAccessLog
from recruitment import services as recruitment_services
from tests import factories
from tests.privacy.ig import add_ig_officers
from tests.recruitment.world import give_band_2_job_description, make_vacancy

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

RecordType = SensitiveAccessLog.RecordType
Channel = SensitiveAccessLog.Channel


@pytest.fixture
def held(development, media):
    """The development world's peer worker, with an application too, a training record changed after it was
    made (with an evidence file), and an objective deleted."""
    w = development
    post = factories.PostFactory(team=w.other_team, title="Senior Peer Support Worker", band=4)
    give_band_2_job_description(post, by=w.hr_officer)
    vacancy = make_vacancy(by=w.hr_officer, post=post)
    w.own_application = recruitment_services.submit_application(
        vacancy=vacancy, applicant=w.peer, by=w.hr_officer, applied_on=vacancy.opens_on
    )
    w.training.notes = "Passed with merit."
    w.training.evidence = SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 twelve bytes", "application/pdf")
    w.training.save()
    w.deleted_objective_pk = w.own_objective.pk
    w.own_objective.delete()
    return w


def export_as(client, user, peer) -> dict:
    client.force_login(user)
    response = client.get(reverse("privacy:subject-access", args=[peer.pk]) + "?format=json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def records(document) -> dict[str, dict]:
    return {r["model"]: r for r in document["records"]}


def test_the_json_holds_rows_from_every_phase(client, held):
    w = held
    got = records(export_as(client, w.peer_worker, w.peer))
    assert got["programmes.Peer"]["rows"][0]["full_name"] == "Samira Okafor"
    assert [r["id"] for r in got["programmes.Post"]["rows"]] == [w.post.pk]
    assert [r["id"] for r in got["recruitment.Application"]["rows"]] == [w.own_application.pk]
    assert got["recruitment.StageTransition"]["rows"] == [] or all(
        r["application_id"] == w.own_application.pk for r in got["recruitment.StageTransition"]["rows"]
    )
    assert [r["id"] for r in got["workforce.Placement"]["rows"]] == [w.placement.pk]
    assert got["workforce.Placement"]["rows"][0]["reasonable_adjustments"].startswith("No early starts")
    assert len(got["workforce.InductionItem"]["rows"]) == 4  # three hops away: plan -> placement -> peer
    assert [r["id"] for r in got["workforce.WellnessActionPlan"]["rows"]] == [w.wap.pk]
    assert {r["session_id"] for r in got["workforce.SupervisionAttendance"]["rows"]} == {
        w.managerial_session.pk,
        w.group_session.pk,
    }
    assert [r["id"] for r in got["development.CompetencyAssessment"]["rows"]] == [w.assessment.pk]
    assert len(got["development.DescriptorRating"]["rows"]) == 2
    assert [r["id"] for r in got["development.SystemChangeContribution"]["rows"]] == [w.contribution.pk]
    # Nothing about anyone else: the colleague's plan and conversation are not in Samira's export.
    assert got["workforce.ReturnToWorkConversation"]["rows"] == []
    assert w.shared_wap.pk not in [r["id"] for r in got["workforce.WellnessActionPlan"]["rows"]]


def test_history_rows_are_included_deleted_records_too(client, held):
    w = held
    got = records(export_as(client, w.peer_worker, w.peer))
    training = got["development.TrainingRecord"]
    versions = [h for h in training["history"] if h["id"] == w.training.pk]
    assert [h["history_type"] for h in versions] == ["+", "~"]
    assert versions[-1]["notes"] == "Passed with merit."
    objectives = got["development.DevelopmentObjective"]
    assert w.deleted_objective_pk not in [r["id"] for r in objectives["rows"]]
    deleted = [h for h in objectives["history"] if h["id"] == w.deleted_objective_pk]
    assert [h["history_type"] for h in deleted] == ["+", "-"]
    assert deleted[0]["text"] == "Co-deliver a recovery college course."


def test_history_of_a_deleted_parents_children_is_found_by_the_parents_id(client, held):
    """Items of an induction plan that was deleted are still found: through the plan's historical rows."""
    w = held
    item_ids = {i.pk for i in w.induction_items}
    w.induction.delete()  # cascades to its items, each leaving a "deleted" history row
    got = records(export_as(client, w.peer_worker, w.peer))
    assert got["workforce.InductionItem"]["rows"] == []
    assert {h["id"] for h in got["workforce.InductionItem"]["history"] if h["history_type"] == "-"} == item_ids


def test_an_uploaded_file_is_listed_by_name_and_size_not_contents(client, held):
    w = held
    got = records(export_as(client, w.peer_worker, w.peer))
    row = next(r for r in got["development.TrainingRecord"]["rows"] if r["id"] == w.training.pk)
    assert row["evidence"]["name"].endswith(".pdf")
    assert row["evidence"]["size"] == len(b"%PDF-1.4 twelve bytes")
    assert "twelve bytes" not in json.dumps(got)


def test_the_peers_own_download_is_not_logged(client, held):
    before = SensitiveAccessLog.objects.count()
    export_as(client, held.peer_worker, held.peer)
    assert SensitiveAccessLog.objects.count() == before


def test_an_ig_officers_download_logs_each_sensitive_record_it_contains(client, held):
    w = add_ig_officers(held)
    export_as(client, w.ig_officer, w.peer)
    logged = {
        (r.record_type, r.object_id)
        for r in SensitiveAccessLog.objects.filter(user=w.ig_officer, peer=w.peer, channel=Channel.EXPORT)
    }
    attendances = {str(a.pk) for a in w.peer.supervision_attendances.all()}
    assert logged == {
        (RecordType.LIVED_EXPERIENCE, str(w.peer.pk)),
        (RecordType.OCCUPATIONAL_HEALTH, str(w.placement.pk)),  # the reasonable adjustments
        (RecordType.WELLNESS_ACTION_PLAN, str(w.wap.pk)),
        *((RecordType.SUPERVISION_NOTES, pk) for pk in attendances),
    }


def test_an_hr_download_logs_only_the_sensitive_records_its_partial_export_holds(client, held):
    w = held
    export_as(client, w.hr_officer, w.peer)
    logged = {
        (r.record_type, r.object_id)
        for r in SensitiveAccessLog.objects.filter(user=w.hr_officer, peer=w.peer, channel=Channel.EXPORT)
    }
    # HR reads the reasonable adjustments on their pages; not the lived experience, the unshared plan or the notes.
    assert logged == {(RecordType.OCCUPATIONAL_HEALTH, str(w.placement.pk))}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_has_every_section_and_the_records_text(client, held):
    w = add_ig_officers(held)
    client.force_login(w.ig_officer)
    response = client.get(reverse("privacy:subject-access-pdf", args=[w.peer.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Everything held about Samira Okafor" in text
    for source in subject_access.REGISTRY:
        assert source.label in text, source.label
    assert "Peer support worker training" in text
    assert "Passed with merit." in text
    assert "Co-deliver a recovery college course." in text  # the deleted objective, from its history
    assert SensitiveAccessLog.objects.filter(user=w.ig_officer, peer=w.peer, channel=Channel.PDF).exists()


def test_the_page_lists_what_the_download_holds_with_links(client, held):
    w = held
    client.force_login(w.hr_officer)
    url = reverse("privacy:subject-access", args=[w.peer.pk])
    before = SensitiveAccessLog.objects.count()
    response = client.get(url)
    content = response.content.decode()
    assert "Held about Samira Okafor: a partial export" in content
    assert "This is a partial export." in content
    assert 'href="?format=json"' in content
    assert reverse("privacy:subject-access-pdf", args=[w.peer.pk]) in content
    assert "Wellness Action Plan" in content
    assert "Put these records under a legal hold" in content
    assert SensitiveAccessLog.objects.count() == before  # the page shows no record's contents


def test_the_peer_page_links_to_it_for_those_who_may(client, world):
    url = reverse("privacy:subject-access", args=[world.peer.pk])
    for user, shown in [
        (world.peer_worker, True),
        (world.hr_officer, True),
        (world.peer_lead, True),
        (world.line_manager, False),
        (world.supervisor, False),
    ]:
        client.force_login(user)
        page = client.get(world.peer.get_absolute_url())
        assert page.status_code == 200
        assert (url in page.content.decode()) is shown, user


def test_others_get_404(client, world):
    for user in (world.line_manager, world.supervisor, world.panel_member, world.other_trust_staff):
        client.force_login(user)
        for name in ("privacy:subject-access", "privacy:subject-access-pdf"):
            assert client.get(reverse(name, args=[world.peer.pk]) + "?format=json").status_code == 404
    client.force_login(world.peer_worker)
    assert client.get(reverse("privacy:subject-access", args=[world.colleague.pk])).status_code == 404


# --- Legal holds ---------------------------------------------------------------------------------------------


def test_hr_sets_a_legal_hold_with_a_reason(client, world):
    client.force_login(world.hr_officer)
    url = reverse("privacy:legal-hold-create", args=[world.applicant.pk])
    response = client.post(url, {"reason": "Employment tribunal claim ET/123."})
    assert response.status_code == 302
    hold = LegalHold.objects.get(peer=world.applicant)
    assert hold.in_force and hold.set_by == world.hr_officer
    assert hold.history.count() == 1


def test_a_hold_without_a_reason_is_refused_beside_the_field_and_nothing_is_saved(client, world):
    client.force_login(world.peer_lead)
    response = client.post(reverse("privacy:legal-hold-create", args=[world.applicant.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Say why the records must be kept, e.g. the claim or complaint."
    ]
    assert "There is a problem" in response.content.decode()
    assert 'for="id_reason"' in response.content.decode()
    assert not LegalHold.objects.exists()


def test_a_second_hold_in_force_is_refused(world):
    services.set_legal_hold(peer=world.applicant, by=world.hr_officer, reason="A complaint.")
    with pytest.raises(Exception) as error:
        services.set_legal_hold(peer=world.applicant, by=world.hr_officer, reason="Another.")
    assert "already under a legal hold" in str(error.value)
    assert LegalHold.objects.count() == 1


def test_the_peer_lead_releases_a_hold_with_a_reason(client, world):
    hold = services.set_legal_hold(peer=world.applicant, by=world.hr_officer, reason="A complaint.")
    client.force_login(world.peer_lead)
    url = reverse("privacy:legal-hold-release", args=[hold.pk])
    refused = client.post(url, {"release_reason": ""})
    assert refused.context["form"].errors["release_reason"] == ["Say why the hold is no longer needed."]
    hold.refresh_from_db()
    assert hold.in_force
    assert client.post(url, {"release_reason": "The complaint was closed on 3 May."}).status_code == 302
    hold.refresh_from_db()
    assert not hold.in_force and hold.released_by == world.peer_lead
    assert client.get(url).status_code == 404  # a released hold cannot be released again


def test_a_peer_cannot_set_a_hold_on_their_own_records(client, world):
    client.force_login(world.peer_worker)
    assert client.get(reverse("privacy:legal-hold-create", args=[world.peer.pk])).status_code == 404
    response = client.get(reverse("privacy:subject-access", args=[world.peer.pk]))
    assert "legal hold" not in response.content.decode()


def test_the_export_lists_legal_holds_and_sensitive_access_log_rows(client, world):
    services.set_legal_hold(peer=world.peer, by=world.hr_officer, reason="A claim.")
    client.force_login(world.peer_lead)
    client.get(world.peer.get_absolute_url())  # reads the lived-experience details: logged
    got = records(export_as(client, world.peer_worker, world.peer))
    assert [r["reason"] for r in got["privacy.LegalHold"]["rows"]] == ["A claim."]
    assert [r["record_type"] for r in got["programmes.SensitiveAccessLog"]["rows"]] == [RecordType.LIVED_EXPERIENCE]
    assert datetime.date.fromisoformat(export_as(client, world.peer_worker, world.peer)["generated_at"][:10])


def test_the_downloads_ask_for_the_password_again_after_a_while_and_log_nothing_before(client, held):
    import time_machine
    from django.conf import settings

    w = held
    page = reverse("privacy:subject-access", args=[w.peer.pk])
    pdf_url = reverse("privacy:subject-access-pdf", args=[w.peer.pk])
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        client.force_login(w.hr_officer)  # signing in counts as giving the password
        clock.shift(datetime.timedelta(minutes=settings.REAUTH_MINUTES + 1))
        before = SensitiveAccessLog.objects.count()
        assert client.get(page).status_code == 200  # the page lists counts only
        for url in (f"{page}?format=json", pdf_url):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("programmes:confirm-password"))
        assert SensitiveAccessLog.objects.count() == before
        response = client.post(
            response["Location"], {"password": factories.TEST_PASSWORD}
        )  # confirm, then back to the PDF
        assert response.status_code == 302 and response["Location"] == pdf_url
        assert client.get(pdf_url)["Content-Type"] == "application/pdf"
        assert client.get(page, {"format": "json"})["Content-Type"].startswith("application/json")
