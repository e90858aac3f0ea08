"""Occupational health, DBS, support for unsuccessful candidates, the funnel and the dashboard through
the web pages: who reads what, the log of reads, and bad input shown beside its field with nothing saved."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes import services as programme_services
from programmes.models import SensitiveAccessLog
from recruitment import services
from recruitment.models import Application, CandidateSupport, DbsCheck, OccupationalHealthReferral
from tests import factories
from tests.programmes.test_views import field_html

pytestmark = pytest.mark.shared_world  # one recruitment world for the module (tests/shared_world.py)

Stage = Application.Stage
OH = SensitiveAccessLog.RecordType.OCCUPATIONAL_HEALTH
DBS = SensitiveAccessLog.RecordType.DBS


def reads() -> list[tuple]:
    return list(
        SensitiveAccessLog.objects.order_by("pk").values_list(
            "user__username", "peer__full_name", "record_type", "object_id", "channel"
        )
    )


def oh_form(**overrides) -> dict:
    data = {
        "referred_on": "2026-11-01",
        "outcome": "pending",
        "outcome_on": "",
        "adjusted_hours": "No starts before 10am.",
        "support_with_tasks": "",
        "debriefs": "",
        "other_adjustments": "",
    }
    return {**data, **overrides}


def dbs_form(**overrides) -> dict:
    data = {
        "level": "enhanced",
        "status": "submitted",
        "support_with_form": "on",
        "submitted_on": "2026-11-01",
        "returned_on": "",
        "seriousness": "",
        "how_long_ago": "",
        "relevance_to_role": "",
        "link_to_ill_health": "",
        "safeguards": "",
        "panel": "",
        "decision": "",
        "decided_on": "",
        "rationale": "",
    }
    return {**data, **overrides}


@pytest.fixture
def applicant_user(recruitment):
    """The applicant of world.application, signed in with their own account."""
    user = factories.UserFactory(username="chris_bell")
    programme_services.update_peer(peer=recruitment.applicant, by=None, user=user)
    return user


# --- Occupational health and DBS: who reads them ---------------------------------------------


@pytest.mark.parametrize("url_name", ["occupational-health", "dbs-detail", "occupational-health-update", "dbs-update"])
@pytest.mark.parametrize("role", ["line_manager", "supervisor", "panel_member", "peer_worker", "other_trust_staff"])
def test_oh_and_dbs_are_not_found_for_anyone_but_hr_the_peer_lead_and_the_applicant(
    client, recruitment, role, url_name
):
    client.force_login(getattr(recruitment, role))
    response = client.get(reverse(f"recruitment:{url_name}", args=[recruitment.application.pk]))
    assert response.status_code == 404
    assert "Chris Bell" not in response.content.decode()
    assert reads() == []


@pytest.mark.parametrize(
    ("url_name", "record_type", "record"),
    [("occupational-health", OH, "occupational_health"), ("dbs-detail", DBS, "dbs_check")],
)
def test_each_read_by_hr_is_logged(client, recruitment, url_name, record_type, record):
    client.force_login(recruitment.hr_officer)
    url = reverse(f"recruitment:{url_name}", args=[recruitment.application.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    pk = str(getattr(recruitment, record).pk)
    assert reads() == [("hr_officer", "Chris Bell", record_type, pk, "page")] * 2


def test_the_peer_lead_reads_the_adjustments_and_the_read_is_logged(client, recruitment):
    client.force_login(recruitment.peer_lead)
    response = client.get(reverse("recruitment:occupational-health", args=[recruitment.application.pk]))
    html = response.content.decode()
    assert "No starts before 10am (medication side-effects)." in html
    assert "carried forward to employment" in html
    assert reads() == [("peer_lead", "Chris Bell", OH, str(recruitment.occupational_health.pk), "page")]


@pytest.mark.parametrize("url_name", ["occupational-health", "dbs-detail"])
def test_the_applicant_reads_their_own_record_and_that_is_not_logged(client, recruitment, applicant_user, url_name):
    client.force_login(applicant_user)
    response = client.get(reverse(f"recruitment:{url_name}", args=[recruitment.application.pk]))
    assert response.status_code == 200
    assert "seen only by HR, the peer support lead and you" in response.content.decode()
    assert not response.context["can_edit"]
    assert reads() == []


def test_the_applicant_cannot_edit_their_own_record(client, recruitment, applicant_user):
    client.force_login(applicant_user)
    url = reverse("recruitment:occupational-health-update", args=[recruitment.application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, oh_form(outcome="fit", outcome_on="2026-11-20")).status_code == 404
    recruitment.occupational_health.refresh_from_db()
    assert recruitment.occupational_health.outcome == "pending"


def test_opening_the_edit_form_is_a_logged_read(client, recruitment):
    client.force_login(recruitment.hr_officer)
    assert client.get(reverse("recruitment:dbs-update", args=[recruitment.application.pk])).status_code == 200
    assert reads() == [("hr_officer", "Chris Bell", DBS, str(recruitment.dbs_check.pk), "page")]


# --- Occupational health: bad input ---------------------------------------------------------


def test_hr_records_the_outcome_and_adjustments(client, recruitment):
    client.force_login(recruitment.hr_officer)
    today = timezone.localdate()
    url = reverse("recruitment:occupational-health-update", args=[recruitment.application.pk])
    response = client.post(
        url,
        oh_form(
            referred_on=str(today - datetime.timedelta(days=1)),
            outcome="fit_with_adjustments",
            outcome_on=str(today),
            debriefs="A debrief at the end of each shift.",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:occupational-health", args=[recruitment.application.pk])
    referral = OccupationalHealthReferral.objects.get(application=recruitment.application)
    assert (referral.outcome, referral.outcome_on, referral.debriefs) == (
        "fit_with_adjustments",
        today,
        "A debrief at the end of each shift.",
    )
    assert referral.history.first().history_user == recruitment.hr_officer


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"outcome": "fit", "outcome_on": ""}, "outcome_on", "Enter the date the outcome was received."),
        (
            {"referred_on": "2026-11-10", "outcome": "fit", "outcome_on": "2026-11-01"},
            "outcome_on",
            "The outcome cannot come before the referral.",
        ),
        ({"referred_on": ""}, "referred_on", "Enter the referral date."),
        ({"referred_on": "31/31/2026"}, "referred_on", "Enter a valid date."),
    ],
)
def test_bad_oh_input_is_shown_beside_its_field_and_nothing_is_saved(client, recruitment, overrides, field, message):
    client.force_login(recruitment.hr_officer)
    before = recruitment.occupational_health.history.count()
    url = reverse("recruitment:occupational-health-update", args=[recruitment.application.pk])
    response = client.post(url, oh_form(**overrides))
    assert response.status_code == 200
    assert message in field_html(response, field)
    assert "There is a problem" in response.content.decode()
    referral = OccupationalHealthReferral.objects.get(pk=recruitment.occupational_health.pk)
    assert referral.outcome == "pending"
    assert referral.history.count() == before


def test_oh_is_refused_before_a_conditional_offer(client, recruitment):
    client.force_login(recruitment.hr_officer)
    url = reverse("recruitment:occupational-health-update", args=[recruitment.own_application.pk])
    page = client.get(url).content.decode()
    assert "follows a conditional offer" in page
    response = client.post(url, oh_form())
    assert response.status_code == 200
    assert "An occupational health referral follows a conditional offer." in response.content.decode()
    assert not OccupationalHealthReferral.objects.filter(application=recruitment.own_application).exists()


# --- DBS: the panel decision ----------------------------------------------------------------


def test_the_dbs_form_groups_the_panel_decision_under_a_legend_explaining_the_framework(client, recruitment):
    client.force_login(recruitment.hr_officer)
    html = client.get(reverse("recruitment:dbs-update", args=[recruitment.application.pk])).content.decode()
    fieldset = html[html.index("<fieldset") : html.index("</fieldset>")]
    assert "<legend" in fieldset and "Panel decision" in fieldset
    assert "seriousness of the offence" in fieldset and "relevance to the role" in fieldset
    for name in ("seriousness", "how_long_ago", "link_to_ill_health", "safeguards", "panel", "rationale"):
        assert f'name="{name}"' in fieldset


def test_hr_records_a_disclosure_and_the_panel_decision(client, recruitment):
    client.force_login(recruitment.hr_officer)
    url = reverse("recruitment:dbs-update", args=[recruitment.application.pk])
    response = client.post(
        url,
        dbs_form(
            status="disclosure",
            returned_on="2026-11-15",
            seriousness="A caution, no harm to anyone.",
            how_long_ago="Twelve years ago.",
            relevance_to_role="None.",
            link_to_ill_health="During a crisis.",
            safeguards="Discussed in supervision.",
            panel="Pat Osei, peer worker\nHannah Reid, HR",
            panel_includes_peer_worker="on",
            decision="proceed_with_safeguards",
            decided_on="2026-11-18",
            rationale="Old, linked to ill-health, not relevant.",
        ),
    )
    assert response.status_code == 302
    check = DbsCheck.objects.get(application=recruitment.application)
    assert check.is_cleared and check.panel_list == ["Pat Osei, peer worker", "Hannah Reid, HR"]
    page = client.get(reverse("recruitment:dbs-detail", args=[recruitment.application.pk])).content.decode()
    assert "Proceed with safeguards agreed" in page and "Pat Osei, peer worker" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"decision": "proceed", "decided_on": "2026-11-18", "rationale": "Fine."},
            "decision",
            "A panel decision is recorded only when the check discloses a record.",
        ),
        (
            {"status": "disclosure", "returned_on": "2026-11-15", "decision": "proceed", "panel": "A, HR"},
            "rationale",
            "Give the panel&#x27;s rationale for its decision.",
        ),
        (
            {
                "status": "disclosure",
                "returned_on": "2026-11-15",
                "decision": "proceed_with_safeguards",
                "decided_on": "2026-11-18",
                "rationale": "Old.",
                "panel": "A, HR",
            },
            "safeguards",
            "Describe the safeguards agreed.",
        ),
        ({"status": "clear", "returned_on": ""}, "returned_on", "Enter the date the check was returned."),
    ],
)
def test_bad_dbs_input_is_shown_beside_its_field_and_nothing_is_saved(client, recruitment, overrides, field, message):
    client.force_login(recruitment.hr_officer)
    before = recruitment.dbs_check.history.count()
    response = client.post(reverse("recruitment:dbs-update", args=[recruitment.application.pk]), dbs_form(**overrides))
    assert response.status_code == 200
    assert message in field_html(response, field)
    check = DbsCheck.objects.get(pk=recruitment.dbs_check.pk)
    assert (check.status, check.decision, check.history.count()) == ("submitted", "", before)


# --- Support for unsuccessful candidates ------------------------------------------------------


def test_the_support_list_shows_who_is_waiting_for_feedback(client, recruitment):
    client.force_login(recruitment.peer_lead)
    response = client.get(reverse("recruitment:support-list"))
    assert [s.pk for s in response.context["waiting"]] == [recruitment.support.pk]
    assert response.context["waiting_count"] == 1
    html = response.content.decode()
    assert "Waiting for feedback (1)" in html and "Alex Rowe" in html

    services.update_candidate_support(
        support=recruitment.support, by=recruitment.hr_officer, feedback_given_on="2026-11-20"
    )
    response = client.get(reverse("recruitment:support-list"))
    assert list(response.context["waiting"]) == []
    assert [s.pk for s in response.context["object_list"]] == [recruitment.support.pk]


def test_the_support_record_says_where_the_candidate_left(client, recruitment):
    client.force_login(recruitment.hr_officer)
    response = client.get(reverse("recruitment:support-detail", args=[recruitment.support.pk]))
    html = response.content.decode()
    assert "Withdrawn, after reaching applied" in html
    assert response.context["can_edit"]


def test_hr_records_feedback_and_an_alternative_route(client, recruitment):
    client.force_login(recruitment.hr_officer)
    url = reverse("recruitment:support-update", args=[recruitment.support.pk])
    response = client.post(
        url,
        {
            "feedback_given_on": "2026-11-20",
            "meeting_offered": "on",
            "alternative_route": "training_cohort",
            "route_details": "Spring cohort",
            "follow_up_on": "2026-12-20",
            "outcome": "",
        },
    )
    assert response.status_code == 302
    support = CandidateSupport.objects.get(pk=recruitment.support.pk)
    assert support.feedback_offered  # giving feedback means it was offered
    assert (support.alternative_route, support.follow_up_on) == ("training_cohort", datetime.date(2026, 12, 20))


def test_bad_support_input_is_shown_beside_its_field_and_nothing_is_saved(client, recruitment):
    client.force_login(recruitment.hr_officer)
    before = recruitment.support.history.count()
    response = client.post(
        reverse("recruitment:support-update", args=[recruitment.support.pk]),
        {"feedback_given_on": "not a date", "alternative_route": "a holiday"},
    )
    assert response.status_code == 200
    assert "Enter a valid date." in field_html(response, "feedback_given_on")
    assert "Select a valid choice." in field_html(response, "alternative_route")
    assert CandidateSupport.objects.get(pk=recruitment.support.pk).history.count() == before


def test_the_candidate_sees_their_own_support_record_but_not_others(client, recruitment):
    services.move_application(
        application=recruitment.own_application, to_stage=Stage.WITHDRAWN, by=recruitment.hr_officer
    )
    own = recruitment.own_application.support
    client.force_login(recruitment.peer_worker)
    response = client.get(reverse("recruitment:support-detail", args=[own.pk]))
    assert response.status_code == 200
    assert "Support for you" in response.content.decode()
    assert not response.context["can_edit"]
    assert client.get(reverse("recruitment:support-detail", args=[recruitment.support.pk])).status_code == 404
    assert client.get(reverse("recruitment:support-update", args=[own.pk])).status_code == 404


# --- The funnel and the dashboard -------------------------------------------------------------


def test_the_vacancy_funnel_counts_each_stage_and_those_who_left(client, recruitment):
    client.force_login(recruitment.line_manager)
    response = client.get(reverse("recruitment:vacancy-funnel", args=[recruitment.vacancy.pk]))
    funnel = response.context["funnel"]
    reached = {s.stage: s.reached for s in funnel.stages}
    assert reached["applied"] == 2 and reached["conditional_offer"] == 1 and reached["appointed"] == 0
    assert {s.stage: s.conversion for s in funnel.stages}["shortlisted"] == 50.0
    assert funnel.left["Withdrawn"] == 1 and funnel.total == 2
    html = response.content.decode()
    assert "<caption>" in html and "50.0%" in html


def test_the_programme_funnel_covers_every_vacancy_of_the_trust(client, recruitment):
    client.force_login(recruitment.peer_lead)
    response = client.get(reverse("recruitment:programme-funnel", args=[recruitment.programme.pk]))
    assert response.context["funnel"].total == 3  # two for the vacancy, the peer's own for the senior post


def test_the_dashboard_lists_open_vacancies_waiting_candidates_and_who_is_ready_to_start(client, recruitment):
    w, hr = recruitment, recruitment.hr_officer
    services.save_occupational_health(application=w.application, by=hr, outcome="fit", outcome_on=timezone.localdate())
    services.move_application(application=w.application, to_stage=Stage.OH_CLEARED, by=hr)
    services.save_dbs_check(application=w.application, by=hr, status="clear", returned_on=timezone.localdate())
    services.move_application(application=w.application, to_stage=Stage.DBS_CLEARED, by=hr)
    services.move_application(application=w.application, to_stage=Stage.APPOINTED, by=hr)
    client.force_login(hr)
    response = client.get(reverse("recruitment:dashboard"))
    assert [v.pk for v in response.context["open_vacancies"]] == [w.senior_vacancy.pk]  # the other is filled
    assert [a.pk for a in response.context["ready"]] == [w.application.pk]
    assert response.context["waiting_count"] == 1
    html = response.content.decode()
    assert reverse("recruitment:support-list") in html and "1 candidate waiting for feedback" in html


def test_the_dashboard_is_in_the_navigation_for_recruitment_staff_only(client, recruitment):
    client.force_login(recruitment.panel_member)
    assert reverse("recruitment:dashboard") in client.get(reverse("programmes:home")).content.decode()
    client.force_login(recruitment.supervisor)
    assert reverse("recruitment:dashboard") not in client.get(reverse("programmes:home")).content.decode()
    assert client.get(reverse("recruitment:dashboard")).status_code == 404
