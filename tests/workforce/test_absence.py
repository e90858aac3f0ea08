"""Sickness absence pages and leavers (issue 18 items 3 and 4) in the employment world (tests/workforce/world.py):
recording and changing an absence, bad input refused beside the field with nothing saved, days lost worked out or
entered, the reason category logged when read (as a WAP is), the link with the return-to-work conversation on both
pages, history; ending a placement records the reason, where the peer went and the exit conversation, read by HR,
the peer lead and the line manager but not the supervisor."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from programmes.integrity import VERSION_FIELD
from programmes.models import SensitiveAccessLog
from tests.form_client import integrity_fields
from workforce import services_absence
from workforce.models import AbsenceEpisode, AbsenceReason, LeavingReason, Placement
from workforce.models_absence import working_days

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

D = datetime.date
RT = SensitiveAccessLog.RecordType


def _logged(peer) -> list[tuple[str, str]]:
    return list(
        SensitiveAccessLog.objects.filter(peer=peer, record_type=RT.SICKNESS_ABSENCE).values_list(
            "user__username", "channel"
        )
    )


@pytest.fixture
def absence(workforce):
    w = workforce
    w.episode = services_absence.record_absence(
        by=w.line_manager,
        peer=w.colleague,
        start_date=w.return_to_work.absence_from,
        end_date=w.return_to_work.absence_to,
        reason_category=AbsenceReason.INFECTION,
        return_to_work=w.return_to_work,
    )
    return w


def test_working_days_count_monday_to_friday():
    assert working_days(D(2026, 10, 5), D(2026, 10, 16)) == 10  # two working weeks
    assert working_days(D(2026, 10, 10), D(2026, 10, 11)) == 0  # a weekend
    assert working_days(D(2026, 10, 9), D(2026, 10, 12)) == 2  # Friday to Monday


def test_the_line_manager_records_an_absence_and_days_lost_are_worked_out_from_the_dates(workforce, client):
    w = workforce
    client.force_login(w.line_manager)
    url = reverse("workforce:absence-create", args=[w.colleague.pk])
    response = client.post(
        url, {"start_date": "2026-11-02", "end_date": "2026-11-04", "reason_category": "", "return_to_work": ""}
    )
    assert response.status_code == 302
    episode = AbsenceEpisode.objects.get(peer=w.colleague)
    assert (episode.days_lost, episode.days_lost_entered) == (Decimal("3"), False)
    assert episode.placement == w.colleague_placement  # the placement current on the first day
    assert episode.recorded_by == w.line_manager
    assert episode.history.count() == 1
    page = client.get(reverse("workforce:absence-list", args=[w.colleague.pk]))
    assert "3 working days lost" in page.content.decode()


def test_entered_days_lost_are_kept_and_an_ongoing_absence_counts_to_today(workforce):
    w = workforce
    entered = services_absence.record_absence(
        by=w.hr_officer, peer=w.peer, start_date=D(2026, 10, 5), end_date=D(2026, 10, 9), days_lost=Decimal("2.5")
    )
    assert (entered.days_lost, entered.days_lost_entered) == (Decimal("2.5"), True)
    ongoing = services_absence.record_absence(by=w.hr_officer, peer=w.peer, start_date=D(2026, 11, 26))
    assert ongoing.days_lost is None
    assert ongoing.days_lost_on(D(2026, 11, 30)) == Decimal("3")  # Thursday, Friday, Monday


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start_date": "2026-11-04", "end_date": "2026-11-02"}, "end_date", "cannot end before it starts"),
        ({"start_date": "2026-11-02", "end_date": "2026-11-04", "days_lost": "-1"}, "days_lost", "negative"),
        ({"start_date": "2026-11-02", "end_date": "2026-11-04", "days_lost": "9"}, "days_lost", "More days lost"),
        ({"start_date": ""}, "start_date", "first day of the absence"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(workforce, client, data, field, message):
    w = workforce
    client.force_login(w.line_manager)
    response = client.post(reverse("workforce:absence-create", args=[w.colleague.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not AbsenceEpisode.objects.exists()


def test_the_reason_is_logged_when_staff_read_it_and_not_when_the_peer_reads_their_own(absence, client):
    w = absence
    detail = reverse("workforce:absence-detail", args=[w.episode.pk])
    client.force_login(w.line_manager)
    page = client.get(detail).content.decode()
    assert "Cold, flu or other infection" in page
    assert _logged(w.colleague) == [("line_manager", "page")]
    client.get(reverse("workforce:absence-update", args=[w.episode.pk]))
    assert len(_logged(w.colleague)) == 2
    # The list shows no reason: nothing to log.
    list_page = client.get(reverse("workforce:absence-list", args=[w.colleague.pk])).content.decode()
    assert "infection" not in list_page.lower()
    assert len(_logged(w.colleague)) == 2
    own = services_absence.record_absence(
        by=w.hr_officer, peer=w.peer, start_date=D(2026, 11, 2), reason_category=AbsenceReason.NOT_SAID
    )
    client.force_login(w.peer_worker)
    assert "Prefer not to say" in client.get(reverse("workforce:absence-detail", args=[own.pk])).content.decode()
    assert _logged(w.peer) == []


def test_the_absence_and_the_return_to_work_conversation_link_to_each_other(absence, client):
    w = absence
    client.force_login(w.hr_officer)
    episode_page = client.get(reverse("workforce:absence-detail", args=[w.episode.pk])).content.decode()
    assert reverse("workforce:return-to-work-detail", args=[w.return_to_work.pk]) in episode_page
    conversation_page = client.get(reverse("workforce:return-to-work-detail", args=[w.return_to_work.pk]))
    assert reverse("workforce:absence-detail", args=[w.episode.pk]) in conversation_page.content.decode()


def test_an_edit_carries_the_version_and_keeps_history(absence, client):
    w = absence
    client.force_login(w.line_manager)
    url = reverse("workforce:absence-update", args=[w.episode.pk])
    opened = integrity_fields(client.get(url).content.decode())
    data = {
        "start_date": "2026-10-05",
        "end_date": "2026-10-14",
        "days_lost": "",
        "reason_category": AbsenceReason.INFECTION,
        "return_to_work": w.return_to_work.pk,
    }
    assert client.post(url, {**data, **opened}).status_code == 302
    w.episode.refresh_from_db()
    assert (w.episode.end_date, w.episode.days_lost) == (D(2026, 10, 14), Decimal("8"))
    assert w.episode.history.count() == 2
    # A second save from the form opened before the first is refused; nothing changes.
    response = client.post(url, {**data, "end_date": "2026-10-12", **opened})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    w.episode.refresh_from_db()
    assert w.episode.end_date == D(2026, 10, 14)
    assert opened.get(VERSION_FIELD)


def test_the_admin_logs_opening_an_absence_with_a_reason(absence, client):
    w = absence
    client.force_login(w.administrator)
    response = client.get(reverse("admin:workforce_absenceepisode_change", args=[w.episode.pk]))
    assert response.status_code == 200
    assert _logged(w.colleague) == [("administrator", "admin")]
    assert client.get(reverse("admin:workforce_absenceepisode_history", args=[w.episode.pk])).status_code == 200


# --- Leavers -----------------------------------------------------------------------------------------------


def test_ending_a_placement_records_the_reason_destination_and_exit_conversation(workforce, client):
    w = workforce
    client.force_login(w.hr_officer)
    url = reverse("workforce:placement-end", args=[w.colleague_placement.pk])
    data = {
        "end_date": "2026-11-30",
        "leaving_reason": LeavingReason.PROFESSIONAL_TRAINING,
        "leaving_destination": "Mental health nursing degree",
        "exit_conversation_held": "on",
        "exit_conversation_on": "2026-11-25",
    }
    assert client.post(url, data).status_code == 302
    placement = Placement.objects.get(pk=w.colleague_placement.pk)
    assert (placement.end_date, placement.leaving_reason, placement.leaving_destination) == (
        D(2026, 11, 30),
        "professional_training",
        "Mental health nursing degree",
    )
    assert (placement.exit_conversation_held, placement.exit_conversation_on) == (True, D(2026, 11, 25))
    last = placement.history.first()
    assert last.leaving_reason == "professional_training" and last.history_user == w.hr_officer
    detail = reverse("workforce:placement-detail", args=[placement.pk])
    for user, sees in ((w.line_manager, True), (w.peer_lead, True), (w.supervisor, False)):
        client.force_login(user)
        page = client.get(detail).content.decode()
        assert ("Mental health nursing degree" in page) is sees, user.username
        assert ("Professional training" in page) is sees, user.username


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"end_date": "2026-11-30"}, "leaving_reason", "Choose why the placement ended"),
        (
            {"end_date": "2026-11-30", "leaving_reason": "other", "exit_conversation_held": "on"},
            "exit_conversation_on",
            "Enter the date the exit conversation was held",
        ),
        (
            {"end_date": "2026-11-30", "leaving_reason": "other", "exit_conversation_on": "2026-11-20"},
            "exit_conversation_on",
            "to give its date",
        ),
        ({"end_date": "2026-08-01", "leaving_reason": "other"}, "end_date", "cannot end before it starts"),
    ],
)
def test_bad_leaving_details_are_refused_beside_the_field(workforce, client, data, field, message):
    w = workforce
    client.force_login(w.hr_officer)
    response = client.post(reverse("workforce:placement-end", args=[w.colleague_placement.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    w.colleague_placement.refresh_from_db()
    assert w.colleague_placement.end_date is None


def test_a_contract_end_before_the_start_is_refused_beside_the_field(workforce, client):
    w = workforce
    client.force_login(w.hr_officer)
    url = reverse("workforce:placement-update", args=[w.placement.pk])
    assert client.get(url).status_code == 200
    data = {
        "start_date": "2026-09-01",
        "hours": "37.5",
        "match_reasons": "Changed.",
        "line_manager": w.line_manager.pk,
        "reasonable_adjustments": "No early starts.",
        "contract_end_date": "2026-08-01",
    }
    response = client.post(url, data)
    assert "cannot end before the placement starts" in " ".join(response.context["form"].errors["contract_end_date"])
    w.placement.refresh_from_db()
    assert (w.placement.contract_end_date, w.placement.match_reasons) != (D(2026, 8, 1), "Changed.")
    response = client.post(url, {**data, "contract_end_date": "2027-08-31"})
    assert response.status_code == 302
    w.placement.refresh_from_db()
    assert w.placement.contract_end_date == D(2027, 8, 31)


def test_a_partial_subject_access_export_withholds_the_leaving_reason_from_the_supervisor(workforce):
    from programmes import access

    w = workforce
    supervisor_rules = access.subject_access_rules(w.supervisor, w.colleague)
    assert set(Placement.LEAVING_FIELDS) <= supervisor_rules.withheld["workforce.Placement"]
    line_manager_rules = access.subject_access_rules(w.line_manager, w.colleague)
    assert not set(Placement.LEAVING_FIELDS) & line_manager_rules.withheld.get("workforce.Placement", frozenset())
    assert line_manager_rules.rows["workforce.AbsenceEpisode"].model is AbsenceEpisode


@pytest.mark.django_db
def test_the_placement_page_links_the_caseload_only_for_those_who_may_read_it(client, workforce):
    """The caseload agreed in supervision (outcomes) is read by the peer, HR, the peer lead and the line manager:
    they get the link; the supervisor, who may open the placement but not the caseload, gets none (no link to a
    404)."""
    w = workforce
    detail = reverse("workforce:placement-detail", args=[w.placement.pk])
    caseload = reverse("outcomes:caseload-list", args=[w.peer.pk])
    for user, sees in ((w.line_manager, True), (w.hr_officer, True), (w.supervisor, False)):
        client.force_login(user)
        page = client.get(detail)
        assert page.status_code == 200, user.username
        assert (caseload in page.content.decode()) is sees, user.username
        if sees:
            assert client.get(caseload).status_code == 200, user.username
