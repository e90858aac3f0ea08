"""Privacy records: legal holds that stop a peer's data being removed, and the non-personal log of each
retention run (how many people's data it removed, and when)."""

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
