"""The form of a sickness absence episode (phase 3; issue 18 item 4). It checks shape; the rules (dates in order,
days lost not negative nor more than the days of the absence, the peer's own placement and conversation) live in
`workforce.services_absence`, which says what is wrong beside the field."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from programmes.forms import CrispyModelForm

from .models import AbsenceEpisode, Placement, ReturnToWorkConversation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AbsenceEpisodeForm(CrispyModelForm):
    """Record or change an episode of `peer` (the placement and conversation offered are the peer's own)."""

    class Meta:
        model = AbsenceEpisode
        fields = ["start_date", "end_date", "days_lost", "reason_category", "placement", "return_to_work"]
        widgets = {"start_date": DATE, "end_date": DATE}
        error_messages = {
            "start_date": {"required": "Enter the first day of the absence."},
            "days_lost": {
                "min_value": "Days lost cannot be negative.",
                "invalid": "Enter the days lost as a number, e.g. 3 or 2.5.",
            },
        }

    def __init__(self, *args, peer, **kwargs):
        super().__init__(*args, **kwargs)
        self.peer = peer
        placements = Placement.objects.filter(peer=peer).select_related("post__team").order_by("-start_date", "pk")
        self.fields["placement"].queryset = placements
        self.fields["placement"].label_from_instance = lambda p: (
            f"{p.post.title}, {p.post.team.name}, from {p.start_date.day} {p.start_date:%B %Y}"
        )
        self.fields["placement"].help_text = "Leave empty for the placement current on the first day."
        conversations = ReturnToWorkConversation.objects.filter(peer=peer).order_by("-held_on", "-pk")
        self.fields["return_to_work"].queryset = conversations
        self.fields["return_to_work"].label_from_instance = lambda c: (
            f"Held on {c.held_on.day} {c.held_on:%B %Y} (absence {c.absence_from:%d/%m/%Y} to {c.absence_to:%d/%m/%Y})"
        )
        self.fields["return_to_work"].help_text = "The conversation held after this absence, once it is recorded."
        self.fields["days_lost"].min_value = Decimal("0")

    def _post_clean(self):
        # The service checks the episode as a whole (and says so beside the field).
        pass
