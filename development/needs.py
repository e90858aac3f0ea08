"""The development phase's part of the "what needs me" home page (`programmes.home`, registered from
DevelopmentConfig.ready): a peer's own training due, with the selectors of the training reminder jobs (peer
support training under place and train, training expiring and not yet renewed). What the jobs raise for staff
comes with the employment phase's part (`workforce.needs`), which computes every job's reminders."""

from __future__ import annotations

from django.urls import reverse

from programmes import access
from programmes.home import Need, Page
from workforce.reminders import day_text

from .reminders import EXPIRY_NOTICE_DAYS
from .selectors import expiring_training, not_renewed, place_and_train_status


def build(page: Page) -> None:
    if not page.holds("own"):
        return
    peer, today = page.own_peer, page.today
    url = reverse("development:training-list", args=[peer.pk])
    section = page.section("own", "own-training", "Your training")
    for status in place_and_train_status(access.own_peer_record(page.user), today):
        if status.done:
            continue
        section.add(
            Need(
                f"Your peer support training is due by {day_text(status.deadline)}",
                url,
                due_on=status.deadline,
                overdue=status.is_overdue,
                key=f"place-and-train:{peer.pk}",
            )
        )
    # Expiring within the reminder job's notice, as it raises them.
    records = not_renewed(
        expiring_training(access.visible_training(page.user).filter(peer=peer), today, days=EXPIRY_NOTICE_DAYS)
    )
    for record in records:
        section.add(
            Need(
                f"{record.title}: your training expires on {day_text(record.expires_on)}",
                url,
                due_on=record.expires_on,
                key=f"training-expiry:{record.pk}",
            )
        )
