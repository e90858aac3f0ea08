"""Filters of the privacy lists (django-filter): the subject access requests, by name and status."""

from __future__ import annotations

import django_filters

from .models import SubjectAccessRequest


class SubjectAccessRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="peer__full_name", lookup_expr="icontains", label="Name")
    state = django_filters.ChoiceFilter(
        label="Open or closed",
        choices=[("open", "Open"), ("closed", "Fulfilled or refused")],
        method="by_state",
    )
    status = django_filters.ChoiceFilter(choices=SubjectAccessRequest.Status.choices)

    class Meta:
        model = SubjectAccessRequest
        fields = ["q", "state", "status"]

    def by_state(self, queryset, name, value):
        open_states = SubjectAccessRequest.Status.open_states()
        return queryset.filter(status__in=open_states) if value == "open" else queryset.exclude(status__in=open_states)
