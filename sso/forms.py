"""Single sign-on: the password sign-in form, which sends the staff of a trust that turned local passwords off to
their identity provider's button."""

from __future__ import annotations

from django import forms

from programmes.forms import SignInForm as PasswordSignInForm

from .services import providers_requiring_sign_in


class SignInForm(PasswordSignInForm):
    """The sign-in form (programmes.forms.SignInForm), refusing a right password from a member of staff whose trust
    signs its staff in with its identity provider only."""

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        providers = providers_requiring_sign_in(user)
        if providers:
            buttons = " or ".join(f'"Sign in with {p.display_name}"' for p in providers)
            raise forms.ValidationError(
                f"Your trust's staff sign in with their work account: use {buttons} below.",
                code="use_single_sign_on",
            )
