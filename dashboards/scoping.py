"""What a dashboard covers for a user and its filters: the page, its CSVs, its PDF, the API and the job that
counts kept figures again (dashboards.kept) all work it out here, from the user's roles (programmes.access)."""

from __future__ import annotations

import datetime

from django.http import QueryDict
from django.utils import timezone

from programmes import access

from .forms import DEFAULT_RANGE_DAYS, DashboardFilterForm
from .tables import Scope


def filter_form(user, data: QueryDict) -> DashboardFilterForm:
    """The dashboard's filters as the address gives them (unbound without any)."""
    return DashboardFilterForm(data or None, teams=access.dashboard_teams(user), today=timezone.localdate())


def scope_of(user, form: DashboardFilterForm) -> Scope | None:
    """What the dashboard covers with the form's filters, or None when the filters are wrong."""
    today = timezone.localdate()
    if form.is_bound and not form.is_valid():
        return None
    data = form.cleaned_data if form.is_bound else {}
    teams = access.dashboard_teams(user)
    if data.get("team"):
        teams = teams.filter(pk=data["team"].pk)
    if data.get("service_type"):
        teams = teams.filter(service_type=data["service_type"])
    date_to = data.get("date_to") or today
    date_from = data.get("date_from") or date_to - datetime.timedelta(days=DEFAULT_RANGE_DAYS)
    # A line manager's team and its peers are read once as ids (access.pinned): the sections filter by them
    # in some 60 queries.
    teams = access.pinned(teams)
    return Scope(
        teams=teams,
        peers=access.pinned(access.dashboard_peers(user)),
        readable_waps=access.pinned(access.visible_waps(user)),
        vacancies=access.pinned(access.funnel_vacancies(user)),
        programmes=access.visible_programmes(user).filter(trust__in=teams.values("trust_id")),
        date_from=date_from,
        date_to=date_to,
    )
