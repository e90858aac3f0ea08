"""The development phase's daily reminder jobs, registered with the employment phase's run
(`workforce.reminders.register_job`, from `development.apps`):

- "peer support training due": a peer in post under place and train whose peer support training is not
  complete five months after starting (and until it is) is reminded once, due on the six-month deadline;
  so are their line manager(s);
- "training expiring": completed training of a peer in post expiring within 30 days, once per record and
  expiry date, to the peer, their line manager(s) and HR.

Titles say what is due and for whom, never anything else; the link is the peer's training page.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from programmes.models import Notification, Peer, StaffRole
from programmes.notifications import NotificationDraft, register_due_rule, subject_id
from workforce.models import Placement
from workforce.reminders import Audience, _drafts_for, day_text, link
from workforce.selectors import current_placements

from .models import TrainingRecord
from .selectors import not_renewed, place_and_train_status

Kind = Notification.Kind
EXPIRY_NOTICE_DAYS = 30

JOBS = {
    "peer support training due": (Kind.PEER_SUPPORT_TRAINING_DUE,),
    "training expiring": (Kind.TRAINING_EXPIRING,),
}


def peer_support_training_drafts(today: datetime.date, peers: QuerySet, audience: Audience) -> list[NotificationDraft]:
    """Place and train: training not complete five months after starting. One reminder per peer and
    deadline (the unique key), however many days the job runs. Four queries."""
    drafts: list[NotificationDraft] = []
    for status in place_and_train_status(peers, today):
        if not status.reminder_due:
            continue
        peer, due = status.peer, day_text(status.deadline)
        _drafts_for(
            drafts,
            peer=peer,
            staff=audience.line_managers(status.placement),
            audience=audience,
            kind=Kind.PEER_SUPPORT_TRAINING_DUE,
            subject=f"place-and-train:{peer.pk}",
            due_on=status.deadline,
            staff_title=f"Peer support training due for {peer.full_name} by {due}",
            peer_title=f"Your peer support training is due by {due}",
            url=link("development:training-list", peer.pk),
        )
    return drafts


def training_expiring_drafts(today: datetime.date, peers: QuerySet, audience: Audience) -> list[NotificationDraft]:
    """Completed training of peers in post expiring within 30 days and not yet renewed: once per record and
    expiry date. Two queries: the records and the peers' placements."""
    records = list(
        not_renewed(
            TrainingRecord.objects.filter(
                peer__in=peers,
                expires_on__gte=today,
                expires_on__lte=today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS),
            )
        )
        .select_related("peer")
        .only("title", "expires_on", "peer__full_name", "peer__user")
        .order_by("expires_on", "pk")
    )
    if not records:
        return []
    placements: dict[int, Placement] = {}
    for placement in (
        current_placements(Placement.objects.filter(peer_id__in={r.peer_id for r in records}), today)
        .select_related("post__team")
        .order_by("start_date", "pk")
    ):
        placements.setdefault(placement.peer_id, placement)
    drafts: list[NotificationDraft] = []
    for record in records:
        placement = placements.get(record.peer_id)
        if placement is None:
            continue  # not in post: nobody to remind through the employment jobs
        peer, due = record.peer, day_text(record.expires_on)
        _drafts_for(
            drafts,
            peer=peer,
            staff=audience.line_managers(placement) | audience.holders(StaffRole.Role.HR, placement),
            audience=audience,
            kind=Kind.TRAINING_EXPIRING,
            subject=f"training-expiry:{record.pk}",
            due_on=record.expires_on,
            staff_title=f"{record.title}: training of {peer.full_name} expires on {due}",
            peer_title=f"{record.title}: your training expires on {due}",
            url=link("development:training-list", peer.pk),
        )
    return drafts


# --- When a reminder is done (programmes.notifications.register_due_rule) ----------------------------------


def still_due_place_and_train(notifications: list[Notification], today: datetime.date) -> set[int]:
    """A reminder about "place-and-train:<peer>" is due while the peer, in post, has not completed peer support
    training and the deadline is the reminder's. Four queries (`place_and_train_status`, as the job)."""
    peer_ids = {i for n in notifications if (i := subject_id(n.subject)) is not None}
    deadlines = {
        s.peer.pk: s.deadline for s in place_and_train_status(Peer.objects.filter(pk__in=peer_ids), today) if not s.done
    }
    return {n.pk for n in notifications if deadlines.get(subject_id(n.subject)) == n.due_on}


def still_due_training_expiry(notifications: list[Notification], today: datetime.date) -> set[int]:
    """A reminder about "training-expiry:<record>" is due while the record still expires on the reminder's date
    and no renewal has been recorded. One query."""
    ids = {i for n in notifications if (i := subject_id(n.subject)) is not None}
    expiring = dict(not_renewed(TrainingRecord.objects.filter(pk__in=ids)).values_list("pk", "expires_on"))
    return {n.pk for n in notifications if expiring.get(subject_id(n.subject)) == n.due_on}


DUE_RULES = {"place-and-train": still_due_place_and_train, "training-expiry": still_due_training_expiry}


def settle_training_of(peer: Peer) -> int:
    """Training recorded or changed settles the peer's training reminders that are done (in the caller's
    transaction)."""
    from programmes.notifications import settle

    records = TrainingRecord.objects.filter(peer=peer).values_list("pk", flat=True)
    return settle([f"place-and-train:{peer.pk}", *(f"training-expiry:{pk}" for pk in records)])


BUILDS = {
    "peer support training due": peer_support_training_drafts,
    "training expiring": training_expiring_drafts,
}


def register() -> None:
    """Add the jobs to the employment phase's daily run (called from DevelopmentConfig.ready)."""
    from workforce import reminders

    for name, kinds in JOBS.items():
        reminders.register_job(name, kinds, BUILDS[name])
    for prefix, rule in DUE_RULES.items():
        register_due_rule(prefix, rule)
