"""Models of the ongoing-development phase (DESIGN section 7; seeds 002, 003 and 000 Phase 4): the career
pathway and each peer's progression, the competency framework and strengths-based assessments, training and
CPD, the personal development plan, and workforce growth and wider system change.

They point at programmes.Peer, programmes.Post and programmes.Team, never copy them. Reference data (the
pathway, the framework) is data: loaded by data migrations from `development/reference/`, kept in the admin,
and a trust may load a framework of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.fields.files import FieldFile
from simple_history.models import HistoricalRecords

from programmes.models import MAX_BAND, MIN_BAND, Peer, Post, Programme, Team, Trust
from programmes.uploads import upload_problems

User = settings.AUTH_USER_MODEL
EVIDENCE_TYPES = ["pdf", "doc", "docx", "odt", "png", "jpg", "jpeg"]
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024  # 5 MB


def evidence_problems(evidence) -> list[str]:
    """What is wrong with an evidence file uploaded now: over 5 MB, or not a PDF, Word, OpenDocument or image
    file by its name and by its first bytes. A file already stored is not read again."""
    if not evidence or (isinstance(evidence, FieldFile) and evidence._committed):
        return []
    upload = evidence.file if isinstance(evidence, FieldFile) else evidence
    return upload_problems(upload, allowed=EVIDENCE_TYPES, max_bytes=MAX_EVIDENCE_BYTES)


def check_evidence(evidence) -> None:
    """Refuse an evidence file uploaded now that is too large or not of an allowed type (see above)."""
    problems = evidence_problems(evidence)
    if problems:
        raise ValidationError({"evidence": problems})


# --- Career pathway (seed 002) ----------------------------------------------------------------------


class CareerLevel(models.Model):
    """A level of the peer career pathway (seed 002, "Raising the glass ceiling"), tied to its pillars of
    practice, with the competences the seed asks of it. `code` is the value of `Post.career_level`."""

    code = models.CharField(max_length=30, unique=True, choices=Post.CareerLevel.choices)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(help_text="Where the level stands on the pathway, from 0.")
    band_from = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(MIN_BAND), MaxValueValidator(MAX_BAND)]
    )
    band_to = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(MIN_BAND), MaxValueValidator(MAX_BAND)]
    )
    doing = models.BooleanField("pillar: doing (practice)", default=False)
    leading = models.BooleanField("pillar: leading", default=False)
    teaching = models.BooleanField("pillar: teaching", default=False)
    research = models.BooleanField("pillar: research and development", default=False)
    description = models.TextField(blank=True)
    competences = models.TextField(
        blank=True, help_text="The competences Raising the glass ceiling asks of this level, one per line."
    )
    months_before_next = models.PositiveSmallIntegerField(
        "months in the level before the next step is considered",
        default=12,
        validators=[MaxValueValidator(120)],
    )
    next_levels = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="previous_levels")
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def pillars(self) -> list[str]:
        names = ("doing", "leading", "teaching", "research")
        return [str(self._meta.get_field(n).verbose_name).removeprefix("pillar: ") for n in names if getattr(self, n)]

    @property
    def bands(self) -> str:
        if self.band_from and self.band_to and self.band_from != self.band_to:
            return f"Band {self.band_from}-{self.band_to}"
        if self.band_from:
            return f"Band {self.band_from}{' and above' if self.band_to is None else ''}"
        return ""


class Progression(models.Model):
    """A step of a peer's career: the level they held, in which post, from when to when."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="progressions")
    level = models.ForeignKey(CareerLevel, on_delete=models.PROTECT, related_name="progressions")
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["peer", "-started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="progression_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.peer}: {self.level} from {self.started_on:%d %b %Y}"

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "A step cannot end before it starts."})


# --- Competency framework (seed 003) ----------------------------------------------------------------


class CompetencyFramework(models.Model):
    """A competency framework: seed 003's peer support competencies by default; a trust may load its own."""

    name = models.CharField(max_length=200)
    trust = models.ForeignKey(
        Trust,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="competency_frameworks",
        help_text="Empty for a framework every trust uses.",
    )
    purpose = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["name", "trust"], name="framework_name_unique_per_trust")]

    def __str__(self) -> str:
        return self.name


class CompetencyDomain(models.Model):
    framework = models.ForeignKey(CompetencyFramework, on_delete=models.CASCADE, related_name="domains")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["framework", "name"], name="domain_name_unique_in_framework")]

    def __str__(self) -> str:
        return self.name


class CompetencyDescriptor(models.Model):
    class Level(models.TextChoices):
        ESSENTIAL = "essential", "Essential"
        ENHANCED = "enhanced", "Enhanced"

    domain = models.ForeignKey(CompetencyDomain, on_delete=models.CASCADE, related_name="descriptors")
    level = models.CharField(max_length=20, choices=Level.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["domain", "level", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class CompetencyAssessment(models.Model):
    """A strengths-based assessment of a peer against the framework, made in supervision or at an
    appraisal (seed 003: "the time frame for reaching essential competencies should be decided in
    supervision and included in appraisals")."""

    class Context(models.TextChoices):
        SUPERVISION = "supervision", "Supervision"
        APPRAISAL = "appraisal", "Appraisal"
        INTERIM_REVIEW = "interim_review", "Interim review"

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="competency_assessments")
    framework = models.ForeignKey(CompetencyFramework, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    context = models.CharField(max_length=20, choices=Context.choices)
    supervision_session = models.ForeignKey(
        "workforce.SupervisionSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review = models.ForeignKey(
        "workforce.EmploymentReview", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.TextField("strengths seen", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["peer", "-assessed_on"])]

    def __str__(self) -> str:
        return f"Competencies of {self.peer} on {self.assessed_on:%d %b %Y}"


class DescriptorRating(models.Model):
    """One descriptor in an assessment: demonstrated (with the evidence), developing, or not yet; an
    essential one not yet demonstrated has a target date, and becomes a development objective."""

    class Status(models.TextChoices):
        DEMONSTRATED = "demonstrated", "Demonstrated"
        DEVELOPING = "developing", "Developing"
        NOT_YET = "not_yet", "Not yet"

    assessment = models.ForeignKey(CompetencyAssessment, on_delete=models.CASCADE, related_name="ratings")
    descriptor = models.ForeignKey(CompetencyDescriptor, on_delete=models.PROTECT, related_name="ratings")
    status = models.CharField(max_length=20, choices=Status.choices)
    evidence = models.TextField(blank=True, help_text="What the peer did that shows it.")
    target_on = models.DateField("target date", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["descriptor__domain__order", "descriptor__level", "descriptor__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "descriptor"], name="one_rating_per_descriptor")]

    def __str__(self) -> str:
        return f"{self.descriptor}: {self.get_status_display()}"


# --- Training and CPD -------------------------------------------------------------------------------


class TrainingRecord(models.Model):
    """Training a peer has taken or is booked on: mandatory e-learning, peer support training, ImROC,
    recovery college courses, leadership, research methods and other CPD."""

    class Category(models.TextChoices):
        MANDATORY = "mandatory", "Mandatory e-learning"
        PEER_SUPPORT = "peer_support", "Peer support training"
        IMROC = "imroc", "ImROC training"
        RECOVERY_COLLEGE = "recovery_college", "Recovery college course"
        LEADERSHIP = "leadership", "Leadership"
        RESEARCH_METHODS = "research_methods", "Research methods"
        OTHER = "other", "Other CPD"

    # Completing one of these meets the place-and-train rule (seed 002; DESIGN section 7).
    PEER_SUPPORT_TRAINING = (Category.PEER_SUPPORT, Category.IMROC)

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="training_records")
    category = models.CharField(max_length=30, choices=Category.choices)
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    course = models.ForeignKey(
        "programmes.TrainingCourse", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, help_text="For training that must be renewed.")
    evidence = models.FileField(
        upload_to="training-evidence/%Y/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_TYPES)],
        help_text="A certificate or other evidence (PDF, Word or an image; 5 MB at most).",
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-started_on", "-pk"]
        indexes = [
            models.Index(fields=["peer", "category", "completed_on"]),
            models.Index(fields=["expires_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(completed_on__gte=F("started_on")),
                name="training_completed_after_it_started",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(completed_on__isnull=False),
                name="training_expires_only_once_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.peer})"

    def clean(self) -> None:
        errors = {}
        if self.completed_on and self.started_on and self.completed_on < self.started_on:
            errors["completed_on"] = "Training cannot be completed before it started."
        if self.expires_on and not self.completed_on:
            errors["expires_on"] = "Only completed training expires: give the date it was completed."
        if self.expires_on and self.completed_on and self.expires_on <= self.completed_on:
            errors["expires_on"] = "It expires after it was completed."
        if errors:
            raise ValidationError(errors)


# --- Personal development plan --------------------------------------------------------------------------


class DevelopmentObjective(models.Model):
    """An objective of a peer's personal development plan that is not a review's own objective (those are
    `workforce.ReviewObjective` and appear in the plan beside these): a competency gap or the peer's wish."""

    class Source(models.TextChoices):
        COMPETENCY_GAP = "competency_gap", "Competency to develop"
        OWN_WISH = "own_wish", "The peer's own wish"
        SUPERVISION = "supervision", "Agreed in supervision"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "No longer relevant"

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="development_objectives")
    source = models.CharField(max_length=20, choices=Source.choices)
    text = models.CharField("objective", max_length=300)
    descriptor = models.ForeignKey(
        CompetencyDescriptor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rating = models.OneToOneField(
        DescriptorRating, on_delete=models.SET_NULL, null=True, blank=True, related_name="objective"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    target_on = models.DateField("target date", null=True, blank=True)
    created_on = models.DateField()
    achieved_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "target_on", "pk"]
        indexes = [models.Index(fields=["peer", "status"])]

    def __str__(self) -> str:
        return self.text


# --- Workforce growth and wider system change (seed 000 Phase 4) ------------------------------------------


class TeamEstablishment(models.Model):
    """The size of a team's whole workforce (everyone, not only peers), so the share of peer workers can
    be measured by headcount and by whole-time equivalent."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="establishments")
    as_of = models.DateField()
    headcount = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    whole_time_equivalent = models.DecimalField(max_digits=7, decimal_places=2, validators=[MinValueValidator(0.01)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["team", "as_of"], name="one_establishment_per_team_and_date")]

    def __str__(self) -> str:
        return f"{self.team}: {self.headcount} staff ({self.whole_time_equivalent} WTE) on {self.as_of:%d %b %Y}"


class VacancyReview(models.Model):
    """A vacancy considered for conversion to a peer post (seed 000: "posts will be created or converted"),
    with the decision and the reason."""

    class Decision(models.TextChoices):
        CONVERT = "convert", "Convert to a peer post"
        KEEP = "keep", "Keep as it is"
        DEFER = "defer", "Decide later"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="vacancy_reviews")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="vacancy_reviews")
    vacancy = models.CharField("vacant post", max_length=200, help_text="The post as the team knows it.")
    band = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(MIN_BAND), MaxValueValidator(MAX_BAND)]
    )
    hours = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    considered_on = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    new_post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="The peer post made."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-considered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.vacancy}, {self.team}: {self.get_decision_display()}"


class NewService(models.Model):
    """A new service of the trust, and whether it includes peer posts (seed 000 Phase 4)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="new_services")
    name = models.CharField(max_length=200)
    starts_on = models.DateField()
    includes_peer_posts = models.BooleanField(default=False)
    peer_posts = models.PositiveSmallIntegerField("number of peer posts", default=0)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(includes_peer_posts=True) | Q(peer_posts=0), name="peer_posts_only_when_included"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.includes_peer_posts and not self.peer_posts:
            raise ValidationError({"peer_posts": "Say how many peer posts the service includes."})
        if not self.includes_peer_posts and self.peer_posts:
            raise ValidationError({"peer_posts": "A service without peer posts has none: tick the box or clear this."})


class SystemChangeContribution(models.Model):
    """A contribution of peer workers to wider change in the organisation (seed 000 Phase 4), with evidence."""

    class Kind(models.TextChoices):
        RISK_DOCUMENTATION = "risk_documentation", "Reviewed risk documentation"
        STAFF_TRAINING = "staff_training", "Co-produced or co-delivered staff training"
        LIVED_EXPERIENCE_GUIDANCE = "lived_experience_guidance", "Guidance on using lived experience"
        POLICY = "policy", "Policy or procedure"
        RECRUITMENT = "recruitment", "Recruitment and interview panels"
        OTHER = "other", "Other"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="system_changes")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField()
    happened_on = models.DateField("date")
    peers = models.ManyToManyField(Peer, blank=True, related_name="system_changes")
    evidence = models.FileField(
        upload_to="system-change-evidence/%Y/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_TYPES)],
        help_text="A document or image that shows it (PDF, Word or an image; 5 MB at most).",
    )
    evidence_link = models.URLField("link to evidence", blank=True)
    history = HistoricalRecords(m2m_fields=[peers])

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return self.title


# --- Peer network (issue 18, item 6) ----------------------------------------------------------------------


class PeerNetworkMeeting(models.Model):
    """A meeting of the trust's peer network: peer workers from different teams meeting to share practice and
    look after their wellbeing (ImROC guide: peers should not work alone; a network across teams keeps the
    peer identity of the role)."""

    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="peer_network_meetings")
    held_on = models.DateField("date")
    place = models.CharField(max_length=200, help_text="Where the network met, or “online”.")
    themes = models.TextField(
        help_text="What the peers talked about: their practice and their wellbeing. Never write about a person "
        "who uses services."
    )
    facilitated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="facilitated by"
    )
    attendees = models.ManyToManyField(Peer, through="PeerNetworkAttendance", related_name="peer_network_meetings")
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["trust", "-held_on"])]

    def __str__(self) -> str:
        return f"Peer network meeting on {self.held_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("development:network-detail", args=[self.pk])


class PeerNetworkAttendance(models.Model):
    """One peer worker at a peer network meeting."""

    meeting = models.ForeignKey(PeerNetworkMeeting, on_delete=models.CASCADE, related_name="attendances")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="peer_network_attendances")
    history = HistoricalRecords()

    class Meta:
        ordering = ["peer__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "peer"], name="one_network_attendance_per_peer_and_meeting")
        ]
        indexes = [models.Index(fields=["peer", "meeting"])]

    def __str__(self) -> str:
        return f"{self.peer} at {self.meeting}"


# --- The train-and-place pipeline (issue 18, item 5): its own module, part of this app's models --------------------

from .models_pipeline import GraduateCandidacy, TrainingApplication, TrainingPipelineSettings  # noqa: E402, F401
