"""The permission matrix's vocabulary: the roles, the expected answers and a row of the matrix.
Each phase's rows live beside its tests (tests/recruitment/matrix_*.py); tests/test_permissions.py
walks them all and fails when a URL pattern has no row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ROLES = [
    "anonymous",
    "hr_officer",
    "peer_lead",
    "line_manager",
    "supervisor",
    "panel_member",
    "peer_worker",
    "other_trust_staff",
    "administrator",
]
STAFF_OF_TRUST = ["hr_officer", "peer_lead", "line_manager", "supervisor", "panel_member"]
SIGNED_IN = [r for r in ROLES if r != "anonymous"]

LOGIN = "login"  # a redirect to the sign-in page
HOME = "home"  # a redirect to the home page
ADMIN_LOGIN = "admin-login"


@dataclass
class Row:
    name: str
    expected: dict[str, object]
    kwargs: Callable[[object], dict] = lambda w: {}
    label: str = ""
    method: str = "get"
    # The fixture whose world the row's objects come from: "preparation" (the shared world and phase 1),
    # "recruitment", "workforce" or "development" (built only for the rows that need them, as they take a while).
    fixture: str = ""

    @property
    def world_fixture(self) -> str:
        if self.fixture:
            return self.fixture
        for prefix in ("recruitment", "workforce", "development"):
            if self.name.startswith(f"{prefix}:"):
                return prefix
        return "preparation"

    @property
    def id(self) -> str:
        label = f"[{self.label}]" if self.label else ""
        method = "" if self.method == "get" else f" {self.method}"
        return f"{self.name}{label}{method}"


def answers(ok=(), default=404, anonymous=LOGIN, **special) -> dict[str, object]:
    """Expected answers: 200 for the roles in `ok`, `default` for the other signed-in roles."""
    result = {role: (200 if role in ok else default) for role in SIGNED_IN}
    result["anonymous"] = anonymous
    result.update(special)
    return result


ADMIN = ("administrator",)
KEEPERS = ("hr_officer", "peer_lead", "administrator")  # keep the trust's records
POST_MANAGERS = ("hr_officer", "peer_lead", "line_manager", "administrator")
STAFF_LISTS = (*STAFF_OF_TRUST, "other_trust_staff", "administrator")
