"""Models of the employment phase (DESIGN section 6; seed 000 Phase 3; seed 001): placements, induction,
supervision, Wellness Action Plans, return-to-work conversations and reviews.

They point at programmes.Peer and programmes.Post, never copy them. The rules (who is due what, when)
live in `selectors.py`; every write goes through `services.py`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from programmes.models import FULL_TIME_HOURS, Peer, Post, Programme

User = settings.AUTH_USER_MODEL


# --- Settings per programme -----------------------------------------------------------------------


class EmploymentSettings(models.Model):
    """A programme's supervision rhythm and reminder settings, with the seed's defaults (seed 001:
    individual supervision monthly, peer supervision weekly, weekly for the first 3-6 months)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="employment_settings")
    managerial_interval_months = models.PositiveSmallIntegerField(
        "managerial supervision every (months)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Derbyshire toolkit: individual supervision each month.",
    )
    early_weekly_months = models.PositiveSmallIntegerField(
        "weekly managerial supervision for the first (months)",
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(12)],
        help_text="Derbyshire toolkit: weekly supervision for the first 3-6 months of employment.",
    )
    peer_interval_days = models.PositiveSmallIntegerField(
        "peer supervision every (days)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="Derbyshire toolkit: peer supervision each week.",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "remind this many days before a due date",
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        "escalate to the line manager and peer lead after (days overdue)",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "employment settings"
        verbose_name_plural = "employment settings"

    def __str__(self) -> str:
        return f"Employment settings of {self.programme}"


# --- Placement (matching peers with posts) ------------------------------------------------------------


class LeavingReason(models.TextChoices):
    """Why a placement ended (issue 18 item 3): read by HR, the peer lead and the line manager (and the peer)."""

    OTHER_PEER_POST = "other_peer_post", "Moved to another peer post"
    PROMOTED = "promoted", "Promoted"
    PROFESSIONAL_TRAINING = "professional_training", "Professional training"
    OTHER_JOB = "other_job", "Other job"
    HEALTH = "health", "Health"
    END_OF_CONTRACT = "end_of_contract", "End of contract"
    DISMISSED = "dismissed", "Dismissed"
    OTHER = "other", "Other"


class Placement(models.Model):
    """A peer placed in a post (seed 000, "Matching peers with posts"): when, for how many hours, why
    this team (skills, interests or backgrounds the team asked for, never a diagnosis), who manages,
    supervises and mentors them, and the reasonable adjustments carried from occupational health. When it
    ends: why, where the peer went and whether an exit conversation was held (read by HR, the peer lead and
    the line manager); a fixed-term contract's end date is reminded 60 and 30 days before."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="placements")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="placements")
    application = models.OneToOneField(
        "recruitment.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
        help_text="The application the peer was appointed through, if any.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Empty while the placement continues.")
    hours = models.DecimalField(
        "hours per week",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(FULL_TIME_HOURS)],
    )
    match_reasons = models.TextField(
        "reasons for the match",
        help_text="The skills, interests or backgrounds the team asked for that this peer brings. Not a diagnosis.",
    )
    line_manager = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="managed_placements"
    )
    peer_supervisor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_placements",
        help_text="The senior peer who gives peer supervision.",
    )
    mentor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentored_placements",
        help_text="The staff mentor who organises the induction (possibly the team's recovery champion).",
    )
    own_care_team = models.BooleanField(
        "placed in the team that provides their care",
        default=False,
        help_text="ImROC guide, Box 10: their records are then hidden from the team except the named line "
        "manager and supervisor.",
    )
    reasonable_adjustments = models.TextField(
        blank=True,
        help_text="Agreed at occupational health and carried into employment. Seen by HR, the peer lead and the peer.",
    )
    contract_end_date = models.DateField(
        "fixed-term contract ends",
        null=True,
        blank=True,
        help_text="For a fixed-term contract only: the line manager and HR are reminded 60 and 30 days before.",
    )
    leaving_reason = models.CharField(
        "reason for leaving", max_length=30, choices=LeavingReason.choices, blank=True, help_text="When it ended."
    )
    leaving_destination = models.CharField(
        "where they went", max_length=200, blank=True, help_text="A few words, e.g. “Nurse training, De Montfort”."
    )
    exit_conversation_held = models.BooleanField("exit conversation held", default=False)
    exit_conversation_on = models.DateField("exit conversation date", null=True, blank=True)
    history = HistoricalRecords()

    # What is recorded when the placement ends, read only by HR, the peer lead, the line manager and the peer.
    LEAVING_FIELDS = ("leaving_reason", "leaving_destination", "exit_conversation_held", "exit_conversation_on")

    class Meta:
        ordering = ["-start_date", "pk"]
        indexes = [models.Index(fields=["peer", "-start_date"]), models.Index(fields=["post", "-start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="placement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(contract_end_date__isnull=True) | Q(contract_end_date__gte=F("start_date")),
                name="placement_contract_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(exit_conversation_on__isnull=True) | Q(exit_conversation_held=True),
                name="placement_exit_conversation_date_only_when_held",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=FULL_TIME_HOURS), name="placement_hours_positive_up_to_37_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer} in {self.post.title}, {self.post.team} from {self.start_date:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("workforce:placement-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "The placement cannot end before it starts."
        if self.peer_id and self.post_id and self.peer.trust_id != self.post.team.trust_id:
            errors["post"] = "The post must be in the peer's trust."
        if self.hours is not None and self.post_id and self.hours > self.post.hours:
            errors["hours"] = f"The post has {self.post.hours} hours a week; a placement cannot have more."
        if self.contract_end_date and self.start_date and self.contract_end_date < self.start_date:
            errors["contract_end_date"] = "The contract cannot end before the placement starts."
        if self.exit_conversation_on and not self.exit_conversation_held:
            errors["exit_conversation_on"] = "Tick “exit conversation held” to give its date."
        if errors:
            raise ValidationError(errors)


# --- Induction ------------------------------------------------------------------------------------


class InductionSection(models.TextChoices):
    CHECKLIST = "checklist", "Induction checklist"
    TIMETABLE = "timetable", "New starter timetable"
    MANDATORY_TRAINING = "mandatory_training", "Mandatory training"
    SYSTEMS_ACCESS = "systems_access", "Access to systems"
    TRAINING_DATES = "training_dates", "Training dates"
    OBJECTIVES = "objectives", "Objectives"


class InductionTemplateItem(models.Model):
    """Reference data from seed 001: the induction checklist, the 4-week new starter timetable, mandatory
    training, systems access, training dates and objectives. Loaded by a data migration; administrators
    keep it in the admin. A new plan copies these items."""

    section = models.CharField(max_length=30, choices=InductionSection.choices)
    week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)], help_text="Week 1-4, if any."
    )
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=100,
        blank=True,
        help_text="Where the item comes from, e.g. “Derbyshire toolkit, Peer Support Worker induction checklist”.",
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["section", "title"], name="induction_template_item_unique")]

    def __str__(self) -> str:
        return self.title


class InductionPlan(models.Model):
    """The induction of one placement, organised by the staff mentor (seed 000 Phase 3)."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="induction")
    mentor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Induction of {self.placement.peer}"

    def get_absolute_url(self) -> str:
        return reverse("workforce:induction-detail", args=[self.pk])


class InductionItem(models.Model):
    """One item of a plan: done or not, by whom, when."""

    plan = models.ForeignKey(InductionPlan, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(max_length=30, choices=InductionSection.choices)
    week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_on = models.DateField(help_text="By default the end of the item's week, or of week 4.")
    scheduled_for = models.DateField(null=True, blank=True, help_text="A training date or meeting, if booked.")
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["plan", "done_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True, done_by__isnull=True) | Q(done_on__isnull=False),
                name="induction_item_done_by_only_when_done",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


# --- Supervision --------------------------------------------------------------------------------------


class SupervisionKind(models.TextChoices):
    # seed 000 Phase 3: managerial supervision (team leader) and professional peer supervision.
    MANAGERIAL = "managerial", "Managerial supervision"
    PEER = "peer", "Peer supervision"


class SupervisionSession(models.Model):
    """A supervision session. Managerial supervision is individual, with the line manager; peer
    supervision comes from a senior peer, individually or in a group, and counts for every peer there.
    Themes and actions are shared with the attendees; each attendee's wellbeing check and notes are on
    their attendance and are read by the supervisor and that peer alone."""

    class Format(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        GROUP = "group", "Group"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=20, choices=SupervisionKind.choices)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.INDIVIDUAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.HELD)
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    location = models.CharField(max_length=200, blank=True)
    supervisor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="supervision_sessions")
    attendees = models.ManyToManyField(Peer, through="SupervisionAttendance", related_name="supervision_sessions")
    themes = models.TextField(blank=True, help_text="What was talked about, in a few words (seen by the attendees).")
    actions = models.TextField(blank=True, help_text="What will be done, and by whom.")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["supervisor", "-date"]), models.Index(fields=["status", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="peer") | Q(format="individual"), name="managerial_supervision_is_individual"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display().lower()}), {self.date:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("workforce:supervision-detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == SupervisionKind.MANAGERIAL and self.format == self.Format.GROUP:
            raise ValidationError({"format": "Managerial supervision is individual, with the line manager."})


class SupervisionAttendance(models.Model):
    """One peer at a session: their wellbeing check and the notes (supervisor and peer only)."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="attendances")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="supervision_attendances")
    wellbeing_check = models.TextField(
        "wellbeing check", blank=True, help_text="How the peer is; seen by the supervisor and the peer alone."
    )
    notes = models.TextField(blank=True, help_text="Seen by the supervisor and the peer alone.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["peer__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "peer"], name="one_attendance_per_peer_and_session")]
        indexes = [models.Index(fields=["peer", "session"])]

    def __str__(self) -> str:
        return f"{self.peer} at {self.session}"


class SupervisionSummary(models.Model):
    """What the supervision schedule needs of one peer's sessions of one kind, kept so that no page aggregates
    every attendance: the last session held and the dates of the sessions planned. Derived data, with no history
    of its own (the sessions and attendances keep theirs): `workforce.supervision_summary.refresh_summary`
    recomputes a peer's rows in the transaction of every write that changes them, and the command
    `rebuild_supervision_summary` rebuilds the table from the sessions. A row exists while the peer has a held
    or planned session of the kind.

    Nothing here depends on the day it is read or on the peer's placement: the due date and days overdue are
    worked out when read (`selectors.supervision_statuses`), so the days passing, a placement starting or
    ending and a change to the programme's rhythm need no write here."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="supervision_summaries")
    kind = models.CharField(max_length=20, choices=SupervisionKind.choices)
    last_held_on = models.DateField(null=True, blank=True, help_text="The latest held session the peer attended.")
    planned_on = models.JSONField(
        default=list,
        blank=True,
        help_text="The dates (YYYY-MM-DD, earliest first) of the planned sessions the peer is to attend, past dates "
        "included: a planned session not yet marked held or cancelled stays planned.",
    )

    class Meta:
        verbose_name_plural = "supervision summaries"
        constraints = [
            # Also the index the readers use: every read is by a set of peers (peer_id IN ...).
            models.UniqueConstraint(fields=["peer", "kind"], name="one_supervision_summary_per_peer_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.peer}"


# --- Wellness Action Plan ---------------------------------------------------------------------------------


class WellnessActionPlan(models.Model):
    """The peer's Wellness Action Plan (seed 001, "What should your WAP cover?"). Owned by the peer, who
    chooses who may see it; the peer support lead always may (DESIGN section 3). Every version is kept
    in its history; `version` counts them.

    Sharing names people: "my line manager" and "my supervisor" are the people named on the peer's placement
    when the peer shared the plan (`line_manager_shared_with`, `supervisor_shared_with`), and only they read
    it. When the placement names someone else, the plan is not shared with them until the peer confirms."""

    peer = models.OneToOneField(Peer, on_delete=models.CASCADE, related_name="wellness_action_plan")
    approaches = models.TextField(
        "approaches and behaviours that support my wellbeing",
        blank=True,
        help_text="Approaches you will take and behaviours you can adopt to support your wellbeing.",
    )
    workplace_triggers = models.TextField(
        "workplace triggers", blank=True, help_text="Any workplace triggers for stress or poor wellbeing."
    )
    early_warning_signs = models.TextField(
        "early warning signs",
        blank=True,
        help_text="Early warning signs of poor mental health that your manager or supervisor can look out for.",
    )
    actions_if_unwell = models.TextField(
        "what I and my manager will do if I become unwell",
        blank=True,
        help_text="Actions and positive steps you and your manager will take if you are experiencing stress or "
        "poor mental health.",
    )
    support_from_manager = models.TextField(
        "support I need from my line manager",
        blank=True,
        help_text="What support you might need from your line manager to ensure good wellbeing.",
    )
    reasonable_adjustments = models.TextField("reasonable adjustments", blank=True)
    review_on = models.DateField(
        "agreed review date",
        null=True,
        blank=True,
        help_text="An agreed time to review the plan and the support measures, to see if they are working.",
    )
    anything_else = models.TextField(
        "anything else",
        blank=True,
        help_text="Anything else that you feel would be useful in supporting your mental and physical health "
        "and wellbeing.",
    )
    shared_with_line_manager = models.BooleanField("my line manager", default=False)
    shared_with_supervisor = models.BooleanField("my supervisor", default=False)
    shared_with_hr = models.BooleanField("HR", default=False)
    line_manager_shared_with = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="line manager it is shared with",
        help_text="The line manager named on the peer's placement when the peer shared the plan (or confirmed a "
        "change); empty when the placement named nobody then.",
    )
    supervisor_shared_with = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="supervisor it is shared with",
        help_text="The peer supervisor named on the peer's placement when the peer shared the plan (or confirmed "
        "a change); empty when the placement named nobody then.",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    # The plan's own words (seed 001's headings), which the peer writes and each version changes.
    CONTENT_FIELDS = (
        "approaches",
        "workplace_triggers",
        "early_warning_signs",
        "actions_if_unwell",
        "support_from_manager",
        "reasonable_adjustments",
        "review_on",
        "anything_else",
    )

    # Each kind of sharing the peer chooses, with the person it names ("my line manager": Maya Singh); HR is a role.
    NAMED_SHARING = (
        ("shared_with_line_manager", "line_manager_shared_with"),
        ("shared_with_supervisor", "supervisor_shared_with"),
    )

    class Meta:
        verbose_name = "Wellness Action Plan"
        indexes = [models.Index(fields=["review_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(line_manager_shared_with__isnull=True) | Q(shared_with_line_manager=True),
                name="wap_named_line_manager_only_when_shared",
            ),
            models.CheckConstraint(
                condition=Q(supervisor_shared_with__isnull=True) | Q(shared_with_supervisor=True),
                name="wap_named_supervisor_only_when_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"Wellness Action Plan of {self.peer}"

    def get_absolute_url(self) -> str:
        return reverse("workforce:wap-detail", args=[self.pk])

    @property
    def shared_with(self) -> list[str]:
        """Whom the peer shares the plan with, in the peer's words, naming the people it is shared with
        ("my line manager (Maya Singh)", "HR")."""
        shared = []
        for flag, named in (*self.NAMED_SHARING, ("shared_with_hr", None)):
            if not getattr(self, flag):
                continue
            label = str(self._meta.get_field(flag).verbose_name)
            if named is not None:
                person = getattr(self, named)
                label += f" ({person.get_full_name() or person.get_username()})" if person else " (nobody named yet)"
            shared.append(label)
        return shared

    @property
    def shared_with_roles(self) -> list[str]:
        """The same, as anyone else reads it ("the line manager", "HR")."""
        return [name.replace("my ", "the ", 1) for name in self.shared_with]


class WapReview(models.Model):
    """A review of the plan, on or near its agreed date; it agrees the next review date."""

    plan = models.ForeignKey(WellnessActionPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_with = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    what_is_working = models.TextField(blank=True)
    changes_agreed = models.TextField(blank=True)
    next_review_on = models.DateField("next review date")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=F("reviewed_on")), name="wap_next_review_after_this_one"
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.reviewed_on:%d %b %Y}"

    def clean(self) -> None:
        if self.reviewed_on and self.next_review_on and self.next_review_on <= self.reviewed_on:
            raise ValidationError({"next_review_on": "The next review must come after this one."})


class ReturnToWorkConversation(models.Model):
    """A conversation on returning after absence (seed 000: OH and return-to-work plans; seed 001: the
    WAP gives it structure). Seen by the peer, HR, the peer lead and the line manager who holds it."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="return_to_work_conversations")
    absence_from = models.DateField("absence began")
    absence_to = models.DateField("absence ended")
    held_on = models.DateField("conversation held")
    held_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    support_agreed = models.TextField("support and adjustments agreed", blank=True)
    wap_reviewed = models.BooleanField("Wellness Action Plan looked at together", default=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(absence_to__gte=F("absence_from")), name="rtw_absence_ends_after_start"),
            models.CheckConstraint(condition=Q(held_on__gte=F("absence_from")), name="rtw_held_after_absence_began"),
        ]

    def __str__(self) -> str:
        return f"Return to work of {self.peer} on {self.held_on:%d %b %Y}"

    def clean(self) -> None:
        errors = {}
        if self.absence_from and self.absence_to and self.absence_to < self.absence_from:
            errors["absence_to"] = "The absence cannot end before it began."
        if self.absence_from and self.held_on and self.held_on < self.absence_from:
            errors["held_on"] = "The conversation comes after the absence began."
        if errors:
            raise ValidationError(errors)


# --- Reviews ----------------------------------------------------------------------------------------------


class EmploymentReview(models.Model):
    """The interim reviews at 3 and 6 months and the annual appraisal (seed 001), due from the placement's
    start date; each produces objectives for the development plan."""

    class Kind(models.TextChoices):
        THREE_MONTH = "three_month", "3-month interim review"
        SIX_MONTH = "six_month", "6-month interim review"
        APPRAISAL = "appraisal", "Annual appraisal"

    MONTHS_AFTER_START = {Kind.THREE_MONTH: 3, Kind.SIX_MONTH: 6, Kind.APPRAISAL: 12}

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    progress = models.TextField("progress and achievements", blank=True)
    support_needed = models.TextField("areas where more support is needed", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["held_on", "due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind", "due_on"], name="one_review_per_kind_and_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.placement.peer}, due {self.due_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("workforce:review-detail", args=[self.pk])


class ReviewObjective(models.Model):
    """An objective set at a review, for the peer's development plan (phase 4 takes these)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "No longer relevant"

    review = models.ForeignKey(EmploymentReview, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField("objective", max_length=300)
    target_on = models.DateField("target date", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class ReminderRun(models.Model):
    """One daily run of the reminder jobs (workforce.reminders.run_day): the day it ran for, when it started and
    finished, and how many notifications it created. Holds nothing about any person.

    Recorded when the run starts and finished once its notifications have committed, so a run that died part-way
    (a killed worker) is visible: it has no finish time. The catch-up job reruns the day's reminders when no run of
    the day has finished by its time, and the 07:00 digest waits for a finished run of the day."""

    day = models.DateField(help_text="The day the run was for.")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="Empty while running, or if the run died.")
    created = models.PositiveIntegerField(default=0, help_text="Notifications this run created.")

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["day", "finished_at"])]

    def __str__(self) -> str:
        state = f"finished {self.finished_at:%H:%M}" if self.finished_at else "not finished"
        return f"Reminder run for {self.day:%d %b %Y} ({state})"


# Sickness absence (issue 18 item 4) lives in its own module, imported here so Django finds its models.
from .models_absence import AbsenceEpisode, AbsenceReason  # noqa: E402, F401
