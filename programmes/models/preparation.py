"""Phase 1, preparation (seed 000, "Preparing the organisation" and "Preparing the team"):
organisation readiness, team preparation sessions, pre-employment training, the code of conduct,
and the reference content the seeds give (myths, role definitions, principles, language).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from programmes.nations import Nation

from .shared import Peer, Programme, Team, Trust


def lines(text: str) -> list[str]:
    """The non-empty lines of a text field that holds one item a line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ReferenceItem(models.Model):
    """A piece of the seeds' own text used as reference content: a myth and its answer (Box 4), a
    role definition (Box 3), a team preparation agenda item, a principle of the code of conduct
    (Appendix V), a core principle of peer support, a recovery college course, a recovery-focused
    language pair. Loaded from `programmes/reference/*.json`; administrators may edit it."""

    class Kind(models.TextChoices):
        TEAM_PREPARATION_AGENDA = "team_preparation_agenda", "Team preparation agenda item"
        ROLE_DEFINITION = "role_definition", "Role definition (ImROC guide, Box 3)"
        MYTH = "myth", "Myth about peer workers (ImROC guide, Box 4)"
        CODE_OF_CONDUCT = "code_of_conduct", "Code of conduct principle"
        CORE_PRINCIPLE = "core_principle", "Core principle of peer support"
        RECOVERY_LANGUAGE = "recovery_language", "Recovery-focused language"
        RECOVERY_COLLEGE_COURSE = "recovery_college_course", "Recovery college course"
        ACCREDITATION_OPTION = "accreditation_option", "Accreditation option for training courses"
        TRAINING_LEARNING = "training_learning", "Learning for training courses (Scottish conference outcomes)"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    code = models.CharField(max_length=80, help_text="A stable identifier within its kind.")
    number = models.PositiveSmallIntegerField(default=0, help_text="Order within its kind.")
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="Structured parts, e.g. a role's points.")
    version = models.CharField(max_length=100, blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="The source document it comes from, e.g. “ImROC guide, Box 4”."
    )

    class Meta:
        ordering = ["kind", "number", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="reference_item_code_unique_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title or self.text[:60]}"


# --- Organisation readiness -------------------------------------------------------------------


class SteeringGroupMember(models.Model):
    """A member of the programme's steering group and the part of the organisation they represent
    (seed 000: HR, occupational health, finance, learning and development, communications,
    professional groups, people who use services and carers, partner organisations)."""

    class Represents(models.TextChoices):
        HR = "hr", "Human resources"
        OCCUPATIONAL_HEALTH = "occupational_health", "Occupational health"
        FINANCE = "finance", "Finance"
        LEARNING_AND_DEVELOPMENT = "learning_and_development", "Learning and development"
        COMMUNICATIONS = "communications", "Communications"
        PROFESSIONAL_GROUPS = "professional_groups", "Professional groups"
        SERVICE_USERS_AND_CARERS = "service_users_and_carers", "People who use services and carers"
        PARTNER_ORGANISATIONS = "partner_organisations", "Partner organisations"
        SENIOR_MANAGEMENT = "senior_management", "Senior management"
        PEER_WORKERS = "peer_workers", "Peer workers"
        OTHER = "other", "Other"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="steering_group")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True, help_text="If not the trust itself.")
    represents = models.CharField(max_length=30, choices=Represents.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["represents", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_represents_display()})"

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme-readiness", args=[self.programme_id])


class ProjectAction(models.Model):
    """An action of the programme's project plan, with its owner, due date and status."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="project_actions")
    action = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, help_text="Who will see it done.")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["programme", "status", "due_date"])]

    def __str__(self) -> str:
        return self.action

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme-readiness", args=[self.programme_id])

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status != self.Status.DONE and self.due_date < today


class CostItem(models.Model):
    """A line of the programme's costing checklist."""

    class Category(models.TextChoices):
        SALARY = "salary", "Salary and on-costs"
        RECRUITMENT = "recruitment", "Recruitment"
        TRAINING = "training", "Training"
        PEER_SUPERVISION = "peer_supervision", "Peer supervision"
        RELIEF_COVER = "relief_cover", "Relief cover"
        TRAVEL = "travel", "Travel"
        ADMINISTRATION = "administration", "Administration"
        EQUIPMENT = "equipment", "Equipment"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cost_items")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.CharField(max_length=300)
    amount = models.DecimalField("amount (£ a year)", max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="cost_item_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme-readiness", args=[self.programme_id])

    def clean(self) -> None:
        # Said beside the amount; the check constraint alone gives a bare "Constraint ... is violated".
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "The amount cannot be negative; enter £0 or more."})


# --- Team preparation -------------------------------------------------------------------------


class TeamPreparationSession(models.Model):
    """A day (or session) in which a team prepares to welcome peer workers (seed 000, "Preparing
    the team"): the agenda items covered, who came, and what follows."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="preparation_sessions")
    held_on = models.DateField("date held")
    facilitator = models.CharField(max_length=200, blank=True)
    attendees = models.TextField(help_text="One person a line, with their role, e.g. 'Maya Singh, team leader'.")
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Team preparation, {self.team}, {self.held_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:team-preparation-detail", args=[self.pk])

    @property
    def attendee_list(self) -> list[str]:
        return lines(self.attendees)


class AgendaCoverage(models.Model):
    """Whether one agenda item of team preparation was covered in a session, with notes."""

    session = models.ForeignKey(TeamPreparationSession, on_delete=models.CASCADE, related_name="agenda")
    item = models.ForeignKey(
        ReferenceItem,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": ReferenceItem.Kind.TEAM_PREPARATION_AGENDA},
    )
    covered = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item__number"]
        constraints = [models.UniqueConstraint(fields=["session", "item"], name="agenda_item_once_per_session")]

    def __str__(self) -> str:
        return f"{self.item.title}: {'covered' if self.covered else 'not covered'}"


class FollowUpAction(models.Model):
    """An action agreed at a team preparation session."""

    session = models.ForeignKey(TeamPreparationSession, on_delete=models.CASCADE, related_name="follow_up_actions")
    action = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["done", "due_date", "pk"]

    def __str__(self) -> str:
        return self.action


# --- Pre-employment training ------------------------------------------------------------------


class TrainingCourse(models.Model):
    """A peer support worker training course (seed 000, Boxes 5-7). Library courses (no trust)
    come from the seeds; a trust may add its own."""

    trust = models.ForeignKey(
        Trust,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_courses",
        help_text="Empty for a course in the shared library.",
    )
    code = models.CharField(max_length=80, blank=True, help_text="Identifier of a library course.")
    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    length = models.CharField(max_length=100, help_text="For example '11 days' or '4 weeks'.")
    length_days = models.PositiveSmallIntegerField("taught days", null=True, blank=True)
    accreditation = models.CharField(max_length=300, blank=True)
    # Scottish conference outcomes, section B 3: the accreditation and qualification models offered.
    accreditation_option = models.ForeignKey(
        ReferenceItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accredited_courses",
        limit_choices_to={"kind": "accreditation_option"},
        help_text="The accreditation or qualification model the course follows, from the Scottish conference "
        "outcomes' list. SQA/SVQ3 accreditation is offered for Scottish trusts' courses.",
    )
    assessment_methods = models.TextField(blank=True, help_text="One method a line, e.g. 'Reflective essay'.")
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(trust__isnull=True) & ~Q(code=""), name="library_course_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:course-detail", args=[self.pk])

    @classmethod
    def list_url(cls) -> str:
        return reverse("programmes:course-list")

    @property
    def accreditation_shown(self) -> str:
        """The accreditation as a page or a course's choice shows it: the option chosen, else the course's own words."""
        if self.accreditation_option_id:
            return self.accreditation_option.text
        return self.accreditation

    def clean(self) -> None:
        option = self.accreditation_option if self.accreditation_option_id else None
        if option is not None and option.kind != ReferenceItem.Kind.ACCREDITATION_OPTION:
            raise ValidationError({"accreditation_option": "Choose one of the accreditation options."})
        if option is not None and option.details.get("scotland_only") and not self._in_scotland():
            raise ValidationError(
                {"accreditation_option": "SQA/SVQ3 accreditation is offered for the courses of Scottish trusts only."}
            )

    def _in_scotland(self) -> bool:
        return bool(self.trust_id and self.trust.nation == Nation.SCOTLAND)

    @property
    def assessment_method_list(self) -> list[str]:
        return lines(self.assessment_methods)


class TrainingCohort(models.Model):
    """One run of a course for a programme, with its dates and capacity."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="training_cohorts")
    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200, help_text="For example 'Spring 2027 cohort'.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    venue = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="cohort_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_unique_per_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.course.name}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:cohort-detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The cohort cannot end before it starts."})
        if self.course_id and self.programme_id and self.course.trust_id not in (None, self.programme.trust_id):
            raise ValidationError({"course": "Choose a library course or one of this trust's own."})


class CohortEnrolment(models.Model):
    """A peer enrolled on a training cohort: placement days, assessment, completion and graduation."""

    class Result(models.TextChoices):
        PENDING = "pending", "Not yet assessed"
        PASSED = "passed", "Passed"
        REFERRED = "referred", "Referred (to resubmit)"
        NOT_PASSED = "not_passed", "Not passed"

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    cohort = models.ForeignKey(TrainingCohort, on_delete=models.CASCADE, related_name="enrolments")
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="training_enrolments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ENROLLED)
    placement_days = models.PositiveSmallIntegerField("placement days completed", default=0)
    assessment_result = models.CharField(max_length=20, choices=Result.choices, default=Result.PENDING)
    assessment_notes = models.TextField(blank=True)
    graduated_on = models.DateField("graduation date", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["peer__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "peer"], name="enrolled_once_per_cohort"),
            models.CheckConstraint(
                condition=Q(graduated_on__isnull=True) | Q(status="completed"),
                name="only_completed_enrolments_graduate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer} on {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:cohort-detail", args=[self.cohort_id])

    def clean(self) -> None:
        errors = {}
        if self.peer_id and self.cohort_id and self.peer.trust_id != self.cohort.programme.trust_id:
            errors["peer"] = "The peer must belong to the trust that runs the programme."
        if self.graduated_on and self.status != self.Status.COMPLETED:
            errors["graduated_on"] = "Only someone who completed the course graduates; set the status to completed."
        if self.status == self.Status.COMPLETED and self.assessment_result != self.Result.PASSED:
            errors["assessment_result"] = "A completed course needs a passed assessment."
        if errors:
            raise ValidationError(errors)


# --- Code of conduct --------------------------------------------------------------------------


class CodeOfConductAcknowledgement(models.Model):
    """A peer's acknowledgement of the ethical code of conduct (seed 000, Appendix V)."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="code_acknowledgements")
    version = models.CharField(max_length=100)
    acknowledged_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-acknowledged_on"]
        constraints = [models.UniqueConstraint(fields=["peer", "version"], name="code_acknowledged_once_per_version")]

    def __str__(self) -> str:
        return f"{self.peer} acknowledged the code of conduct ({self.version}) on {self.acknowledged_on}"
