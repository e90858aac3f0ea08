"""Recruitment's applications part through its pages: applications and referees, moves through the
pipeline (every refused move explained beside the field, nothing changed), shortlisting marks and the
ranked shortlist, interviews with panels and invitations, scores and the outcome. Bad input is explained
beside its field and saves nothing; what each person is shown or refused."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment import selectors, services
from recruitment.models import Application, Interview, InterviewDimension, InterviewScore, ShortlistingMark
from tests import factories
from tests.recruitment.world import mark_all

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world]
Stage = Application.Stage


# --- Helpers --------------------------------------------------------------------------------------


def page(response) -> str:
    return unescape(response.content.decode())


def field_html(response, name: str) -> str:
    """The rendered block of one form field: its label, input, help and errors."""
    html = response.content.decode()
    start = html.index(f'id="div_id_{name}"')
    end = html.find('id="div_id_', start + 1)
    return unescape(html[start : end if end != -1 else html.index("</form>", start)])


def assert_beside_field(response, name: str, message: str) -> None:
    assert response.status_code == 200
    assert message in field_html(response, name)
    assert "There is a problem" in response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def new_application(w, *, name="Sam Taylor", **fields) -> Application:
    return services.submit_application(
        vacancy=w.vacancy,
        applicant=factories.PeerFactory(trust=w.trust, full_name=name),
        by=w.hr_officer,
        applied_on=w.vacancy.opens_on,
        **fields,
    )


def move(client, application, to_stage, note=""):
    return client.post(
        reverse("recruitment:application-move", args=[application.pk]), {"to_stage": to_stage, "note": note}
    )


def application_data(w, **overrides) -> dict:
    data = {
        "applicant": factories.PeerFactory(trust=w.trust, full_name="Robin Hale").pk,
        "applied_on": w.vacancy.opens_on.isoformat(),
        "support_with_form_requested": "on",
        "support_given": "",
        "interview_adjustments": "",
        "referees-TOTAL_FORMS": "2",
        "referees-INITIAL_FORMS": "0",
        "referees-MIN_NUM_FORMS": "0",
        "referees-MAX_NUM_FORMS": "1000",
        "referees-0-name": "Pat Greene",
        "referees-0-relationship": "volunteer_supervisor",
        "referees-0-contact": "pat@example.org",
    }
    data.update(overrides)
    return data


# --- The list -------------------------------------------------------------------------------------


def test_hr_filters_applications_by_stage(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:application-list"), {"stage": "withdrawn"})
    assert response.status_code == 200
    assert [a.pk for a in response.context["object_list"]] == [w.unsuccessful.pk]


def test_hr_filters_applications_by_vacancy(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:application-list"), {"vacancy": w.senior_vacancy.pk})
    assert [a.pk for a in response.context["object_list"]] == [w.own_application.pk]


def test_applicant_lists_only_their_own_application(client, recruitment):
    w = recruitment
    client.force_login(w.peer_worker)
    response = client.get(reverse("recruitment:application-list"))
    assert [a.pk for a in response.context["object_list"]] == [w.own_application.pk]


# --- Recording and editing an application ---------------------------------------------------------


def test_hr_records_an_application_with_an_alternative_referee(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(reverse("recruitment:application-create", args=[w.vacancy.pk]), application_data(w))
    application = Application.objects.get(applicant__full_name="Robin Hale")
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.stage == Stage.APPLIED
    assert application.support_with_form_requested
    assert [(r.name, r.is_alternative) for r in application.referees.all()] == [("Pat Greene", True)]
    detail = page(client.get(application.get_absolute_url()))
    assert "Alternative referee" in detail


def test_application_form_explains_the_guaranteed_interview(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:application-create", args=[w.vacancy.pk]))
    assert "Guaranteed interview" in field_html(response, "disability_declared")
    assert "<legend" in page(response) and "Support asked for" in page(response)


def test_application_without_a_date_is_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    before = Application.objects.count()
    response = client.post(
        reverse("recruitment:application-create", args=[w.vacancy.pk]), application_data(w, applied_on="")
    )
    assert_beside_field(response, "applied_on", "Enter the date of the application.")
    assert Application.objects.count() == before


def test_second_application_for_the_same_vacancy_is_refused_beside_the_applicant(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    before = Application.objects.count()
    response = client.post(
        reverse("recruitment:application-create", args=[w.vacancy.pk]),
        application_data(w, applicant=w.applicant.pk),
    )
    assert_beside_field(response, "applicant", "has already applied for this vacancy")
    assert Application.objects.count() == before


def test_referee_without_contact_is_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    before = Application.objects.count()
    response = client.post(
        reverse("recruitment:application-create", args=[w.vacancy.pk]),
        application_data(w, **{"referees-0-contact": ""}),
    )
    assert response.status_code == 200
    assert "Referee 1, Contact" in page(response)
    assert Application.objects.count() == before


def test_applicant_list_offers_only_peers_of_the_vacancy_trust(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:application-create", args=[w.vacancy.pk]))
    offered = set(response.context["form"].fields["applicant"].queryset)
    assert w.applicant in offered
    assert w.other_trust_peer not in offered


def test_hr_edits_an_application_and_removes_a_referee(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    referee = w.application.referees.get()
    data = application_data(
        w,
        **{
            "referees-TOTAL_FORMS": "3",
            "referees-INITIAL_FORMS": "1",
            "referees-0-id": referee.pk,
            "referees-0-application": w.application.pk,
            "referees-0-name": referee.name,
            "referees-0-relationship": referee.relationship,
            "referees-0-contact": referee.contact,
            "referees-0-DELETE": "on",
            "referees-1-name": "Dr Lee",
            "referees-1-relationship": "consultant",
            "referees-1-contact": "dr.lee@example.org",
            "disability_declared": "on",
        },
    )
    data.pop("applicant")
    response = client.post(reverse("recruitment:application-update", args=[w.application.pk]), data)
    assert response.status_code == 302
    w.application.refresh_from_db()
    assert w.application.disability_declared
    assert w.application.stage == Stage.CONDITIONAL_OFFER
    assert [r.name for r in w.application.referees.all()] == ["Dr Lee"]


# --- The application page ------------------------------------------------------------------------


def test_move_form_offers_only_the_allowed_next_stages(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.get(w.application.get_absolute_url())
    offered = [value for value, _ in response.context["move_form"].fields["to_stage"].choices]
    assert offered == list(services.allowed_next_stages(w.application))
    html = page(response)
    assert "Occupational health referral" in html and "DBS check" in html
    assert "Scores from" in html


def test_line_manager_sees_no_links_to_occupational_health_or_dbs(client, recruitment):
    w = recruitment
    client.force_login(w.line_manager)
    response = client.get(w.application.get_absolute_url())
    html = page(response)
    assert "Occupational health referral" not in html
    assert reverse("recruitment:dbs-detail", args=[w.application.pk]) not in html
    assert "move_form" not in response.context


def test_applicant_sees_their_own_application_read_only(client, recruitment):
    w = recruitment
    mark_all(w.own_application, w.hr_officer)
    client.force_login(w.peer_worker)
    response = client.get(w.own_application.get_absolute_url())
    assert response.status_code == 200
    html = page(response)
    assert "move_form" not in response.context
    assert "Shortlisting" not in html and "Weighted score" not in html
    assert reverse("recruitment:application-move", args=[w.own_application.pk]) not in html
    assert "Occupational health referral" in html  # their own, restricted record


def test_support_record_is_linked_from_an_unsuccessful_application(client, recruitment):
    w = recruitment
    client.force_login(w.peer_lead)
    html = page(client.get(w.unsuccessful.get_absolute_url()))
    assert reverse("recruitment:support-detail", args=[w.support.pk]) in html


# --- Moving through the pipeline ------------------------------------------------------------------


def assert_refused(response, application, message):
    stage, moves = application.stage, application.transitions.count()
    assert_beside_field(response, "to_stage", message)
    application.refresh_from_db()
    assert application.stage == stage
    assert application.transitions.count() == moves


def test_illegal_move_is_refused_and_changes_nothing(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = move(client, w.application, Stage.SHORTLISTED)
    assert_refused(response, w.application, "cannot move to shortlisted")


def test_move_from_an_ended_application_is_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    moves = w.unsuccessful.transitions.count()
    response = move(client, w.unsuccessful, Stage.SHORTLISTED)
    # No stage is offered, so the reason is given in the error summary.
    assert response.status_code == 200
    assert "There is a problem" in page(response) and "This application has ended" in page(response)
    w.unsuccessful.refresh_from_db()
    assert (w.unsuccessful.stage, w.unsuccessful.transitions.count()) == (Stage.WITHDRAWN, moves)


def test_unknown_stage_is_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = move(client, w.application, "hired")
    assert_refused(response, w.application, "Choose one of the stages offered.")


def test_move_without_a_stage_is_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = move(client, w.application, "")
    assert_refused(response, w.application, "Choose the stage to move the application to.")


def test_guaranteed_interview_refuses_not_shortlisted(client, recruitment):
    w = recruitment
    application = new_application(w, disability_declared=True)
    mark_all(application, w.hr_officer, met=True)
    client.force_login(w.hr_officer)
    response = move(client, application, Stage.NOT_SHORTLISTED)
    assert_refused(response, application, "Guaranteed interview")


def test_essential_gate_refuses_shortlisting_an_applicant_who_does_not_meet_it(client, recruitment):
    w = recruitment
    application = new_application(w)
    mark_all(application, w.hr_officer, met=False)
    client.force_login(w.hr_officer)
    response = move(client, application, Stage.SHORTLISTED)
    assert_refused(response, application, "does not meet every essential criterion")


def test_shortlisting_before_marking_is_refused(client, recruitment):
    w = recruitment
    application = new_application(w)
    client.force_login(w.hr_officer)
    response = move(client, application, Stage.SHORTLISTED)
    assert_refused(response, application, "Mark every essential criterion")


def test_occupational_health_not_cleared_refuses_the_move(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = move(client, w.application, Stage.OH_CLEARED)
    assert_refused(response, w.application, "Occupational health has not cleared")


def test_hr_moves_an_application_with_a_note(client, recruitment):
    w = recruitment
    application = new_application(w)
    mark_all(application, w.hr_officer)
    client.force_login(w.hr_officer)
    response = move(client, application, Stage.SHORTLISTED, note="Strong lived-experience statement.")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.SHORTLISTED
    last = application.transitions.last()
    assert (last.from_stage, last.to_stage, last.by, last.note) == (
        Stage.APPLIED,
        Stage.SHORTLISTED,
        w.hr_officer,
        "Strong lived-experience statement.",
    )
    html = page(client.get(application.get_absolute_url()))
    assert "Strong lived-experience statement." in html


# --- Shortlisting ---------------------------------------------------------------------------------


def marks_data(application, *, met="yes", skip_first_essential=False) -> dict:
    data = {}
    rows = list(selectors.criteria_identified_by_application(application.vacancy))
    for i, row in enumerate(rows):
        if row.essential and not (skip_first_essential and i == 0):
            data[f"essential_{row.pk}"] = met
        if row.desirable:
            data[f"desirable_{row.pk}"] = met
    return data


def test_line_manager_marks_an_application(client, recruitment):
    w = recruitment
    application = new_application(w)
    client.force_login(w.line_manager)
    url = reverse("recruitment:shortlisting-marks", args=[application.pk])
    response = client.post(url, marks_data(application))
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:shortlist", args=[w.vacancy.pk])
    marks = selectors.marks_by(w.line_manager, application)
    assert marks and all(m.essential_met in (True, None) for m in marks.values())
    # Pre-filled on return.
    form = client.get(url).context["form"]
    first = next(r for r in form.rows if r["essential"] is not None)
    assert first["essential"].value() == "yes"


def test_marks_without_every_essential_row_are_refused(client, recruitment):
    w = recruitment
    application = new_application(w)
    client.force_login(w.hr_officer)
    rows = list(selectors.criteria_identified_by_application(application.vacancy))
    first = rows[0]
    assert first.essential
    response = client.post(
        reverse("recruitment:shortlisting-marks", args=[application.pk]),
        marks_data(application, skip_first_essential=True),
    )
    assert_beside_field(response, f"essential_{first.pk}", "Say whether the essential criteria for")
    assert not ShortlistingMark.objects.filter(application=application).exists()


def test_marks_page_groups_each_row_in_a_fieldset(client, recruitment):
    w = recruitment
    application = new_application(w)
    client.force_login(w.hr_officer)
    html = page(client.get(reverse("recruitment:shortlisting-marks", args=[application.pk])))
    row = selectors.criteria_identified_by_application(application.vacancy).first()
    assert f'<legend class="h5">{row.attribute}</legend>' in html
    assert 'type="radio"' in html and "Not met" in html


def test_marks_after_shortlisting_is_over_are_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    before = ShortlistingMark.objects.count()
    response = client.post(
        reverse("recruitment:shortlisting-marks", args=[w.application.pk]), marks_data(w.application)
    )
    assert response.status_code == 200
    assert "Shortlisting is over" in page(response)
    assert ShortlistingMark.objects.count() == before


def test_shortlist_ranks_those_meeting_the_essentials_first(client, recruitment):
    w = recruitment
    weak, strong = (
        new_application(w, name="Aaron Weak"),
        new_application(w, name="Zoe Strong", disability_declared=True),
    )
    mark_all(weak, w.hr_officer, met=False)
    mark_all(strong, w.hr_officer, met=True)
    client.force_login(w.panel_member)
    response = client.get(reverse("recruitment:shortlist", args=[w.vacancy.pk]))
    names = [r.application.applicant.full_name for r in response.context["results"]]
    assert names.index("Zoe Strong") < names.index("Aaron Weak")
    assert next(r for r in response.context["results"] if r.application == strong).guaranteed_interview


# --- Interviews -----------------------------------------------------------------------------------


def interview_data(w, **overrides) -> dict:
    data = {
        "kind": "group",
        "starts_at": (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Room 4, Riverside",
        "capacity": "3",
        "panel-TOTAL_FORMS": "3",
        "panel-INITIAL_FORMS": "0",
        "panel-MIN_NUM_FORMS": "0",
        "panel-MAX_NUM_FORMS": "1000",
        "panel-0-user": w.panel_member.pk,
        "panel-0-role_on_panel": "Peer worker",
        "panel-0-is_peer_worker": "on",
        "panel-1-user": w.line_manager.pk,
        "panel-1-role_on_panel": "Chair",
    }
    data.update(overrides)
    return data


def test_hr_adds_a_group_interview_with_a_panel(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(reverse("recruitment:interview-create", args=[w.vacancy.pk]), interview_data(w))
    interview = Interview.objects.get(place="Room 4, Riverside")
    assert response.status_code == 302
    assert (interview.kind, interview.capacity) == ("group", 3)
    assert {(p.user, p.is_peer_worker) for p in interview.panel.all()} == {
        (w.panel_member, True),
        (w.line_manager, False),
    }
    assert not any("peer worker" in m for m in messages_of(client.get(interview.get_absolute_url())))


def test_interview_form_defaults_to_a_group_of_three(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    form = client.get(reverse("recruitment:interview-create", args=[w.vacancy.pk])).context["form"]
    assert (form["kind"].value(), form["capacity"].value()) == ("group", 3)


def test_panel_without_a_peer_worker_is_warned_not_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    data = interview_data(w, **{"panel-0-is_peer_worker": ""})
    data.pop("panel-0-is_peer_worker")
    response = client.post(reverse("recruitment:interview-create", args=[w.vacancy.pk]), data, follow=True)
    assert Interview.objects.filter(place="Room 4, Riverside").exists()
    assert any("No member of this panel is a peer worker" in m for m in messages_of(response))


def test_individual_interview_is_for_one_applicant(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    client.post(reverse("recruitment:interview-create", args=[w.vacancy.pk]), interview_data(w, kind="individual"))
    assert Interview.objects.get(place="Room 4, Riverside").capacity == 1


def test_individual_interview_for_two_is_refused_beside_the_field(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:interview-create", args=[w.vacancy.pk]), interview_data(w, kind="individual", capacity="2")
    )
    assert_beside_field(response, "capacity", "An individual interview is for one applicant.")
    assert not Interview.objects.filter(place="Room 4, Riverside").exists()


def test_interview_without_a_place_is_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(reverse("recruitment:interview-create", args=[w.vacancy.pk]), interview_data(w, place=""))
    assert_beside_field(response, "place", "Enter the place.")
    assert Interview.objects.count() == 1


def test_panel_member_without_a_role_is_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:interview-create", args=[w.vacancy.pk]), interview_data(w, **{"panel-1-role_on_panel": ""})
    )
    assert response.status_code == 200
    assert "Enter the panel member's role on the panel." in page(response)
    assert Interview.objects.count() == 1


def test_panel_offers_only_staff_of_the_vacancy_trust(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:interview-create", args=[w.vacancy.pk]))
    offered = set(response.context["panel"].forms[0].fields["user"].queryset)
    assert w.panel_member in offered and w.other_trust_staff not in offered


def test_hr_edits_an_interview_and_adds_a_panel_member(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    data = interview_data(w, place="Room 9")
    for key in [k for k in data if k.startswith("panel-0-")]:
        data.pop(key)
    response = client.post(reverse("recruitment:interview-update", args=[w.interview.pk]), data)
    assert response.status_code == 302
    w.interview.refresh_from_db()
    assert w.interview.place == "Room 9"
    assert w.interview.panel.filter(user=w.line_manager).exists()


def test_interview_page_shows_applicants_with_combined_scores(client, recruitment):
    w = recruitment
    client.force_login(w.panel_member)
    response = client.get(w.interview.get_absolute_url())
    (applicant,) = response.context["applicants"]
    assert applicant == w.application and applicant.combined is not None
    html = page(response)
    assert reverse("recruitment:interview-score", args=[w.application.pk]) in html
    assert reverse("recruitment:interview-invite", args=[w.interview.pk]) not in html


def shortlisted(w, name) -> Application:
    application = new_application(w, name=name)
    mark_all(application, w.hr_officer)
    services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=w.hr_officer)
    return application


def test_hr_invites_shortlisted_applicants(client, recruitment):
    w = recruitment
    a, b = shortlisted(w, "Ann One"), shortlisted(w, "Ben Two")
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:interview-invite", args=[w.interview.pk]), {"applications": [a.pk, b.pk]}
    )
    assert response.status_code == 302
    assert set(w.interview.applications.all()) == {w.application, a, b}


def test_inviting_to_a_full_interview_is_refused_and_invites_nobody(client, recruitment):
    w = recruitment
    a, b, c = shortlisted(w, "Ann One"), shortlisted(w, "Ben Two"), shortlisted(w, "Cat Three")
    client.force_login(w.hr_officer)
    response = client.post(
        reverse("recruitment:interview-invite", args=[w.interview.pk]), {"applications": [a.pk, b.pk, c.pk]}
    )
    assert_beside_field(response, "applications", "This interview is full")
    assert list(w.interview.applications.all()) == [w.application]


def test_invite_without_a_choice_is_refused(client, recruitment):
    w = recruitment
    shortlisted(w, "Ann One")
    client.force_login(w.hr_officer)
    response = client.post(reverse("recruitment:interview-invite", args=[w.interview.pk]), {})
    assert_beside_field(response, "applications", "Choose at least one shortlisted applicant.")


# --- Scores and the outcome -----------------------------------------------------------------------


def at_interview(w) -> Application:
    application = shortlisted(w, "Dee Four")
    services.invite_to_interview(application=application, interview=w.interview, by=w.hr_officer)
    return application


def scores_data(application, score="3", skip=None) -> dict:
    data = {f"dimension_{d.value}": score for d in InterviewDimension if d.value != skip}
    for row in selectors.criteria_identified_at_interview(application.vacancy):
        data[f"criterion_{row.pk}"] = score
    data["notes"] = "Listened well and built on others' answers."
    return data


def test_panellist_scores_an_applicant(client, recruitment):
    w = recruitment
    application = at_interview(w)
    client.force_login(w.panel_member)
    url = reverse("recruitment:interview-score", args=[application.pk])
    response = client.post(url, scores_data(application))
    assert response.status_code == 302
    scores = selectors.scores_by(w.panel_member, application)
    assert scores["communication"].score == 3
    assert scores["communication"].notes.startswith("Listened well")
    form = client.get(url).context["form"]
    assert form["dimension_active_listening"].value() == 3
    assert form["notes"].value().startswith("Listened well")


def test_score_page_uses_native_radios_in_fieldsets(client, recruitment):
    w = recruitment
    application = at_interview(w)
    client.force_login(w.panel_member)
    html = page(client.get(reverse("recruitment:interview-score", args=[application.pk])))
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    for dimension in InterviewDimension:
        assert dimension.label in html
    assert html.count('type="radio"') >= 5 * 5
    assert html.count("<fieldset") >= 5


def test_scores_missing_a_dimension_are_refused(client, recruitment):
    w = recruitment
    application = at_interview(w)
    client.force_login(w.panel_member)
    response = client.post(
        reverse("recruitment:interview-score", args=[application.pk]), scores_data(application, skip="relationships")
    )
    assert_beside_field(response, "dimension_relationships", "Score “Relationships with others in the interview”.")
    assert not InterviewScore.objects.filter(application=application).exists()


def test_score_out_of_range_is_refused(client, recruitment):
    w = recruitment
    application = at_interview(w)
    client.force_login(w.panel_member)
    response = client.post(
        reverse("recruitment:interview-score", args=[application.pk]),
        {**scores_data(application), "dimension_communication": "7"},
    )
    assert response.status_code == 200
    assert "dimension_communication" in response.context["form"].errors
    assert not InterviewScore.objects.filter(application=application).exists()


def test_panellist_not_on_the_panel_gets_404(client, recruitment):
    w = recruitment
    application = at_interview(w)
    # The peer lead sits on another interview for the same vacancy, not on this applicant's.
    services.create_interview(
        by=w.hr_officer,
        vacancy=w.vacancy,
        starts_at=timezone.now(),
        place="Room 2",
        panel=[{"user": w.peer_lead, "role_on_panel": "Chair"}],
    )
    client.force_login(w.peer_lead)
    url = reverse("recruitment:interview-score", args=[application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, scores_data(application)).status_code == 404
    assert not InterviewScore.objects.filter(application=application).exists()


def test_hr_records_presentation_notes_and_feedback(client, recruitment):
    w = recruitment
    client.force_login(w.peer_lead)
    response = client.post(
        reverse("recruitment:application-outcome", args=[w.application.pk]),
        {"presentation_notes": "Spoke about recovery through peer groups.", "feedback": "Warm and clear."},
    )
    assert response.status_code == 302
    w.application.refresh_from_db()
    assert w.application.feedback == "Warm and clear."
    client.force_login(w.peer_worker)
    assert client.get(reverse("recruitment:application-outcome", args=[w.application.pk])).status_code == 404
