"""Filters for the list pages (django-filter). Choices offered come from `programmes.access`."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from . import access
from .fields import BoundedFilterSet
from .models import Peer, Post, Team, Trust


def _visible_trusts(request):
    return access.visible_trusts(request.user)


def _visible_teams(request):
    return access.visible_teams(request.user).select_related("trust")


class TrustFilter(BoundedFilterSet):
    q = django_filters.CharFilter(label="Name or ODS code", method="search")

    class Meta:
        model = Trust
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(ods_code__icontains=value))


class TeamFilter(BoundedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    trust = django_filters.ModelChoiceFilter(queryset=_visible_trusts)
    service_type = django_filters.ChoiceFilter(choices=Team.ServiceType.choices)
    recovery_training_done = django_filters.BooleanFilter(label="Recovery-focused training done")

    class Meta:
        model = Team
        fields = ["q", "trust", "service_type", "recovery_training_done"]


class PostFilter(BoundedFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")
    team = django_filters.ModelChoiceFilter(queryset=_visible_teams)
    band = django_filters.ChoiceFilter(choices=[(b, f"Band {b}") for b in range(2, 10)])
    career_level = django_filters.ChoiceFilter(choices=Post.CareerLevel.choices)
    status = django_filters.ChoiceFilter(
        choices=[("vacant", "Vacant"), ("filled", "Filled")], method="by_status", label="Vacant or filled"
    )

    class Meta:
        model = Post
        fields = ["q", "team", "band", "career_level", "status"]

    def by_status(self, queryset, name, value):
        return queryset.filter(holder__isnull=(value == "vacant"))


class PeerFilter(BoundedFilterSet):
    q = django_filters.CharFilter(label="Name", method="search")
    trust = django_filters.ModelChoiceFilter(queryset=_visible_trusts)
    in_post = django_filters.BooleanFilter(field_name="in_post", label="In post")

    class Meta:
        model = Peer
        fields = ["q", "trust", "in_post"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(preferred_name__icontains=value))
