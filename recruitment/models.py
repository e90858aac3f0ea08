"""Phase 2, recruitment (seed 000 Phase 2, Boxes 8 and 9, Appendices I and IV): vacancies and their
adverts, orientation sessions, benefits advice, applications and their pipeline, shortlisting,
interviews, occupational health, DBS decisions and support for unsuccessful candidates.

The models point at programmes.Peer (the applicant) and programmes.Post; they never copy them.
The pipeline's stages and allowed transitions are written once, in `Application.Stage` and
`recruitment.services.TRANSITIONS`; only `services.move_application` changes a stage.
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

from programmes import nations
from programmes.models import Peer, PersonSpecificationCriterion, Post, Programme, Trust
from programmes.models.preparation import lines

User = settings.AUTH_USER_MODEL


class RecruitmentPage:
    """Records with a page of their own under `recruitment:<thing>-detail`."""

    url_thing: str

    def get_absolute_url(self) -> str:
        return reverse(f"recruitment:{self.url_thing}-detail", args=[self.pk])


# --- Vacancies and adverts --------------------------------------------------------------------


class Vacancy(RecruitmentPage, models.Model):
    """A post being recruited to, with its advert in the form of seed 000 Appendix I."""

    url_thing = "vacancy"

    class JobType(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        FIXED_TERM = "fixed_term", "Fixed term"
        BANK = "bank", "Bank"
        SECONDMENT = "secondment", "Secondment"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for applications"
        CLOSED = "closed", "Closed to applications"
        FILLED = "filled", "Filled"
        WITHDRAWN = "withdrawn", "Withdrawn"

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="vacancies")
    job_title = models.CharField(max_length=200)
    reference = models.CharField(max_length=50, blank=True, help_text="The advert's reference number.")
    location = models.CharField(max_length=200)
    job_type = models.CharField(max_length=20, choices=JobType.choices, default=JobType.PERMANENT)
    pay_band = models.CharField(max_length=100, help_text="For example: Band 3, £24,071 to £25,674 a year.")
    # As the post's hours (programmes.Post): up to 37.5, to the quarter hour and finer.
    hours = models.DecimalField(
        "hours per week",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("37.5"))],
    )
    introduction = models.TextField(help_text="Why the role matters and who it is for.")
    about_the_trust = models.TextField("information about the trust or department", blank=True)
    key_details = models.TextField(
        blank=True, help_text="What the post holder will do and what the trust offers (training, supervision)."
    )
    essential_criteria = models.TextField(
        blank=True, help_text="One criterion a line; lived experience of mental health problems first."
    )
    informal_contact_name = models.CharField("contact for an informal discussion", max_length=200, blank=True)
    informal_contact_details = models.CharField(
        "their email or phone", max_length=200, blank=True, help_text="How applicants reach them."
    )
    where_advertised = models.TextField(
        blank=True, help_text="One place a line: NHS Jobs, the trust's website, local user groups, peer networks."
    )
    advertised_to_user_groups = models.BooleanField(
        "advertised through local user groups and peer networks", default=False
    )
    opens_on = models.DateField("opens for applications")
    closes_on = models.DateField("closes to applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "job_title"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="vacancy_closes_after_it_opens"),
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=37.5), name="vacancy_hours_0_to_37_5"),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.post.team.name})" if self.post_id else self.job_title

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date must be on or after the opening date."})

    @property
    def where_advertised_list(self) -> list[str]:
        return lines(self.where_advertised)

    @property
    def essential_criteria_list(self) -> list[str]:
        return lines(self.essential_criteria)

    @property
    def trust(self) -> Trust:
        return self.post.team.trust


# --- Orientation sessions and benefits advice -------------------------------------------------


class OrientationSession(RecruitmentPage, models.Model):
    """An information session for people thinking of applying (seed 000 Phase 2): the training, the
    application form, the DBS process (the criminal record check of the trust's nation), the posts available and
    benefits advice."""

    url_thing = "orientation"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="orientation_sessions")
    vacancies = models.ManyToManyField(Vacancy, blank=True, related_name="orientation_sessions")
    starts_at = models.DateTimeField("date and time")
    place = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    covered_training = models.BooleanField("training content", default=False)
    covered_application_form = models.BooleanField("the application form", default=False)
    covered_dbs_process = models.BooleanField("the criminal record check", default=False)
    covered_posts_available = models.BooleanField("posts available", default=False)
    covered_benefits_advice = models.BooleanField("benefits advice", default=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    COVERAGE_FIELDS = (
        "covered_training",
        "covered_application_form",
        "covered_dbs_process",
        "covered_posts_available",
        "covered_benefits_advice",
    )

    class Meta:
        ordering = ["-starts_at"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="orientation_capacity_positive")]

    def __str__(self) -> str:
        return f"Orientation session, {self.starts_at:%d %b %Y}, {self.place}"

    def coverage(self) -> list[tuple[str, bool]]:
        """What the session covered, the vetting check named for the programme's trust ("the PVG check")."""
        check = f"the {nations.vetting_name(self.programme.trust)} check"
        return [
            (check if name == "covered_dbs_process" else self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.COVERAGE_FIELDS
        ]


class OrientationBooking(models.Model):
    """A place booked at an orientation session by a peer, who may not have applied for anything yet."""

    session = models.ForeignKey(OrientationSession, on_delete=models.CASCADE, related_name="bookings")
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="orientation_bookings")
    booked_on = models.DateField()
    attended = models.BooleanField(null=True, blank=True, help_text="Blank until the session has happened.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "peer__full_name"]
        constraints = [models.UniqueConstraint(fields=["session", "peer"], name="one_booking_per_peer_per_session")]

    def __str__(self) -> str:
        return f"{self.peer} at {self.session}"


class BenefitsAdvice(models.Model):
    """Benefits advice given to a peer thinking of taking paid work: signposting, and whether a
    better-off calculation was done, by whom (seed 000 Phase 2)."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="benefits_advice")
    session = models.ForeignKey(
        OrientationSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="benefits_advice"
    )
    given_on = models.DateField()
    given_by = models.CharField(max_length=200, help_text="The adviser's name and organisation.")
    signposting_given = models.BooleanField("signposted to benefits advice", default=False)
    better_off_calculation_done = models.BooleanField("better-off calculation done", default=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on"]
        verbose_name_plural = "benefits advice"

    def __str__(self) -> str:
        return f"Benefits advice for {self.peer}, {self.given_on:%d %b %Y}"


# --- Applications and the pipeline ------------------------------------------------------------


# The stages' values for the database check (a class body cannot see Application.Stage from Meta);
# tests/recruitment checks that they match.
STAGE_VALUES = (
    "applied",
    "shortlisted",
    "interviewed",
    "conditional_offer",
    "oh_cleared",
    "dbs_cleared",
    "appointed",
    "withdrawn",
    "not_shortlisted",
    "not_appointed",
)


class Application(RecruitmentPage, models.Model):
    """A peer's application for a vacancy, and where it stands in the pipeline."""

    url_thing = "application"

    class Stage(models.TextChoices):
        APPLIED = "applied", "Applied"
        SHORTLISTED = "shortlisted", "Shortlisted"
        INTERVIEWED = "interviewed", "Interviewed"
        CONDITIONAL_OFFER = "conditional_offer", "Conditional offer"
        OH_CLEARED = "oh_cleared", "Occupational health cleared"
        DBS_CLEARED = "dbs_cleared", "DBS cleared"
        APPOINTED = "appointed", "Appointed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        NOT_SHORTLISTED = "not_shortlisted", "Not shortlisted"
        NOT_APPOINTED = "not_appointed", "Not appointed"

    # The way forward, in order; the funnel counts these.
    FORWARD = (
        Stage.APPLIED,
        Stage.SHORTLISTED,
        Stage.INTERVIEWED,
        Stage.CONDITIONAL_OFFER,
        Stage.OH_CLEARED,
        Stage.DBS_CLEARED,
        Stage.APPOINTED,
    )
    # Stages where an application ends without an appointment; each gets a support record.
    UNSUCCESSFUL = (Stage.WITHDRAWN, Stage.NOT_SHORTLISTED, Stage.NOT_APPOINTED)

    @classmethod
    def stage_label(cls, stage: str, trust=None) -> str:
        """A stage's name as the trust's nation says it: "DBS cleared" in England and Wales, "PVG cleared" in
        Scotland, "AccessNI cleared" in Northern Ireland (programmes.nations); the DBS name with no trust."""
        if stage == cls.Stage.DBS_CLEARED and trust is not None:
            return f"{nations.vetting_name(trust)} cleared"
        return cls.Stage(stage).label

    def get_stage_display(self) -> str:
        """The stage named for the vacancy's trust (load `vacancy__post__team__trust` with a list of them)."""
        return self.stage_label(self.stage, self.vacancy.post.team.trust)

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="applications")
    applied_on = models.DateField()
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.APPLIED, editable=False)
    # Support, seed 000 Phase 2: "to complete their application form, to plan for their interview,
    # and in the waiting room on the day of the interview".
    support_with_form_requested = models.BooleanField("support to complete the application form", default=False)
    support_with_interview_planning_requested = models.BooleanField("support to plan for interview", default=False)
    support_on_the_day_requested = models.BooleanField("support on the day of the interview", default=False)
    support_given = models.TextField(blank=True, help_text="What support was given, by whom and when.")
    disability_declared = models.BooleanField(
        "declares a disability",
        default=False,
        help_text="Applicants who declare a disability and meet every essential criterion are guaranteed an interview.",
    )
    interview_adjustments = models.TextField("adjustments asked for at interview", blank=True)
    interview = models.ForeignKey(
        "Interview", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    presentation_notes = models.TextField("recovery story presentation notes", blank=True)
    feedback = models.TextField("feedback to the applicant", blank=True)
    stage_changed_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["vacancy", "applicant__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "applicant"], name="one_application_per_peer_per_vacancy"),
            models.CheckConstraint(condition=Q(stage__in=STAGE_VALUES), name="application_stage_is_known"),
        ]
        indexes = [models.Index(fields=["vacancy", "stage"])]

    def __str__(self) -> str:
        return f"{self.applicant} for {self.vacancy.job_title}"

    @property
    def is_open(self) -> bool:
        return self.stage not in (*self.UNSUCCESSFUL, self.Stage.APPOINTED)

    @property
    def is_unsuccessful(self) -> bool:
        return self.stage in self.UNSUCCESSFUL


class StageTransition(models.Model):
    """One move of an application between stages: who, when, from, to. Written only by
    `recruitment.services.move_application`; never edited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=20, choices=Application.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Application.Stage.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_from_stage_display() or 'New'} to {self.get_to_stage_display()}"


class Referee(models.Model):
    """A referee, including the alternative referees peers may give when they have not worked for
    some time: a care coordinator, consultant, volunteer supervisor or teacher."""

    class Relationship(models.TextChoices):
        EMPLOYER = "employer", "Current or recent employer"
        CARE_COORDINATOR = "care_coordinator", "Care coordinator"
        CONSULTANT = "consultant", "Consultant"
        VOLUNTEER_SUPERVISOR = "volunteer_supervisor", "Volunteer supervisor"
        TEACHER = "teacher", "Teacher or tutor"
        OTHER = "other", "Other"

    ALTERNATIVE = (
        Relationship.CARE_COORDINATOR,
        Relationship.CONSULTANT,
        Relationship.VOLUNTEER_SUPERVISOR,
        Relationship.TEACHER,
    )

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referees")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=30, choices=Relationship.choices)
    contact = models.CharField(max_length=200, help_text="Email, phone or address.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"

    @property
    def is_alternative(self) -> bool:
        return self.relationship in self.ALTERNATIVE


# --- Shortlisting -----------------------------------------------------------------------------


class ShortlistingMark(models.Model):
    """One shortlister's judgement of one person specification row identified by application: whether
    the applicant meets its essential criteria, and its desirable criteria."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="shortlisting_marks")
    criterion = models.ForeignKey(PersonSpecificationCriterion, on_delete=models.PROTECT, related_name="+")
    shortlister = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    essential_met = models.BooleanField(
        null=True, blank=True, help_text="Blank when the row has no essential criteria."
    )
    desirable_met = models.BooleanField(
        null=True, blank=True, help_text="Blank when the row has no desirable criteria."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "shortlister"], name="one_mark_per_shortlister_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion} for {self.application} by {self.shortlister}"


# --- Interviews -------------------------------------------------------------------------------

GROUP_SIZE = 3  # seed 000 Box 9: "a group interview format is used with three applicants in each group"


class Interview(RecruitmentPage, models.Model):
    """An individual or group interview for a vacancy (seed 000 Box 9), with its panel."""

    url_thing = "interview"

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        GROUP = "group", "Group"

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="interviews")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GROUP)
    starts_at = models.DateTimeField("date and time")
    place = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField(
        "applicants", default=GROUP_SIZE, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="group") | Q(capacity=1), name="individual_interview_has_one_applicant"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="interview_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} interview, {self.starts_at:%d %b %Y %H:%M}, {self.vacancy.job_title}"

    def clean(self) -> None:
        if self.kind == self.Kind.INDIVIDUAL and self.capacity != 1:
            raise ValidationError({"capacity": "An individual interview is for one applicant."})


class PanelMember(models.Model):
    """A member of an interview panel; panels include a peer worker (seed 000 Phase 2)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="interview_panels")
    role_on_panel = models.CharField(max_length=100, help_text="For example: chair, peer worker, HR.")
    is_peer_worker = models.BooleanField("is a peer worker", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["interview", "pk"]
        constraints = [models.UniqueConstraint(fields=["interview", "user"], name="one_seat_per_panellist")]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.role_on_panel})"


class InterviewDimension(models.TextChoices):
    """The dimensions each applicant is rated on (seed 000 Box 9)."""

    COMMUNICATION = "communication", "Communication skills"
    ACTIVE_LISTENING = "active_listening", "Active listening skills"
    UNDERSTANDING_OF_ROLE = "understanding_of_role", "Understanding of the role"
    PERSONAL_DISCLOSURE = "personal_disclosure", "Recognition of considerations important in personal disclosure"
    RELATIONSHIPS = "relationships", "Relationships with others in the interview"


SCORE_MIN, SCORE_MAX = 0, 4
SCORE_CHOICES = [
    (0, "0: no evidence"),
    (1, "1: limited evidence"),
    (2, "2: some evidence"),
    (3, "3: good evidence"),
    (4, "4: excellent evidence"),
]


class InterviewScore(models.Model):
    """One panellist's score for one applicant on one dimension of Box 9, or on one person specification
    row identified at interview or by presentation."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interview_scores")
    panellist = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(max_length=30, choices=InterviewDimension.choices, blank=True)
    criterion = models.ForeignKey(
        PersonSpecificationCriterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        choices=SCORE_CHOICES, validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "panellist", "dimension", "criterion_id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(dimension="") & Q(criterion__isnull=False))
                | (~Q(dimension="") & Q(criterion__isnull=True)),
                name="score_is_for_a_dimension_or_a_criterion",
            ),
            models.CheckConstraint(condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="score_0_to_4"),
            models.UniqueConstraint(
                fields=["application", "panellist", "dimension"],
                condition=~Q(dimension=""),
                name="one_score_per_panellist_per_dimension",
            ),
            models.UniqueConstraint(
                fields=["application", "panellist", "criterion"],
                condition=Q(criterion__isnull=False),
                name="one_score_per_panellist_per_criterion",
            ),
        ]

    def __str__(self) -> str:
        what = self.get_dimension_display() if self.dimension else str(self.criterion)
        return f"{what}: {self.score}"


# --- Occupational health and DBS (restricted: HR, the peer lead and the applicant) ----------------


class OccupationalHealthReferral(models.Model):
    """The occupational health referral of an applicant with a conditional offer, its outcome, and the
    reasonable adjustments agreed (seed 000 Phase 2), which are carried forward to employment.
    Restricted to HR, the peer support lead and the applicant; every other read is logged."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Awaiting assessment"
        FIT = "fit", "Fit for the role"
        FIT_WITH_ADJUSTMENTS = "fit_with_adjustments", "Fit with reasonable adjustments"
        NOT_FIT = "not_fit", "Not fit for the role at present"

    CLEARED = (Outcome.FIT, Outcome.FIT_WITH_ADJUSTMENTS)

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="occupational_health")
    referred_on = models.DateField()
    outcome = models.CharField(max_length=30, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField("outcome received", null=True, blank=True)
    adjusted_hours = models.TextField(
        "working hours", blank=True, help_text="For example: no early starts, because of medication side-effects."
    )
    support_with_tasks = models.TextField("support with particular tasks", blank=True)
    debriefs = models.TextField(
        "feedback and debriefs", blank=True, help_text="For example: a debrief at the end of each shift."
    )
    other_adjustments = models.TextField("other adjustments", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "occupational health referral"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(outcome_on__isnull=False), name="oh_outcome_has_a_date"
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=F("referred_on")),
                name="oh_outcome_after_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"Occupational health: {self.application}"

    def clean(self) -> None:
        if self.outcome != self.Outcome.PENDING and not self.outcome_on:
            raise ValidationError({"outcome_on": "Enter the date the outcome was received."})
        if self.outcome_on and self.referred_on and self.outcome_on < self.referred_on:
            raise ValidationError({"outcome_on": "The outcome cannot come before the referral."})

    @property
    def adjustments(self) -> list[tuple[str, str]]:
        names = ("adjusted_hours", "support_with_tasks", "debriefs", "other_adjustments")
        return [(self._meta.get_field(n).verbose_name, getattr(self, n)) for n in names if getattr(self, n)]


class DbsCheck(models.Model):
    """An applicant's Disclosure and Barring Service check and, when it discloses a record, the panel's
    decision taken against the framework of seed 000 (seriousness, how long ago, relevance to the role,
    link to periods of ill-health, safeguards). Restricted to HR, the peer lead and the applicant;
    every other read is logged."""

    class Level(models.TextChoices):
        STANDARD = "standard", "Standard"
        ENHANCED = "enhanced", "Enhanced"
        ENHANCED_BARRED = "enhanced_barred", "Enhanced with barred lists"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        SUBMITTED = "submitted", "Submitted"
        CLEAR = "clear", "Returned: nothing disclosed"
        DISCLOSURE = "disclosure", "Returned: disclosure"

    class Decision(models.TextChoices):
        PROCEED = "proceed", "Proceed with the appointment"
        PROCEED_WITH_SAFEGUARDS = "proceed_with_safeguards", "Proceed with safeguards agreed"
        DO_NOT_PROCEED = "do_not_proceed", "Do not proceed"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="dbs_check")
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.ENHANCED)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    support_with_form = models.BooleanField(
        "support given with the DBS form", default=False, help_text="Five years of addresses and proof of identity."
    )
    submitted_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    # The panel decision, when there is a disclosure.
    seriousness = models.TextField("seriousness of the offence", blank=True)
    how_long_ago = models.TextField("when it occurred", blank=True)
    relevance_to_role = models.TextField("relevance to the role", blank=True)
    link_to_ill_health = models.TextField("link to periods of mental ill-health", blank=True)
    safeguards = models.TextField("safeguards agreed", blank=True)
    panel = models.TextField(
        "panel members", blank=True, help_text="One a line, with their role: a peer worker, HR, a general manager..."
    )
    panel_includes_peer_worker = models.BooleanField("the panel includes a peer worker", default=False)
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "DBS check"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | Q(status="disclosure"), name="dbs_decision_only_on_disclosure"
            ),
            models.CheckConstraint(
                condition=Q(decision="") | (Q(decided_on__isnull=False) & ~Q(rationale="")),
                name="dbs_decision_has_date_and_rationale",
            ),
        ]

    def __str__(self) -> str:
        return f"DBS check: {self.application}"

    def clean(self) -> None:
        errors = {}
        if self.status in (self.Status.CLEAR, self.Status.DISCLOSURE) and not self.returned_on:
            errors["returned_on"] = "Enter the date the check was returned."
        if self.returned_on and self.submitted_on and self.returned_on < self.submitted_on:
            errors["returned_on"] = "The check cannot be returned before it was submitted."
        if self.decision and self.status != self.Status.DISCLOSURE:
            errors["decision"] = "A panel decision is recorded only when the check discloses a record."
        if self.decision:
            if not self.decided_on:
                errors["decided_on"] = "Enter the date of the panel's decision."
            if not self.rationale.strip():
                errors["rationale"] = "Give the panel's rationale for its decision."
            if not self.panel.strip():
                errors["panel"] = "Name the panel members who took the decision."
            if self.decision == self.Decision.PROCEED_WITH_SAFEGUARDS and not self.safeguards.strip():
                errors["safeguards"] = "Describe the safeguards agreed."
        if errors:
            raise ValidationError(errors)

    @property
    def is_cleared(self) -> bool:
        return self.status == self.Status.CLEAR or (
            self.status == self.Status.DISCLOSURE
            and self.decision in (self.Decision.PROCEED, self.Decision.PROCEED_WITH_SAFEGUARDS)
        )

    @property
    def panel_list(self) -> list[str]:
        return lines(self.panel)


# --- Unsuccessful candidates ------------------------------------------------------------------


class CandidateSupport(RecruitmentPage, models.Model):
    """The support offered to an applicant whose application ended without an appointment: feedback,
    a face-to-face meeting, an alternative route forward (seed 000 Box 9 and "Supporting people who
    are not offered posts"), and the follow-up. Created by the service that ends the application."""

    url_thing = "support"

    class Route(models.TextChoices):
        NONE = "", "None yet"
        INTERVIEW_PRACTICE = "interview_practice", "Further interview practice"
        PEER_VOLUNTEERING = "peer_volunteering", "A period as a peer volunteer"
        RECOVERY_COLLEGE = "recovery_college", "Recovery college courses"
        TRAINING_COHORT = "training_cohort", "A place on a training cohort"
        OTHER = "other", "Another route"

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="support")
    created_at = models.DateTimeField(auto_now_add=True)
    feedback_offered = models.BooleanField(default=False)
    feedback_given_on = models.DateField("feedback given", null=True, blank=True)
    meeting_offered = models.BooleanField("face-to-face meeting offered", default=False)
    meeting_held_on = models.DateField("face-to-face meeting held", null=True, blank=True)
    alternative_route = models.CharField("alternative route offered", max_length=30, choices=Route.choices, blank=True)
    route_details = models.TextField(blank=True, help_text="For example: the course or cohort offered.")
    follow_up_on = models.DateField("follow up on", null=True, blank=True)
    outcome = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "support for an unsuccessful candidate"
        verbose_name_plural = "support for unsuccessful candidates"

    def __str__(self) -> str:
        return f"Support for {self.application.applicant}"

    @property
    def awaiting_feedback(self) -> bool:
        return self.feedback_given_on is None
