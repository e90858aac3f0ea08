"""The "Confirm your password to continue" form shown before occupational health and DBS records (phase 2 and 3
pages; the prompt itself belongs to the shared model's sign-in)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate


class ConfirmPasswordForm(forms.Form):
    """The signed-in user's password, checked through Django's authentication, so django-axes counts a wrong
    one towards the same lock-out as the sign-in page."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        confirmed = authenticate(self.request, username=user.get_username(), password=password)
        if confirmed is None or confirmed.pk != user.pk:
            raise forms.ValidationError("The password is not right. Enter the password you sign in with.")
        return password
