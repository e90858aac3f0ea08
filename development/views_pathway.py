"""Pages of the career pathway, progression and the competency framework (phase 4, ongoing development).
Thin: access via `programmes.access`, writes via `development.services`, reads via `development.selectors`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from programmes import access, paging
from programmes.exports import Col, CsvExportMixin, person
from programmes.selectors import history_of
from programmes.views import AccessMixin, ServiceFormView, put_errors_beside_fields

from . import selectors, services
from .forms_pathway import AssessmentForm, ProgressionForm
from .reference_data import LOCAL_CHOICE, level_provenance


class PeerPageMixin:
    """A page about one peer, fetched through an access queryset (404 when out of reach)."""

    peers = staticmethod(access.visible_peers)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and type(self).allowed(request.user):
            self.peer = get_object_or_404(type(self).peers(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


# --- The career pathway --------------------------------------------------------------------------


class PathwayView(AccessMixin, TemplateView):
    """The peer career pathway (seed 002) for every signed-in person: levels in order with their pillars,
    bands, competences and routes; and the competency frameworks the person may read."""

    template_name = "development/pathway_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        provenance = level_provenance()
        levels = list(selectors.pathway_levels())
        for level in levels:
            level.provenance = provenance.get(level.code, {"bands": LOCAL_CHOICE, "months": LOCAL_CHOICE})
        context["levels"] = levels
        context["frameworks"] = access.visible_frameworks(user).select_related("trust").order_by("trust_id", "name")
        context["can_see_ready"] = access.can_see_ready_for_next_step(user)
        context["own_peer_id"] = access.scope(user).peer_id
        return context


class ProgressionListView(PeerPageMixin, AccessMixin, CsvExportMixin, TemplateView):
    """A peer's steps on the pathway: level, post and dates, newest first."""

    template_name = "development/progression_list.html"
    allowed = staticmethod(access.can_use_development_pages)
    csv_columns = (
        Col("Level", "level.name"),
        Col("Post", lambda step: f"{step.post.title}, {step.post.team.name}" if step.post else "No post recorded"),
        Col("From", "started_on"),
        Col("To", "ended_on"),
        Col("Notes", "notes"),
    )
    csv_rows_in = "steps"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["peer"] = self.peer
        context["steps"] = selectors.progressions_for_list(access.visible_progressions(user).filter(peer=self.peer))
        context.update(paging.page_context(self.request, context["steps"]))
        context["can_record"] = access.peers_for_progression(user).filter(pk=self.peer.pk).exists()
        return context


class ProgressionCreateView(PeerPageMixin, ServiceFormView):
    """HR or the peer lead record a new step; the open one ends the day before."""

    template_name = "development/progression_form.html"
    allowed = staticmethod(access.can_use_development_pages)
    peers = staticmethod(access.peers_for_progression)
    form_class = ProgressionForm
    success_message = "Step recorded: {record.level} from {record.started_on:%-d %B %Y}."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["peer"] = self.peer
        return kwargs

    def get_initial(self):
        return {"started_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # After the base view: it runs `title` through str.format, and the peer's name is user data (issue 21).
        context["title"] = f"Record a step on the pathway for {self.peer.full_name}"
        context["peer"] = self.peer
        return context

    def save(self, form):
        return services.record_progression(by=self.request.user, peer=self.peer, **form.cleaned_data)

    def success_url_for(self, record):
        return reverse("development:progression-list", args=[self.peer.pk])

    def cancel_url(self):
        return reverse("development:progression-list", args=[self.peer.pk])


class ReadyForNextStepView(AccessMixin, CsvExportMixin, TemplateView):
    """Peers who have held their level long enough and demonstrated every Essential competency at their latest
    assessment: to be considered for the next step. For HR, the peer lead and line managers."""

    template_name = "development/pathway_ready.html"
    allowed = staticmethod(access.can_see_ready_for_next_step)
    csv_name = "ready-for-the-next-step"
    csv_columns = (
        Col("Peer", "peer.full_name"),
        Col("Level", "progression.level.name"),
        Col("Post", "progression.post.title"),
        Col("Team", "progression.post.team.name"),
        Col("In the level since", "progression.started_on"),
        Col("Months in the level", "months_held"),
        Col("Latest assessment", "assessed_on"),
        Col("Next steps", lambda r: ", ".join(level.name for level in r.progression.level.next_levels.all())),
    )
    csv_rows_in = "ready"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["today"] = today
        context["ready"] = selectors.ready_for_next_step(access.visible_peers(self.request.user), on=today)
        context.update(paging.page_context(self.request, context["ready"]))
        return context


# --- The competency framework ----------------------------------------------------------------------


class FrameworkDetailView(AccessMixin, DetailView):
    """A framework's purpose, then its domains, each with its Essential and Enhanced descriptors."""

    template_name = "development/framework_detail.html"
    context_object_name = "framework"

    def get_queryset(self):
        return selectors.framework_with_descriptors(access.visible_frameworks(self.request.user))


# --- Assessments ---------------------------------------------------------------------------------


class AssessmentListView(PeerPageMixin, AccessMixin, CsvExportMixin, TemplateView):
    template_name = "development/assessment_list.html"
    allowed = staticmethod(access.can_use_development_pages)
    csv_columns = (
        Col("Date", "assessed_on"),
        Col("Made in", "get_context_display"),
        Col("Framework", "framework.name"),
        Col("By", lambda a: person(a.assessed_by)),
        Col("Demonstrated", "demonstrated"),
        Col("Developing", "developing"),
        Col("Not yet", "not_yet"),
    )
    csv_rows_in = "assessments"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["peer"] = self.peer
        context["assessments"] = selectors.assessments_for_list(access.visible_assessments(user).filter(peer=self.peer))
        context.update(paging.page_context(self.request, context["assessments"]))
        context["can_assess"] = access.assessable_peers(user).filter(pk=self.peer.pk).exists()
        return context


class AssessmentCreateView(PeerPageMixin, ServiceFormView):
    """Record an assessment of a peer the user supervises, against the framework in use at the peer's trust
    (or another one in use there, chosen with ?framework=)."""

    template_name = "development/assessment_form.html"
    allowed = staticmethod(access.can_use_development_pages)
    peers = staticmethod(access.assessable_peers)
    form_class = AssessmentForm
    success_message = "Assessment recorded."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and type(self).allowed(request.user):
            self.peer = get_object_or_404(type(self).peers(request.user), pk=kwargs["pk"])
            frameworks = selectors.framework_with_descriptors(
                selectors.active_frameworks_for(access.visible_frameworks(request.user), self.peer)
            )
            self.frameworks = list(frameworks)
            if not self.frameworks:
                raise Http404("No framework is in use at the peer's trust.")
            chosen = request.GET.get("framework", "")
            self.framework = next((f for f in self.frameworks if str(f.pk) == chosen), self.frameworks[0])
        return super(PeerPageMixin, self).dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(peer=self.peer, framework=self.framework)
        return kwargs

    def get_initial(self):
        return {"assessed_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # After the base view: it runs `title` through str.format, and the peer's name is user data (issue 21).
        context["title"] = f"Assess {self.peer.full_name} against the competencies"
        context.update(peer=self.peer, framework=self.framework, frameworks=self.frameworks)
        return context

    def form_valid(self, form):
        try:
            outcome = self.write_once(
                form,
                lambda: services.record_assessment(
                    by=self.request.user,
                    peer=self.peer,
                    framework=self.framework,
                    ratings=form.ratings(),
                    **form.assessment_fields(),
                ),
                lambda assessment: reverse("development:assessment-detail", args=[assessment.pk]),
            )
        except ValidationError as error:
            put_errors_beside_fields(form, error)
            return self.form_invalid(form)
        if not isinstance(outcome, tuple):
            return outcome  # a repeat of a saved submission, or the form again with why nothing was saved
        messages.success(self.request, self.success_message)
        return redirect(outcome[1])

    def cancel_url(self):
        return reverse("development:assessment-list", args=[self.peer.pk])


class AssessmentDetailView(AccessMixin, DetailView):
    """An assessment, strengths first: what is demonstrated with its evidence, then what is developing or not
    yet, with target dates and the development objectives they became."""

    template_name = "development/assessment_detail.html"
    context_object_name = "assessment"
    allowed = staticmethod(access.can_use_development_pages)

    def get_queryset(self):
        return access.visible_assessments(self.request.user).select_related(
            "peer", "framework", "assessed_by", "supervision_session", "review"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = selectors.assessment_summary(self.object)
        context["history"] = history_of(self.object)
        context["peer_visible"] = access.visible_peers(self.request.user).filter(pk=self.object.peer_id).exists()
        return context
