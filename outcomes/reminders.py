"""The monthly reminder of a team's return (issue 18 item 1), a job of the daily reminder run
(`workforce.reminders.register_job`, from `outcomes.apps`): on the first working days of a month, a team with a
peer in post and no return for the month before is reminded once (the notification's unique key: recipient, kind,
subject, due date), to the team's line manager(s) and its peers in post. Recording the return settles it.

Titles say which team and month, nothing else; the link is the team's returns page."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet

from programmes.models import Notification, StaffRole
from programmes.notifications import NotificationDraft, register_due_rule
from workforce.models import Placement
from workforce.reminders import Audience, link
from workforce.selectors import current_placements

from .models import TeamReturn, first_of_month

JOB = "team return due"
KIND = Notification.Kind.TEAM_RETURN_DUE
# Reminded on the first this-many working days of the month (a day off on the 1st still gets it).
REMIND_ON_WORKING_DAYS = 3
PREFIX = "team-return"


def subject_for(team_id: int, month: datetime.date) -> str:
    return f"{PREFIX}:{team_id}:{month:%Y-%m}"


def working_days_of_month(day: datetime.date) -> list[datetime.date]:
    """The month's first REMIND_ON_WORKING_DAYS working days (Monday to Friday)."""
    found, current = [], first_of_month(day)
    while len(found) < REMIND_ON_WORKING_DAYS:
        if current.weekday() < 5:
            found.append(current)
        current += datetime.timedelta(days=1)
    return found


def team_return_drafts(today: datetime.date, peers: QuerySet, audience: Audience) -> list[NotificationDraft]:
    """Last month's missing returns of the teams where `peers` hold a current placement. Two queries."""
    days = working_days_of_month(today)
    if today not in days:
        return []
    month = first_of_month(today) - relativedelta(months=1)
    placements = list(
        current_placements(Placement.objects.filter(peer__in=peers), today).values_list(
            "post__team_id", "post__team__name", "peer__user_id", "line_manager_id"
        )
    )
    team_ids = {team_id for team_id, *_ in placements}
    if not team_ids:
        return []
    returned = set(TeamReturn.objects.filter(team_id__in=team_ids, month=month).values_list("team_id", flat=True))
    teams: dict[int, tuple[str, set[int], set[int]]] = {}
    for team_id, name, user_id, manager_id in placements:
        if team_id in returned:
            continue
        _, peers_told, managers = teams.setdefault(team_id, (name, set(), set()))
        if user_id:
            peers_told.add(user_id)
        if manager_id:
            managers.add(manager_id)
    drafts = []
    due_on = days[0]
    for team_id, (name, peers_told, managers) in sorted(teams.items()):
        managers |= audience.in_team.get((StaffRole.Role.LINE_MANAGER, team_id), set())
        url = link("outcomes:return-list", team_id)
        subject = subject_for(team_id, month)
        title = f"{name}: the return for {month:%B %Y} is due"
        for user_id in sorted(peers_told | managers):
            drafts.append(NotificationDraft(user_id, KIND, subject, due_on, title, url))
    return drafts


def still_due_team_return(notifications: list[Notification], today: datetime.date) -> set[int]:
    """Still due: the team has no return for the month named in the subject. One query."""
    wanted = {}
    for n in notifications:
        parts = n.subject.split(":")
        try:
            wanted[n.pk] = (int(parts[1]), datetime.date.fromisoformat(f"{parts[2]}-01"))
        except (IndexError, ValueError):
            continue
    if not wanted:
        return set()
    team_ids = {team_id for team_id, _ in wanted.values()}
    months = {month for _, month in wanted.values()}
    done = set(TeamReturn.objects.filter(team_id__in=team_ids, month__in=months).values_list("team_id", "month"))
    return {pk for pk, key in wanted.items() if key not in done}


def register() -> None:
    """Add the job to the employment phase's daily run (called from OutcomesConfig.ready)."""
    from workforce import reminders

    reminders.register_job(JOB, (KIND,), team_return_drafts)
    register_due_rule(PREFIX, still_due_team_return)
