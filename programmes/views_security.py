"""The "Confirm your password to continue" page, shown before occupational health and DBS records when the
password was last given more than REAUTH_MINUTES ago (programmes.security.RecentPasswordRequiredMixin)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView

from . import security
from .forms_security import ConfirmPasswordForm
from .views import AccessMixin


class ConfirmPasswordView(AccessMixin, FormView):
    """Ask a signed-in user for their password again; on success record the time and go back to `next`
    (a local address only; anything else goes home)."""

    template_name = "programmes/confirm_password.html"
    form_class = ConfirmPasswordForm

    def dispatch(self, request, *args, **kwargs):
        # A session signed in through the trust's identity provider signs in there again instead (sso.views).
        elsewhere = request.session.get(security.REAUTHENTICATE_AT) if request.user.is_authenticated else None
        if elsewhere:
            return redirect(f"{elsewhere}?{urlencode({'next': self.next_url()})}")
        return super().dispatch(request, *args, **kwargs)

    def next_url(self) -> str:
        candidate = self.request.POST.get("next") or self.request.GET.get("next") or ""
        safe = candidate.startswith("/") and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return candidate if safe else resolve_url("programmes:home")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": self.next_url()}

    def form_valid(self, form):
        security.record_password_confirmed(self.request)
        return redirect(self.next_url())
