"""Recruitment's adverts part through its pages: vacancies and their adverts (and the advert's PDF),
orientation sessions with bookings and attendance, benefits advice, and a peer's recruitment summary.
Bad input is explained beside its field and saves nothing; what each person is shown or refused."""

from __future__ import annotations

import datetime
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from recruitment import services
from recruitment.models import BenefitsAdvice, OrientationBooking, OrientationSession, Vacancy
from recruitment.views_adverts import advert_pdf
from tests.programmes.test_job_description_pdf import structure_types
from tests.recruitment.world import make_vacancy

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world]


# --- Helpers --------------------------------------------------------------------------------------


def field_html(response, name: str) -> str:
    """The rendered block of one form field: its label, input, help and errors."""
    html = response.content.decode()
    start = html.index(f'id="div_id_{name}"')
    end = html.find('id="div_id_', start + 1)
    return html[start : end if end != -1 else html.index("</form>", start)]


def assert_beside_field(response, name: str, message: str) -> None:
    assert response.status_code == 200
    block = unescape(field_html(response, name))
    assert message in block, block
    assert "There is a problem" in response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def squeeze(text: str) -> str:
    return re.sub(r"[\s\u00ad\-‐]+", "", text)


def advert_data(w, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "post": w.vacant_post.pk,
        "job_title": "Peer Support Worker",
        "reference": "NS-PSW-02",
        "location": "Riverside CMHT, Northshire",
        "job_type": "permanent",
        "pay_band": "Band 3",
        "hours": "30",
        "introduction": "Use your own experience of recovery to support others.",
        "about_the_trust": "We provide community mental health services.",
        "key_details": "Supervision every month.",
        "essential_criteria": "Lived experience of mental health problems\nGood listening skills",
        "informal_contact_name": "Jo Marsh",
        "informal_contact_details": "jo.marsh@example.org",
        "where_advertised": "NHS Jobs\nLocal user groups",
        "advertised_to_user_groups": "on",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=21)).isoformat(),
        "status": "open",
    }
    data.update(overrides)
    return data


# --- Vacancies ------------------------------------------------------------------------------------


def test_the_vacancy_list_shows_post_team_dates_status_and_applications(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:vacancy-list"))
    html = response.content.decode()
    assert response.status_code == 200
    row = next(v for v in response.context["object_list"] if v.pk == w.vacancy.pk)
    assert row.application_count == 2
    assert "Riverside CMHT" in html and "Open for applications" in html
    assert w.vacancy.closes_on.strftime("%-d %b %Y") in html


def test_the_vacancy_list_filters_by_status(client, recruitment):
    w = recruitment
    make_vacancy(by=w.hr_officer, post=w.vacant_post, status=Vacancy.Status.DRAFT, job_title="Draft advert")
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:vacancy-list"), {"status": "draft"})
    assert [v.job_title for v in response.context["object_list"]] == ["Draft advert"]


def test_the_line_manager_sees_only_their_teams_vacancies(client, recruitment):
    w = recruitment
    client.force_login(w.line_manager)
    listed = {v.pk for v in client.get(reverse("recruitment:vacancy-list")).context["object_list"]}
    assert w.vacancy.pk in listed and w.senior_vacancy.pk not in listed


def test_a_new_vacancy_is_filled_in_from_the_posts_job_description(client, recruitment):
    w = recruitment
    client.force_login(w.peer_lead)
    response = client.get(reverse("recruitment:vacancy-create"), {"post": w.vacant_post.pk})
    form = response.context["form"]
    assert form.initial["post"] == w.vacant_post
    assert form.initial["job_title"] == "Peer Support Worker"
    assert form.initial["pay_band"] == "Band 2"
    assert form.initial["essential_criteria"]  # the person specification's essential criteria
    assert "Fill the advert from a post" in response.content.decode()


def test_a_post_of_another_trust_fills_in_nothing(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:vacancy-create"), {"post": w.other_trust_post.pk})
    assert response.status_code == 200
    assert "job_title" not in response.context["form"].initial


def test_hr_opens_a_vacancy(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(reverse("recruitment:vacancy-create"), advert_data(w), follow=True)
    vacancy = Vacancy.objects.get(reference="NS-PSW-02")
    assert response.redirect_chain[-1][0] == vacancy.get_absolute_url()
    assert vacancy.post == w.vacant_post and vacancy.advertised_to_user_groups
    assert messages_of(response) == ["Vacancy Peer Support Worker added."]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"job_title": ""}, "job_title", "Enter the job title."),
        ({"hours": "40"}, "hours", "less than or equal to 37.5"),
        ({"closes_on": "2020-01-01"}, "closes_on", "The closing date must be on or after the opening date."),
        ({"opens_on": "not a date"}, "opens_on", "Enter a valid date."),
        ({"post": ""}, "post", "Choose the post."),
    ],
)
def test_bad_input_on_a_new_vacancy_is_explained_beside_its_field(client, recruitment, overrides, field, message):
    w = recruitment
    before = Vacancy.objects.count()
    client.force_login(w.hr_officer)
    response = client.post(reverse("recruitment:vacancy-create"), advert_data(w, **overrides))
    assert_beside_field(response, field, message)
    assert Vacancy.objects.count() == before


def test_a_vacancy_cannot_be_opened_for_a_post_of_another_trust(client, recruitment):
    w = recruitment
    before = Vacancy.objects.count()
    client.force_login(w.hr_officer)
    response = client.post(reverse("recruitment:vacancy-create"), advert_data(w, post=w.other_trust_post.pk))
    assert_beside_field(response, "post", "Select a valid choice")
    assert Vacancy.objects.count() == before


def test_the_advert_edit_page_gives_recovery_language_advice(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    url = reverse("recruitment:vacancy-update", args=[w.vacancy.pk])
    assert "Recovery-focused language" in client.get(url).content.decode()
    data = advert_data(w, introduction="Support people who are noncompliant with their plans.")
    del data["post"]
    response = client.post(url, {**data, "closes_on": "2000-01-01"})
    assert response.context["language_advice"], "deficit-based wording in the submitted text is advised on"
    assert_beside_field(response, "closes_on", "The closing date must be on or after the opening date.")
    w.vacancy.refresh_from_db()
    assert w.vacancy.reference == "NS-PSW-01"


def test_hr_edits_the_advert_and_the_history_shows_it(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    data = advert_data(w, reference="NS-PSW-01b", status="closed")
    del data["post"]
    response = client.post(reverse("recruitment:vacancy-update", args=[w.vacancy.pk]), data, follow=True)
    w.vacancy.refresh_from_db()
    assert w.vacancy.reference == "NS-PSW-01b" and w.vacancy.status == Vacancy.Status.CLOSED
    assert "reference" in str(response.context["history"][0].changed_fields)


def test_the_line_manager_cannot_edit_the_advert(client, recruitment):
    w = recruitment
    client.force_login(w.line_manager)
    data = advert_data(w)
    del data["post"]
    response = client.post(reverse("recruitment:vacancy-update", args=[w.vacancy.pk]), data)
    assert response.status_code == 404
    w.vacancy.refresh_from_db()
    assert w.vacancy.reference == "NS-PSW-01"


def test_the_vacancy_page_lays_out_the_advert_and_links_to_its_recruitment(client, recruitment):
    w = recruitment
    services.update_vacancy(
        vacancy=w.vacancy,
        by=w.hr_officer,
        informal_contact_name="Jo Marsh",
        where_advertised="NHS Jobs\nNorthshire Hearing Voices group",
        advertised_to_user_groups=True,
    )
    client.force_login(w.hr_officer)
    html = client.get(reverse("recruitment:vacancy-detail", args=[w.vacancy.pk])).content.decode()
    for heading in (
        "Job title",
        "Location",
        "Job type",
        "Pay band",
        "Number of hours",
        "Introduction",
        "Information about the trust or department",
        "Key details of the post",
        "Details of the essential criteria",
        "Contact details for informal discussion",
        "Where advertised",
        "Northshire Hearing Voices group",
        "Jo Marsh",
        "History",
    ):
        assert heading in html, heading
    assert reverse("recruitment:vacancy-pdf", args=[w.vacancy.pk]) in html
    assert reverse("recruitment:vacancy-update", args=[w.vacancy.pk]) in html
    assert "Group interview" in html


def test_the_line_manager_sees_the_advert_but_no_edit_links(client, recruitment):
    w = recruitment
    client.force_login(w.line_manager)
    response = client.get(reverse("recruitment:vacancy-detail", args=[w.vacancy.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("recruitment:vacancy-update", args=[w.vacancy.pk]) not in html
    assert "Add an interview" not in html and "Record an application" not in html


# --- The advert's PDF -------------------------------------------------------------------------------


def test_the_advert_pdf_has_the_adverts_fields_trust_reference_and_dates(client, recruitment):
    w = recruitment
    services.update_vacancy(
        vacancy=w.vacancy,
        by=w.hr_officer,
        essential_criteria="Lived experience of mental health problems\nGood listening skills",
        informal_contact_name="Jo Marsh",
        informal_contact_details="01632 960000",
    )
    client.force_login(w.line_manager)
    response = client.get(reverse("recruitment:vacancy-pdf", args=[w.vacancy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="advert-peer-support-worker-ns-psw-01.pdf"'
    data = b"".join(response.streaming_content)
    text = squeeze(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    for expected in (
        "Peer Support Worker",
        "Northshire Health and Care NHS Foundation Trust",
        "NS-PSW-01",
        "Band 2",
        "Information about the trust or department",
        "Lived experience of mental health problems",
        "Good listening skills",
        "Jo Marsh",
        "01632 960000",
        w.vacancy.closes_on.strftime("%-d %B %Y"),
        w.vacancy.opens_on.strftime("%-d %B %Y"),
    ):
        assert squeeze(expected) in text, expected


def test_the_advert_pdf_is_tagged_pdf_ua_1_in_british_english(recruitment):
    reader = PdfReader(advert_pdf(recruitment.vacancy))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert {"/H1", "/H2", "/H3", "/L", "/LI"} <= structure_types(catalog["/StructTreeRoot"], set())
    assert catalog["/Lang"] == "en-GB"
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    assert reader.metadata.title == "Job advert: Peer Support Worker"
    assert reader.metadata.author == "Northshire Health and Care NHS Foundation Trust"


def test_the_supervisor_gets_no_advert_pdf(client, recruitment):
    client.force_login(recruitment.supervisor)
    assert client.get(reverse("recruitment:vacancy-pdf", args=[recruitment.vacancy.pk])).status_code == 404


# --- Orientation sessions ------------------------------------------------------------------------


def session_data(w, **overrides) -> dict:
    data = {
        "programme": w.programme.pk,
        "starts_at": (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Recovery College, Northshire",
        "capacity": "10",
        "vacancies": [w.vacancy.pk],
        "covered_training": "on",
        "covered_benefits_advice": "on",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_the_orientation_list_shows_attrition_per_session(client, recruitment):
    w = recruitment
    services.record_attendance(session=w.orientation, attended={w.booking.pk: True}, by=w.hr_officer)
    client.force_login(w.peer_lead)
    response = client.get(reverse("recruitment:orientation-list"))
    session = next(s for s in response.context["object_list"] if s.pk == w.orientation.pk)
    assert (session.booked, session.attended_count, session.did_not_attend, session.went_on_to_apply) == (1, 1, 0, 1)
    assert "Went on to apply" in response.content.decode()


def test_hr_adds_an_orientation_session_with_what_it_covers(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    page = client.get(reverse("recruitment:orientation-create")).content.decode()
    assert "<legend" in page and "What the session covers" in page
    response = client.post(reverse("recruitment:orientation-create"), session_data(w), follow=True)
    session = OrientationSession.objects.get(capacity=10)
    assert response.redirect_chain[-1][0] == session.get_absolute_url()
    assert session.covered_training and session.covered_benefits_advice and not session.covered_dbs_process
    assert list(session.vacancies.all()) == [w.vacancy]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"capacity": "0"}, "capacity", "greater than or equal to 1"),
        ({"place": ""}, "place", "Enter the place."),
        ({"starts_at": ""}, "starts_at", "Enter the date and time."),
        ({"programme": ""}, "programme", "Choose the programme."),
    ],
)
def test_bad_input_on_an_orientation_session_is_explained_beside_its_field(
    client, recruitment, overrides, field, message
):
    w = recruitment
    before = OrientationSession.objects.count()
    client.force_login(w.hr_officer)
    response = client.post(reverse("recruitment:orientation-create"), session_data(w, **overrides))
    assert_beside_field(response, field, message)
    assert OrientationSession.objects.count() == before


def test_a_session_covers_only_its_own_trusts_vacancies(client, recruitment):
    w = recruitment
    other_vacancy = make_vacancy(by=w.administrator, post=w.other_trust_post)
    client.force_login(w.administrator)
    response = client.post(reverse("recruitment:orientation-create"), session_data(w, vacancies=[other_vacancy.pk]))
    assert_beside_field(response, "vacancies", "Choose only vacancies of the programme's own trust.")


def test_hr_edits_a_session(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    url = reverse("recruitment:orientation-update", args=[w.orientation.pk])
    data = session_data(w, starts_at=timezone.localtime(w.orientation.starts_at).strftime("%Y-%m-%dT%H:%M"))
    data["vacancies"] = []
    client.post(url, data)
    w.orientation.refresh_from_db()
    assert w.orientation.capacity == 10 and not w.orientation.vacancies.exists()


def test_the_session_page_shows_bookings_coverage_and_attrition(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    html = client.get(reverse("recruitment:orientation-detail", args=[w.orientation.pk])).content.decode()
    assert "Chris Bell" in html and "Not recorded" in html
    assert "The DBS check: <strong>covered</strong>" in html
    assert "1 booked, 0 attended" in html
    assert reverse("recruitment:orientation-attendance", args=[w.orientation.pk]) in html


def test_hr_books_a_place_for_a_peer(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:orientation-booking-create", args=[w.orientation.pk]),
        {"peer": w.colleague.pk},
        follow=True,
    )
    assert OrientationBooking.objects.filter(session=w.orientation, peer=w.colleague).exists()
    assert messages_of(response) == ["Place booked for Daniel Whitfield."]


def test_a_second_booking_for_the_same_person_is_refused_beside_the_field(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:orientation-booking-create", args=[w.orientation.pk]), {"peer": w.applicant.pk}
    )
    assert_beside_field(response, "peer", "Chris Bell already has a place at this session.")
    assert w.orientation.bookings.count() == 1


def test_a_booking_on_a_full_session_is_refused_beside_the_field(client, recruitment):
    w = recruitment
    services.update_orientation_session(session=w.orientation, by=w.hr_officer, capacity=1)
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:orientation-booking-create", args=[w.orientation.pk]), {"peer": w.colleague.pk}
    )
    assert_beside_field(response, "peer", "The session is full: all 1 places are booked.")
    assert w.orientation.bookings.count() == 1


def test_a_booking_needs_a_person_of_the_sessions_trust(client, recruitment):
    w = recruitment
    client.force_login(w.administrator)
    url = reverse("recruitment:orientation-booking-create", args=[w.orientation.pk])
    assert_beside_field(client.post(url, {"peer": ""}), "peer", "Choose the person booking a place.")
    assert_beside_field(client.post(url, {"peer": w.other_trust_peer.pk}), "peer", "Choose a person from the list.")
    assert w.orientation.bookings.count() == 1


def test_hr_records_attendance_with_one_fieldset_per_booking(client, recruitment):
    w = recruitment
    other = services.book_orientation_place(session=w.orientation, peer=w.colleague, by=w.hr_officer)
    client.force_login(w.hr_officer)
    url = reverse("recruitment:orientation-attendance", args=[w.orientation.pk])
    html = client.get(url).content.decode()
    assert html.count("<legend") == 2 and "Did not attend" in html
    client.post(url, {f"booking-{w.booking.pk}": "yes", f"booking-{other.pk}": "no"})
    w.booking.refresh_from_db()
    other.refresh_from_db()
    assert (w.booking.attended, other.attended) == (True, False)
    client.post(url, {f"booking-{w.booking.pk}": "", f"booking-{other.pk}": "no"})
    w.booking.refresh_from_db()
    assert w.booking.attended is None


def test_attendance_at_a_session_still_to_come_is_refused(client, recruitment):
    w = recruitment
    future = services.create_orientation_session(
        by=w.hr_officer,
        programme=w.programme,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Library",
        capacity=5,
    )
    booking = services.book_orientation_place(session=future, peer=w.applicant, by=w.hr_officer)
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:orientation-attendance", args=[future.pk]), {f"booking-{booking.pk}": "yes"}
    )
    assert response.status_code == 200
    assert "Attendance can be recorded once the session has started." in response.content.decode()
    booking.refresh_from_db()
    assert booking.attended is None


def test_an_unknown_attendance_answer_is_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:orientation-attendance", args=[w.orientation.pk]), {f"booking-{w.booking.pk}": "maybe"}
    )
    assert "Select a valid choice" in response.content.decode()
    w.booking.refresh_from_db()
    assert w.booking.attended is None


def test_staff_of_another_trust_cannot_book_places(client, recruitment):
    w = recruitment
    client.force_login(w.other_trust_staff)
    response = client.post(
        reverse("recruitment:orientation-booking-create", args=[w.orientation.pk]), {"peer": w.other_trust_peer.pk}
    )
    assert response.status_code == 404
    assert w.orientation.bookings.count() == 1


# --- Benefits advice and a peer's recruitment ------------------------------------------------------


def test_hr_records_benefits_advice_shown_on_the_peers_recruitment_page(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:benefits-advice-create", args=[w.colleague.pk]),
        {
            "given_on": timezone.localdate().isoformat(),
            "given_by": "Northshire Welfare Rights",
            "session": w.orientation.pk,
            "better_off_calculation_done": "on",
            "notes": "Better off by £40 a week.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("recruitment:peer-recruitment", args=[w.colleague.pk])
    advice = BenefitsAdvice.objects.get(peer=w.colleague)
    assert advice.better_off_calculation_done and not advice.signposting_given
    assert "Northshire Welfare Rights" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"given_by": ""}, "given_by", "Enter who gave the advice."),
        ({"given_on": ""}, "given_on", "Enter the date the advice was given."),
        ({"given_on": "31/02/2026"}, "given_on", "Enter a valid date."),
    ],
)
def test_bad_input_on_benefits_advice_is_explained_beside_its_field(client, recruitment, overrides, field, message):
    w = recruitment
    client.force_login(w.hr_officer)
    data = {"given_on": timezone.localdate().isoformat(), "given_by": "Citizens Advice", **overrides}
    response = client.post(reverse("recruitment:benefits-advice-create", args=[w.colleague.pk]), data)
    assert_beside_field(response, field, message)
    assert not BenefitsAdvice.objects.filter(peer=w.colleague).exists()


def test_the_peer_recruitment_page_shows_applications_bookings_and_advice(client, recruitment):
    w = recruitment
    client.force_login(w.peer_lead)
    response = client.get(reverse("recruitment:peer-recruitment", args=[w.applicant.pk]))
    html = response.content.decode()
    assert [a.pk for a in response.context["applications"]] == [w.application.pk]
    assert "Conditional offer" in html
    assert [b.pk for b in response.context["bookings"]] == [w.booking.pk]
    assert "Citizens Advice" in html and "Record benefits advice" in html


def test_the_line_manager_sees_only_applications_for_their_teams_posts(client, recruitment):
    w = recruitment
    client.force_login(w.line_manager)
    response = client.get(reverse("recruitment:peer-recruitment", args=[w.peer.pk]))
    assert response.status_code == 200
    assert list(response.context["applications"]) == []  # the senior post is in another team
    assert "Record benefits advice" not in response.content.decode()
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:peer-recruitment", args=[w.peer.pk]))
    assert [a.pk for a in response.context["applications"]] == [w.own_application.pk]


def test_a_peer_sees_their_own_applications(client, recruitment):
    w = recruitment
    client.force_login(w.peer_worker)
    response = client.get(reverse("recruitment:peer-recruitment", args=[w.peer.pk]))
    assert [a.pk for a in response.context["applications"]] == [w.own_application.pk]
    assert client.get(reverse("recruitment:peer-recruitment", args=[w.applicant.pk])).status_code == 404


def test_a_peer_cannot_record_benefits_advice_for_themselves(client, recruitment):
    w = recruitment
    client.force_login(w.peer_worker)
    response = client.post(
        reverse("recruitment:benefits-advice-create", args=[w.peer.pk]),
        {"given_on": timezone.localdate().isoformat(), "given_by": "Me"},
    )
    assert response.status_code == 404
    assert not BenefitsAdvice.objects.filter(peer=w.peer).exists()


def test_staff_of_another_trust_see_none_of_the_trusts_peers(client, recruitment):
    w = recruitment
    client.force_login(w.other_trust_staff)
    assert client.get(reverse("recruitment:peer-recruitment", args=[w.applicant.pk])).status_code == 404


def test_a_peer_sees_the_benefits_advice_given_to_them_but_cannot_add_any(client, recruitment):
    from recruitment import services

    w = recruitment
    services.record_benefits_advice(
        peer=w.peer, by=w.hr_officer, given_on=w.vacancy.opens_on, given_by="Welfare rights service"
    )
    client.force_login(w.peer_worker)
    response = client.get(reverse("recruitment:peer-recruitment", args=[w.peer.pk]))
    assert response.status_code == 200
    assert "Welfare rights service" in response.content.decode()
    assert not response.context["can_add_benefits_advice"]
    assert client.get(reverse("recruitment:benefits-advice-create", args=[w.peer.pk])).status_code == 404
