"""Crispy forms of training and CPD and of the personal development plan (phase 4, part 5). They check shape
(dates, the evidence file's size and type); the rules live in development.services_training, and the courses
offered come from programmes.access."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from programmes import access
from programmes.forms import CrispyModelForm

from .models import DevelopmentObjective, TrainingRecord, evidence_problems
from .services_training import HAND_ADDED_SOURCES, TRAINING_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrainingRecordForm(CrispyModelForm):
    class Meta:
        model = TrainingRecord
        fields = list(TRAINING_FIELDS)
        widgets = {
            "started_on": DATE,
            "completed_on": DATE,
            "expires_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"title": "Course or module", "course": "Programme training course"}
        help_texts = {
            "title": "As the certificate names it, e.g. 'Safeguarding adults level 2'.",
            "course": "If it was one of the peer support training courses of the programme.",
            "started_on": "Leave empty if not known.",
            "completed_on": "Leave empty while it is booked or under way.",
        }

    def __init__(self, *args, peer, **kwargs):
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        course.queryset = access.training_courses_for(peer).select_related("accreditation_option").order_by("name")
        course.required = False
        # The course's accreditation is shown where it is chosen (issue 17 item 2).
        course.label_from_instance = lambda c: (
            f"{c.name} ({c.accreditation_shown})" if c.accreditation_shown else c.name
        )
        self.fields["evidence"].widget.attrs["accept"] = ".pdf,.doc,.docx,.odt,.png,.jpg,.jpeg"

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if isinstance(evidence, UploadedFile):
            problems = evidence_problems(evidence)
            if problems:
                raise forms.ValidationError(problems)
        return evidence


class ObjectiveForm(CrispyModelForm):
    """An objective the peer wishes for, or one agreed in supervision."""

    class Meta:
        model = DevelopmentObjective
        fields = ["text", "source", "target_on"]
        widgets = {"target_on": DATE, "text": forms.TextInput()}
        help_texts = {
            "text": "What the peer wants to learn or do, in their words.",
            "target_on": "Optional: when to look at it again.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.value, s.label) for s in HAND_ADDED_SOURCES]
        self.fields["source"].label = "Where it comes from"


class ObjectiveStatusForm(CrispyModelForm):
    """Change an objective's status, target date and wording; achieved is dated."""

    class Meta:
        model = DevelopmentObjective
        fields = ["text", "status", "target_on", "achieved_on"]
        widgets = {"target_on": DATE, "achieved_on": DATE, "text": forms.TextInput()}
        labels = {"achieved_on": "Date achieved"}
        help_texts = {"achieved_on": "Only when it is achieved: today if left empty."}
