"""Forms of the privacy pages: setting and releasing a legal hold. They check shape; the rules are in services."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms


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
