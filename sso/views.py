"""Single sign-on pages: the sign-in page's provider buttons, the start and return of an OpenID Connect sign-in,
re-authentication before occupational health and DBS records, and signing out of the provider too."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.common.urls import add_params_to_uri
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from joserfc.errors import JoseError

from programmes import security

from . import providers, services
from .forms import SignInForm

logger = logging.getLogger(__name__)

# In the session: the sign-ins under way (state -> provider, purpose, next page, start time), and for a session
# signed in through a provider, which one, its ID token (the hint for signing out there) and the person's subject.
PENDING = "sso_pending"
PROVIDER = "sso_provider"
ID_TOKEN = "sso_id_token"  # noqa: S105 (a session key, not a secret)
SUBJECT = "sso_subject"
SIGN_IN, REAUTHENTICATE = "sign-in", "reauthenticate"
# A re-authentication must have happened at the provider after it was asked for (clock skew allowed for).
AUTH_TIME_LEEWAY_SECONDS = 60
PROTOCOL_ERRORS = (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError, RuntimeError)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    candidate = candidate or ""
    safe = candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if safe else resolve_url("programmes:home")


def refused(request: HttpRequest, reason: str, status: int = 403) -> HttpResponse:
    logger.warning("Single sign-on refused: %s", reason)
    return render(request, "sso/refused.html", {"reason": reason}, status=status)


def _send_to_provider(request: HttpRequest, provider, *, purpose: str, next_url: str, **params) -> HttpResponse:
    """Redirect to the provider's authorization endpoint; Authlib keeps the state and nonce in the session."""
    client = providers.client_for(provider)
    redirect_uri = request.build_absolute_uri(reverse("sso:callback", kwargs={"slug": provider.slug}))
    try:
        providers.metadata(provider)
        authorization = client.create_authorization_url(redirect_uri, **params)
    except PROTOCOL_ERRORS:
        logger.exception("Could not reach identity provider %s", provider.slug)
        return refused(request, f"{provider.display_name} could not be reached. Try again in a few minutes.", 503)
    client.save_authorize_data(request, redirect_uri=redirect_uri, **authorization)
    pending = request.session.get(PENDING, {})
    pending[authorization["state"]] = {
        "provider": provider.slug,
        "purpose": purpose,
        "next": next_url,
        "started_at": int(time.time()),
    }
    request.session[PENDING] = pending
    return HttpResponseRedirect(authorization["url"])


class SignInView(auth_views.LoginView):
    """The sign-in page: the password form, and a "Sign in with ..." button for each identity provider that is on."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["identity_providers"] = providers.enabled_providers()
        context["next_query"] = urlencode({"next": context.get("next") or ""})
        return context


class StartView(View):
    """A "Sign in with ..." link: off to the provider, and back to `next` (a local address) afterwards. A link, not a
    form: the content security policy's form-action 'self' stops a form's redirect to another site."""

    http_method_names = ["get"]

    def get(self, request, slug: str):
        provider = providers.provider_named(slug)
        if provider is None:
            raise Http404("Not found")
        return _send_to_provider(
            request, provider, purpose=SIGN_IN, next_url=_safe_next(request, request.GET.get("next"))
        )


class CallbackView(View):
    """The provider's answer (the redirect URI): the state must be one this session started, the ID token signed
    by the provider, for us, with this session's nonce; then the verified email decides who is signed in."""

    http_method_names = ["get"]

    def get(self, request, slug: str):
        provider = providers.provider_named(slug)
        if provider is None:
            raise Http404("Not found")
        pending = request.session.get(PENDING, {})
        started = pending.pop(request.GET.get("state", ""), None)
        if started is not None:
            request.session[PENDING] = pending  # used once: a replay of this state finds nothing
        if started is None or started["provider"] != slug:
            return refused(
                request,
                "This sign-in link has been used already or has expired. Start again from the sign-in page.",
                400,
            )
        if request.GET.get("error"):
            return refused(request, f"{provider.display_name} did not sign you in. Start again from the sign-in page.")
        try:
            token = providers.client_for(provider).authorize_access_token(request)
            claims = token["userinfo"]
        except PROTOCOL_ERRORS as error:
            logger.warning("Identity provider %s answer refused: %r", slug, error)
            return refused(
                request,
                f"The answer from {provider.display_name} could not be accepted. Start again from the sign-in page.",
                400,
            )
        if started["purpose"] == REAUTHENTICATE:
            return self.reauthenticated(request, provider, started, token, claims)
        try:
            user = services.user_for_claims(provider=provider, claims=claims)
        except services.SignInRefused as refusal:
            return refused(request, str(refusal))
        # Django's login() gives the session a new key and starts its clocks (programmes.security.record_sign_in).
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[PROVIDER] = provider.slug
        request.session[ID_TOKEN] = token.get("id_token", "")
        request.session[SUBJECT] = claims["sub"]
        request.session[security.REAUTHENTICATE_AT] = reverse("sso:reauthenticate")
        return redirect(started["next"])

    def reauthenticated(self, request, provider, started, token, claims) -> HttpResponse:
        """Back from "sign in again" (prompt=login, max_age=0): the same person, signed in at the provider just now."""
        auth_time = claims.get("auth_time")
        same_person = (
            request.user.is_authenticated
            and request.session.get(PROVIDER) == provider.slug
            and request.session.get(SUBJECT) == claims.get("sub")
        )
        if not same_person:
            return refused(request, "You signed in again as someone else. Sign out, then sign in as yourself.")
        if not isinstance(auth_time, int) or auth_time < started["started_at"] - AUTH_TIME_LEEWAY_SECONDS:
            return refused(request, f"{provider.display_name} did not ask for your sign-in again. Try once more.")
        security.record_password_confirmed(request)
        request.session[ID_TOKEN] = token.get("id_token", "")
        return redirect(started["next"])


class ReauthenticateView(LoginRequiredMixin, View):
    """Before occupational health and DBS records, a session signed in through a provider signs in there again
    (prompt=login, max_age=0) instead of giving a password; other sessions confirm their password."""

    http_method_names = ["get"]

    def get(self, request):
        next_url = _safe_next(request, request.GET.get("next"))
        slug = request.session.get(PROVIDER)
        if not slug:
            return redirect(f"{reverse('programmes:confirm-password')}?{urlencode({'next': next_url})}")
        provider = providers.provider_named(slug)
        if provider is None:
            return refused(request, "Your trust's sign-in service is switched off. Sign out, then sign in again.")
        return _send_to_provider(
            request, provider, purpose=REAUTHENTICATE, next_url=next_url, prompt="login", max_age=0
        )


class SignOutView(auth_views.LogoutView):
    """Sign out here, then, for a session signed in through a provider whose metadata names an end_session_endpoint,
    there too (OpenID Connect RP-Initiated Logout, coming back to the sign-in page)."""

    def post(self, request, *args, **kwargs):
        slug, id_token = request.session.get(PROVIDER), request.session.get(ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        provider = providers.provider_named(slug) if slug else None
        if provider is None:
            return response
        try:
            end_session = providers.metadata(provider).get("end_session_endpoint")
        except PROTOCOL_ERRORS:
            logger.warning("Identity provider %s unreachable at sign-out", slug)
            return response
        if not end_session:
            return response
        params = {
            "client_id": provider.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
        if id_token:
            params["id_token_hint"] = id_token
        # The sign-out form posts here, and form-action 'self' (the content security policy) stops a redirect to
        # another site after a form: a page that goes on there at once (the Refresh header), with a link as well.
        end_session_url = add_params_to_uri(end_session, params)
        response = render(request, "sso/signing_out.html", {"provider": provider, "end_session_url": end_session_url})
        response["Refresh"] = f"0; url={end_session_url}"
        return response
