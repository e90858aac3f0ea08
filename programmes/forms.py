"""Crispy forms for the shared model. They validate shape; the domain's rules live in services and
models, and the choices a user is offered come from `programmes.access`.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import access
from .models import Peer, Post, Team, Trust


class CrispyModelForm(forms.ModelForm):
    """A model form rendered by crispy-forms inside the page's own <form> tag."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for field in self.fields.values():
            field.error_messages["required"] = _required_message(field)


def _required_message(field: forms.Field) -> str:
    """'Enter the title' / 'Choose the team': say what to do, not 'This field is required'."""
    label = str(field.label or "")
    if label[1:2].islower():
        label = label[0].lower() + label[1:]
    verb = "Choose" if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) else "Enter"
    return f"{verb} the {label}."


class TrustForm(CrispyModelForm):
    class Meta:
        model = Trust
        fields = ["name", "ods_code"]


class TeamForm(CrispyModelForm):
    class Meta:
        model = Team
        fields = ["trust", "name", "service_type", "recovery_training_done"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["trust"]  # a team stays in its trust
        else:
            self.fields["trust"].queryset = access.trusts_for_new_teams(user)


class PostForm(CrispyModelForm):
    class Meta:
        model = Post
        fields = [
            "team",
            "title",
            "band",
            "hours",
            "contract_type",
            "fixed_term_end",
            "funding",
            "converted_from",
            "career_level",
            "holder",
        ]
        widgets = {"fixed_term_end": forms.DateInput(attrs={"type": "date"})}
        labels = {"holder": "Post holder"}
        help_texts = {"holder": "Leave empty while the post is vacant."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = access.teams_for_posts(user).select_related("trust")
        self.fields["holder"].queryset = access.visible_peers(user).select_related("trust")
        self.fields["band"].widget.attrs.update({"min": 2, "max": 9})
        self.fields["hours"].widget.attrs.update({"min": "0.01", "max": "37.5", "step": "0.01"})


class PeerForm(CrispyModelForm):
    """The peer's record as HR and the peer lead keep it."""

    class Meta:
        model = Peer
        fields = ["trust", "full_name", "preferred_name", "pronouns", "email", "phone", "lived_experience_summary"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["trust"]
        else:
            self.fields["trust"].queryset = access.trusts_for_new_peers(user)
        # Lived experience is recorded by the person or with the peer lead, never on creation by HR.
        if not (self.instance.pk and access.can_read_lived_experience(user, self.instance)):
            del self.fields["lived_experience_summary"]


class OwnDetailsForm(CrispyModelForm):
    """What a peer keeps about themselves from their own account."""

    class Meta:
        model = Peer
        fields = ["preferred_name", "pronouns", "email", "phone", "lived_experience_summary"]


class SignInForm(AuthenticationForm):
    """Django's sign-in form without autofocus, so the skip link and navigation come first for keyboard users."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
