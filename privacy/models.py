"""Privacy records: legal holds that stop a peer's data being removed, the non-personal log of each retention run
(how many people's data it removed, and when), and subject access requests with their statutory month."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from programmes.models import Peer


class LegalHold(models.Model):
    """A hold on a peer's records (a claim, a complaint, an investigation): while it is in force the retention
    job removes nothing about the peer. Set and released by HR or the peer support lead."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField(help_text="Why the records must be kept, e.g. an employment tribunal claim.")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release_reason = models.TextField(blank=True, help_text="Why the hold is no longer needed.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [
            # One hold in force per peer: a second reason is added to the first, not stacked beside it.
            models.UniqueConstraint(
                fields=["peer"], condition=Q(released_at__isnull=True), name="one_legal_hold_in_force"
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(released_by__isnull=False),
                name="legal_hold_release_names_who",
            ),
        ]

    def __str__(self) -> str:
        state = "released" if self.released_at else "in force"
        return f"Legal hold on {self.peer} ({state})"

    @property
    def in_force(self) -> bool:
        return self.released_at is None

    def get_absolute_url(self) -> str:
        return reverse("privacy:subject-access", args=[self.peer_id])


class RetentionRun(models.Model):
    """One run of the retention job: the day it ran for, the period applied and how many unsuccessful
    applicants' data it removed. Holds nothing about any person, so the programme can show the job ran."""

    ran_for = models.DateField(help_text="The day the job ran for.")
    ran_at = models.DateTimeField(auto_now_add=True)
    months = models.PositiveSmallIntegerField(help_text="The retention period applied, in months.")
    removed = models.PositiveIntegerField(default=0, help_text="Applicants whose data was removed.")
    # Recorded before the first applicant is removed and updated after each, so a run that crashed part-way
    # is visible: it has no finish time.
    due = models.PositiveIntegerField(default=0, help_text="Applicants due for removal when the run started.")
    finished_at = models.DateTimeField(null=True, blank=True, help_text="Empty while running, or if the run died.")

    class Meta:
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run for {self.ran_for:%d %b %Y}: {self.removed} removed"


class SubjectAccessRequest(models.Model):
    """A request by a person (or someone acting for them) for a copy of everything held about them (UK GDPR
    Art. 15). It must be answered without undue delay and within one month of receipt (Art. 12(3)); the month may
    be extended by two further months where a request is complex, with the reason; a manifestly unfounded or
    excessive request may be refused, with the reason. Recorded by HR, the peer lead or the IG officer; the
    trust's information governance officer fulfils it with the full export."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        IN_PROGRESS = "in_progress", "In progress"
        EXTENDED = "extended", "Extended (with reason)"
        FULFILLED = "fulfilled", "Fulfilled"
        REFUSED = "refused", "Refused (with reason)"

        @classmethod
        def open_states(cls) -> tuple[str, ...]:
            return (cls.RECEIVED, cls.IN_PROGRESS, cls.EXTENDED)

    # Which status a request may move to from each: fulfilled and refused are final.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.RECEIVED: (Status.IN_PROGRESS, Status.EXTENDED, Status.FULFILLED, Status.REFUSED),
        Status.IN_PROGRESS: (Status.EXTENDED, Status.FULFILLED, Status.REFUSED),
        Status.EXTENDED: (Status.IN_PROGRESS, Status.FULFILLED, Status.REFUSED),
        Status.FULFILLED: (),
        Status.REFUSED: (),
    }

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="subject_access_requests")
    requested_by = models.CharField(
        "who asked",
        max_length=200,
        help_text="The person themself, or who made the request for them (e.g. their solicitor), by name.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    received_on = models.DateField(help_text="The day the request was received.")
    due_on = models.DateField(help_text="The day the statutory month ends: one calendar month from receipt.")
    extended_to = models.DateField(
        null=True, blank=True, help_text="The day the extended period ends: three calendar months from receipt."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    reason = models.TextField(blank=True, help_text="Why the period was extended, or the request refused.")
    fulfilled_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gt=models.F("received_on")), name="sar_due_after_receipt"),
            models.CheckConstraint(
                condition=~Q(status="fulfilled") | Q(fulfilled_on__isnull=False), name="sar_fulfilled_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["extended", "refused"]) | ~Q(reason=""), name="sar_extended_refused_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Subject access request of {self.peer} received {self.received_on:%d %b %Y}"

    @property
    def responds_by(self):
        """The day the answer is due: the end of the extended period if extended, else of the statutory month."""
        return self.extended_to or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status in self.Status.open_states()

    @property
    def status_label(self) -> str:
        return self.get_status_display().lower()

    def get_absolute_url(self) -> str:
        return reverse("privacy:request-list")
