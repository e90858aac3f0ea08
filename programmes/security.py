"""Sessions and sign-in for every phase (OWASP ASVS 5.0 level 2, V7): the idle and absolute session limits,
a fresh password before occupational health and DBS records are shown, ending a deactivated user's sessions,
`Cache-Control: no-store` for signed-in pages, and the client address django-axes keys its lock-out on.

Times are POSIX seconds (`time.time()`, which time-machine moves in tests):
- `SIGNED_IN_AT` in the session: when it was signed in; the absolute lifetime counts from it;
- `CONFIRMED_AT` in the session: the last time the password was given (sign-in or "Confirm your password");
- the last request's time is in a cookie (`LAST_SEEN_COOKIE`) that the server signs with its secret key and binds
  to the session key, set afresh on every response to a signed-in user. A page view thus writes nothing to the
  database (the query budgets of tests/perf/ hold), yet the idle limit is the server's: the browser can only
  send back a time the server signed for this session, or nothing, and then sign-in time is the last activity.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "security_signed_in_at"
CONFIRMED_AT = "security_password_confirmed_at"
# In the session of a user signed in through a trust's identity provider (sso): the address that signs them in there
# again, which "Confirm your password to continue" sends them to instead of asking for a password.
REAUTHENTICATE_AT = "security_reauthenticate_at"
LAST_SEEN_COOKIE = "last_seen"
LAST_SEEN_SALT = "programmes.security.last_seen"


def record_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """`user_logged_in` receiver: the session's clocks start now (the test client's force_login sends it too)."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[CONFIRMED_AT] = now


def record_password_confirmed(request: HttpRequest) -> None:
    """The user has just given their password again: sensitive pages open for `REAUTH_MINUTES`."""
    request.session[CONFIRMED_AT] = int(time.time())


def password_recently_confirmed(request: HttpRequest) -> bool:
    """Whether the password was given within the last `REAUTH_MINUTES` in this session."""
    confirmed = request.session.get(CONFIRMED_AT)
    return confirmed is not None and time.time() - confirmed <= settings.REAUTH_MINUTES * 60


def confirm_password_url(next_url: str) -> str:
    return f"{reverse('programmes:confirm-password')}?{urlencode({'next': next_url})}"


def ask_for_password_again(request: HttpRequest) -> HttpResponse | None:
    """A redirect to "Confirm your password to continue" (and back) when the password was given too long ago,
    for a view about to show occupational health or DBS records; None when it may go on."""
    if password_recently_confirmed(request):
        return None
    return redirect(confirm_password_url(request.get_full_path()))


class RecentPasswordRequiredMixin:
    """For a view that shows occupational health or DBS records: a session whose password was last given more
    than `REAUTH_MINUTES` ago is sent to "Confirm your password to continue" first, and comes back here.
    The check is in the handlers, so the view's own checks in `dispatch` answer first: anonymous users go to sign
    in, a role without access gets its 404, and so does a forbidden record where the view fetches it in `dispatch`
    (a view that fetches it later redirects first, alike for every id, so nothing leaks)."""

    def _handle(self, method: str, request, *args, **kwargs):
        handler = getattr(super(), method, None)
        if handler is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return ask_for_password_again(request) or handler(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self._handle("get", request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._handle("post", request, *args, **kwargs)


def _session_tag(session_key: str | None) -> str:
    """What the last-seen cookie is bound to: a digest of the session key (the key itself stays in one cookie)."""
    return hashlib.sha256(f"{LAST_SEEN_SALT}:{session_key}".encode()).hexdigest()[:32]


def _seen_recently(request: HttpRequest, idle_seconds: float) -> bool:
    """Whether the signed last-seen cookie of this very session is younger than the idle limit."""
    value = request.get_signed_cookie(LAST_SEEN_COOKIE, default=None, salt=LAST_SEEN_SALT, max_age=idle_seconds)
    return value is not None and value == _session_tag(request.session.session_key)


def _expiry_message(request: HttpRequest) -> str | None:
    """Why this signed-in session has ended, or None while it is live."""
    signed_in_at = request.session.get(SIGNED_IN_AT)
    if signed_in_at is None:
        # Signed in before these limits existed, or by a path that skipped `login()`: start afresh.
        return "Your session has ended. Sign in again to carry on."
    since_sign_in = time.time() - signed_in_at
    if since_sign_in > settings.SESSION_ABSOLUTE_HOURS * 3600:
        hours = settings.SESSION_ABSOLUTE_HOURS
        return f"You have been signed in for {hours:g} hours, the longest a session lasts. Sign in again to carry on."
    idle_seconds = settings.SESSION_IDLE_MINUTES * 60
    # Signing in is activity too: a session without the cookie yet (or whose browser dropped it) counts from it.
    if since_sign_in > idle_seconds and not _seen_recently(request, idle_seconds):
        minutes = settings.SESSION_IDLE_MINUTES
        return f"You were signed out after {minutes:g} minutes without activity. Sign in again to carry on."
    return None


class SessionTimeoutMiddleware:
    """Ends a signed-in session after `SESSION_IDLE_MINUTES` without a request or `SESSION_ABSOLUTE_HOURS` after
    sign-in, whichever comes first: the session is flushed and the user sent to sign in with a message, coming
    back to the page afterwards. It reads only the session the request loads anyway and a signed cookie, and
    writes nothing to the database: no extra query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session:
            message = _expiry_message(request)
            if message is not None:
                next_url = request.get_full_path()
                logout(request)  # flushes the session (a new key, nothing kept) and sends user_logged_out
                messages.info(request, message)
                response = redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")
                self._forget_last_seen(response)
                return response
        response = self.get_response(request)
        # After the view: a sign-in or a new password may have given the session a new key.
        if SESSION_KEY in request.session:
            response.set_signed_cookie(
                LAST_SEEN_COOKIE,
                _session_tag(request.session.session_key),
                salt=LAST_SEEN_SALT,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite=settings.SESSION_COOKIE_SAMESITE,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
            )
        elif LAST_SEEN_COOKIE in request.COOKIES:
            self._forget_last_seen(response)
        return response

    @staticmethod
    def _forget_last_seen(response: HttpResponse) -> None:
        response.delete_cookie(
            LAST_SEEN_COOKIE,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user (pages, PDFs, CSVs): they show people's
    records, which must not stay in a browser's or a proxy's cache. Static files are served by whitenoise
    before this runs, so they keep their long cache lifetimes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The session, not request.user: it is loaded already and costs no query (a sign-in's response included).
        if SESSION_KEY in request.session:
            add_never_cache_headers(response)
        return response


def end_sessions_of(user) -> int:
    """Delete every live session signed in as `user`; returns how many. Sessions are in the database
    (django.contrib.sessions' default engine), which is the only record of them: the scan reads the live
    sessions once, and runs only when an account is deactivated."""
    ended = []
    live = Session.objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def end_sessions_of_deactivated_user(sender, instance, created: bool = False, update_fields=None, **kwargs) -> None:
    """`post_save` receiver for the user model: a deactivated account (in the admin or anywhere else) is signed
    out everywhere at once, so reactivating it later does not revive an old session."""
    if created or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    end_sessions_of(instance)


def client_ip_address(request: Any) -> str | None:
    """The client's address for django-axes (AXES_CLIENT_IP_CALLABLE), behind `TRUSTED_PROXY_COUNT` reverse
    proxies. Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    proxies the client is the N-th entry from the right; anything left of it was sent by the client and may be
    forged. With no proxies X-Forwarded-For is ignored and REMOTE_ADDR is the client."""
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies configured: a request that did not pass through them all. Key on the
        # address that reached us rather than on anything the client could have written.
        return remote_addr
    return forwarded[-proxies]
