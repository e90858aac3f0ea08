"""The form of a new personal API token: its name and expiry date. The rules (a name, an expiry after today and
within a year) are checked by `api.services.create_token`, which says what is wrong beside the field."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from programmes.fields import BoundedDateField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, so you can recognise it later, e.g. “Power BI board report”.",
        error_messages={"required": "Enter a name for the token."},
    )
    expires_on = BoundedDateField(
        label="Expires on",
        widget=DATE,
        help_text="The last day the token works: at most a year from today. Choose the shortest time you need.",
        error_messages={"required": "Enter the date the token expires.", "invalid": "Enter a real date."},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.is_bound:
            self.initial.setdefault("expires_on", timezone.localdate() + datetime.timedelta(days=90))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
