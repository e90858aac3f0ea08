"""Notifications shared by every phase: creating them once (however many runs), reading them, marking
them read, and the daily digest email that carries what is due (titles, dates and links only).

Kept apart from `services.py`: the reminder jobs of later phases call `create_notifications` with the
drafts they compute, and the digest task (`programmes.tasks`) calls `send_digest`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from . import access
from .models import DigestEmail, Notification


@dataclass(frozen=True)
class NotificationDraft:
    """A notification a job wants to exist: to whom, about what (a stable key), due when, and the words
    and link shown. The title says what is due and for whom, never why (no health or WAP content)."""

    recipient_id: int
    kind: str
    subject: str
    due_on: datetime.date
    title: str
    url: str = ""
    peer_id: int | None = None  # the peer the item is about, when there is one (not stored: for the home page)

    @property
    def key(self) -> tuple:
        return (self.recipient_id, self.kind, self.subject, self.due_on)


def new_run_id() -> str:
    return str(uuid.uuid4())


@transaction.atomic
def create_notifications(drafts: Iterable[NotificationDraft], *, run: str) -> int:
    """Create the drafts' notifications that do not exist yet and return how many this run created.

    One INSERT ... ON CONFLICT DO NOTHING relying on the unique key (recipient, kind, subject, due date):
    a second run, or two runs at once, create each notification once. `run` must be new to this call
    (see `new_run_id`): the rows carrying it are the ones this run created."""
    unique: dict[tuple, NotificationDraft] = {}
    for draft in drafts:
        unique.setdefault(draft.key, draft)
    if not unique:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=d.recipient_id,
                kind=d.kind,
                subject=d.subject[:100],
                due_on=d.due_on,
                title=d.title[:200],
                url=d.url[:300],
                run=run,
            )
            for d in unique.values()
        ],
        ignore_conflicts=True,
    )
    return Notification.objects.filter(run=run).count()


# --- Reading and marking read -------------------------------------------------------------------------


def notifications_for_list(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    """Newest first; nothing else is needed to show them (no joins)."""
    return notifications.order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """The signed-in user's unread notifications: one query."""
    if not user.is_authenticated:
        return 0
    return access.own_notifications(user).filter(read_at__isnull=True).count()


@transaction.atomic
def mark_read(user, ids: Iterable[int]) -> int:
    """Mark the user's own notifications among `ids` read; anyone else's are left alone. Returns how many."""
    ids = [int(i) for i in ids]
    if not ids:
        return 0
    return access.own_notifications(user).filter(pk__in=ids, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def mark_all_read(user) -> int:
    return access.own_notifications(user).filter(read_at__isnull=True).update(read_at=timezone.now())


# --- Reminders that resolve themselves ---------------------------------------------------------------
#
# A notification is about one due item, named by its subject ("supervision:12:managerial", "review:40"): the
# part before the first colon says which rule knows whether it is still due. Each later phase registers the
# rules of its own subjects (`register_due_rule`, from its AppConfig.ready), written with the same selectors
# as the reminder job that raised it, so the job and the rule never disagree. A rule is given notifications of
# its prefix and answers which are still due today: the item not done, and still due on the notification's
# date. Subjects no rule knows stay due (until read).

DueRule = Callable[[list[Notification], datetime.date], set[int]]
DUE_RULES: dict[str, DueRule] = {}


def register_due_rule(prefix: str, rule: DueRule) -> None:
    """Let a phase say when its reminders are done; registering a prefix again replaces its rule."""
    DUE_RULES[prefix] = rule


def subject_prefix(subject: str) -> str:
    return subject.split(":", 1)[0]


def subject_id(subject: str, position: int = 1) -> int | None:
    """The number at `position` of a subject such as "supervision:12:managerial" (12), or None."""
    parts = subject.split(":")
    try:
        return int(parts[position])
    except (IndexError, ValueError):
        return None


def still_due(notifications: Iterable[Notification], today: datetime.date) -> set[int]:
    """The ids of those notifications whose item is still due on `today`: one call of each rule concerned (a
    fixed number of queries for any number of notifications)."""
    by_prefix: dict[str, list[Notification]] = {}
    for notification in notifications:
        by_prefix.setdefault(subject_prefix(notification.subject), []).append(notification)
    due: set[int] = set()
    for prefix, group in by_prefix.items():
        rule = DUE_RULES.get(prefix)
        due |= {n.pk for n in group} if rule is None else rule(group, today)
    return due


@transaction.atomic
def settle(subjects: Iterable[str], *, today: datetime.date | None = None) -> int:
    """Mark read, at once, the unread notifications about `subjects` whose item is done or rescheduled: called by
    the service that did the work, in its transaction, so the reminder stops counting as unread or overdue when
    the work is saved. Returns how many were settled."""
    subjects = sorted(set(subjects))
    if not subjects:
        return 0
    today = today or timezone.localdate()
    unread = list(
        Notification.objects.filter(subject__in=subjects, read_at__isnull=True).only("pk", "subject", "due_on")
    )
    if not unread:
        return 0
    due = still_due(unread, today)
    done = [n.pk for n in unread if n.pk not in due]
    if not done:
        return 0
    return Notification.objects.filter(pk__in=done, read_at__isnull=True).update(read_at=timezone.now())


def unread_still_due(user, today: datetime.date, *, limit: int | None = None) -> tuple[list[Notification], int]:
    """The user's unread notifications whose item is still due (the due rules re-evaluated now, so a reminder
    done by a write no service settled, such as the admin's, does not linger), overdue first; and how many.
    One query and a call of each rule concerned."""
    unread = list(access.own_notifications(user).filter(read_at__isnull=True).order_by("due_on", "pk"))
    due = still_due(unread, today)
    shown = [n for n in unread if n.pk in due]
    return (shown[:limit] if limit is not None else shown), len(shown)


def split_done(notifications: Iterable[Notification], today: datetime.date) -> tuple[list, list]:
    """Notifications still due, and those whose item has been done or rescheduled since (for the list page)."""
    notifications = list(notifications)
    due = still_due(notifications, today)
    return [n for n in notifications if n.pk in due], [n for n in notifications if n.pk not in due]


# --- The daily digest ------------------------------------------------------------------------------------


def digest_recipient_ids(day: datetime.date) -> list[int]:
    """Active users with an email address, notifications no digest has carried yet, and no digest on `day`."""
    return list(
        Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .exclude(recipient__digests__day=day)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


def absolute_url(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def digest_subject(count: int) -> str:
    return f"Peer support: {count} {'thing' if count == 1 else 'things'} due"


def send_digest(*, user_id: int, day: datetime.date) -> bool:
    """Send the user's digest for `day`, at most one a day: the DigestEmail row (unique per person and day)
    is claimed first, then the email is sent and the notifications marked emailed, in one transaction. A
    failure rolls everything back, so the next run sends them. Users without an email address get none."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    with transaction.atomic():
        notifications = list(
            Notification.objects.select_for_update()
            .filter(recipient_id=user_id, emailed_at__isnull=True)
            .order_by("due_on", "pk")
        )
        # A reminder whose work was done or rescheduled since it was raised is not emailed (the page lists it as
        # done); it is ticked off as carried, so it does not bring its recipient back to every day's run.
        due = still_due(notifications, day)
        settled = [n.pk for n in notifications if n.pk not in due]
        if settled:
            Notification.objects.filter(pk__in=settled).update(emailed_at=timezone.now())
        notifications = [n for n in notifications if n.pk in due]
        if not notifications:
            return False
        try:
            with transaction.atomic():
                DigestEmail.objects.create(recipient_id=user_id, day=day, notification_count=len(notifications))
        except IntegrityError:
            return False  # today's digest has gone already; these wait for tomorrow's
        items = [
            {"title": n.title, "due_on": n.due_on, "link": absolute_url(n.url), "kind": n.get_kind_display()}
            for n in notifications
        ]
        context = {
            "user": user,
            "name": user.get_full_name() or user.get_username(),
            "items": items,
            "day": day,
            "list_link": absolute_url(_notification_list_url()),
        }
        message = EmailMultiAlternatives(
            subject=digest_subject(len(items)),
            body=render_to_string("email/digest.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        message.attach_alternative(render_to_string("email/digest.html", context), "text/html")
        message.send()
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
    return True


def _notification_list_url() -> str:
    from django.urls import reverse

    return reverse("programmes:notification-list")
