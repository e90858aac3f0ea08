"""People pickers shared by every phase's forms: a member of staff is offered by name, role and team (never by
username), so the person choosing a panel member, line manager or supervisor knows who they are choosing."""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch, QuerySet

from .models import StaffRole


def with_roles(users: QuerySet) -> QuerySet:
    """The users with their staff roles, teams and trusts: two queries however many people are offered."""
    roles = StaffRole.objects.select_related("team", "trust").order_by("role", "team__name", "pk")
    return users.prefetch_related(Prefetch("staff_roles", queryset=roles))


def person_name(user) -> str:
    """A person's name for a page: their full name, else their email address; never their username."""
    return user.get_full_name() or user.email or "Name not recorded"


def staff_label(user) -> str:
    """ "Sam Patel (Line manager, Riverside CMHT; Supervisor, Northshire NHS Trust)": name, then each role where
    it is held. Reads the roles prefetched by `with_roles`."""
    held = [
        f"{role.get_role_display()}, {role.team.name if role.team_id else role.trust.name}"
        for role in user.staff_roles.all()
    ]
    return f"{person_name(user)} ({'; '.join(held)})" if held else person_name(user)


class StaffChoiceField(forms.ModelChoiceField):
    """A picker of one member of staff, labelled by `staff_label`; whatever queryset it is given is read with the
    roles it needs for the labels."""

    def _set_queryset(self, queryset):
        super()._set_queryset(with_roles(queryset) if queryset is not None else None)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj) -> str:
        return staff_label(obj)
