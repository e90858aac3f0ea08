"""Single sign-on: a trust's OpenID Connect identity provider (e.g. Microsoft Entra ID for NHSmail accounts)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from programmes.models import StaffRole, Trust


def _domains(text: str) -> list[str]:
    return [d.strip().lower().lstrip("@") for d in text.replace(",", "\n").splitlines() if d.strip()]


class IdentityProvider(models.Model):
    """The OpenID Connect identity provider a trust signs its staff in with. People are matched by their verified
    email address; roles come from this application unless a claim mapping is set here explicitly."""

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="identity_providers")
    slug = models.SlugField(
        "short name",
        max_length=50,
        unique=True,
        help_text="Letters, digits and hyphens; part of the redirect URI registered with the provider: "
        "https://<this site>/sso/<short name>/callback/",
    )
    display_name = models.CharField(
        "name on the sign-in button", max_length=100, help_text='For example "NHSmail" ("Sign in with NHSmail").'
    )
    issuer = models.URLField(
        "issuer URL",
        max_length=300,
        help_text="Its settings are read from <issuer>/.well-known/openid-configuration, e.g. "
        "https://login.microsoftonline.com/<tenant id>/v2.0 for Microsoft Entra ID.",
    )
    client_id = models.CharField("client ID", max_length=300)
    client_secret = models.CharField(
        "client secret", max_length=500, help_text="Never shown again once saved; leave empty to keep the saved one."
    )
    allowed_email_domains = models.TextField(
        help_text="One a line, e.g. nhs.net. Anyone whose email address is in another domain is refused."
    )
    enabled = models.BooleanField(default=True, help_text="Shown on the sign-in page and accepted.")
    create_unknown_users = models.BooleanField(
        "create accounts for unknown people",
        default=False,
        help_text="A person with an allowed, verified email address and no account gets one, with no role: "
        "an HR officer or the peer support lead then gives them roles.",
    )
    local_passwords_for_staff = models.BooleanField(
        "staff may also sign in with a password",
        default=True,
        help_text="When off, the trust's staff must sign in with this provider; applicants and peer workers "
        "without a staff role keep their password.",
    )
    trust_provider_emails = models.BooleanField(
        "trust the provider's email addresses",
        default=False,
        help_text="Accept an email address the provider does not mark as verified (Microsoft Entra ID sends no "
        "email_verified claim). Turn on only when the provider alone controls the allowed domains.",
    )
    role_claim = models.CharField(
        "claim holding roles",
        max_length=100,
        blank=True,
        help_text="Empty (the default): roles are given in this application only.",
    )
    role_mapping = models.JSONField(
        "claim values to roles",
        default=dict,
        blank=True,
        help_text='Used only with a claim above, e.g. {"PeerSupportLead": "peer_lead", "HR": "hr"}: '
        "each value found gives that trust-wide role at sign-in.",
    )
    history = HistoricalRecords(excluded_fields=["client_secret"])

    class Meta:
        ordering = ["trust__name", "display_name"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.trust})"

    @property
    def email_domains(self) -> list[str]:
        return _domains(self.allowed_email_domains)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"

    def clean(self) -> None:
        errors = {}
        if not self.email_domains:
            errors["allowed_email_domains"] = "Enter at least one email domain, e.g. nhs.net."
        if not isinstance(self.role_mapping, dict):
            errors["role_mapping"] = 'Enter pairs of claim value and role, e.g. {"HR": "hr"}.'
        else:
            unknown = sorted(str(r) for r in self.role_mapping.values() if r not in StaffRole.Role.values)
            if unknown:
                roles = ", ".join(StaffRole.Role.values)
                errors["role_mapping"] = f"Unknown role {', '.join(unknown)}: use one of {roles}."
            elif self.role_mapping and not self.role_claim:
                errors["role_claim"] = "Name the claim that holds the roles, or empty the mapping."
        if errors:
            raise ValidationError(errors)
