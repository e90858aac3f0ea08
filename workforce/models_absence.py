"""Sickness absence of peers in employment (phase 3; issue 18 item 4): one row per episode, with the working days
lost and, if recorded, a reason category (never a diagnosis) that is a sensitive record, logged when read."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from programmes.models import Peer

MAX_DAYS_LOST = Decimal("366")


class AbsenceReason(models.TextChoices):
    """A broad category, never a diagnosis (local choice, following the categories NHS sickness absence
    reporting groups reasons into)."""

    MENTAL_HEALTH = "mental_health", "Mental health and wellbeing"
    MUSCULOSKELETAL = "musculoskeletal", "Back, muscle or joint"
    INFECTION = "infection", "Cold, flu or other infection"
    INJURY = "injury", "Injury or accident"
    OTHER_PHYSICAL = "other_physical", "Other physical health"
    NOT_SAID = "not_said", "Prefer not to say"


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Monday to Friday from `start` to `end`, both included (bank holidays are not known here: they count)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(rest):
        if (start.weekday() + offset) % 7 < 5:
            count += 1
    return count


class AbsenceEpisode(models.Model):
    """One episode of sickness absence of a peer: from its first day to its last (empty while it goes on), the
    working days lost (entered, or worked out from the dates Monday to Friday when not given), the placement it
    interrupted, an optional reason category (sensitive: every read by someone other than the peer is logged,
    as for a Wellness Action Plan) and the return-to-work conversation held after it."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="absence_episodes")
    placement = models.ForeignKey(
        "workforce.Placement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="absence_episodes",
        help_text="The placement the absence interrupted (the one current on its first day, unless chosen).",
    )
    start_date = models.DateField("first day of absence")
    end_date = models.DateField("last day of absence", null=True, blank=True, help_text="Empty while it goes on.")
    days_lost = models.DecimalField(
        "working days lost",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_DAYS_LOST)],
        help_text="Leave empty to count Monday to Friday from the first day to the last.",
    )
    days_lost_entered = models.BooleanField(
        "days lost entered by hand",
        default=False,
        help_text="False when the days lost were worked out from the dates (Monday to Friday).",
    )
    reason_category = models.CharField(
        "reason (category)",
        max_length=30,
        choices=AbsenceReason.choices,
        blank=True,
        help_text="A broad category only, never a diagnosis. Optional; who reads it is logged.",
    )
    return_to_work = models.ForeignKey(
        "workforce.ReturnToWorkConversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="absence_episodes",
        verbose_name="return-to-work conversation",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["peer", "-start_date"]), models.Index(fields=["start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="absence_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(days_lost__isnull=True) | Q(days_lost__gte=0), name="absence_days_lost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Absence of {self.peer} from {self.start_date:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("workforce:absence-detail", args=[self.pk])

    @property
    def is_ongoing(self) -> bool:
        return self.end_date is None

    def days_lost_on(self, today: datetime.date) -> Decimal:
        """The days lost: as recorded, else (still going on) Monday to Friday from the first day up to `today`."""
        if self.days_lost is not None:
            return self.days_lost
        return Decimal(working_days(self.start_date, self.end_date or today))

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The absence cannot end before it starts."
        if self.days_lost is not None and self.days_lost < 0:
            errors["days_lost"] = "Days lost cannot be negative."
        if self.placement_id and self.peer_id and self.placement.peer_id != self.peer_id:
            errors["placement"] = "Choose one of this peer's placements."
        if self.return_to_work_id and self.peer_id and self.return_to_work.peer_id != self.peer_id:
            errors["return_to_work"] = "Choose one of this peer's return-to-work conversations."
        if errors:
            raise ValidationError(errors)
