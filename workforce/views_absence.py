"""Pages of sickness absence (phase 3; issue 18 item 4): a peer's episodes, recording and changing one, and one
episode's page. Thin: access via `programmes.access`, writes via `workforce.services_absence`, reads via
`workforce.selectors_retention`. The reason category is sensitive: shown only on the episode's page (and in its
edit form), and every read by someone other than the peer is logged, as a Wellness Action Plan's is."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import DetailView, TemplateView

from programmes import access, paging
from programmes.exports import Col, CsvExportMixin
from programmes.models import SensitiveAccessLog
from programmes.selectors import history_of
from programmes.views import AccessMixin, EditRecordView, ServiceFormView

from . import forms_absence as forms
from . import selectors_retention, services_absence

RecordType = SensitiveAccessLog.RecordType


def _cleaned(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.fields}


class AbsenceListView(AccessMixin, CsvExportMixin, TemplateView):
    """A peer's episodes of sickness absence, newest first, with the days lost in 12 months: for the peer, HR, the
    peer lead and the line manager. No reason is shown here, nor in its CSV (nothing sensitive: nothing to log)."""

    template_name = "workforce/absence_list.html"
    csv_rows_in = "episodes"
    csv_columns = (
        Col("First day", "start_date"),
        Col("Last day", "end_date"),
        Col("Working days lost", "days_lost"),
        Col("Days lost entered by hand", "days_lost_entered"),
        Col("Return-to-work conversation held", "return_to_work.held_on"),
    )

    def csv_filename(self) -> str:
        return f"sickness-absence-{slugify(self.peer.full_name)}-{timezone.localdate().isoformat()}.csv"

    def get_peer(self):
        user = self.request.user
        peer = get_object_or_404(access.visible_peers(user), pk=self.kwargs["pk"])
        if not (access.is_own_record(user, peer) or access.peers_for_absence(user).filter(pk=peer.pk).exists()):
            raise Http404("Not found")
        return peer

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        peer = self.peer = self.get_peer()
        today = timezone.localdate()
        episodes = (
            access.visible_absences(user)
            .filter(peer=peer)
            .select_related("return_to_work", "placement__post__team")
            .order_by("-start_date", "-pk")
        )
        context.update(paging.page_context(self.request, episodes))
        context["episodes"] = episodes
        context["peer"] = peer
        context["today"] = today
        context["summary"] = selectors_retention.peer_absence(peer, today)
        context["trigger"] = selectors_retention.TRIGGER_EPISODES
        context["can_record"] = access.peers_for_absence(user).filter(pk=peer.pk).exists()
        context["is_own_record"] = access.is_own_record(user, peer)
        return context


class AbsenceCreateView(ServiceFormView):
    template_name = "workforce/absence_form.html"
    form_class = forms.AbsenceEpisodeForm
    title = "Record an absence"
    success_message = "Absence recorded."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.peer = get_object_or_404(access.peers_for_absence(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["peer"] = self.peer
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["peer"] = self.peer
        context["title"] = f"Record an absence: {self.peer.full_name}"
        return context

    def save(self, form):
        return services_absence.record_absence(by=self.request.user, peer=self.peer, **_cleaned(form))

    def cancel_url(self):
        return reverse("workforce:absence-list", args=[self.peer.pk])


class AbsenceUpdateView(EditRecordView):
    """Change an episode (carrying the version it was opened at). The form shows the reason: a logged read."""

    template_name = "workforce/absence_form.html"
    editable = staticmethod(lambda user: access.editable_absences(user).select_related("peer"))
    form_class = forms.AbsenceEpisodeForm
    title = "Change the absence of {record.peer.full_name}"
    success_message = "Absence saved."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["peer"] = self.object.peer
        return kwargs

    def get_initial(self):
        # Days lost worked out from the dates are left empty, so changing the dates works them out again.
        return {} if self.object.days_lost_entered else {"days_lost": None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["peer"] = self.object.peer
        if self.request.method == "GET" and self.object.reason_category:
            access.log_sensitive_read(
                user=self.request.user, peer=self.object.peer, record_type=RecordType.SICKNESS_ABSENCE, obj=self.object
            )
        return context

    def save(self, form):
        return services_absence.update_absence(episode=self.object, by=self.request.user, **_cleaned(form))


class AbsenceDetailView(AccessMixin, DetailView):
    """One episode: its dates, days lost (and whether entered or worked out), the reason category (a logged read
    by anyone but the peer) and the return-to-work conversation it links to."""

    template_name = "workforce/absence_detail.html"
    context_object_name = "episode"

    def get_queryset(self):
        return access.visible_absences(self.request.user).select_related(
            "peer", "return_to_work", "placement__post__team", "recorded_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, episode = self.request.user, self.object
        if episode.reason_category and access.can_read_absence_reason(user, episode):
            context["show_reason"] = True
            access.log_sensitive_read(
                user=user, peer=episode.peer, record_type=RecordType.SICKNESS_ABSENCE, obj=episode
            )
        context["today"] = timezone.localdate()
        context["days_lost"] = episode.days_lost_on(context["today"])
        context["is_own_record"] = access.is_own_record(user, episode.peer)
        context["can_edit"] = access.editable_absences(user).filter(pk=episode.pk).exists()
        context["conversation"] = (
            access.visible_return_to_work(user).filter(pk=episode.return_to_work_id).first()
            if episode.return_to_work_id
            else None
        )
        context["history"] = history_of(episode)
        return context
