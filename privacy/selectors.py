"""Reads of the privacy app with a rule in them: which unsuccessful applicants are due for removal, a peer's
legal holds, subject access requests for their list and reminders, and who provides a full export."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.text import get_text_list

from programmes import access
from programmes.models import Peer, Post, StaffRole
from recruitment.models import Application
from recruitment.services import TRANSITIONS
from workforce.models import Placement, SupervisionAttendance

from .models import LegalHold, SubjectAccessRequest

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


def subject_access_requests_of(requests: QuerySet[SubjectAccessRequest]) -> QuerySet[SubjectAccessRequest]:
    """Requests for a list: open ones first, the soonest due first; each with its peer, trust and recorder."""
    from django.db.models import Case, Value, When
    from django.db.models.functions import Coalesce

    return (
        requests.select_related("peer__trust", "recorded_by")
        .annotate(
            closed=Case(
                When(status__in=SubjectAccessRequest.Status.open_states(), then=Value(0)),
                default=Value(1),
            ),
            responds_by_on=Coalesce("extended_to", "due_on"),
        )
        .order_by("closed", "responds_by_on", "pk")
    )


def full_export_from(peer: Peer) -> str:
    """Who provides the full subject access export of `peer`, by name: the IG officers of the peer's trust."""
    names = [u.get_full_name() or u.get_username() for u in access.ig_officers_of(peer.trust_id)]
    if not names:
        return f"the information governance officer of {peer.trust.name} (none is recorded yet: ask an administrator)"
    role = "information governance officer" if len(names) == 1 else "information governance officers"
    return f"the {role} of {peer.trust.name}, {get_text_list(names, 'or')}"


def ig_officers_by_trust(trust_ids: set[int]) -> dict[int, set[int]]:
    """The active IG officers (user ids) of each trust, in one query, for the reminders."""
    found: dict[int, set[int]] = {}
    for user_id, trust_id in StaffRole.objects.filter(
        trust_id__in=trust_ids, role=StaffRole.Role.IG_OFFICER, team__isnull=True, user__is_active=True
    ).values_list("user_id", "trust_id"):
        found.setdefault(trust_id, set()).add(user_id)
    return found
