"""Monthly team returns (issue 18 items 1 and 2): entered by the team's line manager or peers, once per team and month,
counts only; bad input is refused beside the field and nothing is saved; a change carries the version."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from outcomes import services
from outcomes.models import TeamReturn
from tests.outcomes import world as ow

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

TODAY = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
GOOD = {
    "month": "2026-10",
    "people_supported": "12",
    "contacts": "40",
    "groups_run": "3",
    "goals_agreed": "9",
    "goals_achieved": "6",
    "first_meetings": "4",
    "completed_with_review": "2",
}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def post_return(client, w, user, **changes):
    client.force_login(user)
    return client.post(reverse("outcomes:return-create", args=[w.team.pk]), {**GOOD, **changes})


@pytest.mark.django_db
def test_line_manager_records_a_months_return_with_history(client, workforce):
    w = workforce
    response = post_return(client, w, w.line_manager)
    record = TeamReturn.objects.get(team=w.team)
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert record.month == datetime.date(2026, 10, 1) and record.people_supported == 12
    assert record.recorded_by == w.line_manager
    assert record.history.count() == 1 and record.history.first().history_user == w.line_manager


@pytest.mark.django_db
def test_a_peer_of_the_team_records_the_return(client, workforce):
    assert post_return(client, workforce, workforce.peer_worker).status_code == 302
    assert TeamReturn.objects.filter(team=workforce.team, recorded_by=workforce.peer_worker).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contacts": "-1"}, "contacts", "0"),
        ({"goals_achieved": "10"}, "goals_achieved", "Goals achieved cannot be more than goals agreed."),
        ({"month": "2026-12"}, "month", "The month has not begun yet"),
        ({"month": ""}, "month", "Enter the month the return is for."),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(client, workforce, changes, field, message):
    response = post_return(client, workforce, workforce.line_manager, **changes)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not TeamReturn.objects.exists()


@pytest.mark.django_db
def test_outcome_measure_pairs_need_their_averages(workforce):
    w = workforce
    ow.measure_of(w)
    with pytest.raises(ValidationError) as error:
        services.record_team_return(
            by=w.line_manager,
            team=w.team,
            month=datetime.date(2026, 10, 1),
            people_supported=1,
            contacts=1,
            groups_run=0,
            goals_agreed=0,
            goals_achieved=0,
            measure_1_pairs=4,
            measure_1_before=None,
            measure_1_after=None,
        )
    assert set(error.value.message_dict) == {"measure_1_before", "measure_1_after"}
    with pytest.raises(ValidationError) as error:
        services.record_team_return(
            by=w.line_manager,
            team=w.team,
            month=datetime.date(2026, 10, 1),
            people_supported=1,
            contacts=1,
            groups_run=0,
            goals_agreed=0,
            goals_achieved=0,
            measure_1_pairs=0,
            measure_1_before=3,
        )
    assert "measure_1_pairs" in error.value.message_dict
    assert not TeamReturn.objects.exists()


@pytest.mark.django_db
def test_the_return_form_names_the_trusts_measure(client, workforce):
    w = workforce
    ow.measure_of(w)
    client.force_login(w.line_manager)
    form = client.get(reverse("outcomes:return-create", args=[w.team.pk])).context["form"]
    assert form.fields["measure_1_pairs"].label == "Hope score: before/after pairs"
    assert "measure_2_pairs" not in form.fields  # the programme chose one measure
    # The scale in plain numbers (a Decimal's normalize() alone reads "1E+1" for ten).
    assert form.fields["measure_1_before"].help_text.endswith("(scored 0 to 10).")


@pytest.mark.django_db
def test_one_return_per_team_and_month(client, workforce):
    w = workforce
    ow.team_return(w.team)
    response = post_return(client, w, w.line_manager)
    assert response.status_code == 200
    assert "already has a return for this month" in " ".join(response.context["form"].errors["month"])
    assert TeamReturn.objects.count() == 1


@pytest.mark.django_db
def test_a_change_opened_before_another_save_is_refused(client, workforce):
    w = workforce
    record = ow.team_return(w.team)
    client.force_login(w.line_manager)
    url = reverse("outcomes:return-update", args=[record.pk])
    opened = client.get(url).context["view"].integrity_field()
    services.update_team_return(by=w.peer_worker, record=record, contacts=31)
    data = {**GOOD, "contacts": "50", opened[0]: opened[1]}
    response = client.post(url, data)  # the version it was opened at, now stale
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    record.refresh_from_db()
    assert record.contacts == 31


@pytest.mark.django_db
def test_the_team_list_shows_the_last_12_months_and_what_is_missing(client, workforce):
    w = workforce
    ow.team_return(w.team)
    client.force_login(w.line_manager)
    response = client.get(reverse("outcomes:return-list", args=[w.team.pk]))
    months = response.context["months"]
    assert len(months) == 12 and months[0][0] == datetime.date(2026, 11, 1)
    assert months[1][1] is not None and months[0][1] is None
    assert b"?month=2026-11" in response.content


@pytest.mark.django_db
def test_the_allocation_process_is_a_team_setting_with_history(client, workforce):
    w = workforce
    client.force_login(w.line_manager)
    url = reverse("outcomes:allocation-update", args=[w.team.pk])
    response = client.post(url, {"process": "Offered at the weekly allocation meeting; the peer has a say."})
    assert response.status_code == 302
    w.team.refresh_from_db()
    assert w.team.allocation.process.startswith("Offered")
    response = client.post(url, {"process": ""})
    assert "Enter how the team decides whom a peer works with." in response.content.decode()
