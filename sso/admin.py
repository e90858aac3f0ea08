"""Admin for single sign-on: each trust's identity provider, with history; the client secret is never shown back."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IdentityProvider


class IdentityProviderForm(forms.ModelForm):
    """The client secret is write-only: the field is always empty, and left empty keeps the saved secret."""

    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Never shown again once saved; leave empty to keep the saved one.",
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "trust",
            "slug",
            "display_name",
            "issuer",
            "client_id",
            "client_secret",
            "allowed_email_domains",
            "enabled",
            "create_unknown_users",
            "local_passwords_for_staff",
            "trust_provider_emails",
            "role_claim",
            "role_mapping",
        ]

    def clean_client_secret(self) -> str:
        secret = self.cleaned_data.get("client_secret", "")
        if secret:
            return secret
        if self.instance.pk and self.instance.client_secret:
            return self.instance.client_secret
        raise forms.ValidationError("Enter the client secret the identity provider gave for this application.")


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SimpleHistoryAdmin):
    form = IdentityProviderForm
    list_display = ["display_name", "trust", "issuer", "enabled", "create_unknown_users", "local_passwords_for_staff"]
    list_filter = ["enabled", "trust"]
    search_fields = ["display_name", "slug", "issuer", "client_id"]
    readonly_fields = ["redirect_uri"]

    @admin.display(description="Redirect URI to register with the provider")
    def redirect_uri(self, obj) -> str:
        return f"https://<this site>/sso/{obj.slug}/callback/" if obj and obj.slug else "-"
