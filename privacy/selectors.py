"""Reads of the privacy app with a rule in them: which unsuccessful applicants are due for removal, and a peer's
legal holds."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from programmes.models import Peer, Post
from recruitment.models import Application
from recruitment.services import TRANSITIONS
from workforce.models import Placement, SupervisionAttendance

from .models import LegalHold

# An application has ended unsuccessfully when it sits in a stage the pipeline cannot leave (no onward
# transition) other than an appointment: withdrawn, not shortlisted, not appointed.
UNSUCCESSFUL_ENDINGS: tuple[str, ...] = tuple(
    stage for stage, onward in TRANSITIONS.items() if not onward and stage != Application.Stage.APPOINTED
)


def retention_cutoff(*, today: datetime.date, months: int) -> datetime.datetime:
    """Applications that ended before this moment (the start of the day after `today` less `months`, local time)
    ended at least `months` months ago."""
    last_day = today - relativedelta(months=months)
    return timezone.make_aware(datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min))


def holds_in_force() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True)


def unsuccessful_applicants_due(*, today: datetime.date, months: int) -> QuerySet[Peer]:
    """Peers who applied and whose every application ended unsuccessfully at least `months` months before
    `today`, who were never placed or employed, and whose records are under no legal hold."""
    applications = Application.objects.filter(applicant=OuterRef("pk"))
    return (
        Peer.objects.filter(Exists(applications))
        .exclude(Exists(applications.exclude(stage__in=UNSUCCESSFUL_ENDINGS)))  # open, or appointed
        .exclude(Exists(applications.filter(stage_changed_at__gte=retention_cutoff(today=today, months=months))))
        .exclude(Exists(Placement.objects.filter(peer=OuterRef("pk"))))
        .exclude(Exists(Post.objects.filter(holder=OuterRef("pk"))))
        # A post they once held (the post's history remembers its holders) means they were employed.
        .exclude(Exists(Post.history.filter(holder_id=OuterRef("pk"))))
        .exclude(Exists(SupervisionAttendance.objects.filter(peer=OuterRef("pk"))))
        .exclude(Exists(holds_in_force().filter(peer=OuterRef("pk"))))
    )


def legal_holds_of(peer: Peer) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(peer=peer).select_related("set_by", "released_by")
