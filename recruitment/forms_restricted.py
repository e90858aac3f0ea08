"""Crispy forms of recruitment's restricted records: occupational health, DBS checks and the panel
decision after a disclosure, and support for unsuccessful candidates. They check shape; the rules
live in the models' clean() and in recruitment.services."""

from __future__ import annotations

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms

from programmes.forms import CrispyModelForm

from .models import CandidateSupport, DbsCheck, OccupationalHealthReferral

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


class OccupationalHealthForm(CrispyModelForm):
    class Meta:
        model = OccupationalHealthReferral
        fields = [
            "referred_on",
            "outcome",
            "outcome_on",
            "adjusted_hours",
            "support_with_tasks",
            "debriefs",
            "other_adjustments",
        ]
        labels = {"referred_on": "Referral date"}
        widgets = {
            "referred_on": DATE,
            "outcome_on": DATE,
            "adjusted_hours": SHORT_TEXT,
            "support_with_tasks": SHORT_TEXT,
            "debriefs": SHORT_TEXT,
            "other_adjustments": SHORT_TEXT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            "referred_on",
            "outcome",
            "outcome_on",
            Fieldset(
                "Reasonable adjustments agreed",
                HTML(
                    '<p class="form-text">The adjustments agreed here are carried forward to the '
                    "person's employment.</p>"
                ),
                "adjusted_hours",
                "support_with_tasks",
                "debriefs",
                "other_adjustments",
            ),
        )


class DbsCheckForm(CrispyModelForm):
    class Meta:
        model = DbsCheck
        fields = [
            "level",
            "status",
            "support_with_form",
            "submitted_on",
            "returned_on",
            "seriousness",
            "how_long_ago",
            "relevance_to_role",
            "link_to_ill_health",
            "safeguards",
            "panel",
            "panel_includes_peer_worker",
            "decision",
            "decided_on",
            "rationale",
        ]
        widgets = {
            "submitted_on": DATE,
            "returned_on": DATE,
            "decided_on": DATE,
            "seriousness": SHORT_TEXT,
            "how_long_ago": SHORT_TEXT,
            "relevance_to_role": SHORT_TEXT,
            "link_to_ill_health": SHORT_TEXT,
            "safeguards": SHORT_TEXT,
            "panel": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("", "No decision yet"), *DbsCheck.Decision.choices]
        # seed 000, "DBS issues": a disclosure does not by itself bar someone from a peer post.
        self.helper.layout = Layout(
            "level",
            "status",
            "support_with_form",
            "submitted_on",
            "returned_on",
            Fieldset(
                "Panel decision, only when the check discloses a record",
                HTML(
                    '<p class="form-text">A disclosure does not by itself stop an appointment. The panel '
                    "weighs the seriousness of the offence, when it occurred, its relevance to the role and "
                    "any link to periods of mental ill-health, and agrees safeguards where they are needed. "
                    "Include a peer worker on the panel.</p>"
                ),
                "seriousness",
                "how_long_ago",
                "relevance_to_role",
                "link_to_ill_health",
                "safeguards",
                "panel",
                "panel_includes_peer_worker",
                "decision",
                "decided_on",
                "rationale",
            ),
        )


class CandidateSupportForm(CrispyModelForm):
    class Meta:
        model = CandidateSupport
        fields = [
            "feedback_offered",
            "feedback_given_on",
            "meeting_offered",
            "meeting_held_on",
            "alternative_route",
            "route_details",
            "follow_up_on",
            "outcome",
        ]
        widgets = {
            "feedback_given_on": DATE,
            "meeting_held_on": DATE,
            "follow_up_on": DATE,
            "alternative_route": forms.RadioSelect,
            "route_details": SHORT_TEXT,
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alternative_route"].choices = CandidateSupport.Route.choices
        self.fields["alternative_route"].required = False
