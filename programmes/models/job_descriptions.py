"""Job descriptions and person specifications (seed 000 Appendices II and III; seed 002 and 003):
the template library and each post's own copy, laid out in the seeds' sections.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .preparation import lines
from .shared import MAX_BAND, MIN_BAND, Post

# Each row of a template names where its words come from (issue 17): a source document by title and section, or
# "Local choice: ..." for words this organisation wrote. A row a trust adds or edits in its own copy says so.
LOCAL_CHOICE = "Local choice: set by this organisation, editable"
ROW_SOURCE_HELP = "Where the words come from (a source document and section), or “Local choice: ...”."


class JobDescription(models.Model):
    """A job description: either a template of the library (named, from the seeds) or a post's own
    copy, made from a template and edited for the post (history kept, version counted)."""

    template_name = models.CharField(
        max_length=200, unique=True, null=True, blank=True, help_text="Set for a template of the library."
    )
    post = models.OneToOneField(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="job_description")
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="The template used."
    )
    source = models.CharField(max_length=500, blank=True, help_text="Where the text comes from.")
    career_level = models.CharField(max_length=30, choices=Post.CareerLevel.choices)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    job_title = models.CharField(max_length=200)
    band = models.PositiveSmallIntegerField(
        "pay band (Agenda for Change)", validators=[MinValueValidator(MIN_BAND), MaxValueValidator(MAX_BAND)]
    )
    hours = models.CharField(max_length=100, blank=True, help_text="As it should read, e.g. '37.5 or part thereof'.")
    reports_to = models.CharField("reports to (post title)", max_length=200, blank=True)
    further_details = models.TextField(
        blank=True, help_text="Other rows of the heading table, one a line as 'Label: value' (e.g. 'Location: ...')."
    )
    role_purpose = models.TextField(blank=True)
    role_context = models.TextField(blank=True)
    dimensions = models.TextField(blank=True)
    skills_knowledge_experience = models.TextField(
        "skills, knowledge and experience", blank=True, help_text="One a line."
    )
    communication_and_relationship_skills = models.TextField(blank=True, help_text="One a line.")
    physical_effort = models.TextField(blank=True)
    emotional_effort = models.TextField(blank=True)
    working_conditions = models.TextField(blank=True, help_text="One a line.")
    organisation_chart = models.TextField(
        blank=True, help_text="One post a line, from the top of the organisation down to 'This Post'."
    )
    supplementary_information = models.TextField(
        blank=True, help_text="Sections that start with a line '## Heading', followed by their text."
    )
    supplementary_source = models.CharField(
        "source of the supplementary information", max_length=300, blank=True, help_text=ROW_SOURCE_HELP
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["band", "template_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(template_name__isnull=False) & Q(post__isnull=True))
                | (Q(template_name__isnull=True) & Q(post__isnull=False)),
                name="job_description_is_a_template_or_a_posts",
            ),
            models.CheckConstraint(
                condition=Q(band__gte=MIN_BAND) & Q(band__lte=MAX_BAND), name="job_description_band_between_2_and_9"
            ),
        ]

    def __str__(self) -> str:
        return self.template_name or f"{self.job_title} (Band {self.band}), version {self.version}"

    def get_absolute_url(self) -> str:
        if self.post_id:
            return reverse("programmes:post-jd-detail", args=[self.post_id])
        return reverse("programmes:jd-template-detail", args=[self.pk])

    def clean(self) -> None:
        if bool(self.template_name) == bool(self.post_id):
            raise ValidationError("A job description is either a template of the library or a post's own.")

    @property
    def is_template(self) -> bool:
        return self.post_id is None

    # The seeds' list sections, one item a line.
    @property
    def skills_list(self) -> list[str]:
        return lines(self.skills_knowledge_experience)

    @property
    def communication_list(self) -> list[str]:
        return lines(self.communication_and_relationship_skills)

    @property
    def working_conditions_list(self) -> list[str]:
        return lines(self.working_conditions)

    @property
    def organisation_chart_list(self) -> list[str]:
        return lines(self.organisation_chart)

    @property
    def further_details_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in lines(self.further_details):
            label, _, value = line.partition(":")
            rows.append((label.strip(), value.strip()))
        return rows

    @property
    def role_purpose_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.role_purpose.split("\n\n") if p.strip()]

    @property
    def supplementary_sections(self) -> list[tuple[str, list[str]]]:
        sections: list[tuple[str, list[str]]] = []
        for block in (self.supplementary_information or "").split("\n## "):
            block = block.removeprefix("## ").strip()
            if not block:
                continue
            heading, _, body = block.partition("\n")
            sections.append((heading.strip(), [p.strip() for p in body.split("\n\n") if p.strip()]))
        return sections


class KeyAccountability(models.Model):
    """A group of key accountabilities (e.g. 'Working Practice') with its performance measures."""

    job_description = models.ForeignKey(JobDescription, on_delete=models.CASCADE, related_name="accountabilities")
    order = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200)
    duties = models.TextField(help_text="One duty a line.")
    performance_measures = models.TextField(blank=True, help_text="One measure a line.")
    source = models.CharField(max_length=300, blank=True, help_text=ROW_SOURCE_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.heading

    @property
    def duty_list(self) -> list[str]:
        return lines(self.duties)

    @property
    def measure_list(self) -> list[str]:
        return lines(self.performance_measures)


class PersonSpecificationCriterion(models.Model):
    """A row of the person specification: an attribute with its essential and desirable criteria,
    their weights, and how each is identified (Application, Interview, Presentation)."""

    job_description = models.ForeignKey(JobDescription, on_delete=models.CASCADE, related_name="person_specification")
    order = models.PositiveSmallIntegerField(default=0)
    attribute = models.CharField(max_length=200)
    essential = models.TextField("essential criteria", blank=True, help_text="One criterion a line.")
    essential_weight = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    desirable = models.TextField("desirable criteria", blank=True, help_text="One criterion a line.")
    desirable_weight = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    by_application = models.BooleanField("identified by application", default=False)
    by_interview = models.BooleanField("identified at interview", default=False)
    by_presentation = models.BooleanField("identified by presentation", default=False)
    identified_otherwise = models.CharField("identified otherwise", max_length=200, blank=True)
    source = models.CharField(max_length=300, blank=True, help_text=ROW_SOURCE_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(essential_weight__isnull=True) | Q(essential_weight__lte=10),
                name="essential_weight_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(desirable_weight__isnull=True) | Q(desirable_weight__lte=10),
                name="desirable_weight_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return self.attribute

    @property
    def essential_list(self) -> list[str]:
        return lines(self.essential)

    @property
    def desirable_list(self) -> list[str]:
        return lines(self.desirable)

    @property
    def how_identified(self) -> list[str]:
        ways = [
            name
            for name, on in (
                ("Application", self.by_application),
                ("Interview", self.by_interview),
                ("Presentation", self.by_presentation),
            )
            if on
        ]
        return [*ways, self.identified_otherwise] if self.identified_otherwise else ways
