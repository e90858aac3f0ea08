"""Crispy forms and the list filter of the train-and-place pipeline (issue 18 item 5). They check shape; the rules
(places, the waiting list, the DBS check before training, one candidacy per vacancy) live in
development.services_pipeline, and the choices offered come from programmes.access."""

from __future__ import annotations

import django_filters
from django import forms

from programmes import access
from programmes.fields import BoundedFilterSet
from programmes.pickers import StaffChoiceField

from . import services_pipeline as services
from .forms_growth import DATE, SHORT_TEXT, ServiceCheckedForm
from .models_pipeline import GraduateCandidacy, TrainingApplication


class TrainingApplicationForm(ServiceCheckedForm):
    full_name = forms.CharField(label="Applicant's full name", max_length=200)
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", max_length=30, required=False)

    class Meta:
        model = TrainingApplication
        fields = ["cohort", "full_name", "email", "phone", "applied_on", "statement", "lived_experience"]
        widgets = {"applied_on": DATE, "statement": SHORT_TEXT, "lived_experience": SHORT_TEXT}
        labels = {"cohort": "Training cohort", "applied_on": "Date of the application"}
        help_texts = {"email": "An email address or a phone number, so the applicant can be contacted."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["cohort"].queryset = (
            access.pipeline_cohorts(user).select_related("course").order_by("-starts_on", "name", "pk")
        )
        self.order_fields(self.Meta.fields)


class TrainingApplicationEditForm(ServiceCheckedForm):
    class Meta:
        model = TrainingApplication
        fields = ["statement", "lived_experience"]
        widgets = {"statement": SHORT_TEXT, "lived_experience": SHORT_TEXT}


class TrainingInterviewForm(ServiceCheckedForm):
    class Meta:
        model = TrainingApplication
        fields = ["interviewed_on", "interviewed_by", "interview_outcome", "feedback"]
        field_classes = {"interviewed_by": StaffChoiceField}
        widgets = {"interviewed_on": DATE, "feedback": SHORT_TEXT, "interview_outcome": forms.RadioSelect}
        labels = {"interview_outcome": "Outcome of the interview"}
        help_texts = {
            "interview_outcome": "Ready for a place: a place is offered while the cohort has one, otherwise the "
            "applicant joins the waiting list.",
            "feedback": "Needed when no place is offered: every applicant is offered feedback.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        trust_id = self.instance.cohort.programme.trust_id
        self.fields["interviewed_by"].queryset = access.training_interviewers(user, trust_id).order_by(
            "first_name", "last_name", "pk"
        )
        self.fields["interviewed_by"].empty_label = "Nobody named"
        self.fields["interviewed_on"].required = True
        self.fields["interview_outcome"].required = True
        self.fields["interview_outcome"].choices = TrainingApplication.Outcome.choices


class TrainingStepForm(ServiceCheckedForm):
    step = forms.ChoiceField(label="What happened", widget=forms.RadioSelect)

    class Meta:
        model = TrainingApplication
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["step"].choices = services.steps_for(self.instance)


class TrainingDbsForm(ServiceCheckedForm):
    class Meta:
        model = TrainingApplication
        fields = ["dbs_status", "dbs_returned_on", "dbs_decision"]
        widgets = {"dbs_returned_on": DATE}
        help_texts = {"dbs_decision": "Only when the check discloses a record: the decision taken on it."}


class GraduateCandidacyForm(ServiceCheckedForm):
    class Meta:
        model = GraduateCandidacy
        fields = ["vacancy"]
        labels = {"vacancy": "Open vacancy"}

    def __init__(self, *args, user, vacancies=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["vacancy"].queryset = (
            vacancies
            if vacancies is not None
            else access.vacancies_for_graduates(user).select_related("post__team").order_by("job_title", "pk")
        )


class TrainingApplicationFilter(BoundedFilterSet):
    status = django_filters.ChoiceFilter(choices=TrainingApplication.Status.choices, empty_label="Any status")

    class Meta:
        model = TrainingApplication
        fields = ["cohort", "status"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["cohort"].queryset = access.pipeline_cohorts(user).order_by("-starts_on", "name", "pk")
        self.filters["cohort"].extra["empty_label"] = "Any cohort"
