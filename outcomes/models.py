"""Does the programme work? (issue 18 items 1 and 2): the programme's evaluation plan (its own questions and how it
will know), the outcome measures the trust chose, each team's monthly return of the peer support delivered (counts
only, never about an identifiable person who uses services), the caseloads agreed in supervision, and each team's
way of deciding whom a peer works with. Serves the employment phase and the board."""

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

from programmes.models import Programme, Team

MAX_COUNT = 100_000  # a team's month: far above any real figure, below any typing slip of a few extra digits
MAX_CASELOAD = 500


class EvaluationPlan(models.Model):
    """A programme's plan to show the difference its peer workers make (ImROC guide, *Next steps*; EIP pack, "How
    will you evaluate the role?"): started from the readiness answer "what difference do we hope they will make?",
    which it keeps as it was when the plan began."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="evaluation_plan")
    started_from = models.TextField(
        "the readiness answer it started from", blank=True, help_text="What difference do we hope they will make?"
    )
    created_on = models.DateField(default=datetime.date.today)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Evaluation plan of {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:plan-detail", args=[self.programme_id])


class EvaluationQuestion(models.Model):
    """One question the programme set itself, with its measures: how it will know (the figures of the monthly team
    returns, an outcome measure, a survey of staff...)."""

    plan = models.ForeignKey(EvaluationPlan, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(99)])
    question = models.CharField(max_length=500)
    measures = models.TextField(
        "how we will know",
        blank=True,
        help_text="The measures that answer it, e.g. “goals achieved in the monthly returns; the hope score”.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("outcomes:plan-detail", args=[self.plan.programme_id])


class OutcomeMeasure(models.Model):
    """A recognised outcome measure the trust chose for its programme (e.g. a hope scale or a recovery-star style
    score): teams return the number of anonymous before/after pairs and their averages each month. At most two, in
    slots 1 and 2."""

    class Slot(models.IntegerChoices):
        FIRST = 1, "First measure"
        SECOND = 2, "Second measure"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="outcome_measures")
    slot = models.PositiveSmallIntegerField(choices=Slot.choices, default=Slot.FIRST)
    name = models.CharField(max_length=120, help_text="For example “Hope score” or “Recovery star”.")
    description = models.TextField("what it measures", blank=True)
    scale_low = models.DecimalField("lowest score", max_digits=6, decimal_places=1, default=Decimal("0"))
    scale_high = models.DecimalField("highest score", max_digits=6, decimal_places=1, default=Decimal("10"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slot"], name="outcome_measure_slot_unique_per_programme"),
            models.CheckConstraint(condition=Q(scale_high__gt=F("scale_low")), name="outcome_measure_scale_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outcomes:plan-detail", args=[self.programme_id])


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class TeamReturn(models.Model):
    """A team's return of the peer support it delivered in one month (one return per team and month): counts only,
    never about an identifiable person who uses services, entered by the team's peer workers or line manager. The
    outcome measures are anonymous before/after pairs: how many, and their average before and after."""

    COUNTS = (
        "people_supported",
        "contacts",
        "groups_run",
        "goals_agreed",
        "goals_achieved",
        "first_meetings",
        "completed_with_review",
    )
    MEASURES = (
        "measure_1_pairs",
        "measure_1_before",
        "measure_1_after",
        "measure_2_pairs",
        "measure_2_before",
        "measure_2_after",
    )

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="returns")
    month = models.DateField(help_text="The month's first day.")
    people_supported = models.PositiveIntegerField(validators=[MaxValueValidator(MAX_COUNT)])
    contacts = models.PositiveIntegerField(
        "contacts", validators=[MaxValueValidator(MAX_COUNT)], help_text="Meetings, calls and visits."
    )
    groups_run = models.PositiveIntegerField("groups run", validators=[MaxValueValidator(MAX_COUNT)])
    goals_agreed = models.PositiveIntegerField("goals agreed", validators=[MaxValueValidator(MAX_COUNT)])
    goals_achieved = models.PositiveIntegerField("goals achieved", validators=[MaxValueValidator(MAX_COUNT)])
    first_meetings = models.PositiveIntegerField(
        "first meetings",
        default=0,
        validators=[MaxValueValidator(MAX_COUNT)],
        help_text="People met for the first time.",
    )
    completed_with_review = models.PositiveIntegerField(
        "people completing 6 to 8 weeks of support with a review",
        default=0,
        validators=[MaxValueValidator(MAX_COUNT)],
    )
    measure_1_pairs = models.PositiveIntegerField(
        "pairs (first measure)", default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    measure_1_before = models.DecimalField("average before", max_digits=6, decimal_places=2, null=True, blank=True)
    measure_1_after = models.DecimalField("average after", max_digits=6, decimal_places=2, null=True, blank=True)
    measure_2_pairs = models.PositiveIntegerField(
        "pairs (second measure)", default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    measure_2_before = models.DecimalField("average before", max_digits=6, decimal_places=2, null=True, blank=True)
    measure_2_after = models.DecimalField("average after", max_digits=6, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "-month"]
        indexes = [models.Index(fields=["month", "team"])]
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="team_return_once_per_team_and_month"),
            models.CheckConstraint(
                condition=Q(goals_achieved__lte=F("goals_agreed")), name="team_return_achieved_le_agreed"
            ),
        ]

    def __str__(self) -> str:
        return f"Return of {self.team} for {self.month:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:return-detail", args=[self.pk])


class TeamAllocation(models.Model):
    """A team's way of deciding whom a peer works with (EIP pack: who is offered a peer worker, who decides and
    how), written by the team as a setting."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="allocation")
    process = models.TextField(
        "how we decide whom a peer works with",
        help_text="Who is offered a peer worker, who decides (e.g. at the allocation meeting) and how the peer "
        "has a say.",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Allocation of {self.team}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:return-list", args=[self.team_id])


class CaseloadAgreement(models.Model):
    """A peer's caseload and the capacity agreed with them in supervision, on a date, for one placement. A new
    agreement is recorded each time it is reviewed (the latest is the current one), so the history is the
    caseload's history; it may name the supervision session where it was agreed."""

    placement = models.ForeignKey("workforce.Placement", on_delete=models.CASCADE, related_name="caseloads")
    agreed_on = models.DateField("agreed on")
    caseload = models.PositiveSmallIntegerField(
        "current caseload", validators=[MaxValueValidator(MAX_CASELOAD)], help_text="People the peer works with now."
    )
    capacity = models.PositiveSmallIntegerField(
        "capacity agreed",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CASELOAD)],
        help_text="How many people the peer can work with, as agreed in supervision.",
    )
    supervision_session = models.ForeignKey(
        "workforce.SupervisionSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload_agreements",
        help_text="The supervision session where it was agreed, if recorded.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreed_on", "-pk"]
        indexes = [models.Index(fields=["placement", "-agreed_on"])]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="caseload_capacity_positive")]

    def __str__(self) -> str:
        return f"Caseload of {self.placement.peer} on {self.agreed_on:%d %b %Y}"

    @property
    def above_capacity(self) -> bool:
        return self.caseload > self.capacity

    def get_absolute_url(self) -> str:
        return reverse("outcomes:caseload-list", args=[self.placement.peer_id])

    def clean(self) -> None:
        if self.capacity is not None and self.capacity < 1:
            raise ValidationError({"capacity": "Enter a capacity of at least 1."})
