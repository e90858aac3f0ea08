"""Permission matrix rows for the notification pages: every signed-in user sees and marks read their own
notifications and nobody else's (an administrator included: notifications are personal)."""

import datetime

from django.urls import reverse

from programmes.models import Notification
from tests.matrix import SIGNED_IN, Row, answers

BACK_TO_LIST = f"302 to {reverse('programmes:notification-list')}"


def line_managers_notification(w) -> dict:
    note, _ = Notification.objects.get_or_create(
        recipient=w.line_manager,
        kind=Notification.Kind.REVIEW_DUE,
        subject="review:matrix",
        due_on=datetime.date(2026, 12, 1),
        defaults={"title": "3-month interim review due for Samira Okafor on 1 Dec 2026"},
    )
    return {"pk": note.pk}


ROWS: list[Row] = [
    Row("programmes:notification-list", answers(ok=SIGNED_IN)),
    Row(
        "programmes:notification-read",
        answers(ok=("line_manager",)),
        line_managers_notification,
        label="the line manager's own",
    ),
    Row(
        "programmes:notification-read",
        answers(line_manager=BACK_TO_LIST),
        line_managers_notification,
        label="the line manager's own",
        method="post",
    ),
    Row("programmes:notification-read-all", answers(ok=SIGNED_IN)),
    Row("programmes:notification-read-all", answers(default=BACK_TO_LIST), method="post"),
]
