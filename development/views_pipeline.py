"""Pages of the train-and-place pipeline (issue 18 item 5; ImROC guide Boxes 5-9): applications for places on
training cohorts, the interview for a training place, offers and the waiting list, the DBS check before training,
enrolment, and graduates put forward for open vacancies. HR and the peer support lead manage them; an interviewer
reads the applications they interview; everyone else gets 404. Thin: access via `programmes.access`, writes via
`development.services_pipeline`, reads via `development.selectors_pipeline`."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from programmes import access, integrity
from programmes.exports import Col, CsvExportMixin
from programmes.models import SensitiveAccessLog
from programmes.paging import PAGE_SIZE
from programmes.selectors import history_of
from programmes.views import AccessMixin, EditRecordView, ServiceFormView, _changed

from . import forms_pipeline as forms
from . import selectors_pipeline as selectors
from . import services_pipeline as services
from .models_pipeline import TrainingApplication

RecordType = SensitiveAccessLog.RecordType


class TrainingApplicationListView(AccessMixin, CsvExportMixin, FilterView):
    """Applications for training places the user reads, by cohort: status and place on the waiting list."""

    template_name = "development/pipeline_list.html"
    allowed = staticmethod(access.can_use_pipeline_pages)
    filterset_class = forms.TrainingApplicationFilter
    paginate_by = PAGE_SIZE
    strict = False
    csv_name = "training-applications"
    # No statement, lived experience or DBS in the CSV: it names people, so it carries only the selection.
    csv_columns = (
        Col("Cohort", lambda a: str(a.cohort)),
        Col("Applicant", "applicant.full_name"),
        Col("Applied on", "applied_on"),
        Col("Status", lambda a: a.get_status_display()),
        Col("Place on the waiting list", lambda a: a.waiting_position or ""),
        Col("Interview date", lambda a: a.interviewed_on or ""),
    )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def get_queryset(self):
        return selectors.applications_for_list(access.visible_training_applications(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = access.can_keep_pipeline(self.request.user)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class TrainingApplicationDetailView(AccessMixin, DetailView):
    """One application: the applicant's statement and what they share of their lived experience (a logged read),
    the interview, the offer or place on the waiting list, the DBS check (HR and the peer lead only) and the next
    step."""

    template_name = "development/pipeline_detail.html"
    allowed = staticmethod(access.can_use_pipeline_pages)
    context_object_name = "application"

    def get_queryset(self):
        return selectors.applications_for_list(access.visible_training_applications(self.request.user)).select_related(
            "enrolment"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, application = self.request.user, self.object
        can_edit = access.editable_training_applications(user).filter(pk=application.pk).exists()
        context["can_edit"] = can_edit
        context["steps"] = services.steps_for(application) if can_edit else []
        context["dbs_required"] = services.dbs_required(application.cohort)
        context["places_taken"] = services.places_taken(application.cohort)
        context["history"] = history_of(application)
        if application.lived_experience:
            access.log_sensitive_read(
                user=user, peer=application.applicant, record_type=RecordType.LIVED_EXPERIENCE, obj=application
            )
        context["shows_dbs"] = can_edit
        if can_edit and application.dbs_status != application._meta.get_field("dbs_status").default:
            access.log_sensitive_read(
                user=user, peer=application.applicant, record_type=RecordType.DBS, obj=application
            )
        return context


class TrainingApplicationCreateView(ServiceFormView):
    template_name = "development/pipeline_form.html"
    form_class = forms.TrainingApplicationForm
    allowed = staticmethod(access.can_keep_pipeline)
    title = "Record an application for a training place"
    success_message = "Application of {record.applicant} recorded."

    def get_initial(self):
        initial = {"applied_on": timezone.localdate()}
        cohort = self.request.GET.get("cohort")
        if cohort and cohort.isdigit():
            initial["cohort"] = access.pipeline_cohorts(self.request.user).filter(pk=cohort).first()
        return initial

    def save(self, form):
        return services.submit_training_application(by=self.request.user, **form.cleaned_data)

    def cancel_url(self) -> str:
        return reverse("development:pipeline-list")


class _ApplicationEditView(EditRecordView):
    template_name = "development/pipeline_form.html"
    allowed = staticmethod(access.can_keep_pipeline)
    editable = staticmethod(
        lambda user: access.editable_training_applications(user).select_related(
            "applicant", "cohort__programme", "cohort__course"
        )
    )


class TrainingApplicationUpdateView(_ApplicationEditView):
    form_class = forms.TrainingApplicationEditForm
    title = "Edit the application of {record.applicant}"
    success_message = "Application of {record.applicant} saved."

    def save(self, form):
        return services.update_training_application(application=self.object, by=self.request.user, **_changed(form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_of(self.object)
        return context


class TrainingInterviewView(_ApplicationEditView):
    form_class = forms.TrainingInterviewForm
    title = "Record the interview of {record.applicant} for a training place"
    success_message = "Interview of {record.applicant} recorded."

    def save(self, form):
        data = form.cleaned_data
        return services.record_training_interview(
            application=self.object,
            by=self.request.user,
            interviewed_on=data["interviewed_on"],
            interviewed_by=data.get("interviewed_by"),
            outcome=data["interview_outcome"],
            feedback=data.get("feedback", ""),
        )


class TrainingStepView(_ApplicationEditView):
    form_class = forms.TrainingStepForm
    title = "The place of {record.applicant}"
    success_message = "Application of {record.applicant} updated."

    def save(self, form):
        return services.take_step(application=self.object, by=self.request.user, step=form.cleaned_data["step"])


class TrainingDbsView(_ApplicationEditView):
    form_class = forms.TrainingDbsForm
    title = "The DBS check of {record.applicant} before training"
    success_message = "DBS check of {record.applicant} saved."

    def save(self, form):
        return services.record_training_dbs(application=self.object, by=self.request.user, **_changed(form))


class GraduateListView(AccessMixin, CsvExportMixin, TemplateView):
    """The graduates of the user's programmes, each with a one-click form putting them forward for an open vacancy
    (a POST with a one-time token to the candidacy page) and the vacancies they are already candidates for. The
    CSV holds every graduate (the page the first PAGE_SIZE), with what the page shows of them."""

    template_name = "development/pipeline_graduates.html"
    allowed = staticmethod(access.can_keep_pipeline)
    csv_name = "training-graduates"
    csv_rows_in = "graduate_rows"
    csv_columns = (
        Col("Graduate", "applicant.full_name"),
        Col("Cohort", lambda a: a.cohort.name),
        Col("Graduated on", "enrolment.graduated_on"),
        Col("Candidate for", lambda a: ", ".join(c.vacancy.job_title for c in a.candidacies_shown)),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = selectors.graduates_for_list(
            access.graduate_training_applications(user), access.editable_vacancies(user)
        )
        context["graduate_rows"] = rows  # every graduate, read only for the CSV
        if self.csv_requested():
            return context
        vacancies = list(access.vacancies_for_graduates(user).select_related("post__team").order_by("job_title", "pk"))
        graduates = list(rows[:PAGE_SIZE])
        context["graduates"] = [(g, integrity.new_token(user)) for g in graduates]
        context["vacancies"] = vacancies
        context["token_field"] = integrity.TOKEN_FIELD
        return context


class GraduateCandidacyView(ServiceFormView):
    """Put one graduate forward for an open vacancy: an application made through recruitment, linked back to the
    training application. Posted twice, it saves once."""

    template_name = "development/pipeline_form.html"
    form_class = forms.GraduateCandidacyForm
    allowed = staticmethod(access.can_keep_pipeline)
    title = "Put a graduate forward for a vacancy"
    success_message = "{graduate} is now a candidate for {record.vacancy}."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.training_application = get_object_or_404(
                access.graduate_training_applications(request.user).select_related("applicant", "enrolment"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def message_values(self, record) -> dict:
        return {"record": record, "graduate": self.training_application.applicant}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Put {self.training_application.applicant} forward for a vacancy"
        return context

    def save(self, form):
        return services.put_graduate_forward(
            training_application=self.training_application, vacancy=form.cleaned_data["vacancy"], by=self.request.user
        )

    def success_url_for(self, record) -> str:
        return reverse("development:pipeline-graduates")

    def cancel_url(self) -> str:
        return reverse("development:pipeline-graduates")


def application_url(application: TrainingApplication) -> str:
    return reverse("development:pipeline-detail", args=[application.pk])
