"""Recruitment as one journey (issue 15, item 3): the pipeline board of a vacancy, a new applicant added on the
application form (and the warning before a second record of one person), refused moves that name and link their
fix and come back to the move, interview scores only once the interview has started with their scale and the
combined score's maximum, "Appointed" leading to the placement form filled from the application and the placement
to its induction, people pickers by name, role and team, and the team page's people."""

from __future__ import annotations

import datetime
from html import unescape
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.urls import reverse
from django.utils import timezone

from programmes.models import Peer, SensitiveAccessLog, StaffRole
from programmes.pickers import StaffChoiceField, staff_label, with_roles
from recruitment import selectors, services
from recruitment.models import Application, InterviewDimension, InterviewScore, ShortlistingMark
from tests import factories
from tests.recruitment.world import mark_all, score_all

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world]
Stage = Application.Stage


def page(response) -> str:
    return unescape(response.content.decode())


def board_url(w) -> str:
    return reverse("recruitment:vacancy-board", args=[w.vacancy.pk])


def apply(w, name="Sam Taylor", **fields) -> Application:
    return services.submit_application(
        vacancy=w.vacancy,
        applicant=factories.PeerFactory(trust=w.trust, full_name=name),
        by=w.hr_officer,
        applied_on=w.vacancy.opens_on,
        **fields,
    )


def shortlisted(w, name="Sam Taylor") -> Application:
    application = apply(w, name)
    mark_all(application, w.hr_officer)
    services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=w.hr_officer)
    return application


# --- A new applicant in the same step (service) -------------------------------------------------------------


def test_a_new_applicant_is_added_with_their_application_in_one_call(recruitment):
    w = recruitment
    application = services.submit_application(
        vacancy=w.vacancy,
        new_applicant={"full_name": "Robin Ames", "email": "robin@example.org", "phone": "07700 900123"},
        by=w.hr_officer,
        applied_on=w.vacancy.opens_on,
    )
    peer = application.applicant
    assert (peer.full_name, peer.email, peer.trust) == ("Robin Ames", "robin@example.org", w.trust)
    assert application.stage == Stage.APPLIED
    assert peer.history.first().history_user == w.hr_officer


def test_a_new_applicant_with_the_email_of_someone_on_file_in_any_case_is_not_added(recruitment):
    w = recruitment
    w.applicant.email = "chris.bell@example.org"
    w.applicant.save()
    peers = Peer.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.submit_application(
            vacancy=w.vacancy,
            new_applicant={"full_name": "C. Bell", "email": "Chris.BELL@example.org"},
            by=w.hr_officer,
            applied_on=w.vacancy.opens_on,
        )
    assert "may be the same person" in refused.value.message_dict["new_full_name"][0]
    assert Peer.objects.count() == peers
    # Confirming it is someone else cannot make a second record with one email: the trust's rule says so.
    with pytest.raises(ValidationError) as refused:
        services.submit_application(
            vacancy=w.vacancy,
            new_applicant={"full_name": "C. Bell", "email": "Chris.BELL@example.org"},
            despite_possible_duplicates=True,
            by=w.hr_officer,
            applied_on=w.vacancy.opens_on,
        )
    assert "new_email" in refused.value.message_dict
    assert Peer.objects.count() == peers


def test_a_same_name_and_phone_is_warned_about_and_can_be_confirmed_as_someone_else(recruitment):
    w = recruitment
    w.applicant.phone = "07700 900456"
    w.applicant.save()
    details = {"full_name": "chris bell", "phone": "07700900456"}
    with pytest.raises(ValidationError):
        services.submit_application(
            vacancy=w.vacancy, new_applicant=details, by=w.hr_officer, applied_on=w.vacancy.opens_on
        )
    application = services.submit_application(
        vacancy=w.vacancy,
        new_applicant=details,
        despite_possible_duplicates=True,
        by=w.hr_officer,
        applied_on=w.vacancy.opens_on,
    )
    assert application.applicant != w.applicant
    # A name alone is not a match: the peer record has no date of birth to go with it.
    assert not selectors.possible_same_people(Peer.objects.all(), full_name="Chris Bell").exists()


def test_an_application_refused_adds_no_new_person(recruitment):
    w = recruitment
    w.vacancy.status = "draft"
    w.vacancy.save()
    peers = Peer.objects.count()
    with pytest.raises(ValidationError):
        services.submit_application(
            vacancy=w.vacancy, new_applicant={"full_name": "Robin Ames"}, by=w.hr_officer, applied_on=w.vacancy.opens_on
        )
    assert Peer.objects.count() == peers


# --- A new applicant on the application form (view) ---------------------------------------------------------


def _application_form(**fields) -> dict:
    return {
        "applied_on": timezone.localdate().isoformat(),
        "referees-TOTAL_FORMS": "0",
        "referees-INITIAL_FORMS": "0",
        **fields,
    }


def test_hr_adds_a_new_applicant_on_the_application_form_and_returns_to_the_board(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    url = reverse("recruitment:application-create", args=[w.vacancy.pk])
    response = client.post(
        f"{url}?next={quote(board_url(w))}",
        _application_form(new_full_name="Robin Ames", new_email="robin@example.org"),
    )
    assert response.status_code == 302
    assert response["Location"] == board_url(w)
    application = Application.objects.get(applicant__full_name="Robin Ames")
    assert application.vacancy == w.vacancy


def test_the_form_warns_of_the_same_person_and_saves_nothing_until_the_user_chooses(client, recruitment):
    w = recruitment
    on_file = factories.PeerFactory(trust=w.trust, full_name="Jordan Ellis", email="jordan.ellis@example.org")
    client.force_login(w.hr_officer)
    url = reverse("recruitment:application-create", args=[w.vacancy.pk])
    data = _application_form(new_full_name="Jo Ellis", new_email="JORDAN.Ellis@example.org")
    peers, applications = Peer.objects.count(), Application.objects.count()

    warned = client.post(url, data)
    assert warned.status_code == 200
    assert "This may be the same person as Jordan Ellis (jordan.ellis@example.org)" in page(warned)
    assert (Peer.objects.count(), Application.objects.count()) == (peers, applications)

    # The user picks the person on file: their record is used, no second one made.
    token = warned.context["view"].integrity_field()
    chosen = client.post(url, {**data, "same_person": str(on_file.pk), token[0]: token[1]})
    assert chosen.status_code == 302, chosen.context["form"].errors
    assert Peer.objects.count() == peers
    assert Application.objects.filter(vacancy=w.vacancy, applicant=on_file).exists()


def test_a_nul_byte_in_a_new_applicants_details_is_refused_beside_the_field(client, recruitment):
    # Found by the form fuzzing: the check for the same person on file sent the typed text to PostgreSQL, which
    # refuses a NUL byte in text: a server error instead of the form back with its message.
    w = recruitment
    factories.PeerFactory(trust=w.trust, full_name="Jordan Ellis", email="jordan.ellis@example.org", phone="0700")
    client.force_login(w.hr_officer)
    url = reverse("recruitment:application-create", args=[w.vacancy.pk])
    applications = Application.objects.count()
    for field, value in [("new_email", "jordan.ellis@example.org\x00"), ("new_full_name", "Jordan\x00 Ellis")]:
        data = _application_form(**{"new_full_name": "Jordan Ellis", "new_phone": "0700", field: value})
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Null characters are not allowed." in response.context["form"].errors[field]
        assert Application.objects.count() == applications
    assert list(selectors.possible_same_people(Peer.objects.all(), full_name="A\x00", email="\x00", phone="\x00")) == []


def test_choosing_a_person_on_file_and_typing_a_new_one_is_refused(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    url = reverse("recruitment:application-create", args=[w.vacancy.pk])
    response = client.post(url, _application_form(applicant=str(w.applicant.pk), new_full_name="Robin Ames"))
    assert response.status_code == 200
    assert "Choose a person on file or enter a new applicant, not both." in page(response)
    response = client.post(url, _application_form())
    assert "Choose the applicant, or enter the full name of a new applicant." in page(response)


# --- Refusals name the fix, link to it, and come back to the move ------------------------------------------


def test_a_refused_move_links_to_its_fix_which_returns_to_the_move(client, recruitment):
    w = recruitment
    application = apply(w)
    client.force_login(w.hr_officer)
    move_url = reverse("recruitment:application-move", args=[application.pk])
    refused = client.post(move_url, {"to_stage": Stage.SHORTLISTED, "next": board_url(w)})
    assert refused.status_code == 200
    assert "Mark every essential criterion identified by application first." in page(refused)
    fix = refused.context["fix"]
    assert fix.label == "Mark the criteria"
    assert fix.url.startswith(reverse("recruitment:shortlisting-marks", args=[application.pk]) + "?next=")
    assert f'href="{fix.url}"' in refused.content.decode().replace("&amp;", "&")
    assert Application.objects.get(pk=application.pk).stage == Stage.APPLIED

    # The marks page, saved, goes back to the move with the stage chosen (and the board still to come).
    marks = {
        f"essential_{row.pk}": "yes"
        for row in selectors.criteria_identified_by_application(w.vacancy)
        if row.essential.strip()
    }
    saved = client.post(fix.url, marks)
    assert saved.status_code == 302
    back = saved["Location"]
    assert back.startswith(move_url + "?to=shortlisted")
    chosen = client.get(back)
    assert chosen.context["form"].initial["to_stage"] == Stage.SHORTLISTED
    moved = client.post(back, {"to_stage": Stage.SHORTLISTED})
    assert moved["Location"] == board_url(w)
    assert Application.objects.get(pk=application.pk).stage == Stage.SHORTLISTED


@pytest.mark.parametrize(
    ("stage_setup", "to_stage", "label", "url_name"),
    [
        ("shortlisted", Stage.INTERVIEWED, "Invite the applicant to an interview", "interview-invite"),
        ("offer", Stage.OH_CLEARED, "Record the occupational health outcome", "occupational-health-update"),
        ("oh_cleared", Stage.DBS_CLEARED, "Record the DBS decision", "dbs-update"),
    ],
)
def test_each_refusal_names_its_fix(client, recruitment, stage_setup, to_stage, label, url_name):
    w = recruitment
    if stage_setup == "shortlisted":
        application = shortlisted(w)
    else:
        application = w.application  # at a conditional offer, OH pending, DBS submitted
        if stage_setup == "oh_cleared":
            services.save_occupational_health(
                application=application, by=w.hr_officer, outcome="fit", outcome_on=timezone.localdate()
            )
            services.move_application(application=application, to_stage=Stage.OH_CLEARED, by=w.hr_officer)
    client.force_login(w.hr_officer)
    refused = client.post(reverse("recruitment:application-move", args=[application.pk]), {"to_stage": to_stage})
    fix = refused.context["fix"]
    assert fix.label == label
    assert fix.url.split("?")[0] == reverse(f"recruitment:{url_name}", args=[fix_pk(fix, application, w)])


def fix_pk(fix, application, w) -> int:
    return w.interview.pk if "interviews/" in fix.url else application.pk


def test_an_interview_not_yet_held_links_to_the_interview(client, recruitment):
    w = recruitment
    application = shortlisted(w)
    later = services.create_interview(
        by=w.hr_officer, vacancy=w.vacancy, starts_at=timezone.now() + datetime.timedelta(days=3), place="Room 1"
    )
    services.invite_to_interview(application=application, interview=later, by=w.hr_officer)
    client.force_login(w.hr_officer)
    refused = client.post(
        reverse("recruitment:application-move", args=[application.pk]), {"to_stage": Stage.INTERVIEWED}
    )
    assert "The interview has not happened yet: hold it first" in page(refused)
    assert refused.context["fix"].url.startswith(reverse("recruitment:interview-update", args=[later.pk]))


@pytest.mark.parametrize("target", ["https://evil.example/steal", "//evil.example/", "javascript:alert(1)"])
def test_a_next_to_another_site_is_ignored(client, recruitment, target):
    w = recruitment
    application = apply(w)
    mark_all(application, w.hr_officer)
    client.force_login(w.hr_officer)
    moved = client.post(
        reverse("recruitment:application-move", args=[application.pk]), {"to_stage": Stage.SHORTLISTED, "next": target}
    )
    assert moved.status_code == 302
    assert moved["Location"] == application.get_absolute_url()


# --- Save and move ------------------------------------------------------------------------------------------


def test_saving_the_oh_outcome_can_make_the_move_it_was_needed_for(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    session = client.session
    session["security_password_confirmed_at"] = int(timezone.now().timestamp())
    session.save()
    url = reverse("recruitment:occupational-health-update", args=[w.application.pk])
    opened = client.get(f"{url}?next={quote(board_url(w))}")
    assert opened.context["then_move"] == (Stage.OH_CLEARED, "Occupational health cleared")
    saved = client.post(
        f"{url}?next={quote(board_url(w))}",
        {
            "referred_on": w.occupational_health.referred_on.isoformat(),
            "outcome": "fit",
            "outcome_on": timezone.localdate().isoformat(),
            "then_move": Stage.OH_CLEARED,
        },
    )
    assert saved.status_code == 302
    assert saved["Location"] == board_url(w)
    assert Application.objects.get(pk=w.application.pk).stage == Stage.OH_CLEARED


def test_save_and_move_keeps_what_was_saved_when_the_move_is_refused(client, recruitment):
    w = recruitment
    application = apply(w)
    client.force_login(w.hr_officer)
    rows = [r for r in selectors.criteria_identified_by_application(w.vacancy) if r.essential.strip()]
    marks = {f"essential_{row.pk}": "no" for row in rows}
    saved = client.post(
        reverse("recruitment:shortlisting-marks", args=[application.pk]), {**marks, "then_move": Stage.SHORTLISTED}
    )
    assert saved.status_code == 302
    assert ShortlistingMark.objects.filter(application=application).count() == len(rows)
    assert Application.objects.get(pk=application.pk).stage == Stage.APPLIED
    shown = [str(m) for m in client.get(saved["Location"]).context["messages"]]
    assert any(m.startswith("Saved, but not moved on: The applicant does not meet") for m in shown)


def test_save_and_move_is_not_offered_to_a_panel_member(client, recruitment):
    w = recruitment
    application = shortlisted(w)
    services.invite_to_interview(application=application, interview=w.interview, by=w.hr_officer)
    client.force_login(w.panel_member)
    response = client.get(reverse("recruitment:interview-score", args=[application.pk]))
    assert response.context["then_move"] is None
    assert 'name="then_move"' not in response.content.decode()


# --- Interview scores -------------------------------------------------------------------------------------


def test_scores_cannot_be_entered_before_the_interview_starts(client, recruitment):
    w = recruitment
    application = shortlisted(w)
    later = services.create_interview(
        by=w.hr_officer,
        vacancy=w.vacancy,
        starts_at=timezone.now() + datetime.timedelta(hours=2),
        place="Room 1",
        panel=[{"user": w.panel_member, "role_on_panel": "Peer worker", "is_peer_worker": True}],
    )
    services.invite_to_interview(application=application, interview=later, by=w.hr_officer)
    with pytest.raises(ValidationError, match="once the interview has started"):
        score_all(application, w.panel_member)
    assert not InterviewScore.objects.filter(application=application).exists()

    client.force_login(w.panel_member)
    shown = client.get(reverse("recruitment:interview-score", args=[application.pk]))
    assert "Scores can be entered once the interview has started" in page(shown)
    assert "Save my scores" not in page(shown)
    posted = client.post(
        reverse("recruitment:interview-score", args=[application.pk]),
        {f"dimension_{d.value}": "3" for d in InterviewDimension},
    )
    assert "Scores can be entered once the interview has started" in page(posted)
    assert not InterviewScore.objects.filter(application=application).exists()
    detail = client.get(later.get_absolute_url())
    assert reverse("recruitment:interview-score", args=[application.pk]) not in detail.content.decode()


def test_every_score_shows_its_scale_and_the_combined_score_its_maximum(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    most = selectors.max_combined_score(w.vacancy)
    rows = selectors.criteria_identified_at_interview(w.vacancy)
    assert most == 4 * len(InterviewDimension) + 4 * sum((r.essential_weight or r.desirable_weight or 1) for r in rows)
    detail = page(client.get(w.application.get_absolute_url()))
    assert f"out of {most}" in detail
    assert "3: good evidence (scale 0-4)" in detail
    interview = page(client.get(w.interview.get_absolute_url()))
    assert f"out of {most}" in interview
    client.force_login(w.panel_member)
    form = page(client.get(reverse("recruitment:interview-score", args=[w.application.pk])))
    assert "Communication skills (scored 0-4)" in form


# --- The pipeline board -------------------------------------------------------------------------------------


def test_the_board_has_a_column_per_stage_with_counts_and_each_next_action(client, recruitment):
    w = recruitment
    new = apply(w, "Robin Ames")
    ready = apply(w, "Kim Lowe")
    mark_all(ready, w.hr_officer)
    client.force_login(w.hr_officer)
    response = client.get(board_url(w))
    assert response.status_code == 200
    columns = {c.stage: c for c in response.context["columns"]}
    assert list(columns) == [*Application.FORWARD, *Application.UNSUCCESSFUL]
    assert columns[Stage.APPLIED].count == 2
    assert columns[Stage.CONDITIONAL_OFFER].count == 1
    assert columns[Stage.WITHDRAWN].count == 1
    needs = {c.application.pk: c for c in columns[Stage.APPLIED].cards}
    assert needs[new.pk].need == "mark"
    assert needs[new.pk].need_url.startswith(reverse("recruitment:shortlisting-marks", args=[new.pk]))
    assert needs[ready.pk].need == "shortlist" and needs[ready.pk].move_due
    offer = columns[Stage.CONDITIONAL_OFFER].cards[0]
    assert offer.need == "oh"
    assert offer.need_url.startswith(reverse("recruitment:occupational-health-update", args=[w.application.pk]))
    html = page(response)
    assert '<h2 id="column-applied" class="h5">Applied <span class="badge text-bg-secondary">2</span></h2>' in html
    # The ended applications show no move.
    assert columns[Stage.WITHDRAWN].cards[0].forward is None


def test_a_move_from_the_board_uses_the_service_and_returns_to_the_board(client, recruitment):
    w = recruitment
    ready = apply(w, "Kim Lowe")
    mark_all(ready, w.hr_officer)
    client.force_login(w.hr_officer)
    card = next(c for col in client.get(board_url(w)).context["columns"] for c in col.cards if c.application == ready)
    assert (card.forward, card.forward_label) == (Stage.SHORTLISTED, "Shortlisted")
    moved = client.post(card.move_url, {"to_stage": card.forward, "record_version": card.version, "next": board_url(w)})
    assert moved["Location"] == board_url(w)
    assert Application.objects.get(pk=ready.pk).stage == Stage.SHORTLISTED
    assert ready.transitions.last().by == w.hr_officer


def test_the_board_invites_to_the_interview_in_one_step(client, recruitment):
    w = recruitment
    application = shortlisted(w)
    client.force_login(w.hr_officer)
    card = next(
        c for col in client.get(board_url(w)).context["columns"] for c in col.cards if c.application == application
    )
    assert card.need == "invite" and card.invite["interview"] == w.interview
    invited = client.post(
        reverse("recruitment:interview-invite", args=[w.interview.pk]),
        {"applications": str(application.pk), "submission_token": card.invite["token"], "next": board_url(w)},
    )
    assert invited["Location"] == board_url(w)
    assert Application.objects.get(pk=application.pk).interview == w.interview


def test_the_line_manager_sees_the_board_without_moves_or_restricted_facts(client, recruitment):
    w = recruitment
    client.force_login(w.line_manager)
    response = client.get(board_url(w))
    assert response.status_code == 200
    cards = [c for col in response.context["columns"] for c in col.cards]
    assert all(c.forward is None and c.move_url is None for c in cards)
    offer = next(c for c in cards if c.application == w.application)
    assert offer.need == "restricted" and offer.need_url is None
    assert 'name="to_stage"' not in response.content.decode()


def test_the_board_of_another_trusts_vacancy_is_not_found(client, recruitment):
    client.force_login(recruitment.other_trust_staff)
    assert client.get(board_url(recruitment)).status_code == 404


# --- Appointed, placed, inducted -----------------------------------------------------------------------------


def appoint(w) -> Application:
    application = w.application
    services.save_occupational_health(
        application=application,
        by=w.hr_officer,
        outcome="fit_with_adjustments",
        outcome_on=timezone.localdate(),
        adjusted_hours="No starts before 10am (medication side-effects).",
    )
    services.move_application(application=application, to_stage=Stage.OH_CLEARED, by=w.hr_officer)
    services.save_dbs_check(
        application=application,
        by=w.hr_officer,
        status="clear",
        submitted_on=timezone.localdate(),
        returned_on=timezone.localdate(),
    )
    services.move_application(application=application, to_stage=Stage.DBS_CLEARED, by=w.hr_officer)
    services.move_application(application=application, to_stage=Stage.APPOINTED, by=w.hr_officer)
    return application


def test_appointed_offers_the_placement_form_filled_from_the_application(client, recruitment):
    w = recruitment
    application = appoint(w)
    client.force_login(w.hr_officer)
    detail = client.get(application.get_absolute_url())
    place = reverse("workforce:placement-create") + f"?application={application.pk}"
    assert detail.context["placement_url"] == place
    assert "Place in a post" in page(detail)

    session = client.session
    session["security_password_confirmed_at"] = int(timezone.now().timestamp())
    session.save()
    reads = SensitiveAccessLog.objects.filter(peer=w.applicant, record_type="occupational_health").count()
    form = client.get(place).context["form"]
    assert form.initial["peer"] == w.applicant
    assert form.initial["post"] == w.vacant_post
    assert form.initial["application"] == application
    assert form.initial["hours"] == w.vacant_post.hours
    assert "No starts before 10am" in form.initial["reasonable_adjustments"]
    assert SensitiveAccessLog.objects.filter(peer=w.applicant, record_type="occupational_health").count() == reads + 1


def test_the_adjustments_are_not_filled_in_without_the_password_given_recently(client, recruitment):
    w = recruitment
    application = appoint(w)
    client.force_login(w.hr_officer)
    session = client.session
    session["security_password_confirmed_at"] = int(timezone.now().timestamp()) - 24 * 3600  # a day ago
    session.save()
    form = client.get(reverse("workforce:placement-create") + f"?application={application.pk}").context["form"]
    assert form.initial["peer"] == w.applicant
    assert "reasonable_adjustments" not in form.initial


def test_the_placement_offers_start_induction_and_its_first_step(client, recruitment):
    from workforce import services as workforce_services

    w = recruitment
    application = appoint(w)
    placement = workforce_services.place_peer(
        by=w.hr_officer,
        peer=w.applicant,
        post=w.vacant_post,
        application=application,
        start_date=timezone.localdate(),
        hours=w.vacant_post.hours,
        match_reasons="Group work experience.",
    )
    client.force_login(w.hr_officer)
    detail = client.get(application.get_absolute_url())
    assert detail.context["placed"] is True
    response = client.get(reverse("workforce:placement-detail", args=[placement.pk]))
    html = page(response)
    plan = placement.induction
    first = response.context["first_step"]
    assert f'<a class="btn btn-primary" href="{plan.get_absolute_url()}">Start induction</a>' in html
    assert f'href="{plan.get_absolute_url()}#item-{first.pk}">{first.title}</a>' in html


# --- People ------------------------------------------------------------------------------------------------


def test_a_staff_picker_shows_name_role_and_team_never_the_username(recruitment):
    w = recruitment
    StaffRole.objects.create(user=w.line_manager, trust=w.trust, role=StaffRole.Role.SUPERVISOR)
    user = with_roles(type(w.line_manager).objects.filter(pk=w.line_manager.pk)).get()
    label = staff_label(user)
    assert label == (
        f"{w.line_manager.get_full_name()} (Line manager, Riverside CMHT; "
        f"Supervisor, Northshire Health and Care NHS Foundation Trust)"
    )
    assert "line_manager" not in label


def test_the_panel_picker_names_people_by_name_role_and_team(client, recruitment):
    w = recruitment
    client.force_login(w.hr_officer)
    response = client.get(reverse("recruitment:interview-create", args=[w.vacancy.pk]))
    field = response.context["panel"].forms[0].fields["user"]
    assert isinstance(field, StaffChoiceField)
    labels = [label for _, label in field.choices]
    assert f"{w.line_manager.get_full_name()} (Line manager, Riverside CMHT)" in labels
    assert not any(u in " ".join(labels) for u in ("hr_officer", "line_manager", "panel_member"))


def _form_classes():
    from django import forms as django_forms

    seen, todo = set(), [django_forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.split(".")[0] in ("programmes", "recruitment", "workforce", "development")]


def test_every_staff_picker_in_the_project_is_a_staff_choice_field():
    """A form field choosing one user (a model form's foreign key to a user, or a declared picker of users) labels
    them by name, role and team."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    offenders = []
    for form_class in _form_classes():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if not isinstance(field, ModelChoiceField) or isinstance(field, StaffChoiceField):
                continue
            queryset = field.queryset
            if queryset is not None and queryset.model is User:
                offenders.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert not offenders, f"staff pickers that may show usernames: {offenders}"


def test_the_team_page_names_its_line_manager_supervisor_and_peers_in_post(client, world):
    client.force_login(world.hr_officer)
    html = page(client.get(world.team.get_absolute_url()))
    people = html[html.index('id="people-title"') : html.index('id="readiness-title"')]
    assert world.line_manager.get_full_name() in people
    assert world.supervisor.get_full_name() in people
    assert "Samira Okafor" in people and "Daniel Whitfield" in people
    assert "Tom Hughes" not in people  # in another team
