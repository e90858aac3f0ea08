"""Recruitment pages for restricted records and overviews: occupational health and DBS (HR, the peer
lead and the applicant only; every other read logged), support for unsuccessful candidates, the
funnel per vacancy and per programme, and the recruitment dashboard. Thin: access via
`programmes.access`, writes via `recruitment.services`, reads via `recruitment.selectors`."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from programmes import access, nations
from programmes.exports import Col, CsvExportMixin
from programmes.models import SensitiveAccessLog
from programmes.security import RecentPasswordRequiredMixin
from programmes.selectors import history_of
from programmes.views import PAGE_SIZE, AccessMixin, EditRecordView, ServiceFormView, _changed

from . import forms_restricted as forms
from . import selectors, services
from .models import Application, OccupationalHealthReferral, Vacancy
from .views_board import ThenMoveMixin

RecordType = SensitiveAccessLog.RecordType


# --- Occupational health and DBS --------------------------------------------------------------


class RestrictedRecordView(RecentPasswordRequiredMixin, AccessMixin, TemplateView):
    """An application's OH or DBS record, for HR, the peer lead and the applicant; 404 for anyone
    else. A read by someone other than the applicant is logged. The password is asked for again when it was
    last given more than REAUTH_MINUTES ago."""

    allowed = staticmethod(lambda user: True)  # the applicant's own account reads its own record
    related_name: str
    record_type: str

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        application = get_object_or_404(
            access.restricted_applications(user).select_related(
                "applicant", "vacancy__post__team__trust", self.related_name
            ),
            pk=self.kwargs["pk"],
        )
        record = getattr(application, self.related_name, None)
        if record is not None:
            access.log_sensitive_read(user=user, peer=application.applicant, record_type=self.record_type, obj=record)
            context["history"] = history_of(record)
        context["application"] = application
        context["record"] = record
        context["is_own_record"] = access.is_own_record(user, application.applicant)
        context["can_edit"] = access.editable_restricted_applications(user).filter(pk=application.pk).exists()
        context["offer_made"] = services.offer_made(application)
        return context


class OccupationalHealthView(RestrictedRecordView):
    template_name = "recruitment/occupational_health.html"
    related_name = "occupational_health"
    record_type = RecordType.OCCUPATIONAL_HEALTH


class DbsDetailView(RestrictedRecordView):
    template_name = "recruitment/dbs_detail.html"
    related_name = "dbs_check"
    record_type = RecordType.DBS


class RestrictedRecordUpdateView(RecentPasswordRequiredMixin, ThenMoveMixin, ServiceFormView):
    """Record or change an application's OH or DBS record (HR and the peer lead). The form shows the
    record, so opening it is a read and is logged."""

    allowed = staticmethod(access.can_keep_recruitment)
    related_name: str
    record_type: str
    detail_url_name: str
    heading: str

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.application = get_object_or_404(
                access.editable_restricted_applications(request.user).select_related(
                    "applicant", "vacancy__post__team__trust", self.related_name
                ),
                pk=kwargs["pk"],
            )
            self.journey_application = self.application
            self.object = getattr(self.application, self.related_name, None)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # ServiceFormView's own context links to the record's page, which OH and DBS records do not have.
        context = super(ServiceFormView, self).get_context_data(**kwargs)
        context["record"] = self.object
        if self.object is not None and self.request.method == "GET":
            access.log_sensitive_read(
                user=self.request.user, peer=self.application.applicant, record_type=self.record_type, obj=self.object
            )
        context["title"] = self.heading.format(
            application=self.application, vetting=nations.vetting_name(self.application.vacancy.post.team.trust)
        )
        context["cancel_url"] = self.next_url() or self.cancel_url()
        context["next_url"] = self.next_url()
        context["then_move"] = self.then_move_context()
        context["application"] = self.application
        context["offer_made"] = services.offer_made(self.application)
        return context

    def cancel_url(self) -> str:
        return reverse(f"recruitment:{self.detail_url_name}", args=[self.application.pk])

    def success_url_for(self, record) -> str:
        # OH and DBS records have no page of their own: back to where the user came from (a move, the board), else
        # to the application's restricted page.
        return self.next_url() or self.cancel_url()


class OccupationalHealthUpdateView(RestrictedRecordUpdateView):
    template_name = "recruitment/occupational_health_form.html"
    form_class = forms.OccupationalHealthForm
    related_name = "occupational_health"
    record_type = RecordType.OCCUPATIONAL_HEALTH
    detail_url_name = "occupational-health"
    then_stage = Application.Stage.OH_CLEARED
    heading = "Occupational health: {application.applicant.full_name}"
    success_message = "Occupational health record saved."

    def get_initial(self):
        if self.object is None:
            return {"referred_on": timezone.localdate(), "outcome": OccupationalHealthReferral.Outcome.PENDING}
        return {}

    def save(self, form):
        return services.save_occupational_health(application=self.application, by=self.request.user, **_changed(form))


class DbsUpdateView(RestrictedRecordUpdateView):
    template_name = "recruitment/dbs_form.html"
    form_class = forms.DbsCheckForm
    related_name = "dbs_check"
    record_type = RecordType.DBS
    detail_url_name = "dbs-detail"
    then_stage = Application.Stage.DBS_CLEARED
    heading = "{vetting} check: {application.applicant.full_name}"
    success_message = "{vetting} record saved."

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        check = nations.vetting_name(self.application.vacancy.post.team.trust)
        form.fields["support_with_form"].label = f"Support given with the {check} form"
        return form

    def message_values(self, record) -> dict:
        # The check is named for the trust's nation: "DBS record saved.", "PVG record saved."
        return {
            **super().message_values(record),
            "vetting": nations.vetting_name(self.application.vacancy.post.team.trust),
        }

    def save(self, form):
        return services.save_dbs_check(application=self.application, by=self.request.user, **_changed(form))


# --- Support for unsuccessful candidates ------------------------------------------------------


class SupportListView(AccessMixin, CsvExportMixin, ListView):
    """Everyone whose application ended without an appointment, those waiting for feedback first."""

    template_name = "recruitment/support_list.html"
    allowed = staticmethod(access.can_keep_recruitment)
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return selectors.supports_for_list(access.visible_candidate_support(self.request.user)).order_by(
            "-created_at", "-pk"
        )

    csv_columns = (
        Col("Candidate", "application.applicant.full_name"),
        Col("Vacancy", "application.vacancy.job_title"),
        Col("Ended at stage", "application.get_stage_display"),
        Col("Ended on", lambda s: s.created_at.date()),
        Col("Feedback given", "feedback_given_on"),
        Col("Alternative route", "get_alternative_route_display"),
        Col("Follow up on", "follow_up_on"),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = selectors.awaiting_feedback(access.visible_candidate_support(self.request.user))
        context["waiting"] = waiting[:PAGE_SIZE]
        context["waiting_count"] = waiting.count()
        return context


class SupportDetailView(AccessMixin, DetailView):
    """A candidate's support record: for HR, the peer lead and the candidate."""

    template_name = "recruitment/support_detail.html"
    allowed = staticmethod(lambda user: True)

    def get_queryset(self):
        return selectors.supports_for_list(access.visible_candidate_support(self.request.user)).select_related(
            "application__vacancy__post__team__trust"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, support = self.request.user, self.object
        transitions = list(selectors.transitions_of(support.application))
        ended = transitions[-1] if transitions else None
        trust = support.application.vacancy.post.team.trust
        context["left_at"] = Application.stage_label(ended.from_stage, trust) if ended and ended.from_stage else ""
        context["ended"] = ended
        context["can_edit"] = access.editable_candidate_support(user).filter(pk=support.pk).exists()
        context["is_own_record"] = access.is_own_record(user, support.application.applicant)
        context["history"] = history_of(support)
        return context


class SupportUpdateView(EditRecordView):
    allowed = staticmethod(access.can_keep_recruitment)
    editable = staticmethod(access.editable_candidate_support)
    form_class = forms.CandidateSupportForm
    title = "Support for {record.application.applicant.full_name}"
    success_message = "Support record saved."

    def save(self, form):
        return services.update_candidate_support(support=self.object, by=self.request.user, **_changed(form))


# --- The funnel -------------------------------------------------------------------------------


class VacancyFunnelView(AccessMixin, DetailView):
    """How a vacancy's applications moved through the pipeline: for HR, the peer lead and the post's
    line manager."""

    template_name = "recruitment/funnel.html"
    allowed = staticmethod(access.can_use_recruitment_pages)

    def get_queryset(self):
        return access.funnel_vacancies(self.request.user).select_related("post__team__trust")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = access.visible_applications(self.request.user).filter(vacancy=self.object)
        context["funnel"] = selectors.funnel(applications, trust=self.object.post.team.trust)
        context["heading"] = f"Funnel: {self.object}"
        context["subject"] = "this vacancy"
        return context


class ProgrammeFunnelView(AccessMixin, DetailView):
    """How the applications for every vacancy of a programme's trust moved through the pipeline."""

    template_name = "recruitment/funnel.html"
    allowed = staticmethod(access.can_use_preparation_pages)

    def get_queryset(self):
        return access.preparation_programmes(self.request.user).select_related("trust")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = access.visible_applications(self.request.user).filter(
            vacancy__post__team__trust_id=self.object.trust_id
        )
        context["funnel"] = selectors.funnel(applications, trust=self.object.trust)
        context["heading"] = f"Funnel: {self.object.name}"
        context["subject"] = "this programme"
        return context


# --- The dashboard ----------------------------------------------------------------------------


class DashboardView(AccessMixin, TemplateView):
    """Where recruitment starts: open vacancies, upcoming orientation sessions, candidates waiting for
    feedback and appointed applicants ready to start."""

    template_name = "recruitment/dashboard.html"
    allowed = staticmethod(access.can_use_recruitment_pages)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["open_vacancies"] = selectors.vacancies_for_list(
            access.visible_vacancies(user).filter(status=Vacancy.Status.OPEN)
        ).order_by("closes_on", "pk")[:PAGE_SIZE]
        context["funnel_ids"] = set(
            access.funnel_vacancies(user)
            .filter(pk__in=[v.pk for v in context["open_vacancies"]])
            .values_list("pk", flat=True)
        )
        context["upcoming_sessions"] = selectors.orientation_sessions_for_list(
            access.visible_orientation_sessions(user).filter(starts_at__gte=timezone.now())
        ).order_by("starts_at")[:10]
        context["can_keep"] = access.can_keep_recruitment(user)
        if context["can_keep"]:
            context["waiting_count"] = selectors.awaiting_feedback(access.visible_candidate_support(user)).count()
        context["ready"] = selectors.ready_to_start(access.visible_applications(user))[:PAGE_SIZE]
        context["programmes"] = access.preparation_programmes(user).select_related("trust")
        return context
