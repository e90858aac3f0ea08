"""Pages of workforce growth and wider system change (phase 4; ImROC guide, "Increasing peer employment
opportunities"), for HR and
the peer support lead: the share of peer workers against the programme's target, team establishments, the
vacancy review log, new services and contributions to wider change with their evidence. Thin: access via
`programmes.access`, writes via `development.services_growth`, reads via `development.selectors`."""

from __future__ import annotations

import os

from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, View
from django_filters.views import FilterView

from programmes import access
from programmes.exports import Col, CsvExportMixin, person
from programmes.selectors import history_of
from programmes.views import PAGE_SIZE, AccessMixin, EditRecordView, ServiceFormView, _changed

from . import forms_growth as forms
from . import selectors
from . import services_growth as services
from .models import VacancyReview

GROWTH = staticmethod(access.can_use_growth_pages)


def _growth_url(user, trust_id: int | None = None) -> str:
    """The workforce growth page of the user's programme (of `trust_id` when given), or the home page."""
    programmes = access.growth_programmes(user)
    if trust_id is not None:
        programmes = programmes.filter(trust_id=trust_id)
    programme = programmes.order_by("name", "pk").first()
    return reverse("development:growth", args=[programme.pk]) if programme else reverse("programmes:home")


class FormPageMixin:
    """The context of a form page whose record has no page of its own (ServiceFormView's would ask the record for
    its URL): the title, the record and where Cancel goes."""

    def get_context_data(self, **kwargs):
        context = FormView.get_context_data(self, **kwargs)
        context["title"] = self.title.format(record=self.object)
        context["record"] = self.object
        context["cancel_url"] = self.cancel_url()
        return context


class GrowthListView(AccessMixin, CsvExportMixin, FilterView):
    """A log of the user's programmes (vacancy reviews, new services, contributions), filtered and paginated."""

    allowed = GROWTH
    paginate_by = PAGE_SIZE
    strict = False
    model_name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programmes"] = access.growth_programmes(self.request.user).order_by("name", "pk")
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class GrowthFormView(FormPageMixin, ServiceFormView):
    """A create page of the growth records: the programme is chosen in the form (pre-filled from ?programme=)."""

    allowed = GROWTH
    list_url_name = ""

    def get_initial(self):
        initial = {}
        programmes = access.growth_programmes(self.request.user)
        wanted = self.request.GET.get("programme", "")
        if wanted.isdigit():
            initial["programme"] = programmes.filter(pk=wanted).first()
        elif programmes.count() == 1:
            initial["programme"] = programmes.first()
        return initial

    def cancel_url(self) -> str:
        return reverse(f"development:{self.list_url_name}")


# --- Workforce growth: the share of peer workers ------------------------------------------------------


class GrowthView(AccessMixin, DetailView):
    """The programme's target share of peer workers and the share now, per team, per service type and in all,
    with the teams' establishments and the logs of growth and system change."""

    template_name = "development/growth_detail.html"
    allowed = GROWTH
    context_object_name = "programme"

    def get_queryset(self):
        return access.growth_programmes(self.request.user).select_related("trust")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, programme = self.request.user, self.object
        context["share"] = selectors.peer_share(programme, access.editable_teams(user), timezone.localdate())
        context["editable_establishments"] = set(
            access.visible_establishments(user).filter(team__trust_id=programme.trust_id).values_list("pk", flat=True)
        )
        context["reviews"] = (
            access.growth_records(user, "VacancyReview")
            .filter(programme=programme)
            .aggregate(
                total=Count("pk"),
                converted=Count("pk", filter=Q(decision=VacancyReview.Decision.CONVERT)),
                posts_made=Count("new_post"),
            )
        )
        context["services"] = (
            access.growth_records(user, "NewService")
            .filter(programme=programme)
            .aggregate(total=Count("pk"), with_peers=Count("pk", filter=Q(includes_peer_posts=True)))
        )
        context["contributions"] = access.growth_records(user, "SystemChangeContribution").filter(programme=programme)[
            :5
        ]
        context["contribution_count"] = (
            access.growth_records(user, "SystemChangeContribution").filter(programme=programme).count()
        )
        return context


class EstablishmentFormMixin(FormPageMixin):
    template_name = "development/growth_establishment_form.html"
    allowed = GROWTH
    form_class = forms.EstablishmentForm

    def success_url_for(self, record) -> str:
        return _growth_url(self.request.user, record.team.trust_id)


class EstablishmentCreateView(EstablishmentFormMixin, ServiceFormView):
    title = "Record a team's establishment"
    success_message = "Establishment of {record.team} recorded."

    def get_initial(self):
        team = self.request.GET.get("team", "")
        initial = {"as_of": timezone.localdate()}
        if team.isdigit():
            initial["team"] = access.editable_teams(self.request.user).filter(pk=team).first()
        return initial

    def save(self, form):
        return services.record_establishment(by=self.request.user, **form.cleaned_data)

    def cancel_url(self) -> str:
        return _growth_url(self.request.user)


class EstablishmentUpdateView(EstablishmentFormMixin, EditRecordView):
    editable = staticmethod(lambda user: access.visible_establishments(user).select_related("team"))
    title = "Edit the establishment of {record.team} on {record.as_of:%d %B %Y}"
    success_message = "Establishment of {record.team} saved."

    def save(self, form):
        return services.update_establishment(establishment=self.object, by=self.request.user, **_changed(form))

    def cancel_url(self) -> str:
        return _growth_url(self.request.user, self.object.team.trust_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_of(self.object)
        return context


# --- Vacancy review log --------------------------------------------------------------------------------


class VacancyReviewListView(GrowthListView):
    template_name = "development/vacancy_review_list.html"
    filterset_class = forms.VacancyReviewFilter
    csv_columns = (
        Col("Vacancy", lambda r: str(r.vacancy)),
        Col("Team", "team.name"),
        Col("Considered on", "considered_on"),
        Col("Decision", "get_decision_display"),
        Col("Decided by", lambda r: person(r.decided_by)),
        Col(
            "Peer post made",
            lambda r: (
                f"{r.new_post.title} (Band {r.new_post.band})"
                if r.new_post
                else ("Not yet" if r.decision == "convert" else "")
            ),
        ),
    )

    def get_queryset(self):
        return selectors.vacancy_reviews_for_list(access.growth_records(self.request.user, "VacancyReview"))


class VacancyReviewCreateView(GrowthFormView):
    template_name = "development/vacancy_review_form.html"
    form_class = forms.VacancyReviewForm
    title = "Log a vacancy review"
    success_message = "Vacancy review of {record.vacancy} logged."
    list_url_name = "vacancy-review-list"

    def get_initial(self):
        initial = {**super().get_initial(), "considered_on": timezone.localdate()}
        team = self.request.GET.get("team", "")
        if team.isdigit():
            initial["team"] = access.editable_teams(self.request.user).filter(pk=team).first()
        return initial

    def save(self, form):
        return services.record_vacancy_review(by=self.request.user, **form.cleaned_data)

    def success_url_for(self, record) -> str:
        return reverse("development:vacancy-review-detail", args=[record.pk])


class VacancyReviewDetailView(AccessMixin, DetailView):
    template_name = "development/vacancy_review_detail.html"
    allowed = GROWTH
    context_object_name = "review"

    def get_queryset(self):
        return selectors.vacancy_reviews_for_list(access.growth_records(self.request.user, "VacancyReview"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.object
        context["new_post_visible"] = bool(
            review.new_post_id and access.visible_posts(self.request.user).filter(pk=review.new_post_id).exists()
        )
        context["history"] = history_of(review)
        return context


# --- New services ------------------------------------------------------------------------------------


class NewServiceListView(GrowthListView):
    template_name = "development/new_service_list.html"
    filterset_class = forms.NewServiceFilter
    csv_columns = (
        Col("Service", "name"),
        Col("Programme", "programme.name"),
        Col("Starts", "starts_on"),
        Col("Peer posts", lambda s: s.peer_posts if s.includes_peer_posts else "No peer posts"),
    )

    def get_queryset(self):
        return selectors.new_services_for_list(access.growth_records(self.request.user, "NewService"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = access.growth_records(self.request.user, "NewService").aggregate(
            total=Count("pk"), with_peers=Count("pk", filter=Q(includes_peer_posts=True))
        )
        return context


class NewServiceCreateView(GrowthFormView):
    template_name = "development/new_service_form.html"
    form_class = forms.NewServiceForm
    title = "Record a new service"
    success_message = "New service {record.name} recorded."
    list_url_name = "new-service-list"

    def save(self, form):
        return services.record_new_service(by=self.request.user, **form.cleaned_data)

    def success_url_for(self, record) -> str:
        return reverse("development:new-service-list")


class NewServiceUpdateView(FormPageMixin, EditRecordView):
    template_name = "development/new_service_form.html"
    allowed = GROWTH
    editable = staticmethod(lambda user: access.growth_records(user, "NewService").select_related("programme"))
    form_class = forms.NewServiceForm
    title = "Edit the new service {record.name}"
    success_message = "New service {record.name} saved."

    def save(self, form):
        return services.update_new_service(service=self.object, by=self.request.user, **_changed(form))

    def success_url_for(self, record) -> str:
        return reverse("development:new-service-list")

    def cancel_url(self) -> str:
        return reverse("development:new-service-list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_of(self.object)
        return context


# --- Contributions to wider change ----------------------------------------------------------------------


def _peers_shown(user):
    return access.visible_peers(user)


class ContributionListView(GrowthListView):
    template_name = "development/contribution_list.html"
    filterset_class = forms.ContributionFilter
    csv_columns = (
        Col("Contribution", "title"),
        Col("Kind", "get_kind_display"),
        Col("Date", "happened_on"),
        Col("Peer workers", lambda c: ", ".join(p.full_name for p in c.peers_shown) or "None recorded"),
        Col(
            "Evidence",
            lambda c: (
                ("Document and link" if c.evidence_link else "Document")
                if c.evidence
                else ("Link" if c.evidence_link else "None yet")
            ),
        ),
    )

    def get_queryset(self):
        user = self.request.user
        return selectors.contributions_for_list(
            access.growth_records(user, "SystemChangeContribution"), _peers_shown(user)
        )


class ContributionCreateView(GrowthFormView):
    template_name = "development/contribution_form.html"
    form_class = forms.ContributionForm
    title = "Record a contribution to wider change"
    success_message = "Contribution “{record.title}” recorded."
    list_url_name = "contribution-list"

    def get_initial(self):
        return {**super().get_initial(), "happened_on": timezone.localdate()}

    def save(self, form):
        return services.record_contribution(by=self.request.user, **form.cleaned_data)

    def success_url_for(self, record) -> str:
        return reverse("development:contribution-detail", args=[record.pk])


class ContributionDetailView(AccessMixin, DetailView):
    template_name = "development/contribution_detail.html"
    allowed = GROWTH
    context_object_name = "contribution"

    def get_queryset(self):
        user = self.request.user
        return selectors.contributions_for_list(
            access.growth_records(user, "SystemChangeContribution"), _peers_shown(user)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evidence_name"] = os.path.basename(self.object.evidence.name) if self.object.evidence else ""
        context["history"] = history_of(self.object)
        return context


class ContributionEvidenceView(AccessMixin, View):
    """The contribution's evidence file, as a download, for those who keep the programme's records (never a
    link to MEDIA_URL: the file may name people)."""

    allowed = GROWTH

    def get(self, request, pk: int):
        contribution = get_object_or_404(access.growth_records(request.user, "SystemChangeContribution"), pk=pk)
        evidence = contribution.evidence
        if not evidence or not evidence.storage.exists(evidence.name):
            raise Http404("No evidence file")
        return FileResponse(evidence.open("rb"), as_attachment=True, filename=os.path.basename(evidence.name))
