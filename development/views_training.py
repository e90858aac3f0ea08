"""Pages of training and CPD, the place-and-train rule and the personal development plan (phase 4, part 5).
Thin: access via `programmes.access`, writes via `development.services_training`, reads via
`development.selectors`. A forbidden peer or record answers 404; evidence files are served only here, to
those who see the record, as attachments (never through MEDIA_URL)."""

from __future__ import annotations

import datetime
import os

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView, View

from programmes import access, paging
from programmes.exports import Col, CsvExportMixin
from programmes.selectors import history_of
from programmes.views import PAGE_SIZE, AccessMixin, ServiceFormView, _changed

from . import forms_training as forms
from . import selectors
from . import services_training as services
from .models import DevelopmentObjective


def _training_url(peer_id: int) -> str:
    return reverse("development:training-list", args=[peer_id])


def _plan_url(peer_id: int) -> str:
    return reverse("development:plan", args=[peer_id])


class PeerPageMixin:
    """A page about one peer, fetched through an access queryset given by `peers` (404 when out of reach)."""

    peers = staticmethod(access.visible_peers)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.peer = get_object_or_404(type(self).peers(request.user).select_related("trust"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class RecordFormView(ServiceFormView):
    """An edit page for a record without a page of its own: back to the peer's page once saved."""

    record = None
    template_name = "development/training_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.record is not None:
            kwargs["instance"] = self.record
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = self.record
        context["peer"] = self.peer
        return context


# --- Training and CPD ------------------------------------------------------------------------------------


class TrainingListView(PeerPageMixin, AccessMixin, CsvExportMixin, TemplateView):
    """A peer's training and CPD, what is expiring soon or expired said in words, and where they stand on the
    place-and-train rule."""

    template_name = "development/training_list.html"
    allowed = staticmethod(access.can_use_development_pages)
    csv_columns = (
        Col("Course or module", lambda row: row[0].title),
        Col("Course", lambda row: row[0].course.name if row[0].course else ""),
        Col("Kind", lambda row: row[0].get_category_display()),
        Col("Provider", lambda row: row[0].provider),
        Col("Started", lambda row: row[0].started_on),
        Col("Completed", lambda row: row[0].completed_on),
        Col("Expires", lambda row: row[0].expires_on),
        Col("Expiry", lambda row: {"expired": "Expired", "expiring": "Expires soon"}.get(row[1], "")),
        Col("Evidence", lambda row: "Yes" if row[0].evidence else "None"),
    )
    csv_rows_in = "rows"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, peer, today = self.request.user, self.peer, timezone.localdate()
        records = list(selectors.training_for_list(access.visible_training(user).filter(peer=peer)))
        context["rows"] = [(r, selectors.training_expiry(r, today)) for r in records]
        context.update(paging.page_context(self.request, context["rows"]))
        context["peer"] = peer
        context["today"] = today
        context["is_own_record"] = access.is_own_record(user, peer)
        context["can_record"] = access.peers_for_training(user).filter(pk=peer.pk).exists()
        statuses = selectors.place_and_train_status(access.visible_peers(user).filter(pk=peer.pk), today)
        context["place_and_train"] = statuses[0] if statuses else None
        context["expiring_days"] = selectors.EXPIRING_SOON_DAYS
        return context


class TrainingCreateView(PeerPageMixin, RecordFormView):
    allowed = staticmethod(access.can_use_development_pages)
    peers = staticmethod(access.peers_for_training)
    form_class = forms.TrainingRecordForm
    success_message = "\u201c{record.title}\u201d recorded."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["peer"] = self.peer
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = access.is_own_record(self.request.user, self.peer)
        context["title"] = "Record my training" if own else f"Record training for {self.peer.full_name}"
        return context

    def save(self, form):
        return services.record_training(by=self.request.user, peer=self.peer, **form.cleaned_data)

    def success_url_for(self, record) -> str:
        return _training_url(self.peer.pk)

    def cancel_url(self) -> str:
        return _training_url(self.peer.pk)


class TrainingUpdateView(RecordFormView):
    allowed = staticmethod(access.can_use_development_pages)
    form_class = forms.TrainingRecordForm
    success_message = "\u201c{record.title}\u201d saved."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.record = get_object_or_404(
                access.editable_training(request.user).select_related("peer", "course"), pk=kwargs["pk"]
            )
            self.peer = self.record.peer
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["peer"] = self.peer
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Edit \u201c{self.record.title}\u201d ({self.peer.full_name})"
        context["history"] = history_of(self.record)
        return context

    def save(self, form):
        return services.update_training(record=self.record, by=self.request.user, **_changed(form))

    def success_url_for(self, record) -> str:
        return _training_url(self.peer.pk)

    def cancel_url(self) -> str:
        return _training_url(self.peer.pk)


class TrainingEvidenceView(AccessMixin, View):
    """The evidence of a training record, as a download, for those who see the record."""

    allowed = staticmethod(access.can_use_development_pages)

    def get(self, request, pk):
        record = get_object_or_404(access.visible_training(request.user).exclude(evidence=""), pk=pk)
        try:
            handle = record.evidence.open("rb")
        except FileNotFoundError as error:
            raise Http404("The evidence file is missing.") from error
        return FileResponse(handle, as_attachment=True, filename=os.path.basename(record.evidence.name))


class ExpiringTrainingView(AccessMixin, CsvExportMixin, ListView):
    """Training of the trust's peers that expires in the next 60 days: for HR and the peer lead."""

    template_name = "development/training_expiring.html"
    allowed = staticmethod(access.can_see_expiring_training)
    paginate_by = PAGE_SIZE
    csv_columns = (
        Col("Peer", "peer.full_name"),
        Col("Course or module", "title"),
        Col("Kind", "get_category_display"),
        Col("Completed", "completed_on"),
        Col("Expires", "expires_on"),
    )

    def get_queryset(self):
        return selectors.expiring_training(access.trust_training(self.request.user), timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = today = timezone.localdate()
        context["days"] = selectors.EXPIRING_SOON_DAYS
        context["until"] = today + datetime.timedelta(days=selectors.EXPIRING_SOON_DAYS)
        return context


class PlaceAndTrainView(AccessMixin, CsvExportMixin, TemplateView):
    """Peer support training within six months of appointment: every peer in post under place and train whom
    the user follows (HR, the peer lead, line managers), not done first, soonest deadline first."""

    template_name = "development/training_place_and_train.html"
    allowed = staticmethod(access.can_follow_place_and_train)
    csv_name = "peer-support-training-within-six-months"
    csv_columns = (
        Col("Peer", "peer.full_name"),
        Col("Team", "placement.post.team.name"),
        Col("Appointed", "appointed_on"),
        Col("Training due by", "deadline"),
        Col("Completed on", "completed_on"),
        Col("Completed in time", lambda s: s.done_in_time if s.done else None),
        Col("Days overdue", lambda s: s.overdue_days if s.is_overdue else 0),
    )
    csv_rows_in = "statuses"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        statuses = selectors.place_and_train_status(access.place_and_train_peers(self.request.user), today)
        context["statuses"] = statuses
        context.update(paging.page_context(self.request, statuses))
        context["today"] = today
        context["not_done"] = sum(1 for s in statuses if not s.done)
        context["overdue"] = sum(1 for s in statuses if s.is_overdue)
        context["months"] = selectors.PLACE_AND_TRAIN_MONTHS
        return context


# --- The personal development plan ----------------------------------------------------------------------


class PlanView(PeerPageMixin, AccessMixin, TemplateView):
    """A peer's personal development plan: the objectives of their reviews and appraisals, the competencies to
    develop and their own wishes, in one list, open ones first."""

    template_name = "development/plan_detail.html"
    allowed = staticmethod(access.can_use_development_pages)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, peer = self.request.user, self.peer
        items = selectors.development_plan(
            access.visible_reviews(user).filter(placement__peer=peer),
            access.visible_development_objectives(user).filter(peer=peer),
        )
        context["peer"] = peer
        context["items"] = items
        context["open_count"] = sum(1 for i in items if i.is_open)
        context["is_own_record"] = access.is_own_record(user, peer)
        context["can_keep"] = access.peers_for_development_plan(user).filter(pk=peer.pk).exists()
        return context


class ObjectiveCreateView(PeerPageMixin, ServiceFormView):
    template_name = "development/plan_objective_form.html"
    allowed = staticmethod(access.can_use_development_pages)
    peers = staticmethod(access.peers_for_development_plan)
    form_class = forms.ObjectiveForm
    success_message = "Objective added to the plan."
    language_fields = ("text",)

    def get_initial(self):
        own = access.is_own_record(self.request.user, self.peer)
        Source = DevelopmentObjective.Source
        return {"source": Source.OWN_WISH if own else Source.SUPERVISION}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = access.is_own_record(self.request.user, self.peer)
        context["title"] = "Add to my development plan" if own else f"Add to the plan of {self.peer.full_name}"
        context["peer"] = self.peer
        return context

    def save(self, form):
        return services.add_development_objective(by=self.request.user, peer=self.peer, **form.cleaned_data)

    def success_url_for(self, record) -> str:
        return _plan_url(self.peer.pk)

    def cancel_url(self) -> str:
        return _plan_url(self.peer.pk)


class ObjectiveUpdateView(RecordFormView):
    template_name = "development/plan_objective_form.html"
    allowed = staticmethod(access.can_use_development_pages)
    form_class = forms.ObjectiveStatusForm
    success_message = "Objective updated."
    language_fields = ("text",)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.record = get_object_or_404(
                access.editable_development_objectives(request.user).select_related("peer"), pk=kwargs["pk"]
            )
            self.peer = self.record.peer
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Objective: {self.record.text}"
        context["history"] = history_of(self.record)
        return context

    def save(self, form):
        return services.update_development_objective(objective=self.record, by=self.request.user, **_changed(form))

    def success_url_for(self, record) -> str:
        return _plan_url(self.peer.pk)

    def cancel_url(self) -> str:
        return _plan_url(self.peer.pk)
