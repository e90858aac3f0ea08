"""The privacy app's daily reminder job, registered with the employment phase's run
(`workforce.reminders.register_job`, from `privacy.apps`): "subject access due" tells the information
governance officers of the peer's trust about each open subject access request once when the day to answer it
is a week away (or nearer, if recorded late), and once more when it has passed. The unique key (recipient, kind,
subject, due date) means a rerun sends nothing twice; an extension moves the day, and so brings one reminder
more. Titles say what is due and for whom, never anything from the records."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from programmes.models import Notification
from programmes.notifications import NotificationDraft
from workforce.reminders import Audience, day_text, link

from . import selectors
from .models import SubjectAccessRequest

Kind = Notification.Kind
NOTICE_DAYS = 7
JOB = "subject access due"


def subject_access_drafts(today: datetime.date, peers: QuerySet, audience: Audience) -> list[NotificationDraft]:
    """Open requests about `peers` due within NOTICE_DAYS or overdue, to their trust's IG officers. Two queries:
    the requests, and the IG officers of their trusts (the employment run's audience is of employed peers only,
    and a request may be an applicant's)."""
    requests = list(
        SubjectAccessRequest.objects.filter(peer__in=peers, status__in=SubjectAccessRequest.Status.open_states())
        .annotate(answer_by=Coalesce("extended_to", "due_on"))
        .filter(answer_by__lte=today + datetime.timedelta(days=NOTICE_DAYS))
        .select_related("peer")
        .only("due_on", "extended_to", "peer__full_name", "peer__trust_id")
        .order_by("answer_by", "pk")
    )
    if not requests:
        return []
    officers = selectors.ig_officers_by_trust({r.peer.trust_id for r in requests})
    drafts: list[NotificationDraft] = []
    url = link("privacy:request-list")
    for request in requests:
        overdue = request.answer_by < today
        if overdue:
            subject = f"subject-access-overdue:{request.pk}"
            title = f"Subject access request of {request.peer.full_name} overdue since {day_text(request.answer_by)}"
        else:
            subject = f"subject-access:{request.pk}"
            title = f"Subject access request of {request.peer.full_name} due by {day_text(request.answer_by)}"
        for user_id in sorted(officers.get(request.peer.trust_id, ())):
            drafts.append(NotificationDraft(user_id, Kind.SUBJECT_ACCESS_DUE, subject, request.answer_by, title, url))
    return drafts


def register() -> None:
    """Add the job to the employment phase's daily run (called from PrivacyConfig.ready)."""
    from workforce import reminders

    reminders.register_job(JOB, (Kind.SUBJECT_ACCESS_DUE,), subject_access_drafts)
