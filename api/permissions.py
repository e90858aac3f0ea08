"""Who may use an endpoint: signed in (by token or session), a member of staff (`access.can_use_api`: a peer's own
account has no API), and holding a role the matching page of the application is open to (`allowed` on the view, a
function of programmes.access). Anyone else gets 404, as on the pages: what they may not see does not announce
itself."""

from __future__ import annotations

from rest_framework import exceptions, permissions

from programmes import access


class AllowedLikeItsPage(permissions.BasePermission):
    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated()
        allowed = getattr(type(view), "allowed", None)
        if not access.can_use_api(request.user) or (allowed is not None and not allowed(request.user)):
            raise exceptions.NotFound()
        return True
