"""The Wellness Action Plan: the peer's own (only they change it or whom it is shared with), its versions,
reviews and PDF; invisible (404) to the line manager until the peer shares it, and every read by someone
other than the peer logged."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from programmes.models import SensitiveAccessLog
from workforce import pdf
from workforce import services_supervision as services
from workforce.models import WapReview, WellnessActionPlan

WAP = SensitiveAccessLog.RecordType.WELLNESS_ACTION_PLAN


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


def wap_reads(**filters):
    return SensitiveAccessLog.objects.filter(record_type=WAP, **filters)


def test_a_peers_wap_is_404_to_their_line_manager_until_the_peer_shares_it(client, workforce):
    w = workforce
    url = reverse("workforce:wap-detail", args=[w.wap.pk])
    client.force_login(w.line_manager)
    assert client.get(url).status_code == 404
    assert client.get(reverse("workforce:wap-pdf", args=[w.wap.pk])).status_code == 404

    client.force_login(w.peer_worker)
    response = client.post(reverse("workforce:wap-sharing", args=[w.wap.pk]), {"line_manager": "on"})
    assert response.status_code == 302

    client.force_login(w.line_manager)
    response = client.get(url)
    assert response.status_code == 200 and "A walk at lunchtime." in response.content.decode()
    assert wap_reads(user=w.line_manager, peer=w.peer, channel="page").count() == 1
    # Still not the supervisor's or HR's to read.
    for someone in (w.supervisor, w.hr_officer):
        client.force_login(someone)
        assert client.get(url).status_code == 404


def test_unsharing_hides_the_plan_again(client, workforce):
    w = workforce
    services.share_wap(by=w.peer_worker, plan=w.wap, line_manager=True, supervisor=False, hr=False)
    client.force_login(w.peer_worker)
    client.post(reverse("workforce:wap-sharing", args=[w.wap.pk]), {})
    client.force_login(w.line_manager)
    assert client.get(reverse("workforce:wap-detail", args=[w.wap.pk])).status_code == 404


def test_the_peer_support_lead_always_sees_the_plan_and_the_read_is_logged(client, workforce):
    w = workforce
    client.force_login(w.peer_lead)
    assert client.get(reverse("workforce:wap-detail", args=[w.wap.pk])).status_code == 200
    assert wap_reads(user=w.peer_lead, peer=w.peer).count() == 1


def test_the_peers_own_reads_are_not_logged(client, workforce):
    w = workforce
    client.force_login(w.peer_worker)
    assert client.get(reverse("workforce:wap-mine")).status_code == 200
    assert client.get(reverse("workforce:wap-detail", args=[w.wap.pk])).status_code == 200
    assert client.get(reverse("workforce:wap-pdf", args=[w.wap.pk])).status_code == 200
    assert not wap_reads().exists()


def test_save_wap_bumps_the_version_and_keeps_every_version(workforce):
    w = workforce
    plan = services.save_wap(by=w.peer_worker, peer=w.peer, approaches="Walks; music on the bus.")
    assert plan.version == 2
    plan = services.save_wap(by=w.peer_worker, peer=w.peer, approaches="Walks; music on the bus.")
    assert plan.version == 2  # nothing changed: no new version
    plan = services.save_wap(by=w.peer_worker, peer=w.peer, workplace_triggers="Late changes to the rota.")
    assert plan.version == 3
    assert plan.history.count() == 3


def test_only_the_peer_changes_their_plan_or_its_sharing(workforce):
    w = workforce
    for someone in (w.line_manager, w.peer_lead, w.hr_officer):
        with pytest.raises(ValidationError, match="only they change it"):
            services.save_wap(by=someone, peer=w.peer, approaches="Changed by someone else.")
        with pytest.raises(ValidationError, match="only they change it"):
            services.share_wap(by=someone, plan=w.wap, line_manager=True, supervisor=True, hr=True)
    w.wap.refresh_from_db()
    assert w.wap.approaches == "A walk at lunchtime." and not w.wap.shared_with
    assert w.wap.version == 1


def test_the_peer_writes_a_first_plan_through_the_page(client, workforce):
    w = workforce
    w.wap.delete()
    client.force_login(w.peer_worker)
    assert "Write your plan" in client.get(reverse("workforce:wap-mine")).content.decode()
    response = client.post(
        reverse("workforce:wap-create"),
        {"approaches": "Swimming on Saturdays.", "review_on": "2027-02-01"},
    )
    plan = WellnessActionPlan.objects.get(peer=w.peer)
    assert response["Location"] == plan.get_absolute_url()
    assert plan.version == 1 and plan.approaches == "Swimming on Saturdays." and not plan.shared_with


def test_a_peer_with_a_plan_is_taken_to_it_from_write_your_plan(client, workforce):
    w = workforce
    client.force_login(w.peer_worker)
    response = client.get(reverse("workforce:wap-create"))
    assert response["Location"] == reverse("workforce:wap-mine")


def test_a_bad_review_date_is_shown_beside_the_field_and_nothing_is_saved(client, workforce):
    w = workforce
    client.force_login(w.peer_worker)
    response = client.post(reverse("workforce:wap-update", args=[w.wap.pk]), {"review_on": "not a date"})
    assert response.status_code == 200 and "review_on" in response.context["form"].errors
    w.wap.refresh_from_db()
    assert w.wap.version == 1 and w.wap.approaches == "A walk at lunchtime."


def test_the_edit_page_saves_a_new_version(client, workforce):
    w = workforce
    client.force_login(w.peer_worker)
    data = {"approaches": "A walk at lunchtime, and a proper lunch break.", "early_warning_signs": "Going quiet."}
    response = client.post(reverse("workforce:wap-update", args=[w.wap.pk]), data)
    assert response.status_code == 302
    w.wap.refresh_from_db()
    assert w.wap.version == 2 and w.wap.workplace_triggers == ""


def test_the_versions_page_shows_the_peer_every_version_and_others_only_what_changed(client, workforce):
    w = workforce
    services.save_wap(by=w.peer_worker, peer=w.peer, approaches="Cycling instead.")
    services.share_wap(by=w.peer_worker, plan=w.wap, line_manager=True, supervisor=False, hr=False)
    url = reverse("workforce:wap-versions", args=[w.wap.pk])
    client.force_login(w.peer_worker)
    html = client.get(url).content.decode()
    assert "A walk at lunchtime." in html and "Cycling instead." in html  # each version's words
    assert "Approaches and behaviours that support my wellbeing" in html
    client.force_login(w.line_manager)
    response = client.get(url)
    html = response.content.decode()
    assert "A walk at lunchtime." not in html and "Cycling instead." not in html
    assert [v.version for v, _ in response.context["versions"]] == [2, 2, 1]
    assert "My line manager" in html  # what changed: the sharing


def test_a_review_sets_the_plans_agreed_review_date(client, workforce):
    w = workforce
    client.force_login(w.line_manager)
    url = reverse("workforce:wap-review-create", args=[w.shared_wap.pk])
    response = client.post(
        url,
        {
            "reviewed_on": "2026-11-09",
            "what_is_working": "Cycling to work.",
            "changes_agreed": "A later start on Mondays.",
            "next_review_on": "2027-05-01",
        },
    )
    assert response["Location"] == w.shared_wap.get_absolute_url()
    w.shared_wap.refresh_from_db()
    assert w.shared_wap.review_on == datetime.date(2027, 5, 1)
    review = w.shared_wap.reviews.first()
    assert review.reviewed_with == w.line_manager and review.changes_agreed == "A later start on Mondays."


def test_a_next_review_before_this_one_is_refused_beside_the_field(client, workforce):
    w = workforce
    client.force_login(w.peer_worker)
    before = WapReview.objects.count()
    response = client.post(
        reverse("workforce:wap-review-create", args=[w.wap.pk]),
        {"reviewed_on": "2026-11-09", "next_review_on": "2026-11-01"},
    )
    assert response.context["form"].errors["next_review_on"] == ["The next review must come after this one."]
    assert WapReview.objects.count() == before
    w.wap.refresh_from_db()
    assert w.wap.review_on == datetime.date(2026, 12, 1)


def test_someone_the_plan_is_not_shared_with_cannot_review_it(workforce):
    w = workforce
    with pytest.raises(ValidationError):
        services.record_wap_review(
            by=w.line_manager,
            plan=w.wap,
            reviewed_on=datetime.date(2026, 11, 9),
            next_review_on=datetime.date(2027, 1, 1),
        )
    assert not w.wap.reviews.exists()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_has_the_plan_in_seed_001s_words(workforce):
    w = workforce
    text = pdf_text(pdf.wap_pdf(w.wap).read())
    for expected in (
        "Wellness Action Plan: Samira Okafor",
        "Approaches and behaviours that support my wellbeing",
        "A walk at lunchtime.",
        "Back-to-back meetings.",
        "Going quiet in team meetings.",
        "1 December 2026",
        "Version 1",
    ):
        assert expected in text, expected
    assert pdf.wap_filename(w.wap) == "wellness-action-plan-samira-okafor-v1.pdf"


def test_the_peer_downloads_the_pdf_and_another_reader_s_download_is_logged(client, workforce):
    w = workforce
    client.force_login(w.peer_worker)
    response = client.get(reverse("workforce:wap-pdf", args=[w.wap.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="wellness-action-plan-samira-okafor-v1.pdf"'
    assert "A walk at lunchtime." in pdf_text(b"".join(response.streaming_content))
    client.force_login(w.peer_lead)
    assert client.get(reverse("workforce:wap-pdf", args=[w.wap.pk])).status_code == 200
    assert wap_reads(user=w.peer_lead, channel=SensitiveAccessLog.Channel.PDF).count() == 1
