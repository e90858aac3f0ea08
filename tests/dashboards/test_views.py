"""The dashboard page, its CSV exports and its PDF: access, filters, the plans counted but not named, and bad input.
Time is frozen on 10 December 2026: Samira's Wellness Action Plan (shared with nobody) is past its review date."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

DASHBOARD = reverse("dashboards:dashboard")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 12, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def tables(response) -> dict:
    return {t.key: t for t in response.context["tables"]}


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_peer_lead_sees_every_section_with_a_chart_and_its_table(client, development, frozen):
    w = development
    client.force_login(w.peer_lead)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    found = tables(response)
    assert list(found)[:12] == [
        "posts", "small-teams", "funnel", "supervision", "supervision-overdue",
        "waps", "induction", "training", "progression", "readiness", "retention", "absence",
    ]  # fmt: skip
    outcomes = ["returns-trend", "absence-trend", "caseload"]  # issue 18's outcomes section, in its order
    assert [key for key in found if key in outcomes] == outcomes
    html = response.content.decode()
    assert html.count("<table") == len(found) + 2  # and the headline figures and the trend's figures
    assert 'data-chart="chart-data-posts"' in html and 'id="chart-data-posts" type="application/json"' in html
    assert "chartjs-4.5.1/chart.umd.min.js" in html and "<script>" not in html and "style=" not in html
    # The peer lead reads every plan: Samira's overdue plan is named, never its content.
    assert found["waps"].rows == [[w.peer.full_name]]
    assert "A walk at lunchtime" not in html and "Back-to-back meetings" not in html
    assert [w.team.name, w.team.get_service_type_display(), 2, 0] in [r[:4] for r in found["posts"].rows]
    assert found["progression"].rows == [["Peer support worker", 1]]
    assert 'href="/dashboard/"' in html and "aria-current" in html  # the navigation's link


@pytest.mark.django_db
def test_a_line_manager_sees_their_team_and_plans_not_shared_are_counted_not_named(client, development, frozen):
    w = development
    client.force_login(w.line_manager)
    found = tables(client.get(DASHBOARD))
    assert {r[0] for r in found["readiness"].rows} == {w.team.name}
    assert found["waps"].rows == []
    assert "1 Wellness Action Plan with a review overdue. 1 of them not shared with you" in found["waps"].summary


@pytest.mark.django_db
def test_another_trusts_hr_sees_nothing_of_this_trust(client, development, frozen):
    w = development
    client.force_login(w.other_trust_staff)
    html = client.get(DASHBOARD).content.decode()
    for name in (w.team.name, w.peer.full_name, w.colleague.full_name):
        assert name not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["supervisor", "panel_member", "peer_worker"])
def test_roles_without_the_dashboard_get_404_and_no_link(client, development, role):
    client.force_login(getattr(development, role))
    assert client.get(DASHBOARD).status_code == 404
    assert 'href="/dashboard/"' not in client.get(reverse("programmes:home")).content.decode()


@pytest.mark.django_db
def test_the_team_filter_narrows_every_table(client, development, frozen):
    w = development
    client.force_login(w.peer_lead)
    found = tables(client.get(DASHBOARD, {"team": w.other_team.pk}))
    assert [r[0] for r in found["readiness"].rows] == [w.other_team.name]
    assert found["waps"].rows == [] and found["supervision-overdue"].rows == []


@pytest.mark.django_db
def test_bad_dates_are_explained_beside_the_field_and_nothing_is_counted(client, development, frozen):
    client.force_login(development.peer_lead)
    response = client.get(DASHBOARD, {"date_from": "2026-12-01", "date_to": "2026-11-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_from"] == ["The start date must be on or before the end date."]
    assert response.context["tables"] == []
    assert "There is a problem" in response.content.decode()
    future = client.get(DASHBOARD, {"date_to": "2027-01-01"})
    assert future.context["form"].errors["date_to"] == ["The end date cannot be in the future."]
    assert client.get(reverse("dashboards:csv", args=["posts"]), {"date_to": "nonsense"}).status_code == 400


@pytest.mark.django_db
def test_csv_of_a_table_follows_access_and_filters(client, development, frozen):
    w = development
    client.force_login(w.peer_lead)
    response = client.get(reverse("dashboards:csv", args=["waps"]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="dashboard-waps-2026-12-10.csv"'
    assert csv_rows(response) == [["Peer"], [w.peer.full_name]]
    filtered = client.get(reverse("dashboards:csv", args=["waps"]), {"team": w.other_team.pk})
    assert csv_rows(filtered) == [["Peer"]]
    client.force_login(w.line_manager)
    assert csv_rows(client.get(reverse("dashboards:csv", args=["waps"]))) == [["Peer"]]


@pytest.mark.django_db
def test_csv_cells_cannot_start_a_spreadsheet_formula(client, development, frozen):
    w = development
    w.peer.full_name = "=HYPERLINK(1)"
    w.peer.save()
    client.force_login(w.peer_lead)
    assert csv_rows(client.get(reverse("dashboards:csv", args=["waps"])))[1] == ["'=HYPERLINK(1)"]


@pytest.mark.django_db
def test_the_board_report_pdf_has_every_section(client, development, frozen):
    w = development
    client.force_login(w.peer_lead)
    response = client.get(reverse("dashboards:pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert "peer-support-dashboard-2026-12-10.pdf" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    for title in ("Headline figures", "Recruitment funnel", "Supervision overdue", "Team readiness for peer workers"):
        assert title in text
    assert w.peer.full_name not in text  # counts only (tests/dashboards/test_board_report.py)
    assert "A walk at lunchtime" not in text


@pytest.mark.django_db
def test_a_long_table_shows_its_first_rows_and_the_csv_holds_them_all(client, development, frozen):
    from dashboards.selectors import ROWS_ON_PAGE
    from tests import factories

    w = development
    for i in range(ROWS_ON_PAGE + 5):
        factories.TeamFactory(trust=w.trust, name=f"Zeta team {i:02}")
    client.force_login(w.peer_lead)
    response = client.get(DASHBOARD)
    readiness = tables(response)["readiness"]
    assert len(readiness.rows) > ROWS_ON_PAGE
    html = response.content.decode()
    section = html[html.index('id="readiness"') :]
    section = section[: section.index("</section>")]
    assert section.count("<tr>") == 1 + ROWS_ON_PAGE  # the header row and the rows shown
    assert f"The first {ROWS_ON_PAGE} of {len(readiness.rows)} rows; the CSV holds them all." in section
    rows = csv_rows(client.get(reverse("dashboards:csv", args=["readiness"])))
    assert len(rows) == 1 + len(readiness.rows)
    assert "Zeta team 29" in {row[0] for row in rows}


def test_the_team_filter_groups_teams_by_trust_when_there_are_several(development):
    """A peer lead of several trusts picks a team from a group per trust; with one trust, a plain list. The
    queryset still decides: a team outside it is refused beside the field."""
    import datetime

    from dashboards.forms import DashboardFilterForm
    from programmes.models import Team

    w = development
    today = datetime.date(2026, 12, 1)
    both = Team.objects.filter(trust__in=[w.trust, w.other_trust])
    html = str(DashboardFilterForm(teams=both, today=today)["team"])
    assert f'<optgroup label="{w.trust.name}">' in html and f'<optgroup label="{w.other_trust.name}">' in html
    one = str(DashboardFilterForm(teams=Team.objects.filter(trust=w.trust), today=today)["team"])
    assert "<optgroup" not in one and w.team.name in one and w.other_trust_team.name not in one
    chosen = DashboardFilterForm({"team": w.other_trust_team.pk}, teams=both, today=today)
    assert chosen.is_valid() and chosen.cleaned_data["team"] == w.other_trust_team
    outside = DashboardFilterForm(
        {"team": w.other_trust_team.pk}, teams=Team.objects.filter(trust=w.trust), today=today
    )
    assert not outside.is_valid() and "team" in outside.errors


@pytest.mark.django_db
def test_the_page_shows_the_first_rows_of_each_table_as_its_csv_lists_them(client, development, frozen):
    """Tables built on demand (the trends, the supervision overdue) show the CSV's first rows, in its order, and
    count every row; the names shown link to the peers of those rows."""
    from dashboards.selectors import ROWS_ON_PAGE
    from programmes.exports import cell
    from tests.perf.test_dashboard_budgets import add_outcomes, add_placed_peers

    w = development
    add_placed_peers(w, 14)  # a peer alone in a new team each, never supervised: 28 supervisions overdue
    add_outcomes(w, 3)
    client.force_login(w.peer_lead)
    response = client.get(DASHBOARD)
    html = response.content.decode()
    long = {"returns-trend", "absence-trend", "supervision-overdue"}
    for table in response.context["tables"]:
        rows = csv_rows(client.get(reverse("dashboards:csv", args=[table.key])))[1:]
        shown = [[cell(v) for v in row] for row in table.page_rows]
        assert shown == rows[:ROWS_ON_PAGE], table.key
        assert len(table.rows) == len(rows), table.key
        assert [peer_id for _, peer_id in table.page_rows_with_peers] == (
            list(table.peer_ids)[: len(shown)] if table.peer_ids else [None] * len(shown)
        )
        if table.key in long:
            assert len(rows) > ROWS_ON_PAGE, table.key
            assert f"The first {ROWS_ON_PAGE} of {len(rows)} rows; the CSV holds them all." in html


@pytest.mark.django_db
def test_the_opening_words_say_how_many_trusts_or_teams_the_dashboard_covers(client, development, frozen):
    """One trust is "your trust"; a peer lead of several trusts is told how many, as is a line manager of
    several teams."""
    from programmes.models import StaffRole, Team
    from tests import factories

    w = development

    def opening(user) -> str:
        client.force_login(user)
        html = client.get(DASHBOARD).content.decode()
        return html[html.index("The peer support programme") :].split(":", 1)[0]

    assert opening(w.peer_lead) == "The peer support programme across your trust"
    StaffRole.objects.create(user=w.peer_lead, trust=w.other_trust, role=StaffRole.Role.PEER_LEAD)
    assert opening(w.peer_lead) == "The peer support programme across the 2 trusts you cover"

    manager = factories.UserFactory(username="two-teams")
    StaffRole.objects.create(user=manager, trust=w.trust, team=w.team, role=StaffRole.Role.LINE_MANAGER)
    assert opening(manager) == "The peer support programme in your team"
    second = Team.objects.filter(trust=w.trust).exclude(pk=w.team.pk).first() or factories.TeamFactory(trust=w.trust)
    StaffRole.objects.create(user=manager, trust=w.trust, team=second, role=StaffRole.Role.LINE_MANAGER)
    assert opening(manager) == "The peer support programme in your 2 teams"
