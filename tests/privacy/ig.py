"""Accounts the subject access tests add to a world (tests/conftest.py `world`): an information governance officer
of the world's trust and one of the other trust (trust-wide roles), and HR limited to the world's team."""

from __future__ import annotations

from programmes.models import StaffRole
from tests import factories

Role = StaffRole.Role


def staff(username: str, trust, role: str, team=None, **names):
    user = factories.UserFactory(username=username, **names)
    StaffRole.objects.create(user=user, trust=trust, team=team, role=role)
    return user


def add_ig_officers(w):
    """w.ig_officer (Nadia Iqbal, the world's trust), w.other_trust_ig_officer and w.team_hr (HR of w.team only)."""
    if not hasattr(w, "ig_officer"):
        w.ig_officer = staff("ig_officer", w.trust, Role.IG_OFFICER, first_name="Nadia", last_name="Iqbal")
        w.other_trust_ig_officer = staff("other_trust_ig_officer", w.other_trust, Role.IG_OFFICER)
    if not hasattr(w, "team_hr"):  # the sensitive world (tests/security/sensitive_world.py) has its own
        w.team_hr = staff("team_hr", w.trust, Role.HR, w.team)
    return w
