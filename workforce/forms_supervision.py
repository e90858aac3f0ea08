"""Crispy forms and list filters of supervision, Wellness Action Plans and return-to-work conversations.
They check shape; the rules (who may attend, who supervises, dates) live in `services_supervision`, and
the choices offered come from `programmes.access`."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.utils.html import conditional_escape

from programmes import access
from programmes.fields import BoundedFilterSet
from programmes.forms import CrispyModelForm, _required_message
from programmes.pickers import StaffChoiceField

from .models import (
    ReturnToWorkConversation,
    SupervisionKind,
    SupervisionSession,
    WapReview,
    WellnessActionPlan,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


class PeerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


# A supervisor is offered by name, role and team (programmes.pickers), never by username.
SupervisorChoiceField = StaffChoiceField


class SupervisionSessionForm(CrispyModelForm):
    """A session: its kind, format and date, who supervised and who attended, and what was talked about.
    Each attendee's wellbeing check and notes are written next, by the supervisor."""

    attendees = PeerChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="One peer for an individual session; two or more for a group session.",
    )
    supervisor = SupervisorChoiceField(queryset=None, error_messages={"required": "Choose who supervised."})

    class Meta:
        model = SupervisionSession
        fields = [
            "kind",
            "format",
            "status",
            "date",
            "start_time",
            "duration_minutes",
            "location",
            "supervisor",
            "attendees",
            "themes",
            "actions",
        ]
        labels = {"duration_minutes": "Length (minutes)", "start_time": "Start time", "status": "Held or planned"}
        error_messages = {"status": {"required": "Choose whether the session was held or is planned."}}
        help_texts = {
            "kind": "Managerial supervision is individual, with the line manager (monthly; weekly at first). "
            "Peer supervision comes from a senior peer, individually or in a group (weekly).",
            "status": "A held session is on or before today; a planned one on or after today.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "format": forms.RadioSelect,
            "status": forms.RadioSelect,
            "date": DATE,
            "start_time": TIME,
            "themes": TEXT,
            "actions": TEXT,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["attendees"].queryset = access.supervisees(user).order_by("full_name", "pk")
        self.fields["supervisor"].queryset = access.supervisor_choices(user).order_by("last_name", "first_name", "pk")
        if self.instance.pk:
            self.initial["attendees"] = list(self.instance.attendees.values_list("pk", flat=True))
        for name in ("attendees", "supervisor"):
            self.fields[name].error_messages["required"] = _required_message(self.fields[name])
        self.fields["attendees"].error_messages["required"] = "Choose who attended."
        self.fields["kind"].choices = SupervisionKind.choices
        self.fields["format"].choices = SupervisionSession.Format.choices
        self.fields["status"].choices = [
            (SupervisionSession.Status.HELD, "Held"),
            (SupervisionSession.Status.PLANNED, "Planned"),
        ]
        if self.instance.pk and self.instance.status == SupervisionSession.Status.CANCELLED:
            self.fields["status"].choices = SupervisionSession.Status.choices


class AttendanceNotesForm(forms.Form):
    """One attendee's wellbeing check and notes: seen by the supervisor and that peer alone."""

    wellbeing_check = forms.CharField(
        label="Wellbeing check",
        required=False,
        widget=TEXT,
        help_text="How the peer is. Seen by you and the peer alone.",
    )
    notes = forms.CharField(required=False, widget=TEXT, help_text="Seen by you and the peer alone.")

    def __init__(self, *args, attendance, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendance = attendance
        name = attendance.peer.full_name
        self.fields["wellbeing_check"].label = f"Wellbeing check: {name}"
        self.fields["notes"].label = f"Notes: {name}"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        # No Fieldset here: crispy compiles a legend as a template, and the peer's name is user data. The
        # template writes each attendee's <fieldset> and <legend>, escaping the name (issue 21).
        self.helper.layout = Layout("wellbeing_check", "notes")


def attendance_note_forms(attendances, data=None) -> list[AttendanceNotesForm]:
    """One form per attendee (a group session has a notes box per peer), prefixed by the peer's id."""
    return [
        AttendanceNotesForm(
            data,
            attendance=a,
            prefix=f"peer-{a.peer_id}",
            initial={"wellbeing_check": a.wellbeing_check, "notes": a.notes},
        )
        for a in attendances
    ]


class SessionFilter(BoundedFilterSet):
    kind = django_filters.ChoiceFilter(choices=SupervisionKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=SupervisionSession.Status.choices, empty_label="Any status")

    class Meta:
        model = SupervisionSession
        fields = ["kind", "status"]


class ScheduleFilterForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="Every team I see")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = access.visible_teams(user).select_related("trust").order_by("name", "pk")


# --- Wellness Action Plan ----------------------------------------------------------------------------


class WellnessActionPlanForm(CrispyModelForm):
    """The fields of seed 001's "What should your WAP cover?", in its words."""

    class Meta:
        model = WellnessActionPlan
        fields = list(WellnessActionPlan.CONTENT_FIELDS)
        help_texts = {
            "reasonable_adjustments": "Any adjustments you may wish to discuss with your manager.",
        }
        widgets = {name: TEXT for name in fields if name != "review_on"} | {"review_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            HTML(
                '<p class="form-text">Your WAP is not legally binding, but is intended as an agreement between '
                "you and your manager in order to promote your wellbeing including any adjustments you may wish "
                "to discuss.</p>"
            ),
            *self.Meta.fields,
        )


class WapSharingForm(forms.Form):
    line_manager = forms.BooleanField(label="My line manager", required=False)
    supervisor = forms.BooleanField(label="My supervisor", required=False)
    hr = forms.BooleanField(label="HR", required=False)

    def __init__(self, *args, user=None, names: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for key, name in (names or {}).items():
            if name:
                # Help text is printed unescaped (Django's and crispy's templates mark it safe); names are user data.
                self.fields[key].help_text = conditional_escape(name)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class WapReviewForm(CrispyModelForm):
    class Meta:
        model = WapReview
        fields = ["reviewed_on", "what_is_working", "changes_agreed", "next_review_on"]
        labels = {"reviewed_on": "Review date", "what_is_working": "What is working"}
        help_texts = {
            "changes_agreed": "Changes to the plan or the support measures agreed at the review.",
            "next_review_on": "This becomes the plan's agreed review date.",
        }
        widgets = {
            "reviewed_on": DATE,
            "next_review_on": DATE,
            "what_is_working": TEXT,
            "changes_agreed": TEXT,
        }


# --- Return to work ----------------------------------------------------------------------------------


class ReturnToWorkForm(CrispyModelForm):
    class Meta:
        model = ReturnToWorkConversation
        fields = ["absence_from", "absence_to", "held_on", "support_agreed", "wap_reviewed", "notes"]
        help_texts = {
            "support_agreed": "What will help the return: a phased return, adjusted hours, debriefs, other "
            "adjustments.",
            "wap_reviewed": "Derbyshire toolkit: the Wellness Action Plan gives the conversation its structure.",
        }
        error_messages = {
            "absence_from": {"required": "Enter the date the absence began."},
            "absence_to": {"required": "Enter the date the absence ended."},
            "held_on": {"required": "Enter the date the conversation was held."},
        }
        widgets = {
            "absence_from": DATE,
            "absence_to": DATE,
            "held_on": DATE,
            "support_agreed": TEXT,
            "notes": TEXT,
        }
