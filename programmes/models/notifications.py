"""Notifications, shared by every phase (DESIGN section 3): one message to one user about one due item.

The unique key (recipient, kind, subject, due date) means a reminder job can run any number of times,
at once or after failing part-way, and each notification exists once. Notifications carry no sensitive
content: only what is due, for whom, and a link to the page that shows it to those allowed to see it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    class Kind(models.TextChoices):
        SUPERVISION_DUE = "supervision_due", "Supervision due"
        SUPERVISION_OVERDUE = "supervision_overdue", "Supervision overdue"
        SUPERVISION_ESCALATED = "supervision_escalated", "Supervision overdue (escalated)"
        WAP_REVIEW_DUE = "wap_review_due", "Wellness Action Plan review due"
        WAP_REVIEW_OVERDUE = "wap_review_overdue", "Wellness Action Plan review overdue"
        REVIEW_DUE = "review_due", "Review or appraisal due"
        REVIEW_OVERDUE = "review_overdue", "Review or appraisal overdue"
        INDUCTION_OVERDUE = "induction_overdue", "Induction items not done by the end of week 4"
        PEER_SUPPORT_TRAINING_DUE = "peer_support_training_due", "Peer support training due (place and train)"
        TRAINING_EXPIRING = "training_expiring", "Training expiring"
        WAP_SHARE_CONFIRM = "wap_share_confirm", "Wellness Action Plan: confirm who it is shared with"
        SUBJECT_ACCESS_DUE = "subject_access_due", "Subject access request due"
        CONTRACT_ENDING = "contract_ending", "Fixed-term contract ending"
        ABSENCE_TRIGGER = "absence_trigger", "Three or more absences in 12 months: review the WAP"
        TEAM_RETURN_DUE = "team_return_due", "Monthly team return due"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    subject = models.CharField(
        max_length=100,
        help_text="What the notification is about, as a stable key, e.g. 'supervision:peer:12:managerial'.",
    )
    due_on = models.DateField()
    title = models.CharField(max_length=200, help_text="What is due; never sensitive content.")
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    run = models.CharField(max_length=36, blank=True, help_text="The reminder run that created it.")
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, help_text="When the daily digest carried it.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject", "due_on"], name="notification_once_per_recipient_subject_due"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at", "recipient"]),
            models.Index(fields=["run"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} (to {self.recipient}, due {self.due_on:%d %b %Y})"


class DigestEmail(models.Model):
    """The one digest email a person receives on a day: claimed before sending, so a second run (or beat
    firing twice) sends nothing more."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    notification_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_per_person_per_day")]

    def __str__(self) -> str:
        return f"Digest to {self.recipient} on {self.day:%d %b %Y}"
