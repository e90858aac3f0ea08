"""The Django admin is for administrators: its gate asks `programmes.access`. Its date fields are bounded like
every other form's (programmes.fields)."""

from django.contrib.admin import AdminSite

from . import access
from .fields import ADMIN_OVERRIDES


def restrict_admin_to_administrators(site: AdminSite) -> None:
    site.site_header = "Peer Support Programme Manager administration"
    site.site_title = "Peer Support administration"
    site.index_title = "Records and reference data"
    site.has_permission = lambda request: access.can_use_admin(request.user)
    bound_admin_dates(site)


def bound_admin_dates(site: AdminSite) -> None:
    """Every registered admin and its inlines take dates between 1900 and 2100 (a far date overflowed the date
    arithmetic behind the pages). A ModelAdmin is made when registered, with its overrides merged then; an inline is
    made per request from its class, whose overrides it merges."""
    for model_admin in site._registry.values():
        for db_field, options in ADMIN_OVERRIDES.items():
            model_admin.formfield_overrides.setdefault(db_field, {}).update(options)
        for inline in model_admin.inlines:
            inline.formfield_overrides = {**inline.formfield_overrides, **ADMIN_OVERRIDES}
