"""Crispy forms of placements, induction and reviews (phase 3). They check shape; the rules (a vacant post in
the peer's trust, an appointed application, the own-care-team arrangement...) live in workforce.services,
and the choices offered come from programmes.access."""

from __future__ import annotations

from functools import reduce

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms

from programmes import access
from programmes.fields import BoundedDateField, BoundedFilterSet
from programmes.forms import CrispyModelForm, _required_message
from programmes.pickers import StaffChoiceField
from recruitment.selectors import ready_to_start

from .models import EmploymentReview, InductionItem, InductionSection, LeavingReason, Placement, ReviewObjective
from .services import MAX_OBJECTIVES_PER_SAVE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


def _staff_for(user, trust_ids):
    querysets = [access.placement_staff(user, trust_id) for trust_id in trust_ids]
    if not querysets:
        return access.placement_staff(user, -1)
    return reduce(lambda a, b: a | b, querysets).distinct().order_by("first_name", "last_name", "username")


class CrispyForm(forms.Form):
    """A plain form rendered by crispy-forms inside the page's own <form> tag, with messages that say what to do."""

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance = instance
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for field in self.fields.values():
            field.error_messages["required"] = _required_message(field)


# --- Placements ------------------------------------------------------------------------------------

CARE_ARRANGEMENT_HELP = (
    "ImROC guide, Box 10: where the peer will be treated if they become unwell. Seen by HR and the peer support "
    "lead alone."
)
STAFF_FIELDS = ("line_manager", "peer_supervisor", "mentor")


class PlacementForm(CrispyModelForm):
    """Place a peer in a post. `despite_warnings` must be ticked when the page shows warnings."""

    care_arrangement = forms.CharField(
        label="Care arrangement", required=False, widget=SHORT_TEXT, help_text=CARE_ARRANGEMENT_HELP
    )
    despite_warnings = forms.BooleanField(
        label="Place the peer despite these warnings",
        required=False,
        help_text="Needed only when warnings about the team are shown.",
    )

    class Meta:
        model = Placement
        fields = [
            "peer",
            "post",
            "application",
            "start_date",
            "hours",
            "match_reasons",
            "line_manager",
            "peer_supervisor",
            "mentor",
            "own_care_team",
            "reasonable_adjustments",
            "contract_end_date",
        ]
        field_classes = dict.fromkeys(STAFF_FIELDS, StaffChoiceField)
        widgets = {
            "start_date": DATE,
            "contract_end_date": DATE,
            "match_reasons": SHORT_TEXT,
            "reasonable_adjustments": SHORT_TEXT,
        }
        labels = {"mentor": "Staff mentor", "peer_supervisor": "Peer supervisor (a senior peer)"}
        help_texts = {
            "application": "The appointment this placement follows, if any.",
            "reasonable_adjustments": "Leave empty to carry in the adjustments agreed at occupational health.",
        }

    def __init__(self, *args, user, warnings_for=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.warnings_for = warnings_for  # a function (post, peer) -> list of warnings
        self.warnings: list[str] = []
        self.fields["peer"].queryset = access.peers_for_placement(user).order_by("full_name")
        self.fields["post"].queryset = (
            access.posts_for_placement(user).select_related("team").order_by("team__name", "title")
        )
        self.fields["application"].queryset = ready_to_start(access.visible_applications(user))
        self.fields["application"].label_from_instance = lambda a: f"{a.applicant.full_name}: {a.vacancy}"
        trust_ids = list(access.trusts_for_new_teams(user).values_list("pk", flat=True))
        for name in STAFF_FIELDS:
            self.fields[name].queryset = _staff_for(user, trust_ids)
        self.helper.layout = Layout(
            Fieldset("Who and where", "peer", "post", "application", "start_date", "hours", "contract_end_date"),
            Fieldset("Why this team", "match_reasons"),
            Fieldset("Named people", "line_manager", "peer_supervisor", "mentor"),
            Fieldset("Their own care team", "own_care_team", "care_arrangement"),
            Fieldset("Reasonable adjustments", "reasonable_adjustments"),
            "despite_warnings",
        )

    def clean(self):
        cleaned = super().clean()
        post, peer = cleaned.get("post"), cleaned.get("peer")
        if post is not None and peer is not None and self.warnings_for is not None:
            self.warnings = self.warnings_for(post, peer)
            if self.warnings and not cleaned.get("despite_warnings"):
                self.add_error(
                    "despite_warnings",
                    "Read the warnings above, then tick this box to place the peer despite them.",
                )
        return cleaned

    def _post_clean(self):
        # The service checks the placement as a whole (and says so beside the field); the model's own
        # checks would repeat its messages.
        pass


class PlacementUpdateForm(CrispyModelForm):
    care_arrangement = forms.CharField(
        label="Care arrangement", required=False, widget=SHORT_TEXT, help_text=CARE_ARRANGEMENT_HELP
    )

    class Meta:
        model = Placement
        fields = [
            "start_date",
            "hours",
            "match_reasons",
            "line_manager",
            "peer_supervisor",
            "mentor",
            "own_care_team",
            "reasonable_adjustments",
            "contract_end_date",
        ]
        field_classes = dict.fromkeys(STAFF_FIELDS, StaffChoiceField)
        widgets = {
            "start_date": DATE,
            "contract_end_date": DATE,
            "match_reasons": SHORT_TEXT,
            "reasonable_adjustments": SHORT_TEXT,
        }
        labels = {"mentor": "Staff mentor", "peer_supervisor": "Peer supervisor (a senior peer)"}

    def __init__(self, *args, user, care_arrangement: str = "", **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in STAFF_FIELDS:
            self.fields[name].queryset = _staff_for(user, [self.instance.peer.trust_id])
        self.fields["care_arrangement"].initial = care_arrangement
        self.helper.layout = Layout(
            Fieldset("The placement", "start_date", "hours", "contract_end_date", "match_reasons"),
            Fieldset("Named people", "line_manager", "peer_supervisor", "mentor"),
            Fieldset("Their own care team", "own_care_team", "care_arrangement"),
            Fieldset("Reasonable adjustments", "reasonable_adjustments"),
        )

    def _post_clean(self):
        pass


class EndPlacementForm(CrispyForm):
    """The last day, why the peer left, where they went and whether an exit conversation was held (issue 18)."""

    end_date = BoundedDateField(label="Last day of the placement", widget=DATE)
    leaving_reason = forms.ChoiceField(
        label="Reason for leaving",
        choices=[("", "Choose a reason"), *LeavingReason.choices],
        error_messages={"required": "Choose why the placement ended."},
        help_text="Read by HR, the peer support lead, the line manager and the peer.",
    )
    leaving_destination = forms.CharField(
        label="Where they went",
        max_length=200,
        required=False,
        help_text="A few words, e.g. \u201cNurse training at the local university\u201d or \u201cPeer post in "
        "the crisis team\u201d.",
    )
    exit_conversation_held = forms.BooleanField(label="An exit conversation was held", required=False)
    exit_conversation_on = BoundedDateField(label="Date of the exit conversation", widget=DATE, required=False)

    def clean(self):
        cleaned = super().clean()
        held, on = cleaned.get("exit_conversation_held"), cleaned.get("exit_conversation_on")
        if held and on is None and "exit_conversation_on" not in self.errors:
            self.add_error("exit_conversation_on", "Enter the date the exit conversation was held.")
        if on is not None and not held:
            self.add_error("exit_conversation_on", "Tick \u201can exit conversation was held\u201d to give its date.")
        return cleaned


class PlacementFilter(BoundedFilterSet):
    team = django_filters.ModelChoiceFilter(field_name="post__team", label="Team", queryset=None)
    current = django_filters.BooleanFilter(field_name="end_date", lookup_expr="isnull", label="Continuing")

    class Meta:
        model = Placement
        fields = ["team", "current"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["team"].queryset = access.visible_teams(request.user).select_related("trust").order_by("name")


# --- Induction -------------------------------------------------------------------------------------


class ItemDoneForm(CrispyForm):
    """The day an induction item was done: from the induction's start up to today (`allowed`, the first and last
    day; `allowed_message`, the same in words, shown beside the field)."""

    done_on = BoundedDateField(
        label="Done on", widget=DATE, error_messages={"required": "Enter the date the item was done."}
    )

    def __init__(self, *args, allowed=None, allowed_message: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed
        field = self.fields["done_on"]
        if allowed_message:
            field.help_text = allowed_message
        if allowed is not None:
            # The browser's date picker offers only the allowed days; the service checks them again.
            field.widget.attrs.update(min=allowed[0].isoformat(), max=allowed[1].isoformat())

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if self.allowed is not None and not self.allowed[0] <= done_on <= self.allowed[1]:
            raise forms.ValidationError(self.fields["done_on"].help_text)
        return done_on


class ItemScheduleForm(CrispyForm):
    scheduled_for = BoundedDateField(
        label="Booked for", required=False, widget=DATE, help_text="Leave empty to clear the date."
    )


class InductionItemForm(CrispyModelForm):
    class Meta:
        model = InductionItem
        fields = ["section", "week", "title", "description", "scheduled_for"]
        widgets = {"description": SHORT_TEXT, "scheduled_for": DATE}
        help_texts = {"week": "1 to 4; leave empty for an item due by the end of week 4."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].initial = InductionSection.CHECKLIST

    def _post_clean(self):
        pass


# --- Reviews ---------------------------------------------------------------------------------------


class RecordReviewForm(CrispyModelForm):
    """The review's notes and up to three new objectives for the development plan."""

    class Meta:
        model = EmploymentReview
        fields = ["held_on", "progress", "support_needed"]
        widgets = {"held_on": DATE, "progress": SHORT_TEXT, "support_needed": SHORT_TEXT}
        labels = {"held_on": "Held on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].required = True
        self.fields["held_on"].error_messages["required"] = "Enter the date the review was held."
        rows = []
        for i in range(1, MAX_OBJECTIVES_PER_SAVE + 1):
            self.fields[f"objective_{i}"] = forms.CharField(label=f"Objective {i}", required=False, max_length=300)
            self.fields[f"target_{i}"] = BoundedDateField(
                label=f"Target date of objective {i}", required=False, widget=DATE
            )
            rows += [f"objective_{i}", f"target_{i}"]
        self.helper.layout = Layout(
            "held_on",
            "progress",
            "support_needed",
            Fieldset(
                "New objectives for the development plan",
                HTML('<p class="form-text">Up to three at a time; earlier objectives stay on the review.</p>'),
                *rows,
            ),
        )

    def clean(self):
        cleaned = super().clean()
        for i in range(1, MAX_OBJECTIVES_PER_SAVE + 1):
            if cleaned.get(f"target_{i}") and not (cleaned.get(f"objective_{i}") or "").strip():
                self.add_error(f"objective_{i}", "Enter the objective, or clear its target date.")
        return cleaned

    def objectives(self) -> list[dict]:
        return [
            {"text": self.cleaned_data[f"objective_{i}"], "target_on": self.cleaned_data[f"target_{i}"]}
            for i in range(1, MAX_OBJECTIVES_PER_SAVE + 1)
            if (self.cleaned_data.get(f"objective_{i}") or "").strip()
        ]

    def _post_clean(self):
        pass


class ObjectiveStatusForm(CrispyForm):
    status = forms.ChoiceField(label="Status", choices=ReviewObjective.Status.choices)


class ReviewFilter(BoundedFilterSet):
    STATUS = (("due", "Due (not yet held)"), ("held", "Held"))

    status = django_filters.ChoiceFilter(label="Status", choices=STATUS, method="by_status", empty_label="Due and held")
    kind = django_filters.ChoiceFilter(label="Review", choices=EmploymentReview.Kind.choices)
    team = django_filters.ModelChoiceFilter(field_name="placement__post__team", label="Team", queryset=None)

    class Meta:
        model = EmploymentReview
        fields = ["status", "kind", "team"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["team"].queryset = access.visible_teams(request.user).select_related("trust").order_by("name")

    def by_status(self, queryset, name, value):
        return queryset.filter(held_on__isnull=(value == "due"))
