"""The personal API tokens pages (issue 20 item 2): a member of staff lists their tokens with when each was last
used, creates a named token with an expiry (shown once, on the next page, and never again: only its hash is kept),
and revokes one. Nobody sees another person's tokens (programmes.access.own_api_tokens)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from programmes import access
from programmes.views import AccessMixin, ServiceFormView

from . import services
from .forms import TokenForm

NEW_TOKEN_SESSION_KEY = "api_new_token"  # noqa: S105  (a session key's name, not a secret)


class TokensView(AccessMixin, TemplateView):
    """The user's own tokens (a handful, not a record list to export), and the one just created, once."""

    template_name = "api/token_list.html"
    allowed = staticmethod(access.can_use_api)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tokens = access.own_api_tokens(self.request.user).annotate(
            last_used=Max("uses__used_at"), use_count=Count("uses")
        )
        # The token just created, shown on this page once: taken out of the session as it is shown.
        context["new_token"] = self.request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        context["tokens"] = list(tokens.order_by("-created_at", "-pk"))
        context["now"] = timezone.now()
        return context


class TokenCreateView(ServiceFormView):
    form_class = TokenForm
    template_name = "api/token_form.html"
    allowed = staticmethod(access.can_use_api)
    title = "Create an API token"
    success_message = "Token created. Copy it now: it will not be shown again."

    def save(self, form):
        created = services.create_token(
            user=self.request.user, name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"]
        )
        self.request.session[NEW_TOKEN_SESSION_KEY] = {"name": created.record.name, "token": created.token}
        return created.record

    def success_url_for(self, record) -> str:
        return reverse("api:token-list")

    def cancel_url(self) -> str:
        return reverse("api:token-list")


class TokenRevokeView(AccessMixin, View):
    """A button on the tokens page: the token stops working at once. Revoking it again changes nothing."""

    allowed = staticmethod(access.can_use_api)
    http_method_names = ["post"]

    def post(self, request, pk: int):
        token = get_object_or_404(access.own_api_tokens(request.user), pk=pk)
        services.revoke_token(token=token)
        messages.success(request, "Token revoked: it no longer works.")
        return redirect("api:token-list")
