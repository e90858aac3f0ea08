"""Forms of the privacy pages: setting and releasing a legal hold, recording a subject access request and changing
its status. They check shape; the rules are in services."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from programmes.fields import BoundedDateField

from .models import SubjectAccessRequest


class _Form(forms.Form):
    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.instance = user, instance
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class LegalHoldForm(_Form):
    reason = forms.CharField(
        label="Why must these records be kept?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example an employment tribunal claim, a complaint or an investigation, with its reference.",
        error_messages={"required": "Say why the records must be kept, e.g. the claim or complaint."},
    )


class ReleaseLegalHoldForm(_Form):
    release_reason = forms.CharField(
        label="Why is the hold no longer needed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Once released, the records are kept or removed under the usual retention rules.",
        error_messages={"required": "Say why the hold is no longer needed."},
    )


class SubjectAccessRequestForm(_Form):
    requested_by = forms.CharField(
        label="Who asked?",
        max_length=200,
        help_text="The person themself, or who made the request for them (e.g. their solicitor), by name.",
        error_messages={"required": "Say who made the request: the person themself, or who for them."},
    )
    received_on = BoundedDateField(
        label="Day received",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The statutory month runs from this day.",
        error_messages={"required": "Give the day the request was received.", "invalid": "Enter a real date."},
    )


class SubjectAccessRequestStatusForm(_Form):
    status = forms.ChoiceField(
        label="New status",
        choices=SubjectAccessRequest.Status.choices,
        error_messages={"required": "Choose the request's new status."},
    )
    reason = forms.CharField(
        label="Reason (if extended or refused)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Extended: why the request is complex or one of many. Refused: why it is manifestly unfounded "
        "or excessive.",
    )
    fulfilled_on = BoundedDateField(
        label="Day fulfilled (if fulfilled)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            onward = set(SubjectAccessRequest.TRANSITIONS[self.instance.status])
            self.fields["status"].choices = [
                (v, label) for v, label in SubjectAccessRequest.Status.choices if v in onward
            ]
