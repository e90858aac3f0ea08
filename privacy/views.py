"""Pages of the privacy app: a peer's subject access export (a page listing what is held, the JSON download and
the PDF), subject access requests (the list, recording one, changing its status) and the legal hold forms. Thin:
access via `programmes.access`, reads via `privacy.subject_access` and selectors, writes via `privacy.services`.
A download by anyone but the peer logs each sensitive record in it as read."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView

from programmes import access
from programmes.exports import Col
from programmes.models import SensitiveAccessLog
from programmes.security import ask_for_password_again
from programmes.views import AccessMixin, EditRecordView, RecordListView, ServiceFormView

from . import filters, forms, pdf, selectors, services, subject_access
from .models import SubjectAccessRequest

Channel = SensitiveAccessLog.Channel


def _log_export(user, peer, sections, channel: str) -> None:
    for record_type, reads in subject_access.sensitive_reads(peer, sections).items():
        access.log_sensitive_reads(user=user, reads=reads, record_type=record_type, channel=channel)


def _collect_for(user, peer) -> tuple[list[subject_access.Section], str | None]:
    """The export `user` receives: the full one (the peer, the IG officer of the peer's trust) or the partial one
    (HR and the peer lead: what their role reads elsewhere), with who provides the full one (None when full)."""
    rules = access.subject_access_rules(user, peer)
    sections = subject_access.collect(peer, rules=rules)
    if rules is None:
        return sections, None
    return sections, selectors.full_export_from(peer)


class SubjectAccessView(AccessMixin, DetailView):
    """What is held about a peer, source by source, with the downloads; `?format=json` downloads it as JSON.
    The full export for the peer themself and the IG officer of their trust; a partial one (what their role reads
    elsewhere) for HR and the peer lead of their trust; anyone else gets a 404."""

    template_name = "privacy/subject_access.html"
    context_object_name = "peer"

    def get_queryset(self):
        return access.subject_access_peers(self.request.user).select_related("trust")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.GET.get("format") == "json":
            # The download holds OH and DBS records: the password again if it was given too long ago.
            if asked := ask_for_password_again(request):
                return asked
            self.sections, self.full_from = _collect_for(request.user, self.object)
            return self.json_response()
        self.sections, self.full_from = _collect_for(request.user, self.object)
        return self.render_to_response(self.get_context_data(object=self.object))

    def json_response(self) -> HttpResponse:
        peer = self.object
        document = subject_access.as_document(
            peer, self.sections, generated_at=timezone.now(), full_from=self.full_from
        )
        _log_export(self.request.user, peer, self.sections, Channel.EXPORT)
        response = HttpResponse(
            json.dumps(document, cls=DjangoJSONEncoder, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{pdf.subject_access_filename(peer, "json")}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, peer = self.request.user, self.object
        context["sections"] = self.sections
        context["row_count"] = sum(len(s.rows) for s in self.sections)
        context["is_own_record"] = access.is_own_record(user, peer)
        context["full_from"] = self.full_from
        context["can_start_request"] = access.subject_access_request_peers(user).filter(pk=peer.pk).exists()
        if context["can_start_request"]:
            context["requests"] = selectors.subject_access_requests_of(
                access.visible_subject_access_requests(user).filter(peer=peer)
            )
        context["can_keep_holds"] = access.can_keep_legal_holds(user, peer)
        if context["can_keep_holds"]:
            context["holds"] = selectors.legal_holds_of(peer)
        return context


class SubjectAccessPdfView(AccessMixin, DetailView):
    """The same export as a tagged PDF."""

    def get_queryset(self):
        return access.subject_access_peers(self.request.user).select_related("trust")

    def get(self, request, *args, **kwargs):
        peer = self.get_object()
        if asked := ask_for_password_again(request):  # as for the JSON: it holds OH and DBS records
            return asked
        sections, full_from = _collect_for(request.user, peer)
        document = pdf.subject_access_pdf(peer, sections, full_from=full_from)
        _log_export(request.user, peer, sections, Channel.PDF)
        return FileResponse(
            document,
            as_attachment=True,
            filename=pdf.subject_access_filename(peer, "pdf"),
            content_type="application/pdf",
        )


class LegalHoldCreateView(ServiceFormView):
    """HR and the peer lead put a peer's records under a legal hold (nothing about them is removed meanwhile)."""

    form_class = forms.LegalHoldForm
    success_message = "The records of {record.peer.full_name} are under a legal hold."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.peer = get_object_or_404(access.legal_hold_peers(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Set after the base view, which runs `title` through str.format: the name is user data (issue 21).
        return {
            **super().get_context_data(**kwargs),
            "title": f"Put the records of {self.peer.full_name} under a legal hold",
        }

    def save(self, form):
        return services.set_legal_hold(peer=self.peer, by=self.request.user, reason=form.cleaned_data["reason"])

    def cancel_url(self) -> str:
        return reverse("privacy:subject-access", args=[self.peer.pk])


class LegalHoldReleaseView(ServiceFormView):
    """HR and the peer lead release a hold in force."""

    form_class = forms.ReleaseLegalHoldForm
    title = "Release the legal hold on the records of {record.peer.full_name}"
    success_message = "The legal hold on the records of {record.peer.full_name} is released."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(
                access.releasable_legal_holds(request.user).select_related("peer"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        return services.release_legal_hold(
            hold=self.object, by=self.request.user, reason=form.cleaned_data["release_reason"]
        )


# --- Subject access requests ---------------------------------------------------------------------------------


class SubjectAccessRequestListView(RecordListView):
    """The subject access requests HR, the peer lead and the IG officer of the trust may see, soonest due first,
    with the days left (or overdue); `?format=csv` downloads them."""

    heading = "Subject access requests"
    template_name = "privacy/request_list.html"
    filterset_class = filters.SubjectAccessRequestFilter
    allowed = staticmethod(access.can_use_subject_access_requests)
    visible = staticmethod(access.visible_subject_access_requests)
    for_list = staticmethod(selectors.subject_access_requests_of)
    csv_columns = (
        Col("Person", "peer.full_name"),
        Col("Trust", "peer.trust.name"),
        Col("Who asked", "requested_by"),
        Col("Received", "received_on"),
        Col("Statutory month ends", "due_on"),
        Col("Extended to", "extended_to"),
        Col("Status", "get_status_display"),
        Col("Fulfilled", "fulfilled_on"),
        Col("Recorded by", lambda r: r.recorded_by.get_full_name() or r.recorded_by.get_username()),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["fulfillable_ids"] = set(
            access.fulfillable_subject_access_requests(self.request.user)
            .filter(pk__in=[r.pk for r in context["object_list"]])
            .values_list("pk", flat=True)
        )
        return context


class SubjectAccessRequestCreateView(ServiceFormView):
    """HR, the peer lead and the IG officer record ("start") a request received about a peer."""

    form_class = forms.SubjectAccessRequestForm
    success_message = (
        "The subject access request of {record.peer.full_name} is recorded: the statutory month ends on "
        "{record.due_on.day} {record.due_on:%B %Y}."
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.peer = get_object_or_404(access.subject_access_request_peers(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Set after the base view, which runs `title` through str.format: the name is user data (issue 21).
        return {
            **super().get_context_data(**kwargs),
            "title": f"Record a subject access request of {self.peer.full_name}",
        }

    def save(self, form):
        return services.start_subject_access_request(peer=self.peer, by=self.request.user, **form.cleaned_data)

    def cancel_url(self) -> str:
        return reverse("privacy:subject-access", args=[self.peer.pk])


class SubjectAccessRequestStatusView(EditRecordView):
    """The IG officer of the peer's trust moves a request on: in progress, extended or refused with the reason,
    or fulfilled on a day."""

    form_class = forms.SubjectAccessRequestStatusForm
    editable = staticmethod(
        lambda user: access.fulfillable_subject_access_requests(user).select_related("peer", "recorded_by")
    )
    title = "Subject access request of {record.peer.full_name}"
    success_message = "The subject access request of {record.peer.full_name} is now {record.status_label}."
    template_name = "privacy/request_status_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["final"] = not SubjectAccessRequest.TRANSITIONS[self.object.status]
        return context

    def save(self, form):
        return services.change_subject_access_request(request=self.object, by=self.request.user, **form.cleaned_data)
