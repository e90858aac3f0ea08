"""The Django admin is for administrators: its gate asks `programmes.access`."""

from django.contrib.admin import AdminSite

from . import access


def restrict_admin_to_administrators(site: AdminSite) -> None:
    site.site_header = "Peer Support Programme Manager administration"
    site.site_title = "Peer Support administration"
    site.index_title = "Records and reference data"
    site.has_permission = lambda request: access.can_use_admin(request.user)
