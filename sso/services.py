"""Single sign-on: who a provider's ID token signs in (a verified email matched to an account, or a new account with
no role where the trust allows it), and who may no longer sign in with a password."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.db import transaction

from programmes.models import StaffRole

from .models import IdentityProvider
from .providers import enabled_providers


class SignInRefused(Exception):
    """The provider signed someone in whom this application does not accept; the message says why, to them."""


def _verified(claims: Mapping, provider: IdentityProvider) -> bool:
    value = claims.get("email_verified")
    if value is None:
        # Microsoft Entra ID sends no email_verified: only a trust that says so accepts its addresses.
        return provider.trust_provider_emails
    return value is True or str(value).lower() == "true"


def email_of(claims: Mapping, provider: IdentityProvider) -> str:
    """The verified email address in the claims, in an allowed domain, or SignInRefused saying what is wrong."""
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email:
        raise SignInRefused(
            f"{provider.display_name} did not tell us your email address, so we cannot find your account."
        )
    if not _verified(claims, provider):
        raise SignInRefused(
            f"{provider.display_name} has not verified your email address {email}. Verify it there, "
            "or sign in with your password."
        )
    domain = email.rsplit("@", 1)[1]
    if domain not in provider.email_domains:
        raise SignInRefused(
            f"Email addresses ending {domain} cannot sign in with {provider.display_name}. "
            "Use your work email account, or sign in with your password."
        )
    return email


@transaction.atomic
def user_for_claims(*, provider: IdentityProvider, claims: Mapping):
    """The account the ID token's verified email belongs to; a new one with no role when the provider creates
    accounts for unknown people; roles from the claims only when the provider maps them explicitly."""
    User = get_user_model()
    email = email_of(claims, provider)
    matches = list(User.objects.filter(email__iexact=email)[:2])
    if len(matches) > 1:
        raise SignInRefused(
            f"More than one account has the email address {email}. Ask your trust's HR team to correct it."
        )
    if matches:
        user = matches[0]
        if not user.is_active:
            raise SignInRefused("Your account is closed. Ask your trust's HR team if you need it again.")
    elif provider.create_unknown_users:
        if User.objects.filter(username__iexact=email).exists():
            raise SignInRefused(f"The user name {email} is taken. Ask your trust's HR team to correct it.")
        user = User(
            username=email,
            email=email,
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    else:
        raise SignInRefused(
            f"There is no account for {email}. Ask your trust's HR team or the peer support lead to add you."
        )
    _give_mapped_roles(user=user, provider=provider, claims=claims)
    return user


def _give_mapped_roles(*, user, provider: IdentityProvider, claims: Mapping) -> None:
    """Trust-wide roles named by the provider's explicit claim mapping (never without one). Roles are only given
    here, never taken away: removing one is for HR or the peer support lead."""
    if not provider.role_claim or not provider.role_mapping:
        return
    values = claims.get(provider.role_claim) or []
    if isinstance(values, str):
        values = [values]
    wanted = {provider.role_mapping[v] for v in values if isinstance(v, str) and v in provider.role_mapping}
    held = set(
        StaffRole.objects.filter(user=user, trust=provider.trust, team__isnull=True).values_list("role", flat=True)
    )
    for role in sorted(wanted - held):
        staff_role = StaffRole(user=user, trust=provider.trust, role=role)
        staff_role.full_clean()
        staff_role.save()


def providers_requiring_sign_in(user) -> list[IdentityProvider]:
    """The providers a user must sign in with instead of a password: those of a trust where the user holds a staff
    role and which turned local passwords off for staff. Applicants and peer workers hold no staff role."""
    providers = [p for p in enabled_providers() if not p.local_passwords_for_staff]
    if not providers:
        return []
    trusts = set(StaffRole.objects.filter(user=user).values_list("trust_id", flat=True))
    return [p for p in providers if p.trust_id in trusts]
