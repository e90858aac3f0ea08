"""How the API knows who is asking: a personal API token in `Authorization: Bearer <token>` (scripts and reporting
tools), or the signed-in session with its CSRF check (the browsable reference page)."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from . import services

REFUSED = "The token is not valid: it is unknown, expired or revoked. Create a new one on the API tokens page."


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`: the token's owner, when the token is neither expired nor revoked. Each
    request made with it is logged (one row, `ApiTokenUse`)."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # no token: the session may still authenticate the request
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give the token after “Bearer ” with no spaces in it.")
        try:
            token = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(REFUSED) from None
        record = services.active_token(token)
        if record is None:
            raise exceptions.AuthenticationFailed(REFUSED)
        services.log_use(token=record, request=request)
        return record.user, record

    def authenticate_header(self, request):
        # Makes an unauthenticated request a 401 (with this challenge) rather than a 403.
        return self.keyword
