"""Subject access is fulfilled for the data subject (issue 21, defect 4): the full export goes to the peer and to the
information governance officer of the peer's trust; HR (trust-wide or limited to a team) and the peer lead download
a partial export holding only what their role reads on the pages: no supervision notes or wellbeing checks of
sessions they did not hold, no Wellness Action Plan not shared with them, no lived experience they may not read.
Each download is logged as before; the page says it is partial and who provides the full one."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from privacy import subject_access
from programmes import access
from programmes.models import SensitiveAccessLog
from tests.privacy.ig import add_ig_officers

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

Channel = SensitiveAccessLog.Channel
NOTES, WELLBEING, WAP, LIVED = "ZQSARNOTES", "ZQSARWELLBEING", "ZQSARWAP", "ZQSARLIVED"
MANAGERIAL, ADJUSTMENTS = "ZQSARMANAGERIAL", "ZQSARADJUST"
HIDDEN = {NOTES, WELLBEING, WAP, LIVED, MANAGERIAL}


@pytest.fixture
def marked(workforce):
    """Samira's records with markers: her lived experience, her plan (shared with nobody), her group session's notes
    and wellbeing check (held by the supervisor), her managerial session's notes (the line manager), and the
    reasonable adjustments on her placement (HR and the peer lead read those)."""
    w = add_ig_officers(workforce)
    w.peer.lived_experience_summary = f"Psychosis in my twenties; {LIVED}."
    w.peer.save()
    w.wap.approaches = f"A walk at lunchtime; {WAP}."
    w.wap.save()
    w.attendance.notes = f"Talked about boundaries; {NOTES}."
    w.attendance.wellbeing_check = f"Tired but well; {WELLBEING}."
    w.attendance.save()
    managerial = w.managerial_session.attendances.get()
    managerial.notes = f"Workload agreed; {MANAGERIAL}."
    managerial.save()
    w.placement.reasonable_adjustments = f"A quiet room; {ADJUSTMENTS}."
    w.placement.save()
    return w


def download(client, user, peer, kind: str):
    client.force_login(user)
    if kind == "json":
        return client.get(reverse("privacy:subject-access", args=[peer.pk]), {"format": "json"})
    return client.get(reverse("privacy:subject-access-pdf", args=[peer.pk]))


def text_of(response) -> str:
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode()


@pytest.mark.parametrize("kind", ["json", "pdf"])
@pytest.mark.parametrize("who", ["hr_officer", "team_hr"])
def test_hrs_download_holds_no_notes_wellbeing_unshared_plan_or_lived_experience(client, marked, who, kind):
    text = text_of(download(client, getattr(marked, who), marked.peer, kind))
    assert not [m for m in HIDDEN if m in text]
    assert ADJUSTMENTS in text  # what HR reads on the placement page is there
    assert "partial export" in text


@pytest.mark.parametrize("kind", ["json", "pdf"])
def test_the_peer_leads_download_holds_no_supervision_notes_or_wellbeing_check(client, marked, kind):
    text = text_of(download(client, marked.peer_lead, marked.peer, kind))
    assert not [m for m in (NOTES, WELLBEING, MANAGERIAL) if m in text]
    # The peer lead reads every plan and the lived experience on their pages (DESIGN section 3), so they are there.
    assert {LIVED, WAP, ADJUSTMENTS} <= {m for m in (LIVED, WAP, ADJUSTMENTS) if m in text}


def test_a_plan_shared_with_hr_and_notes_of_a_session_they_held_are_in_their_download(client, marked):
    w = marked
    w.wap.shared_with_hr = True
    w.wap.save()
    w.managerial_session.supervisor = w.peer_lead
    w.managerial_session.save()
    assert WAP in text_of(download(client, w.hr_officer, w.peer, "json"))
    assert MANAGERIAL in text_of(download(client, w.peer_lead, w.peer, "json"))


@pytest.mark.parametrize("kind", ["json", "pdf"])
@pytest.mark.parametrize("who", ["peer_worker", "ig_officer"])
def test_the_peer_and_the_ig_officer_get_everything(client, marked, who, kind):
    text = text_of(download(client, getattr(marked, who), marked.peer, kind))
    assert not [m for m in (*HIDDEN, ADJUSTMENTS) if m not in text]
    assert "partial export" not in text


def test_the_partial_json_says_so_names_the_ig_officer_and_lists_withheld_fields(client, marked):
    document = json.loads(text_of(download(client, marked.hr_officer, marked.peer, "json")))
    assert document["partial"] is True
    assert "Nadia Iqbal" in document["note"]
    person = next(r for r in document["records"] if r["model"] == "programmes.Peer")
    assert person["withheld_fields"] == ["lived_experience_summary"]
    assert person["rows"][0]["lived_experience_summary"] is None
    assert all(h["lived_experience_summary"] is None for h in person["history"])
    attended = next(r for r in document["records"] if r["model"] == "workforce.SupervisionAttendance")
    assert attended["rows"] == [] and attended["history"] == []
    full = json.loads(text_of(download(client, marked.ig_officer, marked.peer, "json")))
    assert full["partial"] is False and "withheld_fields" not in full["records"][0]


def test_the_page_says_it_is_partial_and_who_provides_the_full_export(client, marked):
    client.force_login(marked.hr_officer)
    content = client.get(reverse("privacy:subject-access", args=[marked.peer.pk])).content.decode()
    assert "This is a partial export." in content
    assert "information governance officer of Northshire Health and Care NHS Foundation Trust, Nadia Iqbal" in content
    client.force_login(marked.ig_officer)
    content = client.get(reverse("privacy:subject-access", args=[marked.peer.pk])).content.decode()
    assert "partial export" not in content and "Everything held about Samira Okafor" in content


def test_every_download_is_logged_with_what_it_held(client, marked):
    w = marked
    for user, kind, channel in [(w.hr_officer, "json", Channel.EXPORT), (w.ig_officer, "pdf", Channel.PDF)]:
        text_of(download(client, user, w.peer, kind))
        assert SensitiveAccessLog.objects.filter(user=user, peer=w.peer, channel=channel).exists()
    hr_types = set(SensitiveAccessLog.objects.filter(user=w.hr_officer).values_list("record_type", flat=True))
    assert hr_types == {SensitiveAccessLog.RecordType.OCCUPATIONAL_HEALTH}
    ig_types = set(SensitiveAccessLog.objects.filter(user=w.ig_officer).values_list("record_type", flat=True))
    assert ig_types >= {
        SensitiveAccessLog.RecordType.LIVED_EXPERIENCE,
        SensitiveAccessLog.RecordType.SUPERVISION_NOTES,
        SensitiveAccessLog.RecordType.WELLNESS_ACTION_PLAN,
    }


def test_the_ig_officer_of_another_trust_gets_404(client, marked):
    client.force_login(marked.other_trust_ig_officer)
    for name in ("privacy:subject-access", "privacy:subject-access-pdf"):
        assert client.get(reverse(name, args=[marked.peer.pk]), {"format": "json"}).status_code == 404


def test_every_source_of_the_registry_has_a_rule_for_the_partial_export(marked):
    """A new source is empty in a partial export until programmes.access says who reads it: this names it."""
    rules = access.subject_access_rules(marked.hr_officer, marked.peer)
    assert {s.model for s in subject_access.REGISTRY} == set(rules.rows)
    assert access.subject_access_rules(marked.peer_worker, marked.peer) is None
    assert access.subject_access_rules(marked.ig_officer, marked.peer) is None


def test_the_ig_officer_finds_the_peer_without_reading_anything_sensitive(client, marked):
    w = marked
    client.force_login(w.ig_officer)
    listed = client.get(reverse("programmes:peer-list")).content.decode()
    assert "Samira Okafor" in listed and "Wes Vale" not in listed
    page = client.get(w.peer.get_absolute_url()).content.decode()
    assert reverse("privacy:subject-access", args=[w.peer.pk]) in page
    assert LIVED not in page and reverse("workforce:peer-supervision", args=[w.peer.pk]) not in page
    assert not SensitiveAccessLog.objects.filter(user=w.ig_officer).exists()
    for url in (
        reverse("workforce:wap-detail", args=[w.wap.pk]),
        reverse("workforce:supervision-detail", args=[w.group_session.pk]),
        reverse("workforce:placement-detail", args=[w.placement.pk]),
        reverse("privacy:legal-hold-create", args=[w.peer.pk]),
    ):
        assert client.get(url).status_code == 404, url
