"""Pages of the privacy app: a peer's subject access export (a page listing what is held, the JSON download and
the PDF) and the legal hold forms. Thin: access via `programmes.access`, reads via `privacy.subject_access`,
writes via `privacy.services`. A download by anyone but the peer logs each sensitive record in it as read."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView

from programmes import access
from programmes.models import SensitiveAccessLog
from programmes.security import ask_for_password_again
from programmes.views import AccessMixin, ServiceFormView

from . import forms, pdf, selectors, services, subject_access

Channel = SensitiveAccessLog.Channel


def _log_export(user, peer, sections, channel: str) -> None:
    for record_type, reads in subject_access.sensitive_reads(peer, sections).items():
        access.log_sensitive_reads(user=user, reads=reads, record_type=record_type, channel=channel)


class SubjectAccessView(AccessMixin, DetailView):
    """What is held about a peer, source by source, with the downloads; `?format=json` downloads it as JSON.
    For the peer themself, and HR and the peer lead of their trust; anyone else gets a 404."""

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
            self.sections = subject_access.collect(self.object)
            return self.json_response()
        self.sections = subject_access.collect(self.object)
        return self.render_to_response(self.get_context_data(object=self.object))

    def json_response(self) -> HttpResponse:
        peer = self.object
        document = subject_access.as_document(peer, self.sections, generated_at=timezone.now())
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
        sections = subject_access.collect(peer)
        document = pdf.subject_access_pdf(peer, sections)
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
        self.title = f"Put the records of {self.peer.full_name} under a legal hold"
        return super().get_context_data(**kwargs)

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
