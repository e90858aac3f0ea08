"""Pages of the peer network (phase 4; issue 18, item 6): meetings of peer workers across a trust's teams. HR and
the peer support lead record and edit them; line managers and supervisors of the trust read them; a peer reads
the meetings they attended. Thin: access via `programmes.access`, writes via `development.services_network`,
reads via `development.selectors_network`."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from programmes import access
from programmes.exports import Col, CsvExportMixin, person
from programmes.selectors import history_of
from programmes.views import PAGE_SIZE, AccessMixin, EditRecordView, ServiceFormView, _changed

from . import forms_network as forms
from . import selectors_network as selectors
from . import services_network as services


def _attendees_text(meeting) -> str:
    names = ", ".join(p.full_name for p in meeting.attendees_shown)
    hidden = selectors.hidden_attendees(meeting)
    if hidden:
        others = f"{hidden} other peer worker{'s' if hidden != 1 else ''}"
        return f"{names} and {others}" if names else others
    return names or "Nobody recorded"


class NetworkMeetingListView(AccessMixin, CsvExportMixin, FilterView):
    """The meetings of the peer networks the user reads (a peer: the meetings they attended), newest first."""

    template_name = "development/network_list.html"
    allowed = staticmethod(access.can_use_network_pages)
    filterset_class = forms.NetworkMeetingFilter
    paginate_by = PAGE_SIZE
    strict = False
    csv_name = "peer-network-meetings"
    csv_columns = (
        Col("Date", "held_on"),
        Col("Trust", "trust.name"),
        Col("Place", "place"),
        Col("Facilitated by", lambda m: person(m.facilitated_by) if m.facilitated_by else ""),
        Col("Peer workers who came", _attendees_text),
        Col("Themes", "themes"),
    )

    def get_queryset(self):
        user = self.request.user
        return selectors.meetings_for_list(
            access.visible_network_meetings(user), access.network_attendees_shown_to(user)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = access.can_keep_network_meetings(self.request.user)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class NetworkMeetingDetailView(AccessMixin, DetailView):
    """A meeting: when and where, the themes, who came (named where the user sees them, the others counted); for
    those who keep the network, advice beside an attendee whose peer supervisor is not a peer worker."""

    template_name = "development/network_detail.html"
    allowed = staticmethod(access.can_use_network_pages)
    context_object_name = "meeting"

    def get_queryset(self):
        user = self.request.user
        return selectors.meetings_for_list(
            access.visible_network_meetings(user), access.network_attendees_shown_to(user)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.object
        can_edit = access.editable_network_meetings(user).filter(pk=meeting.pk).exists()
        context["can_edit"] = can_edit
        context["hidden_attendees"] = selectors.hidden_attendees(meeting)
        context["without_peer_supervisor"] = (
            selectors.supervised_without_a_peer(meeting.attendees_shown, timezone.localdate()) if can_edit else set()
        )
        context["history"] = history_of(meeting)
        return context


class NetworkMeetingFormMixin:
    template_name = "development/network_form.html"
    form_class = forms.NetworkMeetingForm
    # The themes are about practice and wellbeing: the recovery-focused language check advises on them.
    language_fields = ("themes",)

    def success_url_for(self, record) -> str:
        return reverse("development:network-detail", args=[record.pk])


class NetworkMeetingCreateView(NetworkMeetingFormMixin, ServiceFormView):
    allowed = staticmethod(access.can_keep_network_meetings)
    title = "Record a peer network meeting"
    success_message = "Peer network meeting of {record.held_on:%d %B %Y} recorded."

    def get_initial(self):
        initial = {"held_on": timezone.localdate()}
        trusts = access.network_keeping_trusts(self.request.user)
        if trusts.count() == 1:
            initial["trust"] = trusts.first()
        return initial

    def save(self, form):
        return services.record_network_meeting(by=self.request.user, **form.cleaned_data)

    def cancel_url(self) -> str:
        return reverse("development:network-list")


class NetworkMeetingUpdateView(NetworkMeetingFormMixin, EditRecordView):
    allowed = staticmethod(access.can_keep_network_meetings)
    editable = staticmethod(lambda user: access.editable_network_meetings(user).select_related("trust"))
    title = "Edit the peer network meeting of {record.held_on:%d %B %Y}"
    success_message = "Peer network meeting of {record.held_on:%d %B %Y} saved."

    def save(self, form):
        return services.update_network_meeting(meeting=self.object, by=self.request.user, **_changed(form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_of(self.object)
        return context
