"""Models of the train-and-place pipeline (issue 18 item 5; ImROC guide Boxes 5-9): applications for a place on a
training cohort, the interview for a training place, places offered up to the cohort's places and a waiting list,
the disclosure (DBS) check before training where the programme requires it, enrolment onto the cohort, and
graduates put forward for open vacancies as candidates. Imported by development/models.py."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from programmes.models import CohortEnrolment, Peer, Programme, TrainingCohort
from recruitment.models import Application, DbsCheck

User = settings.AUTH_USER_MODEL


class TrainingPipelineSettings(models.Model):
    """A programme's rules for places on its training: whether a disclosure (DBS) check must be cleared before a
    place is confirmed (a trust's choice; the ImROC guide leaves it to the project team)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="training_pipeline_settings")
    dbs_check_before_training = models.BooleanField(
        "a DBS check is cleared before training",
        default=True,
        help_text="When set, a place on a cohort is confirmed only once the check is recorded as cleared.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "training place settings"
        verbose_name_plural = "training place settings"

    def __str__(self) -> str:
        return f"Training place settings of {self.programme}"


class TrainingApplication(models.Model):
    """A person's application for a place on a training cohort: their own short statement and what they choose to
    share of their lived experience (sensitive: every read by someone else is logged), the interview for a training
    place ("to assess their readiness and resilience", ImROC guide Box 5), the place offered or the waiting list,
    the DBS check before training where the programme requires it, and the enrolment it leads to."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        OFFERED = "offered", "Place offered"
        WAITING = "waiting", "On the waiting list"
        ACCEPTED = "accepted", "Place accepted"
        ENROLLED = "enrolled", "Enrolled"
        NOT_SELECTED = "not_selected", "Not offered a place"
        DECLINED = "declined", "Declined the place"
        WITHDRAWN = "withdrawn", "Withdrew"

    class Outcome(models.TextChoices):
        SUITABLE = "suitable", "Ready for a place"
        NOT_SELECTED = "not_selected", "Not offered a place"

    # Where an application may go next, written once (services check them).
    NEXT = {
        Status.APPLIED: {Status.OFFERED, Status.WAITING, Status.NOT_SELECTED, Status.WITHDRAWN},
        Status.WAITING: {Status.OFFERED, Status.WITHDRAWN},
        Status.OFFERED: {Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN},
        Status.ACCEPTED: {Status.ENROLLED, Status.WITHDRAWN},
        Status.ENROLLED: set(),
        Status.NOT_SELECTED: set(),
        Status.DECLINED: set(),
        Status.WITHDRAWN: set(),
    }
    HOLDING_A_PLACE = (Status.OFFERED, Status.ACCEPTED)

    cohort = models.ForeignKey(TrainingCohort, on_delete=models.PROTECT, related_name="training_applications")
    applicant = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="training_applications")
    applied_on = models.DateField()
    statement = models.TextField(
        "why they want to train", help_text="The applicant's own short statement, in their own words."
    )
    lived_experience = models.TextField(
        "lived experience they choose to share",
        blank=True,
        help_text="Only what the applicant chooses to share. Read by HR, the peer support lead and the interviewer.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED, editable=False)
    waiting_position = models.PositiveSmallIntegerField("place on the waiting list", null=True, blank=True)
    # The interview for a training place.
    interviewed_on = models.DateField("interview date", null=True, blank=True)
    interviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="interviewer"
    )
    interview_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    feedback = models.TextField("feedback to the applicant", blank=True)
    offered_on = models.DateField("place offered on", null=True, blank=True)
    answered_on = models.DateField("offer answered on", null=True, blank=True)
    # The disclosure check before training: recruitment's DBS statuses and decisions, not a second DBS model.
    dbs_status = models.CharField(
        "DBS check", max_length=20, choices=DbsCheck.Status.choices, default=DbsCheck.Status.NOT_STARTED
    )
    dbs_returned_on = models.DateField("DBS check returned on", null=True, blank=True)
    dbs_decision = models.CharField(
        "decision on the disclosure", max_length=30, choices=DbsCheck.Decision.choices, blank=True
    )
    enrolment = models.OneToOneField(
        CohortEnrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="training_application"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "status", "waiting_position", "applied_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "applicant"], name="one_training_application_per_cohort"),
            models.UniqueConstraint(
                fields=["cohort", "waiting_position"],
                condition=Q(waiting_position__isnull=False),
                name="one_applicant_per_waiting_list_place",
            ),
            models.CheckConstraint(
                condition=Q(waiting_position__isnull=True) | Q(status="waiting"),
                name="waiting_position_only_on_the_waiting_list",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return f"{self.applicant} for {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("development:pipeline-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.applicant_id and self.cohort_id and self.applicant.trust_id != self.cohort.programme.trust_id:
            errors["applicant"] = "The applicant must be known to the trust that runs the training."
        if self.interview_outcome and not self.interviewed_on:
            errors["interviewed_on"] = "Enter the date of the interview."
        if self.dbs_status in (DbsCheck.Status.CLEAR, DbsCheck.Status.DISCLOSURE) and not self.dbs_returned_on:
            errors["dbs_returned_on"] = "Enter the date the check was returned."
        if self.dbs_decision and self.dbs_status != DbsCheck.Status.DISCLOSURE:
            errors["dbs_decision"] = "A decision is recorded only when the check discloses a record."
        if errors:
            raise ValidationError(errors)

    @property
    def dbs_cleared(self) -> bool:
        """Cleared as recruitment clears a check: nothing disclosed, or a disclosure the panel decided to proceed."""
        return self.dbs_status == DbsCheck.Status.CLEAR or (
            self.dbs_status == DbsCheck.Status.DISCLOSURE
            and self.dbs_decision in (DbsCheck.Decision.PROCEED, DbsCheck.Decision.PROCEED_WITH_SAFEGUARDS)
        )


class GraduateCandidacy(models.Model):
    """A graduate of a training cohort put forward for an open vacancy: the recruitment application made for them,
    linked back to their training application. One per graduate and vacancy, however often it is asked for."""

    training_application = models.ForeignKey(TrainingApplication, on_delete=models.PROTECT, related_name="candidacies")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="graduate_candidacy")
    vacancy = models.ForeignKey("recruitment.Vacancy", on_delete=models.PROTECT, related_name="+")
    put_forward_on = models.DateField()
    put_forward_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "graduate candidacies"
        constraints = [
            models.UniqueConstraint(
                fields=["training_application", "vacancy"], name="graduate_put_forward_once_per_vacancy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.training_application.applicant} put forward for {self.vacancy}"

    def get_absolute_url(self) -> str:
        return self.application.get_absolute_url()
