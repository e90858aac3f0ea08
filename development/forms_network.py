"""Crispy form and list filter of the peer network (phase 4; issue 18, item 6). They check shape; the rules (the
attendees and the facilitator of the meeting's trust) live in development.services_network, and the choices
offered come from programmes.access."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from programmes import access
from programmes.fields import BoundedDateFilter, BoundedFilterSet
from programmes.pickers import StaffChoiceField

from .forms_growth import DATE, SHORT_TEXT, PeerChoiceField, ServiceCheckedForm
from .models import PeerNetworkMeeting


class NetworkMeetingForm(ServiceCheckedForm):
    class Meta:
        model = PeerNetworkMeeting
        fields = ["trust", "held_on", "place", "facilitated_by", "attendees", "themes", "notes"]
        field_classes = {"attendees": PeerChoiceField, "facilitated_by": StaffChoiceField}
        widgets = {
            "held_on": DATE,
            "themes": SHORT_TEXT,
            "notes": SHORT_TEXT,
            "attendees": forms.CheckboxSelectMultiple,
        }
        labels = {
            "trust": "Trust whose network met",
            "held_on": "Date of the meeting",
            "place": "Place",
            "attendees": "Peer workers who came",
            "facilitated_by": "Facilitated by",
        }
        help_texts = {"notes": "Anything else to remember, e.g. what the network will take up next time."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["facilitated_by"].queryset = access.network_facilitators(user).order_by(
            "first_name", "last_name", "pk"
        )
        self.fields["facilitated_by"].empty_label = "Nobody named"
        # The peer workers of the trusts whose network the user keeps: holding a post or placed in one (and, on an
        # edit, whoever is recorded as having come).
        workers = Q(posts__isnull=False) | Q(placements__isnull=False)
        if self.instance.pk:
            del self.fields["trust"]  # a meeting stays with its trust's network
            workers |= Q(peer_network_attendances__meeting=self.instance)
            peers = access.peers_for_network(user).filter(trust_id=self.instance.trust_id)
        else:
            self.fields["trust"].queryset = access.network_keeping_trusts(user).order_by("name", "pk")
            peers = access.peers_for_network(user)
        self.fields["attendees"].queryset = (
            peers.filter(pk__in=peers.filter(workers).values("pk")).select_related("trust").order_by("full_name", "pk")
        )


class NetworkMeetingFilter(BoundedFilterSet):
    held_after = BoundedDateFilter(field_name="held_on", lookup_expr="gte", label="Held on or after", widget=DATE)
    held_before = BoundedDateFilter(field_name="held_on", lookup_expr="lte", label="Held on or before", widget=DATE)

    class Meta:
        model = PeerNetworkMeeting
        fields = ["held_after", "held_before"]
